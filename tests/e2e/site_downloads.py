"""Issue 18, item 4, on the output of test_site.py's run: the CSV and Excel
downloads of the site's tables, read from the reader's side.

Every table of every page has a line under it linking its CSV and the
page's workbook, and both files exist.  For a wijk's page, a buurt whose
figures are suppressed and the index, every cell of the CSV and of the
workbook's sheet is compared with the HTML table of the same page (parsed
here with html.parser, the numbers read back by hand), the key figures
with the database (SQL) and the 65+ share with the source CSV; a
suppressed figure is an empty cell with its reason in "status"; no column
holds microdata.  The workbook is read with zipfile and ElementTree (the
sheets' XML), not with buurtpeil's code.

Imported by test_site.py; check_downloads takes its check(cond, what),
sql(query) and the 65+ shares {code: (name, share)}.
"""
import csv
import glob
import html.parser
import io
import os
import re
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP

NUM = re.compile(r"([+\-\u2212]?)(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d+))?")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MICRODATA = ("respondent", "teller", "noemer", "numerator", "denominator", "antwoord", "gewicht")


class Tables(html.parser.HTMLParser):
    """Each <table>: caption, header cells, rows of (text, numeric) cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.cell, self.head_num, self.in_head, self.in_caption = [], None, [], False, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
            self.head_num = []
        elif tag == "caption":
            self.in_caption = True
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("td", "th") and self.tables:
            self.cell = ["", "num" in (a.get("class") or "").split(), tag]

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append((" ".join(self.cell[0].split()), self.cell[1], self.cell[2]))
            self.cell = None
        elif tag == "tr" and self.tables:
            t = self.tables[-1]
            if self.in_head or (not t["head"] and not t["rows"] and all(c[2] == "th" for c in self.row)):
                t["head"] = self.row
            else:
                t["rows"].append(self.row)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data
        elif self.in_caption and self.tables:
            self.tables[-1]["caption"] += data


def number(text):
    """A number as the page writes it ("1.234,5", "−0,3", "+0,3") -> (Decimal, rest), or None."""
    m = NUM.match(text)
    if not m:
        return None
    sign = "-" if m.group(1) in ("-", "\u2212") else ""
    d = Decimal(sign + m.group(2).replace(".", "") + ("." + m.group(3) if m.group(3) else ""))
    return d, text[m.end():]


def expected(table):
    """The download's header and rows as the page's table says them, computed here."""
    head = [c[0] for c in table["head"]]
    numeric = [c[1] for c in table["head"]]
    n = max([len(head)] + [len(r) for r in table["rows"]])
    head += [""] * (n - len(head))
    numeric += [False] * (n - len(numeric))
    parsed, unit, iv, status_any = [], [False] * n, [False] * n, False
    for r in table["rows"]:
        row = []
        for c in range(n):
            text, num_cls, _ = r[c] if c < len(r) else ("", False, "td")
            if not (numeric[c] or num_cls):
                row.append(("text", text))
                continue
            if text in ("", "\u2013"):
                row.append(("empty",))
                continue
            p = number(text)
            if not p:
                row.append(("status", text))
                status_any = True
                continue
            value, rest = p
            rest = rest.strip(" \u00a0\u202f")
            m = re.search(r"\s*\(([^()]*)\u2013([^()]*)\)$", rest)
            lo = hi = None
            if m and number(m.group(1)) and number(m.group(2)):
                lo, hi = number(m.group(1))[0], number(m.group(2))[0]
                rest = rest[:m.start()].strip()
                iv[c] = True
            unit[c] |= bool(rest)
            row.append(("num", value, rest, lo, hi))
        parsed.append(row)
    labels = []
    for c in range(n):
        labels.append(head[c])
        if unit[c]:
            labels.append(head[c] + ": eenheid")
        if iv[c]:
            labels += [head[c] + ": ondergrens 95%-interval", head[c] + ": bovengrens 95%-interval"]
    if status_any:
        labels.append("status")
    rows = []
    for row in parsed:
        out, status = [], []
        for c, cell in enumerate(row):
            out.append(cell[1] if cell[0] in ("num", "text") else None)
            if cell[0] == "text" and cell[1] == "":
                out[-1] = None
            if unit[c]:
                out.append(cell[2] or None if cell[0] == "num" else None)
            if iv[c]:
                out += [cell[3], cell[4]] if cell[0] == "num" else [None, None]
            if cell[0] == "status":
                status.append(f"{head[c]}: {cell[1]}")
        if status_any:
            out.append("; ".join(status) or None)
        rows.append(out)
    return labels, rows


def read_csv(path):
    """(header, rows, notes) of a download: the table, then after an empty line key;value notes."""
    raw = open(path, "rb").read()
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    cut = lines.index([]) if [] in lines else len(lines)
    return raw, lines[0], lines[1:cut], {r[0]: r[1] for r in lines[cut + 1:] if len(r) == 2}


def read_xlsx(path):
    """{sheet name: [[value or None per column]]}: shared strings and numbers from the XML."""
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(MAIN + "si"):
            strings.append("".join(t.text or "" for t in si.iter(MAIN + "t")))
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out = {}
    for s in book.iter(MAIN + "sheet"):
        t = target[s.get(rid)]
        xml = ET.fromstring(z.read(t[1:] if t.startswith("/") else "xl/" + t))
        rows = []
        for r in xml.iter(MAIN + "row"):
            cells = {}
            for c in r.iter(MAIN + "c"):
                col = 0
                for ch in re.match(r"[A-Z]+", c.get("r")).group(0):
                    col = col * 26 + ord(ch) - 64
                v = c.find(MAIN + "v")
                if v is None:
                    continue
                cells[col - 1] = strings[int(v.text)] if c.get("t") == "s" else Decimal(v.text)
            rows.append([cells.get(i) for i in range(max(cells) + 1 if cells else 0)])
        out[s.get("name")] = rows
    return out


def same(got, want):
    """A download's cell against the page's: numbers by value, text exactly, None for empty."""
    if want is None:
        return got in (None, "")
    if isinstance(want, Decimal):
        if isinstance(got, str):
            got = number(got.replace("-", "\u2212")) if got else None
            got = got[0] if got and not got[1] else None
        return got is not None and abs(Decimal(got) - want) < Decimal("1e-9")
    return got == want


def check_page(site, stem, check):
    """Every cell of every table of SITE/stem.html against its CSV and workbook sheet."""
    page = open(os.path.join(site, stem + ".html"), encoding="utf-8").read()
    p = Tables()
    p.feed(page)
    book = read_xlsx(os.path.join(site, "data", stem + ".xlsx"))
    check(list(book) == [f"Tabel {k + 1}" for k in range(len(p.tables))] + ["Bron"],
          f"{stem}.xlsx: a sheet per table and Bron: {list(book)}")
    csvs = {}
    for k, t in enumerate(p.tables):
        labels, rows = expected(t)
        raw, head, got, notes = read_csv(os.path.join(site, "data", f"{stem}-{k + 1}.csv"))
        csvs[k] = (head, got, notes)
        check(raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw, f"{stem}-{k + 1}.csv: BOM and CRLF")
        check(head == labels, f"{stem}-{k + 1}.csv header {head} == {labels}")
        check(len(got) == len(rows), f"{stem}-{k + 1}.csv: {len(got)} rows == {len(rows)} on the page")
        bad = [(i, j, g, w) for i, (gr, wr) in enumerate(zip(got, rows)) for j, (g, w) in enumerate(zip(gr, wr))
               if not same(g, w)]
        check(not bad and all(len(gr) == len(labels) for gr in got), f"{stem}-{k + 1}.csv: every cell as on the page {bad[:3]}")
        check(notes.get("Tabel") == " ".join(t["caption"].split()) and "CC BY 4.0" in notes.get("Bron en licentie", "")
              and notes.get("Bron en licentie", "").startswith("Bron: "),
              f"{stem}-{k + 1}.csv names its table, sources and licence: {notes}")
        sheet = book.get(f"Tabel {k + 1}", [])
        check(sheet[:1] == [labels], f"{stem}.xlsx Tabel {k + 1}: header")
        bad = [(i, j, g, w) for i, (gr, wr) in enumerate(zip(sheet[1:], rows))
               for j, (g, w) in enumerate(zip(gr + [None] * (len(wr) - len(gr)), wr)) if not same(g, w)]
        check(len(sheet) == len(rows) + 1 and not bad, f"{stem}.xlsx Tabel {k + 1}: every cell as on the page {bad[:3]}")
        for lab in labels:
            check(not any(w in lab.lower() for w in MICRODATA), f"{stem}-{k + 1}: no microdata column ({lab})")
    bron = {r[0]: r[1] for r in book.get("Bron", []) if len(r) > 1}
    check("CC BY 4.0" in bron.get("Bron en licentie", "") and all(f"Tabel {k + 1}" in bron for k in range(len(p.tables))),
          f"{stem}.xlsx: sheet Bron names each table, the sources and licence")
    return p.tables, csvs


def check_links(site, check):
    """Every table of every page links its two downloads, which exist."""
    pages = sorted(glob.glob(os.path.join(site, "*.html"))) + sorted(glob.glob(os.path.join(site, "*", "*.html")))
    missing = []
    total = 0
    for path in pages:
        text = open(path, encoding="utf-8").read()
        n = text.count("</table>")
        links = re.findall(r'<p class="download">Deze tabel downloaden: <a href="([^"]+)" download>CSV</a> · '
                           r'<a href="([^"]+)" download>Excel</a>', text)
        stem = os.path.basename(path)[:-5]   # interventions/ (the effect reports) has its own data/
        want = [(f"data/{stem}-{k + 1}.csv", f"data/{stem}.xlsx") for k in range(n)]
        if links != want or not all(os.path.exists(os.path.join(os.path.dirname(path), f)) for pair in links for f in pair):
            missing.append(os.path.relpath(path, site))
        total += n
    check(total > 0 and not missing, f"every table links its CSV and workbook, which exist ({total} tables): {missing[:3]}")
    files = glob.glob(os.path.join(site, "data", "*"))
    size = sum(os.path.getsize(f) for f in files)
    print(f"downloads: {len(files)} files, {size} bytes for {len(pages)} pages")


def check_downloads(site, check, sql, exp):
    check_links(site, check)

    # Schadewijk: every cell, and the key figures against the database and the source CSV.
    tables, csvs = check_page(site, "WK082801", check)
    head, rows, _ = csvs[0]
    col = head.index("Schadewijk")
    for ind, title in (("aandeel_65_plus", "Inwoners van 65 jaar of ouder (%)"),
                       ("aandeel_0_tot_15", "Inwoners jonger dan 15 jaar (%)")):
        v = sql(f"SELECT value FROM bp.indicator_value WHERE indicator_id = '{ind}' AND area_code = 'WK082801' "
                f"AND period = '2024' AND status = 'ok'")
        row = [r for r in rows if r[0] == title]
        want = Decimal(v).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if v else None
        check(row and want is not None and Decimal(row[0][col].replace(",", ".")) == want,
              f"WK082801-1.csv: {title} {row[0][col] if row else None} == {want} (SQL)")
    row = [r for r in rows if r[0] == "Inwoners van 65 jaar of ouder (%)"]
    share = exp["WK082801"][1].quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    check(row and row[0][col] == f"{share}".replace(".", ","), f"WK082801-1.csv: 65+ {share} from the source CSV")

    # A buurt with too few inwoners: its figures are empty, the reason in status, as the database says.
    code = sql("SELECT area_code FROM bp.indicator_value WHERE indicator_id = 'aandeel_65_plus' AND value IS NULL "
               "AND suppressed_reason IS NOT NULL AND area_code LIKE 'BU%' ORDER BY area_code LIMIT 1")
    check(code != "", "a buurt with a suppressed figure")
    if code and os.path.exists(os.path.join(site, code + ".html")):
        tables, csvs = check_page(site, code, check)
        head, rows, _ = csvs[0]
        row = [r for r in rows if r[0] == "Inwoners van 65 jaar of ouder (%)"]
        name = tables[0]["head"][2][0]
        check(row and row[0][head.index(name)] == "" and "status" in head and row[0][head.index("status")].startswith(name + ": "),
              f"{code}-1.csv: the suppressed figure is empty with its reason in status: {row[:1]}")

    # The index: every area's row, as on the page.
    check_page(site, "index", check)
