#!/usr/bin/env python3
"""Why a value has or lacks an interval, as /values and /needs say it (interval_basis).

Two throwaway clusters, `serve` on loopback for each:

A. the KWB 2024 slice of Oss and Hilversum (ratios: counts of the whole
   population), the SYNTHETIC Burgerpeiling of Oss (survey intervals), RIVM
   50090NED (model estimates without margins), the constructed survey
   results of Oss (bounds as published, one row written here with
   respondents and no bounds), a survey-results table written here in the
   2016 indeling and carried into 2024 through the real wijken 2016 -> 2024
   crosswalk (apportioned and identical wijken), a custom area of two Oss
   wijken (aggregates), and two composites written here: one of RIVM's
   estimates (no interval) and one of survey figures (simulation interval);
B. the constructed 50090NED dump with Marges (RIVM's margins loaded).

Also (cluster A): survey-results figures published with neither
respondents nor bounds (tests/fixtures/survey-results/
resultaten-2024-oss-zonder-marges-constructed.csv) are survey figures
(none_survey, "enquêtecijfer; bron gaf geen marges" in the needs overview),
not registrations; the composite over the custom level, where the custom
area is alone, and over the gemeente level, where Oss is alone, has no
value (too_few_to_normalise) rather than a z-score of 0 with [0, 0]: in
/values, its CSV, /composites and the area page of the published site, in
Dutch and English; and interval_note in English with lang=en (/values,
/areas/{code}, /needs).

Every basis is seen at least once.  Each value's basis is checked against
the rule written out here in Python over its database row (read with
psql: kind, source, value, bounds, estimate, respondents, translation
method), not against the C function; the bounds of a published margin
against the CSV and dump files, an apportioned span against the crosswalk's
contributors and the 2016 file, and /needs against /values.
"""
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_serve as ts  # noqa: E402  (check counters, fixtures, run, Server, schema validation)

check = ts.check
FIX = ts.FIX
RESULTS = os.path.join(FIX, "survey-results", "resultaten-2024-oss-constructed.csv")
RESULTS_MAPPING = os.path.join(FIX, "survey-results", "mapping-constructed.yaml")
# survey figures published with neither respondents nor bounds (constructed, PROVENANCE.md)
RESULTS_BARE = os.path.join(FIX, "survey-results", "resultaten-2024-oss-zonder-marges-constructed.csv")
WIJKEN_2016 = os.path.join(FIX, "geo", "wijken_2016_oss_hilversum.geojson")
MARGES = os.path.join(FIX, "marges-constructed")

# interval_note with lang=en, written out again (engine/interval_basis.c's English column).
NOTES_EN = {
    "survey_ci": "95% interval computed from the survey's answers",
    "source_margin": "95% margin as the source published it",
    "model_interval": "95% margin of the model estimate, as RIVM published it",
    "composite_draws": "95% range of the index over simulations within the intervals of its components",
    "translated_span": "converted from another classification: from the lowest to the highest bound of the areas "
                       "it came from, wider than a 95% interval",
    "none_no_value": "no value, so no interval",
    "none_registration": "a count from a register, without sampling error",
    "none_model": "a model estimate; buurtpeil has not loaded margins from this source",
    "none_survey": "a survey figure without a given lower and upper bound",
    "none_aggregate": "buurtpeil's sum over a self-defined area; the margins of its parts do not add up to an "
                      "interval",
    "none_composite": "a composite index of figures without an interval",
    "none_translated": "converted from another classification from figures without an interval; the error of the "
                       "conversion is not known",
}
# The indicators whose values come only from survey-results tables (written here): a survey's figures.
SURVEY_TABLES = ("ib_resultaten", "ib_resultaten_2016")

BASES = ["survey_ci", "source_margin", "model_interval", "composite_draws", "translated_span", "none_no_value",
         "none_registration", "none_model", "none_survey", "none_aggregate", "none_composite", "none_translated"]

# The 2016 survey results written here (invented values, like the constructed
# fixture's): WK082801 is apportioned by the 2016 -> 2024 crosswalk, WK082822
# identical or nearly so (tests/import/test_crosswalk.c); WK082802 has respondents
# and no bounds; the gemeente's own row makes a ranking of the 2016 wijken.
RESULTS_2016 = """gebiedcode;jaar;indicator;percentage;aantal_respondenten;ondergrens;bovengrens
GM0828;2016;Eenzaam;33,0;1000;31,0;35,0
WK082801;2016;Eenzaam;40,0;200;35,0;45,0
WK082802;2016;Eenzaam;30,0;80;;
WK082803;2016;Eenzaam;20,0;150;15,0;26,0
WK082822;2016;Eenzaam;50,0;120;41,0;59,0
"""
MAPPING_2016 = """survey:
  name: ib-results-2016
  title: Constructed survey results 2016 (test fixture)
  period: "2016"
  publisher: buurtpeil tests (constructed)
  licence: test fixture, values invented
csv:
  separator: ";"
  decimal: ","
columns:
  area: gebiedcode
  period: jaar
  indicator: indicator
  value: percentage
  respondents: aantal_respondenten
  lower: ondergrens
  upper: bovengrens
area:
  indeling_year: 2016
indicators:
  Eenzaam:
    variable: test_ib_eenzaam_2016
    title: Eenzaam 2016 (constructed)
    unit: "%"
    decimals: 1
"""
# one row with respondents and no bounds: a survey figure without interval
EXTRA_2024 = "WK082802;2024;Eenzaam;52,0;90;;\n"


