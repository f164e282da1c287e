"""Issue 20, items 6 and 8, on the output of test_site.py's run: the slips
that must not come back (read from the HTML, the SVG <text> and the PDF
text) and the search that forgives, typed into the index in Chromium.

Imported by test_site.py; each check_* takes its check(cond, what).
"""
import glob
import html
import json
import os
import re
import subprocess
import unicodedata

MINUS = "\u2212"
NNBSP = "\u202f"
# The units of indicators/*.yaml other than "%" (glued to its number, as
# Dutch writes it as often as not): a digit right before one is a slip.
UNITS = ("inw./km²", "km", "personen", "per 1.000", "scholen", "x 1.000 euro")
GLUED = re.compile(r"\d(?:" + "|".join(re.escape(u) for u in UNITS) + r")")
# A hyphen as a minus: at the start of a word and followed by a digit
# ("-0,6", "(-3,0"), not inside "2012-2020" or "5-95%".
HYPHEN_MINUS = re.compile(r"(?:^|[\s(>:;])-\d")


def _text_of_html(page):
    """The visible text and the attribute texts a screen reader reads."""
    alts = " ".join(re.findall(r'(?:alt|title|aria-label)="([^"]*)"', page))
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + alts)


def _text_of_svg(svg):
    # svgtext.c writes one <text> per layout, its further lines as <tspan>s
    # in it (each line keeps its trailing space): the text content, joined
    # per element.
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text\b.*?</text>", svg, re.S))


def _pdftext(path):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else ""


def _slips(text):
    return [m.group(0) for m in GLUED.finditer(text)] + [m.group(0) for m in HYPHEN_MINUS.finditer(text)]


def check_slips(out, check):
    """Units after a narrow no-break space, a real minus, the compound
    "Sociaaleconomisch", no header-less columns, and out/index.html links
    to the site."""
    site = os.path.join(out, "site")
    pages = sorted(glob.glob(os.path.join(site, "*.html")) + glob.glob(os.path.join(out, "*.html")))
    minus_seen = unit_seen = 0
    for p in pages:
        name = os.path.basename(p)
        page = open(p, encoding="utf-8").read()
        text = _text_of_html(page)
        bad = _slips(text)
        check(not bad, f"{name}: no unit glued to its number nor hyphen for minus: {bad[:5]}")
        check("Sociaal economisch" not in text, f"{name}: 'Sociaaleconomisch' as one word")
        check("interventie(s)" not in text, f"{name}: no 'interventie(s)'")
        empty = re.findall(r"<th[^>]*>\s*</th>", page)
        check(not empty, f"{name}: no header-less column ({len(empty)} empty <th>)")
        minus_seen += MINUS in text
        unit_seen += NNBSP in text
    check(minus_seen > 0 and unit_seen > 0,
          f"the pages use U+2212 ({minus_seen} pages) and U+202F ({unit_seen} pages) at all")

    svgs = sorted(glob.glob(os.path.join(site, "img", "*.svg")))
    n_text = n_pt = 0
    bad = []
    for p in svgs:
        t = _text_of_svg(open(p, encoding="utf-8").read())
        n_text += bool(t.strip())
        n_pt += re.search(r"\d" + NNBSP + "%-punt", t) is not None
        bad += [(os.path.basename(p), s) for s in _slips(t)]
    check(n_text > 0, f"the SVG charts carry their text as <text> ({n_text} of {len(svgs)})")
    # this run's units are all "%": the profile charts' differences in
    # percentage points are the unit after U+202F ("+4,5\u202f%-punt")
    check(n_pt > 0, f"SVG text: a difference as '+4,5\u202f%-punt' ({n_pt} charts)")
    check(not bad, f"SVG text: no unit glued nor hyphen for minus: {bad[:5]}")

    pdfs = [os.path.join(site, "pdf", "WK082801.pdf"), os.path.join(out, "GM0828.pdf"),
            os.path.join(out, "GM0828-behoeften.pdf")]
    seen_minus = 0
    for p in pdfs:
        t = _pdftext(p)
        check(t.strip() != "", f"{p}: pdftotext reads it")
        bad = _slips(t)
        check(not bad, f"{os.path.basename(p)}: PDF text without unit glued or hyphen for minus: {bad[:5]}")
        check("Sociaal economisch" not in t, f"{os.path.basename(p)}: 'Sociaaleconomisch' as one word")
        seen_minus += MINUS in t
    check(seen_minus > 0, "the PDFs write negative differences with U+2212")
    t = _pdftext(pdfs[0])
    check(re.search(r"\d\s%-punt", t) is not None and re.search(r"\d%-punt", t) is None,
          "WK082801.pdf: '%-punt' after a space (pdftotext may give U+202F as any space)")

    index = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    check('href="site/index.html"' in index and os.path.isfile(os.path.join(out, "site", "index.html")),
          "out/index.html links to the published site")


