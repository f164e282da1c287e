"""`report --lang en` (issue 20 item 7): every page and PDF of report's
output folder in English, read back, against the Dutch folder written from
the same database.

- Every HTML page says <html lang="en"> and shows no Dutch fixed text: the
  words test_site.py lists and every piece of a Dutch msgid of the
  catalogue (site_english.catalogue_fragments), in its text, its titles and
  text alternatives and the SVG text of the charts it shows; area names and
  the titles of cited sources (names, published in Dutch) are cut out first.
- Every PDF (pdftotext): the same, and English page numbers.
- Numbers: every figure of every table of the gemeente pages equals the
  Dutch page's with the marks swapped, and the share aged 65 or over of each
  wijk of Hilversum, in the gemeente page's table, on the wijk's page (its
  key figures and its age structure) and in its PDF, is the one computed
  from the bundled CSV by hand (the caller's `exp`), written the English way.
"""
import glob
import html
import os
import re

import site_english

# Page kinds other helpers are converting now: still Dutch, lang="nl".
STILL_DUTCH = []   # every page and PDF of report --lang en is English


def still_dutch(rel):
    return any(re.search(p, rel) for p in STILL_DUTCH)


def files(root, ext):
    out = []
    for d, _, fs in os.walk(root):
        out += [os.path.relpath(os.path.join(d, f), root) for f in fs if f.endswith(ext)]
    return sorted(out)


def table_nums(page):
    """Every figure of every table, in order: the text of each <td class="num">."""
    return [html.unescape(t) for t in re.findall(r'<td class="num">([^<]*)</td>', page)]


def row_value(page, code, after):
    """The first figure of the table row of area code in the table whose caption starts with after."""
    m = re.search(re.escape(after) + r".*?</table>", page, flags=re.S)
    row = re.search(r"<tr><td>(?:<a[^>]*>)?[^<]*(?:</a>)?</td><td>" + code + r'</td><td class="num">([^<]*)</td>',
                    m.group(0)) if m else None
    return html.unescape(row.group(1)) if row else None


def check_report(src, nl_dir, en_dir, code_names, dutch_words, page_words, exp, check):
    """code_names: {area code: name} of every area (the database's); exp: {code: (name, 65+ share)} from the CSV."""
    names = set(code_names.values())
    fragments = site_english.catalogue_fragments(src)
    pages = files(en_dir, ".html")
    check(pages == files(nl_dir, ".html") and len(pages) > 30,
          f"report --lang en writes the pages the Dutch report writes: {len(pages)}")
    for rel in pages:
        if still_dutch(rel):
            continue
        en = open(os.path.join(en_dir, rel), encoding="utf-8").read()
        check('<html lang="en">' in en, f"report {rel}: lang=\"en\"")
        en = re.sub(r"<style>.*?</style>", " ", en, flags=re.S)   # the stylesheet's class names are no text
        here = os.path.dirname(os.path.join(en_dir, rel))
        charts = sorted(set(re.findall(r'<img src="([^"]+\.svg)"', en)))
        chart_text = " ".join(site_english.svg_text(os.path.join(here, c)) for c in charts)
        left = site_english.dutch_left(site_english.cut_names(page_words(en, names) + " " + chart_text, names),
                                       dutch_words, fragments)
        check(not left, f"report {rel}: no Dutch fixed text on the page or its {len(charts)} charts: {left[:8]}")
    pdfs = [p for p in files(en_dir, ".pdf") if not still_dutch(p)]
    check(len(pdfs) > 40, f"report --lang en writes the PDFs: {len(pdfs)}")
    for rel in pdfs:
        pdf = site_english.cut_names(re.sub(r"\s+", " ", site_english.pdf_text(os.path.join(en_dir, rel))), names)
        # The area's own name wraps in the PDF's narrow columns ("Buitengebi" / "ed ten" / "oosten van" /
        # "Geffen"): its pieces are name too, longest first.
        own = code_names.get(os.path.basename(rel)[:-4], "")
        for piece in sorted({own[i:j] for i in range(len(own)) for j in range(i + 5, len(own) + 1)}, key=len,
                            reverse=True):
            pdf = pdf.replace(piece, " ")
        left = site_english.dutch_left(pdf, dutch_words, fragments)
        check(pdf and "Page 1" in pdf and not left, f"report {rel}: English PDF text: {left[:8]} {pdf[:120]!r}")

    # The gemeente page: every figure the Dutch page's with the marks swapped.
    for gm in ("GM0402", "GM0828"):
        en = open(os.path.join(en_dir, gm + ".html"), encoding="utf-8").read()
        nl = open(os.path.join(nl_dir, gm + ".html"), encoding="utf-8").read()
        ne, nn = table_nums(en), table_nums(nl)
        pairs = [(d, e) for d, e in zip(nn, ne) if re.search(r"\d", d)]
        bad = [(d, e) for d, e in pairs if site_english.as_dutch(e) != d]
        check(len(ne) == len(nn) and len(pairs) > 50 and not bad,
              f"report {gm}.html: the English figures equal the Dutch ones read back: {len(pairs)} {bad[:4]}")
        check(any(re.search(r"\d\.\d", e) for _, e in pairs), f"report {gm}.html: figures with a decimal point")

    # The 65+ share of Hilversum's wijken, computed from the CSV by hand.
    gm = open(os.path.join(en_dir, "GM0402.html"), encoding="utf-8").read()
    wijken = sorted(c for c in exp if c.startswith("WK0402"))
    check(len(wijken) >= 5, f"the CSV gives Hilversum's wijken: {wijken}")
    for code in wijken:
        want = site_english.english(exp[code][1])
        got = row_value(gm, code, "<caption>Residents aged 65 or over per district")
        check(got == want, f"report GM0402.html: {code}'s 65+ share {got} == {want}")
        page = open(os.path.join(en_dir, "GM0402", code + ".html"), encoding="utf-8").read()
        key = [cells for head, cells in site_english.key_cells(page) if head.startswith("Residents aged 65 or over")]
        check(key and key[0] and key[0][0].startswith(want), f"report {code}.html: key figure 65+ {want}: {key[:1]}")
        ages = re.search(r'<tr><th scope="row">65 years or older</th><td class="num">([^<]*)</td>', page)
        check(ages and ages.group(1) == want, f"report {code}.html: age structure 65+ {want}: "
                                               f"{ages and ages.group(1)}")
        pdf = re.sub(r"\s+", " ", site_english.pdf_text(os.path.join(en_dir, "GM0402", code + ".pdf")))
        check(want in pdf, f"report {code}.pdf: the 65+ share {want}")
    check(site_english.english(exp["GM0402"][1]) in gm and site_english.english(exp["NL00"][1]) in gm,
          "report GM0402.html: the shares of Hilversum and the Netherlands the English way")
    check(re.search(r"<h1>Districts of Hilversum</h1>", gm) and "<th scope=\"col\">Class on the map</th>" in gm,
          "report GM0402.html: title and map table in English")
    index = open(os.path.join(en_dir, "index.html"), encoding="utf-8").read()
    check('<a href="GM0402.html">' in index and "in Dutch" not in index,
          "report index.html links the English gemeente pages as English")
