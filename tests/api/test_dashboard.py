#!/usr/bin/env python3
"""The dashboard page of buurtpeil serve (issue 18, item 4), in headless Chromium.

A throwaway cluster with the KWB 2024 slice of Oss and Hilversum, the wijk
borders and RIVM 50090NED; `serve` on loopback; Chromium loads
/dashboard with a gemeente, indicator and area chosen in its address and
--dump-dom gives the page after its script ran (virtual time: it waits for
the page's requests, not for a fixed time).  Checked: the map, ranking and
trend pictures loaded (their width), and the figures in the tables equal
the API's and the fixtures' (the 65+ shares from the CSV, RIVM's loneliness
from its JSON), written the Dutch way.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_serve as ts  # noqa: E402  (check counters, fixtures, run, Server, expected values)
import test_interval_basis as ib  # noqa: E402  (a cluster with every interval basis and label)

check = ts.check


def chromium(url):
    """The page after its script ran; None without Chromium."""
    exe = shutil.which("chromium")
    if not exe:
        return None, ""
    prof = tempfile.mkdtemp(prefix="bp-chromium-")
    try:
        # No timeout of its own (as tests/e2e/test_site.py): a hang is meson's timeout.
        r = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            f"--user-data-dir={prof}", "--enable-logging=stderr", "--v=0",
                            "--virtual-time-budget=600000", "--dump-dom", url], capture_output=True, text=True)
        return r.stdout, r.stderr
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def nl(v, dec):
    """Dutch number text with dec decimals, written here (not with the page's code)."""
    s = f"{v:,.{dec}f}"
    return s.replace(",", " ").replace(".", ",").replace(" ", ".")


def table(dom, id_):
    """Rows of a table of the page: [(header cell, [(text, data-value)])]."""
    m = re.search(r'<table id="' + id_ + r'">.*?<tbody>(.*?)</tbody>', dom, re.S)
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", m.group(1) if m else "", re.S):
        head = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        cells = re.findall(r'<td[^>]*?(?: data-value="([^"]*)")?>(.*?)</td>', row, re.S)
        out.append((head.group(1) if head else None, [(t, v) for v, t in cells]))
    return out


def images(dom):
    return dict(re.findall(r'<img id="(\w+)"[^>]*?data-loaded="([^"]*)"', dom))


def main():
    if not shutil.which("chromium"):
        print("SKIP: chromium is not installed (scripts/test.sh installs it)")
        return 77
    tmp = tempfile.mkdtemp(prefix="bp-dashboard-")
    os.chmod(tmp, 0o755)
    state = os.path.join(tmp, "state")
    try:
        ts.run(state, "import", "statline-csv", ts.KWB)
        ts.run(state, "import", "geojson", ts.WIJKEN)
        ts.run(state, "import", "cbs-dump", ts.RIVM)
        ts.run(state, "compute", "--indicators", os.path.join(ts.SRC, "indicators"))
        srv = ts.Server(state, "--no-access-log")
        try:
            pages(srv)
        finally:
            srv.stop()
        subprocess.run([ts.BIN, "--state-dir", state, "db", "stop"], capture_output=True)
        # test_interval_basis's cluster: every kind of value and label
        state = ib.cluster_a(tmp)
        srv = ts.Server(state, "--no-access-log", "--indicators", os.path.join(tmp, "indicators"))
        try:
            labels(srv)
        finally:
            srv.stop()
    finally:
        subprocess.run([ts.BIN, "--state-dir", state, "db", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{ts.checks} checks, {ts.failures} failed")
    return 1 if ts.failures else 0


def pages(srv):
    for path in ("/", "/dashboard"):
        st, h, b = srv.get(path)
        check(st == 200 and h.get("content-type", "").startswith("text/html") and b'<html lang="nl">' in b
              and b"<label for=\"gemeente\">" in b, f"{path}: the dashboard page ({st})")
    base = f"http://127.0.0.1:{srv.port}/dashboard"

    # The 65+ share of the wijken of Oss: ranking, map and the first wijk's trend.
    dom, log = chromium(base + "?gemeente=GM0828&indicator=aandeel_65_plus&area=WK082801")
    check('<body data-ready="1"' in dom, f"the page finished loading: {dom[:200]!r}")
    check("Uncaught" not in log, f"no script errors: {[l for l in log.splitlines() if 'Uncaught' in l][:3]}")
    imgs = images(dom)
    check(set(imgs) == {"kaart", "rangorde", "trend"} and all(v.isdigit() and int(v) >= 800 for v in imgs.values()),
          f"map, ranking and trend pictures loaded (their widths): {imgs}")
    st, h, b = srv.get("/api/v1/charts/ranking/aandeel_65_plus/GM0828.json")
    bars = json.loads(b)["bars"]
    rows = table(dom, "rangorde-tabel")
    exp = ts.expected_65()
    check([r[1][0][0] for r in rows] == [x["code"] for x in bars], "the ranking table: the API's areas, in its order")
    for (name, cells), x in zip(rows, bars):
        (code, _), (text, value) = cells[:2]
        share = exp[code][1]
        if share is None:
            check(x["value"] is None and value == "" and text and text != "–",
                  f"{code}: suppressed, its reason shown: {text!r}")
        else:
            check(abs(float(value) - x["value"]) < 1e-9 and text == nl(share, 1),
                  f"{code}: shown {text!r} = {nl(share, 1)!r} from the CSV (API {x['value']})")
    trend = table(dom, "trend-tabel")
    check(len(trend) == 1 and trend[0][0] == "2024" and trend[0][1][0][0] == nl(exp["WK082801"][1], 1)
          and trend[0][1][1][0] == nl(exp["GM0828"][1], 1), f"the trend table of Schadewijk: {trend}")
    check(re.search(r'<p id="synthetisch" class="let-op" hidden=""></p>', dom) is not None,
          "no synthetic notice for CBS figures")

    # RIVM's loneliness for Schadewijk: three periods in the trend table.
    dom, log = chromium(base + "?gemeente=GM0828&indicator=eenzaamheid&period=2020&area=WK082801")
    imgs = images(dom)
    check('<body data-ready="1"' in dom and imgs.get("trend", "").isdigit(), f"eenzaamheid: loaded {imgs}")
    want = [ts.rivm_expected("Eenzaam_28", c) for c in ("WK082801", "GM0828", "NL01")]
    got = {r[0]: [c[0] for c in r[1][:3]] for r in table(dom, "trend-tabel")}
    check(sorted(got) == ["2012", "2016", "2020"] and all(
        got[p] == [nl(w[p], 1) for w in want] for p in got), f"trend table {got} = the RIVM fixture {want}")
    cap = re.search(r'<table id="rangorde-tabel"><caption>(.*?)</caption>', dom, re.S)
    check(cap and cap.group(1).endswith(", 2020"), f"the ranking of the period chosen in the address: {cap and cap.group(1)!r}")


def labels(srv):
    """What the pages say beside a figure, in the dashboard's own tables: why a value has no interval
    (the pages' words), a model estimate, a synthetic figure, a value carried over from another indeling."""
    base = f"http://127.0.0.1:{srv.port}/dashboard"
    exp = ts.expected_65()
    # KWB counts: no sampling interval, and the table says so on each row.
    dom, log = chromium(base + "?gemeente=GM0828&indicator=aandeel_65_plus")
    rows = table(dom, "rangorde-tabel")
    bad = [(c[0][0], c[2][0], c[3][0]) for _, c in rows
           if c[2][0] != ("een telling uit een registratie, zonder steekproefmarge" if exp[c[0][0]][1] is not None
                          else "geen waarde, dus geen interval") or c[3][0] != ""]
    check(rows and not bad and "Uncaught" not in log, f"65+: every row says why it has no interval: {bad}")
    # RIVM: modelschatting on every row with a value, in the indicator list, and why no interval.
    dom, log = chromium(base + "?gemeente=GM0828&indicator=eenzaamheid&period=2020&area=WK082801")
    rows = table(dom, "rangorde-tabel")
    with_value = [c for _, c in rows if c[1][1] != ""]
    check(with_value and all(c[3][0] == "modelschatting" and c[2][0] ==
                             "een modelschatting; buurtpeil heeft geen marges van deze bron geladen" for c in with_value),
          f"eenzaamheid: modelschatting and why no interval on each row: {with_value[:2]}")
    check(re.search(r'<option value="eenzaamheid">Eenzaamheid – modelschatting</option>', dom) is not None,
          "the indicator list says modelschatting")
    # A composite index of RIVM's figures (indicators/composites/participatie.yaml: every component RIVM's):
    # "uit modelschattingen" in the list, the pages' words, not "modelschatting" nor nothing.  (Its rows are
    # not shown: the charts know no composites, /charts/ranking/participatie is a 404.)
    check(re.search(r'<option value="participatie">Index participatie – uit modelschattingen</option>', dom)
          is not None, "the indicator list says uit modelschattingen of a composite of RIVM's figures")
    trend = {r[0]: [c[0] for c in r[1]] for r in table(dom, "trend-tabel")}
    st, h, b = srv.get("/api/v1/charts/trend/eenzaamheid/WK082801.json")
    tj = json.loads(b)
    want = {p: "; ".join(["modelschatting"] + ([n] if n else [])) for p, n in zip(tj["periods"], tj["period_notes"])}
    check(trend and {p: v[4] for p, v in trend.items()} == want,
          f"the trend table too, with the trend's own note (a value of the same code in an older indeling): "
          f"{ {p: v[4] for p, v in trend.items()} } = {want}")
    # The synthetic survey: its interval from /values, written the Dutch way, and synthetisch.
    st, h, b = srv.get("/api/v1/values?indicator=bp_eenzaam&gemeente=GM0828&period=2022&level=wijk&limit=1000")
    api = {v["area"]["code"]: v for v in json.loads(b)["values"]}
    dom, log = chromium(base + "?gemeente=GM0828&indicator=bp_eenzaam")
    rows = table(dom, "rangorde-tabel")
    bad = []
    for _, c in rows:
        v = api[c[0][0]]
        want = (f"{nl(v['interval']['low'], 0)} – {nl(v['interval']['high'], 0)}" if v["interval"]
                else "geen waarde, dus geen interval")
        if c[2][0] != want or c[3][0] != "synthetisch":
            bad.append((c[0][0], c[2][0], want, c[3][0]))
    check(rows and not bad, f"bp_eenzaam: interval and synthetisch on each row: {bad[:3]}")
    # Carried over from the 2016 indeling: the note, and a span that says it is no 95% interval (bounds
    # from the 2016 file of test_interval_basis).
    r16 = ib.csv_rows(ib.RESULTS_2016)
    dom, log = chromium(base + "?gemeente=GM0828&indicator=ib_resultaten_2016&area=WK082803")
    trend = {r[0]: [c[0] for c in r[1]] for r in table(dom, "trend-tabel")}
    lo, hi = r16[("WK082803", "2016")][2:]
    check(trend.get("2016", [None] * 5)[3] == f"{nl(lo, 1)} – {nl(hi, 1)}; omgerekend van een andere indeling: van de "
          "laagste tot de hoogste grens van de gebieden waaruit het komt, ruimer dan een 95%-interval"
          and trend["2016"][4] == "omgerekend van indeling 2016", f"a translated value with its span: {trend}")
    dom, log = chromium(base + "?gemeente=GM0828&indicator=ib_resultaten_2016&area=WK082802")
    trend = {r[0]: [c[0] for c in r[1]] for r in table(dom, "trend-tabel")}
    check(trend.get("2016", [None] * 5)[3] == "omgerekend van een andere indeling uit cijfers zonder interval; "
          "de fout van de omrekening is niet bekend" and trend["2016"][4] == "omgerekend van indeling 2016",
          f"a translated value without interval: {trend}")


if __name__ == "__main__":
    sys.exit(main())
