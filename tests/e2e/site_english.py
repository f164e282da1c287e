"""The site's area pages in English (issue 20 item 7), read back from the
HTML and the SVG text of their charts, against the Dutch site published
from the same database.

- No Dutch fixed text: every Dutch msgid of the message catalogue
  (lib/core/lang_en*.c, parsed with scripts/catalogue.py), cut into the
  pieces a reader sees (text between tags and punctuation), must not be on
  an English page, nor any of the words test_site.py lists; area names and
  the titles of cited sources (names, published in Dutch) are cut out first.
- Numbers: every figure of the key figures equals the Dutch page's with the
  marks swapped (decimal point, comma between thousands), and the share
  aged 65 or over is the one computed from the bundled CSV by hand (the
  caller's `exp`), written the English way.
- The charts: the profile's and trend's own words and numbers in English.
- The area's PDF and the gemeente's (pdftotext): the same, their key figures
  and page numbers.
"""
import glob
import html
import importlib.util
import os
import re
import subprocess
from decimal import Decimal, ROUND_HALF_UP


# Words of the profile pages beyond test_site.py's list.
PROFILE_WORDS = ["Profiel", "Ontwikkeling", "Vergelijkbare", "Samengestelde", "Ervaringen", "vergeleken", "Vergeleken",
                 "procentpunt", "procentpunten", "grafiek", "Grafiek", "Balken", "afstand", "plaats", "omgerekend",
                 "indeling", "grenzen", "waarden", "Voorbeelden", "Verhalen", "verschil", "betrouwbaarheidsinterval",
                 "Vlak", "Open punt", "Lijndiagram", "Profieldiagram", "tegen", "deels", "gemeente", "ongunstig"]


def english(value, decimals=1):
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{q:,.{decimals}f}".replace("-", "\u2212")


def catalogue_fragments(src):
    """The Dutch pieces of text of every msgid whose English differs: what an English page must not show."""
    spec = importlib.util.spec_from_file_location("catalogue", os.path.join(src, "scripts", "catalogue.py"))
    cat = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cat)
    entries = cat.catalogue_all(os.path.join(src, "lib", "core"))
    english_text = " ".join(html.unescape(en.decode()) for _, en in entries)
    out = set()
    for nl, en in entries:
        visible = html.unescape(re.sub(r"<[^>]+>", "|", nl.decode()))
        for piece in re.split(r"[|\n():;,.·!?]", visible):
            piece = re.sub(r"\s+", " ", piece).strip(" '‘’\"–-")
            # A piece of one short word could be a name or an English word
            # ("Indicator", "km"); a piece the English also has is no sign.
            if len(piece) < 6 or not re.search(r"[a-zé]{3}", piece) or piece in english_text:
                continue
            out.add(piece)
    return sorted(out)


def svg_text(path):
    svg = open(path, encoding="utf-8").read()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text\b.*?</text>", svg, re.S))


def pdf_text(path):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else ""


