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
"""
import argparse
import json
import os
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {'faults': {}, 'modified': None, 'hits': {}, 'revise': False}
LOCK = threading.Lock()
CLAUSE = re.compile(r"(\w+)\s+eq\s+'((?:[^']|'')*)'")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        if os.environ.get('CBS_SERVER_LOG'):
            sys.stderr.write('cbs_server_v4: ' + (fmt % args) + '\n')

    def send_json(self, obj, status=200, extra=None):
        body = json.dumps(obj, indent=1).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json; odata.metadata=minimal; odata.streaming=true')
        self.send_header('OData-Version', '4.0')
        self.send_header('Content-Length', str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_text(self, text, status):
        body = text.encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        parts = [p for p in u.path.split('/') if p]
        srv = self.server
        if parts == ['_control']:
            with LOCK:
                if 'reset' in q:
                    STATE['faults'].clear()
                    STATE['hits'].clear()
                    STATE['modified'] = None
                    STATE['revise'] = False
                if 'revise' in q:
                    STATE['revise'] = True
                if 'modified' in q:
                    STATE['modified'] = q['modified'][0]
                if 'page' in q and 'fault' in q:
                    STATE['faults'][int(q['page'][0])] = q['fault'][0]
            return self.send_text('ok\n', 200)
        if parts == ['_stats']:
            with LOCK:
                n = STATE['hits'].get(int(q.get('page', ['0'])[0]), 0)
            return self.send_text('%d\n' % n, 200)
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
        if filt:
            want = {}
            for col, val in CLAUSE.findall(filt):
                want.setdefault(col, set()).add(val.replace("''", "'"))
            rows = [r for r in rows if all(r.get(c) in vals for c, vals in want.items())]
        skip = int(q.get('$skip', ['0'])[0])
        page = skip // srv.page_size
        with LOCK:
            STATE['hits'][page] = STATE['hits'].get(page, 0) + 1
            fault = STATE['faults'].get(page)
            if fault and fault.endswith('_once'):
                del STATE['faults'][page]
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
        if skip + srv.page_size < len(rows):
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
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixtures', required=True, help='folder with the TABLE/*.json files')
    ap.add_argument('--table', default='50090NED')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--page-size', type=int, default=2000)
    a = ap.parse_args()
    folder = os.path.join(a.fixtures, a.table)
    srv = Server(('127.0.0.1', a.port), Handler)
    srv.table_id = a.table
    srv.page_size = a.page_size
    srv.meta = {}
    for f in os.listdir(folder):
        if f.endswith('.json'):
            with open(os.path.join(folder, f), encoding='utf-8') as fh:
                srv.meta[f[:-5]] = json.load(fh)
    srv.rows = srv.meta.pop('Observations')
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
