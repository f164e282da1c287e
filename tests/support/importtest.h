/*
 * importtest.h: what the importer tests share (tests/import/).
 *
 * A fake CBS server (tests/support/cbs_server*.py) run as a child process
 * and spoken to over HTTP; counts of the tables an import writes, to show
 * that a failed import left them as they were; and small query helpers.
 * The tests own their fixtures, options and every assertion on results.
 */
#ifndef BP_TEST_IMPORTTEST_H
#define BP_TEST_IMPORTTEST_H

#include <stddef.h>
#include <sys/types.h>

#include <libpq-fe.h>

#include "core/error.h"
#include "core/progress.h"
#include "import/http.h"

/* Print err with cmocka's print_error (a failing test says why). */
void bp_test_print_err(const bp_error *err);

/* The first cell of sql as a number. */
long bp_test_count(PGconn *conn, const char *sql);

/* 'value status' of one observation ('NULL status' without a value). */
const char *bp_test_value_of(PGconn *conn, const char *variable, const char *area, long source);

/* Load one indicator definition (path) and compute it with the default
 * publication rules, forced; a failure fails the test with its message. */
void bp_test_compute_file(PGconn *conn, const char *path);

/* Row counts of the tables an import writes. */
typedef struct bp_test_snapshot { long source, area, observation, variable, label; } bp_test_snapshot;

void bp_test_snap(PGconn *conn, bp_test_snapshot *s);

/* Every count of a equals b's (nothing of a failed import stayed). */
void bp_test_assert_same(const bp_test_snapshot *a, const bp_test_snapshot *b);

/* HTTP options with short timeouts and backoff, so fault tests run fast;
 * timeout_ms must outlast the server's normal answers. */
/* A progress callback for the importers that records each page's report:
 * ctx is a bp_test_progress, which the test zeroes before the import. */
typedef struct bp_test_progress {
	bp_progress seen[16];    /* the first 16 reports */
	int n;                   /* every report */
} bp_test_progress;
void bp_test_progress_record(void *ctx, const bp_progress *p);

void bp_test_fast_http(bp_http_options *o, long timeout_ms);

/* A fake CBS server on 127.0.0.1 (it prints its port on stdout). */
typedef struct bp_test_server {
	pid_t pid;
	char base[64];           /* 'http://127.0.0.1:PORT' */
	bp_http_options http;    /* what bp_test_server_get uses */
} bp_test_server;

/*
 * Start tests/support/{script} (under BP_SOURCE_ROOT) serving
 * {BP_FIXTURES}/{fixtures} in pages of page_size; s->http must be set.
 * 0 on success, -1 with a message otherwise.
 */
int bp_test_server_start(bp_test_server *s, const char *script, const char *fixtures, const char *page_size);
void bp_test_server_stop(bp_test_server *s);

/* GET base + path_query (must succeed); the body into out when not NULL. */
void bp_test_server_get(const bp_test_server *s, const char *path_query, char *out, size_t size);

/* The server's fault controls: GET /_control?{query}. */
void bp_test_server_ctl(const bp_test_server *s, const char *query);

/* How often the server was asked for data page page (GET /_stats). */
long bp_test_server_hits(const bp_test_server *s, int page);

/*
 * RIVM 50090NED 2020 (tests/fixtures/odata and odata4, the same 184 rows in
 * the v3 and v4 form), shared by test_odata3 and test_odata4.
 */

/* Remove every vintage of 50090NED (observations first: they have no FK). */
void bp_test_drop_50090ned(PGconn *conn);

/* 'value status' of variable var of area in source for period 2020. */
const char *bp_test_obs_2020(PGconn *conn, long source, const char *area, const char *var);

/* A complete, correct load of all 184 rows into source id. */
void bp_test_assert_50090ned_complete(PGconn *conn, long id);

#endif