def share_def(id_, var, source):
    return f"""id: {id_}
title: {{nl: {id_}}}
theme: sociale-veerkracht
kind: published_share
value: {var}
base: AantalInwoners
unit: "%"
decimals: 1
polarity: higher-is-worse
source: {source}
"""


COMPOSITE_SURVEY = """id: ib_enquete_index
title: {nl: Index uit de enquête (test)}
theme: sociale-veerkracht
polarity: higher-is-worse
normalisation: z-score
aggregation: arithmetic
components:
  - {indicator: bp_eenzaam, weight: 1}
  - {indicator: bp_vaak_eenzaam, weight: 1}
uncertainty: {draws: 40, seed: 1}
unit: index
decimals: 2
source: Burgerpeiling (VNG-dataformat 2022); bewerking buurtpeil
"""
CUSTOM_AREA = """id: ib-test
name: Twee wijken van Oss (test)
gemeente: GM0828
kind: verzorgingsgebied
indeling_year: 2024
members: [WK082800, WK082803]
"""


def psql(state, sql):
    out = ts.run(state, "db", "psql", "--", "-AtF|", "-c", sql).stdout
    return [line.split("|") for line in out.splitlines() if line]


def expected_basis(kind, source, has_value, has_interval, estimate, respondents, method, survey_table=False):
    """The rule, written out again from the OpenAPI's sentences (lib/api/openapi.json IntervalBasis).
    survey_table: the value is one of an indicator fed only by survey-results tables (native, or carried over
    with the same borders; an apportioned one has its own basis above)."""
    model = kind == "published_share" and source is not None and ("RIVM" in source or "50090NED" in source)
    survey = kind.startswith("survey_")
    if not has_value:
        return "none_no_value"
    if kind == "composite":
        return "composite_draws" if has_interval else "none_composite"
    if method not in (None, "identical"):
        return "translated_span" if has_interval else "none_translated"
    if has_interval:
        return "survey_ci" if survey else "model_interval" if model else "source_margin"
    if estimate:
        return "none_aggregate"
    if survey or respondents or (survey_table and method in (None, "identical")):
        return "none_survey"
    return "none_model" if model else "none_registration"


ROWS_SQL = """
SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, i.kind, coalesce(i.source_text, ''),
       v.value IS NOT NULL, v.ci_low IS NOT NULL AND v.ci_high IS NOT NULL, v.estimate,
       v.n_unweighted IS NOT NULL, '', v.ci_low, v.ci_high
  FROM bp.indicator_value v JOIN bp.indicator i ON i.id = v.indicator_id
UNION ALL
SELECT t.indicator_id, t.area_code, t.indeling_year, t.period, i.kind, coalesce(i.source_text, ''),
       t.value IS NOT NULL, t.ci_low IS NOT NULL AND t.ci_high IS NOT NULL, false, false, t.method, t.ci_low, t.ci_high
  FROM bp.indicator_value_translated t JOIN bp.indicator i ON i.id = t.indicator_id
 WHERE NOT EXISTS (SELECT 1 FROM bp.indicator_value n WHERE n.indicator_id = t.indicator_id
                   AND n.area_code = t.area_code AND n.indeling_year = t.indeling_year AND n.period = t.period)
"""


def db_rows(state):
    out = {}
    for r in psql(state, ROWS_SQL):
        key = (r[0], r[1], int(r[2]), r[3])
        out[key] = dict(kind=r[4], source=r[5] or None, has_value=r[6] == "t", has_interval=r[7] == "t",
                        estimate=r[8] == "t", respondents=r[9] == "t", method=r[10] or None,
                        ci=(float(r[11]), float(r[12])) if r[7] == "t" else None)
    return out


def all_values(srv, indicators):
    vals = []
    for ind in indicators:
        offset = 0
        while True:
            st, h, b = srv.get(f"/api/v1/values?indicator={ind}&limit=1000&offset={offset}")
            check(st == 200, f"/values?indicator={ind}: {st}")
            if st != 200:
                break
            ts.valid("/values", 200, b, f"/values?indicator={ind}")
            got = json.loads(b)["values"]
            vals += got
            if len(got) < 1000:
                break
            offset += 1000
    return vals


