#!/bin/bash
# usage (from the repository root): notebooks-md/data/2026-12-06-base-v6/eval.sh MODEL NAME SPLIT DOMAINS MODES
#   SPLIT: val or test (the committed puzzles/DOMAIN-SPLIT.jsonl, 200 questions each)
#   MODES: any of greedy (T 0), t07 (4 samples at T 0.7, seed 0), t1x8 (8 samples at T 1.0, seed 0: pass@8)
# Writes eval-NAME-SPLIT-DOMAIN-MODE.json (warmrl eval --out, with its baselines) and status-...json (../2026-12-06-base-choice-scan/compact.py:
# per question one letter per sample, c correct, w wrong, f format error).
set -e
cd "$(dirname "$0")/../../.."
M=$1; N=$2; S=$3; DOMS=$4; MODES=$5
OUT=notebooks-md/data/2026-12-06-base-v6
for D in $DOMS; do
  for MODE in $MODES; do
    case $MODE in
      greedy) ARGS="--temperature 0";;
      t07) ARGS="--temperature 0.7 --samples 4 --seed 0";;
      t1x8) ARGS="--temperature 1.0 --samples 8 --seed 0";;
    esac
    .build/release/warmrl eval --model $M --domain $D --input puzzles/$D-$S.jsonl $ARGS --max-new-tokens 256 --stop '</answer>' \
      --out $OUT/eval-$N-$S-$D-$MODE.json --samples-out /tmp/samples-$N-$S-$D-$MODE.jsonl > /tmp/eval-$N-$S-$D-$MODE.txt 2>&1
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); open(sys.argv[1],'w').write(json.dumps(d,separators=(',',':'))+'\\n')" $OUT/eval-$N-$S-$D-$MODE.json  # compact JSON: half the bytes, same values
    python3 notebooks-md/data/2026-12-06-base-choice-scan/compact.py /tmp/samples-$N-$S-$D-$MODE.jsonl $OUT/status-$N-$S-$D-$MODE.json
  done
done