def dutch_left(words, dutch_words, fragments):
    """The Dutch words and catalogue pieces found in words.  A piece not in the
    text as a substring cannot match as a word: the substring test first skips
    the regular expression for most of the ~1,000 pieces (compiled per call,
    more than re's cache holds, it was most of e2e/site's English checks)."""
    return [w for w in dutch_words + PROFILE_WORDS + list(fragments)
            if w in words and re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", words)]


def cut_names(text, names):
    # The cited sources' titles are names: from "Source:" to "processed by buurtpeil".
    text = re.sub(r"Source: .*?processed by buurtpeil", " ", re.sub(r"\s+", " ", text))
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(n, " ")
    return text


def key_cells(page):
    m = re.search(r'id="kerncijfers".*?</table>', page, flags=re.S)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", m.group(0), flags=re.S) if m else []
    return [(html.unescape(re.sub(r"<[^>]+>", "", h)), re.findall(r'<td class="num">(.*?)</td>', r, flags=re.S))
            for h, r in rows]


def as_dutch(t):
    """An English figure in Dutch notation, to compare with the Dutch page's."""
    return t.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def check_area_pages(src, nl_dir, en_dir, names, dutch_words, page_words, exp, check):
    fragments = catalogue_fragments(src)
    check(len(fragments) > 100, f"the catalogue gives Dutch pieces to look for: {len(fragments)}")
    wijk = "WK040201"
    buurten = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(en_dir, "BU0402*.html")))
    check(buurten, "the English site has buurt pages")
    pages = [wijk] + buurten[:2]
    for code in pages:
        en = open(os.path.join(en_dir, code + ".html"), encoding="utf-8").read()
        nl = open(os.path.join(nl_dir, code + ".html"), encoding="utf-8").read()
        check('<html lang="en">' in en and '<html lang="nl">' in nl, f"{code}: the English page says lang=\"en\"")
        charts = sorted(set(re.findall(r'<img src="(img/[^"]+\.svg)"', en)))
        check(charts and charts == sorted(set(re.findall(r'<img src="(img/[^"]+\.svg)"', nl))),
              f"{code}: the same charts as the Dutch page ({len(charts)})")
        chart_text = cut_names(" ".join(svg_text(os.path.join(en_dir, c)) for c in charts), names)
        left = dutch_left(cut_names(page_words(en, names) + " " + chart_text, names), dutch_words, fragments)
        check(not left, f"{code}: no Dutch fixed text on the English page or its charts: {left[:8]}")
        # Its PDF: English words, the figures the English way, page numbers.
        pdf = re.sub(r"\s+", " ", pdf_text(os.path.join(en_dir, "pdf", code + ".pdf")))
        left = dutch_left(cut_names(pdf, names), dutch_words, fragments)
        check(pdf and not left, f"{code}.pdf: no Dutch fixed text in the English PDF: {left[:8]}")
        check("Page 1" in pdf and "Key figures" in pdf and re.search(r"\d\.\d", pdf),
              f"{code}.pdf: page numbers, headings and figures in English: {pdf[:200]!r}")
        if code in exp:
            check(english(exp[code][1]) in pdf, f"{code}.pdf: the 65+ share {english(exp[code][1])}")
        # Key figures: the Dutch page's figures, the marks swapped.
        ke, kn = key_cells(en), key_cells(nl)
        pairs = [(d, e) for (_, rd), (_, re_) in zip(kn, ke) for d, e in zip(rd, re_) if re.search(r"\d", d)]
        bad = [(d, e) for d, e in pairs if as_dutch(e) != d]
        check(len(ke) == len(kn) and len(pairs) >= 10 and not bad,
              f"{code}: the English key figures equal the Dutch ones read back: {len(pairs)} {bad[:4]}")
        check(any(re.search(r"\d\.\d", e) for _, e in pairs), f"{code}: English figures have a decimal point")
        # The 65+ share, computed from the CSV by hand, written the English way.
        if code in exp:
            row = [cells for head, cells in ke if head.startswith("Residents aged 65 or over")]
            check(row and row[0] and row[0][0].startswith(english(exp[code][1])),
                  f"{code}: 65+ share {english(exp[code][1])} in the English key figures: {row[:1]}")
            gm = exp.get("GM0402")
            check(gm and row and english(gm[1]) in row[0], f"{code}: the gemeente's share {gm and english(gm[1])}")
        check(re.search(r"(▲ better|▼ worse|≈ not clearly different|= equal|no verdict)", en),
              f"{code}: verdicts in English words")
        check(re.search(r"(better →|← worse|difference from)", chart_text) and re.search(r"\d\.\d", chart_text),
              f"{code}: the profile chart's words and numbers in English: {chart_text[:200]!r}")
        check("Profile: " in en and ("Trend: " in en) == ("Ontwikkeling: " in nl),
              f"{code}: the sections' headings in English")
    # The gemeente's PDF: its key figures, map and rankings in English.
    pdf = re.sub(r"\s+", " ", pdf_text(os.path.join(en_dir, "pdf", "GM0402.pdf")))
    left = dutch_left(cut_names(pdf, names), dutch_words, fragments)
    check(pdf and not left, f"GM0402.pdf: no Dutch fixed text in the English PDF: {left[:8]}")
    check("Districts of Hilversum" in pdf and "Page 1" in pdf and "GM0402" in exp
          and english(exp["GM0402"][1]) in pdf and english(exp["NL00"][1]) in pdf,
          f"GM0402.pdf: title, page numbers and the shares of Hilversum and the Netherlands the English way")
    # Its rankings describe each indicator in English (description.en), not leave the description out.
    # (A ranking section: its heading, the English title, followed by the description.)
    described = [t for t, d in _english_texts(src).values() if t and d and f"{t} {d}" in pdf]
    check(described, f"GM0402.pdf: the ranked indicators with their English descriptions: {described}")
    # The breadcrumb of a buurt names its district; the similar areas name their pool in English.
    if buurten:
        en = open(os.path.join(en_dir, buurten[0] + ".html"), encoding="utf-8").read()
        check(re.search(r'<nav class="kruimel" aria-label="Breadcrumb"><a href="index.html">All areas</a>', en),
              f"{buurten[0]}: the breadcrumb in English")
    en = open(os.path.join(en_dir, wijk + ".html"), encoding="utf-8").read()
    nl = open(os.path.join(nl_dir, wijk + ".html"), encoding="utf-8").read()
    if 'id="vergelijkbaar"' in nl:
        m = re.search(r"alle ([\d.]+) wijken van Nederland|de ([\d.]+) wijken in deze monitor", nl)
        n = (m.group(1) or m.group(2)).replace(".", "") if m else None
        want = (rf"(all {int(n):,} districts of the Netherlands with figures|the {int(n):,} districts in this monitor "
                rf"with figures)" if n else None)
        check(want and re.search(want, en), f"{wijk}: the similar areas' pool in English ({n})")


