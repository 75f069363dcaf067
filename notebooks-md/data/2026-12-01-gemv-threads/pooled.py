# Per-shape median and range of the bf16 1-row in-cache ratio over single runs (argv: JSON files).
import json, re, statistics, sys
by = {}
for f in sys.argv[1:]:
    for r in json.load(open(f))['rows']:
        if r['kernel'] == 'bf16_gemv' and ' 1x' in r['shape']:
            by.setdefault(r['shape'].split(' vs')[0], []).append(r['ratio'])
for s, v in by.items():
    print('| %s | %.2f | %.2f-%.2f | %d of %d |' % (s, statistics.median(v), min(v), max(v), sum(x >= 1.3 for x in v), len(v)))
