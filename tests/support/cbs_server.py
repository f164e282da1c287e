#!/usr/bin/env python3
"""cbs_server.py: a stand-in for CBS' OData v3 services, for tests only.

Serves the recorded 50090NED fixture (tests/fixtures/odata/50090NED/, made by
tools/make_odata_fixtures.py) on 127.0.0.1 in the paths the real services use:

  /ODataApi/odata/{id}/TableInfos|DataProperties|{Dimension}?$format=json
  /ODataFeed/odata/{id}/UntypedDataSet?$format=json[&$filter=...][&$skiptoken=N]

The data set is re-paged into pages of --page-size rows; every page but the
last carries odata.nextLink = {server}/ODataFeed/odata/{id}/UntypedDataSet
?$format=json[&$filter=...]&$skiptoken=N.  $filter understands what the
importer sends: clauses "Col eq 'value'" joined by 'or' / 'and' (a row is
kept when, for every column named, its raw value is one of those given).

Faults, set by the test before a load (GET so a test can use any client):
  /_control?page=P&fault=F     F for requests of data page P (0-based):
     500_once       one HTTP 500, then normal
     429_once       one HTTP 429 with Retry-After: 1, then normal
     slow_once      one response delayed 3 s (longer than the test timeout)
     truncate_once  one response with Content-Length larger than the body, then close
     reset_once     one connection reset (SO_LINGER 0 close) without answer
     reset_twice    two of them: libcurl itself silently retries a request once
                    when a reused connection dies, so only the second reset
                    reaches the caller's retry logic
     truncate_always, 500_always   every time
     schema         the page's rows have an extra column and lack one
     malformed_once one 200 response that is not JSON
     garbage_once   one 200 response: half the page's JSON, then HTML (complete, not JSON)
  /_control?modified=ISO       TableInfos.Modified from now on (a new vintage)
  /_control?links=MODE         next links that never end:
     meta_self      DataProperties links to itself
     meta_grow      DataProperties links to ever new pages (&$skiptoken=N+1), each
                    repeating the list
     empty_cycle    data page 0 links to $skiptoken=100000, an empty page that links
                    to 100001, empty too, which links back to 100000
     row_cycle      data page 1 (rows 50..99) links back to the first data URL requested
     ever_new       every data page links to the next, also past the last row (empty)
     other_host     data page 0 links to its next page through another host name (localhost)
  /_control?revise=1           a revision: GM0828's Eenzaam_28 becomes '    46.0'
  .../AnsiError                 HTTP 404 with terminal escapes, a bell and U+202E in the body
  /_control?reset=1            no faults, original Modified, counters to zero
  /_stats?page=P               how many requests data page P received

Port 0 lets the system choose; the first line on stdout is the port.
The HTTP, control and fault machinery is shared with the other fake server
through cbs_fake.py; the paths and data pages are this file's.
"""
import json
import socket
import struct
import time
import urllib.parse

import cbs_fake
from cbs_fake import STATE


