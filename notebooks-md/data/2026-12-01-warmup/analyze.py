import json,os,sys
# The eval outputs: the copies committed beside this script, or EVAL_DIR (e.g. /work/runs/eval).
EVAL=os.environ.get('EVAL_DIR', os.path.dirname(os.path.abspath(__file__)))
# K&K answers: TAG-kk-answers-3to5.jsonl (committed here: every 3-5 people record, prompt and completion
# left out, written by notebooks-md/shrink.py) or, in a full eval folder, TAG-kk-samples.jsonl.
def kk_records(t):
    p=f'{EVAL}/{t}-kk-answers-3to5.jsonl'
    if not os.path.exists(p): p=f'{EVAL}/{t}-kk-samples.jsonl'
    return [json.loads(l) for l in open(p)]
import collections
for tag in sys.argv[1:]:
    S=kk_records(tag)
    by=collections.defaultdict(list)
    for s in S: by[int(s['difficulty'])].append(s)
    row=[]
    for p in (3,4,5):
        xs=by[p]; ok=[s for s in xs if s['format_ok']]; cor=[s for s in xs if s['status']=='correct']
        row.append(f"{p}p: acc {len(cor)}/{len(xs)} fmt-ok {len(ok)} acc|fmt-ok {len(cor)}/{len(ok)} (chance {100/2**p:.1f}%) len {sum(s['tokens'] for s in xs)/len(xs):.0f}")
    print(tag, ' | '.join(row))
    print('  statuses:', collections.Counter(s['status'] for s in S if 3<=int(s['difficulty'])<=5))
    for p in (3,4,5):
        xs=[s for s in S if int(s['difficulty'])==p]
        c=collections.Counter(s['status'] for s in xs)
        parse=c['correct']+c['wrong']
        print(f"  {p}p parseable {parse}/50, correct {c['correct']}, acc|parseable {c['correct']}/{parse}")
    exp=0; var=0; cor=0
    for s in S:
        p=int(s['difficulty'])
        if 3<=p<=5 and s['status'] in ('correct','wrong'):
            q=0.5**p; exp+=q; var+=q*(1-q)
        if 3<=p<=5 and s['status']=='correct': cor+=1
    print(f"  3-5: correct {cor}; expected from random roles on the parseable answers {exp:.1f} (sd {var**0.5:.2f})")
