/*
 * server.h: `buurtpeil serve`, the read-only HTTP API (issue 18).
 *
 * libmicrohttpd does the HTTP (parsing, limits, thread pool); this file
 * routes, takes a pooled connection (pool.h), answers the resources
 * (resources.h) with their caching headers, and logs each request as one
 * JSON line.
 */
#ifndef BP_API_SERVER_H
#define BP_API_SERVER_H

#include <stdio.h>

#include "core/error.h"
#include "db/conn.h"
#include "engine/indicator_def.h"

typedef struct bp_api_options {
	const char *address;     /* IPv4 address to listen on; "127.0.0.1" by default (loopback) */
	int port;                /* 0: any free port (bp_api_port says which) */
	int threads;             /* libmicrohttpd's thread pool */
	int db_connections;      /* the pool's bound */
	const char *cors_origin; /* Access-Control-Allow-Origin; NULL: no CORS header */
	int max_age;             /* Cache-Control max-age, seconds */
	int timeout;             /* seconds a connection may stay idle (slow clients) */
	int per_ip;              /* connections per client address; 0: no limit */
	FILE *access_log;        /* one JSON line per request; NULL: none */
	int version_check_ms;    /* read the data's version again after this long (0: every request) */
	int rate_per_minute;     /* requests per client address and minute, in a burst too; 0: no limit */
	int cache_mib;
	int effects;             /* serve the interventions' effect estimates (a monitor's publish_effects) */
	const char *gemeenten;   /* "{GM0828,GM0402}": the gemeenten a publish publishes (serve --config);
	                            NULL: every gemeente with values */
	const bp_indicator_set *indicators; /* the definitions, for the charts (report/ranking.h) */           /* answers kept in memory (cache.h); 0: 32 MiB */
} bp_api_options;

typedef struct bp_api_server bp_api_server;

/* Start serving: returns once listening.  db must outlive the server. */
bp_rc bp_api_start(const bp_db *db, const bp_api_options *o, bp_api_server **out, bp_error *err) BP_MUST_CHECK;

/* The port it listens on. */
int bp_api_port(const bp_api_server *s);

/* Stop accepting, finish the requests under way, close everything. */
void bp_api_stop(bp_api_server *s);

#endif
