#!/usr/bin/env python3
"""Scheduled runs a municipality can leave alone (issue 19), as cron runs them.

The built binary (BP_BINARY) on a throwaway embedded cluster, with a
monitor of three sources: the KWB 2024 CSV, the wijk borders, and RIVM
50090NED downloaded from the loopback CBS stand-in (tests/support/
cbs_server.py).  Checked:

- the stand-in publishes a new vintage whose second data page breaks its
  schema: the run still publishes, exit 3, the gemeente page and the
  published site cite RIVM with "bijgewerkt tot D; de laatste poging op D
  mislukte" (D today, formatted here), the KWB citation carries no such
  note, and not one row of the broken download is in the database;
  `buurtpeil runs` shows the run and the stale source;
- kill -9 of a run in the download, after compute, and while it writes the
  reports, each followed by checks, then a clean run (exit 0) that loads the
  new vintage; `runs` shows the killed runs as interrupted;
- two runs at once: the second is refused (exit 1, a clear message), the
  first ends normally;
- backup and restore as README.md describes it: pg_dump of the database,
  restored into a fresh cluster, dumped again and compared.
"""
import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

BIN = os.environ["BP_BINARY"]
SRC = os.environ["BP_SOURCE_ROOT"]
FIX = os.environ["BP_FIXTURES"]
KWB = os.path.join(FIX, "kwb-2024", "Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv")
WIJKEN = os.path.join(FIX, "geo", "wijken_2024_oss_hilversum.geojson")
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]

failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print(f"FAIL: {what}", flush=True)


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


def psql(state, sql):
    r = run(["--state-dir", state, "db", "psql", "--", "-XAt", "-F", "|", "-c", sql])
    if r.returncode != 0:
        raise SystemExit(f"psql {sql!r}: {r.stderr}")
    return r.stdout.strip()


def control(port, query):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_control?{query}") as f:
        f.read()


def hits(port, page):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stats?page={page}") as f:
        return int(f.read())


def counts(state):
    """Sources, observations and RIVM observations: what a half-loaded source would change."""
    return psql(state, "SELECT (SELECT count(*) FROM bp.source) || ',' || (SELECT count(*) FROM bp.observation_all)"
                       " || ',' || (SELECT count(*) FROM bp.observation_all o JOIN bp.source s ON s.id = o.source_id"
                       "            WHERE s.table_id = '50090NED')")


def write_config(path, out, port):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""name: e2e-runs
gemeenten: [GM0828]
sources:
  - type: statline-csv
    file: {KWB}
    year: 2024
  - type: geojson
    file: {WIJKEN}
    year: 2024
    level: wijk
  - type: cbs
    table: 50090NED
    catalog: RIVM
    base_url: http://127.0.0.1:{port}
    gemeente: [GM0828]
indicators: {SRC}/indicators
charts: {SRC}/charts
output: {out}
pdf: false
needs_overview: false
""")


def wait_until(proc, cond):
    """Poll cond until it holds; False when proc ended first (the point to kill at was missed)."""
    while proc.poll() is None:
        if cond():
            return True
        time.sleep(0.05)
    return False


def last_run_id(state):
    return int(psql(state, "SELECT coalesce(max(id), 0) FROM bp.run"))


def latest_steps(state, after):
    """The stages recorded so far by the first run started after run `after`:
    until the new run has its row, max(id) would be the run before it, whose
    steps (a killed run's "compute", "publish role") must not count."""
    return psql(state, "SELECT coalesce(string_agg(stage, ',' ORDER BY seq), '') FROM bp.run_step "
                       f"WHERE run_id = (SELECT min(id) FROM bp.run WHERE id > {int(after)})")


def check_stale(state, out, port, cfg):
    before = counts(state)
    # CBS publishes a new vintage (one figure revised), and its second data page has a changed schema.
    control(port, "modified=2030-01-01T00:00:00")
    control(port, "revise=1")
    control(port, "page=1&fault=schema")
    r = run(["--state-dir", state, "run", "--config", cfg])
    check(r.returncode == 3, f"a failing source: exit 3, got {r.returncode}: {r.stdout!r} {r.stderr!r}")
    check("published with stale sources" in r.stdout and "1 stale" in r.stdout, f"summary says stale: {r.stdout!r}")
    check("warning:" in r.stderr and "cbs 50090NED" in r.stderr, f"the journal gets the warning: {r.stderr!r}")
    check(hits(port, 1) >= 1, "the download reached the broken page")
    check(counts(state) == before, f"nothing of the broken download loaded: {before} -> {counts(state)}")
    ymd = psql(state, "SELECT to_char(now(), 'YYYY-MM-DD')")
    y, m, d = (int(x) for x in ymd.split("-"))
    day = f"{d} {MONTHS[m - 1]} {y}"
    note = f"(bijgewerkt tot {day}; de laatste poging op {day} mislukte)"
    page = open(os.path.join(out, "GM0828.html"), encoding="utf-8").read()
    cites = re.findall(r"Bron: [^<]*", page)
    rivm = [c for c in cites if "50090NED" in c]
    check(rivm and all(note in c for c in rivm), f"every RIVM citation on the page is marked stale: {rivm[:2]}")
    check(any("85984NED" in c for c in cites) and all(note not in c.split("RIVM")[0] for c in cites
                                                       if "85984NED" in c),
          "the KWB citation carries no stale note")
    site_pages = [os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(out, "site")) for f in fs
                  if f.endswith(".html")]
    marked = [p for p in site_pages if note in open(p, encoding="utf-8").read()]
    check(len(site_pages) > 0 and len(marked) > 0, f"the published site marks it: {len(marked)} of {len(site_pages)}")
    r = run(["--state-dir", state, "runs", "--last", "1"])
    check(r.returncode == 0 and "published with stale sources (exit 3)" in r.stdout
          and "stale cbs 50090NED" in r.stdout and "sources: 2 unchanged, 1 stale" in r.stdout,
          f"runs shows the stale run: {r.stdout!r} {r.stderr!r}")
    control(port, "reset=1")
    control(port, "modified=2030-01-01T00:00:00")   # the new vintage stays; only the fault is gone
    control(port, "revise=1")


