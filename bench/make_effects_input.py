#!/usr/bin/env python3
"""Input for bench/effects.sh: the real RIVM 50090NED all-NL values of
2012, 2016 and 2020 (indeling 2020) as areas and observations, and 100
generated interventions on random wijken (seeded).

Usage: make_effects_input.py DATA_DIR OUT_DIR [N_INTERVENTIONS] [SEED]
Writes OUT_DIR/areas.tsv (code, indeling_year, level, name, parent_code,
gemeente_code), OUT_DIR/observations.tsv (variable_code, area_code,
indeling_year, period, value, status, gemeente_code) for the variable
Eenzaam (RIVM Eenzaam_28, the input of indicators/eenzaamheid.yaml), and
OUT_DIR/interventions/*.yaml; prints a JSON summary.

Values are copied as the file spells them (trimmed); '.' is
unknown_or_secret, empty not_applicable, as the CBS importers read them.
NL01 is read as NL00.  The file has no wijk names: a wijk's name is its code.
Interventions: N distinct wijken with a value in all three years, drawn with
random.Random(SEED); start years drawn from 2013..2019 (so some have one
period before the start and some two), theme sociale-veerkracht, indicator
eenzaamheid down; every one is labelled an example (VOORBEELD, generated).
"""
import csv
import json
import os
import random
import sys

data_dir, out = sys.argv[1], sys.argv[2]
n_iv = int(sys.argv[3]) if len(sys.argv) > 3 else 100
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20121620
years = ["2012", "2016", "2020"]
levels = {"Land": "land", "Gemeente": "gemeente", "Wijk": "wijk"}

areas = {}
obs = []
wijk_years = {}
for y in years:
    with open(os.path.join(data_dir, f"50090NED_{y}_18plus.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            level = levels.get(row["SoortRegio_2"].strip())
            if level is None:
                continue
            code = row["WijkenEnBuurten"].strip()
            if code == "NL01":
                code = "NL00"
            if level == "land":
                parent, gm, name = None, None, "Nederland"
            elif level == "gemeente":
                parent, gm, name = "NL00", code, row["Gemeentenaam_1"].strip()
            else:
                parent = gm = "GM" + code[2:6]
                name = code
            areas[code] = (code, "2020", level, name, parent, gm)
            v = row["Eenzaam_28"].strip()
            if v == "":
                status, value = "not_applicable", None
            elif v == ".":
                status, value = "unknown_or_secret", None
            else:
                status, value = "ok", v
                if level == "wijk":
                    wijk_years.setdefault(code, set()).add(y)
            obs.append(("Eenzaam", code, "2020", y, value, status, gm))

os.makedirs(os.path.join(out, "interventions"), exist_ok=True)


def tsv(v):
    return "\\N" if v is None else v


with open(os.path.join(out, "areas.tsv"), "w") as f:
    for a in areas.values():
        f.write("\t".join(tsv(x) for x in a) + "\n")
with open(os.path.join(out, "observations.tsv"), "w") as f:
    for o in obs:
        f.write("\t".join(tsv(x) for x in o) + "\n")

complete = sorted(c for c, ys in wijk_years.items() if len(ys) == 3)
rng = random.Random(seed)
targets = rng.sample(complete, n_iv)
for i, code in enumerate(targets, 1):
    start = rng.randint(2013, 2019)
    with open(os.path.join(out, "interventions", f"bench-{i:03d}.yaml"), "w") as f:
        f.write(f"id: bench-{i:03d}\n"
                f"name: Benchmark {i} (voorbeeld, gegenereerd)\n"
                f"description: VOORBEELD, gegenereerd voor bench/effects.sh; geen echt programma.\n"
                f"theme: sociale-veerkracht\n"
                f"areas: [{code}]\n"
                f"start: {start}-06-01\n"
                f"indicators:\n  - {{id: eenzaamheid, direction: down}}\n"
                f"partner: Benchmark (voorbeeld)\n"
                f"example: true\n")
levels_n = {}
for a in areas.values():
    levels_n[a[2]] = levels_n.get(a[2], 0) + 1
print(json.dumps({"areas": levels_n, "observations": len(obs),
                  "wijken_all_three_years": len(complete), "interventions": n_iv, "seed": seed}))
