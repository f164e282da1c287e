#!/usr/bin/env python3
"""CPU per stage of one `buurtpeil run` (issue 23 item 6): where the cores sit idle.

Usage: bench/stage_cpu.py BUURTPEIL STATE_DIR -- RUN_ARGS...
  Runs `BUURTPEIL --state-dir STATE_DIR run RUN_ARGS...` on a started server
  (`db start` first) and every 0.2 s reads
  - the program's CPU: utime + stime of /proc/PID/stat (all its threads);
  - the server's CPU: the postmaster's own utime + stime, its cutime + cstime
    (backends that exited) and utime + stime of each live child (backends,
    checkpointer, WAL writer), so a backend is counted while it runs, not
    only when it exits;
  then cuts that timeline at the stage boundaries of the run's record
  (`runs --last 1`: each stage's duration, laid end to end from the process's
  start) and prints per stage its wall time, the program's and the server's
  CPU, and the cores in use ((program + server) / wall; 2 is both cores busy).
  The load average before and after is printed too: on a shared machine the
  CPU seconds compare, the wall and the cores in use only roughly.
"""
import os
import re
import subprocess
import sys
import time

HZ = os.sysconf('SC_CLK_TCK')


def stat(pid):
    with open(f'/proc/{pid}/stat') as f:
        s = f.read()
    return s[s.rindex(')') + 2:].split()   # fields from 3 (state) on: index = field - 3


def cpu(pid, children=False):
    f = stat(pid)
    t = int(f[11]) + int(f[12])            # utime, stime (fields 14, 15)
    if children:
        t += int(f[13]) + int(f[14])       # cutime, cstime (16, 17)
    return t / HZ


def server_cpu(pm):
    total = cpu(pm, children=True)
    try:
        kids = open(f'/proc/{pm}/task/{pm}/children').read().split()
    except OSError:
        kids = []
    for k in kids:
        try:
            total += cpu(k)
        except (OSError, ValueError, IndexError):
            pass   # exited between the listing and the read: its CPU is in cutime now (or next sample)
    return total


def main():
    bp, state = sys.argv[1], sys.argv[2]
    args = sys.argv[sys.argv.index('--') + 1:]
    pm = open(f'{state}/pgdata/postmaster.pid').readline().strip()
    load0 = open('/proc/loadavg').read().split()[:3]
    t0 = time.monotonic()
    p = subprocess.Popen([bp, '--state-dir', state, 'run', *args], stdout=subprocess.DEVNULL,
                         stderr=open(os.environ.get('STAGE_CPU_LOG', os.devnull), 'w'))
    samples = []   # (t, program cpu, server cpu)
    s_base = server_cpu(pm)
    last = 0.0
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        try:
            last = cpu(p.pid)
        except (OSError, ValueError, IndexError):
            pass
        samples.append((time.monotonic() - t0, last, server_cpu(pm) - s_base))
        time.sleep(0.2)
    t_end = time.monotonic() - t0
    p.returncode = rc = os.waitstatus_to_exitcode(status)
    time.sleep(1)   # the backends exit: their CPU into cutime
    # The program's whole CPU from its rusage (the last sample may be up to 0.2 s old).
    samples.append((t_end, ru.ru_utime + ru.ru_stime, server_cpu(pm) - s_base))
    print(f'program: user {ru.ru_utime:.1f} s, system {ru.ru_stime:.1f} s, peak RSS {ru.ru_maxrss / 1024:.0f} MiB')
    load1 = open('/proc/loadavg').read().split()[:3]
    runs = subprocess.run([bp, '--state-dir', state, 'runs', '--last', '1'], capture_output=True, text=True).stdout
    stages = re.findall(r'(\w[\w ]*?) ([0-9.]+) s', runs.split('stages:')[1].splitlines()[0])

    def at(t):
        """The program's and server's CPU at time t (linear between samples)."""
        prev = (0.0, 0.0, 0.0)
        for s in samples:
            if s[0] >= t:
                if s[0] == prev[0]:
                    return s[1], s[2]
                f = (t - prev[0]) / (s[0] - prev[0])
                return prev[1] + f * (s[1] - prev[1]), prev[2] + f * (s[2] - prev[2])
            prev = s
        return prev[1], prev[2]

    # The stages end at the process's end; what comes before the first (configuration, connection) is "start".
    total = sum(float(d) for _, d in stages)
    t = max(0.0, t_end - total)
    rows = [('start', 0.0, t)]
    for name, d in stages:
        if float(d) > 0.05:
            rows.append((name.strip(), t, t + float(d)))
        t += float(d)
    print(f'exit {rc}; wall {t_end:.1f} s; load {" ".join(load0)} before, {" ".join(load1)} after')
    print('| stage | wall | program CPU | server CPU | cores in use |')
    print('|---|---|---|---|---|')
    tp = ts = 0.0
    for name, a, b in rows:
        pa, sa = at(a)
        pb, sb = at(b) if name != rows[-1][0] else samples[-1][1:]
        w = b - a
        tp += pb - pa
        ts += sb - sa
        print(f'| {name} | {w:.1f} s | {pb - pa:.1f} s | {sb - sa:.1f} s | {(pb - pa + sb - sa) / w if w else 0:.2f} |')
    print(f'| all | {t_end:.1f} s | {tp:.1f} s | {ts:.1f} s | {(tp + ts) / t_end:.2f} |')
    return rc


if __name__ == '__main__':
    sys.exit(main())
