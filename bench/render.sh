#!/usr/bin/env bash
# Benchmark (issue 6, item 7): chart rendering.
#   1. a 25-bar ranking chart as PNG, drawn many times, by bp-render-bench
#      (lib/render, PNG through libpng at zlib level 1) and by matplotlib
#      (Agg, savefig PNG) from the same data at the same pixel size;
#   2. a district profile (profile chart + age structure) the same way;
#   3. the profiles of all 14,574 buurten of Nederland from the all-NL KWB
#      2024 StatLine CSV, written as PNG files (2 per buurt).
# Targets: >= 50x faster than matplotlib and < 2 ms per chart; all buurten
# in < 5 minutes.  Times are CPU time of the process (the machine is shared;
# wall time is printed too).  Appends a section to bench/RESULTS.md.
#
# python3-matplotlib is for this benchmark only: installed here, not part of
# BP_PACKAGES or the tests.
#
# Usage: bench/render.sh [CSV] [N]   (N: C repetitions, default 500; matplotlib does N/25)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
BP_BENCH_RENDER_PACKAGES=(python3-matplotlib)
bp_ensure_deps
bp_ensure_packages "${BP_BENCH_RENDER_PACKAGES[@]}"
bp_build build

csv=${1:-../shared/data/cbs-kwb-2024-statline-csv-all-nl/Kerncijfers_wijken_en_buurten_2024_geslachten.csv}
[ -f "$csv" ] || csv=/work/shared/data/cbs-kwb-2024-statline-csv-all-nl/Kerncijfers_wijken_en_buurten_2024_geslachten.csv
[ -f "$csv" ] || { bp_log "bench: $csv not found (give the all-NL StatLine CSV as argument)"; exit 1; }
n=${2:-500}
npy=$(( n / 25 > 5 ? n / 25 : 5 ))

work=/tmp/bp-bench-render
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
# Debian's python3 (a pyenv or venv python3 first on PATH has no matplotlib).
py=/usr/bin/python3
"$py" bench/render_data.py "$csv" "$work"

bench=build/bench/bp-render-bench
declare -A r
while read -r k v; do r[$k]=$v; done < <("$bench" ranking "$work" "$n"; "$bench" profile "$work" "$n")
psize=$("$py" -c "import struct,sys;d=open(sys.argv[1],'rb').read(24);print('%dx%d'%struct.unpack('>II',d[16:24]))" "$work/profile-c.png")
asize=$("$py" -c "import struct,sys;d=open(sys.argv[1],'rb').read(24);print('%dx%d'%struct.unpack('>II',d[16:24]))" "$work/ages-c.png")
declare -A m
while read -r k v; do m[$k]=$v; done < <("$py" bench/render_matplotlib.py "$work" "$npy" "${r[ranking_size]}" "$psize" "$asize")

t0=$(date +%s.%N)
declare -A a
while read -r k v; do a[$k]=$v; done < <("$bench" all-nl "$csv" "$work/out")
t1=$(date +%s.%N)
files=$(find "$work/out" -name '*.png' | wc -l)
bytes=$(du -sb "$work/out" | cut -f1)

ratio() { "$py" -c "import sys;print('%.1f'%(float(sys.argv[1])/float(sys.argv[2])))" "$1" "$2"; }
met() { "$py" -c "import sys;print('**met**' if float(sys.argv[1]) $2 float(sys.argv[2]) else '**NOT met**')" "$1" "$3"; }
per_chart_profile=$("$py" -c "print('%.3f'%(float('${r[profile_cpu_ms]}')/2))")
rr=$(ratio "${m[ranking_ms]}" "${r[ranking_cpu_ms]}")
rp=$(ratio "${m[profile_ms]}" "${r[profile_cpu_ms]}")
{
  echo
  echo "## Chart rendering: ranking, district profile, all buurten of Nederland"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at the start $(cut -d' ' -f1-3 /proc/loadavg); Cairo $(pkg-config --modversion cairo), Pango $(pkg-config --modversion pango), libpng $(pkg-config --modversion libpng), zlib $(pkg-config --modversion zlib), matplotlib ${m[matplotlib]}"
  echo "- command: \`bench/render.sh\` (C: $n renders per chart after one warm-up; matplotlib: $npy); times are CPU time of the process per chart, PNG in memory"
  echo
  echo "| chart | size | buurtpeil | matplotlib | speed-up |"
  echo "|---|---|---|---|---|"
  echo "| ranking, 25 bars, 2 reference lines | ${r[ranking_size]} | ${r[ranking_cpu_ms]} ms (wall ${r[ranking_ms]} ms), ${r[ranking_bytes]} B | ${m[ranking_ms]} ms | ${rr}x |"
  echo "| district profile: profile chart (7 indicators) + age structure | $psize + $asize | ${r[profile_cpu_ms]} ms (wall ${r[profile_ms]} ms) | ${m[profile_ms]} ms | ${rp}x |"
  echo
  echo "Cairo's own PNG writer (cairo_surface_write_to_png, zlib level 6, adaptive filters) on the same ranking picture: ${r[cairo_png_writer_ms]} ms, ${r[cairo_png_bytes]} B, against the whole render with libpng at level 1 without filters above."
  echo "Speed-up ≥ 50x: ranking $(met "$rr" '>=' 50), profile $(met "$rp" '>=' 50). Under 2 ms per chart: ranking $(met "${r[ranking_cpu_ms]}" '<' 2), profile charts ($per_chart_profile ms each) $(met "$per_chart_profile" '<' 2)."
  echo
  echo "All buurten: \`bp-render-bench all-nl\` read the CSV (${a[csv_read_ms]} ms) and wrote ${a[buurten]} buurt profiles (${a[skipped]} skipped), $files PNG files, $((bytes / 1048576)) MiB, each through a temporary file and rename: ${a[all_nl_s]} s wall (${a[all_nl_cpu_s]} s CPU), ${a[per_buurt_ms]} ms per buurt; whole command $("$py" -c "print('%.1f'%($t1-$t0))") s. Target < 300 s: $(met "${a[all_nl_s]}" '<' 300)."
  echo "The buurt profile here is its two charts drawn from the CSV; the database queries and HTML of \`buurtpeil report\` are not in this figure."
} >> bench/RESULTS.md
tail -n 16 bench/RESULTS.md
