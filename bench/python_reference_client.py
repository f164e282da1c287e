#!/usr/bin/python3
"""python_reference_client.py: the Python reference for bench/import_cbs.sh,
written independently of the C importer the way a Python analyst would:
Debian's python3-requests pages CBS' OData v3 bulk feed following
odata.nextLink, every page is decoded with requests' .json(), converted to
the long-form cells of bp.observation, and loaded with COPY through Debian's
python3-psycopg2, one COPY per page, all in one transaction.

  python_reference_client.py BASE_URL TABLE CONNINFO TARGET_TABLE

Cells: every Long/Double topic of DataProperties is one row per area
(variable_code = the topic key without its '_N' position; two topics of one
table with the same code keep their full key), value and status from CBS'
UntypedDataSet text: blank/null -> not_applicable, '.' -> unknown_or_secret,
trailing '*' / '**' -> provisional / revised_provisional, else a number.
Indeling year and period: DataProperties' MapYear (KWB has no time
dimension).  Like bench/statline_long_form.py it writes only observations:
no source, area or variable rows (buurtpeil writes those too).

Run it with Debian's /usr/bin/python3: the packages are Debian's.
"""
import io
import re
import sys

import psycopg2
import requests

base, table, conninfo, target = sys.argv[1:5]
base = base.rstrip('/')
http = requests.Session()


def get(url):
    r = http.get(url, timeout=300)
    r.raise_for_status()
    return r.json()


props = get(f'{base}/ODataApi/odata/{table}/DataProperties?$format=json')['value']
year = next(str(p['MapYear']) for p in props if p['Type'] in ('GeoDetail', 'GeoDimension'))
geo = next(p['Key'] for p in props if p['Type'] in ('GeoDetail', 'GeoDimension'))
measures, seen = [], set()
for p in props:
    if p['Type'] == 'Topic' and p.get('Datatype') in ('Long', 'Double'):
        code = re.sub(r'_\d+$', '', p['Key'])
        if code in seen:
            code = p['Key']
        seen.add(code)
        measures.append((p['Key'], code))

source_id = '1'   # a fixed vintage id: the reference table has no bp.source
conn = psycopg2.connect(conninfo)
cur = conn.cursor()
copy_sql = (f'COPY {target} (variable_code, area_code, indeling_year, period, source_id, value, status, '
            'gemeente_code) FROM STDIN')
url = f'{base}/ODataFeed/odata/{table}/UntypedDataSet?$format=json'
rows = cells = 0
while url:
    page = get(url)
    buf = io.StringIO()
    w = buf.write
    for row in page['value']:
        code = row[geo].strip()
        gm = '\\N' if code.startswith('NL') else 'GM' + code[2:6]
        head = f'\t{code}\t{year}\t{year}\t{source_id}\t'
        tail = '\t' + gm + '\n'
        for key, var in measures:
            v = row[key]
            v = v.strip() if v is not None else ''
            if v == '':
                w(var + head + '\\N\tnot_applicable' + tail)
            elif v == '.':
                w(var + head + '\\N\tunknown_or_secret' + tail)
            else:
                status = 'ok'
                if v.endswith('**'):
                    v, status = v[:-2].rstrip(), 'revised_provisional'
                elif v.endswith('*'):
                    v, status = v[:-1].rstrip(), 'provisional'
                float(v)   # a number, or ValueError stops the load
                w(var + head + v + '\t' + status + tail)
        rows += 1
    buf.seek(0)
    cur.copy_expert(copy_sql, buf)
    cells += cur.rowcount
    url = page.get('odata.nextLink')
conn.commit()
conn.close()
print(f'{table}: {rows} rows, {cells} cells', file=sys.stderr)
