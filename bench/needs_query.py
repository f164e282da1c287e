#!/usr/bin/env python3
"""Benchmark (issue 23 item 6): the needs overview's statements on a state.

Usage: bench/needs_query.py STATE_DIR [REV] [GEMEENTE ...]

Takes needs_sql and context_sql as the C compiler sees them (lib/engine/needs.c
of the work tree, and of git revision REV when given: `main`, a commit), runs
each with EXPLAIN (ANALYZE, BUFFERS) three times per gemeente and level in
the running cluster of STATE_DIR (`buurtpeil --state-dir STATE_DIR db start`)
and prints the least execution time; then the server's CPU (the postmaster's
cutime + cstime) of three rounds of both statements over all gemeenten and
levels in one session.  Checks that both revisions give the same rows.
Default gemeenten: Amsterdam, Tilburg, Oss, Hilversum.
"""
import ast
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = ("needs_sql", "context_sql")


def statements(path):
    """The string constants of needs.c after preprocessing (the macros joined)."""
    flags = subprocess.run(["pkg-config", "--cflags", "libpq"], capture_output=True, text=True,
                           check=True).stdout.split()
    pp = subprocess.run(["gcc", "-E", "-P", "-I" + os.path.join(ROOT, "lib"),
                         "-I" + os.path.join(ROOT, "build")] + flags + [path],
                        capture_output=True, text=True, check=True).stdout
    # C's adjacent string literals concatenate as Python's do.
    return {n: ast.literal_eval("(" + re.search(r"static const char %s\[\] =(.*?);\n" % n, pp, re.S).group(1) + ")")
            for n in NAMES}


def psql(conninfo, script):
    return subprocess.run(["psql", "-X", "-q", "-A", conninfo], input=script, capture_output=True,
                          text=True, check=True).stdout


def prepare(sql):
    return "PREPARE q(text, bp.area_level, text, float8, float8) AS %s;\n" % sql


def execute(gm, level, explain=""):
    # The overview's defaults: 10 % worse than the gemeente, percentile 0.9.
    return "%sEXECUTE q('%s', '%s', NULL, 0.1, 0.9);\n" % (explain, gm, level)


def server_cpu(state):
    with open(os.path.join(state, "pgdata", "postmaster.pid")) as f:
        pm = f.readline().strip()
    with open("/proc/%s/stat" % pm) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def main():
    state = sys.argv[1]
    rev = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("GM") else None
    gms = [a for a in sys.argv[2:] if a.startswith("GM")] or ["GM0363", "GM0855", "GM0828", "GM0402"]
    conninfo = "host=%s/run user=buurtpeil dbname=buurtpeil" % state
    variants = {}
    if rev:
        with tempfile.NamedTemporaryFile("w", suffix=".c") as f:
            f.write(subprocess.run(["git", "-C", ROOT, "show", rev + ":lib/engine/needs.c"],
                                   capture_output=True, text=True, check=True).stdout)
            f.flush()
            variants[rev] = statements(f.name)
    variants["work tree"] = statements(os.path.join(ROOT, "lib", "engine", "needs.c"))
    print("load %s" % open("/proc/loadavg").read().split()[:3])
    print("| gemeente | level | statement | " + " | ".join(variants) + " |")
    print("|---|---|---|" + "---|" * len(variants))
    for gm in gms:
        for level in ("wijk", "buurt"):
            for name in NAMES:
                times, rows = [], []
                for v in variants.values():
                    best = min(float(re.search(r"Execution Time: ([0-9.]+)",
                                               psql(conninfo, prepare(v[name]) +
                                                    execute(gm, level, "EXPLAIN (ANALYZE, BUFFERS) "))).group(1))
                               for _ in range(3))
                    times.append("%.0f ms" % best)
                    rows.append(psql(conninfo, prepare(v[name]) + execute(gm, level)))
                same = "" if all(r == rows[0] for r in rows) else " **rows differ**"
                print("| %s | %s | %s | %s |%s" % (gm, level, name, " | ".join(times), same))
    for label, v in variants.items():
        script = "".join(prepare(v[n]).replace("PREPARE q", "PREPARE " + n[0]) for n in NAMES)
        script += "".join(execute(gm, level).replace("EXECUTE q", "EXECUTE " + n[0])
                          for _ in range(3) for gm in gms for level in ("wijk", "buurt") for n in NAMES)
        c0 = server_cpu(state)
        psql(conninfo, script)
        time.sleep(1)  # let the backend exit: its CPU is counted when the postmaster reaps it
        print("server CPU, %s: %.2f s for %d statements" % (label, server_cpu(state) - c0,
                                                             3 * len(gms) * 2 * len(NAMES)))


if __name__ == "__main__":
    main()
