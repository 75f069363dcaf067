#!/usr/bin/env bash
# Builds WarmRL and runs the whole test suite (installs missing apt packages first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build --parallel --num-workers 2 2>&1
