#!/usr/bin/env bash
# Benchmark (issue 23 item 6): the whole country as one job.  `buurtpeil run`
# of config/nederland.yaml (gemeenten: all, the bundled all-NL files) on a
# fresh state folder and a fresh output folder: import, compute, reports,
# site, digests in one run.  Targets on this machine: < 10 min, client
# < 2 GiB RSS, output < 5 GB.  Not a test: it measures and prints a markdown
# block (and with --record appends it to bench/RESULTS.md).
#
# What it measures and how:
# - the run's wall, user and system time and the client's peak RSS:
#   /usr/bin/time -v of `buurtpeil run` (one process; publishing's workers
#   are threads of it, so their memory is in that RSS);
# - each stage's wall time: the run's own record (`buurtpeil runs --last 1`);
# - the server's CPU: the growth of the postmaster's cutime + cstime (fields
#   16 and 17 of /proc/PID/stat: what its backends used, counted when they
#   exit; the checkpointer and WAL writer live on and are not in it), as the
#   other benches of bench/RESULTS.md count it;
# - the server's memory: every second, the sum over the postmaster and its
#   children of Pss from /proc/PID/smaps_rollup (proportional set size: a
#   page of shared_buffers mapped by 5 backends counts 1/5 in each, so the
#   sum counts it once) and, for comparison, the sum of their Rss (which
#   counts shared buffers once per process that touched them); the peaks;
# - disk: `du -sb` of the output folder (file bytes; hard links counted once)
#   and of OUT/site, the number of files, and pg_database_size.
#
# Usage: bench/country.sh [--record] [CONFIG] [WORKDIR]
#   CONFIG defaults to config/nederland.yaml; its output: is replaced by
#   WORKDIR/out (default WORKDIR /tmp/country-bench), its state is WORKDIR/state.
#   Both are removed first and the server stopped at the end (the folders stay
#   for a look; remove them by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
. scripts/lib.sh
record=0
if [ "${1:-}" = --record ]; then record=1; shift; fi
config=${1:-config/nederland.yaml}
work=${2:-/tmp/country-bench}
bp_build build >/dev/null

[ -f "$config" ] || { bp_log "bench: $config not found"; exit 1; }
case $work in /|/tmp|"$repo"*) bp_log "bench: choose another WORKDIR than $work"; exit 2;; esac
rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
state=$work/state
# A copy of the program, so that a rebuild during the run changes nothing of it.
cp build/cmd/buurtpeil "$work/buurtpeil"
bp=("$work/buurtpeil" --state-dir "$state")

# The configuration with absolute paths and WORKDIR/out as its output.
cfg=$work/monitor.yaml
python3 - "$config" "$cfg" "$work/out" <<'PY'
import os, re, sys
src, dst, out = sys.argv[1:]
base = os.path.dirname(os.path.abspath(src))
lines = []
for line in open(src, encoding='utf-8'):
    m = re.match(r'^(\s*(?:- )?)(file|dir|mapping|indicators|charts|areas|interventions|output):\s*([^#\s]+)(.*)$', line)
    if m:
        key, val = m.group(2), m.group(3)
        val = out if key == 'output' else os.path.normpath(os.path.join(base, val))
        line = f'{m.group(1)}{key}: {val}{m.group(4)}\n'
    lines.append(line)
open(dst, 'w', encoding='utf-8').write(''.join(lines))
PY

"${bp[@]}" -q db start >/dev/null
trap '"${bp[@]}" -q db stop >/dev/null 2>&1 || true; [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null || true' EXIT
pm=$(head -1 "$state/pgdata/postmaster.pid")
hz=$(getconf CLK_TCK)
server_cpu() { awk -v hz="$hz" '{print ($16 + $17) / hz}' "/proc/$pm/stat"; }

