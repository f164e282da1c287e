#!/usr/bin/env python3
"""End to end: the PDF profiles, the needs overview and the published site.

Runs the main job (the built binary, a throwaway embedded cluster) and checks
what council members and the workgroup get:

- PDF text, read back with pdftotext (poppler-utils): the area's name, its
  share aged 65 or over computed here from the bundled CSV with Python's csv
  module and written the Dutch way, and the source line "Bron: ...;
  bewerking buurtpeil" with the licence.
- The site's HTML: lang="nl", a skip link, exactly one h1 and no skipped
  heading levels, every chart (<img> in a <figure>) with a text alternative
  and followed by a table with its figures, sortable headers that are
  buttons, and every href/src that points into the site resolving to a file.
- The contrast of every colour pair site.css declares, computed here with
  the WCAG 2.1 formula: 4.5:1 for text, 3:1 for the focus ring.
- Headless Chromium (Debian's chromium), one browser for every check
  (tests/e2e/cdp.py, the DevTools protocol on a pipe): loads the index, a
  profile and a needs overview over file://, saves screenshots under the
  build folder (site-screenshots/), and each must log no console message (a
  script's, an uncaught exception, or the browser's own, such as a file
  that does not load); the index's script ran (it writes the count of
  areas shown); probe copies of the index drive its search, filter and sort.
- English (issue 20 item 7): the site published with --lang en
  (site_english.py, every page saying lang="en") and `report --lang en`
  against the Dutch report (report_english.py).
"""
import base64
import csv
import glob
import html
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from decimal import Decimal, ROUND_HALF_UP

import site_definitions
import site_downloads
import cdp
import report_english
import site_english
import site_typography
from steptime import timed

BIN = os.environ["BP_BINARY"]
SRC = os.environ["BP_SOURCE_ROOT"]
BUILD = os.environ.get("BP_BUILD_ROOT", tempfile.gettempdir())
FIXTURE = os.path.join(os.environ["BP_FIXTURES"], "kwb-2024",
                       "Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv")

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


