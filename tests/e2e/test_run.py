#!/usr/bin/env python3
"""End to end: the main job as cron would run it, checked against the source.

Runs the built binary (BP_BINARY) on a throwaway embedded cluster and
checks the published pages against values computed here, independently,
from the bundled CBS CSV with Python's csv module: for every wijk of Oss
and Hilversum, and for the gemeenten and Nederland, the share aged 65 or
over and aged 0 to 15, rounded to one decimal and written the Dutch way.
Then the failure paths: a malformed CSV must fail with file:line:column,
exit non-zero and leave the database and out/ exactly as they were.
Last (a test of its own, e2e/demo: 'test_run.py demo'), config/demo.yaml
itself (KWB 2024, the RIVM 50090NED dump of 2012, 2016 and 2020, wijk
borders, the synthetic Burgerpeiling) on a cluster of its own: the RIVM
indicators of every wijk against the dump's JSON read here, the needs
overview, the intervention effects, and (in the normal build; see
check_demo) a second run that loads nothing.
"""
import csv
import glob
import gzip
import hashlib
import io
import json
import html
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal, ROUND_HALF_UP

from steptime import timed

BIN = os.environ["BP_BINARY"]
SRC = os.environ["BP_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(SRC, "tests", "support"))
import reftest  # noqa: E402  (the test against a gemeente's own interval, written out in Python)
FIXTURE = os.path.join(os.environ["BP_FIXTURES"], "kwb-2024",
                       "Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv")

# The demo's RIVM source: every region of Nederland (gzip-compressed dump).
RIVM_DUMP = os.path.join(os.environ["BP_FIXTURES"], "rivm-50090NED-nl")
# indicator id -> the 50090NED column its definition (indicators/*.yaml) publishes
RIVM_INDICATORS = {
    "eenzaamheid": "Eenzaam_28",
    "ernstige_eenzaamheid": "ErnstigZeerErnstigEenzaam_29",
    "mantelzorg": "Mantelzorger_32",
    "vrijwilligerswerk": "Vrijwilligerswerk_33",
    "moeite_met_rondkomen": "MoeiteMetRondkomen_38",
}

# meson's b_sanitize of this build ("none", or e.g. "address,undefined").
SANITIZED = os.environ.get("BP_SANITIZE", "none") not in ("", "none")

failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print(f"FAIL: {what}")


def dutch(value, decimals=1):
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # a negative number starts with U+2212 MINUS SIGN, as the reports write it
    return f"{q:.{decimals}f}".replace(".", ",").replace("-", "\u2212")


def expected_shares():
    """{code: (name, share65, share0_15)} from the CSV, by hand."""
    out = {}
    with open(FIXTURE, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = rows[0]
    col = {h: i for i, h in enumerate(header)}
    code_i = col["Regioaanduiding/Codering (code)"]
    inw_i = col["Bevolking/Aantal inwoners (aantal)"]
    old_i = col["Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)"]
    young_i = col["Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)"]
    for r in rows[1:]:
        inw = int(r[inw_i])
        if inw < 50:  # the definitions' min_denominator
            continue
        out[r[code_i].strip()] = (r[0].strip(),
                                  Decimal(int(r[old_i]) * 100) / Decimal(inw),
                                  Decimal(int(r[young_i]) * 100) / Decimal(inw))
    return out


def expected_rivm():
    """{(indicator, code, year): value or None} from the dump's UntypedDataSet.json:
    the padded text ('    45.2') as a number; '.' (secret) and null (not
    collected that year) have no value."""
    with gzip.open(os.path.join(RIVM_DUMP, "UntypedDataSet.json.gz"), "rt", encoding="utf-8") as f:
        rows = json.load(f)
    out = {}
    for r in rows:
        code, year = r["WijkenEnBuurten"].strip(), r["Perioden"][:4]
        for ind, col in RIVM_INDICATORS.items():
            v = r[col]
            out[(ind, code, year)] = None if v is None or v.strip() == "." else float(v)
    return out


def national_percentiles(exp, ind, year, higher_is_better=False):
    """{wijk code: percentile} over every wijk of Nederland with a value, by
    hand: ordered by need (the value, negated when higher is better), ties
    sharing the lowest rank, percentile = (rank - 1) / (N - 1); and N."""
    vals = {c: v for (i, c, y), v in exp.items() if i == ind and y == year and c.startswith("WK") and v is not None}
    need = {c: (-v if higher_is_better else v) for c, v in vals.items()}
    ordered = sorted(need.values())
    first = {}
    for rank, x in enumerate(ordered, 1):
        first.setdefault(x, rank)
    n = len(ordered)
    return {c: (first[x] - 1) / (n - 1) for c, x in need.items()}, n


def check_national(state, exp):
    """Issue 16: the demo's national percentiles and worst-decile flags are
    over all of Nederland: computed here from the all-NL dump by hand."""
    for ind, better in (("eenzaamheid", False), ("vrijwilligerswerk", True)):
        pct, n = national_percentiles(exp, ind, "2020", better)
        check(n > 3000, f"{ind}: {n} wijken of Nederland have a 2020 value in the dump")
        rows = psql(state, "SELECT c.area_code, c.percentile, c.worst_decile, c.n_ranked FROM bp.indicator_comparison c "
                           f"WHERE c.indicator_id = '{ind}' AND c.reference_kind = 'land' AND c.period = '2020' "
                           "AND c.indeling_year = 2020 AND (c.area_code LIKE 'WK0828%' OR c.area_code LIKE 'WK0402%')")
        check(len(rows) == 32, f"{ind}: 32 wijken of Oss and Hilversum ranked, got {len(rows)}")
        for code, p, flag, nr in rows:
            if code not in pct:
                check(p == "", f"{ind} {code}: no value, no percentile (got {p!r})")
                continue
            check(abs(float(p) - pct[code]) < 1e-12, f"{ind} {code}: national percentile {pct[code]}, got {p}")
            check((flag == "t") == (pct[code] >= 0.9), f"{ind} {code}: worst decile {pct[code] >= 0.9}, got {flag}")
            check(nr == str(n), f"{ind} {code}: ranked among {n} wijken, got {nr}")
        scope = psql(state, "SELECT n_ranked, national FROM bp.distribution_scope "
                            f"WHERE indicator_id = '{ind}' AND level = 'wijk' AND indeling_year = 2020 AND period = '2020'")
        check(scope == [[str(n), "t"]], f"{ind}: the wijk distribution of 2020 is national over {n} wijken: {scope}")
    # At least one Oss or Hilversum wijk is in the national worst decile of loneliness,
    # so the flag is tested both ways.
    pct, _ = national_percentiles(exp, "eenzaamheid", "2020")
    check(any(pct.get(c, 0) >= 0.9 for c in pct if c.startswith(("WK0828", "WK0402"))) and
          any(pct.get(c, 1) < 0.9 for c in pct if c.startswith(("WK0828", "WK0402"))),
          "eenzaamheid 2020: wijken of the monitor on both sides of the national worst decile")
    # The survey exists for Oss and Hilversum only: never national, and its N is the monitor's.
    scope = psql(state, "SELECT national, n_gemeenten FROM bp.distribution_scope "
                        "WHERE indicator_id = 'bp_vaak_eenzaam' AND level = 'wijk'")
    check(scope and all(x == ["f", "2"] for x in scope), f"bp_vaak_eenzaam: not national, 2 gemeenten: {scope}")


def check_crash(state, out):
    """Issue 24 and sql/024: a crash of the embedded server keeps the ranks and
    their basis (logged tables since 024, so that a standby can read them):
    after crash recovery the readers answer as before.  Comparisons that are
    missing all the same (emptied by hand here, as an upgrade or a restore
    without them would) make the readers refuse (exit 1, saying why and what
    to run) instead of publishing "no area needs anything"; compute restores them."""
    before = run(["--state-dir", state, "needs", "--gemeente", "GM0828"])
    check(before.returncode == 0 and "sociale-veerkracht" in before.stdout, f"needs before the crash: {before.stderr!r}")
    n_ranks = psql(state, "SELECT count(*) FROM bp.comparison_rank")
    with open(os.path.join(state, "pgdata", "postmaster.pid"), encoding="utf-8") as f:
        pid = int(f.readline())
    os.kill(pid, signal.SIGQUIT)   # PostgreSQL's immediate shutdown: no checkpoint, crash recovery at the next start
    for _ in range(600):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    rows = psql(state, "SELECT count(*) FROM bp.comparison_rank")
    check(rows == n_ranks and rows != [["0"]], f"after the crash the (logged) ranks are still there: {rows} = {n_ranks}")
    after = run(["--state-dir", state, "needs", "--gemeente", "GM0828"])
    check(after.returncode == 0 and after.stdout == before.stdout, f"needs after the crash: as before: {after.stderr!r}")
    psql(state, "TRUNCATE bp.comparison_rank; DELETE FROM bp.comparison_basis")
    for args in (["needs", "--gemeente", "GM0828"], ["composites", "--gemeente", "GM0828"],
                 ["report", "--gemeente", "GM0828", "--out", os.path.join(out, "after-crash"),
                  "--indicators", os.path.join(SRC, "indicators"), "--charts", os.path.join(SRC, "charts")]):
        r = run(["--state-dir", state] + args)
        check(r.returncode == 1 and "not up to date" in r.stderr and "buurtpeil compute" in r.stderr,
              f"{args[0]} without comparisons refuses and says what to run: {r.returncode} {r.stdout[:200]!r} {r.stderr!r}")
    check(not os.path.exists(os.path.join(out, "after-crash", "GM0828-behoeften.html")),
          "no needs overview is written from emptied comparisons")
    r = run(["--state-dir", state, "compute", "--indicators", os.path.join(SRC, "indicators")])
    check(r.returncode == 0, f"compute after the comparisons were emptied: {r.stderr!r}")
    again = run(["--state-dir", state, "needs", "--gemeente", "GM0828"])
    check(again.returncode == 0 and again.stdout == before.stdout, "needs after compute: as before the crash")


def psql(state, sql):
    r = run(["--state-dir", state, "db", "psql", "--", "-XAt", "-F", "|", "-c", sql])
    check(r.returncode == 0, f"psql: {r.stderr!r}")
    return [line.split("|") for line in r.stdout.splitlines()]


def check_demo(tmp):
    """config/demo.yaml, with its relative paths pointing into the source tree."""
    state = os.path.join(tmp, "demo-state")
    out = os.path.join(tmp, "demo-out")
    cfg_dir = os.path.join(tmp, "config")
    os.makedirs(cfg_dir)
    text = open(os.path.join(SRC, "config", "demo.yaml"), encoding="utf-8").read()
    text = re.sub(r"^(\s*(?:-\s+)?(?:file|dir|mapping|indicators|charts|areas|interventions):\s+)\.\./", rf"\g<1>{SRC}/",
                  text, flags=re.M)
    text = re.sub(r"^output:.*$", f"output: {out}", text, flags=re.M)
    cfg = os.path.join(cfg_dir, "demo.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(text)
    cfg_pub = os.path.join(cfg_dir, "demo-publish.yaml")
    with open(cfg_pub, "w", encoding="utf-8") as f:
        f.write(re.sub(r"^publish_effects:.*$", "publish_effects: true", text, flags=re.M))
    # The sanitized build runs the national demo once (each full run renders
    # every page and chart: ~10 minutes under ASan), with publish_effects:
    # false, and checks that this keeps the effect reports off the site (their
    # copying runs under the sanitizers in e2e/site's publish --effects).  The
    # normal build runs with publish_effects: true from the start, so that its
    # second and third runs (behaviour, not memory safety: the small monitor's
    # second run above takes the unchanged-source path under ASan) change
    # nothing and render nothing; a changed configuration renders everything
    # again (~210 s, on the suite's critical path; bench/RESULTS.md).
    once = SANITIZED
    # As many sources as the demo lists, counted from the file itself.
    n_sources = len(re.findall(r"^\s*-\s+type:", text, flags=re.M))
    try:
        r = run(["--state-dir", state, "run", "--config", cfg if once else cfg_pub])
        check(r.returncode == 0 and f"{n_sources} sources loaded, 0 unchanged" in r.stdout,
              f"demo run: {r.stdout!r} {r.stderr!r}")
        if r.returncode != 0:
            return
        # Every starter indicator (indicators/*.yaml) is computed for Oss and
        # Hilversum: the demo's sources cover them all (issue 5, "Done when").
        starter = sorted(f[:-5] for f in os.listdir(os.path.join(SRC, "indicators"))
                         if f.endswith(".yaml") and f != "publication.yaml")
        check(f"{len(starter)} indicators, 0 without data" in r.stdout, f"every starter indicator has data: {r.stdout!r}")
        filled = {(i, a) for i, a in psql(
            state, "SELECT DISTINCT indicator_id, area_code FROM bp.indicator_value "
                   "WHERE area_code IN ('GM0828', 'GM0402') AND value IS NOT NULL")}
        empty = [f"{i}/{g}" for i in starter for g in ("GM0828", "GM0402") if (i, g) not in filled]
        check(not empty, f"every starter indicator has a value for Oss and Hilversum (missing: {empty})")
        # The demo's site within what a council's web host and a phone on 4G should carry
        # (issue 23: 109.6 MB before svgcompact.c, 91.7 MB after; bench/RESULTS.md).
        site_bytes = print_site_weight(os.path.join(out, "site"))
        check(site_bytes < 100e6, f"the demo's site is under 100 MB: {site_bytes / 1e6:.1f} MB")
        with timed("check_synthetic_labels"):
            check_synthetic_labels(state, out)

        # Every RIVM indicator, wijk and period of Oss and Hilversum as published.
        exp = expected_rivm()
        got = {(i, a, p): (None if v == "" else float(v)) for i, a, y, p, v in psql(
            state, "SELECT indicator_id, area_code, indeling_year, period, value FROM bp.indicator_value "
                   "WHERE indicator_id IN ('" + "','".join(RIVM_INDICATORS) + "') "
                   "AND (area_code LIKE 'WK0828%' OR area_code LIKE 'WK0402%') AND indeling_year = 2020")}
        wijken = sorted({k[1] for k in exp if k[1].startswith(("WK0828", "WK0402"))})
        check(len(wijken) == 32, f"the dump has the 32 wijken of Oss and Hilversum, not {len(wijken)}")
        for ind in RIVM_INDICATORS:
            for code in wijken:
                for year in ("2012", "2016", "2020"):
                    e, g = exp[(ind, code, year)], got.get((ind, code, year), "absent")
                    check(g == e if e is None else (g not in (None, "absent") and abs(g - e) < 1e-9),
                          f"{ind} {code} {year}: expected {e}, got {g}")
        # The check values of the PROVENANCE: Schadewijk 45.2, 47.7, 51.6.
        check([exp[("eenzaamheid", "WK082801", y)] for y in ("2012", "2016", "2020")] == [45.2, 47.7, 51.6],
              "Schadewijk eenzaamheid 45.2 / 47.7 / 51.6 in the dump")
        with timed("check_national"):
            check_national(state, exp)
        # Vrijwilligerswerk was not collected in 2012: no value, and said why.
        check(all(exp[("vrijwilligerswerk", c, "2012")] is None for c in wijken), "vrijwilligerswerk 2012 absent")

        # Borders of the 32 wijken 2024 and the synthetic respondents of both files.
        n = psql(state, "SELECT count(*) FROM bp.area_geometry WHERE indeling_year = 2024")
        check(n == [["32"]], f"32 wijk borders of 2024, got {n}")
        with open(os.path.join(os.environ["BP_FIXTURES"], "survey", "manifest.csv"), encoding="utf-8") as f:
            resp = sum(int(r["respondents"]) for r in csv.DictReader(f, delimiter=";") if r["area_code"].startswith("WK"))
        n = psql(state, "SELECT count(*) FROM survey_private.respondent")
        check(n == [[str(resp)]], f"{resp} synthetic respondents, got {n}")

        with timed("check_chart_sources"):
            check_chart_sources(out)
        with timed("check_profile_periods"):
            check_profile_periods(state, out)
        check_composite_ranks(state, out)
        if not SANITIZED:   # a whole English site of Oss: in the normal build, as the English report of
            # check_needs_overview_english is in the sanitized one, so that neither build's demo waits for
            # both (the two builds' demos run side by side).  This way round, as the sanitized suite ends
            # last: publish --lang en of Oss took 100 s under the sanitizers, report --lang en 74 s (23 and
            # 20 s in the normal build; bench/RESULTS.md, test suite).  Both commands run under the
            # sanitizers in e2e/site, for Hilversum.
            with timed("check_definitions_composites"):
                check_definitions_composites(state, out, tmp)
        check_key_intervals(state, out)

        # needs: the wijken of Oss with the RIVM figures of 2020 beside KWB 2024.
        r = run(["--state-dir", state, "needs", "--gemeente", "GM0828"])
        lines = r.stdout.splitlines()
        check(r.returncode == 0 and len(lines) == 24, f"needs: a header and 23 wijken: {r.stdout!r} {r.stderr!r}")
        wk, gm = exp[("eenzaamheid", "WK082801", "2020")], exp[("eenzaamheid", "GM0828", "2020")]
        # RIVM's one decimal (the definition's decimals: 1)
        # No crosswalk 2020 -> 2024 in the demo (no 2020 borders in the repository): matched
        # by code, and the overview says so (issue 22).
        want = (f"eenzaamheid {wk:.1f} (2020; indeling 2020, zelfde code; grenzen niet gecontroleerd; "
                f"gemeente {gm:.1f}, {(wk - gm) / gm * 100:+.0f} % worse")
        line = next((ln for ln in lines if ln.startswith("WK082801 Schadewijk: ")), "")
        check(want in line and "sociale-veerkracht" in line, f"needs: Schadewijk shows {want!r}: {line!r}")
        with timed("check_needs_overview"):
            check_needs_overview(state, out)
            check_composite_source(out)
        if SANITIZED:   # a whole English report of Oss: in the sanitized build only (the normal one
            # publishes the English site for check_definitions_composites)
            with timed("check_needs_overview_english"):
                check_needs_overview_english(state, tmp)

        # The example interventions on the real series: an estimate for each.
        r = run(["--state-dir", state, "interventions", "effects", "--dir", os.path.join(SRC, "interventions"),
                 "--indicators", os.path.join(SRC, "indicators"), "--areas", os.path.join(SRC, "areas")])
        blocks = [b for b in r.stdout.split("\n\n") if "(voorbeeld)" in b]
        check(r.returncode == 0 and len(blocks) == 5, f"effects: 5 estimates: {r.stdout!r} {r.stderr!r}")
        for b in blocks:
            check("verschil-in-verschillen:" in b and "vergelijkingsgebieden" in b and "oordeel:" in b,
                  f"effects: an estimate with comparison areas and a verdict: {b!r}")

        # The run's effect reports: one per example intervention, HTML and PDF, each
        # naming its comparison areas, with an estimate, an interval, the pre-trend
        # check, a verdict and the experiences beside them; the overview lists all.
        ivdir = os.path.join(out, "interventions")
        ids = sorted(f[:-5] for f in os.listdir(os.path.join(SRC, "interventions")) if f.endswith(".yaml"))
        index = open(os.path.join(ivdir, "index.html"), encoding="utf-8").read()
        for iv in ids:
            page = open(os.path.join(ivdir, iv + ".html"), encoding="utf-8").read()
            pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", os.path.join(ivdir, iv + ".pdf"), "-"],
                                 capture_output=True, text=True)
            pdf_text = " ".join(pdf.stdout.split())
            for what in ("Vergelijkingsgebieden (", "Geschat effect (verschil-in-verschillen)", "Placebo-interval",
                         "Trend vóór de start", "Oordeel: ", "Ervaringen uit", "Voorbeeld: dit is geen echt programma",
                         "Bron: CBS, RIVM (CC BY 4.0); bewerking buurtpeil"):
                check(what in page, f"effect report {iv}.html shows {what!r}")
                check(what in pdf_text, f"effect report {iv}.pdf shows {what!r}")
            check(f'href="{iv}.html"' in index, f"the interventions overview links {iv}")
            # each chart cites its own indicator's source over the periods drawn, RIVM's as model
            # estimates (indicators/*.yaml, read here), not only the report's general line
            caps = re.findall(r"<figcaption>([^<]*)</figcaption>", page)
            check(caps, f"effect report {iv}.html: its charts' captions")
            for cap in (html.unescape(c) for c in caps):
                title = cap.split(":")[0]
                y = next((t for _, t in indicator_yamls()
                          if re.search(r"^title:\s*\{nl:\s*" + re.escape(title) + r",", t, re.M)), None)
                if y is None:
                    check(False, f"effect report {iv}: an indicator titled {title!r} in indicators/")
                    continue
                src = re.search(r"^source:\s*(.+)$", y, re.M).group(1).strip()
                model = re.search(r"^kind:\s*published_share", y, re.M) and "50090NED" in src
                want = re.escape(f"Bron: {src}" + (", modelschatting" if model else "")) + r", \d{4}[^;]*; bewerking buurtpeil\.$"
                check(re.search(want, cap) is not None, f"effect report {iv}: {cap!r} cites {src!r} (model: {bool(model)})")
        with timed("check_effect_structure"):
            check_effect_structure(ivdir, exp)
        # The consented example experiences of Schadewijk beside its figures, none without consent.
        with open(os.path.join(SRC, "experiences", "voorbeeld-oss-hilversum.csv"), encoding="utf-8") as f:
            rows = [x for x in csv.DictReader(f, delimiter=";")
                    if x["area"] == "WK082801" and x["theme"] == "sociale-veerkracht" and x["text"]]
        rep = open(os.path.join(ivdir, "oss-buurtkamer-schadewijk.html"), encoding="utf-8").read()
        check(any(x["consent"] == "ja" for x in rows), "Schadewijk has consented example experiences")
        for x in rows:
            shown = html.escape(x["text"], quote=False) in rep
            check(shown == (x["consent"] == "ja"), f"effect report: experience shown only with consent: {x['text'][:40]}")
        # The workgroup's index links them; publish_effects: false keeps them off the site.
        check('href="interventions/index.html"' in open(os.path.join(out, "index.html"), encoding="utf-8").read(),
              "out/index.html links the interventions overview")
        if once:
            check(not os.path.exists(os.path.join(out, "site", "interventions")),
                  "effect reports are not on the site with publish_effects: false")
            with timed("check_crash"):
                check_crash(state, out)
            return
        check_published_effects(out)
        with timed("check_effects_in_browser"):
            check_effects_in_browser(os.path.join(out, "site"))

        # Again, nothing changed: every source recognised, nothing written to
        # the database, the effect reports still on the site.
        before = db_counts(state)
        r = run(["--state-dir", state, "run", "--config", cfg_pub])
        check(r.returncode == 0 and f"0 sources loaded, {n_sources} unchanged" in r.stdout, f"demo again: {r.stdout!r}")
        check(db_counts(state) == before, "demo again: database unchanged")
        check_published_effects(out)
        # And once more, nothing changed (issue 19 item 2): every output group
        # unchanged, not one page, chart or PDF written again (same inode and
        # mtime), only the run's own record (runs.html, the digests).
        stamps = tree_stamps(out)
        r = run(["--state-dir", state, "run", "--config", cfg_pub])
        m = re.search(r"(\d+) pages? and (\d+) charts? in .*, (\d+) output groups? unchanged \(([\d.]+) s", r.stdout)
        check(r.returncode == 0 and m and m.group(1) == "0" and m.group(2) == "0" and int(m.group(3)) >= 3,
              f"demo, nothing changed: no page or chart rendered: {r.stdout!r}")
        # The tree read once: read again per file, it was quadratic (~6,000 files, minutes of e2e/demo).
        after = tree_stamps(out)
        changed = sorted(k for k in set(stamps) | set(after) if stamps.get(k) != after.get(k))
        check(not changed, f"demo, nothing changed: no file written again: {changed[:5]}")
        print(f"demo, nothing changed: {m.group(4) if m else '?'} s", flush=True)
        # After the runs that must change nothing: it crashes the server and
        # recomputes the comparisons.
        with timed("check_crash"):
            check_crash(state, out)
    finally:
        run(["--state-dir", state, "db", "stop"])


def print_site_weight(site):
    """The published site's bytes by kind (issue 23 item 2, target < 100 MB), in the test log; the total."""
    by = {}
    for root, _, files in os.walk(site):
        for name in files:
            kind = os.path.splitext(name)[1] or "other"
            n, size = by.get(kind, (0, 0))
            by[kind] = (n + 1, size + os.lstat(os.path.join(root, name)).st_size)
    total = sum(size for _, size in by.values())
    parts = ", ".join(f"{k} {n} files {size / 1e6:.1f} MB" for k, (n, size) in sorted(by.items()))
    print(f"size: {site}: {total / 1e6:.1f} MB ({parts})", flush=True)
    return total


def check_effect_structure(ivdir, exp):
    """Issue 22 item 4, from the reader's side (HTML and pdftotext): every demo
    estimate is matched on moeite_met_rondkomen (its intervention's match_on)
    and shows the balance table and a sentence that follows the rule
    |standardised difference| < 0.25; Schadewijk's target value, pool mean and
    standardised difference before matching recomputed here from the RIVM
    dump; the trends before on the related series said or said impossible;
    the synthetic comparison's absence explained."""
    def cells(page, label):
        m = re.search(r"<tr><th scope=\"row\">" + re.escape(label) + r"[^<]*</th>((?:<td class=\"num\">[^<]*</td>){5})</tr>", page)
        return re.findall(r">([^<]*)</td>", m.group(1)) if m else None

    ids = sorted(f[:-5] for f in os.listdir(os.path.join(SRC, "interventions")) if f.endswith(".yaml"))
    for iv in ids:
        page = open(os.path.join(ivdir, iv + ".html"), encoding="utf-8").read()
        pdf = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", os.path.join(ivdir, iv + ".pdf"), "-"],
                                      capture_output=True, text=True).stdout.split())
        for text, what in ((html.unescape(re.sub(r"<[^>]+>", " ", page)), "html"), (pdf, "pdf")):
            text = " ".join(text.split())
            # RIVM's figure is a model estimate there too (moeite_met_rondkomen.yaml: RIVM's 50090NED)
            check("Bron van de kenmerken: Moeite met rondkomen: RIVM Gezondheidsmonitor Volwassenen en Ouderen "
                  "(CBS 50090NED), modelschatting, cijfers van " in text and "Moeite met rondkomen, in % (" in text,
                  f"{iv}.{what}: the covariate in the balance table, its source as a model estimate and period below it")
            check("Structuur: de vergelijkingsgebieden " in text, f"{iv}.{what}: a sentence on the balance")
            check("Synthetische vergelijking: niet berekend, want er zijn minder dan 3 perioden vóór de start" in text,
                  f"{iv}.{what}: why there is no synthetic comparison")
        # The sentence follows the rule on the table's own numbers.
        for row in re.findall(r"<tr><th scope=\"row\">Moeite met rondkomen[^<]*</th>((?:<td class=\"num\">[^<]*</td>){5})</tr>", page):
            after = float(re.findall(r">([^<]*)</td>", row)[4].replace("\u2212", "-").replace(",", "."))
            check(("in evenwicht." in page) if abs(after) < 0.25 else ("niet in evenwicht" in page),
                  f"{iv}.html: the balance sentence follows |{after}| < 0.25")

    # Schadewijk (eenzaamheid, start 2014): the covariate of 2012; the pool is every
    # wijk of indeling 2020 but the theme's targets with eenzaamheid in 2012, 2016
    # and 2020 and moeite_met_rondkomen (2012, else the first year after).
    page = open(os.path.join(ivdir, "oss-buurtkamer-schadewijk.html"), encoding="utf-8").read()
    targets = {"WK082801", "WK040205"}
    wijken = {c for (i, c, y) in exp if c.startswith("WK")} - targets
    def cov(c):
        for y in ("2012", "2016", "2020"):
            if exp.get(("moeite_met_rondkomen", c, y)) is not None:
                return exp[("moeite_met_rondkomen", c, y)]
        return None
    pool = [cov(c) for c in sorted(wijken)
            if all(exp.get(("eenzaamheid", c, y)) is not None for y in ("2012", "2016", "2020")) and cov(c) is not None]
    t = exp[("moeite_met_rondkomen", "WK082801", "2012")]
    mean = sum(pool) / len(pool)
    sd = (sum((x - mean) ** 2 for x in pool) / (len(pool) - 1)) ** 0.5
    got = cells(page, "Moeite met rondkomen, in % (2012)")
    check("Moeite met rondkomen: RIVM Gezondheidsmonitor Volwassenen en Ouderen (CBS 50090NED), modelschatting, "
          "cijfers van 2012, indeling 2020." in page, "Schadewijk: the covariate's source (a model estimate), year and indeling")
    check(got is not None and got[0] == dutch(t) and got[1] == dutch(mean) and got[3] == diff_dutch((t - mean) / sd, 2),
          f"Schadewijk balance: target {dutch(t)}, pool mean {dutch(mean)} of {len(pool)}, "
          f"before {diff_dutch((t - mean) / sd, 2)}: {got}")
    check(f"tegen het gemiddelde van alle {len(pool)} kandidaten" in page, f"Schadewijk: {len(pool)} candidates")
    # One RIVM period before 2014; the yearly KWB series exists in later indelingen only.
    check("de verwante reeks “Eenpersoonshuishoudens” (CBS Kerncijfers Wijken en Buurten) kon het ook niet: "
          "het doelgebied heeft in indeling 2020 geen cijfers vóór 2014" in html.unescape(page),
          "Schadewijk: the related series named, and why it could not check the trends")
    page = html.unescape(open(os.path.join(ivdir, "oss-vrijwilligers-berghem.html"), encoding="utf-8").read())
    check("er is geen gedetailleerdere verwante reeks opgegeven" in page, "Berghem vrijwilligerswerk: no related series, said")