# Words of the needs overview beyond the catalogue's pieces (short ones the
# catalogue check leaves out as possible names).
NEEDS_WORDS = ["Behoeftenoverzicht", "Gebied", "Gebieden", "Waarde", "Ongunstiger", "ongunstiger", "Oordeel", "Bron",
               "Thema", "Totaal", "Waarom", "sinds", "niet", "geen", "Pagina", "gemeente", "Nederland", "wijken",
               "significant)", "gepubliceerd", "Samenvatting", "Perioden", "periode"]


def needs_text(page, names):
    """What a reader gets of a needs overview page, the names of areas and cited sources cut out.

    A source is a name (CBS publishes its titles in Dutch): the periods line's
    source names and the whole-gemeente table's Source column are cut, their
    English frames are checked apart."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<p class="perioden">Periods of the figures \(each indicator at its latest period\): .*?</p>',
                  " ", body, flags=re.S)
    body = re.sub(r'(<table class="geheel">.*?)</table>',
                  lambda m: re.sub(r"<td>[^<]*CC BY 4\.0</td>", " ", m.group(0)), body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return cut_names(text, names)


def needs_rows(page):
    """{(area, indicator title): [cells]} of the theme tables of a needs overview page."""
    out = {}
    for t in re.findall(r"<table>\s*<caption>.*?</table>", page, flags=re.S):
        for head, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', t, flags=re.S):
            cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
            area = html.unescape(re.sub(r"<[^>]+>", "", head))
            # the title without its unit "(%)" and a synthetic mark after it
            out[(area, re.sub(r" \([^()]*\)( \u2013 .*)?$", "", cells[0]))] = cells
    return out


def check_needs_overview(src, pages, pdf_path, names, flagged, whole, check):
    """The needs overview in English (issue 20 item 7): pages {label: html} (the
    report's and the site's), its PDF; flagged: {(area, English title): (value,
    gemeente name, gemeente value, worse by in %)} computed by the caller from the
    source files, each a row that must be there with those figures the English
    way; whole: the gemeente-as-a-whole row's texts ("45.8", "43.7 – 47.9", ...)."""
    fragments = catalogue_fragments(src)
    for label, page in pages.items():
        check('<html lang="en">' in page, f"{label}: the needs overview says lang=\"en\"")
        left = dutch_left(needs_text(page, names), NEEDS_WORDS, fragments)
        check(not left, f"{label}: no Dutch fixed text on the English needs overview: {left[:8]}")
        check("<h1>Needs overview " in page and "Periods of the figures" in page
              and "Summary per area and theme" in page,
              f"{label}: the needs overview's title and sections in English")
        rows = needs_rows(page)
        for (area, title), (v, gm, g, worse) in flagged.items():
            cells = rows.get((area, title))
            check(cells and cells[1].startswith(english(v) + " (") and cells[2].startswith(f"{gm} {english(g)} (")
                  and cells[3] == f"{worse}%",
                  f"{label}: {area}, {title}: {english(v)} against {gm} {english(g)}, worse by {worse}%: {cells}")
        check(len(rows) >= len(flagged) and all(re.fullmatch(r"\u2212?\d{1,3}(,\d{3})*(\.\d+)? \(.*\)", c[1])
                                                for c in rows.values()),
              f"{label}: every value in English notation: {[c[1] for c in rows.values()][:4]}")
        check(re.search(r"among the 10% with the greatest need of the \d+ districts in this monitor with figures", page)
              and "more than 10% worse than the municipality" in page,
              f"{label}: why an area is flagged, in English")
        geheel = re.search(r'<table class="geheel">.*?</table>', page, flags=re.S)
        row = html.unescape(re.sub(r"<[^>]+>", " ", geheel.group(0))) if geheel else ""
        check(all(w in row for w in whole), f"{label}: the gemeente as a whole against the Netherlands: {whole}")
        check(re.search(r"Made with buurtpeil \S+ on \d{1,2} (" + MONTHS + r") \d{4}\.", page),
              f"{label}: the footer's date the English way")
    pdf = re.sub(r"\s+", " ", pdf_text(pdf_path))
    # pdftotext breaks the table's narrow cells: the figures are looked for one by one.
    left = dutch_left(cut_names(re.sub(r"Periods of the figures.*?: \d{4}\.", " ", pdf), names), NEEDS_WORDS,
                      fragments)
    check(pdf and not left, f"{os.path.basename(pdf_path)}: no Dutch fixed text in the English PDF: {left[:8]}")
    check("Needs overview " in pdf and "Page 1" in pdf and "Summary per area and theme" in pdf,
          f"{os.path.basename(pdf_path)}: title, headings and page numbers in English: {pdf[:200]!r}")
    missing = [t for (v, gm, g, worse) in flagged.values() for t in (english(v), f"{worse}%") if t not in pdf]
    missing += [w for w in whole if w not in pdf]
    check(not missing, f"{os.path.basename(pdf_path)}: the figures the English way: missing {missing[:6]}")


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def _english_texts(src):
    """{id: (title.en, description.en)} of indicators/*.yaml, read by hand (not by the C loader):
    the flow title's en and the description mapping's en, a folded block joined with spaces."""
    out = {}
    for path in sorted(glob.glob(os.path.join(src, "indicators", "*.yaml"))):
        t = open(path, encoding="utf-8").read()
        ind = re.search(r"^id:\s*(\S+)", t, re.M)
        if not ind:
            continue
        title = re.search(r"^title:\s*\{nl:[^,}]+,\s*en:\s*([^}]+)\}", t, re.M)
        desc = re.search(r"^description:\n  nl:(?:.*\n)+?  en: >-\n((?:    .*\n?)+)", t, re.M)
        out[ind.group(1)] = (title.group(1).strip() if title else None,
                             " ".join(desc.group(1).split()) if desc else None)
    return out


