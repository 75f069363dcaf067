"""Checks notebooks-md against the size limit of README.md: every file <= 100 KB, and each notebook's
data folders (those its text names, `data/DATE-topic/`) <= 400 KB in all. Prints the sizes; exit 1 if over.
Usage: python3 notebooks-md/check_sizes.py"""
import os, re, sys
ROOT = os.path.dirname(os.path.abspath(__file__))
FILE_MAX, NOTEBOOK_MAX = 100_000, 400_000
bad = []
for dp, _, fs in os.walk(ROOT):
    for f in fs:
        p = os.path.join(dp, f)
        if os.path.getsize(p) > FILE_MAX: bad.append(f'{os.path.relpath(p, ROOT)}: {os.path.getsize(p)} bytes')
def size(d):
    return sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(d) for f in fs)
folders = set(os.listdir(os.path.join(ROOT, 'data')))
for nb in sorted(f for f in os.listdir(ROOT) if re.match(r'\d{4}-\d\d-\d\d-.*\.md$', f)):
    text = open(os.path.join(ROOT, nb)).read()
    mine = sorted(d for d in folders if f'data/{d}/' in text or f'data/{d}`' in text)
    total = sum(size(os.path.join(ROOT, 'data', d)) for d in mine)
    print(f'{nb}: {total:,} bytes in {", ".join(mine) or "no data folder"}')
    if total > NOTEBOOK_MAX: bad.append(f'{nb}: data {total} bytes')
    folders -= set(mine)
if folders: bad.append(f'data folders no notebook names: {sorted(folders)}')
print('\n'.join(['OVER THE LIMIT:'] + bad) if bad else 'within the limits')
sys.exit(1 if bad else 0)
