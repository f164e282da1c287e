#!/usr/bin/env python3
"""End to end: the published site in a real browser, on a phone and a desktop.

Builds a small site (Oss and Hilversum: KWB 2024, wijk borders 2024, buurt
borders 2019; the demo's custom area) with the built binary on a throwaway
embedded cluster, then loads every page type (index, gemeente, needs
overview, wijk, buurt, custom area) in headless Chromium (tests/e2e/cdp.py:
the DevTools protocol on a pipe) at 390 and 1280 CSS px wide and checks:

- no page scrolls sideways (document.scrollingElement.scrollWidth <=
  innerWidth);
- every chart's text is at least 10 px tall as displayed: inline SVG text by
  its computed font size times the SVG's scale on screen (an effect
  report's chart is inline twice, "breed" and "smal": the narrow one shown
  below 832 px, the other hidden and not measured); a chart in <img>
  by the smallest font its SVG file declares times the image's displayed
  width over the file's width (the file the browser chose: currentSrc);
- an area page's profile and trend charts come as <picture> with a narrow
  variant: at 390 px the browser shows the narrow file and the chart fits
  its figure without scrolling inside it; at 1280 px the wide one; and
  both files carry the same title, subtitle, notes and source (their text
  in those fonts, white space aside, read from the files here);
- every area of every map is a link (an <a href> to an existing page), its
  name and figure as <title>, reachable by keyboard; the gemeente map has
  one per wijk of the gemeente in the source CSV (counted here);
- axe-core (npm, installed by scripts/test.sh into BP_NPM_DIR, by default
  ~/.cache/buurtpeil/node) reports no violations;
- no console message or uncaught exception;
- the index shows its search on the first screen, a handful of columns
  with a column picker, and without JavaScript every column;
- long pages have a table of contents whose links land on headings;
- printed, a page leaves out the navigation and shows its tables whole.

The sanitized build (scripts/test.sh) writes and publishes the site under
ASan and UBSan and checks the narrow variants' text; the checks in Chromium
run in the normal build, on the same bytes.
"""
import csv
import glob
import html
import os
import re
import shutil
import sys
import subprocess
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

BIN = os.environ["BP_BINARY"]
SRC = os.environ["BP_SOURCE_ROOT"]
FIX = os.environ["BP_FIXTURES"]
CSV = os.path.join(FIX, "kwb-2024", "Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv")
WIDTHS = ((390, 844), (1280, 900))
# meson's b_sanitize of this build ("none", or e.g. "address,undefined"): the sanitized build runs the
# C code of this test, not the browser (main).
SANITIZED = os.environ.get("BP_SANITIZE", "none") not in ("", "none")
MIN_LABEL_PX = 10

failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print(f"FAIL: {what}")