def shares65():
    """{code: (name, share aged 65+ in %)} from the CSV, by hand."""
    out = {}
    with open(FIXTURE, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    col = {h: i for i, h in enumerate(rows[0])}
    code_i = col["Regioaanduiding/Codering (code)"]
    inw_i = col["Bevolking/Aantal inwoners (aantal)"]
    old_i = col["Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)"]
    for r in rows[1:]:
        inw = int(r[inw_i])
        if inw < 50:  # the definition's min_denominator
            continue
        out[r[code_i].strip()] = (r[0].strip(), Decimal(int(r[old_i]) * 100) / Decimal(inw))
    return out


def run(args, **kw):
    with timed(" ".join(a for a in args if not a.startswith("/"))[:60]):
        return subprocess.run([BIN] + args, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


def pdftext(path):
    r = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True)
    check(r.returncode == 0, f"pdftotext reads {path}: {r.stderr}")
    return r.stdout


# --- contrast (WCAG 2.1) ----------------------------------------------------

def luminance(hex_colour):
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    def chan(v):
        c = int(v, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (chan(h[i:i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_contrast(css):
    root = re.search(r":root\{([^}]*)\}", css)
    check(root is not None, "site.css declares its colours in :root")
    if not root:
        return
    var = dict(re.findall(r"--([a-z-]+):(#[0-9a-fA-F]{3,6})", root.group(1)))
    # Known values as a check of the formula: black on white is 21:1.
    check(abs(contrast("#000000", "#ffffff") - 21) < 1e-9, "contrast formula: black on white is 21")
    text_pairs = [("tekst", "achtergrond"), ("subtiel", "achtergrond"), ("link", "achtergrond"),
                  ("link", "rij"), ("tekst", "rij"), ("subtiel", "rij"), ("kop-tekst", "kop"),
                  ("tekst", "let-op"), ("gunstig", "achtergrond"), ("gunstig", "rij"),
                  ("ongunstig", "achtergrond"), ("ongunstig", "rij")]
    for fg, bg in text_pairs:
        c = contrast(var[fg], var[bg])
        check(c >= 4.5, f"contrast --{fg} on --{bg}: {c:.2f} >= 4.5")
    c = contrast(var["focus"], var["achtergrond"])
    check(c >= 3.0, f"focus ring against the background: {c:.2f} >= 3")
    # Every colour used in the stylesheet is one of the checked variables.
    rest = re.sub(r":root\{[^}]*\}", "", css)
    check(not re.search(r"#[0-9a-fA-F]{3,6}\b", rest), "site.css uses only the declared colours")


# --- HTML structure ---------------------------------------------------------

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.headings = []
        self.links = []
        self.imgs = []            # (src, alt, in_figure)
        self.after_figure = []    # the next element after each </figure>
        self.open_figure = False
        self.expect_next = False
        self.in_details = False
        self.figure_tables = 0
        self.th_buttons = 0
        self.in_th = False
        self.skip = False
        self.ids = set()
        self.dup_ids = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.dup_ids.append(a["id"])
            self.ids.add(a["id"])
        # A table's scroll container (div.tabel) stands for the table it holds.
        if self.expect_next and tag == "div" and a.get("class") == "tabel":
            pass
        elif self.expect_next and tag not in ("p",):
            self.after_figure.append(tag)
            self.expect_next = False
            if tag == "table":
                self.figure_tables += 1
            self.in_details = tag == "details"
        elif self.in_details and tag == "table":
            self.figure_tables += 1
            self.in_details = False
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if a.get("class") == "skip" and a["href"].startswith("#"):
                self.skip = True
        if tag in ("script", "link", "img") and ("src" in a or "href" in a):
            if tag != "a":
                self.links.append(a.get("src") or a.get("href"))
        if tag == "img":
            self.imgs.append((a.get("src"), a.get("alt"), self.open_figure))
        if tag == "figure":
            self.open_figure = True
        if tag == "th":
            self.in_th = True
        if tag == "button" and self.in_th:
            self.th_buttons += 1

    def handle_endtag(self, tag):
        if tag == "figure":
            self.open_figure = False
            self.expect_next = True
        if tag == "th":
            self.in_th = False


def check_site(site):
    pages = sorted(glob.glob(os.path.join(site, "*.html")))
    check(len(pages) > 100, f"the site has a page per area ({len(pages)} pages)")
    broken = []
    for path in pages:
        name = os.path.basename(path)
        p = Page()
        with open(path, encoding="utf-8") as f:
            text = f.read()
        p.feed(text)
        check(p.lang == "nl", f"{name}: lang=nl")
        check(p.skip and "inhoud" in p.ids, f"{name}: a skip link to the content")
        check(p.headings.count(1) == 1, f"{name}: exactly one h1")
        check(not p.dup_ids, f"{name}: ids are unique ({p.dup_ids[:3]})")
        order_ok = all(b <= a + 1 for a, b in zip(p.headings, p.headings[1:])) and p.headings[:1] == [1]
        check(order_ok, f"{name}: headings in order {p.headings}")
        for src, alt, in_fig in p.imgs:
            check(alt is not None and len(alt.strip()) > 20, f"{name}: image {src} has a text alternative")
        # A chart is followed by its table; a map by its table in a <details>.
        check(all(t in ("table", "details") for t in p.after_figure), f"{name}: every chart is followed by its table")
        check(p.figure_tables == len(p.after_figure), f"{name}: a table for each of {len(p.after_figure)} charts")
        check("survey_private" not in text, f"{name}: nothing from survey_private")
        for href in p.links:
            u = urllib.parse.urlparse(href)
            if u.scheme or href.startswith("#"):
                continue  # external (the licence) or within the page
            target = os.path.normpath(os.path.join(os.path.dirname(path), urllib.parse.unquote(u.path)))
            if not target.startswith(os.path.abspath(site)) or not os.path.isfile(target):
                broken.append(f"{name} -> {href}")
    check(not broken, f"no broken links ({len(broken)}: {broken[:5]})")

    idx = Page()
    with open(os.path.join(site, "index.html"), encoding="utf-8") as f:
        idx_text = f.read()
    idx.feed(idx_text)
    # The maps are inline, each area a link (tests/e2e/test_site_browser.py checks them in Chromium).
    maps = re.findall(r'<svg role="group" aria-label="Kaart van [^"]*"', idx_text)
    check(len(maps) == 2, f"index: a map per gemeente ({len(maps)})")
    check(idx.th_buttons >= 4, f"index: sortable headers are buttons ({idx.th_buttons})")
    check('<label for="zoek">' in idx_text and 'id="filter-gemeente"' in idx_text, "index: labelled search and filter")
    check("https://" not in re.sub(r'href="https://creativecommons.org[^"]*"', "", idx_text),
          "index: nothing loaded from the network")
    with open(os.path.join(site, "site.css"), encoding="utf-8") as f:
        check_contrast(f.read())


# --- Chromium ---------------------------------------------------------------

# One headless Chromium for every browser check of this test (tests/e2e/cdp.py:
# the DevTools protocol on a pipe): the pages load one after another in its
# page, each to its own load event, where a Chromium per page cost a browser
# start each (six).  No timeout of its own: it once failed at load 13 on a
# 120 s limit.  A hang is meson's test timeout by hand, CI's job limit in
# scripts/test.sh.
def browser():
    exe = shutil.which("chromium")
    check(exe is not None, "chromium is installed (scripts/test.sh installs it)")
    return cdp.Browser(exe) if exe else None


def dump_dom(b, url):
    """The page's DOM once its load event ran (and the page's handlers of it),
    what `chromium --dump-dom` prints, in Chromium's default window."""
    b.call("Emulation.clearDeviceMetricsOverride", session=True)
    b.load(url)
    return b.eval("document.documentElement.outerHTML")


def check_browser(b, site):
    shots = os.path.join(BUILD, "site-screenshots")
    os.makedirs(shots, exist_ok=True)
    for page, (width, height) in (("index.html", (1280, 1600)), ("WK082801.html", (1280, 1900)),
                                  ("behoeften-GM0828.html", (1280, 1200))):
        png = os.path.join(shots, page.replace(".html", ".png"))
        b.viewport(width, height)
        b.load("file://" + os.path.join(site, page))
        shot = b.call("Page.captureScreenshot", session=True, format="png")["data"]
        with open(png, "wb") as f:
            f.write(base64.b64decode(shot))
        console = b.console_errors()
        check(not console, f"{page}: no console messages in Chromium: {console[:3]}")
        check(os.path.isfile(png) and os.path.getsize(png) > 10000, f"{page}: screenshot {png}")
    dom = dump_dom(b, "file://" + os.path.join(site, "index.html"))
    m = re.search(r'id="aantal"[^>]*>(\d+) gebieden getoond<', dom)
    rows = dom.count("<tr data-zoek=")
    check(m is not None and int(m.group(1)) == rows and rows > 100,
          f"index: the script ran and counts every area ({m.group(1) if m else None} of {rows})")
    console = b.console_errors()
    check(not console, f"index --dump-dom: no console messages: {console[:3]}")


PROBE = """<script>
window.addEventListener('load', function () {
  function shown() {
    return [].filter.call(document.querySelectorAll('#gebieden-tabel tbody tr'), function (r) { return !r.hidden; });
  }
  var z = document.getElementById('zoek'), g = document.getElementById('filter-gemeente');
  z.value = 'Schadewijk'; z.dispatchEvent(new Event('input'));
  var found = shown().map(function (r) { return r.cells[0].textContent.trim(); });
  z.value = ''; z.dispatchEvent(new Event('input'));
  g.value = 'GM0402'; g.dispatchEvent(new Event('input'));
  var n402 = shown().length;
  var status = document.getElementById('aantal').textContent;
  g.value = ''; g.dispatchEvent(new Event('input'));
  var th = document.querySelectorAll('#gebieden-tabel thead th'), last = th[th.length - 1];
  last.querySelector('button').click();
  var asc = document.querySelector('#gebieden-tabel tbody tr').cells[0].textContent.trim();
  last.querySelector('button').click();
  var desc = document.querySelector('#gebieden-tabel tbody tr').cells[0].textContent.trim();
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify({found: found, n402: n402, status: status, asc: asc, desc: desc,
                                    sort: last.getAttribute('aria-sort')});
  document.body.appendChild(pre);
});
</script>"""


def check_script(b, site):
    """Search, filter and sort in the real browser: a copy of the index with a
    probe script that drives the controls and writes what it saw; the
    expected answers come from the table's own attributes, read here."""
    import json
    with open(os.path.join(site, "index.html"), encoding="utf-8") as f:
        text = f.read()
    rows = re.findall(r'<tr data-zoek="([^"]*)" data-gemeente="([^"]*)" data-soort="[^"]*">'
                      r'<th scope="row"><a href="[^"]*">([^<]*)</a></th>(.*?)</tr>', text)
    want_found = [name for zoek, _, name, _ in rows if "schadewijk" in zoek]
    want_402 = sum(1 for _, gm, _, _ in rows if gm == "GM0402")
    last = []
    for _, _, name, cells in rows:
        v = re.findall(r'data-v="([^"]*)"', cells)[-1]
        if v:
            last.append((float(v), name))
    probe = os.path.join(site, "probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", PROBE + "\n</body>"))
    dom = dump_dom(b, "file://" + probe)
    os.remove(probe)
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom)
    check(m is not None, "the probe script ran in Chromium")
    if not m:
        return
    got = json.loads(html.unescape(m.group(1)))
    check(got["found"] == want_found and len(want_found) >= 2, f"search 'Schadewijk': {got['found']} == {want_found}")
    check(got["n402"] == want_402 and got["status"] == f"{want_402} gebieden getoond",
          f"filter Hilversum: {got['n402']} == {want_402}, status {got['status']!r}")
    # Ties may come in either order: any area with the extreme value will do.
    lowest = {n for v, n in last if v == min(last)[0]}
    highest = {n for v, n in last if v == max(last)[0]}
    check(got["asc"] in lowest and got["desc"] in highest and got["sort"] == "descending",
          f"sort by the last column: {got['asc']}/{got['desc']} in {lowest}/{highest}")

# --- English (issue 20 item 7) ---------------------------------------------

# Dutch fixed text that must not be left on an English page (area names and
# the titles of cited sources, proper names, are taken out first).
DUTCH = ["gunstiger", "ongunstiger", "wijken van Nederland", "Bron", "synthetisch", "gebied", "gebieden",
         "Gemeente", "gemeenten", "Wijk", "wijken", "Buurt", "buurten", "geen gegevens", "geheim", "Kaart",
         "kaart", "klassen", "Zoek", "Alle", "tot en met", "Definities", "Cijfers", "bewerking", "licentie",
         "Gemaakt", "Naar de inhoud", "respondenten", "omlijnd", "donkerder", "inwoners", "Inwoners", "jaar",
         "van", "per wijk", "Soort", "Klasse", "behoeftenoverzicht", "overzicht", "Let op", "inw.", "Nederland",
         "Oordeel", "Verschil", "oordeel", "Kerncijfers", "Periode", "Kruimelpad"]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def page_words(page, names):
    """What a reader gets of a page: its text, the SVG text, titles and labels; names and cited titles cut out."""
    t = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    attrs = " ".join(html.unescape(v) for v in re.findall(r'(?:aria-label|title|alt)="([^"]*)"', t))
    text = html.unescape(re.sub(r"<[^>]+>", " ", t)) + " " + attrs
    # A cited source's title is a name (CBS publishes it in Dutch): from "Source:" to "processed by buurtpeil".
    text = re.sub(r"Source: .*?processed by buurtpeil", " ", re.sub(r"\s+", " ", text))
    text = text.replace("Wijk- en buurtkaart", " ")
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(n, " ")
    return text


def num_cells(page):
    """The index table's figures: (row's area code, column, text) of every cell with a value (the figure alone,
    without its interval, period or mark)."""
    out = {}
    for row in re.findall(r'<tr data-zoek=.*?</tr>', page):
        code = re.search(r'<a href="([^"]+)\.html">', row).group(1)
        for k, (v, txt) in enumerate(re.findall(r'<td class="num" data-v="([^"]*)">([^< ]*)[^<]*(?:<.*?)?</td>', row)):
            if v:
                out[(code, k)] = (float(v), html.unescape(txt))
    return out


def check_english_index(state, pub, tmp, defs, exp, sql):
    r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--out", os.path.join(tmp, "pub-xx"),
             "--lang", "fr"] + defs)
    check(r.returncode == 2 and "'fr'" in r.stderr and not os.path.exists(os.path.join(tmp, "pub-xx")),
          f"publish --lang fr is a usage error naming the value: {r.returncode} {r.stderr!r}")
    en_dir = os.path.join(tmp, "pub-en")
    r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--out", en_dir, "--lang", "en"] + defs)
    check(r.returncode == 0, f"publish --lang en: {r.stderr}")
    nl = open(os.path.join(pub, "index.html"), encoding="utf-8").read()
    en = open(os.path.join(en_dir, "index.html"), encoding="utf-8").read()
    check('<html lang="en">' in en and '<html lang="nl">' in nl, "the English index says lang=\"en\", the Dutch one nl")

    names = set(html.unescape(n) for n in re.findall(r'<th scope="row"><a href="[^"]+">([^<]*)</a>', nl))
    names.add("Hilversum")
    words = page_words(en, names)
    left = [w for w in DUTCH if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", words)]
    check(len(names) > 40 and not left, f"no Dutch fixed text on the English index: {left}")
    for w in ("All areas", "Search by name or code", "Districts in figures", "Municipality", "Source:",
              "processed by buurtpeil", ">too few inhabitants</td>"):
        check(w in en or w in html.unescape(en), f"the English index says {w!r}")
    check(re.search(r"Made with buurtpeil \S+ on \d{1,2} (" + MONTHS + r") \d{4}\.", en),
          "the English footer's date is written as an English reader does")
    # Every figure: an English number (decimal point, comma between thousands)
    # whose value is the Dutch page's, and the stored value rounded.
    cn, ce = num_cells(nl), num_cells(en)
    check(len(ce) > 100 and ce.keys() == cn.keys(), f"the same figures in both indexes: {len(ce)} == {len(cn)}")
    bad = []
    for key, (v, t) in ce.items():
        m = re.fullmatch(r"\u2212?\d{1,3}(?:,\d{3})*(?:\.(\d+))?", t)
        dutch = cn[key][1].replace(".", "").replace(",", ".")
        english = t.replace(",", "")
        dec = len(m.group(1)) if m and m.group(1) else 0
        if not m or english != dutch or abs(float(english.replace("\u2212", "-")) - v) > 0.5 * 10 ** -dec + 1e-9:
            bad.append((key, t, cn[key][1], v))
    check(not bad, f"English figures equal the Dutch ones read back: {bad[:5]}")
    check(any("." in t for _, t in ce.values()), "English figures have a decimal point")
    # The gemeente page: key figures with verdicts, its map and its areas.
    nl_gm = open(os.path.join(pub, "GM0402.html"), encoding="utf-8").read()
    en_gm = open(os.path.join(en_dir, "GM0402.html"), encoding="utf-8").read()
    check('<html lang="en">' in en_gm, "the English gemeente page says lang=\"en\"")
    left = [w for w in DUTCH if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", page_words(en_gm, names))]
    check(not left, f"no Dutch fixed text on the English gemeente page: {left}")
    key_nl = re.findall(r'<td class="num">([^<]*)', re.search(r'id="kerncijfers".*?</table>', nl_gm, flags=re.S).group(0))
    key_en = re.findall(r'<td class="num">([^<]*)', re.search(r'id="kerncijfers".*?</table>', en_gm, flags=re.S).group(0))
    pairs = [(d, e) for d, e in zip(key_nl, key_en) if re.search(r"\d", d)]
    check(len(key_nl) == len(key_en) and len(pairs) >= 10
          and all(e.replace(",", "") == d.replace(".", "").replace(",", ".") for d, e in pairs),
          f"the key figures read back equal the Dutch page's: {[p for p in pairs if p[1].replace(',', '') != p[0].replace('.', '').replace(',', '.')][:5]}")
    verdicts = [html.unescape(re.sub(r"<[^>]+>", "", v)) for v in re.findall(r'<td class="richting">(.*?)</td>', en_gm)]
    said = [v for v in verdicts if v not in ("–", "no verdict (no favourable side)")]
    # (This monitor's gemeente page shows only neutral indicators: the words of ▲/▼ are not seen here.)
    check(verdicts and all(re.fullmatch(r"(▲ better than|▼ worse than|≈ not clearly different from|= equal to) "
                                    r"the Netherlands", v) for v in said)
          and [v[0] for v in said] == [v[0] for v in re.findall(r'<td class="richting">(?:<span[^>]*>)?([▲▼≈=])', nl_gm)]
          and verdicts.count("no verdict (no favourable side)") == nl_gm.count("geen oordeel (geen gunstige kant)"),
          f"the verdicts in English words, the same as on the Dutch page: {sorted(set(verdicts))[:6]}")
    # The needs overview in English (its figures: e2e/tables, whose fixture gives signals), linked as English.
    en_needs = open(os.path.join(en_dir, "behoeften-GM0402.html"), encoding="utf-8").read()
    check('<html lang="en">' in en_needs and "<h1>Needs overview Hilversum</h1>" in en_needs,
          "the English needs overview says lang=\"en\" and its title")
    left = site_english.dutch_left(page_words(en_needs, names), DUTCH + site_english.NEEDS_WORDS,
                                   site_english.catalogue_fragments(SRC))
    check(not left, f"no Dutch fixed text on the English needs overview: {left[:8]}")
    for label, page in (("index", en), ("gemeente page", en_gm)):
        m = re.search(r'<a href="behoeften-GM0402\.html"([^>]*)>([^<]*)</a>', page)
        check(m and m.group(1) == "" and m.group(2).lower() == "needs overview",
              f"the English {label} links the needs overview as English: {m and m.group(0)}")
    # The map: its legend and source drawn in English, its numbers too.
    svg = " ".join(html.unescape(re.sub(r"<[^>]+>", "", x)) for x in re.findall(r"<text[^>]*>(.*?)</text>", en, flags=re.S))
    check("districts)" in svg and "Source:" in svg and re.search(r"\d\.\d", svg) and "Bron" not in svg,
          f"the English map's legend and source: {svg[:300]!r}")
    # The area pages: wijken and buurten with their charts (site_english.py).
    site_english.check_area_pages(SRC, pub, en_dir, names, DUTCH, page_words, exp, check)
    # The definitions page (site_english.py): every indicator's English title and description, the worked example.
    site_english.check_definitions_page(SRC, pub, en_dir, names, DUTCH, FIXTURE, sql, check)
    # Every page of the English site says so, and none links a page as Dutch.
    pages = [os.path.relpath(p, en_dir) for p in glob.glob(os.path.join(en_dir, "**", "*.html"), recursive=True)]
    not_en = [p for p in pages if '<html lang="en">' not in open(os.path.join(en_dir, p), encoding="utf-8").read()]
    dutch_links = [p for p in pages if re.search(r'hreflang="nl"|\(Dutch\)</a>',
                                                   open(os.path.join(en_dir, p), encoding="utf-8").read())]
    check(not dutch_links, f"no page of the English site links another as Dutch: {dutch_links[:8]}")
    check(len(pages) > 50 and not not_en, f"every page of the English site says lang=\"en\": {not_en[:8]}")


def check_english_report(state, tmp, defs, exp, sql):
    """report --lang en against the Dutch report of the same database (report_english.py)."""
    dirs = {}
    for lang in ("nl", "en"):
        dirs[lang] = os.path.join(tmp, "report-" + lang)
        r = run(["--state-dir", state, "report", "--gemeente", "GM0402", "--gemeente", "GM0828", "--out", dirs[lang],
                 "--lang", lang] + defs)
        check(r.returncode == 0, f"report --lang {lang}: {r.stderr}")
    code_names = dict(ln.split("|", 1) for ln in sql("SELECT DISTINCT ON (code) code, name FROM bp.area "
                                                      "ORDER BY code, indeling_year DESC").splitlines())
    report_english.check_report(SRC, dirs["nl"], dirs["en"], code_names, DUTCH, page_words, exp, check)


def main():
    global failures
    tmp = tempfile.mkdtemp(prefix="bp-site-")
    os.chmod(tmp, 0o755)
    state = os.path.join(tmp, "state")
    out = os.path.join(tmp, "out")
    cfg = os.path.join(tmp, "monitor.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(f"""name: site
gemeenten: [GM0828, GM0402]
sources:
  - type: statline-csv
    file: {FIXTURE}
    year: 2024
  - type: geojson
    file: {os.path.join(os.environ["BP_FIXTURES"], "geo", "wijken_2024_oss_hilversum.geojson")}
  - type: geojson
    file: {os.path.join(os.environ["BP_FIXTURES"], "geo", "buurten_2019_oss_hilversum.topojson.json")}
    year: 2019
    level: buurt
indicators: {SRC}/indicators
charts: {SRC}/charts
output: {out}
areas: {SRC}/areas
references:
  - area: GM0402
    gemeente: GM0828
similar_k: 3
""")
    try:
        r = run(["--state-dir", state, "run", "--config", cfg])
        check(r.returncode == 0, f"run exits 0 (stderr: {r.stderr})")
        exp = shares65()

        # The configuration's custom reference (Hilversum for Oss's areas) and
        # similar_k reach the comparisons: Oss's wijken are compared with GM0402,
        # Hilversum's areas with no custom reference; at most 3 similar areas each.
        def sql(q):
            r = run(["--state-dir", state, "db", "psql", "--", "-At", "-c", q])
            check(r.returncode == 0, f"psql {q!r}: {r.stderr!r}")
            return r.stdout.strip()
        check(sql("SELECT count(DISTINCT area_code) FROM bp.indicator_comparison WHERE reference_kind = 'custom' "
                  "AND reference_code = 'GM0402' AND area_code LIKE 'WK0828%'") == "23",
              "references: every wijk of Oss is compared with the configured reference GM0402")
        check(sql("SELECT count(*) FROM bp.indicator_comparison WHERE reference_kind = 'custom' "
                  "AND gemeente_code = 'GM0402'") == "0", "references: scoped to GM0828, Hilversum has none")
        check(sql("SELECT max(n) FROM (SELECT count(*) AS n FROM bp.similar_area GROUP BY area_code) s") == "3",
              "similar_k: 3 similar areas per area")

        # Each profile names its most similar areas (the engine's, in rank
        # order), linked where the page is beside it (the same gemeente).
        want = [ln.split("|") for ln in sql("SELECT s.similar_code, a.name, a.gemeente_code FROM bp.similar_area s "
                                            "JOIN bp.area a ON a.code = s.similar_code AND a.indeling_year = s.indeling_year "
                                            "WHERE s.area_code = 'WK082801' ORDER BY s.rank").splitlines()]
        for path in (os.path.join(out, "GM0828", "WK082801.html"), os.path.join(out, "site", "WK082801.html")):
            page = open(path, encoding="utf-8").read()
            sec = re.search(r'<h2 id="vergelijkbaar">.*?</ol>', page, flags=re.S)
            items = re.findall(r"<li>(.*?)</li>", sec.group(0)) if sec else []
            got = [re.sub(r"<[^>]+>", "", i).split(" (")[0] for i in items]
            check(len(want) >= 1 and got == [html.escape(n, quote=True) for _, n, _ in want],
                  f"{os.path.relpath(path, out)}: similar areas {got} == {[n for _, n, _ in want]}")
            for (code, _, gm), item in zip(want, items):
                check((f'<a href="{code}.html">' in item) == (gm == "GM0828"),
                      f"{os.path.relpath(path, out)}: {code} linked only when in the same gemeente: {item!r}")
            # ... and says among which areas and from which KWB period they
            # were chosen: counted here from the observations (wijken of the
            # 2024 indeling with at least 50 inhabitants, similar.h), the
            # pool of this small monitor is not national.
            period, n_pool = sql("WITH b AS (SELECT max(period) AS p FROM bp.observation_all "
                                 "WHERE variable_code = 'AantalInwoners' AND indeling_year = 2024 AND value IS NOT NULL) "
                                 "SELECT b.p, count(DISTINCT o.area_code) FROM b JOIN bp.observation_current o "
                                 "ON o.period = b.p AND o.variable_code = 'AantalInwoners' AND o.indeling_year = 2024 "
                                 "AND o.value >= 50 JOIN bp.area a ON a.code = o.area_code AND a.indeling_year = 2024 "
                                 "AND a.level = 'wijk' GROUP BY b.p").split("|")
            phrase = f"gezocht onder de {n_pool} wijken in deze monitor met cijfers (CBS Kerncijfers wijken en buurten {period}; "
            check(sec is not None and phrase in sec.group(0),
                  f"{os.path.relpath(path, out)}: similar areas name their pool and period: {phrase!r}")

        # On the site each key figure's name links to its definition (issue 20 item 2).
        page = open(os.path.join(out, "site", "WK082801.html"), encoding="utf-8").read()
        key = re.search(r'<h2 id="kerncijfers">.*?</table>', page, flags=re.S)
        rows = re.findall(r'<tr><th scope="row">(.*?)</th>', key.group(0) if key else "")
        links = [re.match(r'<a href="definities\.html#([a-z0-9_]+)">', r) for r in rows]
        defs = open(os.path.join(out, "site", "definities.html"), encoding="utf-8").read()
        check(rows and all(links) and all(f'id="{m.group(1)}"' in defs for m in links),
              f"every key figure links to its entry on definities.html: {[r[:60] for r, m in zip(rows, links) if not m][:3]}")

        # A theme with no figures in the gemeente (this monitor has no RIVM
        # source) is not on the profile; one with figures in the gemeente but
        # none for the area is a sentence, not a chart of empty bars.
        wk = os.path.join(out, "GM0828")
        page = open(os.path.join(wk, "WK082801.html"), encoding="utf-8").read()
        check('id="profiel-sociale-veerkracht"' not in page
              and not os.path.exists(os.path.join(wk, "WK082801-profiel-sociale-veerkracht.svg"))
              and os.path.exists(os.path.join(wk, "WK082801-profiel-demografie.svg")),
              "a theme without figures in the gemeente is left out; one with figures is drawn")
        said = drawn = 0
        for f in os.listdir(wk):
            if not f.endswith(".html"):
                continue
            text = open(os.path.join(wk, f), encoding="utf-8").read()
            for sec in re.findall(r'<h2 id="profiel-.*?</section>', text, flags=re.S):
                if "<figure>" in sec:
                    drawn += 1
                    check("geen cijfers (" not in sec, f"{f}: a drawn profile does not also say it has no figures")
                else:
                    said += 1
                    check("Voor dit thema zijn er voor " in sec and " geen cijfers (" in sec,
                          f"{f}: a profile without a chart says why: {sec[:200]!r}")
        check(drawn > 0, f"profiles drawn ({drawn}) or said ({said})")

        # PDF profiles: a wijk, a buurt, the gemeente overview, the needs overview.
        for code, gm in (("WK082801", "GM0828"), ("WK040201", "GM0402")):
            name, share = exp[code]
            t = pdftext(os.path.join(out, gm, code + ".pdf"))
            check(name in t, f"{code}.pdf names {name}")
            check(re.search(r"Inwoners van 65 jaar of ouder \(%\)\s+2024\s+" + re.escape(dutch(share)) + r"\s", t),
                  f"{code}.pdf: 65+ share {dutch(share)} in the key figures")
            check(dutch(exp[gm][1]) in t, f"{code}.pdf: the gemeente's share {dutch(exp[gm][1])}")
            check("Bron: CBS" in t and "bewerking buurtpeil" in t and "CC BY 4.0" in t, f"{code}.pdf: source line")
            check("Pagina 1" in t, f"{code}.pdf: page numbers")
        buurten = sorted(c for c in exp if c.startswith("BU0828"))
        b = buurten[0]
        t = pdftext(os.path.join(out, "GM0828", b + ".pdf"))
        check(exp[b][0] in t and dutch(exp[b][1]) in t, f"{b}.pdf: name and 65+ share {dutch(exp[b][1])}")
        t = pdftext(os.path.join(out, "GM0828.pdf"))
        check("Wijken van Oss" in t and dutch(exp["GM0828"][1]) in t and dutch(exp["NL00"][1]) in t,
              "GM0828.pdf: gemeente and Nederland")
        # Every wijk of Oss is in the ranking table of the overview.
        wijken = [c for c in exp if c.startswith("WK0828")]
        missing = [c for c in wijken if c not in t]
        check(not missing, f"GM0828.pdf lists every wijk ({missing[:3]})")
        t = pdftext(os.path.join(out, "GM0828-behoeften.pdf"))
        check("Behoeftenoverzicht Oss" in t and "Bron: CBS" in t, "needs overview PDF")
        with open(os.path.join(out, "GM0828-behoeften.html"), encoding="utf-8") as f:
            check('lang="nl"' in f.read(), "needs overview HTML")

        site = os.path.join(out, "site")
        with timed("check_site"):
            check_site(site)
        with timed("site_typography.check_slips"):
            site_typography.check_slips(out, check)
        with timed("chromium"):
            b = browser()
        if b:
            with b:
                with timed("check_browser"):
                    check_browser(b, site)
                with timed("check_script"):
                    check_script(b, site)
                with timed("site_typography.check_search"):
                    site_typography.check_search(site, lambda url: dump_dom(b, url), check)
        with timed("site_definitions.check_definitions"):
            site_definitions.check_definitions(SRC, site, FIXTURE, check, sql)
        with timed("site_downloads.check_downloads"):
            site_downloads.check_downloads(site, check, sql, exp)

        # One profile per area: the report's and the site's page of a wijk
        # show the same key figures, profiles and trends (section by section,
        # the charts' folder aside); each adds only its own extra sections.
        def sections(path):
            text = open(path, encoding="utf-8").read()
            got = {}
            for m in re.finditer(r'<section>\n<h2 id="([^"]+)".*?</section>', text, flags=re.S):
                body = re.sub(r'(src|href)="(img/)?', r'\1="', m.group(0))
                # the site shows each chart's narrow variant on a phone (<picture>); the report has none
                body = re.sub(r'<picture><source [^>]*>', "", body).replace("</picture>", "")
                # the site links each indicator to its definition; the report has no definitions page
                body = re.sub(r'<a href="definities\.html#[^"]*">(.*?)</a>', r'\1', body)
                # the site links each table's downloads (data/); the report has none
                body = re.sub(r'<p class="download">.*?</p>\n', "", body)
                got[m.group(1)] = re.sub(r' · <a href="[^"]*\.png">png</a>', "", body)
            return got
        a, b = sections(os.path.join(out, "GM0828", "WK082801.html")), sections(os.path.join(site, "WK082801.html"))
        shared = [k for k in a if k == "kerncijfers" or k.startswith(("profiel-", "trend-"))]
        check(len(shared) >= 2 and all(k in b for k in shared), f"the site's profile has the report's sections: {shared}")
        differ = [k for k in shared if a.get(k) != b.get(k)]
        check(not differ, f"the same sections in out/ and on the site: {differ[:3]}")

        # A buurt's page and PDF: the map of the buurten with the buurt outlined,
        # drawn on the 2019 buurt borders of the same codes (KWB 2024 figures).
        page = open(os.path.join(site, "BU08280101.html"), encoding="utf-8").read()
        check(re.search(r'aria-label="Kaart van [^"]* per buurt van Oss, 2024[^"]*Berghemseweg-Zuid is omlijnd', page),
              "a buurt page has the buurt map with the buurt outlined")
        t = pdftext(os.path.join(site, "pdf", "BU08280101.pdf"))
        check("Buurten van Oss, 2024 (grenzen van 2019)" in t, "a buurt PDF has the buurt map, its borders' year named")

        # buurtpeil publish on its own: one gemeente, and an unknown one.
        r = run(["publish", "--help"])
        check(r.returncode == 0 and r.stdout.startswith("usage: buurtpeil publish"), "publish --help")
        pub = os.path.join(tmp, "pub")
        # A page of an area that left the monitor, from an earlier publish: the
        # site is rebuilt whole, so it goes.
        os.makedirs(pub)
        with open(os.path.join(pub, "WK999901.html"), "w", encoding="utf-8") as f:
            f.write("<p>oud</p>")
        defs = ["--indicators", os.path.join(SRC, "indicators"), "--charts", os.path.join(SRC, "charts")]
        # A folder buurtpeil did not write is not emptied, unless --force.
        r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--out", pub] + defs)
        check(r.returncode != 0 and pub in r.stderr and "--force" in r.stderr
              and os.path.exists(os.path.join(pub, "WK999901.html")),
              f"publish refuses a folder it did not write: {r.returncode} {r.stderr!r}")
        r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--out", pub, "--force"] + defs)
        check(r.returncode == 0 and os.path.isfile(os.path.join(pub, ".buurtpeil-site")),
              f"publish --force replaces it and marks it: {r.stderr}")
        with open(os.path.join(pub, "WK999901.html"), "w", encoding="utf-8") as f:
            f.write("<p>oud</p>")
        r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--out", pub] + defs)
        check(r.returncode == 0 and os.path.isfile(os.path.join(pub, "WK040201.html"))
              and not os.path.exists(os.path.join(pub, "WK082801.html")), f"publish GM0402: {r.stderr}")
        check("comparisons are not up to date" not in r.stderr, "no stale-comparison note after run")
        check(not os.path.exists(os.path.join(pub, "WK999901.html")), "publish removes pages of areas no longer published")
        check(not os.path.exists(os.path.join(pub, "interventions")), "publish without --effects publishes no effect reports")
        with timed("check_english_index"):
            check_english_index(state, pub, tmp, defs, exp, sql)
        with timed("check_english_report"):
            check_english_report(state, tmp, defs, exp, sql)
        before = sorted(os.listdir(pub))
        index_before = open(os.path.join(pub, "index.html"), "rb").read()
        r = run(["--state-dir", state, "publish", "--gemeente", "GM9999", "--out", os.path.join(tmp, "pub2")] + defs)
        check(r.returncode == 1 and "GM9999" in r.stderr and not os.path.exists(os.path.join(tmp, "pub2")),
              f"publish of an unknown gemeente fails and writes nothing: {r.returncode} {r.stderr!r}")
        # A failing publish over an existing site leaves it exactly as it was.
        r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--gemeente", "GM9999", "--out", pub] + defs)
        check(r.returncode == 1 and sorted(os.listdir(pub)) == before
              and open(os.path.join(pub, "index.html"), "rb").read() == index_before
              and [n for n in os.listdir(tmp) if n.startswith("pub.new-")] == [],
              f"a failed publish leaves the previous site whole and no staging folder: {r.stderr!r}")
        # Comparisons emptied (as a migration that changes their storage, or a crash, does):
        # report and publish refuse, write nothing and say that compute must run first.
        sql("DELETE FROM bp.comparison_basis")
        r = run(["--state-dir", state, "report", "--gemeente", "GM0402", "--out", os.path.join(tmp, "rep-stale")] + defs)
        check(r.returncode == 1 and "not up to date" in r.stderr and "run 'buurtpeil compute'" in r.stderr
              and not os.path.exists(os.path.join(tmp, "rep-stale", "GM0402.html")),
              f"report refuses comparisons that are not current: {r.returncode} {r.stderr!r}")
        r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--out", os.path.join(tmp, "pub-stale")] + defs)
        check(r.returncode == 1 and "not up to date" in r.stderr and not os.path.exists(os.path.join(tmp, "pub-stale")),
              f"publish refuses comparisons that are not current: {r.returncode} {r.stderr!r}")
        r = run(["--state-dir", state, "compute", "--indicators", os.path.join(SRC, "indicators")])
        check(r.returncode == 0, f"compute rebuilds the comparisons: {r.stderr!r}")
        r = run(["--state-dir", state, "report", "--gemeente", "GM0402", "--out", os.path.join(tmp, "rep-stale")] + defs)
        check(r.returncode == 0 and "not up to date" not in r.stderr, f"report once compute ran: {r.stderr!r}")

        # --effects puts the workgroup's effect reports (pages and PDFs) on the site, linked from the index.
        eff = os.path.join(tmp, "effecten")
        os.makedirs(eff)
        for name in ("index.html", "overzicht.pdf", "notities.txt"):
            with open(os.path.join(eff, name), "w", encoding="utf-8") as f:
                f.write("x")
        r = run(["--state-dir", state, "publish", "--gemeente", "GM0402", "--out", pub, "--effects", eff] + defs)
        check(r.returncode == 0 and sorted(os.listdir(os.path.join(pub, "interventions"))) == ["index.html", "overzicht.pdf"]
              and 'href="interventions/index.html"' in open(os.path.join(pub, "index.html"), encoding="utf-8").read(),
              f"publish --effects publishes the effect reports: {r.stderr!r}")
        r = run(["publish"])
        check(r.returncode == 2, "publish without --gemeente is a usage error")

        # The monitor configuration can switch the parts off.
        out2 = os.path.join(tmp, "out2")
        with open(cfg, encoding="utf-8") as f:
            text = f.read().replace(out, out2)
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(text + "pdf: false\npublish: false\nneeds_overview: false\n")
        r = run(["--state-dir", state, "run", "--config", cfg])
        check(r.returncode == 0 and os.path.isfile(os.path.join(out2, "GM0828.html"))
              and not os.path.exists(os.path.join(out2, "GM0828.pdf"))
              and not os.path.exists(os.path.join(out2, "site"))
              and not os.path.exists(os.path.join(out2, "GM0828-behoeften.html")),
              f"pdf/publish/needs_overview: false switch the parts off ({r.stderr})")

        # A site of many gemeenten (config/nederland.yaml): no PDFs anywhere, out/'s profile charts SVG only,
        # no downloads per wijk and buurt page, a buurt page's map of the wijken with its own wijk outlined,
        # each chart of an area page drawn once, narrow.
        out3 = os.path.join(tmp, "out3")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(text.replace(out2, out3) + "pdf: false\npng: false\narea_downloads: false\nbuurt_page_map: wijken\n"
                    "area_charts: narrow\n")
        r = run(["--state-dir", state, "run", "--config", cfg])
        site3 = os.path.join(out3, "site")
        check(r.returncode == 0 and os.path.isfile(os.path.join(site3, "BU08280101.html")),
              f"the light site is written ({r.stderr})")
        pages3 = {os.path.basename(p): open(p, encoding="utf-8").read() for p in glob.glob(os.path.join(site3, "*.html"))}
        pdfs3 = sorted(os.path.relpath(p, out3) for p in glob.glob(os.path.join(out3, "**", "*.pdf"), recursive=True))
        check(not os.path.exists(os.path.join(site3, "pdf")) and pdfs3 == ["GM0402-behoeften.pdf", "GM0828-behoeften.pdf"],
              f"pdf: false: no PDF but the needs overviews' in out/, none in the site ({pdfs3[:4]})")
        check(not [n for n, t in pages3.items() if 'href="pdf/' in t], "pdf: false: no site page links a PDF")
        # (the gemeente page's charts keep the formats of charts/gemeente.yaml: GM0828/<indicator>.png)
        profiles3 = [os.path.basename(p)[:-5] for p in glob.glob(os.path.join(out3, "GM0828", "*.html"))]
        png3 = [os.path.basename(p) for p in glob.glob(os.path.join(out3, "GM0828", "*.png"))]
        check(profiles3 and glob.glob(os.path.join(out3, "GM0828", "WK082801-*.svg"))
              and not [p for p in png3 if any(p.startswith(c + "-") for c in profiles3)]
              and ".png" not in open(os.path.join(out3, "GM0828", "WK082801.html"), encoding="utf-8").read(),
              f"png: false: out/'s profile pages with SVG charts and no PNG ({png3[:3]})")
        data3 = sorted(os.listdir(os.path.join(site3, "data")))
        check(data3 and not [d for d in data3 if re.match(r"(WK|BU)\d", d)]
              and any(d.startswith("GM0828") for d in data3) and any(d.startswith("index") for d in data3),
              f"area_downloads: false: downloads of the index and gemeente pages only ({data3[:5]})")
        check('href="data/' not in pages3["BU08280101.html"] and 'href="data/' not in pages3["WK082801.html"],
              "area_downloads: false: no download links on a wijk or buurt page")
        bu = pages3["BU08280101.html"]
        kaart = bu[bu.index('<h2 id="kaart">'):bu.index("</section>", bu.index('<h2 id="kaart">'))]
        links = re.findall(r'<tr><th scope="row"><a href="([A-Z]{2}\d+)\.html">', kaart)
        check(links and all(l.startswith("WK0828") for l in links) and "WK082801" in links,
              f"buurt_page_map: wijken: the buurt page's map table links Oss's wijken ({links[:4]})")
        check(f"{exp['WK082801'][0]} is omlijnd" in bu, "buurt_page_map: wijken: the buurt's own wijk outlined")
        # The map is its wijk's: drawn once, by the wijk's page, into img/kaart-WK082801.svg, which every buurt of
        # the wijk shows; the wijk's page keeps its inline map, whose drawing (the same areas and classes) has
        # the same paths.
        img3 = os.path.join(site3, "img")
        shared = os.path.join(img3, "kaart-WK082801.svg")
        check('<img src="img/kaart-WK082801.svg" width="360" alt="' in kaart and "<svg" not in kaart
              and os.path.isfile(shared), "buurt_page_map: wijken: the buurt page shows its wijk's map file")
        wk_paths = set(re.findall(r'<path[^>]* d="([^"]+)"', pages3["WK082801.html"]))
        file_paths = set(re.findall(r'<path[^>]* d="([^"]+)"', open(shared, encoding="utf-8").read()))
        check(file_paths and file_paths <= wk_paths,
              f"buurt_page_map: wijken: the map file is the wijk page's drawing ({len(file_paths - wk_paths)} other)")
        nbu = len([n for n in pages3 if n.startswith("BU0828")])
        nmaps = len([n for n in os.listdir(img3) if n.startswith("kaart-")])
        check(nmaps < nbu, f"buurt_page_map: wijken: a map file per wijk, not per buurt ({nmaps} for {nbu} buurten)")
        # area_charts: narrow: one drawing per chart, the default site's narrow variant byte for byte (the same
        # texts, figures and source line), shown 340 px wide on every screen; no -smal files, no <picture>.
        smal3 = [n for n in os.listdir(img3) if n.endswith("-smal.svg")]
        charts3 = sorted(n for n in os.listdir(img3) if re.match(r"(WK082801|BU08280101)-(trend|profiel)-", n))
        same = [n for n in charts3 if open(os.path.join(img3, n), "rb").read()
                == open(os.path.join(site, "img", n[:-4] + "-smal.svg"), "rb").read()]
        check(not smal3 and charts3 and same == charts3,
              f"area_charts: narrow: each chart once, the default narrow drawing ({len(same)} of {len(charts3)}, "
              f"{smal3[:2]})")
        wk = pages3["WK082801.html"]
        imgs = re.findall(r'<img src="img/(WK082801-[a-z]+-[^"]+)\.svg" width="(\d+)"', wk)
        check(imgs and all(w == "340" for _, w in imgs) and "<picture>" not in wk and "<picture>" not in bu,
              f"area_charts: narrow: every chart of the page 340 px wide, no <picture> ({imgs[:2]})")
    finally:
        run(["--state-dir", state, "db", "stop"])
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
