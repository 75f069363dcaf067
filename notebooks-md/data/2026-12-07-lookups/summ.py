#!/usr/bin/env python3
"""summ.py NAME... (section 12): one row per model: kk-val-34 (3 / 4 people / all, format errors) and the domains' val
pass@1 and format errors, from this folder's eval-NAME-kk-val-34.json and eval-NAME-val-DOMAIN.json."""
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
def get(name):
    p = os.path.join(here, name)
    return json.load(open(p))['domains'][0] if os.path.exists(p) else None
print('| model | kk-val 3 ppl | kk-val 4 ppl | kk-val all (format err.) | arith val (format err.) | code val | choice val |')
print('|---|---|---|---|---|---|---|')
for n in sys.argv[1:]:
    row = [n]
    k = get(f'eval-{n}-kk-val-34.json')
    if k:
        by = {b['difficulty']: b['stats'] for b in k['by_difficulty']}
        row += [f"{by['3']['pass@1']:.0%}", f"{by['4']['pass@1']:.0%}",
                f"{k['overall']['pass@1']:.0%} ({k['overall']['format_error_rate']:.0%})"]
    else:
        row += ['-'] * 3
    for d in ('arith', 'code', 'choice'):
        e = get(f'eval-{n}-val-{d}.json')
        row.append(f"{e['overall']['pass@1']:.1%} ({e['overall']['format_error_rate']:.0%})" if e else '-')
    print('| ' + ' | '.join(row) + ' |')
