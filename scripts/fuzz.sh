#!/usr/bin/env bash
# libFuzzer targets for the readers of untrusted input (fuzz/targets/*.swift): the JSON/config
# reader, tokenizer.json, the K&K record/statement/quiz/answer parsers, the math answer normaliser, the safetensors reader
# and the TinyLang interpreter. Modules are compiled here with swiftc (-O, checks on, so an overflow
# or out-of-range access is a crash) and -sanitize=fuzzer,address; Package.swift is not involved.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # default: 600 s each, all targets, one after another
#   FUZZ_JOBS=2 scripts/fuzz.sh 600 kk math   # targets in parallel
#
# Seeds: fuzz/corpus/<target>/ (committed). New corpus entries go to .build/fuzz/corpus/<target>;
# crashes, timeouts (> 10 s per input) and out-of-memory inputs (> 2 GB) to .build/fuzz/artifacts/<target>/.
# Each found crash becomes a regression test in the module's tests.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(json tokenizer kk math tinylang safetensors)
OUT=${FUZZ_BUILD:-$ROOT/.build/fuzz}
SAN=${FUZZ_SANITIZE:-fuzzer,address}
JOBS=${FUZZ_JOBS:-1}
mkdir -p "$OUT"
# A trap must reach libFuzzer as a crash; Swift's own backtracer trips ASan in its memory reader.
export SWIFT_BACKTRACE=enable=no
FLAGS=(-O -parse-as-library -wmo -sanitize="$SAN" -I "$OUT" -I Sources/CJSONC -module-cache-path "$OUT/cache")

module() {  # module NAME SOURCES...
  local name=$1; shift
  if [ ! -f "$OUT/$name.o" ] || [ -n "$(find "$@" -newer "$OUT/$name.o" | head -1)" ]; then
    echo "fuzz: compiling $name"
    swiftc "${FLAGS[@]}" -module-name "$name" -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
      -c "$@" -o "$OUT/$name.o"
  fi
}

module Seeded Sources/Seeded/*.swift
module JSON Sources/JSON/*.swift
module Tokenizer Sources/Tokenizer/*.swift
module Puzzles Sources/Puzzles/*.swift
# The safetensors target needs Model, and so Kernels with its C kernels and OpenBLAS (not sanitized itself).
if [[ " ${TARGETS[*]} " == *" safetensors "* ]]; then
  if [ ! -f "$OUT/ckernels.o" ] || [ Sources/CKernels/gemv_avx512.c -nt "$OUT/ckernels.o" ]; then
    clang -O1 -fsanitize=fuzzer-no-link,address -I Sources/CKernels/include -c Sources/CKernels/dispatch.c -o "$OUT/ckdispatch.o"
    clang -O1 -fsanitize=fuzzer-no-link,address -I Sources/CKernels/include -c Sources/CKernels/gemv_avx512.c -o "$OUT/ckernels.o"
  fi
  mkdir -p "$OUT/ckmap"
  printf 'module CKernels {\n  header "%s/Sources/CKernels/include/ckernels.h"\n  export *\n}\n' "$ROOT" > "$OUT/ckmap/module.modulemap"
  FLAGS+=(-I "$OUT/ckmap" -I Sources/CBLAS)
  module Kernels Sources/Kernels/*.swift
  module Model Sources/Model/*.swift
fi

declare -A SRC=([json]=JSONFuzz [tokenizer]=TokenizerFuzz [kk]=KKFuzz [math]=MathFuzz [tinylang]=TinyLangFuzz
                [safetensors]=SafetensorsFuzz)
declare -A DEPS=([json]="JSON" [tokenizer]="JSON Tokenizer" [kk]="Seeded JSON Puzzles" [math]="Seeded JSON Puzzles"
                 [tinylang]="Seeded JSON Puzzles" [safetensors]="Seeded JSON Tokenizer ckdispatch ckernels Kernels Model")

run_one() {
  local t=$1 exe="$OUT/fuzz-$1"
  local objs=()
  for d in ${DEPS[$t]}; do objs+=("$OUT/$d.o"); done
  # The linker warns about every ASan check symbol: its output is kept in a log, shown on failure.
  swiftc "${FLAGS[@]}" "fuzz/targets/${SRC[$t]}.swift" "${objs[@]}" -ljson-c -lopenblas -o "$exe" > "$OUT/$t.link.log" 2>&1 \
    || { cat "$OUT/$t.link.log" | grep -v "Cannot export local symbol" >&2; return 1; }
  mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
  echo "fuzz: $t for $SECONDS_EACH s"
  local start=$(date +%s) rc=0
  "$exe" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$OUT/artifacts/$t/" "$OUT/corpus/$t" "fuzz/corpus/$t" > "$OUT/$t.log" 2>&1 || rc=$?
  local found=$(ls "$OUT/artifacts/$t" | wc -l)
  echo "fuzz: $t ran $(( $(date +%s) - start )) s, exit $rc, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$OUT/$t.log" | grep -o '[0-9]*$' || echo '?') inputs, $found artifacts (log $OUT/$t.log)"
}

export -f run_one
if [ "$JOBS" -gt 1 ]; then
  pids=()
  for t in "${TARGETS[@]}"; do run_one "$t" & pids+=($!); while [ $(jobs -rp | wc -l) -ge "$JOBS" ]; do sleep 1; done; done
  wait
else
  for t in "${TARGETS[@]}"; do run_one "$t"; done
fi
