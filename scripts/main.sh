#!/usr/bin/env bash
# The main job on a fresh machine. See README.md for what it runs at this stage of the project.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product warmrl
BIN=.build/release/warmrl
$BIN --help
