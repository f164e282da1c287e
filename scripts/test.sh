#!/usr/bin/env bash
# Every test, twice: in the normal build and in a build with AddressSanitizer
# and UndefinedBehaviorSanitizer, and a short run of each fuzz harness
# (tests/fuzz, clang), the three side by side.  Installs what is missing
# first.  Ends with one line: "N passed, N failed" (N skipped when any).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps || exit 1
bp_ensure_packages "${BP_TEST_PACKAGES[@]}" || exit 1
bp_ensure_npm_packages "${BP_TEST_NPM[@]}" || exit 1

# Tests bring their own servers: never a user's database.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGSERVICE PGPASSWORD DATABASE_URL BUURTPEIL_STATE

# The two builds' suites and the fuzz harnesses run side by side, each into a
# log of its own: one suite alone leaves a core idle while its long end-to-end
# tests run (bench/RESULTS.md, test suite).  -t 0: no meson timeout, so that a
# loaded machine cannot turn a slow test into a failure (CI's job limit
# catches a hang).  Each writes its exit status and seconds to DIR/test-status.
run_suite() {
  local dir=$1 start=$SECONDS rc=0
  shift
  rm -f "$dir/meson-logs/testlog.json"   # a failed start must not count the last run's results
  meson test -C "$dir" --no-rebuild -t 0 --print-errorlogs "$@" >"$dir/test-output.log" 2>&1 || rc=$?
  echo "$rc $((SECONDS - start))" >"$dir/test-status"
}

# Show a suite's per-test lines, and the errors when any failed.
show_suite() {
  local dir=$1 rc secs
  read -r rc secs <"$dir/test-status" 2>/dev/null || { rc=1 secs=?; }
  bp_log "== tests in $dir (${secs} s)"
  grep -E '^ *[0-9]+/[0-9]+ ' "$dir/test-output.log" >&2
  # The output of each test that did not pass, from meson's JSON log (its
  # text log marks the error logs with separators that change by version).
  python3 - "$dir/meson-logs/testlog.json" <<'PY' >&2
import json, sys
try:
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
except OSError:
    sys.exit(0)
for line in lines:
    r = json.loads(line)
    if r["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
        out = (r.get("stdout") or "") + (r.get("stderr") or "")
        print(f"--- {r['name']}: {r['result']}, the last lines of its output:")
        print("\n".join(out.splitlines()[-60:]))
PY
  [ "$rc" = 0 ]
}

# Each suite runs as many tests at a time as there are cores (2 on the
# 2-core machines of bench/RESULTS.md): side by side, twice as many tests
# as cores, as the tests spend part of their time waiting on their servers
# and Chromium.  meson starts the longest tests first (their `priority:`,
# tests/e2e/meson.build).
jobs=$(nproc 2>/dev/null || echo 2)

# Linked with gold where binutils has it: half the CPU of the default linker
# for the ~90 programs of each build, each a link of every static part of
# libbp (bench/RESULTS.md, test suite; meson's CC_LD, read at setup).
build_gold() {
  if command -v ld.gold >/dev/null 2>&1; then CC_LD=gold bp_build "$@"; else bp_build "$@"; fi
}

status=0
start=$SECONDS
build_gold build || exit 1
bp_log "== built build ($((SECONDS - start)) s); its tests run in the background (build/test-output.log)"
rm -f build/test-status build-sanitize/test-status
run_suite build --num-processes "$jobs" &
suites=($!)
start=$SECONDS
if build_gold build-sanitize -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug; then
  bp_log "== built build-sanitize ($((SECONDS - start)) s); its tests run in the background (build-sanitize/test-output.log)"
  run_suite build-sanitize --num-processes "$jobs" &
  suites+=($!)
else
  wait "${suites[@]}"
  exit 1
fi

# The fuzz harnesses (tests/fuzz), in a clang build of their own: each
# replays its regressions and fuzzes FUZZ_SECONDS (10 here) from its seeds.
# Fuzzing runs for a time, not a number of inputs: so that each harness
# gets a core as before (when two ran at a time after the suites), they run
# one at a time once one suite is done, beside the other suite's last long
# tests (about 2.5 minutes, plus ~2 minutes to build the first time).
# Without clang's libFuzzer they are one skipped test.  The fuzz build is
# niced: it has minutes to spare (its tests wait for a suite) and, from
# scratch, ~6 minutes of compiling that otherwise slowed the normal build's
# e2e/demo, which bounds the whole run (bench/RESULTS.md, test suite).
logs=(build/meson-logs/testlog.json build-sanitize/meson-logs/testlog.json)
start=$SECONDS
BP_NICE=10 bp_fuzz_build
fuzz_rc=$?
if [ $fuzz_rc -eq 0 ]; then
  bp_log "== built build-fuzz ($((SECONDS - start)) s); fuzz tests when a suite is done (${FUZZ_SECONDS:-10} s each)"
  wait -n "${suites[@]}"
  rm -f build-fuzz/test-status
  FUZZ_SECONDS=${FUZZ_SECONDS:-10} run_suite build-fuzz --suite fuzz --num-processes 1
  logs+=(build-fuzz/meson-logs/testlog.json)
elif [ $fuzz_rc -eq 77 ]; then
  logs+=("skip:fuzz (clang with libFuzzer not installed)")
else
  status=1
  logs+=(build-fuzz/meson-logs/none)    # counted as one failure
fi
wait "${suites[@]}"

for dir in build build-sanitize; do
  [ -f "$dir/test-output.log" ] || continue
  show_suite "$dir" || status=1
done
if [ $fuzz_rc -eq 0 ]; then
  show_suite build-fuzz || status=1
  grep -q -E 'FAIL|TIMEOUT|ERROR' build-fuzz/test-output.log &&
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*Test unit written)' build-fuzz/test-output.log | head -20 >&2
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
