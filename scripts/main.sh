#!/usr/bin/env bash
# The main job on a fresh machine: the study on the embedded default, `warmrl ablate --preset quick`
# (stages/ablation.json): {base, warmed-up} x {no RLVR, RLVR on K&K, RLVR on choice} x 2 seeds plus the
# random-reward control, each cell evaluated on every domain, written up as
# notebooks-md/<date>-ablation-quick.md with its plots and results.json. The warmed-up cells start from
# the committed checkpoint models/warmup (retraining it is the full preset's job: ~40 min alone, 77 min with two runs sharing the cores).
# Set-up (apt packages) and the release build are included. A rerun reuses finished cells (runs/ablate-quick/).
# Extra arguments go to `warmrl ablate` (e.g. --preset smoke, --set seeds=[0]).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product warmrl
exec .build/release/warmrl ablate --config stages/ablation.json --preset quick "$@"
