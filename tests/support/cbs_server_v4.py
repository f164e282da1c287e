#!/usr/bin/env python3
"""cbs_server_v4.py: a stand-in for CBS' OData v4 service, for tests only.

Serves tests/fixtures/odata4/{TABLE}/ (made by tools/make_odata4_fixtures.py)
on 127.0.0.1 in the paths of datasets.cbs.nl/odata/v1:

  /{catalog}/{id}/Properties                    the singleton, an object
  /{catalog}/{id}/MeasureCodes|Dimensions|{Dim}Codes     {"value": [...]}
  /{catalog}/{id}/Observations?$format=json[&$count=true][&$filter=...][&$skip=N]

Observations are re-paged into pages of --page-size rows; every page but the
last carries @odata.nextLink = .../Observations?$format=json[&$count=true]
[&$filter=...]&$skip=N, and with $count=true every page carries @odata.count.
$filter: clauses "Col eq 'value'" joined by 'or' / 'and', compared with the
raw (padded) values, as in cbs_server.py.  Any catalog name is accepted.

Next links that never end (GET /_control?links=MODE):
  row_cycle      data page 1 links back to the first data URL requested
  ever_new       every data page links to the next, also past the last row (empty)

Faults (GET /_control?page=P&fault=F, for data page P, 0-based):
  500_once, 429_once (Retry-After: 1), 500_always   as in cbs_server.py
  unknown_measure   the page's first row has Measure 'NieuweMaat'
  unknown_member    the page's first row has WijkenEnBuurten 'GM9999    '
  unknown_column    the page's first row has an extra column 'Geslacht'
  short             the page lacks its last row (@odata.count unchanged)
  /_control?modified=ISO    Properties.Modified from now on (a new vintage)
  /_control?revise=1        GM0828's Eenzaam becomes 46.0
  /_control?reset=1         no faults, original Modified, counters to zero
  /_stats?page=P            requests data page P received

Port 0 lets the system choose; the first line on stdout is the port.
The HTTP, control and fault machinery is shared with the other fake server
through cbs_fake.py; the paths and data pages are this file's.
"""
import urllib.parse

import cbs_fake
from cbs_fake import STATE


class Handler(cbs_fake.Handler):
    NAME = 'cbs_server_v4'
    JSON_HEADERS = (('Content-Type', 'application/json; odata.metadata=minimal; odata.streaming=true'),
                    ('OData-Version', '4.0'))

    def do_GET(self):
        parts, q = self.request_parts()
        srv = self.server
        if self.handle_controls(parts, q):
            return None
        if len(parts) != 3 or parts[1] != srv.table_id:
            return self.send_text('not found', 404)
        catalog, entity = parts[0], parts[2]
        base = 'http://%s:%d/%s/%s' % (srv.server_address[0], srv.server_address[1], catalog, srv.table_id)
        if entity == 'Properties':
            obj = dict(srv.meta['Properties'])
            if STATE['modified']:
                obj['Modified'] = STATE['modified']
            obj['@odata.context'] = base + '/$metadata#Properties'
            return self.send_json(obj)
        if entity in srv.meta:
            return self.send_json({'@odata.context': base + '/$metadata#' + entity, 'value': srv.meta[entity]})
        if entity == 'Observations':
            return self.data_page(q, base)
        return self.send_text('no entity set %s' % entity, 404)

    def data_page(self, q, base):
        srv = self.server
        filt = q.get('$filter', [None])[0]
        want_count = q.get('$count', ['false'])[0] == 'true'
        rows = srv.rows
        if STATE['revise']:
            rows = [dict(r, Value=46.0) if r['WijkenEnBuurten'].startswith('GM0828') and r['Measure'] == 'Eenzaam'
                    else r for r in rows]
        rows = cbs_fake.filter_rows(rows, filt)
        skip = int(q.get('$skip', ['0'])[0])
        if skip == 0 and STATE['first_data'] is None:
            STATE['first_data'] = 'http://%s:%d%s' % (srv.server_address[0], srv.server_address[1], self.path)
        page = skip // srv.page_size
        fault = cbs_fake.take_fault(page)
        chunk = [dict(r) for r in rows[skip:skip + srv.page_size]]
        if fault == 'unknown_measure':
            chunk[0]['Measure'] = 'NieuweMaat'
        elif fault == 'unknown_member':
            chunk[0]['WijkenEnBuurten'] = 'GM9999    '
        elif fault == 'unknown_column':
            chunk[0]['Geslacht'] = 'T001038'
        elif fault == 'short':
            chunk = chunk[:-1]
        obj = {'@odata.context': base + '/$metadata#Observations'}
        if want_count:
            obj['@odata.count'] = len(rows)
        obj['value'] = chunk
        if STATE['links'] == 'row_cycle' and skip == srv.page_size:
            obj['@odata.nextLink'] = STATE['first_data']
        elif skip + srv.page_size < len(rows) or STATE['links'] == 'ever_new':
            nq = {'$format': 'json'}
            if want_count:
                nq['$count'] = 'true'
            if filt:
                nq['$filter'] = filt
            nq['$skip'] = str(skip + srv.page_size)
            obj['@odata.nextLink'] = base + '/Observations?' + urllib.parse.urlencode(
                nq, safe='$', quote_via=urllib.parse.quote)
        if fault in ('500_once', '500_always'):
            return self.send_text('Internal Server Error', 500)
        if fault == '429_once':
            return self.send_json({'error': {'code': '429', 'message': 'Too Many Requests'}}, 429,
                                  {'Retry-After': '1'})
        return self.send_json(obj)


def main():
    cbs_fake.serve(cbs_fake.make_server(Handler, 2000, 'Observations'))


if __name__ == '__main__':
    main()
