# runs.sh (sourced by chain.sh and recipe.sh here): warmup runs under runs/warmup-NAME, each resumable. Needs SEED.
#   run NAME CONFIG ARGS...  skipped when runs/warmup-NAME/summary.json exists, resumed (--resume) when the run has a
#                            complete checkpoint, otherwise started afresh; bf16 compute, run.seed=$SEED.
#   last NAME                the run's last checkpoint (from its summary.json)
W=.build/release/warmrl
last() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['last_checkpoint'])" runs/warmup-$1/summary.json; }
run() {
  local name=$1 config=$2; shift 2
  local dir=runs/warmup-$name
  [ -f $dir/summary.json ] && return 0
  local resume=()
  if ls $dir/checkpoints/*/warmrl-complete > /dev/null 2>&1; then resume=(--resume); else rm -rf $dir; fi
  echo "run: $name ${resume[*]}"
  $W warmup --config $config --set model.compute=bf16 --set run.seed=$SEED --set run.name=$name "$@" "${resume[@]}"
}
