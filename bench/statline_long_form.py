#!/usr/bin/env python3
"""The cells of a StatLine CSV in long form, as COPY text in the columns of
bp.observation: the reference input for bench/import_statline.sh.
Written independently of the C importer (Python's csv module)."""
import csv
import re
import sys

with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = csv.reader(f, delimiter=";")
    header = next(rows)
    code_i = header.index("Regioaanduiding/Codering (code)")
    measures = [i for i, h in enumerate(header)
                if i > 0 and not h.startswith("Regioaanduiding/")]
    names = [re.sub(r"[^A-Za-z0-9]", "", header[i]) for i in measures]
    out = sys.stdout
    for r in rows:
        code = r[code_i].strip()
        gm = "\\N" if code.startswith("NL") else "GM" + code[2:6]
        for i, name in zip(measures, names):
            v = r[i].strip()
            value, status = (v, "ok") if v not in ("", ".") else ("\\N", "unknown_or_secret")
            out.write(f"{name}\t{code}\t2024\t2024\t1\t{value}\t{status}\t{gm}\n")