PROBE = """<script>
window.addEventListener('load', function () {
  var z = document.getElementById('zoek'), res = {};
  QUERIES.forEach(function (q) {
    z.value = q; z.dispatchEvent(new Event('input'));
    res[q] = [].filter.call(document.querySelectorAll('#gebieden-tabel tbody tr'), function (r) { return !r.hidden; })
      .map(function (r) { return r.cells[0].textContent.trim(); });
  });
  var pre = document.createElement('pre');
  pre.id = 'zoekprobe';
  pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
});
</script>"""


def fold(s):
    """Lower case, accents off, only letters and digits: computed here with
    unicodedata, not with the site's code."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", s)


def check_search(site, dump_dom, check):
    """Type queries into the index in Chromium; each must find the area it
    names, however it is spelled, and nothing that does not hold it."""
    with open(os.path.join(site, "index.html"), encoding="utf-8") as f:
        text = f.read()
    rows = re.findall(r'<tr data-zoek="[^"]*" data-gemeente="([^"]*)" data-soort="([^"]*)">'
                      r'<th scope="row"><a href="([^"]*)\.html">([^<]*)</a></th>', text)
    names = {code: html.unescape(name) for _, _, code, name in rows}
    # query -> an area it must find (by code), written as a reader would
    cases = {
        "oss zuid": "WK082803",              # Oss-Zuid
        "OSS-ZUID": "WK082803",
        "west indie": "BU04020504",          # West-Indiëkwartier
        "west-indiëkwartier": "BU04020504",
        "annas hoeve": "BU04020606",         # Anna's Hoeve
        "t hoogt van t kruis": "BU04020502",  # 't Hoogt van 't Kruis
        "'t wild": "BU08282103",             # 't Wild
        "bu 0402 0504": "BU04020504",        # a code, spaced
        "wk082801": "WK082801",              # Schadewijk by its code
        "dorpshuis berghem": "CUoss-dorpshuis-berghem",  # the custom area
    }
    missing = [c for c in cases.values() if c not in names]
    check(not missing, f"the search cases exist in the index: {missing}")
    probe = os.path.join(site, "zoekprobe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", PROBE.replace("QUERIES", json.dumps(list(cases))) + "\n</body>"))
    dom = dump_dom("file://" + probe)
    os.remove(probe)
    m = re.search(r'<pre id="zoekprobe">(.*?)</pre>', dom)
    check(m is not None, "the search probe ran in Chromium")
    if not m:
        return
    got = json.loads(html.unescape(m.group(1)))
    for q, code in cases.items():
        hits = got.get(q, [])
        check(names.get(code) in hits, f"search {q!r} finds {names.get(code)!r} ({code}): {hits[:5]}")
    # "oss zuid" lists Oss-Zuid and its buurten, not every "-Zuid" of Oss.
    check("Centrum-Zuid" not in got.get("oss zuid", []), f"search 'oss zuid' is not every Zuid of Oss: "
          f"{got.get('oss zuid', [])[:8]}")