def diff_dutch(value, decimals):
    """A difference as the reports write it: + or U+2212, Dutch decimals."""
    s = dutch(value, decimals)
    return s if s.startswith("\u2212") or Decimal(value).quantize(Decimal(1).scaleb(-decimals)) == 0 else "+" + s


def check_effects_in_browser(site):
    """The published effect reports in a real browser (issue 20 item 9), with the checks of the site's
    other pages (tests/e2e/test_site_browser.py): at 390 and 1280 px no sideways scrolling, chart text at
    least 10 px as displayed, no console errors, axe-core reports no violations."""
    import test_site_browser as tsb   # noqa: E402 (beside this file; its checks count in this test)
    tsb.check = check
    if not shutil.which("chromium"):
        check(False, "chromium is installed (scripts/test.sh installs it)")
        return
    axe_js = tsb.axe_path()
    check(os.path.isfile(axe_js), f"axe-core is installed at {axe_js}")
    axe = open(axe_js, encoding="utf-8").read() if os.path.isfile(axe_js) else None
    pages = ["interventions/index.html", "interventions/oss-buurtkamer-schadewijk.html"]
    try:
        with tsb.cdp.Browser() as b:
            for width, height in tsb.WIDTHS:
                b.viewport(width, height)
                for page in pages:
                    tsb.check_page(b, site, page, width, axe)
    except tsb.cdp.Error as e:
        check(False, f"chromium: {e}")


