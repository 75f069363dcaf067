#!/usr/bin/env bash
# Installs the two C libraries WarmRL links (OpenBLAS, json-c) when they are missing.
set -euo pipefail
if pkg-config --exists openblas json-c 2>/dev/null; then exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libopenblas-dev libjson-c-dev pkg-config >/dev/null
pkg-config --exists openblas json-c