def against_rows(vals, rows, what):
    """Every value's basis by the rule over its database row; the bases seen."""
    seen = {}
    bad = []
    for v in vals:
        key = (v["indicator"], v["area"]["code"], v["indeling_year"], v["period"])
        row = rows.get(key)
        if row is None:
            bad.append(("no row", key))
            continue
        want = expected_basis(row["kind"], row["source"], row["has_value"], row["has_interval"], row["estimate"],
                              row["respondents"], row["method"], key[0] in SURVEY_TABLES)
        if v["interval_basis"] != want:
            bad.append((key, v["interval_basis"], want))
        if (v["interval"] is None) != (v["interval_basis"].startswith("none_")):
            bad.append(("interval and basis disagree", key, v["interval"], v["interval_basis"]))
        seen.setdefault(v["interval_basis"], v)
    check(not bad, f"{what}: every value's interval_basis as the rule over its row ({len(vals)} values): {bad[:5]}")
    return seen


def cluster_a(tmp):
    state = os.path.join(tmp, "a")
    inds = os.path.join(tmp, "indicators")
    shutil.copytree(os.path.join(ts.SRC, "indicators"), inds)
    with open(os.path.join(inds, "ib_resultaten.yaml"), "w") as f:
        f.write(share_def("ib_resultaten", "test_cr_eenzaam", "Resultaten 2024 (test, geconstrueerd)"))
    with open(os.path.join(inds, "ib_resultaten_2016.yaml"), "w") as f:
        f.write(share_def("ib_resultaten_2016", "test_ib_eenzaam_2016", "Resultaten 2016 (test, geconstrueerd)"))
    with open(os.path.join(inds, "composites", "ib_enquete_index.yaml"), "w") as f:
        f.write(COMPOSITE_SURVEY)
    areas = os.path.join(tmp, "areas")
    os.mkdir(areas)
    with open(os.path.join(areas, "ib-test.yaml"), "w") as f:
        f.write(CUSTOM_AREA)
    results = os.path.join(tmp, "resultaten-2024.csv")
    with open(RESULTS, encoding="utf-8") as src, open(results, "w", encoding="utf-8") as f:
        f.write(src.read() + EXTRA_2024)
    results16, mapping16 = os.path.join(tmp, "resultaten-2016.csv"), os.path.join(tmp, "mapping-2016.yaml")
    with open(results16, "w", encoding="utf-8") as f:
        f.write(RESULTS_2016)
    with open(mapping16, "w", encoding="utf-8") as f:
        f.write(MAPPING_2016)

    ts.run(state, "import", "statline-csv", ts.KWB)
    ts.run(state, "import", "geojson", ts.WIJKEN)
    ts.run(state, "import", "geojson", WIJKEN_2016, "--year", "2016", "--level", "wijk")
    ts.run(state, "import", "cbs-dump", ts.RIVM)
    ts.run(state, "import", "survey", ts.SURVEY_SAV, "--mapping", os.path.join(ts.SRC, "surveys", "burgerpeiling-2022.yaml"))
    ts.run(state, "import", "survey-results", results, "--mapping", RESULTS_MAPPING)
    ts.run(state, "import", "survey-results", RESULTS_BARE, "--mapping", RESULTS_MAPPING)
    # The 2016 indeling's areas of Oss, from the 2016 borders' own codes and names: no
    # KWB table of 2016 is in the fixtures, and the results table needs its areas.
    with open(WIJKEN_2016, encoding="utf-8") as f:
        wijken16 = [x["properties"] for x in json.load(f)["features"] if x["properties"]["GMC"] == "GM0828"]
    rows16 = ", ".join(f"('{w['WKC']}', 2016, 'wijk', '{w['WKN'].replace(chr(39), chr(39) * 2)}', 'GM0828', 'GM0828')"
                       for w in wijken16)
    psql(state, "INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
                "('NL00', 2016, 'land', 'Nederland', NULL, NULL), ('GM0828', 2016, 'gemeente', 'Oss', 'NL00', 'GM0828'), "
                + rows16)
    ts.run(state, "import", "survey-results", results16, "--mapping", mapping16)
    ts.run(state, "crosswalk", "build", "--level", "wijk", "--from", "2016", "--to", "2024")
    ts.run(state, "compute", "--indicators", inds, "--areas", areas)
    return state