def check_published_effects(out):
    """publish_effects: true: the effect reports are in the site, linked from its index."""
    site_iv = os.path.join(out, "site", "interventions")
    check(os.path.exists(os.path.join(site_iv, "index.html")) and
          os.path.exists(os.path.join(site_iv, "oss-buurtkamer-schadewijk.pdf")),
          "publish_effects: true copies the effect reports into the site")
    check('href="interventions/index.html"' in open(os.path.join(out, "site", "index.html"), encoding="utf-8").read(),
          "the site's index links the published effect reports")


def check_composite_source(out):
    """A wijk page's composite ranks carry their source: the components' source under the list, RIVM's
    (read here from indicators/*.yaml: every component a published share of RIVM's 50090NED) cited as
    model estimates; a missing rank interval says no margins went in, not that the components have none."""
    page = open(os.path.join(out, "site", "WK082801.html"), encoding="utf-8").read()
    sec = re.search(r'id="samengesteld".*?</section>', page, re.S)
    check(sec is not None, "WK082801: the composite indices")
    if not sec:
        return
    sec = html.unescape(sec.group(0))
    folder = os.path.join(SRC, "indicators")
    for f in sorted(os.listdir(os.path.join(folder, "composites"))):
        y = open(os.path.join(folder, "composites", f), encoding="utf-8").read()
        title = re.search(r"^title:\s*\{nl:\s*([^,}]+)", y, re.M).group(1).strip()
        if title not in sec:
            continue
        comps = re.findall(r"\{indicator:\s*(\w+)", y)
        srcs = [re.search(r"^source:\s*(.+)$", open(os.path.join(folder, c + ".yaml"), encoding="utf-8").read(),
                          re.M).group(1) for c in comps]
        head = re.search(r"^source:\s*([^;\n]+)", y, re.M).group(1).strip()
        model = all("50090NED" in x for x in srcs)
        want = f"{head}, modelschatting" if model else head
        check(re.search(r'<p class="bron">Bron: [^<]*' + re.escape(want) + r"[;<]", sec) is not None,
              f"WK082801: {title} from {comps} (all RIVM: {model}) cited under the ranks as {want!r}")
    check("hebben geen marges" not in sec, "WK082801: a rank without interval does not say its components have no margins")


def check_needs_marks(state, page, pdf, lang):
    """The needs overview's header and its list of checked indicators say which figures are RIVM model
    estimates and which come from the synthetic survey, in the HTML page and the PDF's text (lang "nl" or
    "en"). Which are which is read here: a model estimate is a published share whose `source:` in
    indicators/*.yaml is RIVM's (CBS 50090NED); synthetic are the indicators whose stored values for Oss
    are marked synthetic (bp.indicator_value.synthetic, from bp.survey)."""
    en = lang == "en"
    synthetic = {i for (i,) in psql(state, "SELECT DISTINCT indicator_id FROM bp.indicator_value "
                                           "WHERE gemeente_code = 'GM0828' AND synthetic")}
    check(synthetic, "the demo's survey indicators of Oss are stored as synthetic")
    defs = {}
    for ind, y in indicator_yamls():
        t = re.search(r"^title:\s*\{nl:\s*([^,}]+),\s*en:\s*([^}]+)\}", y, re.M)
        kind, src = (re.search(rf"^{k}:\s*(.+)$", y, re.M) for k in ("kind", "source"))
        if t and kind and src:
            model = kind.group(1).strip() == "published_share" and ("RIVM" in src.group(1) or "50090NED" in src.group(1))
            defs[ind] = (t.group(2 if en else 1).strip(), src.group(1).strip(), model, ind in synthetic)
    model_word = "model estimate" if en else "modelschatting"
    synth_word = "synthetic" if en else "synthetisch"
    for where, text in (("HTML", page), ("PDF", pdf)):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        head = re.search(r"(?:Periods of the figures|Perioden van de cijfers) \([^)]*\): (.*?\d{4})\.", text)
        check(head is not None, f"needs overview {lang} {where}: the periods line")
        if head:
            for seg in head.group(1).split("; "):
                name = re.sub(r": \d{4}.*$", "", seg)
                mine = [d for d in defs.values() if name.startswith(d[1].split(";")[0].strip())]
                want_model, want_synth = any(d[2] for d in mine), any(d[3] for d in mine)
                check(mine and name.endswith(f", {model_word}") == want_model
                      and name.endswith(" (synthetic data)" if en else " (synthetische gegevens)") == want_synth,
                      f"needs overview {lang} {where}: the periods line marks {name!r} "
                      f"(model {want_model}, synthetic {want_synth})")
        m = re.search(r"(?:Indicators checked|Gecontroleerde indicatoren): (.*?)\.(?: |$)", text)
        check(m is not None, f"needs overview {lang} {where}: the list of checked indicators")
        listed = m.group(1) if m else ""
        n_model = n_synth = 0
        for i, (title, src, model, synth) in defs.items():
            if title not in listed:
                continue
            want = f"{title} \u2013 {synth_word}" if synth else f"{title} \u2013 {model_word}" if model else None
            n_model += model and not synth
            n_synth += synth
            if want:
                check(want in listed, f"needs overview {lang} {where}: checked {i} as {want!r}")
            else:
                check(re.search(re.escape(title) + r"(, |$)", listed) is not None,
                      f"needs overview {lang} {where}: checked {i} ({title!r}) without a mark")
        check(n_model > 0 and n_synth > 0,
              f"needs overview {lang} {where}: model estimates ({n_model}) and synthetic ({n_synth}) among the checked")
        # A composite index whose `source:` (indicators/composites/*.yaml) is RIVM's is built from model
        # estimates: in the list and on each of its rows it says so, as the API's model_estimate does.
        index_word = "from model estimates" if en else "uit modelschattingen"
        n_index = 0
        for f in sorted(os.listdir(os.path.join(SRC, "indicators", "composites"))):
            y = open(os.path.join(SRC, "indicators", "composites", f), encoding="utf-8").read()
            t = re.search(r"^title:\s*\{nl:\s*([^,}]+),\s*en:\s*([^}]+)\}", y, re.M)
            src = re.search(r"^source:\s*(.+)$", y, re.M)
            if not (t and src and ("RIVM" in src.group(1) or "50090NED" in src.group(1))):
                continue
            title = t.group(2 if en else 1).strip()
            if title not in text:
                continue
            n_index += 1
            # without spaces: the PDF's lines may break "modelschattingen" where Pango hyphenates
            flat, flat_title, flat_word = (re.sub(r"\s+", "", x) for x in (text, title, index_word))
            bare = [m.end() for m in re.finditer(re.escape(flat_title), flat)
                    if not re.match(r"(\([^)]*\))?\u2013" + re.escape(flat_word), flat[m.end():])]
            check(not bare, f"needs overview {lang} {where}: {title!r} always marked {index_word!r}: "
                            f"{[flat[i - len(flat_title):i + 40] for i in bare][:3]}")
        check(n_index > 0, f"needs overview {lang} {where}: a composite of RIVM's figures is shown ({n_index})")
        # the sources named at the foot of the page (and of every PDF page) cite RIVM's table as model
        # estimates, as each chart's source line does: the demo loads RIVM's figures from 50090NED
        foot = text[text.rfind("Bron: " if not en else "Source: "):] if where == "HTML" else text
        check(f"(50090NED), {model_word}, CC BY 4.0" in foot,
              f"needs overview {lang} {where}: the footer cites RIVM as {model_word}: {foot[:200]!r}")


