import json,sys,math
def load(p):  # keyed by id, or by line in the compact samples files (line, status, parsed) that kk-eval.sh commits;
    # or by position in a status file (compact.py: {"questions": ["c", "w", "f", ...]}, one letter per greedy answer)
    if p.endswith('.json'):
        return dict(enumerate(q == 'c' for q in json.load(open(p))['questions']))
    rows = [json.loads(l) for l in open(p)]
    return {r['id'] if 'id' in r else r['line']: r['status'] == 'correct' for r in rows}
a=load(sys.argv[1]); b=load(sys.argv[2])
n01=sum(1 for k in a if not a[k] and b[k]); n10=sum(1 for k in a if a[k] and not b[k])
n=n01+n10
p=min(1,2*sum(math.comb(n,i) for i in range(0,min(n01,n10)+1))/2**n) if n else 1
print(f"A {sum(a.values())}/{len(a)}  B {sum(b.values())}/{len(b)}  A-only {n10} B-only {n01}  exact McNemar p={p:.2g}")
