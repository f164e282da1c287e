#!/usr/bin/env python3
"""make_odata4_fixtures.py: build the OData v4 test fixture for RIVM 50090NED.

No raw v4 response is in shared/, so this CONVERTS real rows into the v4 long
format described in ../shared/data/CBS-FORMAT-NOTES.md section 2.  It reads
the researcher's CSV of the real v3 UntypedDataSet export
(../shared/data/rivm-gezondheid-wijk-buurt-50090NED/50090NED_2020_18plus.csv),
keeps the rows of NL01, GM0828 Oss and GM0402 Hilversum with their wijken and
buurten (the same 184 rows as the v3 fixture), and writes into
tests/fixtures/odata4/50090NED/:

  Observations.json     one row per cell (the value list; the test server adds
                        the envelope and pages it):
                          Id              0.. in (row, column) order  [reconstructed]
                          Measure         the v3 key without '_N'     [reconstructed]
                          ValueAttribute  number -> "None", '.' -> "Missing",
                                          blank -> "Impossible"       [mapping assumed]
                          Value           the CSV number as a JSON number [real]
                          StringValue     the padded text of the 3 String topics [real]
                          Leeftijd, Marges, WijkenEnBuurten, Perioden  raw keys [real]
  Properties.json, MeasureCodes.json, Dimensions.json, {Dim}Codes.json
                        metadata in the v4 shape          [reconstructed]

Usage: tools/make_odata4_fixtures.py [SHARED_DATA_DIR] [OUT_DIR]
"""
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_odata_fixtures import words  # noqa: E402  (same titles as the v3 fixture)

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', 'tests', 'fixtures', 'odata4', '50090NED')
SRC = os.path.join(SHARED, 'rivm-gezondheid-wijk-buurt-50090NED', '50090NED_2020_18plus.csv')
# Region titles as the v3 fixture has them (from the 85318NED code list).
V3_REGIONS = os.path.join(HERE, '..', 'tests', 'fixtures', 'odata', '50090NED', 'WijkenEnBuurten.json')
KEEP = re.compile(r'^(NL01|GM0828|GM0402|WK0828|WK0402|BU0828|BU0402)')
DIMS = ['Leeftijd', 'Marges', 'WijkenEnBuurten', 'Perioden']
TEXT = ('Gemeentenaam', 'SoortRegio', 'Codering')


def measure_id(key):
    return key.rsplit('_', 1)[0]


def main():
    with open(SRC, newline='', encoding='utf-8') as f:
        r = csv.reader(f, delimiter=';')
        header = next(r)
        rows = [row for row in r if KEEP.match(row[3])]
    assert header[1:5] == DIMS, header[:5]
    topics = header[5:]

    obs = []
    for row in rows:
        rec = dict(zip(header, row))
        for key in topics:
            raw = rec[key]
            cell = {'Id': len(obs), 'Measure': measure_id(key)}
            if key.split('_')[0] in TEXT:
                cell.update(ValueAttribute='None', Value=None, StringValue=raw)
            elif raw.strip() == '.':
                cell.update(ValueAttribute='Missing', Value=None, StringValue=None)
            elif raw.strip() == '':
                cell.update(ValueAttribute='Impossible', Value=None, StringValue=None)
            else:
                cell.update(ValueAttribute='None', Value=float(raw), StringValue=None)
            for d in DIMS:
                cell[d] = rec[d]
            obs.append(cell)

    measures = []
    for i, key in enumerate(topics):
        text = key.split('_')[0] in TEXT
        measures.append({'Identifier': measure_id(key), 'Index': i + 1,
                         'Title': {'Gemeentenaam': 'Gemeentenaam', 'SoortRegio': 'Soort regio',
                                   'Codering': 'Codering'}.get(key.split('_')[0], words(key)),
                         'Description': None, 'MeasureGroupId': None,
                         'DataType': 'String' if text else 'Double',
                         'Unit': {'Gemeentenaam': 'naam', 'SoortRegio': 'omschrijving',
                                  'Codering': 'code'}.get(key.split('_')[0], '%'),
                         'Decimals': 0 if text else 1,
                         'PresentationType': 'Absolute' if text else 'Relative'})

    dims = [
        {'Identifier': 'Leeftijd', 'Title': 'Leeftijd', 'Description': None, 'Kind': 'Dimension',
         'MapYear': None, 'ReleasePolicy': None},
        {'Identifier': 'Marges', 'Title': 'Marges', 'Description': None, 'Kind': 'Dimension',
         'MapYear': None, 'ReleasePolicy': None},
        {'Identifier': 'WijkenEnBuurten', 'Title': 'Wijken en buurten', 'Description': None,
         'Kind': 'GeoDimension', 'MapYear': '2020', 'ReleasePolicy': False},
        {'Identifier': 'Perioden', 'Title': 'Perioden', 'Description': None, 'Kind': 'TimeDimension',
         'MapYear': None, 'ReleasePolicy': None},
    ]
    with open(V3_REGIONS, encoding='utf-8') as f:
        v3regions = json.load(f)
    regions = [{'Identifier': g['Key'], 'Index': i + 1, 'Title': g['Title'], 'Description': None,
                'DimensionGroupId': None} for i, g in enumerate(v3regions)]
    codes = {
        'LeeftijdCodes': [{'Identifier': '20300', 'Index': 1, 'Title': '18 jaar of ouder',
                           'Description': None, 'DimensionGroupId': None}],
        'MargesCodes': [{'Identifier': 'MW00000', 'Index': 1, 'Title': 'Waarde',
                         'Description': None, 'DimensionGroupId': None}],
        'PeriodenCodes': [{'Identifier': '2020JJ00', 'Index': 1, 'Title': '2020',
                           'Description': None, 'DimensionGroupId': None, 'Status': 'Definitief'}],
        'WijkenEnBuurtenCodes': regions,
    }
    props = {'Identifier': '50090NED',
             'Title': 'Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)',
             'Description': 'Verklaring van symbolen: niets (blanco): het cijfer kan op logische '
                            'gronden niet voorkomen; . het cijfer is onbekend, onvoldoende '
                            'betrouwbaar of geheim',
             'Language': 'nl', 'Catalog': 'RIVM', 'Status': 'Regulier',
             'Modified': '2022-01-01T02:00:00', 'ObservationsModified': '2022-01-01T02:00:00',
             'TemporalCoverage': '2020', 'DatasetType': 'Mixed', 'ObservationCount': len(obs)}

    os.makedirs(OUT, exist_ok=True)

    def dump(name, obj):
        with open(os.path.join(OUT, name + '.json'), 'w', encoding='utf-8') as f:
            json.dump(obj, f, indent=1)
            f.write('\n')
    # One compact cell per line: 7,000 cells stay small and diffable.
    with open(os.path.join(OUT, 'Observations.json'), 'w', encoding='utf-8') as f:
        f.write('[\n' + ',\n'.join(json.dumps(c, separators=(',', ':')) for c in obs) + '\n]\n')
    dump('Properties', props)
    dump('MeasureCodes', measures)
    dump('Dimensions', dims)
    for name, value in codes.items():
        dump(name, value)
    va = {}
    for c in obs:
        va[c['ValueAttribute']] = va.get(c['ValueAttribute'], 0) + 1
    print(f'{len(rows)} rows, {len(obs)} cells {va} -> {OUT}')


if __name__ == '__main__':
    main()