def cluster_b(tmp):
    """RIVM's margins loaded: the constructed 50090NED dump with a Marges dimension."""
    state = os.path.join(tmp, "b")
    inds = os.path.join(tmp, "indicators-b")
    os.mkdir(inds)
    shutil.copy(os.path.join(ts.SRC, "indicators", "eenzaamheid.yaml"), inds)
    ts.run(state, "import", "cbs-dump", MARGES)
    ts.run(state, "compute", "--indicators", inds)
    return state


def one(vals, ind, code, period, translated=None):
    for v in vals:
        if v["indicator"] == ind and v["area"]["code"] == code and v["period"] == period and \
                (translated is None or v["translated"] == translated):
            return v
    return None


def csv_rows(text):
    """{(code, period): (value, respondents, low, high)} of a survey-results CSV, with None for an empty cell."""
    num = lambda s: float(s.replace(",", ".")) if s.strip() else None  # noqa: E731
    return {(r["gebiedcode"], r["jaar"]): (num(r["percentage"]), num(r["aantal_respondenten"]), num(r["ondergrens"]),
                                            num(r["bovengrens"]))
            for r in csv.DictReader(text.splitlines(), delimiter=";") if r["indicator"] == "Eenzaam"}


def values_a(srv, state):
    inds = [r[0] for r in psql(state, "SELECT id FROM bp.indicator ORDER BY id")]
    vals = all_values(srv, inds)
    seen = against_rows(vals, db_rows(state), "cluster A")
    with open(RESULTS, encoding="utf-8") as f:
        r24 = csv_rows(f.read() + EXTRA_2024)
    r16 = csv_rows(RESULTS_2016)

    # A published margin: the CSV's bounds as given; a row with respondents and no bounds: none.
    v = one(vals, "ib_resultaten", "WK082800", "2024")
    check(v and v["interval_basis"] == "source_margin" and v["interval"]["low"] == r24[("WK082800", "2024")][2]
          and v["interval"]["high"] == r24[("WK082800", "2024")][3], f"source_margin: the CSV's bounds 39,5-56,9: {v}")
    v = one(vals, "ib_resultaten", "WK082802", "2024")
    check(v and v["interval_basis"] == "none_survey" and v["interval"] is None
          and v["value"] == r24[("WK082802", "2024")][0], f"none_survey: 52,0 from 90 respondents, no bounds: {v}")
    # The custom area of WK082800 and WK082803: buurtpeil's aggregate, no interval.
    v = one(vals, "ib_resultaten", "CUib-test", "2024")
    check(v and v["interval_basis"] == "none_aggregate" and v["estimate"] is True and v["interval"] is None,
          f"none_aggregate: the custom area's weighted mean: {v}")
    # A ratio of KWB counts: the CSV's share, no interval.
    exp = ts.expected_65()
    v = one(vals, "aandeel_65_plus", "WK082801", "2024")
    check(v and v["interval_basis"] == "none_registration" and abs(v["value"] - exp["WK082801"][1]) < 1e-9,
          f"none_registration: 65+ of Schadewijk from the CSV: {v}")
    v = one(vals, "aandeel_65_plus", "CUib-test", "2024")
    check(v and v["interval_basis"] == "none_registration" and v["estimate"] is False,
          f"none_registration: a ratio of summed counts over the custom area is no estimate: {v}")
    # RIVM's estimate without margins.
    v = one(vals, "eenzaamheid", "WK082801", "2020")
    check(v and v["interval_basis"] == "none_model" and v["model_estimate"] is True and v["interval"] is None
          and abs(v["value"] - ts.rivm_expected("Eenzaam_28", "WK082801")["2020"]) < 1e-9,
          f"none_model: RIVM's 2020 loneliness of Schadewijk from the dump: {v}")
    # The synthetic survey: an interval around the value.
    v = next((x for x in vals if x["indicator"] == "bp_eenzaam" and x["area"]["level"] == "wijk"
              and x["value"] is not None), None)
    check(v and v["interval_basis"] == "survey_ci" and v["synthetic"] is True
          and v["interval"]["low"] <= v["value"] <= v["interval"]["high"], f"survey_ci: {v}")
    # Composites: of RIVM's point estimates none; of survey figures the draws' range.
    v = one(vals, "sociale_veerkracht", "WK082801", "2020")
    check(v and v["interval_basis"] == "none_composite" and v["interval"] is None, f"none_composite: {v}")
    v = one(vals, "ib_enquete_index", "WK082801", "2022")
    # ... and synthetic, as the synthetic Burgerpeiling's figures it is made of
    check(v and v["interval_basis"] == "composite_draws" and v["interval"] is not None and v["synthetic"] is True,
          f"composite_draws, synthetic: {v}")
    check(all(x["synthetic"] is True for x in vals if x["indicator"] == "ib_enquete_index" and x["value"] is not None)
          and all(x["synthetic"] is False for x in vals if x["indicator"] == "sociale_veerkracht"),
          "a composite is synthetic where its components are (ib_enquete_index), not else (sociale_veerkracht)")
    # Apportioned from 2016: the span of the contributors' bounds (the 2016 file's, through the crosswalk's shares).
    shares = psql(state, "SELECT s.to_code, s.from_code FROM bp.crosswalk_share s JOIN bp.crosswalk c "
                         "ON c.id = s.crosswalk_id WHERE c.from_year = 2016 AND c.to_year = 2024")
    spans = 0
    for to in sorted({t for t, _ in shares}):
        v = one(vals, "ib_resultaten_2016", to, "2016", translated=True)
        froms = [f for t, f in shares if t == to]
        if v is None or any((f, "2016") not in r16 for f in froms):
            continue   # a contributor without a figure: no value (none_no_value, checked by the rule above)
        lows = [r16[(f, "2016")][2] for f in froms]
        if any(x is None for x in lows):
            check(v["interval_basis"] == "none_translated" and v["interval"] is None and v["note"],
                  f"none_translated: {to} from {froms} without bounds: {v}")
            continue
        spans += 1
        check(v["interval_basis"] == "translated_span" and v["interval"]["low"] == min(lows)
              and v["interval"]["level"] is None   # a span: no confidence level of its own
              and v["interval"]["high"] == max(r16[(f, "2016")][3] for f in froms)
              and v["note"] == "omgerekend van indeling 2016",
              f"translated_span: {to} spans its contributors {froms} in the 2016 file: {v}")
    check(spans >= 1, f"a translated value with an interval: {spans}")
    v = one(vals, "ib_resultaten_2016", "WK082802", "2016", translated=False)
    check(v and v["interval_basis"] == "none_survey", f"the 2016 row itself: none_survey: {v}")
    v = next((x for x in vals if x["value"] is None), None)
    check(v and v["interval_basis"] == "none_no_value" and v["suppressed_reason"], f"none_no_value: {v}")
    bare_survey(vals)
    return vals, seen


