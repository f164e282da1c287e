#!/usr/bin/env python3
"""Bench loader (not an importer): the all-NL RIVM 50090NED CSVs of
/work/shared/data/rivm-gezondheid-wijk-buurt-50090NED (2012, 2016, 2020,
indeling 2020, UntypedDataSet strings) as COPY text for bp.area and
bp.observation, so that bench/compute.sh has three periods for every area
of Nederland.  buurtpeil reads 50090NED itself over OData
(`import cbs 50090NED --catalog RIVM`); no importer reads these CSV
conversions, and the benchmark measures compute, not import.

Usage: load_rivm_csv.py DIR OUTDIR SOURCE_ID
writes OUTDIR/area.copy and OUTDIR/observation.copy.
Variables: the five the shipped indicators use (the _NN suffix dropped, as
the importers do); '.' -> unknown_or_secret with no value; empty -> no row.
NL01 is read as NL00 (as the importers do).
"""
import csv, os, sys

VARS = {"Eenzaam_28": "Eenzaam", "ErnstigZeerErnstigEenzaam_29": "ErnstigZeerErnstigEenzaam",
        "Mantelzorger_32": "Mantelzorger", "Vrijwilligerswerk_33": "Vrijwilligerswerk",
        "MoeiteMetRondkomen_38": "MoeiteMetRondkomen"}
LEVEL = {"Land": "land", "Gemeente": "gemeente", "Wijk": "wijk", "Buurt": "buurt"}

def main():
    src, out, source_id = sys.argv[1], sys.argv[2], sys.argv[3]
    areas = {}
    with open(os.path.join(out, "observation.copy"), "w") as obs:
        for year in ("2012", "2016", "2020"):
            with open(os.path.join(src, f"50090NED_{year}_18plus.csv"), newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter=";"):
                    code = row["WijkenEnBuurten"].strip()
                    if code == "NL01":
                        code = "NL00"
                    level = LEVEL[row["SoortRegio_2"].strip()]
                    gem = None if level == "land" else "GM" + code[2:6]
                    parent = {"land": None, "gemeente": "NL00", "wijk": gem,
                              "buurt": "WK" + code[2:8] if level == "buurt" else None}[level]
                    areas[code] = (level, row["Gemeentenaam_1"].strip() if level != "land" else "Nederland", parent, gem)
                    for col, var in VARS.items():
                        v = row[col].strip()
                        if v == "":
                            continue
                        if v == ".":
                            obs.write(f"{var}\t{code}\t2020\t{year}\t{source_id}\t\\N\tunknown_or_secret\t{gem or chr(92) + 'N'}\n")
                        else:
                            obs.write(f"{var}\t{code}\t2020\t{year}\t{source_id}\t{v}\tok\t{gem or chr(92) + 'N'}\n")
    with open(os.path.join(out, "area.copy"), "w") as a:
        for code, (level, name, parent, gem) in sorted(areas.items()):
            n = lambda x: x if x else "\\N"
            a.write(f"{code}\t2020\t{level}\t{name} {code}\t{n(parent)}\t{n(gem)}\n")

main()
