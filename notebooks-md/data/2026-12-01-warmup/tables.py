import json,os,sys
# The eval outputs: the copies committed beside this script, or EVAL_DIR (e.g. /work/runs/eval).
EVAL=os.environ.get('EVAL_DIR', os.path.dirname(os.path.abspath(__file__)))
# K&K answers: TAG-kk-answers-3to5.jsonl (committed here: every 3-5 people record, prompt and completion
# left out, written by notebooks-md/shrink.py) or, in a full eval folder, TAG-kk-samples.jsonl.
def kk_records(t):
    p=f'{EVAL}/{t}-kk-answers-3to5.jsonl'
    if not os.path.exists(p): p=f'{EVAL}/{t}-kk-samples.jsonl'
    return [json.loads(l) for l in open(p)]
tags=sys.argv[1:]
names={'base2':'base','w2':'warmup A (terse traces)','w3':'warmup B (terse + People line)'}
def load(t):
    out={}
    for f in ('kk','acc','math'):
        d=json.load(open(f'{EVAL}/{t}-{f}.json'))
        for dom in d['domains']:
            out[dom['domain']]=dom
    return out
D={t:load(t) for t in tags}
print('| domain (test set, n) | ' + ' | '.join(f'{names[t]} pass@1 / len / tags ok / trunc' for t in tags) + ' |')
print('|---|' + '---|'*len(tags))
desc={'kk':'kk (puzzles/kk-test.jsonl, 2-8 people, 350)','arith':'arith (first 100)','code':'code (first 100)','choice':'choice (first 100)','math':'math (MATH-500, first 100)'}
for dom in ['kk','arith','code','choice','math']:
    cells=[]
    for t in tags:
        o=D[t][dom]['overall']
        cells.append(f"{100*o['pass@1']:.1f}% / {o['length_tokens']['all']:.0f} / {100*o['tag_format_ok_rate']:.0f}% / {100*o['truncated_rate']:.0f}%")
    print(f'| {desc[dom]} | ' + ' | '.join(cells) + ' |')
print()
print('| K&K people | ' + ' | '.join(f'{names[t]}: pass@1 (k/50), answers naming exactly the puzzle\'s people' for t in tags) + ' |')
print('|---|' + '---|'*len(tags))
for p in (3,4,5):
    cells=[]
    for t in tags:
        S=kk_records(t)
        xs=[s for s in S if int(s['difficulty'])==p]
        c=sum(s['status']=='correct' for s in xs); parse=sum(s['status'] in ('correct','wrong') for s in xs)
        cells.append(f"{100*c/len(xs):.0f}% ({c}/50), {parse}/50")
    print(f'| {p} (chance with the right names {100/2**p:.1f}%) | ' + ' | '.join(cells) + ' |')
cells=[]
for t in tags:
    S=kk_records(t)
    xs=[s for s in S if 3<=int(s['difficulty'])<=5]
    c=sum(s['status']=='correct' for s in xs); parse=sum(s['status'] in ('correct','wrong') for s in xs)
    cells.append(f"**{100*c/len(xs):.1f}% ({c}/150)**, {parse}/150")
print('| 3-5 | ' + ' | '.join(cells) + ' |')