def check_needs_overview(state, out):
    """The needs overview as the workgroup reads it (issue 16, item 4), against
    the database: each row of the theme tables shows the 95% interval stored
    for its own indicator, area and period (written the Dutch way, to the
    decimals shown); no row says "geen eerdere periode" where the database
    holds an earlier period of that indicator and area; the header names each
    period of the rows; the summary per area and theme comes before the long
    list and counts the rows; context indicators are never among them."""
    page = open(os.path.join(out, "GM0828-behoeften.html"), encoding="utf-8").read()
    titles = {html.escape(t, quote=False): i for i, t in psql(state, "SELECT id, title_nl FROM bp.indicator")}
    context = {i for (i,) in psql(state, "SELECT id FROM bp.indicator WHERE role = 'context'")}
    check(len(context) == 5, f"the five context indicators are stored as such: {sorted(context)}")
    cis, periods, sums, values = {}, {}, {}, {}
    for i, a, p, lo, hi, w, v in psql(state, "SELECT indicator_id, area_code, period, ci_low, ci_high, sum_w, value "
                                             "FROM bp.indicator_value WHERE gemeente_code = 'GM0828' "
                                             "ORDER BY indeling_year"):
        periods.setdefault((i, a), set()).add(p)
        sums[(i, a, p)] = float(w) if w != "" else None
        values[(i, a, p)] = float(v) if v != "" else None
        if lo != "" and hi != "":
            cis[(i, a, p)] = (float(lo), float(hi))
        else:
            cis.pop((i, a, p), None)
    # A theme table's row: the area's link, the indicator, "value (period)", then
    # the reference, relative difference, percentile, interval, change and why.
    # The period may carry a note: a value of another indeling put on the area (issue 22).
    rows = re.findall(r'<tr><th scope="row"><a href="GM0828/([A-Z0-9]+)\.html">[^<]*</a></th>'
                      r'<td>([^<]*)</td><td class="num">[^<(]*\((\d{4})(?:; [^<]*)?\)</td>(.*?)</tr>', page)
    check(len(rows) > 20, f"the needs overview of Oss lists its signals: {len(rows)} rows")
    # RIVM's 2020 figures on the 2024 wijken, without a crosswalk in the demo: said so in their cell.
    check(re.search(r'<td class="num">[^<(]*\(2020; indeling 2020, zelfde code; grenzen niet gecontroleerd\)</td>',
                    page), "needs overview: a 2020 figure matched by code says so")
    gm = {(i, p): float(v) for i, p, v in psql(state, "SELECT indicator_id, period, value FROM bp.indicator_value "
                                                     "WHERE area_code = 'GM0828' AND value IS NOT NULL")}
    with_ci = with_earlier = point_only = 0
    shown_periods, per_area = set(), {}
    scopes, n_pct = {}, {}
    for i, p, n, nat in psql(state, "SELECT DISTINCT ON (indicator_id, period) indicator_id, period, n_ranked, national "
                                    "FROM bp.distribution_scope WHERE level = 'wijk' "
                                    "ORDER BY indicator_id, period, indeling_year DESC"):
        scopes[(i, p)] = (int(n), nat == "t")
    for code, cell, period, rest in rows:
        match = [t for t in titles if cell.startswith(t + " (")]
        if not match:
            check(False, f"needs overview: unknown indicator in {cell!r}")
            continue
        ind = titles[max(match, key=len)]
        shown_periods.add(period)
        per_area[code] = per_area.get(code, 0) + 1
        check(ind not in context, f"needs overview: context indicator {ind} shown as a need for {code}")
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rest)]
        if len(cells) != 6:
            check(False, f"needs overview: 9 columns in the row of {ind} {code}: {cells}")
            continue
        interval, trend = cells[3], cells[4]
        # Issue 16: a percentile names what it is out of, and only a national distribution says Nederland;
        # among fewer than 10 areas there is none, and the cell says so with their number (compare.h).
        if cells[2].startswith("niet gerangschikt"):
            n, national = scopes.get((ind, period), (None, None))
            check(n is not None and n < 10 and cells[2] == f"niet gerangschikt: te weinig gebieden ({n}, minimaal 10)",
                  f"needs overview: {ind} {code} {period} not ranked among {n}: {cells[2]!r}")
        elif cells[2] != "–":
            n, national = scopes.get((ind, period), (None, None))
            nl = f"{n:,}".replace(",", ".") if n is not None else "?"
            want = f"(alle {nl} wijken van Nederland met cijfers)" if national else f"(de {nl} wijken in deze monitor met cijfers)"
            check(cells[2].endswith(want), f"needs overview: {ind} {code} {period} percentile {cells[2]!r} ends {want!r}")
            n_pct[national] = n_pct.get(national, 0) + 1
        if (ind, code, period) in cis:
            with_ci += 1
            lo, hi = cis[(ind, code, period)]
            m = re.fullmatch(r"(\u2212?[\d.]+(?:,(\d+))?) – (\u2212?[\d.]+(?:,\d+)?)", interval)
            d = len(m.group(2) or "") if m else 0
            want = f"{dutch(lo, d)} – {dutch(hi, d)}"
            check(m is not None and interval == want,
                  f"needs overview: {ind} {code} {period} shows its interval {want}, not {interval!r}")
            # A signal by the percentile alone whose difference with the gemeente may be chance says it
            # rests on the point estimate: the interval holds the gemeente's value or, where the
            # gemeente's figure has an interval of its own, the test with both finds no difference
            # (tests/support/reftest.py); one beyond chance does not.
            g = gm.get((ind, period))
            glo, ghi = cis.get((ind, "GM0828", period), (None, None))
            v = values.get((ind, code, period))
            chance = g is not None and v is not None and not reftest.differs(
                v, lo, hi, g, glo, ghi, sums.get((ind, code, period)), sums.get((ind, "GM0828", period)))
            said = ("op de puntschatting: het 95%-interval omvat de waarde van de gemeente" in cells[5] if glo is None
                    else "op de puntschatting: het verschil met de gemeente valt binnen de onzekerheid van beide "
                         "cijfers" in cells[5])
            point_only += chance
            check(said == chance,
                  f"needs overview: {ind} {code} {period} ({lo}-{hi}, Oss {g} {glo}-{ghi}): {cells[5]!r}")
        else:
            check(" – " not in interval and interval.strip() != "",
                  f"needs overview: {ind} {code} {period} has no interval and says why: {interval!r}")
        earlier = sorted(p for p in periods.get((ind, code), ()) if p < period)
        if earlier:
            with_earlier += 1
            check("geen eerdere periode" not in trend and
                  any(f"sinds {p}" in trend or f"{p} niet gepubliceerd" in trend for p in earlier),
                  f"needs overview: {ind} {code} {period} shows its change since {earlier[-1]}: {trend!r}")
        else:
            check(trend == "geen eerdere periode", f"needs overview: {ind} {code} {period} has no earlier period: {trend!r}")
    check(with_ci > 0 and with_earlier > 0 and point_only > 0,
          f"needs overview: rows with an interval ({with_ci}), of them on a point estimate ({point_only}), "
          f"and with an earlier period ({with_earlier})")
    check(n_pct.get(True, 0) > 0 and n_pct.get(False, 0) > 0,
          f"needs overview: rows ranked nationally and rows ranked within the monitor: {n_pct}")
    check("landelijk" not in page.lower() and "Percentiel NL" not in page,
          "needs overview: no 'landelijk' or 'Percentiel NL': each row names its distribution")
    # The header names every period of the rows.
    header = re.search(r'<p class="perioden">(.*?)</p>', page)
    check(header is not None and all(p in header.group(1) for p in shown_periods),
          f"needs overview: the header names the periods {sorted(shown_periods)}: {header and header.group(1)!r}")
    # The summary first, counting each area's rows in its last column.
    check(0 <= page.find('id="samenvatting"') < page.find('id="thema-1"'), "needs overview: the summary comes first")
    summary = page[page.find('id="samenvatting"'):page.find('id="thema-1"')]
    counted = {c: int(n) for c, n in re.findall(
        r'<tr><th scope="row"><a href="GM0828/([A-Z0-9]+)\.html">[^<]*</a></th>(?:<td class="num">[^<]*</td>)*?'
        r'<td class="num">(\d+)</td></tr>', summary)}
    check(counted == per_area, f"needs overview: the summary counts each area's rows: {counted} vs {per_area}")
    t = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", os.path.join(out, "GM0828-behoeften.pdf"), "-"],
                                capture_output=True, text=True).stdout.split())
    check("Samenvatting per gebied en thema" in t and "Perioden van de cijfers" in t
          and all(p in t for p in shown_periods) and "geen (telling)" not in t,
          "needs overview PDF: the periods, the summary, no 'telling'")
    check_needs_marks(state, page, t, "nl")


def check_needs_overview_english(state, tmp):
    """The needs overview of Oss in English (issue 20 item 7) on the national demo, against the
    database: every row's indicator by its English title (bp.indicator.title_en; a composite index's
    too), its interval stored for its own area and period written the English way (decimal point,
    U+2212), a national percentile out of "all 3,150 districts of the Netherlands" with the count
    from bp.distribution_scope; a figure matched by code says so in English; no Dutch fixed text in
    the HTML or the PDF."""
    import site_english
    rep = os.path.join(tmp, "demo-needs-en")
    r = run(["--state-dir", state, "report", "--gemeente", "GM0828", "--out", rep, "--lang", "en",
             "--indicators", os.path.join(SRC, "indicators"), "--charts", os.path.join(SRC, "charts")])
    check(r.returncode == 0, f"report --lang en: {r.stderr!r}")
    if r.returncode != 0:
        return
    page = open(os.path.join(rep, "GM0828-behoeften.html"), encoding="utf-8").read()
    titles = {html.escape(t, quote=False): i for i, t in
              psql(state, "SELECT id, coalesce(nullif(title_en, ''), title_nl) FROM bp.indicator")}
    cis = {}
    for i, a, p, lo, hi in psql(state, "SELECT indicator_id, area_code, period, ci_low, ci_high "
                                       "FROM bp.indicator_value WHERE gemeente_code = 'GM0828' "
                                       "ORDER BY indeling_year"):
        if lo != "" and hi != "":
            cis[(i, a, p)] = (float(lo), float(hi))
        else:
            cis.pop((i, a, p), None)
    scopes = {}
    for i, p, n, nat in psql(state, "SELECT DISTINCT ON (indicator_id, period) indicator_id, period, n_ranked, national "
                                    "FROM bp.distribution_scope WHERE level = 'wijk' "
                                    "ORDER BY indicator_id, period, indeling_year DESC"):
        scopes[(i, p)] = (int(n), nat == "t")
    rows = re.findall(r'<tr><th scope="row"><a href="GM0828/([A-Z0-9]+)\.html">[^<]*</a></th>'
                      r'<td>([^<]*)</td><td class="num">[^<(]*\((\d{4})(?:; [^<]*)?\)</td>(.*?)</tr>', page)
    check(len(rows) > 20, f"English needs overview: the rows of Oss's signals: {len(rows)}")
    check(re.search(r'<td class="num">[^<(]*\(2020; 2020 classification, same code; borders not checked\)</td>', page),
          "English needs overview: a 2020 figure matched by code says so in English")
    unknown, bad, n_ci, n_nat = [], [], 0, 0
    for code, cell, period, rest in rows:
        match = [t for t in titles if cell.startswith(t + " (")]
        if not match:
            unknown.append(cell)
            continue
        ind = titles[max(match, key=len)]
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rest)]
        if len(cells) != 6:
            bad.append((ind, code, cells))
            continue
        n, national = scopes.get((ind, period), (None, None))
        if cells[2] != "\u2013" and national:
            n_nat += 1
            if not cells[2].endswith(f"(all {n:,} districts of the Netherlands with figures)"):
                bad.append((ind, code, cells[2]))
        if (ind, code, period) in cis:
            n_ci += 1
            lo, hi = cis[(ind, code, period)]
            m = re.fullmatch(r"\u2212?[\d,]+(?:\.(\d+))? \u2013 \u2212?[\d,]+(?:\.\d+)?", cells[3])
            d = len(m.group(1) or "") if m else 0
            want = f"{site_english.english(lo, d)} \u2013 {site_english.english(hi, d)}"
            if cells[3] != want:
                bad.append((ind, code, cells[3], want))
    check(not unknown, f"English needs overview: every indicator by its English title: {unknown[:4]}")
    check(n_ci > 0 and n_nat > 0 and not bad,
          f"English needs overview: intervals ({n_ci}) and national percentiles ({n_nat}) the English way: {bad[:4]}")
    names = {html.unescape(n) for (n,) in psql(state, "SELECT DISTINCT name FROM bp.area WHERE gemeente_code = 'GM0828'")}
    names |= {"Oss", "Nederland (NL)"}
    fragments = site_english.catalogue_fragments(SRC)
    left = site_english.dutch_left(site_english.needs_text(page, names), site_english.NEEDS_WORDS, fragments)
    check('<html lang="en">' in page and not left, f"English needs overview: no Dutch fixed text: {left[:8]}")
    pdf = re.sub(r"\s+", " ", site_english.pdf_text(os.path.join(rep, "GM0828-behoeften.pdf")))
    left = site_english.dutch_left(site_english.cut_names(re.sub(r"Periods of the figures.*?: \d{4}\.", " ", pdf),
                                                          names), site_english.NEEDS_WORDS, fragments)
    check("Page 1" in pdf and "Needs overview Oss" in pdf and not left,
          f"English needs overview PDF: in English, no Dutch fixed text: {left[:8]}")
    check_needs_marks(state, page, pdf, "en")
    # The sources are names, but the words buurtpeil adds to them are not: the page footer's note on
    # the synthetic survey in English, as on the HTML page.
    check("synthetic data: generated for testing and demonstration, not answers of real residents" in pdf
          and "synthetische gegevens" not in pdf, "English needs overview PDF: the footer's synthetic note in English")


def indicator_yamls():
    """(id, text) of each indicators/*.yaml definition (not publication.yaml), read here."""
    folder = os.path.join(SRC, "indicators")
    for f in sorted(os.listdir(folder)):
        if f.endswith(".yaml") and f != "publication.yaml":
            yield f[:-5], open(os.path.join(folder, f), encoding="utf-8").read()


def indicator_sources():
    """{title: (id, theme, publisher)} from indicators/*.yaml, read here: which
    publisher each indicator's figures come from (RIVM or CBS), by its own
    `source:` line, not through buurtpeil's database."""
    out = {}
    for ind, text in indicator_yamls():
        title = re.search(r"^title:\s*\{nl:\s*([^,}]+)", text, flags=re.M)
        theme = re.search(r"^theme:\s*(\S+)", text, flags=re.M)
        src = re.search(r"^source:\s*(.+)$", text, flags=re.M)
        if title and theme and src:
            pub = "RIVM" if "RIVM" in src.group(1) else "Burgerpeiling" if "Burgerpeiling" in src.group(1) else "CBS"
            out[title.group(1).strip()] = (ind, theme.group(1), pub)
    return out


def cites(caption):
    """The publishers a source line names, by the tables it cites."""
    got = set()
    if "50090NED" in caption:
        got.add("RIVM")
    if "Kerncijfers wijken en buurten" in caption:
        got.add("CBS")
    if "Burgerpeiling" in caption:
        got.add("Burgerpeiling")
    return got