def _plain(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def check_definitions_page(src, nl_dir, en_dir, names, dutch_words, fixture, sql, check):
    """The definitions page in English (issue 20 items 3 and 7) against the Dutch one of the same database."""
    import site_definitions
    en = open(os.path.join(en_dir, "definities.html"), encoding="utf-8").read()
    nl = open(os.path.join(nl_dir, "definities.html"), encoding="utf-8").read()
    check('<html lang="en">' in en and '<html lang="nl">' in nl, "definities.html: lang=\"en\" in English")
    check("<h1>Definitions and method</h1>" in en and not re.search(r'\slang="nl"', en),
          "definities.html: the English title, and no part marked Dutch (every shipped description has its English)")
    # Every indicator: its English title and description, the headings, the same periods, variables and tables.
    texts = _english_texts(src)
    model = site_definitions.model_estimates(src)
    check(len(texts) >= 40, f"the English texts of the shipped indicators: {len(texts)}")
    for ind, (title, desc) in texts.items():
        me = re.search(rf'<section class="definitie">\n<h3 id="{ind}">(.*?)</h3>\n<p>(.*?)</p>(.*?)</section>', en, re.S)
        mn = re.search(rf'<section class="definitie">\n<h3 id="{ind}">.*?</section>', nl, re.S)
        check(title and desc and me and _plain(me.group(1)) in ((title + " – model estimate",) if ind in model
                                                                else (title, title + " – synthetic"))
              and _plain(me.group(2)) == desc, f"definities.html (en): #{ind} titled {title!r} described {desc!r}: "
              f"{me and (_plain(me.group(1)), _plain(me.group(2)))}")
        if not me or not mn:
            continue
        body, dutch_body = me.group(3), mn.group(0)
        for head in ("Calculation", "Source", "Periods", "Unit", "Direction", "When there is no figure"):
            check(f"<dt>{head}</dt>" in body, f"#{ind} (en): {head}")
        # The variables keep their CBS titles (quoted), the periods and table ids are the Dutch page's.
        check(sorted(re.findall(r"‘[^’]*’", body)) == sorted(re.findall(r"‘[^’]*’", dutch_body)),
              f"#{ind} (en): the formula names the same variables as the Dutch page")
        pe = re.search(r"<dt>Periods</dt><dd>(.*?)</dd>", body)
        pn = re.search(r"<dt>Perioden</dt><dd>(.*?)</dd>", dutch_body)
        check(pe and pn and (pe.group(1) == pn.group(1) or "no published figures" in pe.group(1)),
              f"#{ind} (en): the periods {pe and pe.group(1)!r}")
        check(sorted(set(re.findall(r"\d{5}NED", body))) == sorted(set(re.findall(r"\d{5}NED", dutch_body))),
              f"#{ind} (en): the same CBS tables")
    defs = site_definitions.definitions(src)
    for ind, (_, num, den, scale, dec, mind, pol) in defs.items():
        body = _plain(re.search(rf'<h3 id="{ind}">.*?</section>', en, re.S).group(0)) if f'id="{ind}"' in en else ""
        if mind > 0:
            check(f"less than {english(mind, 0)}," in body, f"#{ind} (en): the suppression rule ({mind})")
        want = {"higher-is-better": "Higher is better.", "higher-is-worse": "Higher is worse."}.get(pol, "No favourable side")
        check(want in body, f"#{ind} (en): the direction {want!r}")
    # No Dutch fixed text: the quoted CBS variable titles and answer codes, the cited sources, area names cut out.
    words = re.sub(r"<script.*?</script>", " ", en, flags=re.S)
    words = re.sub(r"<dt>Source</dt><dd>.*?</dd>", " ", words)
    words = re.sub(r"‘[^’]*’", " ", html.unescape(words))
    left = dutch_left(cut_names(_plain(words), names), dutch_words, catalogue_fragments(src))
    check(not left, f"definities.html (en): no Dutch fixed text: {left[:8]}")
    for word in ("The Netherlands", "Percentiles", "Composite indices", "95% interval", "difference-in-differences",
                 "Higher is better."):
        check(word in en, f"definities.html (en): the method explains {word!r}")
    check(("(gewicht " in nl) == ("(weight " in en) and ("geen samengestelde" in nl) == ("no composite indices" in en),
          "definities.html (en): the composite indices and their weights as on the Dutch page")
    # The worked example, recomputed from the CSV, written the English way.
    ex = site_definitions.worked_example(en)
    check(ex is not None, "definities.html (en) has a worked example")
    if not ex:
        return
    ind, area, period, text = ex
    x = site_definitions.worked_figures(defs, ind, area, fixture, sql)
    dec = x["dec"]
    diff = english(x["v"] - x["gv"], dec)
    want = [f"In {period}, district {x['name']} ({area}) has a numerator of {english(x['n'], 0)} (",
            f"and a denominator of {english(x['d'], 0)} (",
            f"= {english(x['n'], 0)} / {english(x['d'], 0)} × {english(x['scale'], 0)} = {english(x['v'], dec)}%",
            f"as a whole: {english(x['gn'], 0)} / {english(x['gd'], 0)} × {english(x['scale'], 0)} = "
            f"{english(x['gv'], dec)}%",
            f"The Netherlands: {english(x['nv'], dec)}%",
            f"= {diff if diff.startswith(chr(0x2212)) or diff.strip('0.') == '' else '+' + diff} percentage points",
            f"the {english(x['nr'], 0)} districts in this monitor with figures, {x['name']} is in place {english(x['r'], 0)}",
            f"({english(x['r'], 0)} \u2212 1) / ({english(x['nr'], 0)} \u2212 1) × 100 = "
            f"{english(Decimal(100 * (x['r'] - 1)) / Decimal(x['nr'] - 1), 0)}."]
    for w in want:
        check(w in text, f"worked example (en): {w!r} in {text!r}")
    check(re.search(r"\d\.\d", text) and not re.search(r"\d,\d(?!\d\d)", text),
          f"worked example (en): decimal points, no decimal commas: {text[:200]!r}")
    # The English pages link to it in English: no "(Dutch)", no hreflang="nl".
    for page in ("index.html", "GM0402.html", "WK040201.html"):
        t = open(os.path.join(en_dir, page), encoding="utf-8").read()
        check('href="definities.html"' in t and "Definitions and method (Dutch)" not in t
              and "definitions and method (Dutch)" not in t and not re.search(r'hreflang="nl"[^>]*definities|definities\.html" hreflang', t),
              f"{page} (en): links to the definitions page as an English page")