class Handler(cbs_fake.Handler):
    NAME = 'cbs_server'
    JSON_HEADERS = (('Content-Type', 'application/json;odata=minimalmetadata;streaming=true;IEEE754Compatible=false;charset=utf-8'),)

    def do_GET(self):
        parts, q = self.request_parts()
        srv = self.server
        if self.handle_controls(parts, q):
            return None
        if len(parts) != 4 or parts[1] != 'odata' or parts[2] != srv.table_id:
            return self.send_text('not found', 404)
        service, entity = parts[0], parts[3]
        base = 'http://%s:%d/%s/odata/%s' % (srv.server_address[0], srv.server_address[1], service, srv.table_id)
        if service == 'ODataApi' and entity in srv.meta:
            value = srv.meta[entity]
            if entity == 'TableInfos' and STATE['modified']:
                value = [dict(value[0], Modified=STATE['modified'])]
            obj = {'odata.metadata': base + '/$metadata#Cbs.OData.WebAPI.' + entity, 'value': value}
            if entity == 'DataProperties' and STATE['links'] == 'meta_self':
                obj['odata.nextLink'] = 'http://%s:%d%s' % (srv.server_address[0], srv.server_address[1], self.path)
            elif entity == 'DataProperties' and STATE['links'] == 'meta_grow':
                n = int(q.get('$skiptoken', ['0'])[0])
                obj['odata.nextLink'] = base + '/DataProperties?$format=json&$skiptoken=%d' % (n + 1)
            return self.send_json(obj)
        if service == 'ODataFeed' and entity == 'UntypedDataSet':
            return self.data_page(q, base)
        if entity == 'AnsiError':   # an error body that would drive a terminal
            return self.send_text('\x1b[2J\x1b[31mNot\x07 found\x1b[0m\r\u202egnp.exe\x9b1m', 404)
        return self.send_text('no entity set %s' % entity, 404)

    def data_page(self, q, base):
        srv = self.server
        filt = q.get('$filter', [None])[0]
        rows = srv.rows
        if STATE['revise']:
            rows = [dict(r, Eenzaam_28='    46.0') if r['WijkenEnBuurten'].startswith('GM0828') else r for r in rows]
        rows = cbs_fake.filter_rows(rows, filt)
        skip = int(q.get('$skiptoken', ['0'])[0])
        if skip == 0 and STATE['first_data'] is None:
            STATE['first_data'] = 'http://%s:%d%s' % (srv.server_address[0], srv.server_address[1], self.path)
        page = skip // srv.page_size
        fault = cbs_fake.take_fault(page, twice=True)
        chunk = rows[skip:skip + srv.page_size]
        if fault == 'schema':
            chunk = [dict({k: v for k, v in r.items() if k != 'Mantelzorger_32'}, NieuweMaat_39='    1.0')
                     for r in chunk]
        obj = {'odata.metadata': base + '/$metadata#Cbs.OData.WebAPI.UntypedDataSet', 'value': chunk}
        if skip + srv.page_size < len(rows):
            nq = {'$format': 'json'}
            if filt:
                nq['$filter'] = filt
            nq['$skiptoken'] = str(skip + srv.page_size)
            obj['odata.nextLink'] = base + '/UntypedDataSet?' + urllib.parse.urlencode(nq, safe='$', quote_via=urllib.parse.quote)
        links = STATE['links']
        if links in ('empty_cycle', 'ever_new'):
            nxt = {0: 100000, 100000: 100001, 100001: 100000}.get(skip) if links == 'empty_cycle' \
                else skip + srv.page_size
            nq = {'$format': 'json'}
            if filt:
                nq['$filter'] = filt
            nq['$skiptoken'] = str(nxt)
            obj['odata.nextLink'] = base + '/UntypedDataSet?' + urllib.parse.urlencode(nq, safe='$', quote_via=urllib.parse.quote)
        elif links == 'row_cycle' and skip == srv.page_size:
            obj['odata.nextLink'] = STATE['first_data']
        elif links == 'other_host' and 'odata.nextLink' in obj:
            obj['odata.nextLink'] = obj['odata.nextLink'].replace('127.0.0.1', 'localhost')
        if fault in ('500_once', '500_always'):
            return self.send_text('Internal Server Error', 500)
        if fault == '429_once':
            return self.send_json({'odata.error': {'message': {'value': 'Too Many Requests'}}}, 429,
                                  {'Retry-After': '1'})
        if fault == 'slow_once':
            time.sleep(3)
        if fault == 'malformed_once':
            return self.send_text('<html>Service Unavailable</html>', 200)
        if fault == 'garbage_once':
            body = json.dumps(obj, indent=1).encode('utf-8')
            return self.send_text(body[:len(body) // 2].decode('utf-8') + '<html>Bad Gateway</html>', 200)
        if fault in ('truncate_once', 'truncate_always'):
            body = json.dumps(obj, indent=1).encode('utf-8')
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_WR)
            return
        if fault == 'reset_once':
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        return self.send_json(obj)


def main():
    cbs_fake.serve(cbs_fake.make_server(Handler, 50, 'UntypedDataSet'))


if __name__ == '__main__':
    main()
