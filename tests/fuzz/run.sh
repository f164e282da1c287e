#!/bin/sh
# run.sh HARNESS NAME SRCDIR ARTIFACTS: one harness as a test.
#   1. every file of SRCDIR/regressions/NAME/ (inputs that once crashed) is
#      replayed: any crash fails the test;
#   2. FUZZ_SECONDS (default 10) of fuzzing from SRCDIR/corpus/NAME/, new
#      inputs kept in a temporary folder (the seeds are never written to).
# A crash leaves its input in ARTIFACTS/NAME-crash-... : copy it to
# regressions/NAME/ once fixed.  Exit 77 (skipped) when the harness is missing.
set -u
exe=$1 name=$2 src=$3 artifacts=$4
secs=${FUZZ_SECONDS:-10}
# A GLib critical (a NULL passed where GLib forbids it) is a finding too.
export G_DEBUG=${G_DEBUG:-fatal-criticals}
if [ ! -x "$exe" ]; then
  echo "fuzz $name: skipped: $exe is not built (clang with libFuzzer: scripts/fuzz.sh)"
  exit 77
fi
mkdir -p "$artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/bp-fuzz-$name.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
regs=$src/regressions/$name
if [ -d "$regs" ] && [ -n "$(ls -A "$regs")" ]; then
  "$exe" -artifact_prefix="$artifacts/$name-" "$regs"/* || exit 1
fi
# -timeout: an input slower than 10 s is a finding (an endless loop);
# -rss_limit_mb: as is one that needs more than 2 GB.  Not exec: the shell
# must outlive the fuzzer for the trap to remove the work folder.
"$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/$name-" "$work" "$src/corpus/$name"
