#!/usr/bin/env python3
"""Data of the render benchmark (bench/render.sh), from the all-NL StatLine CSV
of KWB 2024, written as TSV so that buurtpeil's bench program and matplotlib
draw exactly the same charts:

  ranking.tsv  the first 25 buurten of Oss (file order) by % aged 65 or over,
               largest first, with Oss and Nederland as reference lines;
  profile.tsv  one district profile: buurt Centrum-West (BU08280000) against
               Nederland (profile chart, 7 demographic shares) and its age
               structure against Oss and Nederland.

Usage: render_data.py CSV OUTDIR
"""
import csv
import sys

AGE = ["0 tot 15 jaar", "15 tot 25 jaar", "25 tot 45 jaar", "45 tot 65 jaar", "65 jaar of ouder"]
SOURCE = "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil"


def num(s):
    try:
        return float(s)
    except ValueError:
        return float("nan")


def main():
    src, out = sys.argv[1], sys.argv[2]
    rows = {}
    order = []
    with open(src, encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        for row in r:
            code = row[3].strip()
            rows[code] = dict(name=row[0].strip(), level=row[2].strip(), n=[num(x) for x in row[5:13]])
            order.append(code)

    def share(code, i):  # i: 0..4 age group; 5 men; 6 women
        n = rows[code]["n"]
        col = {5: 1, 6: 2}.get(i, i + 3)
        return 100 * n[col] / n[0] if n[0] > 0 else float("nan")

    oss = [c for c in order if c.startswith("BU0828")][:25]
    bars = sorted(((rows[c]["name"], share(c, 4)) for c in oss), key=lambda b: -b[1])
    with open(f"{out}/ranking.tsv", "w") as f:
        f.write("title\tInwoners van 65 jaar of ouder\n")
        f.write("subtitle\tBuurten van Oss, 1 januari 2024, % van de inwoners\n")
        f.write(f"source\t{SOURCE}\n")
        f.write(f"ref\tOss\t{share('GM0828', 4):.6f}\n")
        f.write(f"ref\tNederland\t{share('NL00', 4):.6f}\n")
        for name, v in bars:
            f.write(f"bar\t{name}\t{v:.6f}\n")

    b = "BU08280000"
    labels = ["Inwoners van 0 tot 15 jaar", "Inwoners van 15 tot 25 jaar", "Inwoners van 25 tot 45 jaar",
              "Inwoners van 45 tot 65 jaar", "Inwoners van 65 jaar of ouder", "Mannen", "Vrouwen"]
    with open(f"{out}/profile.tsv", "w") as f:
        f.write(f"area\t{rows[b]['name']}\n")
        for i, lab in enumerate(labels):
            f.write(f"item\t{lab}\t{share(b, i):.6f}\t{share('NL00', i):.6f}\n")
        for i, g in enumerate(AGE):
            f.write(f"age\t{g}\t{share(b, i):.6f}\t{share('GM0828', i):.6f}\t{share('NL00', i):.6f}\n")


if __name__ == "__main__":
    main()
