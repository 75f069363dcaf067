#!/bin/bash
# usage (from the repository root): notebooks-md/data/2026-12-06-base-choice-scan/eval-domains.sh MODEL NAME [greedy|t07|both]
# Every target domain's committed test set (200 questions): greedy, and 4 samples at T 0.7 (seed 0); beside warmrl
# eval's baselines. Writes eval-NAME-DOMAIN-{greedy,t07}.json and status-NAME-DOMAIN-{greedy,t07}.json (per
# question, one letter per sample: c correct, w wrong, f format error; compact.py).
set -e
cd "$(dirname "$0")/../../.."
M=$1; N=$2; MODES=${3:-both}
[ "$MODES" = both ] && MODES="greedy t07"
OUT=${OUT:-notebooks-md/data/2026-12-06-base-choice-scan}  # another notebook's data folder: OUT=... eval-domains.sh
for D in arith code choice; do
  for MODE in $MODES; do
    if [ $MODE = greedy ]; then ARGS="--temperature 0"; else ARGS="--temperature 0.7 --samples 4 --seed 0"; fi
    .build/release/warmrl eval --model $M --domain $D $ARGS --max-new-tokens 256 --stop '</answer>' \
      --out $OUT/eval-$N-$D-$MODE.json --samples-out /tmp/samples-$N-$D-$MODE.jsonl > /tmp/eval-$N-$D-$MODE.txt 2>&1
    python3 notebooks-md/data/2026-12-06-base-choice-scan/compact.py /tmp/samples-$N-$D-$MODE.jsonl $OUT/status-$N-$D-$MODE.json
  done
done
