#!/usr/bin/env bash
# The runs behind notebooks-md/2026-12-05-rlvr.md: RLVR (stages/rlvr.json, STEPS steps) from the embedded
# base and from its warmed-up checkpoint on each domain's first 100 train records, then greedy eval of
# every start and end point on the domain's committed test set. Skips cells already finished, so a
# stopped run continues. Run from the repository root after `swift build -c release --product warmrl`.
#   WARMUP=<warmed-up checkpoint> STEPS=60 RUNS=/work/runs notebooks-md/data/2026-12-05-rlvr/run.sh
set -euo pipefail
BIN=${BIN:-.build/release/warmrl}
RUNS=${RUNS:-runs}
STEPS=${STEPS:-60}
OUT=${OUT:-notebooks-md/data/2026-12-05-rlvr}
DOMAINS=${DOMAINS:-kk arith code choice}
declare -A INIT=([base]=models/base)
[ -n "${WARMUP:-}" ] && INIT[warmup]=$WARMUP
maxnew() { [ "$1" = kk ] && echo 512 || echo 256; }

evaluate() {  # model label domain
  local f="$OUT/eval-$2-$3.json"
  if [ ! -f "$f" ] || [ ! -f "$OUT/correct-$2-$3.txt" ]; then
    "$BIN" eval --model "$1" --domain "$3" --samples 1 --temperature 0 --max-new-tokens 768 --stop "</answer>" --seed 0 \
      --out "$f" --samples-out "$RUNS/nb-samples-$2-$3.jsonl" > "$OUT/eval-$2-$3.txt"
    # Per-question correctness (0/1 in question order), for the paired tests.
    python3 -c 'import json,sys; print("".join("1" if json.loads(l)["status"]=="correct" else "0" for l in open(sys.argv[1])))' \
      "$RUNS/nb-samples-$2-$3.jsonl" > "$OUT/correct-$2-$3.txt"
  fi
}

for d in $DOMAINS; do
  for start in "${!INIT[@]}"; do
    evaluate "${INIT[$start]}" "$start" "$d"
    name="nb-$start-$d"
    if [ ! -f "$RUNS/rlvr-$name/summary.json" ] || ! grep -q '"finished"' "$RUNS/rlvr-$name/summary.json"; then
      resume=(); [ -d "$RUNS/rlvr-$name/checkpoints" ] && resume=(--resume)
      "$BIN" rlvr --config stages/rlvr.json --init "${INIT[$start]}" --domain "$d" "${resume[@]}" \
        --set run.root="$RUNS" --set run.name="$name" --set train.steps="$STEPS" --set run.checkpointEvery=20 \
        --set rollout.maxNewTokens="$(maxnew "$d")"
    fi
    # The metrics the notebook reads (every step), and the first 4 logged rollouts (completions cut at 600 chars): the data folder stays < 400 KB.
    python3 - "$RUNS/rlvr-$name/metrics.jsonl" "$OUT/metrics-$start-$d.jsonl" <<'PY'
import json, sys
keep = ["step", "reward", "accuracy", "frac_reward_zero_std", "groups_trained", "completions/mean_length",
        "completions/clipped_ratio", "grad_norm", "skipped_update", "time/rollout", "time/training"]
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        out.write(json.dumps({k: (round(r[k], 4) if isinstance(r[k], float) else r[k]) for k in keep if k in r}) + "\n")
PY
    python3 -c 'import json,sys
for l in list(open(sys.argv[1]))[:4]:
    r = json.loads(l); r.pop("prompt", None); r["completion"] = r.get("completion", "")[:600]; print(json.dumps(r))' \
      "$RUNS/rlvr-$name/samples.jsonl" > "$OUT/samples-$start-$d.jsonl"
    evaluate "$RUNS/rlvr-$name/checkpoints/step-$STEPS" "$start-rlvr" "$d"
  done
done
