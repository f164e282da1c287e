#!/usr/bin/env python3
"""Append one benchmark result (hyperfine JSON) to bench/RESULTS.md with the
machine and the date.  Usage: record.py JSON RESULTS TITLE OURS REFERENCE MAX_RATIO"""
import datetime
import json
import os
import platform
import subprocess
import sys

path, results, title, ours, ref, max_ratio = sys.argv[1:7]
max_ratio = float(max_ratio)
data = {r["command"]: r for r in json.load(open(path))["results"]}
a, b = data[ours], data[ref]
ratio = a["mean"] / b["mean"]


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
verdict = "met" if ratio <= max_ratio else "NOT met"

if not os.path.exists(results):
    with open(results, "w") as f:
        f.write("# Benchmark results\n\nEach section is appended by the benchmark script named in it; "
                "newest last. Times are hyperfine means over 10 runs after one warm-up.\n")
with open(results, "a") as f:
    f.write(f"""
## {title}
- date: {when}; machine: {cpu()}, {os.cpu_count()} cores, {mem_gib:.0f} GiB; {platform.system()} {platform.release()}; {pg}
- command: `bench/import_statline.sh`

| command | mean | σ | min | max |
|---|---|---|---|---|
| {ours} | {a['mean']*1000:.0f} ms | {a['stddev']*1000:.0f} ms | {a['min']*1000:.0f} ms | {a['max']*1000:.0f} ms |
| {ref} | {b['mean']*1000:.0f} ms | {b['stddev']*1000:.0f} ms | {b['min']*1000:.0f} ms | {b['max']*1000:.0f} ms |

Ratio {ratio:.2f}x the reference; target ≤ {max_ratio:g}x: **{verdict}**.
""")
print(f"{title}: {ours} {a['mean']*1000:.0f} ms, {ref} {b['mean']*1000:.0f} ms, ratio {ratio:.2f} (target <= {max_ratio:g}: {verdict})")