def check_kills(state, out, port, cfg):
    before = counts(state)
    killed = 0
    # 1: in the download: the second data page answers after 3 s.
    control(port, "page=1&fault=slow_once")
    p = subprocess.Popen([BIN, "--state-dir", state, "run", "--config", cfg],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    hit = wait_until(p, lambda: hits(port, 1) >= 1)
    p.send_signal(signal.SIGKILL)
    p.wait()
    killed += hit
    check(hit, "kill -9 during the download")
    check(counts(state) == before, "killed in the download: nothing of it loaded")
    # 2 and 3: after compute, and while the reports are written (history rows say where it is).
    for stage in ("effects", "reports"):
        after = last_run_id(state)
        p = subprocess.Popen([BIN, "--state-dir", state, "run", "--config", cfg],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        # The stage before has its row: the run is in (or past the start of) this one.
        before_stage = {"effects": "compute", "reports": "publish role"}[stage]
        hit = wait_until(p, lambda: before_stage in latest_steps(state, after).split(","))
        p.send_signal(signal.SIGKILL)
        p.wait()
        killed += hit
        check(hit, f"kill -9 at {stage}")
    r = run(["--state-dir", state, "runs", "--last", "3"])
    check(r.stdout.count("interrupted (no end recorded") == killed, f"runs shows {killed} interrupted: {r.stdout!r}")
    # The next run is clean: exit 0, the new vintage in, no stale note left.
    r = run(["--state-dir", state, "run", "--config", cfg])
    check(r.returncode == 0 and ": ok;" in r.stdout, f"clean run after the kills: {r.returncode} {r.stdout!r} {r.stderr!r}")
    page = open(os.path.join(out, "GM0828.html"), encoding="utf-8").read()
    check("mislukte" not in page, "after a clean run no citation is stale")
    n = psql(state, "SELECT count(*) FROM bp.source WHERE table_id = '50090NED'")
    check(n == "2", f"the new vintage is loaded once (two vintages of 50090NED): {n}")
    check(psql(state, "SELECT count(*) FROM bp.bulk_pending") == "0", "no dropped index left behind")


def check_concurrent(state, port, cfg):
    control(port, "modified=2031-01-01T00:00:00")   # a vintage to download, slowly
    control(port, "page=1&fault=slow_once")
    # Hits counted from here: the stand-in kept the earlier checks' hits, and
    # waiting for ">= 1" let the second run start before the first held the
    # lock (seen under ASan, where the first starts slowly).
    before = hits(port, 1)
    first = subprocess.Popen([BIN, "--state-dir", state, "run", "--config", cfg], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    got = wait_until(first, lambda: hits(port, 1) > before)
    check(got, "the first run is in its download")
    second = run(["--state-dir", state, "run", "--config", cfg])
    check(second.returncode == 1 and "another run of monitor 'e2e-runs' is in progress" in second.stderr,
          f"the second run is refused: {second.returncode} {second.stderr!r}")
    out, err = first.communicate()
    check(first.returncode == 0, f"the first run ends normally: {first.returncode} {out!r} {err!r}")


def pg_bindir(state):
    r = run(["--state-dir", state, "db", "status"])
    m = re.search(r"PostgreSQL programs in (\S+),", r.stdout)
    if not m:
        raise SystemExit(f"db status: {r.stdout!r}")
    return m.group(1)


def dump(state, bindir, path, fmt):
    """README's backup command: pg_dump over the cluster's socket."""
    r = subprocess.run([os.path.join(bindir, "pg_dump"), "-h", os.path.join(state, "run"), "-U", "buurtpeil",
                        "-d", "buurtpeil", "--no-owner", "-F", fmt, "-f", path], capture_output=True, text=True)
    check(r.returncode == 0, f"pg_dump: {r.stderr}")


def check_backup(tmp, state):
    """Dump, restore into a fresh cluster as README.md says, dump that again: the same."""
    bindir = pg_bindir(state)
    backup = os.path.join(tmp, "buurtpeil.dump")
    dump(state, bindir, backup, "c")
    new = os.path.join(tmp, "state-restored")
    r = run(["--state-dir", new, "db", "start"])
    check(r.returncode == 0, f"db start of a fresh cluster: {r.stderr}")
    sock = os.path.join(new, "run")
    r = subprocess.run([os.path.join(bindir, "psql"), "-XAtq", "-h", sock, "-U", "buurtpeil", "-d", "buurtpeil",
                        "-c", "CREATE ROLE buurtpeil_publish NOLOGIN; CREATE ROLE buurtpeil_survey NOLOGIN;"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"roles: {r.stderr}")
    r = subprocess.run([os.path.join(bindir, "pg_restore"), "-h", sock, "-U", "buurtpeil", "-d", "buurtpeil",
                        "--no-owner", "--exit-on-error", backup], capture_output=True, text=True)
    check(r.returncode == 0, f"pg_restore: {r.stderr}")
    r = run(["--state-dir", new, "db", "migrate"])
    check(r.returncode == 0, f"migrate after the restore (nothing to apply): {r.stdout!r} {r.stderr!r}")
    a, b = os.path.join(tmp, "a.sql"), os.path.join(tmp, "b.sql")
    dump(state, bindir, a, "p")
    dump(new, bindir, b, "p")

    def body(p):
        # The header names the server and pg_dump versions, and \restrict/\unrestrict carry a
        # random key per dump (pg_dump since 15.14): nothing else may differ.
        return [ln for ln in open(p, encoding="utf-8")
                if not ln.startswith(("-- Dumped", "\\restrict", "\\unrestrict"))]
    ta, tb = body(a), body(b)
    # The rows of a table may come back in another physical order: compare the lines as a multiset.
    ta.sort()
    tb.sort()
    diff = next((f"{x!r} / {y!r}" for x, y in zip(ta, tb) if x != y), "")
    check(ta == tb and len(ta) > 1000, f"the restored database dumps the same ({len(ta)} and {len(tb)} lines): {diff}")
    check(counts(new) == counts(state), "the restored database has the same counts")
    r = run(["--state-dir", new, "runs", "--last", "1"])
    check(r.returncode == 0 and "run " in r.stdout, f"runs on the restored database: {r.stdout!r}")
    run(["--state-dir", new, "db", "stop"])


def main():
    global failures
    tmp = tempfile.mkdtemp(prefix="bp-runs-")
    os.chmod(tmp, 0o755)   # the server may run as another user
    state = os.path.join(tmp, "state")
    out = os.path.join(tmp, "out")
    cfg = os.path.join(tmp, "monitor.yaml")
    server = subprocess.Popen([sys.executable, os.path.join(SRC, "tests", "support", "cbs_server.py"),
                               "--fixtures", os.path.join(FIX, "odata")], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        write_config(cfg, out, port)
        r = run(["--state-dir", state, "run", "--config", cfg])
        check(r.returncode == 0 and "3 sources loaded" in r.stdout, f"first run: {r.stdout!r} {r.stderr!r}")
        if r.returncode != 0:
            raise SystemExit("the first run failed; nothing more to check")
        r = run(["--state-dir", state, "runs", "--last", "0"])
        check(r.returncode == 2, "runs --last 0 is a usage error")
        check_stale(state, out, port, cfg)
        check_kills(state, out, port, cfg)
        check_concurrent(state, port, cfg)
        check_backup(tmp, state)
    except SystemExit as e:
        print(f"FAIL: {e}")
        failures += 1
    finally:
        server.terminate()
        server.wait()
        run(["--state-dir", state, "db", "stop"])
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
