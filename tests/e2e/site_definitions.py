"""Issue 20, item 3, on the output of test_site.py's run: the definitions
and method page (SITE/definities.html).

Every indicator of indicators/*.yaml has its entry under #<id>, every site
page links to the page, and the worked example is recomputed here from the
source CSV with Python's csv module (the database only says which CSV
column a variable code is, through bp.variable_label).

Imported by test_site.py; check_definitions takes its check(cond, what)
and sql(query).
"""
import csv
import glob
import html
import os
import re
from decimal import Decimal, ROUND_HALF_UP


def _yaml_scalar(text, key):
    m = re.search(rf"^{key}:\s*(.+?)\s*$", text, re.M)
    return m.group(1).strip().strip('"') if m else None


def model_estimates(src):
    """The ids of indicators/*.yaml that are RIVM's small-area model estimates, by hand: a published share
    whose source names RIVM or 50090NED. The page names them with " – modelschatting"."""
    out = set()
    for path in sorted(glob.glob(os.path.join(src, "indicators", "*.yaml"))):
        t = open(path, encoding="utf-8").read()
        src_text = _yaml_scalar(t, "source") or ""
        if _yaml_scalar(t, "kind") == "published_share" and ("RIVM" in src_text or "50090NED" in src_text):
            out.add(_yaml_scalar(t, "id"))
    return out


def definitions(src):
    """{id: (title, numerator, denominator, scale, decimals, min_denominator, polarity)} from the YAML, by hand."""
    out = {}
    for path in sorted(glob.glob(os.path.join(src, "indicators", "*.yaml"))):
        if path.endswith("publication.yaml"):
            continue
        t = open(path, encoding="utf-8").read()
        title = re.search(r"^title:\s*(?:\{nl:\s*([^,}]+)|(.+))", t, re.M)
        out[_yaml_scalar(t, "id")] = (
            (title.group(1) or title.group(2)).strip(), _yaml_scalar(t, "numerator"),
            _yaml_scalar(t, "denominator"), Decimal(_yaml_scalar(t, "scale") or "1"),
            int(_yaml_scalar(t, "decimals") or 0), Decimal(_yaml_scalar(t, "min_denominator") or "0"),
            _yaml_scalar(t, "polarity"))
    return out


def _nl(value, decimals=0):
    """Dutch notation with thousands grouped, as the page writes figures."""
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    s = f"{q:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return s.replace("-", "\u2212")


