#!/usr/bin/env bash
# The main job on the embedded default: install what is missing, build, then
# `buurtpeil run` on config/demo.yaml, which imports the bundled slices (CBS
# KWB 2024, RIVM 50090NED, wijk borders, synthetic Burgerpeiling; Oss,
# Hilversum, Nederland), computes the indicators and writes out/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps
bp_build build
exec ./build/cmd/buurtpeil run --config config/demo.yaml "$@"
