#!/usr/bin/env python3
"""make_kwb_fullsize.py: build a full-size KWB 2024 (85984NED) OData v3
fixture for bench/import_cbs.sh, from real rows.  Written at bench time
under /tmp; it is not committed data.

Inputs (../shared/data beside the checkout, or SHARED_DATA_DIR):
  cbs-kwb-2024-85984NED-first10000/85984NED_TypedDataSet_first10000.csv
      the first 10,000 rows (one Feed page) of the real TypedDataSet, all
      128 topics, in CBS order (Nederland, gemeenten A..Maasdriel with their
      wijken and buurten)
  cbs-kwb-2024-statline-csv-all-nl/Kerncijfers_wijken_en_buurten_2024_geslachten.csv
      all 18,310 regions of the 2024 indeling, in the same CBS order, with
      name, gemeentenaam, soort regio, code, indelingswijziging and the
      eight population topics AantalInwoners_5 .. k_65JaarOfOuder_12
  cbs-odata-v3-85984NED-metadata/{TableInfos,DataProperties}.json
      the real metadata (value lists), written out verbatim

How the 18,310 data rows are made (row order and IDs as in the StatLine
export, which lists exactly the first 10,000 codes of the typed page first):
  * rows 0..9,999: the real typed rows, every topic as CBS published it;
  * rows 10,000..18,309 (the 8,310 regions after the cut inside Maasdriel:
    170 gemeenten, 1,587 wijken, 6,553 buurten): key, Codering_3,
    Gemeentenaam_1, SoortRegio_2, IndelingswijzigingGemeenteWijkBuurt_4 and
    the eight population topics are the region's own real values from the
    StatLine export; the other 115 topics (incl. MeestVoorkomendePostcode_125)
    are copied from a real typed row of the same level: the k-th extra row
    of a level takes donor k mod n of that level's real rows (172 gemeenten,
    1,806 wijken, 8,021 buurten), in CBS order.
Values are then rendered in the UntypedDataSet string form:
  * numbers as in the typed set (Long: integer; Double: one decimal, as
    DataProperties' Decimals), left-padded to one width per topic: the
    longest real value of the topic, at least 8 (50090NED's real untyped
    percentages are 8 wide: '    76.1');
  * a typed null becomes '.' padded to that width ("onbekend/geheim") when
    the topic has a value for another region of the same level, and JSON
    null (blank: "kan niet voorkomen", not published) when the topic is null
    for every real row of that level -- the TypedDataSet keeps no symbols,
    so this is a reconstruction; of the 2,252,130 measure cells (123
    Long/Double topics x 18,310 rows) 1,101,072 are numbers, 48,722 '.'
    and 1,102,336 blank (whole topics not yet published for 2024);
  * strings verbatim (CBS pads them: Gemeentenaam_1 40, SoortRegio_2 and
    Codering_3 10; MeestVoorkomendePostcode_125 '         .' kept).
WijkenEnBuurten.json (the code list) has Key (padded to 10), Title (the
region name), Description null, Municipality and DetailRegionCode.

The folder has the layout of tests/fixtures/odata/50090NED/ (value lists,
no envelope), so tests/support/cbs_server.py serves it too.

Usage: make_kwb_fullsize.py OUT_DIR [SHARED_DATA_DIR]
  writes OUT_DIR/85984NED/*.json and prints a one-line summary (JSON).
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1]
SHARED = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', '..', 'shared', 'data')
TYPED = os.path.join(SHARED, 'cbs-kwb-2024-85984NED-first10000', '85984NED_TypedDataSet_first10000.csv')
ALLNL = os.path.join(SHARED, 'cbs-kwb-2024-statline-csv-all-nl', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv')
META = os.path.join(SHARED, 'cbs-odata-v3-85984NED-metadata')
POP = ['AantalInwoners_5', 'Mannen_6', 'Vrouwen_7', 'k_0Tot15Jaar_8', 'k_15Tot25Jaar_9',
       'k_25Tot45Jaar_10', 'k_45Tot65Jaar_11', 'k_65JaarOfOuder_12']


def read_csv(path):
    with open(path, encoding='utf-8-sig', newline='') as f:
        rows = list(csv.reader(f, delimiter=';'))
    return rows[0], rows[1:]


def main():
    props = json.load(open(os.path.join(META, 'DataProperties.json'), encoding='utf-8'))
    infos = json.load(open(os.path.join(META, 'TableInfos.json'), encoding='utf-8'))
    topics = [p for p in props if p['Type'] == 'Topic']
    dtype = {p['Key']: p['Datatype'] for p in topics}

    th, typed = read_csv(TYPED)
    sh, allnl = read_csv(ALLNL)
    keys = th[2:]                                  # after ID, WijkenEnBuurten
    assert keys == [p['Key'] for p in topics], 'typed CSV columns differ from DataProperties'
    assert len(typed) == 10000 and len(allnl) == 18310
    codes = [r[3] for r in allnl]
    assert [r[4] for r in typed] == codes[:10000], 'the StatLine export does not start with the typed page'

    # Real typed rows as {key: text or None} with their level.
    real = []
    for r in typed:
        real.append({k: (v if v != '' else None) for k, v in zip(keys, r[2:])})
    level_of = lambda soort: soort.strip()          # 'Land', 'Gemeente', 'Wijk', 'Buurt'
    donors = {}
    for d in real:
        donors.setdefault(level_of(d['SoortRegio_2']), []).append(d)

    rows = list(real)
    used = {}
    for r in allnl[10000:]:
        name, gemnaam, soort, code, indeling = r[:5]
        lvl = level_of(soort)
        k = used.get(lvl, 0)
        used[lvl] = k + 1
        d = dict(donors[lvl][k % len(donors[lvl])])
        d.update({'Gemeentenaam_1': gemnaam, 'SoortRegio_2': soort, 'Codering_3': code,
                  'IndelingswijzigingGemeenteWijkBuurt_4': indeling})
        for key, v in zip(POP, r[5:13]):
            d[key] = v.strip() if v.strip() != '' else None
        rows.append(d)

    # Per topic: width, and which levels have any value (for null -> '.' or blank).
    width, has_value = {}, {}
    for d in real:
        lvl = level_of(d['SoortRegio_2'])
        for k in keys:
            v = d[k]
            if v is not None and dtype[k] != 'String':
                width[k] = max(width.get(k, 8), len(v))
                has_value.setdefault(k, set()).add(lvl)
    counts = {'ok': 0, 'unknown_or_secret': 0, 'not_applicable': 0}
    data = []
    for i, d in enumerate(rows):
        lvl = level_of(d['SoortRegio_2'])
        out = {'ID': i, 'WijkenEnBuurten': d['Codering_3']}
        for k in keys:
            v = d[k]
            if dtype[k] == 'String':
                out[k] = v
            elif v is not None:
                out[k] = v.rjust(width[k])
                counts['ok'] += 1
            elif lvl in has_value.get(k, ()):
                out[k] = '.'.rjust(width.get(k, 8))
                counts['unknown_or_secret'] += 1
            else:
                out[k] = None
                counts['not_applicable'] += 1
        data.append(out)

    regions = []
    for r in allnl:
        name, gemnaam, soort, code = r[:4]
        t = code.strip()
        regions.append({'Key': code, 'Title': name.strip(), 'Description': None,
                        'Municipality': None if t.startswith('NL') else 'GM' + t[2:6],
                        'DetailRegionCode': t})

    folder = os.path.join(OUT, '85984NED')
    os.makedirs(folder, exist_ok=True)
    for name, obj in (('TableInfos', infos), ('DataProperties', props),
                      ('WijkenEnBuurten', regions), ('UntypedDataSet', data)):
        with open(os.path.join(folder, name + '.json'), 'w', encoding='utf-8') as f:
            json.dump(obj, f)
    summary = {'rows': len(data), 'real_rows': len(real), 'extra_rows': len(data) - len(real),
               'extra_by_level': used, 'measures': sum(1 for k in keys if dtype[k] != 'String'),
               'cells': counts}
    print(json.dumps(summary))


if __name__ == '__main__':
    main()
