#!/bin/bash
# usage (from the repository root): notebooks-md/data/2026-12-06-base-choice-scan/kk-eval.sh MODEL NAME [kk-val-34 kk-test-34 logicrl-3ppl logicrl-4ppl]
# writes eval-NAME-SET.json (warmrl eval with its baselines), samples-NAME-SET.jsonl (line, status, parsed answer) and, on val only, first2-NAME-SET.jsonl
set -e
cd "$(dirname "$0")/../../.."
M=$1; N=$2; shift 2
OUT=${OUT:-notebooks-md/data/2026-12-06-base-choice-scan}  # another notebook's data folder: OUT=... kk-eval.sh
python3 notebooks-md/data/2026-12-06-base-choice-scan/kk-analyze.py --make-sets  # the sets are the same for every notebook
SETS=${@:-kk-val-34}
for S in $SETS; do
  case $S in
    kk-val-34) IN=/tmp/kk-val-34.jsonl ;;
    kk-test-34) IN=/tmp/kk-test-34.jsonl ;;
    logicrl-3ppl) IN=../shared/data/kk/logic-rl/3ppl/test.jsonl ;;
    logicrl-4ppl) IN=../shared/data/kk/logic-rl/4ppl/test.jsonl ;;
  esac
  .build/release/warmrl eval --model $M --domain kk --input $IN --baseline-train puzzles/kk-train.jsonl --max-new-tokens 1500 \
     --out $OUT/eval-$N-$S.json --samples-out /tmp/samples-$N-$S.jsonl > /tmp/eval-$N-$S.txt 2>&1
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); open(sys.argv[1],'w').write(json.dumps(d,separators=(',',':'))+'\\n')" $OUT/eval-$N-$S.json  # compact JSON: half the bytes, same values
  python3 -c "
import json
first2 = []
with open('$OUT/samples-$N-$S.jsonl','w') as f:
  for i,l in enumerate(open('/tmp/samples-$N-$S.jsonl')):
    r=json.loads(l); r.pop('prompt',None)
    if i < 2 and '$S' == 'kk-val-34': first2.append(json.dumps(r)+'\n')
    f.write(json.dumps({k: r.get(k) for k in ('line', 'status', 'parsed')}, separators=(',', ':'))+'\n')
if first2:  # written on val only (two completions to read whole)
  open('$OUT/first2-$N-$S.jsonl','w').writelines(first2)
"
  grep -E "^kk +(3|4|all) |mixed" /tmp/eval-$N-$S.txt | head -8
done
