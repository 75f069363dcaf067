#!/usr/bin/env bash
# Builds WarmRL and runs the whole test suite (installs missing apt packages first).
# A watchdog stops a test run that hangs (WARMRL_TEST_TIMEOUT seconds, default 1200) after printing
# every thread's stack (gdb, when installed), so a hang fails fast and says where it was.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
limit=${WARMRL_TEST_TIMEOUT:-1200}
swift test --skip-build --parallel --num-workers 2 2>&1 &
tests=$!
(  # polls once a second, so it ends (and frees the output) at most 1 s after the tests do
  for ((i = 0; i < limit; i++)); do sleep 1; kill -0 "$tests" 2>/dev/null || exit 0; done
  echo "scripts/test.sh: the test run is still going after ${limit} s; thread stacks follow, then it is stopped." >&2
  for p in $(pgrep -f 'PackageTests' || true); do
    command -v gdb >/dev/null && gdb -p "$p" -batch -ex 'thread apply all bt 12' 2>&1 | grep -E '^(Thread|#)' >&2 || true
  done
  pkill -KILL -f 'PackageTests' || true
  kill "$tests" 2>/dev/null || true
) &
watchdog=$!
set +e
wait "$tests"; rc=$?
set -e
wait "$watchdog" 2>/dev/null || true
exit "$rc"
