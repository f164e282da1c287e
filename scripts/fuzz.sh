#!/usr/bin/env bash
# Fuzz every parser that reads untrusted bytes (tests/fuzz) with libFuzzer.
#
#   scripts/fuzz.sh                 each harness 60 s, one after the other
#   FUZZ_SECONDS=3600 scripts/fuzz.sh statline_csv geojson
#                                   an hour each for the named harnesses
#   scripts/fuzz.sh --list          the harnesses
#
# Builds build-fuzz (clang, ASan + UBSan, libbp instrumented for libFuzzer)
# once.  A crash or an input slower than 10 s stops that harness with its
# input in build-fuzz/tests/fuzz/artifacts/; after the fix, copy it to
# tests/fuzz/regressions/HARNESS/ so that every test run replays it.
# Exits non-zero when any harness found something.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

harnesses=$(sed -n "s/^  '\([a-z_]*\)',.*/\1/p" tests/fuzz/meson.build)
if [ "${1:-}" = "--list" ]; then
  echo "$harnesses"
  exit 0
fi
[ $# -gt 0 ] && harnesses="$*"

bp_fuzz_build || exit 1
export FUZZ_SECONDS=${FUZZ_SECONDS:-60}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for h in $harnesses; do
  exe=build-fuzz/tests/fuzz/fuzz_$h
  if [ ! -x "$exe" ]; then
    bp_log "no harness '$h' (scripts/fuzz.sh --list)"
    status=1
    continue
  fi
  bp_log "== fuzz $h: $FUZZ_SECONDS s"
  if tests/fuzz/run.sh "$exe" "$h" tests/fuzz build-fuzz/tests/fuzz/artifacts \
      >"build-fuzz/fuzz-$h.log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|Done)' "build-fuzz/fuzz-$h.log" >&2
  else
    status=1
    bp_log "fuzz $h FOUND something: build-fuzz/fuzz-$h.log"
    grep -E 'ERROR|SUMMARY|Test unit written' "build-fuzz/fuzz-$h.log" | head -5 >&2
  fi
done
exit $status