def axe_path():
    """Where scripts/lib.sh (bp_ensure_npm_packages) installs axe-core: BP_NPM_DIR or its default."""
    base = os.environ.get("BP_NPM_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "buurtpeil", "node")
    return os.path.join(base, "node_modules", "axe-core", "axe.min.js")


def wijken_in_csv(gemeente):
    """The wijk codes of a gemeente in the source CSV, read here."""
    with open(CSV, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    col = rows[0].index("Regioaanduiding/Codering (code)")
    return {r[col].strip() for r in rows[1:] if r[col].strip().startswith("WK" + gemeente[2:])}


def svg_min_font(path):
    """(width, smallest font px) of an SVG chart file of the site."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)', text).group(1))
    # each font class's size in the chart's <style> (svgtext.c: ".bp12{font-size:12px}")
    sizes = [float(s) for s in re.findall(r"font-size:([\d.]+)px", text)]
    return width, min(sizes) if sizes else None


PROBE = r"""
(function () {
  var out = {};
  var se = document.scrollingElement;
  out.scrollWidth = se.scrollWidth;
  out.innerWidth = innerWidth;
  out.inline = [];
  document.querySelectorAll('main svg.chart').forEach(function (svg) {
    var variant = svg.classList.contains('smal') ? 'smal' : svg.classList.contains('breed') ? 'breed' : null;
    if (!svg.getClientRects().length) {   /* display:none: the other drawing of a chart is shown */
      out.inline.push({variant: variant, shown: false});
      return;
    }
    var vb = svg.viewBox.baseVal, r = svg.getBoundingClientRect();
    var scale = vb && vb.width ? r.width / vb.width : 1;
    var min = null, what = null;
    svg.querySelectorAll('text').forEach(function (t) {
      var px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (min === null || px < min) { min = px; what = t.textContent.slice(0, 40); }
    });
    out.inline.push({label: svg.getAttribute('aria-label').slice(0, 60), min: min, text: what, variant: variant,
                     shown: true, scroll: svg.parentNode.scrollWidth, client: svg.parentNode.clientWidth});
  });
  out.imgs = [];
  document.querySelectorAll('main img').forEach(function (img) {
    out.imgs.push({src: img.currentSrc, width: img.getBoundingClientRect().width,
                   picture: !!img.closest('picture')});
  });
  out.figures = [];
  document.querySelectorAll('main figure').forEach(function (f) {
    var img = f.querySelector('picture img');
    if (img) { out.figures.push({src: img.currentSrc, scroll: f.scrollWidth, client: f.clientWidth}); }
  });
  out.maps = [];
  document.querySelectorAll('main svg.chart .gebieden').forEach(function (g) {
    var areas = g.querySelectorAll('path');
    var links = [], unlinked = 0, titled = 0, focusable = 0, marked = 0;
    areas.forEach(function (p) {
      var a = p.closest('a[href]');
      if (!a) { unlinked++; return; }
      links.push(a.getAttribute('href'));
      var t = a.querySelector('title');
      if (t && t.textContent.indexOf(':') > 0) { titled++; }
      a.focus();
      if (document.activeElement === a) { focusable++; }
      if (getComputedStyle(p).stroke !== 'none') { marked++; }
    });
    out.maps.push({areas: areas.length, links: links, unlinked: unlinked, titled: titled, focusable: focusable, marked: marked});
  });
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
  out.toc = [];
  document.querySelectorAll('nav.toc a').forEach(function (a) {
    var h = document.getElementById(a.getAttribute('href').slice(1));
    out.toc.push(!!h && /^H[1-6]$/.test(h.tagName));
  });
  var zoek = document.getElementById('zoek');
  if (zoek) {
    out.zoekTop = zoek.getBoundingClientRect().top + scrollY;
    out.innerHeight = innerHeight;
    var t = document.getElementById('gebieden-tabel');
    var heads = Array.prototype.slice.call(t.tHead.rows[0].cells);
    out.cols = heads.length;
    out.shownCols = heads.filter(function (h) { return !h.hidden && h.getBoundingClientRect().width > 0; }).length;
    out.standaard = t.querySelectorAll('th[data-standaard]').length;
    out.picker = document.querySelectorAll('.kolommen input[type=checkbox]').length;
    var box = document.querySelector('.kolommen input:not(:checked)');
    if (box) {
      box.click();
      out.shownAfter = heads.filter(function (h) { return !h.hidden; }).length;
      var i = heads.findIndex(function (h) { return !h.hidden && !h.hasAttribute('data-standaard') && h.classList.contains('num'); });
      out.cellShown = i >= 0 && !t.tBodies[0].rows[0].cells[i].hidden;
      box.click();
    }
  }
  return out;
}())
"""


def check_page(b, site, page, width, axe):
    url = "file://" + os.path.join(site, page)
    b.load(url)
    got = b.eval(PROBE)
    where = f"{page} at {width} px"
    check(got["scrollWidth"] <= got["innerWidth"],
          f"{where}: no sideways scrolling (scrollWidth {got['scrollWidth']} > innerWidth {got['innerWidth']})")
    for c in got["inline"]:
        if c["variant"]:   # an effect report's chart drawn twice: the narrow one shown below 832 px
            check(c["shown"] == ((c["variant"] == "smal") == (width < 832)),
                  f"{where}: the {c['variant']} drawing of an inline chart is {'' if c['shown'] else 'not '}shown")
        if not c["shown"]:
            continue
        if c["variant"]:
            check(c["scroll"] <= c["client"], f"{where}: chart '{c['label']}' fits its figure "
                  f"({c['scroll']} > {c['client']} px)")
        check(c["min"] is not None and c["min"] >= MIN_LABEL_PX,
              f"{where}: chart '{c['label']}' text at least {MIN_LABEL_PX} px as displayed "
              f"(smallest {c['min'] and round(c['min'], 1)} px: {c['text']!r})")
    for img in got["imgs"]:
        src = img["src"][len("file://" + site + "/"):]   # the file the browser chose, relative to the site
        if not src.endswith(".svg"):
            continue
        svg_w, font = svg_min_font(os.path.join(site, src))
        px = font * img["width"] / svg_w if font else None
        check(px is not None and px >= MIN_LABEL_PX,
              f"{where}: chart {src} text at least {MIN_LABEL_PX} px as displayed (smallest {font} px of the "
              f"{svg_w:.0f} px chart shown {img['width']:.0f} px wide: {px and round(px, 1)} px)")
    for m in got["maps"]:
        check(m["areas"] > 0 and m["unlinked"] == 0,
              f"{where}: every map area is a link ({m['unlinked']} of {m['areas']} are not)")
        check(m["titled"] == len(m["links"]), f"{where}: every map link has its name and figure as <title>")
        check(m["focusable"] == len(m["links"]), f"{where}: every map link takes the keyboard focus")
        check(m["marked"] == len(m["links"]), f"{where}: a focused map area is outlined ({m['marked']})")
        missing = [h for h in m["links"] if not os.path.isfile(os.path.join(site, h))]
        check(not missing, f"{where}: map links land on pages ({missing[:3]})")
    for f in got["figures"]:
        src = f["src"][len("file://" + site + "/"):]
        check(f["scroll"] <= f["client"], f"{where}: chart {src} fits its figure without scrolling inside it "
              f"({f['scroll']} > {f['client']} px)")
        check(src.endswith("-smal.svg") == (width < 800), f"{where}: the browser shows chart {src} "
              f"({'the narrow variant' if width < 800 else 'the wide one'} expected)")
    if re.match(r"(WK\d{6}|BU\d{8}|CU[-\w]+)\.html$", page):   # an area's page
        charts = [i for i in got["imgs"] if re.search(r"-(profiel|trend)-", i["src"])]
        check(charts and all(i["picture"] for i in charts),
              f"{where}: every profile and trend chart has a narrow variant ({len(charts)} charts)")
    check(all(got["toc"]), f"{where}: the table of contents links to headings")
    errors = b.console_errors()
    check(not errors, f"{where}: no console messages or exceptions: {errors[:3]}")
    if axe:
        b.eval(axe)
        res = b.eval("axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                     " return r.violations.map(function (v) { return v.id + ' (' + v.impact + '): ' +"
                     " v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }).join(', '); }); })")
        check(not res, f"{where}: axe-core reports no violations: {res}")
    return got


FRAME_TEXT = re.compile(r'<text class="(bp20b|bp14|bp11|bp12i)(?: bph)?"[^>]*>(.*?)</text>', re.S)


def frame_text(path):
    """The text of a chart file in its title (bold 20), subtitle (14), source (11) and note (italic 12)
    fonts, per font in drawing order, white space left out: where two drawings wrap differently."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    got = {}
    for cls, t in FRAME_TEXT.findall(text):
        # a wrapped text's further lines are <tspan>s in it (svgtext.c): their characters, not their tags
        got[cls] = got.get(cls, "") + re.sub(r"\s", "", html.unescape(re.sub(r"<[^>]+>", "", t)))
    return got


def check_narrow_files(site):
    """Every narrow variant beside its wide chart says the same in title, subtitle, notes and source;
    prints what the variants add to the site."""
    narrow = sorted(glob.glob(os.path.join(site, "img", "*-smal.svg")))
    check(len(narrow) >= 4, f"the site has narrow chart variants ({len(narrow)})")
    for p in narrow:
        wide = p[:-len("-smal.svg")] + ".svg"
        w, n = frame_text(wide), frame_text(p)
        check(w.get("bp20b") and w.get("bp14") and w.get("bp11"), f"{os.path.basename(wide)}: title, subtitle, source")
        check(w == n, f"{os.path.basename(p)}: the same title, subtitle, notes and source as the wide chart "
              f"({ {k: (w.get(k), n.get(k)) for k in set(w) | set(n) if w.get(k) != n.get(k)} })")
    added = sum(os.path.getsize(p) for p in narrow)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs)
    print(f"narrow chart variants: {len(narrow)} files, {added} bytes of a site of {total} bytes")


def build_site(tmp):
    state = os.path.join(tmp, "state")
    out = os.path.join(tmp, "out")
    cfg = os.path.join(tmp, "monitor.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(f"""name: site-browser
gemeenten: [GM0828, GM0402]
sources:
  - type: statline-csv
    file: {CSV}
    year: 2024
  - type: geojson
    file: {os.path.join(FIX, "geo", "wijken_2024_oss_hilversum.geojson")}
  - type: geojson
    file: {os.path.join(FIX, "geo", "buurten_2019_oss_hilversum.topojson.json")}
    year: 2019
    level: buurt
indicators: {SRC}/indicators
charts: {SRC}/charts
output: {out}
areas: {SRC}/areas
pdf: false
needs_overview: false
""")
    r = subprocess.run([BIN, "--state-dir", state, "run", "--config", cfg], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    check(r.returncode == 0, f"run exits 0 (stderr: {r.stderr})")
    return state, os.path.join(out, "site")


def browser_checks(site, site_en, pages, axe):
    """Every check in Chromium: the site's pages, the English site's, printed and without JavaScript."""
    with cdp.Browser() as b:
        for width, height in WIDTHS:
            b.viewport(width, height)
            for page in pages:
                got = check_page(b, site, page, width, axe)
                if page == "GM0828.html":
                    want = wijken_in_csv("GM0828")
                    links = {h[:-len(".html")] for m in got["maps"] for h in m["links"]}
                    check(len(got["maps"]) == 1 and links == want,
                          f"GM0828 at {width} px: the map links every wijk of Oss ({len(links)} of {len(want)})")
                    check(len(got["toc"]) >= 3, f"GM0828 at {width} px: a table of contents ({got['toc']})")
                if page == "WK082801.html":
                    check(len(got["toc"]) >= 4, f"WK082801 at {width} px: a table of contents ({got['toc']})")
                    check(len(got["maps"]) == 1, "WK082801: its map")
                if page == "index.html":
                    check(len(got["maps"]) == 2, f"index at {width} px: a map per gemeente")
                    check(got["zoekTop"] < got["innerHeight"],
                          f"index at {width} px: the search on the first screen (at {got['zoekTop']:.0f} px)")
                    check(0 < got["standaard"] <= 8 and got["shownCols"] == 3 + got["standaard"]
                          and got["picker"] == got["cols"] - 3,
                          f"index at {width} px: {got['standaard']} chosen columns shown of {got['cols']}, "
                          f"{got['picker']} in the picker (shown {got['shownCols']})")
                    check(got.get("shownAfter") == got["shownCols"] + 1 and got.get("cellShown"),
                          f"index at {width} px: the picker shows a column ({got.get('shownAfter')})")
        # English (issue 20 item 7): index, gemeente, needs overview, wijk, buurt and definitions pass
        # the same checks in English (one gemeente: seconds), and the script's own words follow <html lang>.
        for width, height in WIDTHS:
            b.viewport(width, height)
            for page in ("index.html", "GM0402.html", "behoeften-GM0402.html", "WK040201.html", "BU04020101.html",
                         "definities.html"):
                check_page(b, site_en, page, width, axe)
        b.load("file://" + os.path.join(site_en, "index.html"))
        got = b.eval("(function () { var z = document.getElementById('zoek'); z.value = 'centrum';"
                     " z.dispatchEvent(new Event('input')); return [document.documentElement.lang,"
                     " document.getElementById('aantal').textContent,"
                     " document.querySelector('.kolommen summary').textContent]; }())")
        check(got[0] == "en" and re.fullmatch(r"1 area shown|\d+ areas shown", got[1])
              and re.fullmatch(r"Choose columns \(\d+ of \d+ shown\)", got[2]),
              f"the English index's script speaks English: {got}")
        # Printed: no navigation, tables whole (no scroll frame, no sticky column), folded tables open.
        b.load("file://" + os.path.join(site, "WK082801.html"))
        b.call("Emulation.setEmulatedMedia", session=True, media="print")
        b.eval("window.dispatchEvent(new Event('beforeprint'))")
        got = b.eval("(function () { var s = function (q, p) { return getComputedStyle(document.querySelector(q))[p]; };"
                     " return [s('header.site', 'display'), s('nav.toc', 'display'), s('div.tabel', 'overflowX'),"
                     " s('div.tabel th', 'position'), Array.prototype.every.call(document.querySelectorAll('details'),"
                     " function (d) { return d.open; })]; }())")
        b.call("Emulation.setEmulatedMedia", session=True, media="")
        check(got == ["none", "none", "visible", "static", True], f"WK082801 printed: {got}")
        # Without JavaScript every column of the index is there, and still nothing scrolls sideways.
        b.viewport(390, 844)
        b.call("Emulation.setScriptExecutionDisabled", session=True, value=True)
        for page in pages:
            b.load("file://" + os.path.join(site, page))
            got = b.eval("[document.scrollingElement.scrollWidth, innerWidth]")
            check(got[0] <= got[1], f"{page} at 390 px without JavaScript: no sideways scrolling ({got})")
        b.load("file://" + os.path.join(site, "index.html"))
        b.call("Emulation.setScriptExecutionDisabled", session=True, value=False)
        got = b.eval("[document.querySelectorAll('#gebieden-tabel thead th').length,"
                     " Array.prototype.filter.call(document.querySelectorAll('#gebieden-tabel thead th'),"
                     "  function (h) { return h.getBoundingClientRect().width > 0; }).length,"
                     " document.scrollingElement.scrollWidth, innerWidth]")
        check(got[0] == got[1] and got[0] > 3 and got[2] <= got[3],
              f"index without JavaScript: every column shows ({got[1]} of {got[0]}), no sideways scrolling")


def main():
    axe = None
    if not SANITIZED:
        if not shutil.which("chromium"):
            print("SKIP: chromium is not installed (scripts/test.sh installs it)")
            return 77
        axe_js = axe_path()
        check(os.path.isfile(axe_js), f"axe-core is installed at {axe_js} (scripts/test.sh installs it with npm)")
        axe = open(axe_js, encoding="utf-8").read() if os.path.isfile(axe_js) else None
    tmp = tempfile.mkdtemp(prefix="bp-site-browser-")
    os.chmod(tmp, 0o755)
    state = None
    try:
        state, site = build_site(tmp)
        custom = sorted(os.path.basename(p) for p in glob.glob(os.path.join(site, "*.html"))
                        if not re.match(r"(index|definities|GM\d{4}|behoeften-GM\d{4}|WK\d{6}|BU\d{8})\.html$",
                                        os.path.basename(p)))
        check(len(custom) >= 1, f"the site has a custom area's page ({custom})")
        check_narrow_files(site)
        pages = ["index.html", "GM0828.html", "behoeften-GM0828.html", "WK082801.html", "BU08280101.html",
                 "definities.html"] + custom[:1]
        site_en = os.path.join(tmp, "site-en")
        r = subprocess.run([BIN, "--state-dir", state, "publish", "--gemeente", "GM0402", "--out", site_en,
                            "--lang", "en", "--indicators", os.path.join(SRC, "indicators"),
                            "--charts", os.path.join(SRC, "charts")],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        check(r.returncode == 0 and os.path.isfile(os.path.join(site_en, "WK040201.html")),
              f"publish --lang en (stderr: {r.stderr})")
        if SANITIZED:
            # The sanitized build runs what this test runs of our C code, the run and the English
            # publish, under ASan and UBSan (a finding aborts them: exit status), and checks the
            # files above; the browser reads the bytes they wrote, which are the normal build's
            # (bench/compare_trees.py on both builds' sites: the same files), where Chromium checks
            # them.  Chromium and axe-core are not instrumented: under the sanitizers they only
            # took the suite's time (bench/RESULTS.md, test suite).
            print("sanitized build: the site written and published under the sanitizers; its pages in "
                  "Chromium in the normal build")
        else:
            browser_checks(site, site_en, pages, axe)
    except cdp.Error as e:
        check(False, f"chromium: {e}")
    finally:
        if state:
            subprocess.run([BIN, "--state-dir", state, "db", "stop"], capture_output=True, stdin=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