def _text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def check_definitions(src, site, fixture, check, sql):
    path = os.path.join(site, "definities.html")
    check(os.path.isfile(path), "the site has definities.html")
    if not os.path.isfile(path):
        return
    page = open(path, encoding="utf-8").read()
    defs = definitions(src)
    model = model_estimates(src)
    # Every variable's title in one query (a code is an identifier: the first '|' ends it), not one
    # `buurtpeil db psql` per formula (~90 programs, each slow to start under the sanitizers).
    titles = dict(ln.split("|", 1) for ln in sql("SELECT code, title FROM bp.variable").splitlines())
    for ind, (title, num, den, scale, dec, mind, pol) in defs.items():
        m = re.search(rf'<section class="definitie">\n<h3 id="{ind}">(.*?)</h3>(.*?)</section>', page, re.S)
        want = title + (" – modelschatting" if ind in model else "")
        check(m is not None and _text(m.group(1)) == want, f"definities.html: #{ind} titled {want!r}")
        if not m:
            continue
        body = _text(m.group(2))
        for head in ("Berekening", "Bron", "Perioden", "Eenheid", "Richting", "Wanneer geen cijfer"):
            check(head in body, f"#{ind}: {head}")
        for code in (num, den):
            # a variable a source of this run described: by its title (else its code is all there is)
            if code and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", code):
                vt = titles.get(code, "").strip()
                formula = body.split("Bron")[0]
                check(not vt or (f"‘{vt}’" in formula and code not in formula.replace(vt, "")),
                      f"#{ind}: the formula names {code} by its title {vt!r}: {formula[:200]!r}")
        if mind > 0:
            check(f"kleiner is dan {_nl(mind)}" in body, f"#{ind}: the suppression rule ({mind})")
    # The KWB 2024 age shares: their periods and table in this run.
    body = _text(re.search(r'<h3 id="aandeel_65_plus">.*?</section>', page, re.S).group(0))
    check("Perioden 2024" in body and "85984NED" in body and "× 100" in body,
          f"#aandeel_65_plus: period 2024, table 85984NED, × 100: {body[:300]!r}")
    # Every page of the site links to the definitions (the header).
    pages = glob.glob(os.path.join(site, "*.html"))
    without = [os.path.basename(p) for p in pages if 'href="definities.html"' not in open(p, encoding="utf-8").read()]
    check(not without, f"every site page links to definities.html: {without[:5]}")
    for word in ("Nederland", "Percentielen", "Samengestelde indices", "95%-interval", "verschil-in-verschillen"):
        check(word in page, f"definities.html: the method explains {word!r}")

    # The worked example, recomputed from the CSV.
    ex = worked_example(page)
    check(ex is not None, "definities.html has a worked example")
    if not ex:
        return
    ind, area, period, text = ex
    check(period == "2024", f"the example is of 2024 (the CSV's year): {period}")
    x = worked_figures(defs, ind, area, fixture, sql)
    n, d, v, gn, gd, gv, nv, r, nr, name, scale, dec = (x[k] for k in (
        "n", "d", "v", "gn", "gd", "gv", "nv", "r", "nr", "name", "scale", "dec"))
    want = [f"Wijk {name} ({area}) heeft in 2024 een teller van {_nl(n)} (", f"en een noemer van {_nl(d)} (",
            f"= {_nl(n)} / {_nl(d)} × {_nl(scale)} = {_nl(v, dec)}%",
            f"als geheel: {_nl(gn)} / {_nl(gd)} × {_nl(scale)} = {_nl(gv, dec)}%",
            f"Nederland: {_nl(nv, dec)}%"]
    diff = _nl(v - gv, dec)
    want.append(f"= {diff if diff.startswith(chr(0x2212)) or diff.strip('0,') == '' else '+' + diff} procentpunt")
    want.append(f"de {_nl(nr)} wijken in deze monitor met cijfers staat {name} op plaats {_nl(r)}")
    want.append(f"({_nl(r)} \u2212 1) / ({_nl(nr)} \u2212 1) × 100 = "
                f"{_nl(Decimal(100 * (r - 1)) / Decimal(nr - 1))}.")
    for w in want:
        check(w in text, f"worked example: {w!r} in {text!r}")


def worked_example(page):
    """The worked example of a definitions page: (indicator, area, period, its text), or None."""
    m = re.search(r'<div class="rekenvoorbeeld" data-indicator="([^"]+)" data-gebied="([^"]+)" data-periode="([^"]+)">'
                  r'(.*?)</div>', page, re.S)
    return (m.group(1), m.group(2), m.group(3), _text(m.group(4))) if m else None


def worked_figures(defs, ind, area, fixture, sql):
    """The worked example's figures recomputed from the CSV: the area's, its gemeente's and
    Nederland's counts and shares, and its place r among the nr wijken with a value."""
    title, num, den, scale, dec, mind, pol = defs[ind]
    with open(fixture, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head = rows[0]

    def column(code):
        label = sql(f"SELECT label FROM bp.variable_label WHERE variable_code = '{code}' ORDER BY 1 LIMIT 1")
        return next(i for i, h in enumerate(head) if h.startswith(label + " ("))

    code_i = head.index("Regioaanduiding/Codering (code)")
    ni, di = column(num), column(den)
    by_code = {r[code_i].strip(): r for r in rows[1:]}

    def share(code):
        r = by_code[code]
        try:
            n, d = int(r[ni]), int(r[di])
        except ValueError:
            return None
        return (n, d, Decimal(n) * scale / Decimal(d)) if d >= mind and d > 0 else None

    n, d, v = share(area)
    gn, gd, gv = share("GM" + area[2:6])
    _, _, nv = share("NL00")
    # The percentile among the wijken with a value in this run (Oss and
    # Hilversum: not all of Nederland), ranked by need (by value if
    # neutral); ties share the lowest place.
    values = [s[2] for s in (share(c) for c in by_code if c.startswith("WK")) if s]
    sign = -1 if pol == "higher-is-better" else 1
    r = 1 + sum(1 for x in values if sign * x < sign * v)
    return {"n": n, "d": d, "v": v, "gn": gn, "gd": gd, "gv": gv, "nv": nv, "r": r, "nr": len(values),
            "name": by_code[area][0].strip(), "scale": scale, "dec": dec, "polarity": pol}