# The server's memory, every second: Pss and Rss summed over the postmaster and its children (kB).
sample_server() {
	local peak_pss=0 peak_rss=0
	while :; do
		local pids pss=0 rss=0 f
		pids="$pm $(cat "/proc/$pm/task/$pm/children" 2>/dev/null || true)"
		for p in $pids; do
			f=/proc/$p/smaps_rollup
			[ -r "$f" ] || continue
			read -r a b < <(awk '/^Pss:/{p=$2} /^Rss:/{r=$2} END{print p+0, r+0}' "$f" 2>/dev/null || echo "0 0")
			pss=$((pss + a)); rss=$((rss + b))
		done
		[ "$pss" -gt "$peak_pss" ] && peak_pss=$pss
		[ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
		echo "$peak_pss $peak_rss" > "$work/server_mem.txt"
		sleep 1
	done
}
sample_server & sampler=$!

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- lib cmd sql || echo "+changes")
start=$(date -u '+%Y-%m-%d %H:%M UTC')
s0=$(server_cpu)
set +e
/usr/bin/time -v -o "$work/time.txt" "${bp[@]}" run --config "$cfg" > "$work/run.out" 2> "$work/run.err"
rc=$?
set -e
sleep 1   # let the backends exit, so that their CPU is in the postmaster's
s1=$(server_cpu)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=
"${bp[@]}" runs --last 1 > "$work/runs.txt" 2>&1 || true
db_size=$(psql -XqAt -d "host=$state/run user=buurtpeil dbname=buurtpeil" -c "SELECT pg_database_size(current_database())")
out_bytes=$(du -sb "$work/out" | cut -f1)
site_bytes=$( [ -d "$work/out/site" ] && du -sb "$work/out/site" | cut -f1 || echo 0)
out_files=$(find "$work/out" -type f | wc -l)
html=$(find "$work/out" -type f -name '*.html' | wc -l)
svg=$(find "$work/out" -type f -name '*.svg' | wc -l)
png=$(find "$work/out" -type f -name '*.png' | wc -l)
pdf=$(find "$work/out" -type f -name '*.pdf' | wc -l)

python3 - "$work" "$rc" "$s0" "$s1" "$load_before" "$load_after" "$start" "$db_size" "$out_bytes" "$site_bytes" \
  "$out_files" "$html" "$svg" "$png" "$pdf" "$record" "$config" "$commit" <<'PY'
import os, re, sys
(work, rc, s0, s1, lb, la, start, dbs, outb, siteb, nfiles, html, svg, png, pdf, record, config, commit) = sys.argv[1:]
t = {}
for line in open(f'{work}/time.txt'):
    k, _, v = line.strip().rpartition(': ')
    t[k] = v
def wall(s):
    parts = [float(x) for x in s.split(':')]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
w = wall(t['Elapsed (wall clock) time (h:mm:ss or m:ss)'])
u, sy = float(t['User time (seconds)']), float(t['System time (seconds)'])
rss_kb = int(t['Maximum resident set size (kbytes)'])
srv = float(s1) - float(s0)
pss_kb, srss_kb = (int(x) for x in open(f'{work}/server_mem.txt').read().split())
cpu = re.sub(r'\s+', ' ', open('/proc/cpuinfo').read().split('model name')[1].split('\n')[0].strip(': \t'))
mem_gib = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30
summary = open(f'{work}/run.out').read().strip().splitlines()
gib = lambda kb: kb / 2**20
ok = lambda c: 'met' if c else '**not met**'
lines = [
    f'## The whole country as one job (issue 23 item 6) — {start}',
    f'- machine: {cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB (shared); load average {lb} before, {la} after',
    f'- command: `bench/country.sh` ({config}: `gemeenten: all`) at commit {commit}; fresh state and output folder',
    f'- exit status of the run: {rc}; its summary: `{summary[-1] if summary else ""}`',
    '',
    '| what | measured | target |',
    '|---|---|---|',
    f'| wall time of `buurtpeil run` | {w:.0f} s ({w / 60:.1f} min) | < 10 min: {ok(w < 600)} |',
    f'| client CPU (user + system) | {u:.0f} + {sy:.0f} = {u + sy:.0f} s | |',
    f'| server CPU (postmaster cutime + cstime) | {srv:.0f} s | |',
    f'| client peak RSS (/usr/bin/time -v) | {gib(rss_kb):.2f} GiB ({rss_kb // 1024} MiB) | < 2 GiB: {ok(rss_kb < 2 * 2**20)} |',
    f'| server peak memory, sum of Pss (sum of Rss) | {pss_kb // 1024} MiB ({srss_kb // 1024} MiB) | |',
    f'| output folder (`du -sb`) | {int(outb) / 1e9:.2f} GB, {int(nfiles):,} files: {int(html):,} HTML, '
    f'{int(svg):,} SVG, {int(png):,} PNG, {int(pdf):,} PDF | < 5 GB: {ok(int(outb) < 5e9)} |',
    f'| of which OUT/site | {int(siteb) / 1e9:.2f} GB | |',
    f'| database (pg_database_size) | {int(dbs) / 1e6:.0f} MB | |',
    '',
    'Stages (the run\'s record, `buurtpeil runs --last 1`):',
    '```',
    open(f'{work}/runs.txt').read().rstrip(),
    '```',
]
text = '\n'.join(lines) + '\n'
print(text)
if record == '1':
    with open('bench/RESULTS.md', 'a') as f:
        f.write('\n' + text)
PY
exit "$rc"
