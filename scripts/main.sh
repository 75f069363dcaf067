#!/usr/bin/env bash
# The main job on a fresh machine: the study on the embedded default, `warmrl ablate --preset quick`
# (stages/ablation.json): {base, warmed-up} x {no RLVR, RLVR on arith, RLVR on choice} x 2 seeds, plus the
# random-reward control (on arith) and the replayOnly control (the base trained on the warmup's replay items
# alone), each cell evaluated on K&K (3-4 people), arith, code and choice, written up as
# notebooks-md/<date>-ablation-quick.md with its plots and results.json. The warmed-up cells start from
# the committed checkpoint models/warmup-lookup (the warmup that reasons on K&K: stages/warmup.json, the
# five look-up runs of stages/ablation.json's warmup.between, then stages/warmup-replay.json; retraining
# all seven is the full preset's job, ~2 h per seed on 2 cores).
# Set-up (apt packages) and the release build are included. A rerun reuses finished cells (runs/ablate-quick/).
# Extra arguments go to `warmrl ablate` (e.g. --preset smoke, --set seeds=[0]).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product warmrl
exec .build/release/warmrl ablate --config stages/ablation.json --preset quick "$@"
