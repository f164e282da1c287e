#!/usr/bin/env python3
"""Append a benchmark result with an absolute time target (hyperfine JSON)
to bench/RESULTS.md with the machine and the date; record.py is for targets
relative to a reference command.

Usage: record_target.py JSON RESULTS TITLE SCRIPT COMMAND_NAME TARGET_SECONDS [--note TEXT]...
"""
import datetime
import json
import os
import platform
import subprocess
import sys

path, results, title, script, name, target = sys.argv[1:7]
target = float(target)
notes = []
args = sys.argv[7:]
while args:
    opt = args.pop(0)
    if opt == "--note":
        notes.append(args.pop(0))
    else:
        sys.exit(f"record_target.py: unknown option {opt}")

r = {x["command"]: x for x in json.load(open(path))["results"]}[name]


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ms(x):
    return f"{x * 1000:.0f} ms"


mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
runs = len(r.get("times", [])) or "?"
verdict = "met" if r["mean"] < target else "NOT met"
with open(results, "a") as f:
    f.write(f"""
## {title}
- date: {when}; machine: {cpu()}, {os.cpu_count()} cores, {mem_gib:.0f} GiB; {platform.system()} {platform.release()}; {pg}
- command: `{script}`; hyperfine: {runs} runs after one warm-up

| command | mean | σ | min | max |
|---|---|---|---|---|
| {name} | {ms(r['mean'])} | {ms(r['stddev'])} | {ms(r['min'])} | {ms(r['max'])} |

Mean {r['mean']:.3f} s; target < {target:g} s: **{verdict}**.
""" + ("\n" + "\n".join(f"- {n}" for n in notes) + "\n" if notes else ""))
print(f"{title}: {name} {r['mean'] * 1000:.0f} ms (target < {target:g} s: {verdict})")