def check_profile_periods(state, out):
    """A profile chart whose figures are of different periods (KWB 2024 beside the benefits of 2021
    and RIVM's 2020) names each figure's period beside its title, so that no one period line stands
    for figures of 2020 and 2024: in the chart's text alternative, its table, the site's CSV of that
    table and the PDF profile; a chart of one period says it once, in its subtitle.  The periods
    expected: RIVM's newest with a figure for Schadewijk in the dump (of the RIVM_INDICATORS), the
    Burgerpeiling's year from its file name, any other figure's newest period in the database."""
    ind = indicator_sources()
    exp = expected_rivm()
    survey_year = re.search(r"burgerpeiling-(\d{4})", open(os.path.join(SRC, "config", "demo.yaml"),
                                                            encoding="utf-8").read()).group(1)
    newest = dict(psql(state, "SELECT indicator_id, max(period) FROM bp.indicator_value WHERE area_code = 'WK082801' "
                              "AND value IS NOT NULL GROUP BY 1"))
    def want(title):
        iid, _, pub = ind[title]
        if pub == "RIVM" and iid in RIVM_INDICATORS:
            return max(y for (i, c, y), v in exp.items() if i == iid and c == "WK082801" and v is not None)
        return survey_year if pub == "Burgerpeiling" else newest.get(iid)
    page = open(os.path.join(out, "GM0828", "WK082801.html"), encoding="utf-8").read()
    sections = {m.group(1): m.group(0) for m in re.finditer(r'<h2 id="([^"]+)".*?(?=<h2 |\Z)', page, flags=re.S)}
    mixed_seen = one_seen = 0
    for sec, body in sections.items():
        if not sec.startswith("profiel-") or 'alt="' not in body:
            continue
        rows = [html.unescape(r) for r in re.findall(r'<tr><th scope="row">([^<]*)</th>', body)]
        titles = {}
        for r in rows:
            t = next((t for t in ind if re.fullmatch(re.escape(t) + r"( – synthetisch| – modelschatting)?( \(\d{4}\))?", r)),
                     None)
            check(t is not None, f"{sec}: the table's row {r!r} is an indicator's title")
            if t:
                titles[r] = t
        periods = {want(t) for t in titles.values()}
        alt = html.unescape(re.search(r'alt="([^"]*)"', body).group(1))
        if len(periods) > 1:
            mixed_seen += 1
            for r, t in titles.items():
                w = want(t)
                check(r.endswith(f" ({w})") and f"{r}: " in alt,
                      f"{sec} of {sorted(periods)}: {t} says its period {w} in the table ({r!r}) and the text alternative")
        else:
            one_seen += 1
            check(not any(re.search(r"\(\d{4}\)$", r) for r in rows), f"{sec}: one period {periods}, said once: {rows}")
    check(mixed_seen and one_seen, f"Schadewijk's profiles: {mixed_seen} of several periods, {one_seen} of one")
    # The site's CSV of the Sociaaleconomisch table and the PDF profile (where the chart is drawn as text).
    rows = None
    for f in glob.glob(os.path.join(out, "site", "data", "WK082801-*.csv")):
        text = open(f, encoding="utf-8-sig").read()
        if "Tabel;De cijfers van de grafiek Sociaaleconomisch" in text:
            rows = [r[0] for r in csv.reader(text.split("\n\n")[0].splitlines()[1:], delimiter=";")]
    bijstand = next(t for t, (i, _, _) in ind.items() if i == "bijstand")
    inkomen = next(t for t, (i, _, _) in ind.items() if i == "inkomen_per_inwoner")
    pairs = [(bijstand, want(bijstand)), (inkomen, want(inkomen)), ("Moeite met rondkomen – modelschatting",
                                                                    want("Moeite met rondkomen"))]
    check(rows is not None and all(f"{t} ({w})" in rows for t, w in pairs) and len({w for _, w in pairs}) == 3,
          f"the site's CSV of Sociaaleconomisch names each figure's period {pairs}: {rows}")
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", os.path.join(out, "GM0828", "WK082801.pdf"), "-"],
                         capture_output=True, text=True).stdout
    flat = " ".join(pdf.split())
    check(all(f"{t} ({w})" in flat for t, w in pairs[:2]), f"the PDF profile's chart names the periods {pairs[:2]}")


def check_composite_ranks(state, out):
    """Issue 20 item 4: a profile shows each composite index's rank with what
    it is out of, its 95 % interval and its range over the other weightings,
    as the engine stored them (read here with SQL, compared with the page)."""
    rows = psql(state, "SELECT coalesce(i.title_nl, c.composite_id), c.period, c.rank_configured, c.n_ranked, "
                       "       c.rank_low, c.rank_high, c.rank_min, c.rank_max, "
                       "       (SELECT count(DISTINCT s.gemeente_code) FROM bp.composite_score s "
                       "         WHERE (s.composite_id, s.level, s.indeling_year, s.period) "
                       "             = (c.composite_id, c.level, c.indeling_year, c.period)) "
                       "       >= (SELECT count(*) FROM bp.area g WHERE g.level = 'gemeente' "
                       "            AND g.indeling_year = c.indeling_year), c.indeling_year "
                       "  FROM bp.composite_rank_range c LEFT JOIN bp.indicator i ON i.id = c.composite_id "
                       " WHERE c.area_code = 'WK082801' "
                       "   AND (c.indeling_year, c.period) = (SELECT m.indeling_year, m.period FROM bp.composite_rank_range m "
                       "        WHERE m.composite_id = c.composite_id AND m.area_code = c.area_code "
                       "          AND m.indeling_year <= 2024 ORDER BY m.indeling_year DESC, m.period DESC LIMIT 1)")
    page = open(os.path.join(out, "GM0828", "WK082801.html"), encoding="utf-8").read()
    sec = re.search(r'<h2 id="samengesteld">.*?</ul>', page, flags=re.S)
    items = [html.unescape(re.sub(r"<[^>]+>", "", i)) for i in re.findall(r"<li>(.*?)</li>", sec.group(0))] if sec else []
    check(len(rows) >= 1 and len(items) == len(rows), f"a line per composite index: {len(items)} for {len(rows)}")
    # The page is WK082801's of the newest indeling; an index of the same code in an older one (RIVM's, of
    # 2020) says so as that indeling's figures beside it do ("indeling 2020, zelfde code; ...").
    page_year = int(psql(state, "SELECT max(indeling_year) FROM bp.area WHERE code = 'WK082801'")[0][0])
    check(any(int(r[9]) < page_year for r in rows), f"WK082801 ({page_year}): an index of an older indeling: {rows}")
    for title, period, rank, n, lo, hi, rmin, rmax, national, iy in rows:
        item = next((i for i in items if i.startswith(f"{title}, {period}: plaats {rank} van ")), None)
        check(item is not None, f"{title} {period}: rank {rank} on the page: {items}")
        if not item:
            continue
        check(f" {n} " in item.replace(".", "") and "(1 = de meeste behoefte)" in item,
              f"{title}: out of {n} areas, direction said: {item!r}")
        note = f" (indeling {iy}, zelfde code; grenzen niet gecontroleerd)" if int(iy) < page_year else ""
        check(item.endswith(f"bij andere wegingen plaats {rmin} tot {rmax}{note}."),
              f"{title}: range over weightings, indeling {iy} on a page of {page_year}: {item!r}")
        # "van Nederland" only when every gemeente of the indeling is in the ranking (scope_label.h)
        check(("van Nederland" in item) == (national == "t") and ("in deze monitor" in item) == (national != "t"),
              f"{title}: national {national}: {item!r}")
        m = re.search(r"95%-interval van de plaats: (\d+) tot (\d+)", item)
        if lo == "":
            check(m is None and "geen interval van de plaats" in item, f"{title}: no interval said: {item!r}")
        else:
            check(m and abs(int(m.group(1)) - float(lo)) <= 0.5 and abs(int(m.group(2)) - float(hi)) <= 0.5,
                  f"{title}: rank interval {lo}-{hi}: {item!r}")


def check_definitions_composites(state, out, tmp):
    """Issue 20 items 3 and 7: the definitions page names each composite index's
    components with their weights and how far the wijken's ranks move under the
    other weightings, in Dutch (the run's site) and in English (publish --lang
    en), as the engine stored them (read here with SQL)."""
    en_dir = os.path.join(tmp, "site-en")
    r = run(["--state-dir", state, "publish", "--gemeente", "GM0828", "--out", en_dir, "--lang", "en",
             "--indicators", os.path.join(SRC, "indicators"), "--charts", os.path.join(SRC, "charts")])
    check(r.returncode == 0, f"publish --lang en: {r.stderr!r}")
    # WK082801's indices of the 2020 indeling (its page's is newer): said in English as its figures say it
    older = psql(state, "SELECT DISTINCT s.indeling_year FROM bp.composite_score s WHERE s.area_code = 'WK082801' "
                        "   AND s.indeling_year < (SELECT max(indeling_year) FROM bp.area WHERE code = 'WK082801') "
                        "   AND s.indeling_year = (SELECT max(t.indeling_year) FROM bp.composite_score t "
                        "        WHERE t.area_code = s.area_code AND t.composite_id = s.composite_id)")
    wk = open(os.path.join(en_dir, "WK082801.html"), encoding="utf-8").read()
    sec = re.search(r'<h2 id="samengesteld">.*?</ul>', wk, flags=re.S)
    items = [html.unescape(re.sub(r"<[^>]+>", "", i)) for i in re.findall(r"<li>(.*?)</li>", sec.group(0))] if sec else []
    check(len(older) == 1 and items and all(i.endswith(f" ({older[0][0]} classification, same code; borders not checked).")
                                            for i in items),
          f"WK082801 (en): each index of the {older} classification says so: {items}")
    pages, raw = {}, {}
    for lang, path in (("nl", os.path.join(out, "site", "definities.html")), ("en", os.path.join(en_dir, "definities.html"))):
        t = open(path, encoding="utf-8").read() if os.path.isfile(path) else ""
        sec = re.search(r'<h3 id="methode-indices">.*?(?=<h3 id="methode-onzekerheid">)', t, re.S)
        raw[lang] = sec.group(0) if sec else ""
        pages[lang] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw[lang])).split())
    comps = psql(state, "SELECT i.id, i.title_nl, i.title_en, string_agg(coalesce(ci.title_nl, c.indicator_id) || '~' "
                        "       || coalesce(ci.title_en, ci.title_nl, c.indicator_id) || '~' || c.weight || '~' "
                        "       || c.indicator_id, '^' ORDER BY c.position) "
                        "  FROM bp.indicator i JOIN bp.composite_component c ON c.composite_id = i.id "
                        "  LEFT JOIN bp.indicator ci ON ci.id = c.indicator_id "
                        " WHERE i.kind = 'composite' GROUP BY i.id, i.title_nl, i.title_en ORDER BY i.id")
    check(len(comps) >= 2, f"the run computed composite indices: {comps}")

    def fmt(v, lang, dec):
        t = f"{float(v):,.{dec}f}"
        return t if lang == "en" else t.replace(",", "_").replace(".", ",").replace("_", ".")

    # RIVM's small-area model estimates are named with their word wherever the page names them (site_definitions).
    import site_definitions
    model = site_definitions.model_estimates(SRC)
    for cid, t_nl, t_en, parts in comps:
        components = [p.split("~") for p in parts.split("^")]
        check(t_en and f"<strong>{html.escape(t_en)}</strong>: " in raw["en"]
              and f"<strong>{html.escape(t_nl)}</strong>: " in raw["nl"],
              f"{cid}: titled {t_nl!r} / {t_en!r} on the definitions pages")
        for c_nl, c_en, w, c_id in components:
            dec = 0 if float(w) == round(float(w)) else 1
            if c_id in model:
                c_nl, c_en = c_nl + " – modelschatting", c_en + " – model estimate"
            check(f"{c_nl} (gewicht {fmt(w, 'nl', dec)})" in pages["nl"]
                  and f"{c_en} (weight {fmt(w, 'en', dec)})" in pages["en"],
                  f"{cid}: component {c_en!r} with weight {w} in both languages")
        stab = psql(state, "WITH latest AS (SELECT indeling_year, period FROM bp.composite_score "
                           f"  WHERE composite_id = '{cid}' AND level = 'wijk' ORDER BY indeling_year DESC, period DESC LIMIT 1) "
                           "SELECT st.scheme, st.n_areas, st.median_abs_shift, st.max_abs_shift, st.period "
                           "  FROM bp.composite_stability st JOIN latest l USING (indeling_year, period) "
                           f" WHERE st.composite_id = '{cid}' AND st.level = 'wijk'")
        check(len(stab) >= 2, f"{cid}: rank shifts stored for the other weightings: {stab}")
        for scheme, n, med, mx, period in stab:
            dec = 0 if float(med) == round(float(med)) else 1
            if scheme == "equal":
                what_nl, what_en = "Met gelijke gewichten", "With equal weights"
            else:
                c = next(c for c in components if c[3] == scheme[len("without:"):])
                what_nl, what_en = f"Zonder {c[0]}", f"Without {c[1]}"
            one = int(float(mx)) == 1
            want_nl = (f"{what_nl} verschuift de rang van een wijk ({fmt(n, 'nl', 0)} wijken, {period}) in de mediaan "
                       f"{fmt(med, 'nl', dec)} en hoogstens {fmt(mx, 'nl', 0)} {'plaats' if one else 'plaatsen'}.")
            want_en = (f"{what_en} a district's rank ({fmt(n, 'en', 0)} districts, {period}) moves by "
                       f"{fmt(med, 'en', dec)} in the median and by at most {fmt(mx, 'en', 0)} "
                       f"{'place' if one else 'places'}.")
            check(want_nl in pages["nl"], f"{cid}: {want_nl!r} in {pages['nl'][:300]!r}")
            check(want_en in pages["en"], f"{cid}: {want_en!r} in {pages['en'][:300]!r}")


