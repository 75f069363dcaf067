# The issue-16 audit's figures, from the committed eval outputs beside this script (EVAL_DIR to point at
# a full eval folder) and puzzles/kk-test.jsonl. Run from anywhere: python3 check_audit.py
#   - how many 3-5 people test puzzles the constant answer "the puzzle's names, all knights" solves;
#   - how many correct / readable answers of each run are all-knight;
#   - the 4-epoch model's tags-ok and truncation rates on arith, code, choice and MATH (w5-*.json).
import json, os, re
HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.environ.get('EVAL_DIR', HERE)
def kk_records(t):
    p = f'{EVAL}/{t}-kk-answers-3to5.jsonl'
    if not os.path.exists(p): p = f'{EVAL}/{t}-kk-samples.jsonl'
    return [json.loads(l) for l in open(p)]
T = {}
for l in open(os.path.join(HERE, '../../../puzzles/kk-test.jsonl')):
    t = json.loads(l); T[t['id']] = t
ids = [i for i, t in T.items() if 3 <= len(t['names']) <= 5]
print(f"3-5 people test puzzles: {len(ids)}; all-knight solutions (= the constant all-knight answer's score) "
      f"{sum(all(T[i]['solution']) for i in ids)}/{len(ids)}, all-knave {sum(not any(T[i]['solution']) for i in ids)}; "
      f"all-knight expected under uniform random roles {sum(0.5 ** len(T[i]['names']) for i in ids):.1f}")
def all_knight(s):
    roles = re.findall(r'is a (knight|knave)', s['parsed'] or '')
    return bool(roles) and all(r == 'knight' for r in roles)
for tag in ('base2', 'w2', 'w3', 'w4', 'w5'):
    S = [s for s in kk_records(tag) if 3 <= int(s['difficulty']) <= 5]
    cor = [s for s in S if s['status'] == 'correct']
    read = [s for s in S if s['status'] in ('correct', 'wrong')]
    print(f"{tag}: correct {len(cor)}/{len(S)}, of them all-knight {sum(map(all_knight, cor))}; "
          f"readable answers {len(read)}, of them all-knight {sum(map(all_knight, read))}")
for f in ('acc', 'math'):
    d = json.load(open(f'{EVAL}/w5-{f}.json'))
    for x in d['domains']:
        o = x['overall']
        print(f"w5 (4 epochs) {x['domain']}: pass@1 {100 * o['pass@1']:.0f}%, tags ok {100 * o['tag_format_ok_rate']:.0f}%, "
              f"truncated {100 * o['truncated_rate']:.0f}%")
