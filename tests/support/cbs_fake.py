"""cbs_fake.py: what the fake CBS servers (cbs_server.py for OData v3,
cbs_server_v4.py for v4) share, for tests only.

This module owns the machinery: the fault/counter state and its controls
(/_control, /_stats), the quiet threaded server, plain-text and JSON answers,
the $filter subset the importers send, and counting a data page's requests
while taking its fault.  Each server script owns its paths, its entity sets
and its data pages (paging, nextLink, what each fault does to a page).

Controls (GET, so a test can use any client):
  /_control?page=P&fault=F   fault F for requests of data page P (0-based)
  /_control?modified=ISO     the table's Modified from now on (a new vintage)
  /_control?revise=1         a revision of one figure (per server)
  /_control?links=MODE       next links that do not end (per server; see there)
  /_control?reset=1          no faults, original Modified, counters to zero
  /_stats?page=P             how many requests data page P received
"""
import argparse
import json
import os
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {'faults': {}, 'modified': None, 'hits': {}, 'revise': False, 'links': None, 'first_data': None}
LOCK = threading.Lock()
CLAUSE = re.compile(r"(\w+)\s+eq\s+'((?:[^']|'')*)'")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that timed out and hung up is what the faults are for.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    """Set NAME (log prefix) and JSON_HEADERS (Content-Type and the like) in a subclass."""
    protocol_version = 'HTTP/1.1'
    NAME = 'cbs_fake'
    JSON_HEADERS = (('Content-Type', 'application/json'),)

    def log_message(self, fmt, *args):  # quiet: the test output stays readable
        if os.environ.get('CBS_SERVER_LOG'):
            sys.stderr.write(self.NAME + ': ' + (fmt % args) + '\n')

    def send_json(self, obj, status=200, extra=None):
        body = json.dumps(obj, indent=1).encode('utf-8')
        self.send_response(status)
        for k, v in self.JSON_HEADERS:
            self.send_header(k, v)
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

    def request_parts(self):
        """(path segments, query dict) of this GET."""
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        return [p for p in u.path.split('/') if p], q

    def handle_controls(self, parts, q):
        """Answer /_control and /_stats; False for any other path."""
        if parts == ['_control']:
            with LOCK:
                if 'reset' in q:
                    STATE['faults'].clear()
                    STATE['hits'].clear()
                    STATE['modified'] = None
                    STATE['revise'] = False
                    STATE['links'] = None
                    STATE['first_data'] = None
                if 'links' in q:
                    STATE['links'] = q['links'][0]
                if 'revise' in q:
                    STATE['revise'] = True
                if 'modified' in q:
                    STATE['modified'] = q['modified'][0]
                if 'page' in q and 'fault' in q:
                    STATE['faults'][int(q['page'][0])] = q['fault'][0]
            self.send_text('ok\n', 200)
            return True
        if parts == ['_stats']:
            with LOCK:
                n = STATE['hits'].get(int(q.get('page', ['0'])[0]), 0)
            self.send_text('%d\n' % n, 200)
            return True
        return False


def filter_rows(rows, filt):
    """Clauses "Col eq 'value'" joined by 'or' / 'and': a row is kept when,
    for every column named, its raw value is one of those given."""
    if not filt:
        return rows
    want = {}
    for col, val in CLAUSE.findall(filt):
        want.setdefault(col, set()).add(val.replace("''", "'"))
    return [r for r in rows if all(r.get(c) in vals for c, vals in want.items())]


def take_fault(page, twice=False):
    """Count a request of data page page and return its fault (or None); an
    F_once fault is used up, and with twice an F_twice becomes F_once."""
    with LOCK:
        STATE['hits'][page] = STATE['hits'].get(page, 0) + 1
        fault = STATE['faults'].get(page)
        if fault and fault.endswith('_once'):
            del STATE['faults'][page]
        elif twice and fault and fault.endswith('_twice'):
            STATE['faults'][page] = fault.replace('_twice', '_once')
            fault = fault.replace('_twice', '_once')
    return fault


def make_server(handler, page_size, rows_entity):
    """The server of the command line (--fixtures, --table, --port,
    --page-size with default page_size): srv.meta holds every TABLE/*.json
    of the fixtures by name, but rows_entity, which is srv.rows."""
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixtures', required=True, help='folder with the TABLE/*.json files')
    ap.add_argument('--table', default='50090NED')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--page-size', type=int, default=page_size)
    a = ap.parse_args()
    folder = os.path.join(a.fixtures, a.table)
    srv = Server(('127.0.0.1', a.port), handler)
    srv.table_id = a.table
    srv.page_size = a.page_size
    srv.meta = {}
    for f in os.listdir(folder):
        if f.endswith('.json'):
            with open(os.path.join(folder, f), encoding='utf-8') as fh:
                srv.meta[f[:-5]] = json.load(fh)
    srv.rows = srv.meta.pop(rows_entity)
    return srv


def serve(srv):
    """Print the port (the first line on stdout) and serve until killed."""
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
