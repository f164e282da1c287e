#!/usr/bin/env python3
"""The effect reports written in English (issue 20 item 7), read back: the
visible text of every page (HTML, the SVG text of its inline charts) and
of every PDF (pdftotext) must hold no Dutch fixed text.

Dutch fixed text is every piece of every msgid of the message catalogue
(lib/core/lang_en*.c, cut as tests/e2e/site_english.py cuts them) and the
Dutch words the reports' sentences are made of (their formats are written
beside their English in effect_report.c, not in the catalogue).  The names
of test_effect_report.c's areas, interventions and partners and the words
of its experience (shown as written) are cut out first.

    effect_english.py SRC_DIR REPORT_DIR [NAME...]

NAME: more names of the caller's own (cut out too).
"""
import glob
import html
import importlib.util
import os
import re
import subprocess
import sys

# The Dutch the reports' own sentences are written with (effect_report.c's
# LPRINTF formats and the engine's notes): each a whole word on its own.
DUTCH_WORDS = ["Oordeel", "Beoogd", "Geschat", "procentpunt", "vergelijkingsgebieden", "Vergelijkingsgebieden",
               "gebieden", "gebied", "niet", "tot", "van", "het", "een", "de", "en", "dan", "zijn", "heeft",
               "Bron", "bewerking", "Effectrapport", "Structuur", "Thema", "Gebied", "Einde", "Uitvoerder",
               "januari", "maart", "waardering", "Gemiddelde", "schaal", "vóór", "na", "omhoog", "gestegen",
               "gedaald", "interventie", "interventies", "Interventies", "Puntgrafiek", "Lijngrafiek",
               "Voorbeeld", "voorbeeld", "Ervaringen", "Periode", "Verschil", "Gewicht", "Afstand", "Verandering",
               "loopt", "nog", "perioden", "periode", "schatting", "tegen", "verwante", "reeks",
               "Pagina", "sociale", "veerkracht", "Sociale", "Deze", "tabel", "downloaden", "bewoner", "citaat"]

# test_effect_report.c's names (areas, interventions, partners) and its experience's own words.
NAMES = ["Sinds de buurtkamer ken ik mijn buren.", "Doelwijk", "Wijk A", "Wijk B", "Wijk C", "Testgem",
         "Nederland", "Test t-spread", "Test t-trend", "Test t-ci", "Partner t-spread", "Partner t-trend",
         "Partner t-ci"]


def fragments(src):
    spec = importlib.util.spec_from_file_location("site_english", os.path.join(src, "tests", "e2e", "site_english.py"))
    se = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(se)
    return se.catalogue_fragments(src)


def page_text(path):
    page = open(path, encoding="utf-8").read()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    # Attributes a reader meets too: the charts' text alternatives and titles.
    alts = " ".join(re.findall(r'(?:aria-label|alt|title)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + alts)


def pdf_text(path):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True)
    return r.stdout


def dutch_left(text, frags, names):
    text = re.sub(r"\s+", " ", text)
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(n, " ")
    found = [w for w in DUTCH_WORDS if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text)]
    return found + [f for f in frags if re.search(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", text)]


def main():
    src, rep, names = sys.argv[1], sys.argv[2], NAMES + sys.argv[3:]
    frags = fragments(src)
    bad = 0
    if len(frags) < 100:
        print(f"FAIL: the catalogue gives only {len(frags)} Dutch pieces to look for")
        bad += 1
    files = sorted(glob.glob(os.path.join(rep, "*.html"))) + sorted(glob.glob(os.path.join(rep, "*.pdf")))
    if len(files) < 4:
        print(f"FAIL: expected the reports and the overview as HTML and PDF: {files}")
        bad += 1
    for f in files:
        text = page_text(f) if f.endswith(".html") else pdf_text(f)
        left = dutch_left(text, frags, names)
        if left:
            print(f"FAIL: {os.path.basename(f)}: Dutch on the English report: {left[:12]}")
            bad += 1
    print(f"{len(files)} English effect report file(s) read, {len(frags)} catalogue pieces and "
          f"{len(DUTCH_WORDS)} words looked for: {'no Dutch' if not bad else f'{bad} failure(s)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