def bare_survey(vals):
    """Survey-results figures with neither respondents nor bounds: a survey's figure, not a register's."""
    with open(RESULTS_BARE, encoding="utf-8") as f:
        bare = list(csv.DictReader(f, delimiter=";"))
    check(len(bare) >= 1 and all(not r["aantal_respondenten"].strip() and not r["ondergrens"].strip()
                                 and not r["bovengrens"].strip() for r in bare),
          f"the fixture's rows have neither respondents nor bounds: {bare}")
    for r in (r for r in bare if r["indicator"] == "Eenzaam"):
        v = one(vals, "ib_resultaten", r["gebiedcode"], r["jaar"])
        check(v and v["value"] == float(r["percentage"].replace(",", ".")) and v["interval"] is None
              and v["interval_basis"] == "none_survey"
              and v["interval_note"] == "een enquêtecijfer zonder opgegeven onder- en bovengrens",
              f"none_survey: {r['gebiedcode']} {r['percentage']} from a survey-results table without bounds "
              f"or respondents: {v}")


def lone_level_areas(state, composite, period):
    """The areas (code, level) alone in their level among those with a value of every component of the
    composite (its YAML here) in the period: normalising over one area says nothing."""
    comps = ["bp_eenzaam", "bp_vaak_eenzaam"]
    check(all(c in COMPOSITE_SURVEY for c in comps), "the composite's components as written here")
    rows = psql(state, "SELECT a.code, a.level FROM bp.area a WHERE a.indeling_year = 2024 AND a.level <> 'land' "
                       "AND (SELECT count(DISTINCT v.indicator_id) FROM bp.indicator_value_shown v "
                       "WHERE v.area_code = a.code AND v.shown_year = 2024 AND v.period = '%s' AND v.value IS NOT NULL "
                       "AND v.indicator_id IN ('%s')) = %d" % (period, "', '".join(comps), len(comps)))
    by_level = {}
    for code, level in rows:
        by_level.setdefault(level, []).append(code)
    return {(codes[0], level) for level, codes in by_level.items() if len(codes) == 1}


