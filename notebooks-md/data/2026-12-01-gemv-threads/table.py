# The notebook's result table from a `warmrl bench kernels --repeat N --json` file (argv[1]).
import json, re, sys
rows = json.load(open(sys.argv[1]))['rows']
get = {}
for r in rows:
    m = re.match(r'(\S+) (\S+) (\d)x(\d+)->(\d+)', r['shape'])
    if m and r['kernel'] in ('bf16_gemv', 'bf16_gemv_cold'):
        get[(r['kernel'], m.group(1), m.group(2), m.group(3))] = r
cell = lambda r: '%.2f [%.2f-%.2f]' % (r['ratio'], r['ratio_min'], r['ratio_max']) if r else ''
print('| shape | 1 row, in cache | 1 row, from memory | 8 rows, in cache | 8 rows, from memory |')
print('|---|---|---|---|---|')
for name in ('1M', '10M', '50M'):
    for label in ('mlp_up', 'mlp_down', 'lm_head'):
        k = lambda kern, M: get.get((kern, name, label, M))
        shape = next(r['shape'] for key, r in get.items() if key[1:3] == (name, label)).split(' vs')[0]
        shape = re.sub(r' \dx(\d+)->(\d+)', r' \1->\2', shape)
        print('| %s | %s | %s | %s | %s |' % (shape, cell(k('bf16_gemv', '1')), cell(k('bf16_gemv_cold', '1')),
                                             cell(k('bf16_gemv', '8')), cell(k('bf16_gemv_cold', '8'))))
for r in rows:
    if r['kernel'].startswith('noise'):
        print('\n%s (%s): %s' % (r['kernel'], r['shape'], cell(r)), end='')
print()