def check_key_intervals(state, out):
    """Intervals are not dropped: every key figure of Schadewijk that has a
    95 % interval in the database shows it beside its value, as rounded."""
    rows = psql(state, "SELECT DISTINCT ON (v.indicator_id) i.title_nl, v.period, v.value, v.ci_low, v.ci_high "
                       "  FROM bp.indicator_value v JOIN bp.indicator i ON i.id = v.indicator_id "
                       " WHERE v.area_code = 'WK082801' AND v.value IS NOT NULL "
                       " ORDER BY v.indicator_id, v.indeling_year DESC, v.period DESC")
    page = open(os.path.join(out, "GM0828", "WK082801.html"), encoding="utf-8").read()
    key = re.search(r'<h2 id="kerncijfers">.*?</table>', page, flags=re.S)
    key = key.group(0) if key else ""

    def num(t):
        return float(t.replace(".", "").replace(",", ".").replace("\u2212", "-"))
    with_ci = 0
    for title, period, value, lo, hi in rows:
        m = re.search(r'<tr><th scope="row">' + re.escape(html.escape(title, quote=True)) + r' \([^<]*</th><td>'
                      + re.escape(period) + r'</td><td class="num">([^<]*?)( <span class="interval">\(([^<]*)\)</span>)?</td>', key)
        if not m:
            continue   # a later period of the indicator is shown, or it is not on the page
        if lo == "":
            check(m.group(2) is None, f"{title} {period}: no interval in the database, none shown: {m.group(0)!r}")
            continue
        with_ci += 1
        check(m.group(2) is not None, f"{title} {period}: its interval {lo}-{hi} is shown: {m.group(0)!r}")
        if m.group(3):
            shown_lo, shown_hi = m.group(3).split("–")
            dec = len(shown_lo.split(",")[1]) if "," in shown_lo else 0
            tol = 0.5 * 10 ** -dec + 1e-9
            check(abs(num(shown_lo) - float(lo)) <= tol and abs(num(shown_hi) - float(hi)) <= tol,
                  f"{title} {period}: interval {lo}-{hi} shown as {m.group(3)!r}")
    check(with_ci >= 1, f"Schadewijk has key figures with an interval ({with_ci})")


def check_chart_sources(out):
    """Issue 16: each chart and table cites exactly the sources of its own
    figures, with the period shown, read from the pages as a reader gets
    them (the HTML around each chart, pdftotext of the PDF profile); figures
    with the decimals their source publishes; equal figures in one map class."""
    ind = indicator_sources()
    exp = expected_rivm()
    page = open(os.path.join(out, "GM0828", "WK082801.html"), encoding="utf-8").read()
    sections = {m.group(1): m.group(0) for m in re.finditer(r'<h2 id="([^"]+)".*?(?=<h2 |\Z)', page, flags=re.S)}
    def caption(sec):
        m = re.search(r"<figcaption>(.*?)\. Grafiek als", sections.get(sec, ""), flags=re.S)
        return html.unescape(m.group(1)) if m else ""

    # The age chart is KWB 2024 counts only: not RIVM (it cited every source of the gemeente).
    c = caption("leeftijd")
    check(cites(c) == {"CBS"} and "(85984NED), 2024" in c, f"Schadewijk's age chart cites KWB 2024 only: {c!r}")
    # A trend of an RIVM indicator cites 50090NED with its three periods, nothing else.
    trends = [k for k in sections if k.startswith("trend-")]
    check(len(trends) >= 2, f"Schadewijk's page has trend charts: {trends}")
    for sec in trends:
        iid = sec[len("trend-"):]
        pub = next((p for (i, _, p) in ind.values() if i == iid), None)
        c = caption(sec)
        check(cites(c) == {pub}, f"{sec} cites {pub} only: {c!r}")
        if pub == "RIVM":
            check("(50090NED), modelschatting, 2012, 2016 en 2020" in c, f"{sec} names the periods it shows, as model estimates: {c!r}")
            # The drawing alone says what the key table's period cell says: RIVM's 2020 wijk matched by code.
            svg = open(os.path.join(out, "GM0828", f"WK082801-{sec}.svg"), encoding="utf-8").read()
            sub = " ".join(html.unescape(" ".join(re.findall(r">([^<]+)<", svg))).split())
            check("Schadewijk, Oss en Nederland, 2012-2020, %; indeling 2020, zelfde code; grenzen niet gecontroleerd"
                  in sub, f"{sec}.svg's subtitle says the figures are of the 2020 wijk matched by code: {sub[:300]!r}")
    # A profile chart cites the publishers of the indicators it shows (named in its text alternative).
    profiles = [k for k in sections if k.startswith("profiel-")]
    check(len(profiles) >= 2, f"Schadewijk's page has profile charts: {profiles}")
    for sec in profiles:
        alt = html.unescape(re.search(r'alt="([^"]*)"', sections[sec]).group(1))
        # An item of the alternative text: "<title>[ – synthetisch| – modelschatting]: ..." after ". " or "; ".
        # (ending in its period " (2021)" where the chart's figures are of more than one: check_profile_periods)
        shown = {t for t in ind if re.search(r"[.;] " + re.escape(t) + r"( – synthetisch| – modelschatting)?( \(\d{4}\))?: ",
                                             alt)}
        # RIVM's figures, and only those, say they are model estimates
        for t in shown:
            marked = re.search(r"[.;] " + re.escape(t) + r" – modelschatting( \(\d{4}\))?: ", alt) is not None
            check(marked == (ind[t][2] == "RIVM"), f"{sec}: {t} marked modelschatting: {marked}")
        want = {ind[t][2] for t in shown}
        c = caption(sec)
        check(shown and cites(c) == want, f"{sec} ({sorted(shown)}) cites {want}: {c!r}")
        # the text alternative gives percentages' differences in points, as the bars
        for t in shown:
            m = re.search(re.escape(t) + r"( \(\d{4}\))?: ([\d,]+)% tegen ([\d,]+)% in Oss \(([+-]?[\d,]+) %-punt\)", alt)
            if m:
                a_, r_, d_ = (Decimal(x.replace(",", ".")) for x in m.groups()[1:])
                check(abs(a_ - r_ - d_) <= Decimal("0.11"), f"{sec}: {t} difference in points: {m.group(0)!r}")
    # The map of the page: RIVM 2020 only.
    c = caption("kaart")
    check(cites(c) == {"RIVM"} and "(50090NED), modelschatting, 2020" in c, f"the map cites RIVM 2020 only, as model estimates: {c!r}")

    # RIVM publishes one decimal: Schadewijk's loneliness 2020 as published, not rounded to whole percent.
    # RIVM's figure is of the 2020 indeling, put on the 2024 wijk by its code without a crosswalk:
    # the period cell says so (issue 22), and KWB 2024's own figures carry no such note.
    # (a model estimate, and says so)
    row = re.search(r'<tr><th scope="row">Eenzaamheid \(%\) – modelschatting</th><td>2020 \(indeling 2020, zelfde code; grenzen '
                    r'niet gecontroleerd\)</td><td class="num">([^<]*)</td>', sections.get("kerncijfers", ""))
    want = dutch(exp[("eenzaamheid", "WK082801", "2020")], 1)
    check(row and row.group(1) == want, f"Schadewijk eenzaamheid 2020 shown as {want}, noted: {row and row.group(1)!r}")
    check(re.search(r'<tr><th scope="row">[^<]*</th><td>2024</td>', sections.get("kerncijfers", "")),
          "Schadewijk: a KWB 2024 row without a note")
    check(not re.search(r'<tr><th scope="row">[^<]*modelschatting</th><td>2024</td>', sections.get("kerncijfers", "")),
          "Schadewijk: no KWB 2024 row called a model estimate")

    # Every key-figure row says in words which side its differences are on
    # (issue 20): by the indicator's polarity, read here from its YAML, and
    # the signs of the differences shown; never a colour alone.
    polarity = {}
    for f in os.listdir(os.path.join(SRC, "indicators")):
        if f.endswith(".yaml"):
            text = open(os.path.join(SRC, "indicators", f), encoding="utf-8").read()
            t, pol = re.search(r"^title:\s*\{nl:\s*([^,}]+)", text, flags=re.M), re.search(r"^polarity:\s*(\S+)", text, flags=re.M)
            if t and pol:
                polarity[t.group(1).strip()] = pol.group(1)
    judged = n_model_verdicts = 0
    sources = indicator_sources()
    for title, cells, verdict in re.findall(r'<tr><th scope="row">([^<]*?) \([^)]*\)[^<]*</th>(.*?)<td class="richting">(.*?)</td></tr>',
                                            sections.get("kerncijfers", "")):
        pol = polarity.get(html.unescape(title))
        nums = re.findall(r'<td class="num">([^<]*)</td>', cells)
        words = re.sub(r"<[^>]+>", "", verdict)
        # RIVM's model estimates come without their margins (the demo's 50090NED holds the point
        # estimates only): a ▲/▼ on one says that it rests on the point estimate, and no other row does.
        marked = words.endswith(" (modelschatting, zonder marge)")
        words = words.removesuffix(" (modelschatting, zonder marge)")
        if re.search(r"[▲▼]", words):
            want_mark = sources.get(html.unescape(title), ("", "", ""))[2] == "RIVM"
            n_model_verdicts += want_mark
            check(marked == want_mark, f"{title}: a verdict on {'a model estimate without margins' if want_mark else 'a figure'}"
                                       f" {'marked' if want_mark else 'not marked'} (modelschatting, zonder marge): {verdict!r}")
        else:
            check(not marked, f"{title}: no ▲/▼, no mark: {verdict!r}")
        if pol == "neutral":
            check(words == "geen oordeel (geen gunstige kant)", f"{title}: neutral, no verdict: {words!r}")
            continue
        if pol is None or len(nums) != 5:
            continue
        for diff, ref in ((nums[2], "Oss"), (nums[4], "Nederland")):
            part = next((w for w in words.split("; ") if w.endswith(" " + ref)), "")
            if not re.match(r"[+-]?\d", diff):
                continue
            worse_side = diff.startswith("+") == (pol == "higher-is-worse")
            if diff.strip("+-0,") == "":
                check(part.startswith("= gelijk"), f"{title}: zero difference with {ref} reads equal: {part!r}")
            elif part.startswith("▲ gunstiger") or part.startswith("▼ ongunstiger"):
                judged += 1
                want = "▼ ongunstiger" if worse_side else "▲ gunstiger"
                check(part.startswith(want) and f'class="{"ongunstig" if worse_side else "gunstig"}"' in verdict,
                      f"{title}: difference {diff} with {ref} ({pol}) reads {want}: {part!r}")
            else:
                check(part.startswith("≈ niet duidelijk anders"), f"{title}: a verdict against {ref}: {part!r}")
    check(judged >= 4, f"Schadewijk's key figures judge their differences ({judged})")
    check(n_model_verdicts > 0 and "(modelschatting, zonder marge): het oordeel berust op de puntschatting van het "
          "RIVM-model alleen" in sections.get("kerncijfers", ""),
          f"Schadewijk: {n_model_verdicts} verdicts on RIVM's point estimates, marked and explained under the table")

    # The gemeente page's closing source line joins its charts' citations: RIVM's table, cited there
    # for 2020 (the map) and for 2012-2020 (the maps through the years), is named whole each time,
    # never a piece of its title ("; 2012/2016/2020 (indeling 2020) (50090NED)") without its publisher.
    gem = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", open(os.path.join(out, "GM0828.html"),
                                                               encoding="utf-8").read())).split())
    closing = re.findall(r"Bron: (.*?); bewerking buurtpeil\. De open data", gem)
    check(len(closing) == 1, f"GM0828.html has one closing source line: {len(closing)}")
    for line in closing:
        rivm = [m.start() for m in re.finditer(re.escape("2012/2016/2020 (indeling 2020) (50090NED)"), line)]
        check(rivm and all(line[:i].endswith("RIVM, Gezondheid per wijk en buurt; ") for i in rivm),
              f"GM0828.html's closing source line names RIVM's table whole each time: {line!r}")
        # ... and once, with every period its sections show, not once per set of periods
        foot = line.rsplit("Bron: ", 1)[-1]   # the match runs from the first chart's "Bron: "
        n_rivm = foot.count("2012/2016/2020 (indeling 2020) (50090NED)")
        check(n_rivm == 1 and "(50090NED), modelschatting, 2012, 2016 en 2020, CC BY 4.0" in foot,
              f"GM0828.html's closing source line names RIVM's table once ({n_rivm}), 2012-2020: {foot!r}")

    # Map tables: two areas with the same figure are in the same class.
    for f in [os.path.join(out, "GM0828.html"), os.path.join(out, "GM0828", "WK082801.html")]:
        text = open(f, encoding="utf-8").read()
        for table in re.findall(r"<table>.*?Klasse op de kaart.*?</table>", text, flags=re.S):
            cls = {}
            for v, k in re.findall(r'<td class="num">([\d.,]+)</td><td>(\d+) van \d+', table):
                cls.setdefault(v, set()).add(k)
            check(cls and all(len(k) == 1 for k in cls.values()),
                  f"{os.path.basename(f)}: equal figures in one map class: { {v: k for v, k in cls.items() if len(k) > 1} }")

    # The PDF profile: each trend chart's source line (the first after its heading) names its table only,
    # and a profile chart's subtitle names the periods of its figures.
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", os.path.join(out, "GM0828", "WK082801.pdf"), "-"],
                         capture_output=True, text=True)
    # The page footer (every source of the report, at the end of each page) is not a chart's source line.
    footer = re.findall(r"Bron: .*?bewerking buurtpeil", " ".join(pdf.stdout.split("\f")[0].split()))[-1]
    text = " ".join(" ".join(pdf.stdout.split()).replace(footer, " ").split())
    n_trends = 0
    for title, (iid, _, pub) in ind.items():
        m = re.search(r"Ontwikkeling: " + re.escape(title) + r" .*?(Bron: .*?bewerking buurtpeil)", text)
        if m:
            n_trends += 1
            check(cites(m.group(1)) == {pub}, f"PDF trend {iid} cites {pub} only: {m.group(1)!r}")
    check(n_trends >= 2, f"the PDF profile has trend charts ({n_trends})")
    m = re.search(r"Profiel: Sociale veerkracht .*?Vergeleken met Oss, (\S+ \(\w+\))", text)
    check(m and m.group(1) == "2020 (RIVM)", f"PDF: the Sociale veerkracht profile names RIVM's 2020: {m and m.group(1)!r}")
    # The theme mixes RIVM's 2020 figures (matched by code) with the survey's own: the
    # subtitle counts the matched ones ("6 van 15 waarden: ...").
    m = re.search(r"Vergeleken met Oss, 2020 \(RIVM\)[^;]*; (\d+) van (\d+) waarden: indeling 2020, zelfde code; "
                  r"grenzen niet gecontroleerd", text)
    check(m and 0 < int(m.group(1)) < int(m.group(2)),
          f"PDF: the Sociale veerkracht profile says which of its 2020 figures were matched by code: {m and m.group(0)!r}")
    m = re.search(r"Profiel: Demografie .*?Vergeleken met Oss, (.*?) Schadewijk .*?(Bron: .*?bewerking buurtpeil)", text)
    check(m and "RIVM" not in m.group(2) and "Kerncijfers" in m.group(2) and "RIVM" not in m.group(1),
          f"PDF: the Demografie profile cites CBS only: {m and m.groups()!r}")