def lone_composite(srv, state):
    """A composite over a level with one area (the custom area; the gemeente): no value, a reason, no rank."""
    lone = lone_level_areas(state, "ib_enquete_index", "2022")
    check(("CUib-test", "custom") in lone and ("GM0828", "gemeente") in lone,
          f"the custom area and Oss are alone in their levels: {lone}")
    for code, level in sorted(lone):
        st, h, b = srv.get(f"/api/v1/values?indicator=ib_enquete_index&area={code}&period=2022")
        vals = json.loads(b)["values"] if st == 200 else []
        v = vals[0] if len(vals) == 1 else None
        check(v and v["value"] is None and v["interval"] is None and v["interval_basis"] == "none_no_value"
              and v["suppressed_reason"] == "too_few_to_normalise"
              and v["comparisons"]["land"]["percentile"] is None and v["comparisons"]["land"]["worst_decile"] is None,
              f"{code} alone at level {level}: no value, no interval, no percentile, the reason (not 0 [0, 0]): {v}")
        st, h, b = srv.get(f"/api/v1/values.csv?indicator=ib_enquete_index&area={code}&period=2022")
        rows = list(csv.DictReader(b.decode("utf-8-sig").splitlines(), delimiter=";")) if st == 200 else []
        check(len(rows) == 1 and rows[0]["waarde"] == "" and rows[0]["reden onderdrukt"] == "too_few_to_normalise"
              and rows[0]["soort interval"] == "none_no_value",
              f"values.csv of {code}: an empty value beside its reason: {rows}")
        st, h, b = srv.get(f"/api/v1/values?indicator=ib_enquete_index&area={code}&period=2022&lang=en")
        v = json.loads(b)["values"][0] if st == 200 else None
        check(v and v["interval_note"] == NOTES_EN["none_no_value"], f"{code} in English: {v}")
    # never ranked: /composites lists ranked areas only; the wijken keep theirs
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/composites?level=custom")
    got = [c for c in json.loads(b)["composites"] if c["composite"] == "ib_enquete_index"] if st == 200 else None
    check(got == [], f"/composites: the lone custom area unranked: {got}")
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/composites?level=wijk&period=2022")
    got = [c for c in json.loads(b)["composites"] if c["composite"] == "ib_enquete_index"] if st == 200 else []
    n_wijk = psql(state, "SELECT count(*) FROM bp.indicator_value v JOIN bp.area a ON a.code = v.area_code "
                         "AND a.indeling_year = v.indeling_year WHERE v.indicator_id = 'ib_enquete_index' "
                         "AND v.period = '2022' AND a.level = 'wijk' AND v.value IS NOT NULL")[0][0]
    check(len(got) == int(n_wijk) > 1 and all(c["n_ranked"] == int(n_wijk) for c in got),
          f"the wijken ranked among themselves ({n_wijk}): {len(got)}")


def english_notes(srv, vals):
    """lang=en: the same bases with the English words; nl (the default) the Dutch; another language 400."""
    n, bad = 0, []
    for ind in sorted({v["indicator"] for v in vals}):
        st, h, b = srv.get(f"/api/v1/values?indicator={ind}&limit=1000&lang=en")
        check(st == 200, f"/values?lang=en {ind}: {st}")
        if st != 200:
            continue
        ts.valid("/values", 200, b, f"/values?indicator={ind}&lang=en")
        for v in json.loads(b)["values"]:
            n += 1
            if v["interval_note"] != NOTES_EN[v["interval_basis"]]:
                bad.append((v["indicator"], v["area"]["code"], v["interval_basis"], v["interval_note"]))
    check(n > 0 and not bad, f"/values?lang=en: every interval_note in English ({n}): {bad[:3]}")
    st, h, b = srv.get("/api/v1/values?indicator=aandeel_65_plus&area=WK082801&lang=nl")
    v = json.loads(b)["values"][0] if st == 200 else None
    check(v and v["interval_note"] == "een telling uit een registratie, zonder steekproefmarge", f"lang=nl: {v}")
    st, h, b = srv.get("/api/v1/values?indicator=aandeel_65_plus&lang=fr")
    check(st == 400 and json.loads(b)["error"]["parameter"] == "lang", f"lang=fr: 400 naming lang: {st} {b[:200]}")
    for level in ("wijk", "custom"):
        st, h, b = srv.get(f"/api/v1/gemeenten/GM0828/needs?level={level}&lang=en")
        check(st == 200, f"/needs?lang=en {level}: {st}")
        ts.valid("/gemeenten/{code}/needs", 200, b, f"/needs {level} lang=en")
        items = [it for a in json.loads(b).get("areas", []) for it in a["items"]]
        check((items or level == "custom")
              and all(it["interval_note"] == NOTES_EN[it["interval_basis"]] for it in items),
              f"/needs?lang=en {level}: English notes on {len(items)} items")
    st, h, b = srv.get("/api/v1/gemeenten/GM0828/needs?lang=xx")
    check(st == 400, f"/needs?lang=xx: 400: {st}")
    # an area's profile: the same words in the language asked
    profile = {}
    for lang in ("en", None):
        st, h, b = srv.get("/api/v1/areas/WK082801" + (f"?lang={lang}" if lang else ""))
        check(st == 200, f"/areas/WK082801 lang={lang}: {st}")
        if st == 200:
            ts.valid("/areas/{code}", 200, b, f"/areas/WK082801 lang={lang}")
            profile[lang] = {v["indicator"]: (v["interval_basis"], v["interval_note"]) for v in json.loads(b)["values"]}
    en, nl = profile.get("en", {}), profile.get(None, {})
    check(en and all(note == NOTES_EN[basis] for basis, note in en.values()),
          f"/areas/WK082801?lang=en: every interval_note in English: {en}")
    check(nl.keys() == en.keys() and all(nl[k][0] == en[k][0] and nl[k][1] != en[k][1] for k in nl)
          and nl.get("aandeel_65_plus", (None, None))[1] == "een telling uit een registratie, zonder steekproefmarge",
          f"/areas/WK082801: Dutch by default: {nl}")
    st, h, b = srv.get("/api/v1/areas/WK082801?lang=xx")
    check(st == 400 and json.loads(b)["error"]["parameter"] == "lang",
          f"/areas/WK082801?lang=xx: 400 naming lang: {st} {b[:200]}")


