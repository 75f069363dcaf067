#!/usr/bin/env bash
# The main job on a fresh machine. Until the ablation exists it runs the furthest pipeline that works
# end to end on the embedded default:
#   1. release build;
#   2. greedy eval of the committed embedded base model (models/base) on every domain's committed test set;
#   3. warmup SFT of that base on the committed K&K teacher traces (stages/warmup.json);
#   4. the same eval of the warmed-up model; both tables printed, result JSON under runs/main/.
# Extra arguments go to `warmrl warmup` (e.g. --set train.epochs=1 for a quicker run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product warmrl
BIN=.build/release/warmrl
OUT=runs/main
mkdir -p "$OUT"
EVAL=(--domain kk --domain arith --domain code --domain choice --samples 1 --temperature 0 --max-new-tokens 768 --seed 0)

echo "== 1/3 eval: embedded base model" >&2
$BIN eval --model models/base "${EVAL[@]}" --out "$OUT/eval-base.json" | tee "$OUT/eval-base.txt"

echo "== 2/3 warmup: long-CoT SFT on K&K traces" >&2
rm -rf runs/warmup-main
$BIN warmup --config stages/warmup.json --set run.name=main "$@"
CKPT=$(ls -d runs/warmup-main/checkpoints/step-* | awk -F'step-' '{print $NF, $0}' | sort -n | tail -1 | cut -d' ' -f2)
echo "final checkpoint: $CKPT" >&2

echo "== 3/3 eval: warmed-up model ($CKPT)" >&2
$BIN eval --model "$CKPT" "${EVAL[@]}" --out "$OUT/eval-warmup.json" | tee "$OUT/eval-warmup.txt"

echo
echo "base:   $OUT/eval-base.json"
echo "warmup: $OUT/eval-warmup.json"
