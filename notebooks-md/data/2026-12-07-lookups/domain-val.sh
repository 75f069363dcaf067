#!/bin/bash
# domain-val.sh MODEL NAME (notebooks-md/2026-12-07-lookups.md section 10): greedy arith, code and choice on the
# validation sets (200 each), as notebooks-md/2026-12-06-base-v6.md evaluates them; writes eval-NAME-val-DOMAIN.json here.
set -e
cd "$(dirname "$0")/../../.."
D=notebooks-md/data/2026-12-07-lookups
for d in arith code choice; do
  .build/release/warmrl eval --model "$1" --domain $d --input puzzles/$d-val.jsonl --temperature 0 --max-new-tokens 256 \
    --stop '</answer>' --out $D/eval-$2-val-$d.json --samples-out /tmp/samples-$2-val-$d.jsonl > /tmp/eval-$2-val-$d.txt 2>&1
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); open(sys.argv[1],'w').write(json.dumps(d,separators=(',',':'))+'\n')" $D/eval-$2-val-$d.json
  grep -E "^$d +all|^$d: model" /tmp/eval-$2-val-$d.txt
done
