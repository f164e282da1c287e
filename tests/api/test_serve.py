#!/usr/bin/env python3
"""buurtpeil serve, end to end over loopback HTTP.

A throwaway embedded cluster gets the KWB 2024 CSV of Oss and Hilversum and
the SYNTHETIC Burgerpeiling of Oss, then `compute`; `serve` is started on a
free port.  Values are checked against shares computed here from the CSV
with Python's csv module (not with our C code); every 200 answer and every
error is validated against lib/api/openapi.json (python3-jsonschema).  Then
caching (ETag, 304, a new compute gives a new tag), gzip, CORS, each error
path, the CSV and XLSX downloads, the ranking chart and its text
alternative, the map, trend and profile charts and theirs, suppression and microdata on the raw bytes, hostile requests
(long URL, bad UTF-8, path traversal, a huge Range, a slowloris client), a
clean stop on SIGTERM, --rate, and the answer cache under the default
--version-check.
"""
import csv
import gzip
import html
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
import io

try:
    import jsonschema
except ImportError:  # python3-jsonschema (scripts/lib.sh BP_TEST_PACKAGES)
    print("SKIP: python3-jsonschema is not installed")
    sys.exit(77)

BIN = os.environ["BP_BINARY"]
SRC = os.environ["BP_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(SRC, "tests", "support"))
import reftest  # noqa: E402  (the test against a gemeente's own interval, written out in Python)
FIX = os.environ["BP_FIXTURES"]
KWB = os.path.join(FIX, "kwb-2024", "Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv")
SURVEY_SAV = os.path.join(FIX, "survey", "burgerpeiling-2022-SYNTHETIC-oss.sav")
SURVEY_CSV = os.path.join(FIX, "survey", "burgerpeiling-2022-SYNTHETIC-oss.csv")
WIJKEN = os.path.join(FIX, "geo", "wijken_2024_oss_hilversum.geojson")
RIVM = os.path.join(FIX, "rivm-50090NED")
EXPERIENCES = os.path.join(SRC, "experiences", "voorbeeld-oss-hilversum.csv")
OPENAPI = json.load(open(os.path.join(SRC, "lib", "api", "openapi.json"), encoding="utf-8"))

failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print(f"FAIL: {what}", flush=True)


def run(state, *args):
    r = subprocess.run([BIN, "--state-dir", state] + list(args), capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(f"buurtpeil {' '.join(args)} failed")
    return r


def expected_65():
    """{code: (inwoners, share of 65+ in %) } from the CSV, by hand; share None below 50 inwoners."""
    with open(KWB, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    col = {h: i for i, h in enumerate(rows[0])}
    code_i = col["Regioaanduiding/Codering (code)"]
    inw_i = col["Bevolking/Aantal inwoners (aantal)"]
    old_i = col["Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)"]
    out = {}
    for r in rows[1:]:
        code = r[code_i].strip()
        if not r[inw_i].strip().isdigit() or not r[old_i].strip().isdigit():
            out[code] = (None, None)
            continue
        inw, old = int(r[inw_i]), int(r[old_i])
        out[code] = (inw, old * 100 / inw if inw >= 50 else None)
    return out


def respondent_ids():
    with open(SURVEY_CSV, encoding="utf-8", newline="") as f:
        return [r["respondent"] for r in csv.DictReader(f, delimiter=";")]


class Server:
    """serve on a free port of loopback; state is a state folder, or ("--db", CONNINFO)."""
    def __init__(self, state, *extra):
        where = list(state) if isinstance(state, tuple) else ["--state-dir", state]
        self.state = state
        self.p = subprocess.Popen([BIN] + where + ["serve", "--listen", "127.0.0.1:0",
                                   "--indicators", os.path.join(SRC, "indicators")] + list(extra),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()  # blocks until it listens (or exits)
        if not line.startswith("listening on"):
            sys.exit(f"serve did not start: {line!r} {self.p.stderr.read()}")
        self.port = int(line.rsplit(":", 1)[1].split("/")[0])

    def get(self, path, headers=None, method="GET"):
        c = http.client.HTTPConnection("127.0.0.1", self.port)
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait()
        log = self.p.stderr.read()
        return rc, log


def schema_for(path_key, status):
    op = OPENAPI["paths"][path_key]["get"]
    resp = op["responses"][str(status)]
    s = dict(resp["content"]["application/json"]["schema"])
    s["components"] = OPENAPI["components"]  # so that #/components/... resolves
    return s


def valid(path_key, status, body, what):
    try:
        jsonschema.Draft202012Validator(schema_for(path_key, status)).validate(json.loads(body))
        check(True, what)
    except jsonschema.ValidationError as e:
        check(False, f"{what}: not as openapi.json says: {e.message} at {list(e.absolute_path)}")


def raw(port, data, read=True):
    """Send bytes as they are (no client normalising the path) and read the answer."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(data)
    out = b""
    if read:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    s.close()
    return out


def status_of(answer):
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def related_pretrend(state, d):
    """The check on a related series (pretrend_series) is served with its effect: for exactly the
    estimates whose YAML names one for the indicator and that have one period before the start and
    some after (the rule of lib/engine/effect.c, read here from the files), as stored, its figures
    consistent with each other."""
    named = {}
    for f in os.listdir(os.path.join(SRC, "interventions")):
        if f.endswith(".yaml"):
            with open(os.path.join(SRC, "interventions", f), encoding="utf-8") as fh:
                for line in fh:
                    m = re.match(r"\s*-\s*\{id:\s*([\w-]+),.*pretrend_series:\s*([\w-]+)", line)
                    if m:
                        named[(f[:-5], m.group(1))] = m.group(2)
    got, want = {}, set()
    for i in d["interventions"]:
        for e in i["effects"]:
            key = (i["id"], e["indicator"], e["area"])
            if e["related_pretrend"] is not None:
                got[key] = e["related_pretrend"]
            if (i["id"], e["indicator"]) in named and e["n_pre"] == 1 and e["n_post"] >= 1:
                want.add(key)
    check(set(got) == want and want, f"related pre-trend checks served for {sorted(want)}: {sorted(got)}")
    rows = run(state, "db", "psql", "--", "-AtF|", "-c",
               "SELECT x.intervention_id, x.indicator_id, x.area_code, x.related_id, x.checked, "
               "coalesce(x.why_not, ''), coalesce(x.diff::text, ''), coalesce(x.parallel::text, '') "
               "FROM bp.intervention_effect_related x JOIN bp.intervention i ON i.id = x.intervention_id "
               "AND i.version = x.version AND i.valid_to IS NULL").stdout.splitlines()
    stored = {tuple(r.split("|")[:3]): r.split("|")[3:] for r in rows if r}
    check(set(stored) == set(got), f"related checks: served {len(got)}, stored {len(stored)}")
    for key, r in got.items():
        s = stored.get(key, [None] * 5)
        same = (r["series"] == named[key[:2]] == s[0] and r["checked"] == (s[1] == "t")
                and (r["why_not"] or "") == s[2])
        if r["checked"]:
            same = same and r["why_not"] is None and abs(r["difference_per_year"] - float(s[3])) < 1e-9 and \
                abs(r["difference_per_year"] - (r["slope_target"] - r["slope_comparison"])) < 1e-9 and \
                r["first_year"] < r["last_year"] and r["n_years"] >= 2 and \
                (r["standardised_drift"] is None or r["parallel"] == (abs(r["standardised_drift"]) < 0.25))
        else:
            same = same and r["why_not"] and all(r[k] is None for k in ("n_years", "difference_per_year", "parallel"))
        check(same, f"related check {key}: {r} as stored {s}")


def main():
    tmp = tempfile.mkdtemp(prefix="bp-serve-")
    os.chmod(tmp, 0o755)  # the server may run as another user
    state = os.path.join(tmp, "state")
    try:
        run(state, "import", "statline-csv", KWB)
        run(state, "import", "survey", SURVEY_SAV, "--mapping", os.path.join(SRC, "surveys", "burgerpeiling-2022.yaml"))
        run(state, "import", "geojson", WIJKEN)
        run(state, "import", "cbs-dump", RIVM)  # three periods: the trend charts
        run(state, "import", "experiences", EXPERIENCES)
        run(state, "compute", "--indicators", os.path.join(SRC, "indicators"))
        run(state, "interventions", "effects", "--dir", os.path.join(SRC, "interventions"),
            "--indicators", os.path.join(SRC, "indicators"))
        # --version-check 0: a new compute is seen by the very next request
        srv = Server(state, "--timeout", "2", "--cors", "https://dashboard.example.nl", "--version-check", "0")
        try:
            bodies = resources(srv)
            bodies += programme(srv, state)
            errors(srv)
            caching(srv, state)
            bodies += downloads(srv)
            bodies += charts(srv)
            bodies += english_charts(srv)
            profile_interval(srv, state)
            reference_interval(srv, state)
            privacy(bodies)
            hostile(srv)
        finally:
            rc, log = srv.stop()
            for l in log.splitlines():
                if not l.startswith("{"):
                    print("serve:", l)  # anything but the access log: shown for the reader of a failure
        check(rc == 0, f"SIGTERM ends serve with 0, got {rc}")
        rate_limit(state)
        published_set(state, tmp)
        default_version_check(state)
        lines = [json.loads(l) for l in log.splitlines() if l.startswith("{")]
        check(any(l.get("status") == 304 for l in lines) and all("path" in l and "ms" in l for l in lines),
              "the access log has one JSON line per request, with path, status and time")
    finally:
        subprocess.run([BIN, "--state-dir", state, "db", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks} checks, {failures} failed")
    return 1 if failures else 0


def rivm_indicators():
    """The ids of the shipped indicators that are RIVM's small-area model estimates, read here from
    indicators/*.yaml: a published share from RIVM's Gezondheidsmonitor (CBS 50090NED)."""
    out = set()
    d = os.path.join(SRC, "indicators")
    for f in os.listdir(d):
        if not f.endswith(".yaml"):
            continue   # composites/: indices, not figures of a source
        y = open(os.path.join(d, f), encoding="utf-8").read()
        kind, src, ind = (re.search(rf"^{k}: *(.*)$", y, re.M) for k in ("kind", "source", "id"))
        if kind and kind.group(1).strip() == "published_share" and src and ("RIVM" in src.group(1)
                                                                          or "50090NED" in src.group(1)):
            out.add(ind.group(1).strip())
    return out


def rivm_composites(rivm):
    """The ids of the shipped composite indices built only from RIVM's model estimates, read here from
    indicators/composites/*.yaml: every component one of rivm (the pages' "uit modelschattingen")."""
    out = set()
    d = os.path.join(SRC, "indicators", "composites")
    for f in os.listdir(d):
        y = open(os.path.join(d, f), encoding="utf-8").read()
        comps = re.findall(r"\{indicator:\s*(\w+)", y)
        if comps and all(c in rivm for c in comps):
            out.add(re.search(r"^id: *(\w+)", y, re.M).group(1))
    return out


def model_estimates(srv):
    """A RIVM figure says it is a model estimate (model_estimate, in the CSV "modelschatting: ja"), and
    so does a composite index built from them, as /composites and the pages ("uit modelschattingen")
    say; a KWB count and a synthetic survey figure do not; "estimate" keeps its own meaning."""
    rivm = rivm_indicators()
    check("eenzaamheid" in rivm and "aandeel_65_plus" not in rivm and "bp_eenzaam" not in rivm,
          f"indicators/*.yaml: eenzaamheid is RIVM's, aandeel_65_plus and bp_eenzaam not ({sorted(rivm)})")
    index = rivm_composites(rivm)
    check(index >= {"participatie", "sociale_veerkracht"}, f"composites of RIVM's figures only: {sorted(index)}")
    rivm = rivm | index
    # The list of indicators says it too: a client that reads it first must not take them for measurements.
    st, h, b = srv.get("/api/v1/indicators")
    inds = json.loads(b)["indicators"]
    check(inds and all(i["model_estimate"] is (i["id"] in rivm) for i in inds) and any(i["model_estimate"] for i in inds),
          f"indicators: model_estimate exactly for RIVM's: {[i['id'] for i in inds if i['model_estimate']]}")
    st, h, b = srv.get("/api/v1/values?area=WK082801")
    vals = json.loads(b)["values"]
    check({v["indicator"] for v in vals} >= {"eenzaamheid", "aandeel_65_plus", "bp_eenzaam"} | index,
          "values of WK082801: a RIVM, a KWB and a synthetic indicator, and the indices of RIVM's")
    for v in vals:
        check(v["model_estimate"] is (v["indicator"] in rivm),
              f"values: {v['indicator']} model_estimate {v['model_estimate']}, RIVM's: {v['indicator'] in rivm}")
    check(all(v["estimate"] is False for v in vals), "values: no wijk's value is buurtpeil's own aggregate")
    st, h, b = srv.get("/api/v1/values.csv?area=WK082801")
    rows = list(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"))
    cells = [dict(zip(rows[0], r)) for r in rows[1:]]
    check(cells and all(c["modelschatting"] == ("ja" if c["indicator"] in rivm else "nee") for c in cells),
          f"values.csv: the column modelschatting is ja exactly for RIVM's ({len(cells)} rows)")
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/needs")
    items = [i for a in json.loads(b)["areas"] for i in a["items"]]
    check(items and all(i["model_estimate"] is (i["indicator"] in rivm) for i in items)
          and any(i["model_estimate"] for i in items) and any(i["indicator"] in index for i in items),
          "needs: model_estimate exactly for RIVM's items and indices of them (and some are)")
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/composites?level=wijk")
    comp = json.loads(b)["composites"]
    check(comp and all(c["model_estimate"] is (c["composite"] in index) for c in comp),
          "composites: model_estimate exactly for the indices of RIVM's figures, as /values says")


def resources(srv):
    bodies = []
    st, h, b = srv.get("/healthz")
    check(st == 200 and json.loads(b)["status"] == "ok", "/healthz")
    st, h, b = srv.get("/readyz")
    check(st == 200 and json.loads(b)["status"] == "ready", f"/readyz: {b!r}")
    st, h, b = srv.get("/api/v1/openapi.json")
    check(st == 200 and json.loads(b) == OPENAPI, "the served OpenAPI file is lib/api/openapi.json")

    st, h, b = srv.get("/api/v1/gemeenten")
    bodies.append(b)
    valid("/gemeenten", 200, b, "gemeenten")
    check([g["code"] for g in json.loads(b)["gemeenten"]] == ["GM0402", "GM0828"], f"gemeenten: {b!r}")

    exp = expected_65()
    st, h, b = srv.get("/api/v1/areas?gemeente=GM0828&level=wijk&indeling=2024")
    bodies.append(b)
    valid("/areas", 200, b, "areas")
    wijken = {a["code"] for a in json.loads(b)["areas"]}
    check(wijken == {c for c in exp if c.startswith("WK0828")}, "areas: the wijken of Oss in the CSV")

    st, h, b = srv.get("/api/v1/areas?gemeente=GM0828&level=wijk&indeling=2024&geometry=1")
    valid("/areas", 200, b, "areas with geometry")
    src = {f["properties"]["wijkcode"]: f["geometry"] for f in json.load(open(WIJKEN, encoding="utf-8"))["features"]}
    for a in json.loads(b)["areas"]:
        g, want = a["geometry"], src.get(a["code"])
        if want is None:
            check(g is None, f"{a['code']}: no border loaded, geometry null")
            continue
        polys = want["coordinates"] if want["type"] == "MultiPolygon" else [want["coordinates"]]
        pts = [p for poly in polys for ring in poly for p in ring]
        got = [p for poly in g["coordinates"] for ring in poly for p in ring]
        bbox = lambda ps: (min(p[0] for p in ps), min(p[1] for p in ps), max(p[0] for p in ps), max(p[1] for p in ps))
        # simplified by 5 m in RD New: the extent stays within ~0.0001 degree of the source's
        check(g["type"] == "MultiPolygon" and all(abs(x - y) < 1e-4 for x, y in zip(bbox(got), bbox(pts))),
              f"{a['code']}: border's extent {bbox(got)} = the GeoJSON fixture's {bbox(pts)}")
    st, h, b = srv.get("/api/v1/areas/WK082801?geometry=1")
    check(st == 200 and json.loads(b)["area"]["geometry"]["type"] == "MultiPolygon", "profile with its border")
    st, h, b = srv.get("/api/v1/indicators")
    bodies.append(b)
    valid("/indicators", 200, b, "indicators")
    inds = {i["id"]: i for i in json.loads(b)["indicators"]}
    check(inds["aandeel_65_plus"]["periods"] == ["2024"] and inds["aandeel_65_plus"]["unit"] == "%",
          "indicator aandeel_65_plus: period 2024, unit %")
    check(inds["bp_eenzaam"]["synthetic"] is True, "a Burgerpeiling indicator is labelled synthetic")
    check(inds["aandeel_65_plus"]["synthetic"] is False, "a CBS indicator is not labelled synthetic")

    st, h, b = srv.get("/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828&level=wijk&period=2024")
    bodies.append(b)
    valid("/values", 200, b, "values")
    vals = {v["area"]["code"]: v for v in json.loads(b)["values"]}
    check(set(vals) == wijken, "values: one per wijk of Oss")
    gem_share = exp["GM0828"][1]
    nl_share = exp["NL01"][1] if "NL01" in exp else exp.get("NL00", (None, None))[1]
    ranked = sorted(s for c, (n, s) in exp.items() if c.startswith("WK0828") and s is not None)
    n_suppressed = 0
    for code, v in vals.items():
        inw, share = exp[code]
        if share is None:
            n_suppressed += 1
            check(v["value"] is None and v["interval"] is None and v["suppressed_reason"],
                  f"{code} ({inw} inwoners) is suppressed with its reason: {v}")
            continue
        check(abs(v["value"] - share) < 1e-9, f"{code}: value {v['value']} = {share} from the CSV")
        g = v["comparisons"]["gemeente"]
        check(g["reference"] == "GM0828" and abs(g["reference_value"] - gem_share) < 1e-9
              and abs(g["difference"] - (share - gem_share)) < 1e-9, f"{code}: against Oss {g}")
        if ranked.count(share) == 1:  # ties aside: neutral polarity ranks the highest value 1
            pct = ranked.index(share) / (len(ranked) - 1)
            check(g["n_ranked"] == len(ranked) and abs(g["percentile"] - pct) < 1e-9,
                  f"{code}: percentile {g['percentile']} of {g['n_ranked']} = {pct} of {len(ranked)}")
        land = v["comparisons"]["land"]
        check(land["scope"]["national"] is False,
              f"{code}: two gemeenten are not Nederland: the percentile is not called national")
        # In words, as the pages say it: the wijken of the two gemeenten with a figure, never "Nederland".
        n_all = sum(1 for c, (n, s) in exp.items() if c.startswith("WK") and s is not None)
        check(land["scope"]["n"] == n_all
              and land["scope"]["description"] == f"de {n_all} wijken in deze monitor met cijfers",
              f"{code}: the percentile's distribution in words: {land['scope']} ({n_all} wijken with a share)")
        if nl_share is not None and land["reference_value"] is not None:
            check(abs(land["reference_value"] - nl_share) < 1e-9, f"{code}: Nederland {land['reference_value']}")
    check(n_suppressed > 0 or all(exp[c][1] is not None for c in vals), "suppressed wijken were checked")
    check(any(v["comparisons"]["land"]["percentile"] is not None for v in vals.values())
          and all(v["comparisons"]["land"]["min_ranked"] == 10 for v in vals.values()),
          f"the wijken of the two gemeenten ({n_all} >= 10 ranked) keep their percentile")
    too_few_areas(srv, exp)
    wijk_too_few(srv, srv.state, exp)

    model_estimates(srv)

    st, h, b = srv.get("/api/v1/areas/WK082801")
    bodies.append(b)
    valid("/areas/{code}", 200, b, "profile")
    prof = json.loads(b)
    check(prof["area"]["name"] == "Schadewijk" and prof["area"]["gemeente_name"] == "Oss", "profile: the area")
    pv = {v["indicator"]: v for v in prof["values"]}
    check(abs(pv["aandeel_65_plus"]["value"] - exp["WK082801"][1]) < 1e-9, "profile: the 65+ share from the CSV")
    check(len({v["indicator"] for v in prof["values"]}) == len(prof["values"]), "profile: one value per indicator")
    check(all(v["synthetic"] for k, v in pv.items() if k.startswith("bp_")) and any(k.startswith("bp_") for k in pv),
          "profile: the Burgerpeiling values are labelled synthetic")

    st, h, b = srv.get("/api/v1/gemeenten/GM0828/needs")
    bodies.append(b)
    valid("/gemeenten/{code}/needs", 200, b, "needs")
    needs = json.loads(b)
    check(needs["name"] == "Oss" and {a["code"] for a in needs["areas"]} <= wijken, "needs: the wijken of Oss")
    items = [i for a in needs["areas"] for i in a["items"]]
    check(all(i["synthetic"] == i["indicator"].startswith("bp_") for i in items),
          "needs: synthetic exactly for the Burgerpeiling items")
    check(items and all(i["percentile"]["min_ranked"] == 10
                        and (i["percentile"]["value"] is None) == (i["percentile"]["n"] < 10)
                        and (not i["by_percentile"] or i["percentile"]["n"] >= 10) for i in items),
          "needs: a percentile (and a flag by it) exactly where at least 10 areas were ranked")
    # The needs overview of `buurtpeil needs` (the CLI) flags the same areas.
    st, h, b = srv.get("/api/v1/values?area=WK082801&limit=2")
    valid("/values", 200, b, "values with a limit")
    page = json.loads(b)
    check(len(page["values"]) == 2 and page["next_offset"] == 2, "limit and next_offset")
    st, h, b2 = srv.get("/api/v1/values?area=WK082801&limit=2&offset=2")
    check(json.loads(b2)["values"][0] != page["values"][0], "offset pages on")
    # No crosswalk is loaded here: every value is native, and says so (issue 22; a
    # translated one is read in tests/engine/test_translate.c).
    st, h, b = srv.get("/api/v1/values?area=WK082801")
    vals = json.loads(b)["values"]
    check(vals and all(v["translated"] is False and v["note"] is None and v["from_indeling_year"] is None
                       for v in vals), "values: native ones say translated false, no note")
    return bodies


def programme(srv, state):
    """Composites, interventions and experiences against the database and the fixture."""
    bodies = []
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/composites?level=wijk")
    bodies.append(b)
    valid("/gemeenten/{code}/composites", 200, b, "composites")
    comps = json.loads(b)["composites"]
    # Ranks per composite and period are 1..n over the wijken of the whole
    # distribution; here: each is within 1..n_ranked, and its rank interval
    # (where there is one) holds it.
    check(comps and {c["composite"] for c in comps} <= {"participatie", "sociale_veerkracht"}
          and all(1 <= c["rank"] <= c["n_ranked"] and c["area"]["level"] == "wijk"
                  and c["area"]["code"].startswith("WK0828") for c in comps), f"composites: {comps[:2]}")
    check(all(c["rank_interval"] is None or c["rank_interval"]["low"] <= c["rank"] <= c["rank_interval"]["high"]
              for c in comps), "composites: the rank within its interval")
    # Each carries its source, and says it is made of RIVM's model estimates where its definition
    # (indicators/composites/*.yaml, read here) takes its components from RIVM's 50090NED.
    for c in comps:
        y = open(os.path.join(SRC, "indicators", "composites", c["composite"] + ".yaml"), encoding="utf-8").read()
        src = re.search(r"^source: *(.+)$", y, re.M).group(1).strip()
        check(c.get("source") == src and c.get("model_estimate") is ("50090NED" in src and not c["synthetic"]),
              f"composites: {c['composite']} {c['area']['code']} cites {src!r}, model estimate: {c.get('model_estimate')}")
    check(all(c["rank_over_weightings"]["min"] <= c["rank"] <= c["rank_over_weightings"]["max"] for c in comps),
          "composites: the rank within its range over the weightings")
    # The values are the composite's own rows of bp.indicator_value, as /values serves them.
    one = comps[0]
    st, h, b = srv.get(f"/api/v1/values?indicator={one['composite']}&area={one['area']['code']}&period={one['period']}")
    v = [x for x in json.loads(b)["values"] if x["indeling_year"] == one["indeling_year"]]
    check(len(v) == 1 and abs(v[0]["value"] - one["value"]) < 1e-9, f"composite value = /values: {v} {one}")
    # Ranks ordered as the values: the best value of a period ranks 1 (a composite: higher is more need).
    per = {}
    for c in comps:
        per.setdefault((c["composite"], c["period"], c["indeling_year"]), []).append(c)
    for key, cs in per.items():
        if len(cs) == cs[0]["n_ranked"]:
            order = [c["area"]["code"] for c in sorted(cs, key=lambda c: c["rank"])]
            byval = [c["area"]["code"] for c in sorted(cs, key=lambda c: -c["value"])]
            check(order == byval or order == byval[::-1], f"composites {key}: ranks follow the values")

    st, h, b = srv.get("/api/v1/interventions?gemeente=GM0828")
    bodies.append(b)
    valid("/interventions", 200, b, "interventions")
    d = json.loads(b)
    ids = {i["id"] for i in d["interventions"]}
    want = {f[:-5] for f in os.listdir(os.path.join(SRC, "interventions")) if f.startswith("oss-") and f.endswith(".yaml")}
    check(ids == want and d["effects_published"] is False and all(i["effects"] is None for i in d["interventions"]),
          f"interventions of Oss {ids} = {want}, without effects unless --effects")
    check(all(i["example"] and "voorbeeld" in i["name"].lower() for i in d["interventions"]),
          "the example interventions are labelled as such")
    # With --effects: the estimates are those `interventions effects` stored (read with psql here).
    srv2 = Server(state, "--effects", "--no-access-log")
    try:
        st, h, b = srv2.get("/api/v1/interventions")
        valid("/interventions", 200, b, "interventions with effects")
        d = json.loads(b)
        got = {(i["id"], e["indicator"], e["area"]): (e["estimate"], e["verdict"])
               for i in d["interventions"] for e in i["effects"]}
        rows = run(state, "db", "psql", "--", "-AtF|", "-c",
                   "SELECT intervention_id, indicator_id, area_code, estimate, verdict FROM bp.intervention_effect e "
                   "JOIN bp.intervention i ON i.id = e.intervention_id AND i.version = e.version AND i.valid_to IS NULL"
                   ).stdout.split()
        stored = {}
        for r in rows:
            iv, ind, area, est, verdict = r.split("|")
            stored[(iv, ind, area)] = (float(est) if est else None, verdict)
        check(d["effects_published"] is True and set(got) == set(stored) and all(
            (got[k][0] is None and stored[k][0] is None) or abs(got[k][0] - stored[k][0]) < 1e-9 for k in got)
              and all(got[k][1] == stored[k][1] for k in got), f"effects: {len(got)} as stored ({len(stored)})")
        related_pretrend(state, d)
    finally:
        srv2.stop()

    st, h, b = srv.get("/api/v1/experiences?gemeente=GM0828")
    bodies.append(b)
    valid("/experiences", 200, b, "experiences")
    got = json.loads(b)["experiences"]
    with open(EXPERIENCES, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    consented = [r for r in rows if r["consent"] == "ja" and r["area"].startswith("WK0828")]
    check(len(got) == len(consented) and sorted(e["date"] for e in got) == sorted(r["date"] for r in consented),
          f"experiences of Oss: the {len(consented)} with consent, got {len(got)}")
    check(all(e["example"] for e in got), "experiences: the examples are labelled")
    for r in rows:
        if r["consent"] != "ja" and r["text"]:
            check(r["text"].encode() not in b"".join(bodies) and r["text"][:40].encode() not in b,
                  f"an experience without consent is never served: {r['text'][:40]!r}")
    st, h, b = srv.get("/api/v1/experiences?area=WK082801&theme=sociale-veerkracht&limit=2")
    check(st == 200 and len(json.loads(b)["experiences"]) == 2, "experiences: filters and limit")
    return bodies


def errors(srv):
    cases = [
        ("/api/v1/areas/XX0000", 404, "/areas/{code}", "area", "XX0000"),
        ("/api/v1/values?indicator=nope", 404, "/values", "indicator", "nope"),
        ("/api/v1/values?area=WK999999", 404, "/values", "area", "WK999999"),
        ("/api/v1/values?gemeente=GM9999", 404, "/values", "gemeente", "GM9999"),
        ("/api/v1/gemeenten/GM9999/needs", 404, "/gemeenten/{code}/needs", "gemeente", "GM9999"),
        ("/api/v1/values?indicator=aandeel_65_plus&level=dorp", 400, "/values", "level", "dorp"),
        ("/api/v1/values?indicator=aandeel_65_plus&limit=abc", 400, "/values", "limit", None),
        ("/api/v1/values?indicator=aandeel_65_plus&limit=100000", 400, "/values", "limit", None),
        ("/api/v1/values?indicator=aandeel_65_plus&offset=-1", 400, "/values", "offset", None),
        ("/api/v1/values", 400, "/values", "indicator", None),
        ("/api/v1/values?indicator=aandeel_65_plus&colour=red", 400, "/values", "colour", "colour"),
        ("/api/v1/values?indicator=a%27%3B%20DROP%20TABLE%20bp.area", 400, "/values", "indicator", None),
        ("/api/v1/areas?level=planet", 400, "/areas", "level", "planet"),
        ("/api/v1/areas?indeling=20x4", 400, "/areas", "indeling", None),
        ("/api/v1/areas?gemeente=GM9999", 404, "/areas", "gemeente", "GM9999"),
        ("/api/v1/gemeenten?x=1", 400, "/gemeenten", "x", "x"),
        ("/api/v1/areas?geometry=1", 400, "/areas", "geometry", None),
        ("/api/v1/areas?gemeente=GM0828&geometry=yes", 400, "/areas", "geometry", None),
        ("/api/v1/gemeenten/GM0828/needs?level=land", 400, "/gemeenten/{code}/needs", "level", None),
        ("/api/v1/gemeenten/GM9999/composites", 404, "/gemeenten/{code}/composites", "gemeente", "GM9999"),
        ("/api/v1/gemeenten/GM0828/composites?level=land", 400, "/gemeenten/{code}/composites", "level", None),
        ("/api/v1/interventions?gemeente=GM9999", 404, "/interventions", "gemeente", "GM9999"),
        ("/api/v1/interventions?x=1", 400, "/interventions", "x", "x"),
        ("/api/v1/experiences?area=WK999999", 404, "/experiences", "area", "WK999999"),
        ("/api/v1/experiences?limit=-3", 400, "/experiences", "limit", None),
    ]
    for url, want, key, param, named in cases:
        st, h, b = srv.get(url)
        check(st == want, f"{url}: {st}, wanted {want}: {b!r}")
        if st == want:
            valid(key, want, b, f"{url}: the error")
            e = json.loads(b)["error"]
            check(e.get("parameter") == param and e["hint"], f"{url}: names parameter {param}: {e}")
            if named:
                check(named in e["message"], f"{url}: the message names {named!r}: {e['message']}")
        check(h.get("cache-control") == "no-store", f"{url}: an error is not cached")
    for url in ["/api/v1/nothing", "/nothing", "/api/v2/values", "/api/v1/areas/WK082801/extra"]:
        st, h, b = srv.get(url)
        check(st == 404 and "error" in json.loads(b), f"{url}: 404 JSON, got {st} {b!r}")
    for m in ["POST", "PUT", "DELETE"]:
        st, h, b = srv.get("/api/v1/gemeenten", method=m)
        check(st == 405 and "GET" in h.get("allow", ""), f"{m}: 405 with Allow, got {st}")
    st, h, b = srv.get("/api/v1/gemeenten", method="HEAD")
    check(st == 200 and b == b"", "HEAD: 200 without a body")
    st, h, b = srv.get("/api/v1/gemeenten", method="OPTIONS")
    check(st == 204 and h.get("access-control-allow-origin") == "https://dashboard.example.nl", "CORS preflight")
    a = raw(srv.port, b"POST /api/v1/values HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
    check(status_of(a) in (405, 413), f"a body is refused: {a[:80]!r}")


def caching(srv, state):
    st, h, b = srv.get("/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828")
    etag, lm = h.get("etag"), h.get("last-modified")
    check(etag and lm and "max-age" in h.get("cache-control", ""), f"ETag, Last-Modified, Cache-Control: {h}")
    check(h.get("access-control-allow-origin") == "https://dashboard.example.nl", "CORS header on data")
    st2, h2, b2 = srv.get("/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828", {"If-None-Match": etag})
    check(st2 == 304 and b2 == b"" and h2.get("etag") == etag, f"If-None-Match: 304, got {st2}")
    st2, h2, b2 = srv.get("/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828",
                          {"If-None-Match": '"other", ' + etag})
    check(st2 == 304, "If-None-Match with a list: 304")
    st2, h2, b2 = srv.get("/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828", {"If-None-Match": '"stale"'})
    check(st2 == 200 and b2 == b, "a stale tag gets the data")
    st3, h3, b3 = srv.get("/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828", {"Accept-Encoding": "gzip"})
    check(st3 == 200 and h3.get("content-encoding") == "gzip" and gzip.decompress(b3) == b
          and h3.get("etag") != etag, "gzip when asked, same JSON, its own ETag")
    run(state, "compute", "--indicators", os.path.join(SRC, "indicators"), "--force")
    st4, h4, b4 = srv.get("/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0828", {"If-None-Match": etag})
    check(st4 == 200 and h4.get("etag") != etag and json.loads(b4) == json.loads(b),
          "a new compute: a new ETag, the old one no longer gives 304")


def too_few_areas(srv, exp):
    """A gemeente ranked among the fixture's gemeenten: fewer than 10, so no percentile and no
    worst-decile flag (a decile of 2 claims more than the figures are), but the reason, how many
    were ranked and over what, in the pages' words."""
    n_gem = sum(1 for c, (n, s) in exp.items() if c.startswith("GM") and s is not None)
    check(2 <= n_gem < 10, f"the fixture has {n_gem} gemeenten with a share: fewer than 10")
    st, h, b = srv.get("/api/v1/values?indicator=aandeel_65_plus&area=GM0828&period=2024")
    valid("/values", 200, b, "values")
    (v,) = json.loads(b)["values"]
    land = v["comparisons"]["land"]
    check(land["percentile"] is None and land["worst_decile"] is None
          and land["not_ranked_reason"] == "too_few_areas" and land["min_ranked"] == 10
          and land["n_ranked"] == n_gem and land["scope"]["national"] is False
          and land["scope"]["description"] == f"de {n_gem} gemeenten in deze monitor met cijfers",
          f"GM0828 among {n_gem} gemeenten: no percentile or decile, why, over how many and what: {land}")
    st, h, b = srv.get("/api/v1/values.csv?indicator=aandeel_65_plus&area=GM0828&period=2024")
    rows = list(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"))
    cell = dict(zip(rows[0], rows[1]))
    check(cell["percentiel (in verdeling)"] == "" and cell["slechtste 10% (verdeling)"] == ""
          and cell["reden niet gerangschikt (verdeling)"] == "too_few_areas"
          and cell["verdeling"] == f"de {n_gem} gemeenten in deze monitor met cijfers",
          f"GM0828's CSV row: no percentile, the reason and the distribution {cell}")


def wijk_too_few(srv, state, exp):
    """One rule for the engine, the pages and the API (engine/compare.h): a Hilversum wijk is ranked
    among all wijken of the fixture (>= 10: a percentile, computed here from the CSV) but not among
    Hilversum's own (< 10): null, too_few_areas and their number, in the API and in the stored
    comparison alike (not only the API's guard)."""
    hil = sorted(c for c, (n, s) in exp.items() if c.startswith("WK0402") and s is not None)
    allw = sorted(s for c, (n, s) in exp.items() if c.startswith("WK") and s is not None)
    check(2 <= len(hil) < 10 <= len(allw), f"the fixture: {len(hil)} wijken of Hilversum, {len(allw)} in all")
    code = next(c for c in hil if allw.count(exp[c][1]) == 1)   # ties aside
    st, h, b = srv.get(f"/api/v1/values?indicator=aandeel_65_plus&area={code}&period=2024")
    valid("/values", 200, b, "values")
    (v,) = json.loads(b)["values"]
    g, land = v["comparisons"]["gemeente"], v["comparisons"]["land"]
    check(g["percentile"] is None and g["worst_decile"] is None and g["not_ranked_reason"] == "too_few_areas"
          and g["n_ranked"] == len(hil) and g["min_ranked"] == 10,
          f"{code} among the {len(hil)} wijken of Hilversum: not ranked, why and over how many: {g}")
    pct = allw.index(exp[code][1]) / (len(allw) - 1)   # neutral: ranked by value, the lowest 0
    check(land["percentile"] is not None and abs(land["percentile"] - pct) < 1e-9
          and land["n_ranked"] == len(allw) and land["not_ranked_reason"] is None,
          f"{code} among all {len(allw)} wijken: percentile {land['percentile']} = {pct}")
    stored = run(state, "db", "psql", "--", "-AtF|", "-c",
                 "SELECT reference_kind, coalesce(percentile::text, 'null'), coalesce(not_ranked_reason, '') "
                 "FROM bp.indicator_comparison WHERE indicator_id = 'aandeel_65_plus' AND area_code = "
                 f"'{code}' AND period = '2024' AND reference_kind IN ('land', 'gemeente') ORDER BY 1").stdout.split()
    check(len(stored) == 2 and stored[0] == "gemeente|null|too_few_areas" and stored[1].startswith("land|")
          and abs(float(stored[1].split("|")[1]) - pct) < 1e-9 and stored[1].endswith("|"),
          f"{code}: the stored comparisons say the same: {stored}")


def downloads(srv):
    """Every list as CSV the way Dutch Excel reads it, with the JSON's figures."""
    out = []
    q = "indicator=aandeel_65_plus&gemeente=GM0828&level=wijk"
    st, h, js = srv.get("/api/v1/values?" + q)
    st, h, b = srv.get("/api/v1/values.csv?" + q)
    out.append(b)
    check(st == 200 and h.get("content-type", "").startswith("text/csv")
          and 'filename="values.csv"' in h.get("content-disposition", ""), f"values.csv: {st} {h}")
    check(b.startswith(b"\xef\xbb\xbf") and b"\r\n" in b, "CSV: UTF-8 with BOM, CRLF")
    rows = list(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"))
    head, rows = rows[0], rows[1:]
    check(all(len(r) == len(head) for r in rows), "CSV: every row as wide as the header")
    check("waarde" in head and "gebied" in head and "reden onderdrukt" in head, f"CSV: Dutch headers {head[:8]}")
    vals = json.loads(js)["values"]
    check(len(rows) == len(vals), f"CSV: {len(rows)} rows, JSON {len(vals)} values")
    for r, v in zip(rows, vals):
        cell = dict(zip(head, r))
        check(cell["gebied"] == v["area"]["code"], f"CSV row order: {cell['gebied']}")
        if v["value"] is None:
            check(cell["waarde"] == "" and cell["reden onderdrukt"] == v["suppressed_reason"],
                  f"CSV: {cell['gebied']} suppressed, empty with its reason")
        else:
            # the indicator's own decimals, as the pages show the value (Python's rounding, not ours)
            want = f"{v['value']:.{v['decimals']}f}".replace(".", ",")
            check(cell["waarde"] == want, f"CSV: {cell['gebied']} {cell['waarde']} (decimal comma, "
                  f"{v['decimals']} decimals) = {want} from {v['value']}")
    # Differences too: never a subtraction's float noise ("0,600000000000001"), the decimals of the value.
    diffs = 0
    for path in ["/api/v1/values.csv?indicator=eenzaamheid&gemeente=GM0828",
                 "/api/v1/values.csv?indicator=aandeel_65_plus&gemeente=GM0828&level=wijk"]:
        st, h, js = srv.get(path.replace(".csv", ""))
        st, h, b = srv.get(path)
        rows = list(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"))
        head, rows = rows[0], rows[1:]
        for r, v in zip(rows, json.loads(js)["values"]):
            cell = dict(zip(head, r))
            for col, kind in [("verschil met land", "land"), ("verschil met gemeente", "gemeente")]:
                d = ((v["comparisons"] or {}).get(kind) or {}).get("difference")
                if d is None or col not in cell:
                    continue
                diffs += 1
                want = f"{d:.{v['decimals']}f}".replace(".", ",")
                check(cell[col] == want, f"CSV {path}: {cell['gebied']} {col} {cell[col]!r}, want {want!r} "
                      f"({v['decimals']} decimals, from {d!r})")
    check(diffs > 0, f"CSV: {diffs} differences read")
    # The percentile's column does not say "land" over the monitor's areas; its distribution is a column.
    check("percentiel (land)" not in head and "percentiel (in verdeling)" in head and "verdeling" in head,
          f"CSV: the percentile's heads {[c for c in head if 'verdeling' in c or 'percentiel' in c]}")
    for r, v in zip(rows, vals):
        land = (v["comparisons"] or {}).get("land") or {}
        if land.get("scope"):
            check(dict(zip(head, r))["verdeling"] == land["scope"]["description"], "CSV: the distribution in words")
    for path, key in [("/api/v1/gemeenten.csv", "gemeenten"), ("/api/v1/areas.csv?gemeente=GM0402", "areas"),
                      ("/api/v1/indicators.csv", "indicators"), ("/api/v1/areas/WK082801.csv", "values")]:
        st, h, b = srv.get(path)
        out.append(b)
        st2, h2, j = srv.get(path.replace(".csv", ""))
        n = len(json.loads(j)[key])
        rows = list(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"))
        check(st == 200 and len(rows) == n + 1 and all(len(r) == len(rows[0]) for r in rows),
              f"{path}: {len(rows) - 1} rows for {n}")
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/needs.csv")
    out.append(b)
    st2, h2, j = srv.get("/api/v1/gemeenten/GM0828/needs")
    areas = json.loads(j)["areas"]
    n = sum(max(1, len(a["items"])) for a in areas)
    rows = list(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"))
    check(st == 200 and len(rows) == n + 1, f"needs.csv: a row per item (an area without one: one row), {len(rows) - 1} for {n}")
    # Its figures in the indicator's unit with the indicator's decimals, as the needs overview shows them and
    # values.csv writes them (Python's rounding of the JSON's every digit, not ours): never "9,61250437005417"
    # beside a page's 10.
    want_dec = {i["id"]: i["decimals"] for i in json.loads(srv.get("/api/v1/indicators")[2])["indicators"]}
    items = {(a["code"], i["indicator"]): i for a in areas for i in a["items"]}
    cols = {"waarde": lambda i: i["value"], "waarde gemeente": lambda i: i["gemeente_value"],
            "ondergrens 95%": lambda i: (i["interval"] or {}).get("low"),
            "bovengrens 95%": lambda i: (i["interval"] or {}).get("high"),
            "ondergrens 95% gemeente": lambda i: (i["gemeente_interval"] or {}).get("low"),
            "bovengrens 95% gemeente": lambda i: (i["gemeente_interval"] or {}).get("high"),
            "verandering": lambda i: i["change"]}
    bad, seen = [], set()
    for r in rows[1:]:
        cell = dict(zip(rows[0], r))
        it = items.get((cell.get("code"), cell.get("indicator")))
        if not it:
            continue
        dec = want_dec[it["indicator"]]
        if cell.get("decimalen") != str(dec):
            bad.append((cell.get("code"), it["indicator"], "decimalen", cell.get("decimalen"), dec))
        for col, get in cols.items():
            v = get(it)
            want = "" if v is None else f"{v:.{dec}f}".replace(".", ",")
            if v is not None:
                seen.add(col)
            if cell.get(col) != want:
                bad.append((cell.get("code"), it["indicator"], col, cell.get(col), want))
    check(items and not bad and seen == set(cols),
          f"needs.csv: value, intervals, the gemeente's and the change with the indicator's decimals "
          f"({len(items)} items, columns with figures {sorted(seen)}): {bad[:6]}")
    st, h, b = srv.get("/api/v1/values.xlsx?" + q)
    check(st == 200 and "spreadsheetml" in h.get("content-type", "")
          and 'filename="values.xlsx"' in h.get("content-disposition", ""), f"values.xlsx: {st} {h}")
    sheet = xlsx_rows(b)
    check(len(sheet) == len(vals) + 1 and sheet[0][:3] == ["indicator", "gebied", "naam gebied"],
          f"XLSX: a header and a row per value ({len(sheet)} rows), {sheet[0][:3]}")
    head = sheet[0]
    for r, v in zip(sheet[1:], vals):
        cell = dict(zip(head, r))
        want = v["value"]
        got = cell.get("waarde")
        check((want is None and got in (None, "")) or (got is not None and abs(float(got) - want) < 1e-9),
              f"XLSX: {cell.get('gebied')} waarde {got} (a number) = {want}")
    # Every column head in Dutch, as a reader of the download sees it: none is a JSON key left as it
    # is (an English word, or a key with "_": from_indeling_year, rank_interval_low, start_date).
    english = {"translated", "note", "version", "description", "example", "targets", "effects", "date", "text",
               "rating", "area", "intervention", "composite", "rank"}
    for path in ["/api/v1/values.csv?indicator=eenzaamheid&area=GM0828", "/api/v1/areas/WK082801.csv",
                 "/api/v1/values.csv?indicator=bp_eenzaam&gemeente=GM0828",
                 "/api/v1/gemeenten/GM0828/composites.csv?level=wijk", "/api/v1/interventions.csv?gemeente=GM0828",
                 "/api/v1/experiences.csv?gemeente=GM0828", "/api/v1/gemeenten/GM0828/needs.csv"]:
        st, h, b = srv.get(path)
        head = next(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"), [])
        left = [c for c in head if "_" in c or c in english]
        check(st == 200 and head and not left, f"{path}: column heads not in Dutch: {left}")
    st, h, b = srv.get("/api/v1/values.csv")
    check(st == 400 and b.startswith(b"{"), "a CSV of a bad request is the JSON error")
    st, h, b = srv.get("/api/v1/areas/XX0000.csv")
    check(st == 404 and b"XX0000" in b, "an unknown area's CSV: 404 naming it")
    st, h, b = srv.get("/api/v1/values.json?" + q)
    check(st == 200 and json.loads(b) == json.loads(js) and "attachment" in h.get("content-disposition", ""),
          "values.json: the JSON as a download")
    return out


def xlsx_rows(data):
    """The first sheet's cells as text, read with zipfile and ElementTree (a number stays its digits)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(io.BytesIO(data))
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
    rows = []
    for row in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter("{%s}row" % ns["m"]):
        cells = {}
        for c in row.findall("m:c", ns):
            ref = "".join(ch for ch in c.get("r") if ch.isalpha())
            col = 0
            for ch in ref:
                col = col * 26 + ord(ch) - 64
            v = c.find("m:v", ns)
            if v is None:
                continue
            cells[col - 1] = strings[int(v.text)] if c.get("t") == "s" else v.text
        rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    width = max(len(r) for r in rows)
    return [r + [None] * (width - len(r)) for r in rows]


def charts(srv):
    """The ranking chart as PNG and SVG, and its text alternative against the CSV."""
    out = []
    base = "/api/v1/charts/ranking/aandeel_65_plus/GM0828"
    st, h, b = srv.get(base + ".png")
    check(st == 200 and h.get("content-type") == "image/png" and b.startswith(b"\x89PNG\r\n\x1a\n")
          and h.get("etag"), f"chart PNG: {st} {h.get('content-type')}")
    st, h, b = srv.get(base + ".svg")
    check(st == 200 and h.get("content-type") == "image/svg+xml" and b"<svg" in b[:300], f"chart SVG: {st}")
    st, h, b = srv.get(base + ".json")
    out.append(b)
    try:
        d = json.loads(b)
        s = dict(OPENAPI["paths"]["/charts/ranking/{indicator}/{gemeente}.{format}"]["get"]["responses"]["200"]
                 ["content"]["application/json"]["schema"])
        s["components"] = OPENAPI["components"]
        jsonschema.Draft202012Validator(s).validate(d)
    except (ValueError, jsonschema.ValidationError) as e:
        check(False, f"chart text alternative: {e}")
        return out
    exp = expected_65()
    bars = {x["code"]: x for x in d["bars"]}
    check(set(bars) == {c for c in exp if c.startswith("WK0828")}, "text alternative: every wijk of Oss")
    for code, x in bars.items():
        share = exp[code][1]
        check((share is None and x["value"] is None and x["suppressed_reason"])
              or (share is not None and abs(x["value"] - share) < 1e-9), f"text alternative {code}: {x}")
    check(abs(d["gemeente_value"]["value"] - exp["GM0828"][1]) < 1e-9 and "Inwoners" in d["title"]
          and d["source"].startswith("Bron: CBS"), "text alternative: Oss, title and source")
    for url, want, param in [("/api/v1/charts/ranking/nope/GM0828.png", 404, "indicator"),
                             ("/api/v1/charts/ranking/aandeel_65_plus/GM9999.png", 404, "gemeente"),
                             ("/api/v1/charts/ranking/aandeel_65_plus/GM0828.png?level=dorp", 400, "level"),
                             ("/api/v1/charts/ranking/aandeel_65_plus/GM0828.png?x=1", 400, "x"),
                             ("/api/v1/charts/ranking/aandeel_65_plus/GM0828.gif", 404, None),
                             ("/api/v1/charts/pie/aandeel_65_plus/GM0828.png", 404, None)]:
        st, h, b = srv.get(url)
        e = json.loads(b).get("error", {}) if b.startswith(b"{") else {}
        check(st == want and e.get("parameter") == param, f"{url}: {st} {b[:120]!r}")
    out += more_charts(srv)
    periods_and_uncertainty(srv)
    reference_bands(srv)
    return out


def chart_text(srv, url, path_key, what):
    """The .json of a chart, validated against openapi.json; None after a failure."""
    st, h, b = srv.get(url)
    try:
        d = json.loads(b)
        s = dict(OPENAPI["paths"][path_key]["get"]["responses"]["200"]["content"]["application/json"]["schema"])
        s["components"] = OPENAPI["components"]
        jsonschema.Draft202012Validator(s).validate(d)
    except (ValueError, jsonschema.ValidationError) as e:
        check(False, f"{what}: {st} {e} {b[:200]!r}")
        return None, b
    check(st == 200, f"{what}: {st}")
    return d, b


def png_size(b):
    """Width and height from a PNG's IHDR chunk."""
    return int.from_bytes(b[16:20], "big"), int.from_bytes(b[20:24], "big")


def pictures(srv, base, what):
    """The PNG and SVG of a chart: real pictures, 800 pixels wide or wider, its title in the SVG."""
    st, h, png = srv.get(base + ".png")
    check(st == 200 and h.get("content-type") == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n")
          and png_size(png)[0] >= 800 and png_size(png)[1] > 100, f"{what} PNG: {st} {png[:40]!r}")
    st, h, svg = srv.get(base + ".svg")
    check(st == 200 and h.get("content-type") == "image/svg+xml", f"{what} SVG: {st}")
    try:
        root = ET.fromstring(svg)
        title = root.find("{http://www.w3.org/2000/svg}title")
    except ET.ParseError as e:
        check(False, f"{what} SVG parses: {e}")
        return None
    return title.text if title is not None else ""


def rivm_expected(column, code):
    """{period: value} of a RIVM column for one region, read from the fixture's JSON."""
    rows = json.load(open(os.path.join(RIVM, "UntypedDataSet.json"), encoding="utf-8"))
    out = {}
    for r in rows:
        if r["WijkenEnBuurten"].strip() == code and r[column] is not None and r[column].strip() not in ("", "."):
            out[r["Perioden"][:4]] = float(r[column])
    return out


def more_charts(srv):
    """Map, trend and profile: the figures of their text alternatives against the fixtures."""
    out = []
    exp = expected_65()
    # The map: every wijk of Oss with a border in the GeoJSON fixture, its value from the CSV.
    base = "/api/v1/charts/map/aandeel_65_plus/GM0828"
    d, b = chart_text(srv, base + ".json", "/charts/map/{indicator}/{gemeente}.{format}", "map text")
    out.append(b)
    if d:
        bordered = {f["properties"]["wijkcode"] for f in json.load(open(WIJKEN, encoding="utf-8"))["features"]}
        wijken = {c for c in exp if c.startswith("WK0828")}
        got = {a["code"]: a for a in d["areas"]}
        check(set(got) == wijken & bordered and d["without_border"] == len(wijken - bordered),
              f"map: the wijken of Oss with a border ({len(got)}), {d['without_border']} without")
        for code, a in got.items():
            share = exp[code][1]
            check((share is None and a["value"] is None and a["suppressed_reason"])
                  or (share is not None and abs(a["value"] - share) < 1e-9), f"map {code}: {a}")
        check(d["period"] == "2024" and d["source"].startswith("Bron: CBS") and "Oss" in d["subtitle"],
              f"map: period, source and subtitle {d['subtitle']!r}")
        title = pictures(srv, base, "map")
        check(title == d["title"], f"map SVG's title {title!r} = the text alternative's {d['title']!r}")
    # The trend: RIVM's three periods of Schadewijk, Oss and Nederland (NL01 in RIVM's file).
    base = "/api/v1/charts/trend/eenzaamheid/WK082801"
    d, b = chart_text(srv, base + ".json", "/charts/trend/{indicator}/{area}.{format}", "trend text")
    out.append(b)
    if d:
        want = [rivm_expected("Eenzaam_28", c) for c in ("WK082801", "GM0828", "NL01")]
        check(d["periods"] == ["2012", "2016", "2020"], f"trend periods {d['periods']}")
        for s, w in zip(d["series"], want):
            got = dict(zip(d["periods"], s["values"]))
            check(all(got.get(p) is not None and abs(got[p] - v) < 1e-9 for p, v in w.items()) and len(w) == 3,
                  f"trend {s['code']}: {got} = {w} from the RIVM fixture")
        check([s["code"] for s in d["series"]] == ["WK082801", "GM0828", "NL00"] and d["synthetic"] is False
              and "RIVM" in d["source"], f"trend: the series and the source {d['source']!r}")
        title = pictures(srv, base, "trend")
        check(title == d["title"], f"trend SVG's title {title!r}")
    # A Burgerpeiling trend (one period) is labelled synthetic in its title.
    d, b = chart_text(srv, "/api/v1/charts/trend/bp_eenzaam/WK082801.json", "/charts/trend/{indicator}/{area}.{format}",
                      "synthetic trend text")
    if d:
        check(d["synthetic"] is True and "synthetisch" in d["title"], f"synthetic trend: {d['title']!r}")
    # The profile of demografie: the 65+ share of Schadewijk against Oss, from the CSV.
    base = "/api/v1/charts/profile/WK082801/demografie"
    d, b = chart_text(srv, base + ".json", "/charts/profile/{area}/{theme}.{format}", "profile text")
    out.append(b)
    if d:
        bars = {x["label"]: x for x in d["bars"]}
        x = bars.get("Inwoners van 65 jaar of ouder")
        check(x is not None and abs(x["value"] - exp["WK082801"][1]) < 1e-9
              and abs(x["gemeente_value"] - exp["GM0828"][1]) < 1e-9
              and abs(x["score"] - (exp["WK082801"][1] - exp["GM0828"][1])) < 1e-9,
              f"profile: 65+ of Schadewijk against Oss, in percentage points: {x}")
        check(d["gemeente"] == "GM0828" and "Schadewijk" in d["title"], f"profile: {d['title']!r}")
        title = pictures(srv, base, "profile")
        check(title == d["title"], f"profile SVG's title {title!r}")
    for url, want, param in [("/api/v1/charts/trend/eenzaamheid/WK999999.json", 404, "area"),
                             ("/api/v1/charts/trend/nope/WK082801.png", 404, "indicator"),
                             ("/api/v1/charts/trend/eenzaamheid/WK082801.png?level=wijk", 400, "level"),
                             ("/api/v1/charts/profile/WK082801/astrologie.svg", 404, "theme"),
                             ("/api/v1/charts/profile/NL00/demografie.svg", 404, "area"),
                             ("/api/v1/charts/map/aandeel_65_plus/GM9999.png", 404, "gemeente"),
                             ("/api/v1/charts/map/aandeel_65_plus/GM0828.png?level=dorp", 400, "level")]:
        st, h, b = srv.get(url)
        e = json.loads(b).get("error", {}) if b.startswith(b"{") else {}
        check(st == want and e.get("parameter") == param, f"{url}: {st} {b[:160]!r}")
    return out


def periods_and_uncertainty(srv):
    """Each figure says its period and why it has no interval, read against the fixtures: a profile
    chart whose bars are of different periods (the Burgerpeiling's 2022, RIVM's 2020) names each bar's
    period in its label and its "period", one of a single period (KWB 2024) does not; a needs item's
    change says since when and whether it was tested."""
    survey_year = re.search(r"burgerpeiling-(\d{4})", SURVEY_SAV).group(1)
    rivm_eenzaam = rivm_expected("Eenzaam_28", "WK082801")
    d, b = chart_text(srv, "/api/v1/charts/profile/WK082801/sociale-veerkracht.json",
                      "/charts/profile/{area}/{theme}.{format}", "profile text, mixed periods")
    if d:
        bars = d["bars"]
        check(bars and all(x["period"] is None or x["label"].endswith(f" ({x['period']})") for x in bars),
              f"profile of two periods: every bar's label ends in its period: {[x['label'] for x in bars]}")
        syn = [x for x in bars if "synthetisch" in x["label"] and x["value"] is not None]
        check(syn and all(x["period"] == survey_year for x in syn),
              f"profile: the Burgerpeiling's bars are of {survey_year}: {[(x['label'], x['period']) for x in syn]}")
        ee = [x for x in bars if x["label"].startswith("Eenzaamheid – modelschatting")]
        check(len(ee) == 1 and ee[0]["period"] == max(rivm_eenzaam)
              and abs(ee[0]["value"] - rivm_eenzaam[max(rivm_eenzaam)]) < 1e-9,
              f"profile: Eenzaamheid of {max(rivm_eenzaam)} from the RIVM fixture: {ee}")
    d, b = chart_text(srv, "/api/v1/charts/profile/WK082801/demografie.json",
                      "/charts/profile/{area}/{theme}.{format}", "profile text, one period")
    if d:
        check(d["bars"] and all(x["period"] == "2024" and not x["label"].endswith("(2024)") for x in d["bars"]),
              f"profile of one period (KWB 2024): said once, in the subtitle: {[x['label'] for x in d['bars']]}")
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/needs")
    items = [i for a in json.loads(b)["areas"] for i in a["items"]]
    rivm = rivm_indicators()
    composites = {f[:-5] for f in os.listdir(os.path.join(SRC, "indicators", "composites")) if f.endswith(".yaml")}
    for i in items:
        want = ("survey" if i["indicator"].startswith("bp_") else "model_estimate" if i["indicator"] in rivm
                else "index" if i["indicator"] in composites else "registration")
        check(i["uncertainty"] == want and (i["interval"] is not None) == (want == "survey"),
              f"needs {i['indicator']}: uncertainty {i['uncertainty']} ({want}), interval {i['interval']}")
        check((i["change"] is None) == (i["previous_period"] is None),
              f"needs {i['indicator']}: a change {i['change']} says since when ({i['previous_period']})")
    ee = [(a["code"], i) for a in json.loads(b)["areas"] for i in a["items"] if i["indicator"] == "eenzaamheid"]
    check(ee, "needs: some area is flagged on eenzaamheid")
    for code, i in ee:
        w = rivm_expected("Eenzaam_28", code)
        per = sorted(w)
        prev = per[per.index(i["period"]) - 1]
        check(i["previous_period"] == prev and abs(i["change"] - (w[i["period"]] - w[prev])) < 1e-9
              and i["change_significant"] is None,
              f"needs {code} eenzaamheid: {i['change']} since {i['previous_period']}, untested "
              f"({i['change_significant']}); the fixture: {w}")


def reference_bands(srv):
    """The gemeente's own 95% interval (the synthetic Burgerpeiling's Oss, a survey estimate) is drawn in
    each chart of the API, as /values gives it: the ranking's band (its tint and legend), the trend's band
    around the gemeente's line (its .json and note), the profile's grey band around zero; Nederland, which
    has no survey figure, no band.  A KWB ranking (a registration: no interval) draws none."""
    st, h, b = srv.get("/api/v1/values?indicator=bp_eenzaam&area=GM0828")
    gm = [v for v in json.loads(b)["values"] if v["interval"] is not None] if st == 200 else []
    check(gm, f"/values: Oss's Burgerpeiling figure with its interval: {st} {b[:200]!r}")
    if not gm:
        return
    gm = max(gm, key=lambda v: v["period"])
    lo, hi = gm["interval"]["low"], gm["interval"]["high"]
    base = "/api/v1/charts/ranking/bp_eenzaam/GM0828"
    d, b = chart_text(srv, base + ".json", "/charts/ranking/{indicator}/{gemeente}.{format}", "survey ranking text")
    if d:
        g = d["gemeente_value"]
        check(d["period"] == gm["period"] and g["interval_low"] == lo and g["interval_high"] == hi
              and d["land_value"]["interval_low"] is None,
              f"ranking text: Oss's interval {lo}-{hi} as /values ({gm['period']}), none for Nederland: {g}")
    st, h, svg = srv.get(base + ".svg")
    words = svg_words(svg) if st == 200 else ""
    y = open(os.path.join(SRC, "indicators", "bp_eenzaam.yaml"), encoding="utf-8").read()
    dec = int(re.search(r"^decimals: *(\d+)", y, re.M).group(1))
    lo_t, hi_t = (f"{x:.{dec}f}".replace(".", ",") for x in (lo, hi))
    check(b'fill="#f9e7d9"' in svg and f"(vlak: 95%-interval {lo_t}\u2013{hi_t}%)" in words,
          f"ranking SVG: the gemeente's band and its legend {lo_t}-{hi_t}: {words[:300]!r}")
    st, h, svg = srv.get("/api/v1/charts/ranking/aandeel_65_plus/GM0828.svg")
    check(st == 200 and b'fill="#f9e7d9"' not in svg and "vlak:" not in svg_words(svg),
          "ranking of a registration: no band")
    base = "/api/v1/charts/trend/bp_eenzaam/WK082801"
    d, b = chart_text(srv, base + ".json", "/charts/trend/{indicator}/{area}.{format}", "survey trend text")
    if d:
        s1 = d["series"][1]
        at = d["periods"].index(gm["period"]) if gm["period"] in d["periods"] else None
        check(s1["code"] == "GM0828" and at is not None and s1["interval_low"][at] == lo
              and s1["interval_high"][at] == hi, f"trend text: the gemeente's interval per period: {s1}")
    st, h, svg = srv.get(base + ".svg")
    check(st == 200 and "Vlak om de lijn van Oss" in svg_words(svg), "trend SVG: the note names Oss's band")
    st, h, svg = srv.get("/api/v1/charts/profile/WK082801/sociale-veerkracht.svg")
    check(st == 200 and b'fill="#dcdcdc"' in svg and "grijs vlak om 0: 95%-interval van Oss" in svg_words(svg),
          "profile SVG: the gemeente's grey band and its key line")
    st, h, png = srv.get("/api/v1/charts/profile/WK082801/sociale-veerkracht.png")
    check(st == 200 and png.startswith(b"\x89PNG"), f"profile PNG: {st}")


def english_title(ind):
    """The English title of indicators/IND.yaml (`title: {nl: ..., en: ...}`), read here."""
    y = open(os.path.join(SRC, "indicators", ind + ".yaml"), encoding="utf-8").read()
    m = re.search(r"^title: *\{nl: *[^,]+, *en: *([^}]+)\}", y, re.M)
    return m.group(1).strip() if m else None


def svg_words(b):
    """The text an SVG draws, one string (its <text>/<title> contents)."""
    return " ".join(html.unescape(t) for t in re.findall(r">([^<>]+)<", b.decode("utf-8")) if "{" not in t)


def english_charts(srv):
    """?lang=en: every chart's own words in English (title with its English marks, subtitle, source
    line, legend, text alternative), the same figures as the Dutch chart; an unknown language is 400."""
    out = []
    rivm = rivm_indicators()
    for kind, ind, key, url in [
            ("ranking", "aandeel_65_plus", "/charts/ranking/{indicator}/{gemeente}.{format}",
             "/api/v1/charts/ranking/aandeel_65_plus/GM0828"),
            ("map", "aandeel_65_plus", "/charts/map/{indicator}/{gemeente}.{format}",
             "/api/v1/charts/map/aandeel_65_plus/GM0828"),
            ("trend", "eenzaamheid", "/charts/trend/{indicator}/{area}.{format}",
             "/api/v1/charts/trend/eenzaamheid/WK082801"),
            ("trend", "bp_eenzaam", "/charts/trend/{indicator}/{area}.{format}",
             "/api/v1/charts/trend/bp_eenzaam/WK082801")]:
        nl, _ = chart_text(srv, url + ".json", key, f"{kind} {ind} (nl)")
        en, b = chart_text(srv, url + ".json?lang=en", key, f"{kind} {ind} (en)")
        out.append(b)
        if not (nl and en):
            continue
        synthetic = ind.startswith("bp_")
        mark = " \u2013 synthetic" if synthetic else " \u2013 model estimate" if ind in rivm else ""
        check(en["title"] == english_title(ind) + mark, f"{kind} {ind} (en): title {en['title']!r}")
        check(en["source"].startswith("Source: ") and en["source"].endswith("processed by buurtpeil")
              and ((", model estimate, 20" in en["source"]) == (ind in rivm))
              and (("(synthetic data)" in en["source"]) == synthetic),
              f"{kind} {ind} (en): the source line in English with its marks: {en['source']!r}")
        text = json.dumps(en, ensure_ascii=False)
        dutch = [w for w in ("Bron", "bewerking", "modelschatting", "synthetisch", "Nederland", "Wijken van",
                             "Lijndiagram") if w in text]
        check(not dutch, f"{kind} {ind} (en): no Dutch word in the text alternative: {dutch}")
        # the same figures as the Dutch chart: only the words change
        vals = lambda d: json.dumps([d.get(k) for k in ("bars", "areas", "periods")] +
                                    [[x["values"] for x in d.get("series", [])]])
        check(vals(en) == vals(nl), f"{kind} {ind} (en): the Dutch chart's figures")
        st, h, svg = srv.get(url + ".svg?lang=en")
        words = svg_words(svg) if st == 200 else ""
        check(en["title"] in words and "Source: " in words and "Bron" not in words and "Nederland" not in words
              and ("the Netherlands" in words or kind == "map") and "modelschatting" not in words
              and "synthetisch" not in words,
              f"{kind} {ind} (en) SVG: title, source line and legend in English: {words[:300]!r}")
    d, b = chart_text(srv, "/api/v1/charts/trend/eenzaamheid/WK082801.json?lang=en",
                      "/charts/trend/{indicator}/{area}.{format}", "trend (en)")
    if d:
        check(d["alt"].startswith("Line chart Loneliness") and d["series"][2]["name"] == "the Netherlands",
              f"trend (en): the text alternative {d['alt']!r}")
    d, b = chart_text(srv, "/api/v1/charts/profile/WK082801/demografie.json?lang=en",
                      "/charts/profile/{area}/{theme}.{format}", "profile (en)")
    out.append(b)
    if d:
        labels = [x["label"] for x in d["bars"]]
        check(english_title("aandeel_65_plus") in labels and d["alt"].startswith("Profile chart")
              and d["source"].startswith("Source: "), f"profile (en): {d['alt']!r} {labels[:3]}")
    for url in ("/api/v1/charts/ranking/aandeel_65_plus/GM0828.png?lang=fr",
                "/api/v1/charts/profile/WK082801/demografie.json?lang=EN"):
        st, h, b = srv.get(url)
        e = json.loads(b).get("error", {}) if b.startswith(b"{") else {}
        check(st == 400 and e.get("parameter") == "lang", f"{url}: {st} {b[:160]!r}")
    return out


def privacy(bodies):
    text = b"".join(bodies)
    for word in (b"numerator", b"denominator", b"respondent", b"sum_w", b"n_unweighted"):
        check(word not in text, f"{word!r} never served")
    ids = respondent_ids()
    leaked = [i for i in ids if i.encode() in text]
    check(not leaked, f"no respondent id in any answer: {leaked[:5]}")


def profile_interval(srv, state):
    """A survey figure's bar in the profile's JSON carries the 95 % interval stored for it (the chart's
    whisker, read with psql here); a KWB figure's has none."""
    rows = run(state, "db", "psql", "--", "-AtF|", "-c",
               "SELECT i.title_nl, v.ci_low, v.ci_high FROM bp.indicator_value v "
               "JOIN bp.indicator i ON i.id = v.indicator_id WHERE v.area_code = 'WK082801' "
               "AND v.indicator_id = 'bp_eenzaam' AND v.value IS NOT NULL AND v.ci_low IS NOT NULL "
               "ORDER BY v.period DESC LIMIT 1").stdout.split("\n")[0].split("|")
    check(len(rows) == 3, f"bp_eenzaam of WK082801 has an interval stored: {rows}")
    if len(rows) != 3:
        return
    title, lo, hi = rows[0], float(rows[1]), float(rows[2])
    d, _ = chart_text(srv, "/api/v1/charts/profile/WK082801/sociale-veerkracht.json",
                      "/charts/profile/{area}/{theme}.{format}", "profile with intervals")
    if d:
        bar = [x for x in d["bars"] if x["label"].startswith(title)]
        check(len(bar) == 1 and bar[0]["interval_low"] is not None
              and abs(bar[0]["interval_low"] - lo) < 1e-9 and abs(bar[0]["interval_high"] - hi) < 1e-9,
              f"profile: {title} with its interval {lo}-{hi}: {bar}")
    d, _ = chart_text(srv, "/api/v1/charts/profile/WK082801/demografie.json",
                      "/charts/profile/{area}/{theme}.{format}", "profile without intervals")
    if d:
        check(all(x["interval_low"] is None and x["interval_high"] is None for x in d["bars"]),
              "profile: KWB figures have no interval")


def reference_interval(srv, state):
    """The gemeente's figure compared with is a survey estimate too where it has an interval: a wijk's
    comparison with Oss carries Oss's own interval (read with psql here), in the value's JSON, its CSV,
    the needs items and the profile chart's bars; a KWB count's reference has none (null)."""
    row = run(state, "db", "psql", "--", "-AtF|", "-c",
              "SELECT v.period, g.ci_low, g.ci_high FROM bp.indicator_value v "
              "JOIN bp.indicator_value g ON g.indicator_id = v.indicator_id AND g.area_code = 'GM0828' "
              " AND g.indeling_year = v.indeling_year AND g.period = v.period "
              "WHERE v.area_code = 'WK082801' AND v.indicator_id = 'bp_eenzaam' AND v.value IS NOT NULL "
              "AND g.ci_low IS NOT NULL ORDER BY v.period DESC LIMIT 1").stdout.split("\n")[0].split("|")
    check(len(row) == 3, f"bp_eenzaam of Oss has an interval stored: {row}")
    if len(row) != 3:
        return
    period, lo, hi = row[0], float(row[1]), float(row[2])
    st, h, b = srv.get(f"/api/v1/values?indicator=bp_eenzaam&area=WK082801&period={period}")
    valid("/values", 200, b, "values")
    (v,) = json.loads(b)["values"]
    ri = v["comparisons"]["gemeente"]["reference_interval"]
    check(ri is not None and abs(ri["low"] - lo) < 1e-9 and abs(ri["high"] - hi) < 1e-9 and ri["level"] == 0.95,
          f"values: WK082801 against Oss with Oss's interval {lo}-{hi}: {ri}")
    st, h, b = srv.get(f"/api/v1/values.csv?indicator=bp_eenzaam&area=WK082801&period={period}")
    rows = list(csv.reader(b.decode("utf-8-sig").splitlines(), delimiter=";"))
    cell = dict(zip(rows[0], rows[1]))
    dec = int(cell.get("decimalen", "0"))   # the CSV writes figures in the unit with the indicator's decimals
    check(cell.get("ondergrens 95% gemeente", "") != "" and cell.get("bovengrens 95% gemeente", "") != ""
          and abs(float(cell["ondergrens 95% gemeente"].replace(",", ".")) - round(lo, dec)) < 1e-9
          and abs(float(cell["bovengrens 95% gemeente"].replace(",", ".")) - round(hi, dec)) < 1e-9,
          f"values.csv: Oss's interval as two columns {lo}-{hi} at {dec} decimals: {cell}")
    st, h, b = srv.get("/api/v1/values?indicator=aandeel_65_plus&area=WK082801&period=2024")
    (v,) = json.loads(b)["values"]
    check(v["comparisons"]["gemeente"]["reference_interval"] is None
          and v["comparisons"]["land"]["reference_interval"] is None,
          f"values: a KWB count's references have no interval: {v['comparisons']}")
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/needs")
    items = [i for a in json.loads(b)["areas"] for i in a["items"] if i["indicator"] == "bp_eenzaam"
             and i["period"] == period]
    check(all(i["gemeente_interval"] is not None and abs(i["gemeente_interval"]["low"] - lo) < 1e-9
              and abs(i["gemeente_interval"]["high"] - hi) < 1e-9 for i in items),
          f"needs: each bp_eenzaam item has Oss's interval {lo}-{hi}: {[i['gemeente_interval'] for i in items]}")
    needs_both_intervals(state, json.loads(b))
    d, _ = chart_text(srv, "/api/v1/charts/profile/WK082801/sociale-veerkracht.json",
                      "/charts/profile/{area}/{theme}.{format}", "profile with the gemeente's interval")
    if d:
        bar = [x for x in d["bars"] if x["gemeente_interval_low"] is not None]
        check(any(abs(x["gemeente_interval_low"] - lo) < 1e-9 and abs(x["gemeente_interval_high"] - hi) < 1e-9
                  for x in bar), f"profile: a bar with Oss's interval {lo}-{hi}: {bar}")


def needs_both_intervals(state, needs):
    """The needs overview's "worse than the gemeente" of a value with an interval against a gemeente
    figure with its own (the Burgerpeiling's figures of Oss) tests the difference with both intervals
    (engine/reference_test.h), worked out here again from the stored rows of every such indicator at its
    latest period (tests/support/reftest.py), with w = the wijk's summed weights / Oss's."""
    rows = run(state, "db", "psql", "--", "-AtF|", "-c",
               "SELECT v.indicator_id, v.area_code, i.polarity, v.value, v.ci_low, v.ci_high, v.sum_w, "
               "       g.value, g.ci_low, g.ci_high, g.sum_w "
               "FROM bp.indicator_value v JOIN bp.indicator i ON i.id = v.indicator_id "
               "JOIN bp.area a ON a.code = v.area_code AND a.indeling_year = v.indeling_year "
               "JOIN bp.indicator_value g ON g.indicator_id = v.indicator_id AND g.area_code = 'GM0828' "
               " AND g.indeling_year = v.indeling_year AND g.period = v.period "
               "WHERE a.level = 'wijk' AND a.gemeente_code = 'GM0828' AND i.polarity <> 'neutral' "
               "  AND v.period = (SELECT max(period) FROM bp.indicator_value l WHERE l.indicator_id = v.indicator_id "
               "                  AND l.gemeente_code = 'GM0828') "
               "  AND v.value IS NOT NULL AND v.ci_low IS NOT NULL AND g.value IS NOT NULL AND g.ci_low IS NOT NULL"
               ).stdout.split("\n")
    expect, old_rule, keys = set(), set(), set()
    for r in (x.split("|") for x in rows if x):
        a_, alo, ahi, aw, g_, glo, ghi, gw = (float(x) if x else None for x in r[3:])
        worse_side = (a_ > g_) == (r[2] == "higher-is-worse") and a_ != g_
        keys.add((r[0], r[1]))
        if worse_side and reftest.differs(a_, alo, ahi, g_, glo, ghi, aw, gw):
            expect.add((r[0], r[1]))
        if worse_side and not alo <= g_ <= ahi:
            old_rule.add((r[0], r[1]))
    got = {(i["indicator"], a["code"]) for a in needs["areas"] for i in a["items"]
           if i["by_gemeente"] and (i["indicator"], a["code"]) in keys}
    check(len(keys) > 0 and got == expect,
          f"needs: worse than Oss by the test with both intervals ({len(keys)} values): "
          f"{sorted(got)} == {sorted(expect)}; the area's interval against Oss's value alone: {sorted(old_rule)}")


def rate_limit(state):
    """--rate 3: three requests a minute per address; a fourth right after is 429
    with Retry-After (unless 20 s pass between them, which no load makes)."""
    srv = Server(state, "--rate", "3", "--no-access-log")
    try:
        got = [srv.get("/api/v1/gemeenten")[0] for _ in range(5)]
        st, h, b = srv.get("/api/v1/gemeenten")
        check(got[:3] == [200, 200, 200] and 429 in got[3:] and st == 429, f"--rate 3: {got + [st]}")
        check(int(h.get("retry-after", "0")) >= 1 and json.loads(b)["error"]["status"] == 429,
              f"429 with Retry-After and a JSON error: {h.get('retry-after')} {b!r}")
        st, h, b = srv.get("/healthz")
        check(st == 200, "health checks are not rate limited")
    finally:
        srv.stop()


def published_set(state, tmp):
    """serve --config: the catalogue holds the monitor's gemeenten only (what its
    publish publishes), a gemeente outside it is unknown, and its
    publish_effects decides whether effects are served."""
    cfg = os.path.join(tmp, "oss.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(f"""name: Oss
gemeenten: [GM0828]
sources:
  - type: statline-csv
    file: {KWB}
indicators: {SRC}/indicators
charts: {SRC}/charts
output: {os.path.join(tmp, "out")}
publish_effects: true
""")
    srv = Server(state, "--config", cfg, "--no-access-log")
    try:
        st, h, b = srv.get("/api/v1/gemeenten")
        check(st == 200 and [g["code"] for g in json.loads(b)["gemeenten"]] == ["GM0828"],
              f"--config: the catalogue is the monitor's gemeenten: {b!r}")
        st, h, b = srv.get("/api/v1/values?gemeente=GM0402&indicator=aandeel_65_plus")
        check(st == 404 and b"GM0402" in b, f"--config: a gemeente outside the monitor is unknown: {st}")
        st, h, b = srv.get("/api/v1/gemeenten/GM0828/needs")
        check(st == 200, f"--config: its own gemeente answers: {st}")
        st, h, b = srv.get("/api/v1/interventions")
        check(st == 200 and json.loads(b)["effects_published"] is True, "--config: publish_effects: true serves effects")
    finally:
        srv.stop()


def default_version_check(state):
    """With the default --version-check (1 s) answers come from the cache, and a
    new compute still shows: the ETag changes within a few checks.  Polled, not
    timed: the loop ends when the new tag arrives (meson's timeout is the bound)."""
    srv = Server(state, "--no-access-log")
    try:
        url = "/api/v1/values?indicator=aandeel_65_plus&gemeente=GM0402"
        st, h, b = srv.get(url)
        st2, h2, b2 = srv.get(url)
        check(st == st2 == 200 and b == b2 and h["etag"] == h2["etag"], "a repeated answer is the same (cached)")
        run(state, "compute", "--indicators", os.path.join(SRC, "indicators"), "--force")
        polls = 0
        while True:
            polls += 1
            st3, h3, b3 = srv.get(url)
            if h3.get("etag") != h["etag"] or st3 != 200:
                break
            time.sleep(0.2)
        check(st3 == 200 and json.loads(b3) == json.loads(b), f"after a new compute: the same figures under a new ETag ({polls} polls)")
    finally:
        srv.stop()


def hostile(srv):
    a = raw(srv.port, b"GET /api/v1/values?indicator=" + b"a" * 200000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check(a == b"" or status_of(a) in (400, 413, 414, 431), f"a 200 KB URL: a 4xx or a closed connection: {a[:60]!r}")
    a = raw(srv.port, b"GET /api/v1/areas/\xff\xfe%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(status_of(a) in (400, 404), f"bad UTF-8 in the path: {a[:60]!r}")
    a = raw(srv.port, b"GET /api/v1/values?indicator=%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(status_of(a) == 400, f"bad UTF-8 in a parameter: 400, {a[:60]!r}")
    for path in [b"/api/v1/../../../etc/passwd", b"/api/v1/areas/..%2f..%2fetc%2fpasswd", b"/../sql/001_core.sql"]:
        a = raw(srv.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(status_of(a) in (400, 404) and b"root:" not in a and b"CREATE" not in a, f"{path!r}: {a[:60]!r}")
    a = raw(srv.port, b"GET /api/v1/gemeenten HTTP/1.1\r\nHost: x\r\nRange: bytes=0-99999999999999999999,"
            + b"1-2," * 2000 + b"3-4\r\nConnection: close\r\n\r\n")
    check(status_of(a) in (200, 400, 416, 431), f"a huge Range: {a[:60]!r}")
    a = raw(srv.port, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)) + b"\r\n\r\n")
    check(a == b"" or status_of(a) == 400, f"binary garbage: {a[:40]!r}")
    # Slowloris: a client that sends part of its headers and then waits.
    # Others are answered meanwhile, and the server drops the slow one when
    # it has been idle for --timeout (2 s): recv() returns when it does.
    slow = socket.create_connection(("127.0.0.1", srv.port))
    slow.sendall(b"GET /api/v1/gemeenten HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    st, h, b = srv.get("/healthz")
    check(st == 200, "answered while a slow client holds a connection")
    try:
        rest = slow.recv(4096)
    except ConnectionResetError:
        rest = b""
    slow.close()
    check(rest == b"" or status_of(rest) in (400, 408), f"a slowloris connection is closed: {rest[:60]!r}")
    st, h, b = srv.get("/readyz")
    check(st == 200, "still ready after the hostile requests")


if __name__ == "__main__":
    sys.exit(main())
