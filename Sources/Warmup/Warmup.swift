// Warmup module: see README.md for what lives here.
