#!/usr/bin/env python3
"""make_odata_fixtures.py: build the OData v3 test fixture for RIVM 50090NED.

Reads the researcher's CSV conversion of the real UntypedDataSet export
(../shared/data/rivm-gezondheid-wijk-buurt-50090NED/50090NED_2020_18plus.csv)
and writes into tests/fixtures/odata/50090NED/:

  UntypedDataSet.json   the data rows of NL01, GM0828 Oss and GM0402 Hilversum
                        (with their wijken and buurten), values verbatim from
                        the CSV; ID is the real row ID (an integer, as in v3);
                        an empty CSV cell becomes JSON null
  TableInfos.json, DataProperties.json, WijkenEnBuurten.json, Leeftijd.json,
  Marges.json, Perioden.json
                        metadata in the v3 shape (value list only; the test
                        server adds the odata.metadata envelope) -- these are
                        RECONSTRUCTED: no raw 50090NED metadata response exists
                        in shared/ (see PROVENANCE.md).

Usage: tools/make_odata_fixtures.py [SHARED_DATA_DIR] [OUT_DIR]
"""
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', 'tests', 'fixtures', 'odata', '50090NED')
SRC = os.path.join(SHARED, 'rivm-gezondheid-wijk-buurt-50090NED', '50090NED_2020_18plus.csv')
NAMES = os.path.join(SHARED, 'cbs-odata-v3-cbsodataR-dumps', '85318NED', 'WijkenEnBuurten.csv')
KEEP = re.compile(r'^(NL01|GM0828|GM0402|WK0828|WK0402|BU0828|BU0402)')


def words(key):
    """'ErnstigZeerErnstigEenzaam_29' -> 'Ernstig zeer ernstig eenzaam'."""
    base = key.rsplit('_', 1)[0]
    parts = re.findall(r'[A-Z][a-z]*|[0-9]+', base)
    s = ' '.join(p.lower() for p in parts)
    return s[0].upper() + s[1:]


def main():
    with open(SRC, newline='', encoding='utf-8') as f:
        r = csv.reader(f, delimiter=';')
        header = next(r)
        rows = [row for row in r if KEEP.match(row[3])]
    data = []
    for row in rows:
        d = {}
        for k, v in zip(header, row):
            if k == 'ID':
                d[k] = int(v)
            else:
                d[k] = v if v != '' else None
        data.append(d)

    # Region titles: 50090NED uses the 2020 indeling; the nearest stored code
    # list with titles is 85318NED (2022).  Codes missing there keep Gemeentenaam
    # (gemeenten) or 'Nederland' (NL01) or the code itself.
    titles = {}
    with open(NAMES, newline='', encoding='utf-8') as f:
        for rec in csv.DictReader(f):
            titles[rec['Key']] = rec['Title']
    regions = []
    for d in data:
        key = d['WijkenEnBuurten']
        title = titles.get(key)
        if key.startswith('NL01'):
            title = 'Nederland'
        elif title is None and key.startswith('GM'):
            title = d['Gemeentenaam_1'].rstrip()
        elif title is None:
            title = key.rstrip()
        regions.append({'Key': key, 'Title': title, 'Description': None,
                        'Municipality': None if key.startswith('NL') else 'GM' + key.rstrip()[2:6],
                        'DetailRegionCode': key.rstrip()})

    props = [
        {'odata.type': 'Cbs.OData.Dimension', 'ID': 0, 'Position': 0, 'ParentID': None,
         'Type': 'Dimension', 'Key': 'Leeftijd', 'Title': 'Leeftijd', 'Description': None},
        {'odata.type': 'Cbs.OData.Dimension', 'ID': 1, 'Position': 1, 'ParentID': None,
         'Type': 'Dimension', 'Key': 'Marges', 'Title': 'Marges', 'Description': None},
        {'odata.type': 'Cbs.OData.GeoDimension', 'ID': 2, 'Position': 2, 'ParentID': None,
         'Type': 'GeoDimension', 'Key': 'WijkenEnBuurten', 'Title': 'Wijken en buurten',
         'Description': None, 'MapYear': 2020, 'ReleasePolicy': False},
        {'odata.type': 'Cbs.OData.TimeDimension', 'ID': 3, 'Position': 3, 'ParentID': None,
         'Type': 'TimeDimension', 'Key': 'Perioden', 'Title': 'Perioden', 'Description': None},
        {'odata.type': 'Cbs.OData.TopicGroup', 'ID': 4, 'Position': None, 'ParentID': None,
         'Type': 'TopicGroup', 'Key': '', 'Title': 'Regioaanduiding', 'Description': None},
    ]
    nid = 5
    for pos, key in enumerate(header[5:], start=1):
        string = key.split('_')[0] in ('Gemeentenaam', 'SoortRegio', 'Codering')
        title = {'Gemeentenaam': 'Gemeentenaam', 'SoortRegio': 'Soort regio',
                 'Codering': 'Codering'}.get(key.split('_')[0], words(key))
        props.append({'odata.type': 'Cbs.OData.Topic', 'ID': nid, 'Position': pos,
                      'ParentID': 4 if string else None, 'Type': 'Topic', 'Key': key,
                      'Title': title, 'Description': None,
                      'Datatype': 'String' if string else 'Double',
                      'Unit': {'Gemeentenaam': 'naam', 'SoortRegio': 'omschrijving',
                               'Codering': 'code'}.get(key.split('_')[0], '%'),
                      'Decimals': 0 if string else 1,
                      'Default': 'Missing' if string else 'Impossible',
                      'PresentationType': '' if string else 'Relative'})
        nid += 1

    info = [{'ID': 0, 'Title': 'Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)',
             'ShortTitle': 'Gezondheid per wijk en buurt', 'Identifier': '50090NED',
             'Summary': 'Gezondheid, leefstijl, sociale omstandigheden per wijk en buurt',
             'Modified': '2022-01-01T02:00:00', 'MetaDataModified': '2022-01-01T02:00:00',
             'ReasonDelivery': 'Actualisering', 'ExplanatoryText': '', 'OutputStatus': 'Regulier',
             'Source': 'RIVM, GGD\u2019en, CBS', 'Language': 'nl', 'Catalog': 'RIVM',
             'Frequency': 'Perjaar', 'Period': '2020', 'ShortDescription': '',
             'Description': 'Verklaring van symbolen: niets (blanco): het cijfer kan op logische '
                            'gronden niet voorkomen; . het cijfer is onbekend, onvoldoende '
                            'betrouwbaar of geheim', 'DefaultPresentation': '',
             'DefaultSelection': '', 'GraphTypes': '', 'RecordCount': len(data),
             'ColumnCount': len(header), 'SearchPriority': '2'}]
    os.makedirs(OUT, exist_ok=True)

    def dump(name, obj):
        with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
            json.dump(obj, f, indent=1)
            f.write('\n')
    dump('UntypedDataSet.json', data)
    dump('DataProperties.json', props)
    dump('TableInfos.json', info)
    dump('WijkenEnBuurten.json', regions)
    dump('Leeftijd.json', [{'Key': '20300', 'Title': '18 jaar of ouder', 'Description': None, 'CategoryGroupID': None}])
    dump('Marges.json', [{'Key': 'MW00000', 'Title': 'Waarde', 'Description': None, 'CategoryGroupID': None}])
    dump('Perioden.json', [{'Key': '2020JJ00', 'Title': '2020', 'Description': None, 'Status': 'Definitief'}])
    print(f'{len(data)} rows, {len(regions)} regions -> {OUT}')


if __name__ == '__main__':
    main()
