#!/usr/bin/env bash
# Every test, twice: in the normal build and in a build with AddressSanitizer
# and UndefinedBehaviorSanitizer; then a short run of each fuzz harness
# (tests/fuzz, clang).  Installs what is missing first.  Ends
# with one line: "N passed, N failed" (N skipped when any).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps || exit 1
bp_ensure_packages "${BP_TEST_PACKAGES[@]}" || exit 1

# Tests bring their own servers: never a user's database.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGSERVICE PGPASSWORD DATABASE_URL BUURTPEIL_STATE

bp_build build || exit 1
bp_build build-sanitize -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug || exit 1

status=0
for dir in build build-sanitize; do
  bp_log "== tests in $dir"
  meson test -C "$dir" --num-processes 2 --print-errorlogs >"$dir/test-output.log" 2>&1 || status=1
  grep -E '^ *[0-9]+/[0-9]+ ' "$dir/test-output.log" >&2
  grep -q -E 'FAIL|TIMEOUT|ERROR' "$dir/test-output.log" && sed -n '/^--- /,$p' "$dir/test-output.log" | tail -200 >&2
done

# The fuzz harnesses (tests/fuzz), in a clang build of their own: each
# replays its regressions and fuzzes FUZZ_SECONDS (10 here) from its seeds,
# two at a time (about 1.5 minutes, plus ~2 minutes to build the first time).
# Without clang's libFuzzer they are one skipped test.
logs=(build/meson-logs/testlog.json build-sanitize/meson-logs/testlog.json)
bp_fuzz_build
fuzz_rc=$?
if [ $fuzz_rc -eq 0 ]; then
  bp_log "== fuzz tests in build-fuzz (${FUZZ_SECONDS:-10} s each)"
  FUZZ_SECONDS=${FUZZ_SECONDS:-10} meson test -C build-fuzz --suite fuzz --no-rebuild --num-processes 2 \
    --print-errorlogs >build-fuzz/test-output.log 2>&1 || status=1
  grep -E '^ *[0-9]+/[0-9]+ ' build-fuzz/test-output.log >&2
  grep -q -E 'FAIL|TIMEOUT|ERROR' build-fuzz/test-output.log &&
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*Test unit written)' build-fuzz/test-output.log | head -20 >&2
  logs+=(build-fuzz/meson-logs/testlog.json)
elif [ $fuzz_rc -eq 77 ]; then
  logs+=("skip:fuzz (clang with libFuzzer not installed)")
else
  status=1
  logs+=(build-fuzz/meson-logs/none)    # counted as one failure
fi

python3 - "${logs[@]}" <<'PY'
import json, sys
passed = failed = skipped = 0
skipped_names = []
for path in sys.argv[1:]:
    if path.startswith("skip:"):
        skipped += 1
        skipped_names.append(path[5:])
        continue
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        r = json.loads(line)["result"]
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
            skipped_names.append(json.loads(line)["name"])
        else:
            failed += 1
# A skipped test is not a pass: name each (e.g. NAME-shared without ../shared/data),
# before the closing line, which CI reads as the last line.
for name in skipped_names:
    print(f"  skipped: {name}")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
PY
py=$?
[ $py -ne 0 ] && status=1
exit $status
