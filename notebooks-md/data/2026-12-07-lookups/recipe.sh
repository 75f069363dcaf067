#!/bin/bash
# recipe.sh SEED [SUFFIX] [PHASE1_CHECKPOINT] (notebooks-md/2026-12-07-lookups.md, section 11): the whole candidate
# warmup for one seed, from models/base, every run resumable (a run with summary.json is skipped, one with a
# checkpoint resumes):
#   0 kk-v6             phase 1, stages/warmup.json (skipped when PHASE1_CHECKPOINT is given: seed 0 uses models/warmup-kk)
#   1-5                 chain.sh (recall drills, phase 2 with recall drills, ~390 steps of fresh traces)
#   6 kk-replay-rtt2    phase 2 as committed, stages/warmup-replay.json (589 steps)
#   7 dom-rtt2p2        the replay items alone, fresh (replay seed 9), no drills (282 steps; rejected on val in
#                       section 11, kept so the section's run can be repeated)
# Across sessions: runs/ is not committed. What a session finished is carried in models/wip-recipe$SUF/runs (the
# finished runs' summary.json and the last one's final checkpoint, notebook section 11); it is copied into runs/
# (never over a file there) before anything runs, so the recipe continues where that session stopped.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SEED=$1; SUF=${2:-}; P1=${3:-}
if [ -d models/wip-recipe$SUF/runs ]; then mkdir -p runs; cp -rn models/wip-recipe$SUF/runs/. runs/; fi
source notebooks-md/data/2026-12-07-lookups/runs.sh  # run NAME CONFIG ARGS..., last NAME
if [ -z "$P1" ]; then run kk-v6$SUF stages/warmup.json; P1=$(last kk-v6$SUF); fi
notebooks-md/data/2026-12-07-lookups/chain.sh $SEED $P1 $SUF
run kk-replay-rtt2$SUF stages/warmup-replay.json --set model.path=$(last recall-then-traces-2$SUF)
run dom-rtt2p2$SUF stages/warmup-replay.json --set model.path=$(last kk-replay-rtt2$SUF) --set data.replayOnly=true \
  --set data.replay.seed=9 --set data.replay.drills=0 --set eval.enabled=false
echo "recipe: done: $(last dom-rtt2p2$SUF)"
