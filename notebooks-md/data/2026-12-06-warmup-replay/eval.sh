#!/bin/bash
# usage (from the repository root): notebooks-md/data/2026-12-06-warmup-replay/eval.sh MODEL NAME
# Every target domain's committed test set (200 questions): greedy, and 4 samples at T 0.7; beside warmrl eval's
# baselines. Writes eval-NAME-DOMAIN-{greedy,t07}.json and samples-NAME-DOMAIN-{greedy,t07}.jsonl (line, sample, status).
set -e
cd "$(dirname "$0")/../../.."
M=$1; N=$2
OUT=notebooks-md/data/2026-12-06-warmup-replay
for D in arith code choice; do
  for MODE in greedy t07; do
    if [ $MODE = greedy ]; then ARGS="--temperature 0"; else ARGS="--temperature 0.7 --samples 4 --seed 0"; fi
    .build/release/warmrl eval --model $M --domain $D $ARGS --max-new-tokens 256 --stop '</answer>' \
      --out $OUT/eval-$N-$D-$MODE.json --samples-out /tmp/samples-$N-$D-$MODE.jsonl > /tmp/eval-$N-$D-$MODE.txt 2>&1
    python3 -c "
import json
with open('$OUT/samples-$N-$D-$MODE.jsonl','w') as f:
  for l in open('/tmp/samples-$N-$D-$MODE.jsonl'):
    r=json.loads(l)
    f.write(json.dumps({k: r.get(k) for k in ('question', 'sample', 'status', 'format_ok', 'tokens', 'finish')}, separators=(',', ':'))+'\n')
"
  done
done
