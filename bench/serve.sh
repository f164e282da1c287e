#!/usr/bin/env bash
# Benchmark (issue 18, item 7): buurtpeil serve under load, against nginx
# serving the same answers as static files (what this machine can do at all
# for HTTP on loopback).  The KWB 2024 slice of Oss and Hilversum and the
# SYNTHETIC Burgerpeiling (tests/fixtures) on a throwaway cluster; wrk with
# 2 threads and 32 connections, DURATION seconds per URL:
#   - an area profile (JSON, every indicator of WK082801 with comparisons)
#   - a values query (aandeel_65_plus, the wijken of Oss)
#   - the same profile as CSV (a download)
#   - the ranking chart of aandeel_65_plus for Oss as PNG (charts on demand)
# Targets (issue 18): >= 5,000 profile requests/s and p99 < 20 ms for JSON;
# memory of serve under load < 100 MiB (peak RSS, VmHWM); the chart at
# >= 50 % of what nginx does with the same PNG.  The machine is shared
# with other work: the load average is recorded beside the numbers.
# wrk and nginx-light are for this benchmark only (not in BP_PACKAGES).
#
# Usage: bench/serve.sh [DURATION]   (default 10 s per URL and server)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps
bp_ensure_packages wrk nginx-light
bp_build build
dur=${1:-10}
bin=build/cmd/buurtpeil
work=$(mktemp -d /tmp/bp-bench-serve.XXXXXX)
chmod 755 "$work"
state=$work/state
srv_pid= ngx_pid=
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
  [ -n "$ngx_pid" ] && kill "$ngx_pid" 2>/dev/null || true
  "$bin" --state-dir "$state" db stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

"$bin" --state-dir "$state" -q import statline-csv tests/fixtures/kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv >/dev/null
"$bin" --state-dir "$state" -q import survey tests/fixtures/survey/burgerpeiling-2022-SYNTHETIC-oss.sav \
  --mapping surveys/burgerpeiling-2022.yaml >/dev/null
"$bin" --state-dir "$state" -q compute --indicators indicators >/dev/null

"$bin" --state-dir "$state" serve --listen 127.0.0.1:0 --threads 2 --db-connections 4 --no-access-log \
  >"$work/serve.out" 2>"$work/serve.err" &
srv_pid=$!
until grep -q listening "$work/serve.out"; do
  kill -0 "$srv_pid" || { cat "$work/serve.err"; exit 1; }
  sleep 0.2
done
base=$(sed -n 's#listening on \(http://[0-9.:]*\)/api/v1/#\1#p' "$work/serve.out")

# The same answers as static files for nginx.
declare -A paths=(
  [profile]="/api/v1/areas/WK082801"
  [values]="/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828&level=wijk"
  [csv]="/api/v1/areas/WK082801.csv"
  [chart]="/api/v1/charts/ranking/aandeel_65_plus/GM0828.png"
)
mkdir -p "$work/www"
for k in profile values csv chart; do curl -sf "$base${paths[$k]}" -o "$work/www/$k"; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<NGX
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  default_type application/json;
  server { listen 127.0.0.1:$port; root $work/www; }
}
NGX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -p "$work" &
ngx_pid=$!
until curl -sf "http://127.0.0.1:$port/profile" -o /dev/null; do sleep 0.2; done

# wrk --latency: "Requests/sec: N" and the 99% line (us, ms or s).
run() {  # URL -> "rps p99ms"
  wrk -t2 -c32 -d"${dur}s" --latency "$1" | python3 -c '
import re, sys
t = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
v, u = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", t).groups()
p99 = float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {p99:.2f} {non2xx.group(1) if non2xx else 0}")'
}
declare -A res
for k in profile values csv chart; do
  res[serve_$k]=$(run "$base${paths[$k]}")
  res[nginx_$k]=$(run "http://127.0.0.1:$port/$k")
done
hwm_kib=$(awk '/VmHWM/ {print $2}' "/proc/$srv_pid/status")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo); Linux $(uname -r)"
{
  echo
  echo "## buurtpeil serve under wrk, against nginx with the same answers as static files"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $machine; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); nginx $(nginx -v 2>&1 | cut -d/ -f2)"
  echo "- command: \`bench/serve.sh $dur\`; wrk -t2 -c32 -d${dur}s --latency per URL; serve --threads 2 --db-connections 4 --no-access-log; data: KWB 2024 Oss and Hilversum + SYNTHETIC Burgerpeiling (tests/fixtures)"
  echo "- the machine was shared with other work while measuring: load average $load_start at the start, $load_end at the end"
  echo
  echo "| answer | size | serve req/s | serve p99 | nginx req/s | nginx p99 | serve / nginx |"
  echo "|---|---|---|---|---|---|---|"
  for k in profile values csv chart; do
    read -r sr sp se <<<"${res[serve_$k]}"
    read -r nr np ne <<<"${res[nginx_$k]}"
    size=$(stat -c %s "$work/www/$k")
    ratio=$(python3 -c "print(f'{$sr/$nr:.2f}')")
    errs=""; [ "$se" != 0 ] && errs=" ($se non-2xx)"
    echo "| $k (\`${paths[$k]}\`) | $size B | $sr$errs | $sp ms | $nr | $np ms | $ratio |"
  done
  read -r pr pp pe <<<"${res[serve_profile]}"
  echo
  echo "Profile JSON: $pr requests/s, target ≥ 5,000: **$(python3 -c "print('met' if $pr >= 5000 else 'NOT met')")**; p99 $pp ms, target < 20 ms: **$(python3 -c "print('met' if $pp < 20 else 'NOT met')")**."
  echo "Peak memory of serve (VmHWM) $(( hwm_kib / 1024 )) MiB ($hwm_kib KiB), target < 100 MiB: **$( [ "$hwm_kib" -lt 102400 ] && echo met || echo 'NOT met')**."
  read -r cr cp ce <<<"${res[serve_chart]}"
  read -r ncr ncp nce <<<"${res[nginx_chart]}"
  echo "Chart PNG: $cr requests/s, $(python3 -c "print(f'{100*$cr/$ncr:.0f}')") % of nginx with the same file, target ≥ 50 %: **$(python3 -c "print('met' if $cr >= 0.5*$ncr else 'NOT met')")**."
} | tee -a bench/RESULTS.md
