#!/bin/bash
# chain.sh SEED PHASE1_CHECKPOINT [SUFFIX] (notebooks-md/2026-12-07-lookups.md, section 9): the five runs from a
# phase-1 model (stages/warmup.json) to the recall-then-traces-2 model, for one seed. Each run is skipped when its
# summary.json exists and resumed (--resume) when it has a checkpoint, so a killed chain continues where it stopped.
#   1 recall-b64          "recall" drills alone, 100,000, batch 64 (1,563 steps)
#   2 recall-b64-2        the same again, fresh drills (replay seed 8)
#   3 kk-replay-recall    phase 2 (stages/warmup-replay.json) with 1,000 compare + 30,000 recall drills, batch 64 (616 steps)
#   4 recall-then-traces  2,400 fresh traces (generate seed 99), batch 16 (146 steps)
#   5 recall-then-traces-2  4,000 fresh traces (generate seed 100), batch 16 (245 steps)
# Seed 0 (SUFFIX "") is the section 4-5b-9 runs; seed 1 writes runs/warmup-*-s1.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SEED=$1; PREV=$2; SUF=${3:-}
source notebooks-md/data/2026-12-07-lookups/runs.sh  # run NAME CONFIG ARGS..., last NAME
ZERO='{"kk":0,"arith":0,"code":0,"choice":0,"math":0}'
KINDS=$(python3 -c "import json; print(json.dumps(['compare'] + ['recall'] * 30))")
step() {  # NAME CONFIG ARGS...: runs one stage from $PREV and sets PREV to its last checkpoint
  local name=$1$SUF config=$2; shift 2
  run $name $config --set model.path=$PREV "$@"
  PREV=$(last $name)
}
RECALL=(--set data.replayOnly=true --set "data.replay.counts=$ZERO" --set data.replay.drills=100000
        --set 'data.replay.drillKinds=["recall"]' --set train.batchSize=64 --set optim.schedule.peak=7e-4
        --set optim.schedule.warmupSteps=30 --set eval.enabled=false)
TRACES=(--set eval.enabled=false --set optim.schedule.peak=2e-4 --set optim.schedule.warmupSteps=10)
step recall-b64 stages/warmup-replay.json "${RECALL[@]}"
step recall-b64-2 stages/warmup-replay.json "${RECALL[@]}" --set data.replay.seed=8
step kk-replay-recall stages/warmup-replay.json --set data.replay.drills=31000 --set "data.replay.drillKinds=$KINDS" --set train.batchSize=64
step recall-then-traces stages/warmup.json --set data.generate.count=2400 --set data.generate.seed=99 "${TRACES[@]}"
step recall-then-traces-2 stages/warmup.json --set data.generate.count=4000 --set data.generate.seed=100 "${TRACES[@]}"
echo "chain: done: $PREV"
