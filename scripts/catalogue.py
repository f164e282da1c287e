#!/usr/bin/env python3
"""The English message catalogue (lib/core/lang_en*.c, one file a part) against the code.

Lists every Dutch msgid the code passes as a literal to bp_tr(LANG, "...")
or bp_html_tr(H, LANG, "...") that has no entry in the catalogue, and the
catalogue's entries out of strcmp order.  Exit 1 when there are any.
msgids passed as variables (a unit, a level word) are not seen here: the
English site test finds those on the pages.

    scripts/catalogue.py [SRC_DIR]
"""
import ast
import os
import re
import sys

LIT = r'"(?:[^"\\\n]|\\.)*"'
LITS = rf'(?:{LIT}\s*)+'


def c_string(text):
    """The value of adjacent C string literals (the escapes we use: \\" \\\\ \\n \\uXXXX \\xNN)."""
    out = b""
    for lit in re.findall(LIT, text):
        body = lit[1:-1]
        # ast handles the escapes Python shares with C; \x.. are bytes of UTF-8 in C.
        s = ast.literal_eval('"' + body.replace("\\x", "\\\\x") + '"')
        b = s.encode("utf-8")
        b = re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), b)
        out += b
    return out


def catalogue(path):
    text = open(path, encoding="utf-8").read()
    body = text[text.index("BEGIN CATALOGUE"):text.index("END CATALOGUE")]
    entries = re.findall(rf'\{{\s*({LITS}),\s*({LITS})\}}', body)
    return [(c_string(nl), c_string(en)) for nl, en in entries]


def catalogue_parts(coredir):
    """Every part of the catalogue: {file name: entries in file order}."""
    return {f: catalogue(os.path.join(coredir, f))
            for f in sorted(os.listdir(coredir)) if re.fullmatch(r"lang_en(_\w+)?\.c", f)}


def catalogue_all(coredir):
    """The entries of all parts together (what bp_tr searches)."""
    return [e for entries in catalogue_parts(coredir).values() for e in entries]


def used(src):
    found = {}
    call = re.compile(rf'\bbp_(?:html_)?tr\s*\(\s*(?:[^,()]+,\s*)?[^,()]+,\s*({LITS})\)')
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".c"):
                continue
            p = os.path.join(root, f)
            text = open(p, encoding="utf-8").read()
            # The macros of literals the pages put into msgids.
            text = text.replace("BP_DEFINITIONS_PAGE", '"definities.html"').replace("BP_SYNTHETIC_WORD", '"synthetisch"')
            for m in call.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.setdefault(c_string(m.group(1)), f"{p}:{line}")
    return found


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "lib")
    parts = catalogue_parts(os.path.join(src, "core"))
    bad = 0
    seen = {}
    for name, cat in parts.items():
        for (a, _), (b, _) in zip(cat, cat[1:]):
            if a >= b:
                print(f"{name}: catalogue out of order: {b!r} after {a!r}")
                bad += 1
        for nl, _ in cat:
            if nl in seen:
                print(f"{name}: {nl!r} is also in {seen[nl]}")
                bad += 1
            seen[nl] = name
    have = set(seen)
    for msgid, where in sorted(used(src).items(), key=lambda kv: kv[1]):
        if msgid not in have:
            print(f"{where}: no English for {msgid.decode()!r}")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
