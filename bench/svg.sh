#!/usr/bin/env bash
# Benchmark (issue 23 item 6): the CPU of writing each kind of SVG chart, as
# instructions (callgrind), not time: the machine is shared.
#   For each kind of bp-svg-bench (bench/svg_bench.c: ranking, trend, profile,
#   age structure, map of Oss; the narrow area-page variants too) callgrind
#   counts the instructions of drawing it 1 and 11 times; their difference
#   over 10 is one chart's (the fonts and the map's borders load once).
#   Also prints each kind's bytes and FNV-1a digest: a change meant to be
#   faster keeps them.
# Usage: bench/svg.sh [KIND...]   (default: all kinds; prints "kind bytes digest instructions")
# Appends nothing: the figures go into bench/RESULTS.md by hand, with the commit.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_build build
export BP_FIXTURES=$PWD/tests/fixtures
bench=build/tests/render/bp-svg-bench
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(ranking trend trend-narrow profile profile-narrow age map map-narrow)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for k in "${kinds[@]}"; do
  for n in 1 11; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$n" "$bench" "$k" "$n" >"$tmp/out.$n" 2>"$tmp/log.$n" ||
      { cat "$tmp/log.$n" >&2; exit 1; }
  done
  ir1=$(awk '/^(summary|totals):/ {print $2; exit}' "$tmp/cg.1")
  ir11=$(awk '/^(summary|totals):/ {print $2; exit}' "$tmp/cg.11")
  read -r _ bytes digest <"$tmp/out.1"
  echo "$k $bytes $digest $(( (ir11 - ir1) / 10 ))"
done