def survey_titles():
    """{id: Dutch title} of the Burgerpeiling indicators (indicators/bp_*.yaml), read here."""
    out = {}
    folder = os.path.join(SRC, "indicators")
    for f in sorted(os.listdir(folder)):
        if f.startswith("bp_") and f.endswith(".yaml"):
            text = open(os.path.join(folder, f), encoding="utf-8").read()
            m = re.search(r"^title:\s*\{nl:\s*([^,}]+)", text, flags=re.M)
            out[f[:-5]] = m.group(1).strip()
    return out


def pdf_words_all(paths):
    """{path: its text as words} of every PDF, pdftotext run on every core
    (one at a time took 28-85 s of e2e/demo for its ~180 PDFs)."""
    def one(path):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True)
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        done = dict(zip(paths, pool.map(one, paths)))
    for path, r in done.items():   # checked here, not in the threads: check() counts
        check(r.returncode == 0, f"pdftotext {path}: {r.stderr!r}")
    return {path: " ".join(r.stdout.split()) for path, r in done.items()}


# Where a figure's label is on a page: table rows, captions, headings, chart
# alternatives and figure captions, the index's column headers.
LABEL_RE = re.compile(r"<tr\b.*?</tr>|<caption>.*?</caption>|<figcaption>.*?</figcaption>|<h[1-3]\b.*?</h[1-3]>"
                      r"|alt=\"[^\"]*\"|<button[^>]*>.*?</button>", re.S)


def check_download_notice(path, rel):
    """A site page's downloads (issue 18) say what its notice says: each of its
    CSVs in a "Let op" line after the table, its workbook on the sheet Bron.
    Returns 1 when the page has downloads."""
    data = os.path.join(os.path.dirname(path), "data")
    stem = os.path.splitext(os.path.basename(path))[0]
    book = os.path.join(data, stem + ".xlsx")
    if not os.path.exists(book):
        return 0
    csvs = sorted(f for f in os.listdir(data) if re.fullmatch(re.escape(stem) + r"-\d+\.csv", f))
    check(len(csvs) >= 1, f"{rel}: its tables' CSVs")
    for name in csvs:
        rows = list(csv.reader(io.StringIO(open(os.path.join(data, name), encoding="utf-8-sig").read()),
                               delimiter=";"))
        check(any(r[:1] == ["Let op"] and "synthetisch" in "".join(r[1:]) for r in rows),
              f"{rel}: data/{name} has the synthetic notice in a 'Let op' line")
    with zipfile.ZipFile(book) as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
    check("synthetisch" in strings and "Let op" in strings, f"{rel}: data/{stem}.xlsx has the synthetic notice")
    return 1


def check_synthetic_labels(state, out):
    """Issue 16: the demo's Burgerpeiling answers are SYNTHETIC (tests/fixtures/survey).
    Read from the reader's side, every published page and PDF says "synthetisch"
    beside each figure of a bp_* indicator (every table row, caption, heading,
    chart label and text alternative naming one), opens with a notice right
    under its h1, and cites the Burgerpeiling by name."""
    titles = survey_titles()
    check(len(titles) == 13, f"13 Burgerpeiling indicators, got {len(titles)}")
    # The engine flagged them: every value of a bp_* indicator, and only those.
    flagged = {i for (i,) in psql(state, "SELECT DISTINCT indicator_id FROM bp.indicator_value WHERE synthetic")}
    check(flagged == set(titles), f"synthetic values are exactly the bp_* indicators': {sorted(flagged)}")
    # After the title: its unit, the index table's period in a column head ("(%) 2022"), then the word.
    after = re.compile(r"^(?: \([^)]*\))?(?: \d{4}(?:[/–-]\d{4})?)?:? – synthetisch")

    pages = [os.path.join(root, f) for root, _, fs in os.walk(out) for f in fs
             if f.endswith(".html") and "interventions" not in root]
    # Compiled once: re.escape per fragment and title was most of this check's time.
    patterns = [(title, re.compile(re.escape(title))) for title in titles.values()]
    shown = labelled = downloads_shown = 0
    for path in sorted(pages):
        page = open(path, encoding="utf-8").read()
        rel = os.path.relpath(path, out)
        fragments = [html.unescape(re.sub(r"<[^>]+>", "", f)) if not f.startswith("alt=") else html.unescape(f)
                     for f in LABEL_RE.findall(page)]
        hits = 0
        for frag in fragments:
            for title, pattern in patterns:
                if title not in frag:   # most fragments name none: skip the regex
                    continue
                for m in pattern.finditer(frag):
                    hits += 1
                    ok = after.match(frag[m.end():]) is not None
                    labelled += ok
                    check(ok, f"{rel}: 'synthetisch' beside {title!r}: {frag[max(0, m.start() - 40):m.end() + 40]!r}")
        if hits == 0:
            continue
        shown += 1
        # Right under the h1, naming the survey.
        notice = re.search(r"</h1>\s*<p class=\"let-op\">(.*?)</p>", page, re.S)
        check(notice is not None and "synthetisch" in notice.group(1) and "Burgerpeiling 2022" in notice.group(1),
              f"{rel}: a notice naming the Burgerpeiling right under the h1")
        check("VNG Burgerpeiling (onderzoeksbureau), Burgerpeiling 2022" in html.unescape(page),
              f"{rel}: cites the Burgerpeiling by name")
        if rel.startswith("site" + os.sep):
            downloads_shown += check_download_notice(path, rel)
    # Where the survey is shown at all: the site's profiles and index, the needs overviews' checks.
    check(shown >= 40 and labelled >= 400, f"survey figures on {shown} pages, {labelled} labels checked")
    check(downloads_shown >= 20, f"the downloads of {downloads_shown} site pages with survey figures say synthetisch")
    for must in ("site/index.html", "site/WK082801.html", "site/GM0828.html"):
        page = open(os.path.join(out, must), encoding="utf-8").read()
        check(any(t in page for t in titles.values()), f"{must} shows the survey indicators")

    pdfs = [os.path.join(root, f) for root, _, fs in os.walk(out) for f in fs
            if f.endswith(".pdf") and "interventions" not in root and "/site/" not in os.path.join(root, f)]
    pdf_shown = 0
    texts = pdf_words_all(sorted(pdfs))
    for path in sorted(pdfs):
        text = texts[path]
        rel = os.path.relpath(path, out)
        hits = 0
        for title in titles.values():
            for m in re.finditer(re.escape(title), text):
                hits += 1
                # A table cell may wrap, with the next column's period in between.
                near = text[m.end():m.end() + 40]
                check("synthetisch" in near, f"{rel}: 'synthetisch' beside {title!r}: {text[m.start():m.end() + 40]!r}")
        if hits == 0:
            continue
        pdf_shown += 1
        starts = [i for i in (text.find("Kerncijfers"), text.find("Samenvatting")) if i >= 0]
        note = text.find("met het woord ‘synthetisch’")
        check(0 <= note < min(starts + [len(text)]), f"{rel}: the notice under the title, before the figures")
        check("VNG Burgerpeiling (onderzoeksbureau), Burgerpeiling 2022" in text, f"{rel}: cites the Burgerpeiling")
    check(pdf_shown >= 30, f"survey figures in {pdf_shown} PDFs")