def site_pages(state, tmp):
    """The published site (Dutch and English): the custom area's page says why its composite has no place."""
    for lang, want in (("nl", "Index uit de enquête (test), 2022: geen waarde, dus geen plaats: te weinig gebieden "
                              "met verschillende waarden om te normaliseren."),
                       ("en", "Index uit de enquête (test), 2022: no value, so no rank: too few areas with differing "
                              "values to normalise.")):
        out = os.path.join(tmp, f"site-{lang}")
        ts.run(state, "publish", "--gemeente", "GM0828", "--indicators", os.path.join(tmp, "indicators"),
               "--charts", os.path.join(ts.SRC, "charts"), "--out", out, "--lang", lang)
        page = open(os.path.join(out, "CUib-test.html"), encoding="utf-8").read()
        sec = re.search(r'id="samengesteld".*?</section>', page, re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", sec.group(0))) if sec else ""
        check(want in text and "plaats 1 van" not in text and "rank 1 of" not in text,
              f"CUib-test.html ({lang}): the composite without a place, and why: {text[:400]!r}")
        # ib_resultaten_2016 of the two wijken, one of which the 2016 table left empty: no value, and why, in
        # the page's language (the table, the profile's text alternative and chart)
        why = ("niet om te rekenen: een deel van het gebied heeft geen waarde" if lang == "nl"
               else "cannot be converted: part of the area has no value")
        svg = open(os.path.join(out, "img", "CUib-test-profiel-sociale-veerkracht.svg"), encoding="utf-8").read()
        shown = html.unescape(page)
        check(shown.count(why) >= 2 and (lang == "nl" or "niet om te rekenen" not in shown),
              f"CUib-test.html ({lang}): ib_resultaten_2016's reason in the table and text alternative, in {lang}")
        check(lang == "nl" or "een deel" not in svg, f"the profile chart ({lang}): no Dutch reason")
        # WK082803's 2016 figure, apportioned: its brackets in the key figures are the span of the 2016
        # wijken's bounds, and the note under the table says so rather than "95% interval" alone
        w3 = html.unescape(re.sub(r"<[^>]+>", "", open(os.path.join(out, "WK082803.html"), encoding="utf-8").read()))
        span = ("Bij een waarde omgerekend van een andere indeling: van de laagste tot de hoogste grens van de "
                "gebieden waaruit het komt, ruimer dan een 95%-interval." if lang == "nl" else
                "At a value converted from another classification: from the lowest to the highest bound of the areas "
                "it came from, wider than a 95% interval.")
        check(w3.count(span) == 1, f"WK082803.html ({lang}): the key figures say what a converted value's brackets are")
        wijk = open(os.path.join(out, "WK082801.html"), encoding="utf-8").read()
        check(re.search(r"Index uit de enquête \(test\), 2022: (plaats|rank) \d+ (van|of) ", html.unescape(wijk)),
              f"WK082801.html ({lang}): a wijk keeps its place")
        needs = open(os.path.join(out, "behoeften-GM0828.html"), encoding="utf-8").read()
        check(("Oss 0,00" not in needs) and ("Oss 0.00" not in needs),
              f"behoeften ({lang}): no gemeente reference 0 from a level of one area")
        # WK082804's figure of the survey-results table without bounds or respondents (52,0, more than 10 %
        # above Oss's 44,5: flagged): the interval column says a survey's, never a register's
        bare = [r for r in re.findall(r"<tr>.*?</tr>", needs, re.S) if 'href="WK082804.html"' in r
                and "<td>ib_resultaten (" in r]
        words = "enquêtecijfer; bron gaf geen marges" if lang == "nl" else "survey figure; the source gave no margins"
        check(len(bare) == 1 and words in html.unescape(bare[0]) and "registrat" not in bare[0],
              f"behoeften ({lang}): WK082804's survey figure without bounds says so: {bare}")
        # the composite of the synthetic survey (a row of Herpen, flagged in the worst decile): its row says
        # synthetic as its components' rows do, and the notice above the table explains the word
        comp = [html.unescape(r) for r in re.findall(r"<tr>.*?</tr>", needs, re.S) if "Index uit de enquête (test)" in r]
        mark = "– synthetisch" if lang == "nl" else "– synthetic"
        check(comp and all(mark in r for r in comp),
              f"behoeften ({lang}): the synthetic survey's composite is labelled synthetic in every row: {comp}")


def needs_a(srv, vals):
    """/needs says what /values says of the same value (indicator, area, period)."""
    by_key = {}
    for v in vals:
        by_key.setdefault((v["indicator"], v["area"]["code"], v["period"]), []).append(v)
    n, bad, seen = 0, [], set()
    for level in ("wijk", "custom"):
        st, h, b = srv.get(f"/api/v1/gemeenten/GM0828/needs?level={level}")
        check(st == 200, f"/needs {level}: {st}")
        ts.valid("/gemeenten/{code}/needs", 200, b, f"/needs {level}")
        for area in json.loads(b).get("areas", []):
            for it in area["items"]:
                cands = by_key.get((it["indicator"], area["code"], it["period"]), [])
                bases = {c["interval_basis"] for c in cands if (c["interval"] is None) == (it["interval"] is None)}
                n += 1
                seen.add(it["interval_basis"])
                if it["interval_basis"] not in bases or it["interval_note"] not in {c["interval_note"] for c in cands}:
                    bad.append((area["code"], it["indicator"], it["interval_basis"], bases))
    check(n > 0 and not bad, f"/needs: {n} items, interval_basis as /values: {bad[:5]}")
    return seen


def values_b(srv, state):
    vals = all_values(srv, ["eenzaamheid"])
    seen = against_rows(vals, db_rows(state), "cluster B")
    rows = json.load(open(os.path.join(MARGES, "UntypedDataSet.json"), encoding="utf-8"))
    m = {(r["WijkenEnBuurten"].strip(), r["Marges"]): float(r["Eenzaam_28"]) for r in rows}
    v = one(vals, "eenzaamheid", "WK082801", "2020")
    check(v and v["interval_basis"] == "model_interval" and v["model_estimate"] is True
          and abs(v["interval"]["low"] - m[("WK082801", "MOG0095")]) < 1e-9
          and abs(v["interval"]["high"] - m[("WK082801", "MBG0095")]) < 1e-9,
          f"model_interval: RIVM's margins of the dump: {v}")
    return seen


def main():
    tmp = tempfile.mkdtemp(prefix="bp-interval-basis-")
    os.chmod(tmp, 0o755)
    states = []
    seen = {}
    try:
        states.append(cluster_a(tmp))
        srv = ts.Server(states[-1], "--no-access-log")
        try:
            vals, s = values_a(srv, states[-1])
            seen.update(s)
            needs_seen = needs_a(srv, vals)
            check(len(needs_seen) >= 2, f"/needs shows more than one basis: {needs_seen}")
            lone_composite(srv, states[-1])
            english_notes(srv, vals)
        finally:
            srv.stop()
        site_pages(states[0], tmp)
        states.append(cluster_b(tmp))
        srv = ts.Server(states[-1], "--no-access-log")
        try:
            seen.update(values_b(srv, states[-1]))
        finally:
            srv.stop()
        check(sorted(seen) == sorted(BASES), f"every interval_basis seen: missing {sorted(set(BASES) - set(seen))}")
        doc = ts.OPENAPI["components"]["schemas"]["IntervalBasis"]["oneOf"]
        check(sorted(x["const"] for x in doc) == sorted(BASES) and all(x["description"] for x in doc),
              "the OpenAPI describes each basis in a sentence")
        notes = {v["interval_basis"]: v["interval_note"] for v in seen.values()}
        check(len(set(notes.values())) == len(BASES), f"a Dutch note per basis, each its own: {notes}")
        check(notes.get("none_registration") == "een telling uit een registratie, zonder steekproefmarge"
              and notes.get("none_model") == "een modelschatting; buurtpeil heeft geen marges van deze bron geladen",
              f"the pages' words for a registration and a model estimate: {notes}")
    finally:
        for st in states:
            subprocess.run([ts.BIN, "--state-dir", st, "db", "stop"], capture_output=True)
        if os.environ.get("BP_TEST_KEEP"):   # as the C tests: the published sites kept for reading
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{ts.checks} checks, {ts.failures} failed")
    return 1 if ts.failures else 0


if __name__ == "__main__":
    sys.exit(main())
