#!/usr/bin/env python3
"""cbs_bench_server.py: a loopback stand-in for CBS' OData v3 services for
benchmarks (bench/import_cbs.sh).  Not the test server: it has no faults and
no $filter, and it renders every data page ONCE at start-up, so a request
costs the server only a send of ready bytes and the benchmark times the
client.  (tests/support/cbs_server.py encodes each page per request with
json.dumps(indent=1), which takes Python's pure-Python encoder: 0.76 s per
10,000-row KWB page on the machine of the first run, i.e. ~1.5 s of server
time inside every timed import; it could serve the fixture otherwise.)

Serves a fixture folder in the layout of tests/fixtures/odata/50090NED/
(TABLE/TableInfos.json, DataProperties.json, one code list per dimension,
UntypedDataSet.json; value lists without envelope), as made by
bench/make_kwb_fullsize.py, on 127.0.0.1 in CBS' paths:

  /ODataApi/odata/{id}/{TableInfos|DataProperties|Dimension}?$format=json
  /ODataFeed/odata/{id}/UntypedDataSet?$format=json[&$skiptoken=N]

Data pages have --page-size rows (CBS: 10,000); every page but the last
carries odata.nextLink.  Pages are pretty-printed in CBS' layout (one
property per line, non-ASCII escaped), which is also what makes real pages
large: a 10,000-row KWB page is about 60 MB.

Port 0 lets the system choose; the first line on stdout is the port, printed
once the pages are ready.  GET /_stats answers the number of data requests.
"""
import argparse
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from json.encoder import encode_basestring_ascii as enc_str

HITS = {'data': 0}
LOCK = threading.Lock()


def enc(v):
    if v is None:
        return 'null'
    if isinstance(v, str):
        return enc_str(v)
    return json.dumps(v)


def render_page(meta_url, rows, next_link):
    """One page as CBS lays it out: {"odata.metadata":...,"value":[ {..},{..} ],"odata.nextLink":...}."""
    parts = ['{\n  "odata.metadata":%s,"value":[\n' % enc_str(meta_url)]
    rendered = []
    for r in rows:
        rendered.append('    {\n' + ',\n'.join('      %s:%s' % (enc_str(k), enc(v)) for k, v in r.items()) + '\n    }')
    parts.append(','.join(rendered))
    parts.append('\n  ]')
    if next_link:
        parts.append(',"odata.nextLink":%s' % enc_str(next_link))
    parts.append('\n}')
    return ''.join(parts).encode('ascii')


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        if os.environ.get('CBS_SERVER_LOG'):
            sys.stderr.write('cbs_bench_server: ' + (fmt % args) + '\n')

    def send_body(self, body, status=200, ctype='application/json;odata=minimalmetadata;streaming=true;IEEE754Compatible=false;charset=utf-8'):
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        parts = [p for p in u.path.split('/') if p]
        srv = self.server
        if parts == ['_stats']:
            with LOCK:
                return self.send_body(b'%d\n' % HITS['data'], 200, 'text/plain')
        if len(parts) != 4 or parts[1] != 'odata' or parts[2] != srv.table_id:
            return self.send_body(b'not found', 404, 'text/plain')
        service, entity = parts[0], parts[3]
        if service == 'ODataApi' and entity in srv.meta:
            return self.send_body(srv.meta[entity])
        if service == 'ODataFeed' and entity == 'UntypedDataSet':
            if '$filter' in q:
                return self.send_body(b'$filter is not supported by the bench server', 501, 'text/plain')
            skip = int(q.get('$skiptoken', ['0'])[0])
            page = srv.pages.get(skip)
            if page is None:
                return self.send_body(b'no such page', 404, 'text/plain')
            with LOCK:
                HITS['data'] += 1
            return self.send_body(page)
        return self.send_body(('no entity set %s' % entity).encode(), 404, 'text/plain')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixtures', required=True, help='folder with the TABLE/*.json files')
    ap.add_argument('--table', default='85984NED')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--page-size', type=int, default=10000)
    a = ap.parse_args()
    folder = os.path.join(a.fixtures, a.table)
    srv = Server(('127.0.0.1', a.port), Handler)
    srv.table_id = a.table
    host, port = srv.server_address[:2]
    api = 'http://%s:%d/ODataApi/odata/%s' % (host, port, a.table)
    feed = 'http://%s:%d/ODataFeed/odata/%s' % (host, port, a.table)
    srv.meta = {}
    for f in os.listdir(folder):
        name = f[:-5]
        if f.endswith('.json') and name != 'UntypedDataSet':
            with open(os.path.join(folder, f), encoding='utf-8') as fh:
                value = json.load(fh)
            srv.meta[name] = json.dumps({'odata.metadata': api + '/$metadata#Cbs.OData.WebAPI.' + name,
                                         'value': value}, indent=1).encode('ascii')
    with open(os.path.join(folder, 'UntypedDataSet.json'), encoding='utf-8') as fh:
        rows = json.load(fh)
    srv.pages = {}
    meta_url = feed + '/$metadata#Cbs.OData.WebAPI.UntypedDataSet'
    for skip in range(0, max(len(rows), 1), a.page_size):
        nxt = None
        if skip + a.page_size < len(rows):
            nxt = feed + '/UntypedDataSet?$format=json&$skiptoken=%d' % (skip + a.page_size)
        srv.pages[skip] = render_page(meta_url, rows[skip:skip + a.page_size], nxt)
    del rows
    sys.stderr.write('cbs_bench_server: %d pages, %d bytes\n' % (len(srv.pages), sum(map(len, srv.pages.values()))))
    print(port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
