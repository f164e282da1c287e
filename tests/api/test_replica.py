#!/usr/bin/env python3
"""buurtpeil serve on a streaming replica (issue 18, item 5).

The embedded cluster is started as a primary (`db start --primary`) and
loaded with the KWB 2024 slice of Oss and Hilversum; a hot standby is made
from it with pg_basebackup over the primary's socket (a second data folder,
its own socket folder, run by the same unprivileged user as the embedded
server); `serve --db` reads from the standby.  Then `run` on the primary
adds RIVM's three periods, and the standby's answers change: a new ETag,
the new periods and their values (from the fixture's JSON, read here).
The wait for the standby to replay is polled, not timed (meson's timeout
is the bound).
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_serve as ts  # noqa: E402  (its check counters, fixtures, run and Server)

BIN, SRC, KWB, RIVM = ts.BIN, ts.SRC, ts.KWB, ts.RIVM

check = ts.check


def bp(state, *args):
    return ts.run(state, *args)


def as_owner(uid, gid):
    """Run a server program as the embedded server's user (PostgreSQL refuses root)."""
    def drop():
        if os.getuid() == 0:
            os.setgid(gid)
            os.setgroups([])
            os.setuid(uid)
    return drop


def server(cmd, uid, gid):
    r = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=as_owner(uid, gid), stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(f"{os.path.basename(cmd[0])} failed")
    return r


def main():
    tmp = tempfile.mkdtemp(prefix="bp-replica-")
    os.chmod(tmp, 0o755)  # the servers may run as another user
    state = os.path.join(tmp, "state")
    standby = os.path.join(tmp, "standby")
    sb_data, sb_run, sb_log = (os.path.join(standby, x) for x in ("data", "run", "log"))
    bindir = None
    srv = None
    try:
        bp(state, "db", "start", "--primary")
        pgdata = os.path.join(state, "pgdata")
        st = os.stat(pgdata)
        uid, gid = st.st_uid, st.st_gid
        version = open(os.path.join(pgdata, "PG_VERSION")).read().strip()
        bindir = f"/usr/lib/postgresql/{version}/bin"
        if not os.path.exists(os.path.join(bindir, "pg_basebackup")):
            print(f"SKIP: no pg_basebackup in {bindir}")
            return 77
        primary_run = os.path.join(state, "run")
        port = glob.glob(os.path.join(primary_run, ".s.PGSQL.*"))[0].rsplit(".", 1)[1]
        psql = os.path.join(bindir, "psql")

        def sql(host, q):
            return subprocess.run([psql, "-Atc", q, f"host={host} port={port} dbname=buurtpeil user=buurtpeil"],
                                  capture_output=True, text=True, preexec_fn=as_owner(uid, gid)).stdout.strip()

        check(sql(primary_run, "SHOW wal_level") == "replica", "db start --primary: wal_level replica")
        bp(state, "db", "start", "--primary")  # a second time: nothing to change, still running
        bp(state, "import", "statline-csv", KWB)
        bp(state, "compute", "--indicators", os.path.join(SRC, "indicators"))
        check(sql(primary_run, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE n.nspname = 'bp' AND c.relkind = 'r' AND c.relpersistence = 'u'") == "0",
              "sql/024: no unlogged table left in bp (a standby could not read it)")

        os.makedirs(standby)
        os.chown(standby, uid, gid)
        for d in (sb_run,):
            os.makedirs(d, 0o700)
            os.chown(d, uid, gid)
        server([os.path.join(bindir, "pg_basebackup"), "-h", primary_run, "-p", port, "-U", "buurtpeil",
                "-D", sb_data, "-R", "-X", "stream", "-c", "fast"], uid, gid)
        # The copy's configuration names the primary's socket folder: the
        # standby gets its own (later lines win), and stays a hot standby.
        with open(os.path.join(sb_data, "postgresql.conf"), "a", encoding="utf-8") as f:
            f.write(f"\nunix_socket_directories = '{sb_run}'\nhot_standby = on\n")
        server([os.path.join(bindir, "pg_ctl"), "start", "-D", sb_data, "-l", sb_log, "-w", "-t", "600", "-s"],
               uid, gid)
        check(sql(sb_run, "SELECT pg_is_in_recovery()") == "t", "the second server is a standby")

        srv = ts.Server(("--db", f"host={sb_run} port={port} dbname=buurtpeil user=buurtpeil"), "--version-check", "0",
                        "--no-access-log")
        st, h, b = srv.get("/readyz")
        check(st == 200, f"serve on the standby is ready: {st} {b!r}")
        url = "/api/v1/values?indicator=aandeel_65_plus&area=WK082801"
        st, h, b = srv.get(url)
        vals = json.loads(b).get("values", []) if st == 200 else []
        check(st == 200 and len(vals) == 1 and abs(vals[0]["value"] - ts.expected_65()["WK082801"][1]) < 1e-9,
              f"the standby serves the primary's values (comparisons included): {st} {b[:200]!r}")
        check(st == 200 and vals and vals[0]["comparisons"]["gemeente"]["percentile"] is not None,
              "the ranks (bp.comparison_rank, logged since sql/024) reach the standby")
        etag = h.get("etag")
        st, h, b = srv.get("/api/v1/charts/trend/eenzaamheid/WK082801.json")
        check(st == 404, f"no RIVM figures yet: {st}")

        # A run on the primary: RIVM's three periods are new.
        cfg = os.path.join(tmp, "monitor.yaml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(f"""name: replica
gemeenten: [GM0828]
sources:
  - type: statline-csv
    file: {KWB}
  - type: cbs-dump
    dir: {RIVM}
indicators: {SRC}/indicators
charts: {SRC}/charts
output: {os.path.join(tmp, "out")}
""")
        bp(state, "run", "--config", cfg)
        polls = 0
        while True:  # until the standby has replayed the run's commit
            polls += 1
            st, h2, b = srv.get(url)
            if st != 200 or h2.get("etag") != etag:
                break
            time.sleep(0.2)
        check(st == 200 and h2.get("etag") != etag, f"a new ETag through the standby after the run ({polls} polls)")
        check(json.loads(b)["values"][0]["value"] == vals[0]["value"], "the KWB value is unchanged")
        st, h, b = srv.get("/api/v1/charts/trend/eenzaamheid/WK082801.json")
        d = json.loads(b)
        want = ts.rivm_expected("Eenzaam_28", "WK082801")
        got = dict(zip(d.get("periods", []), d["series"][0]["values"])) if st == 200 else {}
        check(st == 200 and len(want) == 3 and all(abs(got.get(p, -1) - v) < 1e-9 for p, v in want.items()),
              f"the run's RIVM figures through the standby: {got} = {want}")
        st, h, b = srv.get("/api/v1/charts/trend/eenzaamheid/WK082801.png")
        check(st == 200 and b.startswith(b"\x89PNG"), "and their chart")
    finally:
        if srv:
            rc, log = srv.stop()
            check(rc == 0, f"serve stops cleanly: {rc} {log[-300:]}")
        if bindir and os.path.exists(os.path.join(sb_data, "postmaster.pid")):
            st = os.stat(sb_data)
            subprocess.run([os.path.join(bindir, "pg_ctl"), "stop", "-D", sb_data, "-m", "fast", "-w", "-s"],
                           preexec_fn=as_owner(st.st_uid, st.st_gid), capture_output=True)
        subprocess.run([BIN, "--state-dir", state, "db", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{ts.checks} checks, {ts.failures} failed")
    return 1 if ts.failures else 0


if __name__ == "__main__":
    sys.exit(main())
