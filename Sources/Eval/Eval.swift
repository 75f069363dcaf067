// The Eval module (issue 10): evaluates a checkpoint on task domains. Every later claim of the
// project is a difference between two of these results.
//
// ## Pieces
// - `Estimators.swift`: the protocols. pass@1 = avg@k (mean over the k samples, DeepScaleR); unbiased
//   pass@k' (Codex estimator, product form `1 - prod_{i=n-c+1}^{n} (1 - k'/i)`) for k' = 1, 2, 4, ..., k
//   (and k itself when it is not a power of two); maj@k (majority over parsed answers; unparsed samples
//   do not vote; **ties go to the answer whose first occurrence is earliest**; no parsed answer = wrong);
//   mean ± std of the accuracies of the k sample sets (set j = the j-th sample of every question),
//   **population std (ddof 0)**, so greedy (k = 1) reports std 0.
// - `CompletionEngine.swift`: the protocol a generator implements (`complete(requests, sampling, progress)`),
//   `Completion {text, tokens, finish: eos|length|stop}`, `Sampling`, per-row seeds (`RowSeed`: a hash
//   of run seed, domain, question index and sample index, so a question's samples do not depend on
//   `--limit`, the batch size or the other domains).
// - `EvalInput.swift`: records from JSONL or a JSON array file, first `--limit`, each checked for the
//   domain's required fields (errors name file, line, field). `EvalSets.swift`: committed sets under `puzzles/`.
// - `Evaluator.swift`: prompts every question, sends whole questions (k rows each) to the engine in
//   calls of `batchRows` rows, verifies each sample with the domain's verifier, aggregates.
// - `ModelEngine.swift`: the engine over the project's Generator. Rows decode together in at most
//   `maxRows` KV-cache slots (`--batch-rows`); a finished row's slot takes the next waiting row
//   (continuous batching). The CLI sends 8 slots' worth of rows per call, so slots stay full and
//   progress still comes every few batches. Each row prefills its own prompt: the k samples of a
//   question prefill it k times (the `prompt_tokens` field shows that cost; sharing the prompt's KV
//   across the k rows would be a Generator feature).
// - `EvalSettings.swift`: the checks of every setting, with the messages the CLI prints.
// - `EvalResult*.swift`: the result format, its table, the model's config hash.
// - `Baselines*.swift`: what no skill scores, beside every accuracy: constant answers (K&K all
//   knights / all knaves / the train split's majority role vector per people count; arith, choice,
//   math the most frequent train answer per level), the model's own parsed answers deranged within
//   a difficulty (seeded, 8 rounds per sample set), random picks (choice 1/options, K&K 2^-n); each
//   is a constructed completion scored by the domain's verifier. K&K also on mixed-role puzzles.
//
// ## Result JSON
// ```
// { "model": {"dir", "config_hash"}, "command", "seed",
//   "sampling": {"samples", "temperature", "top_p", "max_new_tokens", "stop"},
//   "prompt_format",
//   "domains": [ { "domain", "input", "records", "generated_tokens",
//                  "overall": STATS, "by_difficulty": [ {"difficulty": "3", "stats": STATS}, ... ],
//                  "baselines": { "train": "puzzles/kk-train.jsonl" | null,
//                                 "scores": [ {"name", "kind": constant|shuffled|random, "detail", "accuracy",
//                                              "mixed_role", "by_difficulty": [ {"difficulty", "n", "accuracy", "mixed_role"} ]} ],
//                                 "strongest", "strongest_accuracy",
//                                 "mixed_role": {"n", "pass@1", "by_difficulty", "strongest", "strongest_accuracy"} } } ],
//   (mixed_role only for K&K: puzzles with at least one knight and one knave; absent elsewhere)
//   "timing": {"wall_seconds", "tokens_per_second"} }
// STATS = { "n", "samples", "pass@1", "pass@k": {"1": .., "2": .., "4": ..}, "maj@k", "mean", "std",
//           "length_tokens": {"all", "correct", "wrong"},   // null where no sample fell in the group
//           "format_error_rate",     // no <answer> / no \boxed{} / unparseable (verifier status)
//           "tag_format_ok_rate",    // R1 tag structure right (verifier formatOK)
//           "truncated_rate" }       // finish == length
// ```
// Same seed and inputs give the same bytes, `timing` aside (tested). The config hash is FNV-1a 64 over
// config.json and the names and sizes of the `*.safetensors` files (cheap; it does not read weights).
//
// ## `--samples-out`
// One JSON line per generation: `domain, source, line, question, id, difficulty, sample, seed, prompt,
// completion, tokens, finish, parsed, status, format_ok`.
//
