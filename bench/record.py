#!/usr/bin/env python3
"""Append one benchmark result (hyperfine JSON) to bench/RESULTS.md with the
machine and the date.

Usage: record.py JSON RESULTS TITLE OURS REFERENCE MAX_RATIO [options]
  OURS must take at most MAX_RATIO times REFERENCE's mean.
Options (all optional; without them the section is as it always was):
  --script PATH             the benchmark script named in the section
                            (default bench/import_statline.sh)
  --faster-than NAME MIN    OURS must be at least MIN times faster than the
                            command NAME (a third command of the same run)
  --memory NAME KIB         peak memory (max RSS, KiB) of command NAME; repeatable
  --memory-target NAME MIB  NAME's peak memory must stay under MIB MiB
  --note TEXT               a line under the table; repeatable
"""
import datetime
import json
import os
import platform
import subprocess
import sys

path, results, title, ours, ref, max_ratio = sys.argv[1:7]
max_ratio = float(max_ratio)
script = "bench/import_statline.sh"
faster = None              # (name, min factor)
memory = {}                # name -> KiB
mem_target = None          # (name, MiB)
notes = []
args = sys.argv[7:]
while args:
    opt = args.pop(0)
    if opt == "--script":
        script = args.pop(0)
    elif opt == "--faster-than":
        faster = (args.pop(0), float(args.pop(0)))
    elif opt == "--memory":
        name = args.pop(0)
        memory[name] = int(args.pop(0))
    elif opt == "--memory-target":
        mem_target = (args.pop(0), float(args.pop(0)))
    elif opt == "--note":
        notes.append(args.pop(0))
    else:
        sys.exit(f"record.py: unknown option {opt}")

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


def ms(x):
    return f"{x*1000:.0f} ms"


def mib(kib):
    return f"{kib / 1024:.1f} MiB ({kib} KiB)"


mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
verdict = "met" if ratio <= max_ratio else "NOT met"
extended = bool(faster or memory or notes)

names = [ours, ref] + ([faster[0]] if faster else [])
if extended:
    runs = len(a.get("times", [])) or "?"
    head = "| command | mean | σ | min | max |" + (" peak memory |" if memory else "")
    rule = "|---|---|---|---|---|" + ("---|" if memory else "")
    lines = [head, rule]
    for n in names:
        r = data[n]
        row = f"| {n} | {ms(r['mean'])} | {ms(r['stddev'])} | {ms(r['min'])} | {ms(r['max'])} |"
        if memory:
            row += f" {mib(memory[n]) if n in memory else '–'} |"
        lines.append(row)
    table = "\n".join(lines)
    verdicts = [f"Ratio {ratio:.2f}x the reference ({ref}); target ≤ {max_ratio:g}x: **{verdict}**."]
    summary = [f"ratio {ratio:.2f} (target <= {max_ratio:g}: {verdict})"]
    if faster:
        f = data[faster[0]]["mean"] / a["mean"]
        v = "met" if f >= faster[1] else "NOT met"
        verdicts.append(f"Speed-up {f:.2f}x over {faster[0]}; target ≥ {faster[1]:g}x: **{v}**.")
        summary.append(f"speed-up {f:.2f} over {faster[0]} (target >= {faster[1]:g}: {v})")
    if mem_target:
        kib = memory[mem_target[0]]
        v = "met" if kib < mem_target[1] * 1024 else "NOT met"
        verdicts.append(f"Peak memory of {mem_target[0]} {mib(kib)}; target < {mem_target[1]:g} MiB: **{v}**.")
        summary.append(f"peak {kib} KiB (target < {mem_target[1]:g} MiB: {v})")
    runs_line = f"; hyperfine: {runs} runs per command after one warm-up" + (
        "; peak memory: max RSS of the client process by `/usr/bin/time -f %M`, one more run each" if memory else "")
    body = "\n".join(verdicts) + ("\n\n" + "\n".join(f"- {n}" for n in notes) if notes else "")
else:
    runs_line = ""
    table = f"""| command | mean | σ | min | max |
|---|---|---|---|---|
| {ours} | {ms(a['mean'])} | {ms(a['stddev'])} | {ms(a['min'])} | {ms(a['max'])} |
| {ref} | {ms(b['mean'])} | {ms(b['stddev'])} | {ms(b['min'])} | {ms(b['max'])} |"""
    body = f"Ratio {ratio:.2f}x the reference; target ≤ {max_ratio:g}x: **{verdict}**."
    summary = [f"ratio {ratio:.2f} (target <= {max_ratio:g}: {verdict})"]

if not os.path.exists(results):
    with open(results, "w") as f:
        f.write("# Benchmark results\n\nEach section is appended by the benchmark script named in it; "
                "newest last. Times are hyperfine means over 10 runs after one warm-up.\n")
with open(results, "a") as f:
    f.write(f"""
## {title}
- date: {when}; machine: {cpu()}, {os.cpu_count()} cores, {mem_gib:.0f} GiB; {platform.system()} {platform.release()}; {pg}
- command: `{script}`{runs_line}

{table}

{body}
""")
print(f"{title}: {ours} {a['mean']*1000:.0f} ms, {ref} {b['mean']*1000:.0f} ms, " + ", ".join(summary))