def run(args, **kw):
    with timed(" ".join(a for a in args if not a.startswith("/"))[:60]):
        return subprocess.run([BIN] + args, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


def write_config(path, csv_path, out_dir, extra_sources=""):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""name: e2e
gemeenten: [GM0828, GM0402]
sources:
  - type: statline-csv
    file: {csv_path}
    year: 2024
{extra_sources}indicators: {SRC}/indicators
charts: {SRC}/charts
output: {out_dir}
""")


def tree_stamps(folder):
    """{path: (inode, mtime)} of every file but what each run writes anew (its record and digests)."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            if name == "runs.html" or "-wijzigingen." in name:
                continue
            st = os.stat(os.path.join(root, name))
            out[os.path.relpath(os.path.join(root, name), folder)] = (st.st_ino, st.st_mtime_ns)
    return out


def tree_digest(folder):
    h = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(root, name)
            h.update(os.path.relpath(p, folder).encode())
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def db_counts(state):
    r = run(["--state-dir", state, "db", "psql", "--", "-XAtc",
             "SELECT (SELECT count(*) FROM bp.source) || ',' || (SELECT count(*) FROM bp.area) || ',' || "
             "(SELECT count(*) FROM bp.observation_all) || ',' || (SELECT count(*) FROM bp.indicator_value)"])
    check(r.returncode == 0 and re.fullmatch(r"\d+,\d+,\d+,\d+", r.stdout.strip()),
          f"psql through 'db psql' works: {r.stdout!r} {r.stderr!r}")
    return r.stdout.strip()


def main():
    """The parts (arguments): 'monitor', the small monitor and the failure
    paths; 'demo', config/demo.yaml.  meson runs each as a test of its own
    (e2e/run, e2e/demo), so that they run side by side; none: both."""
    global failures
    parts = sys.argv[1:] or ["monitor", "demo"]
    unknown = [p for p in parts if p not in ("monitor", "demo")]
    if unknown:
        raise SystemExit(f"usage: test_run.py [monitor] [demo], not {unknown}")
    tmp = tempfile.mkdtemp(prefix="bp-e2e-")
    os.chmod(tmp, 0o755)  # the server may run as another user
    if "monitor" not in parts:
        return demo_only(tmp)
    state = os.path.join(tmp, "state")
    out = os.path.join(tmp, "out")
    cfg = os.path.join(tmp, "monitor.yaml")
    write_config(cfg, FIXTURE, out)
    try:
        # --version and --help on every command.
        r = run(["--version"])
        check(r.returncode == 0 and re.match(r"buurtpeil \d+\.\d+\.\d+", r.stdout), "--version")
        for c in ["run", "import", "indicators", "compute", "render", "report", "db"]:
            r = run([c, "--help"])
            check(r.returncode == 0 and r.stdout.startswith("usage: buurtpeil " + c), f"{c} --help")
        r = run(["nonsense"])
        check(r.returncode == 2 and "not a command" in r.stderr, "unknown command exits 2")
        # run --as-of: usage is checked before the database (the run itself: tests/run/test_asof.c).
        r = run(["--state-dir", state, "run", "--config", cfg, "--as-of", "15-03-2026"])
        check(r.returncode == 2 and "YYYY-MM-DD" in r.stderr, f"run --as-of 15-03-2026 exits 2: {r.stderr!r}")
        r = run(["--state-dir", state, "run", "--config", cfg, "--as-of", "2026-03-15", "--digest-to", tmp])
        check(r.returncode == 2 and "--digest-to does not go with --as-of" in r.stderr,
              f"run --as-of with --digest-to exits 2: {r.stderr!r}")

        # The main job, unattended: one summary line on stdout, nothing on stderr.
        r = run(["--state-dir", state, "run", "--config", cfg])
        check(r.returncode == 0, f"run exits 0 (stderr: {r.stderr})")
        check(len(r.stdout.splitlines()) == 1 and ": ok;" in r.stdout, f"one summary line: {r.stdout!r}")
        check(r.stderr == "", f"quiet without a TTY: {r.stderr!r}")
        if r.returncode != 0:
            raise SystemExit(f"the main job failed; nothing more to check\n{r.stderr}")

        exp = expected_shares()
        for gm, name in [("GM0828", "Oss"), ("GM0402", "Hilversum")]:
            page = open(os.path.join(out, gm + ".html"), encoding="utf-8").read()
            check('<html lang="nl">' in page, f"{gm}: lang=nl")
            check("CC BY 4.0" in page and "Bron: CBS" in page, f"{gm}: cites CBS, CC BY 4.0")
            for code, (wname, s65, s015) in exp.items():
                if not code.startswith("WK" + gm[2:]):
                    continue
                for value in (s65, s015):
                    # The name links to the wijk's profile page.
                    cell = (f"<td><a href=\"{gm}/{code}.html\">{wname}</a></td><td>{code}</td>"
                            f"<td class=\"num\">{dutch(value)}</td>")
                    check(cell in page, f"{gm}: {wname} ({code}) shows {dutch(value)}")
            for code, label in [(gm, name), ("NL00", "Nederland")]:
                s65 = exp[code][1]
                check(f"<th scope=\"row\">{label}</th><td>{code}</td><td class=\"num\">{dutch(s65)}</td>" in page,
                      f"{gm}: reference {label} = {dutch(s65)}")
            for ind in ["aandeel_65_plus", "aandeel_0_tot_15"]:
                png = open(os.path.join(out, gm, ind + ".png"), "rb").read()
                check(png[:8] == b"\x89PNG\r\n\x1a\n", f"{gm}/{ind}.png is a PNG")
                width = int.from_bytes(png[16:20], "big")
                check(width == 800, f"{gm}/{ind}.png is 800 px wide, not {width}")
                svg = open(os.path.join(out, gm, ind + ".svg"), encoding="utf-8").read()
                check("<svg" in svg, f"{gm}/{ind}.svg is SVG")
        # The issue's own example: Schadewijk, 1,890 of 10,575 residents are 65+, 17.9%.
        oss = open(os.path.join(out, "GM0828.html"), encoding="utf-8").read()
        check("<td><a href=\"GM0828/WK082801.html\">Schadewijk</a></td><td>WK082801</td><td class=\"num\">17,9</td>"
              "<td class=\"num\">1.890</td><td class=\"num\">10.575</td>" in oss, "Schadewijk 17,9 = 1.890 / 10.575")
        # Schadewijk's profile page: its value, Oss and Nederland, and the
        # differences from the unrounded values (17.87... - 20.89... = -3.02 -> "-3,0").
        prof_path = os.path.join(out, "GM0828", "WK082801.html")
        check(os.path.exists(prof_path), "Schadewijk has a profile page")
        if os.path.exists(prof_path):
            prof = open(prof_path, encoding="utf-8").read()
            check('<html lang="nl">' in prof, "profile: lang=nl")
            check("Bron: CBS" in prof and "CC BY 4.0" in prof and "bewerking buurtpeil" in prof,
                  "profile: cites CBS, CC BY 4.0")
            wk, gm_, nl = exp["WK082801"], exp["GM0828"], exp["NL00"]
            for i in (1, 2):
                d_gm, d_nl = dutch(wk[i] - gm_[i]), dutch(wk[i] - nl[i])
                signed = [d if d.startswith("\u2212") or d.strip("0,") == "" else "+" + d for d in (d_gm, d_nl)]
                row = (f"<td>2024</td><td class=\"num\">{dutch(wk[i])}</td><td class=\"num\">{dutch(gm_[i])}</td>"
                       f"<td class=\"num\">{signed[0]}</td><td class=\"num\">{dutch(nl[i])}</td>"
                       f"<td class=\"num\">{signed[1]}</td><td class=\"richting\">")
                check(row in prof, f"profile: Schadewijk row {row}")
            check(dutch(wk[1]) == "17,9" and dutch(gm_[1]) == "20,9" and dutch(nl[1]) == "20,5"
                  and dutch(wk[1] - gm_[1]) == "\u22123,0", "profile: the issue's example 17,9 / 20,9 / 20,5 / \u22123,0")
            check("<td class=\"num\">17,9</td><td class=\"num\">20,9</td><td class=\"num\">\u22123,0</td>"
                  "<td class=\"num\">20,5</td>" in prof, "profile: 17,9 against Oss 20,9 (-3,0) and Nederland 20,5")
            check('<th scope="row">' in prof and "<caption>" in prof, "profile: table with caption and th scope")
            check(re.search(r'<img [^>]*alt="[^"]{20,}"', prof) is not None, "profile: chart with a text alternative")
            for ref in re.findall(r'(?:href|src)="([^"#:]+)"', prof):
                check(os.path.exists(os.path.join(out, "GM0828", ref)), f"profile: link {ref} exists")
            png = open(os.path.join(out, "GM0828", "WK082801-profiel-demografie.png"), "rb").read()
            check(png[:8] == b"\x89PNG\r\n\x1a\n", "profile chart is a PNG")
        index = open(os.path.join(out, "index.html"), encoding="utf-8").read()
        check('href="GM0828.html"' in index and 'href="GM0402.html"' in index, "index links both gemeenten")
        check(not [f for _, _, fs in os.walk(out) for f in fs if ".tmp-" in f], "no temporary files left in out/")

        # Again: the source is recognised, nothing is recomputed, still exit 0.
        r = run(["--state-dir", state, "run", "--config", cfg])
        check(r.returncode == 0 and "0 sources loaded, 1 unchanged" in r.stdout, f"second run: {r.stdout!r}")

        # A malformed CSV: clear error with location, exit 1, database and out/ untouched.
        before_db, before_out = db_counts(state), tree_digest(out)
        lines = open(FIXTURE, encoding="utf-8-sig").read().split("\n")
        bad = os.path.join(tmp, "Kerncijfers_wijken_en_buurten_2024_bad.csv")
        # Line 5 of the file: its 7th field (Mannen) becomes text.
        fields = lines[4].split(";")
        col = len(";".join(fields[:6])) + 2  # 1-based column where field 7 starts
        fields[6] = "veel"
        lines[4] = ";".join(fields)
        with open(bad, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        cfg_bad = os.path.join(tmp, "bad.yaml")
        write_config(cfg_bad, bad, out)
        r = run(["--state-dir", state, "run", "--config", cfg_bad])
        check(r.returncode == 1, f"malformed CSV: exit 1, got {r.returncode}")
        check(f"{bad}:5:{col}: error:" in r.stderr and "'veel'" in r.stderr,
              f"malformed CSV: error names file:5:{col}: {r.stderr!r}")
        check("Traceback" not in r.stderr and "AddressSanitizer" not in r.stderr, "no noise on stderr")
        check(db_counts(state) == before_db, "malformed CSV: database unchanged")
        check(tree_digest(out) == before_out, "malformed CSV: out/ unchanged")

        # Wrong number of fields, through the import command itself.
        short = os.path.join(tmp, "Kerncijfers_wijken_en_buurten_2024_short.csv")
        lines = open(FIXTURE, encoding="utf-8-sig").read().split("\n")
        lines[2] = lines[2].rsplit(";", 1)[0]
        with open(short, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        r = run(["--state-dir", state, "import", "statline-csv", short])
        check(r.returncode == 1 and f"{short}:3:" in r.stderr and "expected 13 fields" in r.stderr,
              f"short row reported at line 3: {r.stderr!r}")
        check(db_counts(state) == before_db, "short row: database unchanged")

        # A missing config file names it.
        r = run(["--state-dir", state, "run", "--config", os.path.join(tmp, "nope.yaml")])
        check(r.returncode == 1 and "nope.yaml" in r.stderr, f"missing config named: {r.stderr!r}")

        # render writes one chart.
        png = os.path.join(tmp, "chart.png")
        r = run(["--state-dir", state, "render", "--indicator", "aandeel_65_plus", "--gemeente", "GM0402",
                 "--out", png, "--indicators", os.path.join(SRC, "indicators")])
        check(r.returncode == 0 and open(png, "rb").read(4) == b"\x89PNG", f"render PNG: {r.stderr}")
        # --lang en: the chart's own words in English (title from the definition's `en:`, read here),
        # the same bars; an unknown language is a usage error.
        svgs = {}
        for lang in ("nl", "en"):
            f = os.path.join(tmp, f"chart-{lang}.svg")
            r = run(["--state-dir", state, "render", "--indicator", "aandeel_65_plus", "--gemeente", "GM0402",
                     "--out", f, "--lang", lang, "--indicators", os.path.join(SRC, "indicators")])
            check(r.returncode == 0, f"render --lang {lang}: {r.stderr}")
            svgs[lang] = " ".join(html.unescape(t) for t in re.findall(r">([^<>{}]+)<", open(f, encoding="utf-8").read())
                                  if t.strip()) if r.returncode == 0 else ""
        en_title = re.search(r"^title: *\{nl: *[^,]+, *en: *([^}]+)\}",
                             open(os.path.join(SRC, "indicators", "aandeel_65_plus.yaml"), encoding="utf-8").read(),
                             re.M).group(1).strip()
        en = svgs["en"]
        check(en_title in en and "Districts of Hilversum" in en and "Source: CBS" in en and "the Netherlands" in en
              and not any(w in en for w in ("Bron", "bewerking", "Nederland", "Wijken van")),
              f"render --lang en: title, subtitle, source line and legend in English: {en[:300]!r}")
        nums = lambda t: re.findall(r"\d+[.,]\d%", t)
        check(nums(en) and [n.replace(",", ".") for n in nums(svgs["nl"])] == nums(en),
              f"render --lang en: the Dutch chart's figures with decimal points: {nums(en)[:4]}")
        r = run(["--state-dir", state, "render", "--indicator", "aandeel_65_plus", "--gemeente", "GM0402",
                 "--out", png, "--lang", "de", "--indicators", os.path.join(SRC, "indicators")])
        check(r.returncode == 2 and "de" in r.stderr, f"render --lang de: a usage error: {r.returncode} {r.stderr!r}")

        # render, report and the report step of run act as buurtpeil_publish (SET ROLE, sql/005):
        # take that role's right to read bp.indicator_value and each fails, though the user that
        # connects (the owner) still may read it.
        def psql(sql):
            return run(["--state-dir", state, "db", "psql", "--", "-XAtc", sql])
        check(psql("REVOKE SELECT ON bp.indicator_value FROM buurtpeil_publish").returncode == 0, "revoke")
        for what, args in [("render", ["render", "--indicator", "aandeel_65_plus", "--gemeente", "GM0402",
                                       "--out", png, "--indicators", os.path.join(SRC, "indicators")]),
                           ("report", ["report", "--gemeente", "GM0402", "--out", os.path.join(tmp, "out-publish"),
                                       "--indicators", os.path.join(SRC, "indicators"),
                                       "--charts", os.path.join(SRC, "charts")]),
                           ("run", ["run", "--config", cfg])]:
            r = run(["--state-dir", state] + args)
            check(r.returncode != 0 and "permission denied" in r.stderr,
                  f"{what} reads as buurtpeil_publish: {r.returncode} {r.stderr!r}")
        check(psql("GRANT SELECT ON bp.indicator_value TO buurtpeil_publish").returncode == 0, "grant back")

        # A monitor that also downloads RIVM 50090NED over OData from a
        # loopback stand-in for CBS (recorded responses): the main job uses
        # data imported this way.  Experiences (the shipped fictional
        # examples) are a source of the same run: each new source makes the
        # run render every page of the monitor again (a minute under the
        # sanitizers), so both are added at once.
        exp_csv = os.path.join(SRC, "experiences", "voorbeeld-oss-hilversum.csv")
        server = subprocess.Popen([sys.executable, os.path.join(SRC, "tests", "support", "cbs_server.py"),
                                   "--fixtures", os.path.join(os.environ["BP_FIXTURES"], "odata")],
                                  stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline())
            cfg_cbs = os.path.join(tmp, "cbs.yaml")
            write_config(cfg_cbs, FIXTURE, out, f"""  - type: cbs
    table: 50090NED
    catalog: RIVM
    base_url: http://127.0.0.1:{port}
  - type: experiences
    file: {exp_csv}
""")
            r = run(["--state-dir", state, "run", "--config", cfg_cbs])
            check(r.returncode == 0 and "2 sources loaded, 1 unchanged" in r.stdout,
                  f"run with a cbs source and experiences: both loaded: {r.stdout!r} {r.stderr!r}")
            # Loneliness (Eenzaam_28) of Oss in 2020 is 45.8 in the RIVM CSV, row of GM0828.
            q = run(["--state-dir", state, "db", "psql", "--", "-XAtc",
                     "SELECT value FROM bp.observation_current WHERE variable_code = 'Eenzaam' "
                     "AND area_code = 'GM0828' AND period = '2020'"])
            check(q.stdout.strip() == "45.8", f"RIVM Eenzaam GM0828 2020 = 45.8, got {q.stdout!r} {q.stderr!r}")
            q = run(["--state-dir", state, "db", "psql", "--", "-XAtc",
                     "SELECT count(DISTINCT area_code) FROM bp.observation_all o JOIN bp.source s ON s.id = o.source_id "
                     "WHERE s.table_id = '50090NED'"])
            check(q.stdout.strip() == "184", f"RIVM: Oss, Hilversum and Nederland = 184 areas, got {q.stdout!r}")
        finally:
            server.terminate()
            server.wait()

        # The experiences on the profile page: the consented ones, labelled
        # voorbeeld, and never a row without consent (read from the CSV).
        with open(exp_csv, encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        prof = open(os.path.join(out, "GM0828", "WK082801.html"), encoding="utf-8").read()
        mine = [x for x in rows if x["area"] == "WK082801"]
        check(len(mine) == 5, f"5 example rows for Schadewijk in the CSV, got {len(mine)}")
        for x in mine:
            text = html.escape(x["text"], quote=False) if x["text"] else None
            if x["consent"] == "ja" and text:
                check(text in prof, f"consented experience shown: {x['text'][:40]}")
            if x["consent"] == "nee" and text:
                check(text not in prof, "an experience without consent is not on the page")
        shown = sum(1 for x in mine if x["consent"] == "ja")
        check(f"<p>{shown} ervaringen" in prof and prof.count("[voorbeeld]") == shown,
              f"{shown} experiences, each labelled [voorbeeld]")
        if "demo" in parts:
            check_demo(tmp)

        # db status says what runs.
        r = run(["--state-dir", state, "db", "status"])
        check(r.returncode == 0 and "running" in r.stdout and "schema:" in r.stdout, f"db status: {r.stdout}")
        # Options after the action count too: 'db status --state-dir S' is about S.
        r = run(["db", "status", "--state-dir", state])
        check(r.returncode == 0 and f"embedded cluster in {state}" in r.stdout and "running" in r.stdout,
              f"db status --state-dir after the action: {r.stdout!r}")
    except SystemExit as e:
        print(f"FAIL: {e}")
        failures += 1
    finally:
        run(["--state-dir", state, "db", "stop"])
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


def demo_only(tmp):
    """e2e/demo: config/demo.yaml alone."""
    global failures
    try:
        check_demo(tmp)
    except SystemExit as e:
        print(f"FAIL: {e}")
        failures += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
