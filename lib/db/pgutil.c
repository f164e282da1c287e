#include "db/pgutil.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

static void trim_newline(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

bp_rc bp_pg_fail(bp_error *err, PGconn *conn, const PGresult *res, const char *what)
{
	const char *msg = NULL;
	if (res)
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (!msg || !*msg)
		msg = conn ? PQerrorMessage(conn) : "no connection";
	bp_fail(err, BP_ERR_DB, "%s: %s", what, msg);
	if (err) {
		trim_newline(err->message);
		if (res) {
			const char *d = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
			const char *h = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
			if (d)
				bp_error_detail(err, "%s", d);
			if (h)
				bp_error_hint(err, "%s", h);
		}
	}
	return BP_ERR_DB;
}

bp_rc bp_pg_exec(PGconn *conn, const char *sql, bp_error *err)
{
	PGresult *r = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(r);
	bp_rc rc = BP_OK;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = bp_pg_fail(err, conn, r, "database statement failed");
	PQclear(r);
	return rc;
}

/* A query's result to the caller (out may be NULL), or its error. */
static bp_rc take_result(PGconn *conn, PGresult *r, PGresult **out, bp_error *err)
{
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		bp_rc rc = bp_pg_fail(err, conn, r, "database query failed");
		PQclear(r);
		return rc;
	}
	if (out)
		*out = r;
	else
		PQclear(r);
	return BP_OK;
}

bp_rc bp_pg_query(PGconn *conn, const char *sql, int nparams, const char *const *params,
                  PGresult **out, bp_error *err)
{
	return take_result(conn, PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0), out, err);
}

bp_rc bp_pg_query_prepared(PGconn *conn, const char *name, const char *sql, int nparams,
                           const char *const *params, PGresult **out, bp_error *err)
{
	/* Asked of the server rather than remembered here: a connection pointer
	 * can be reused by the next PQconnectdb, and a statement that failed to
	 * prepare must not count as prepared.  Looking it up cannot fail the way
	 * a Describe of a missing name does, which would abort the caller's
	 * transaction. */
	const char *p[] = { name };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, "SELECT 1 FROM pg_prepared_statements WHERE name = $1", 1, p, &r, err);
	if (rc)
		return rc;
	int known = PQntuples(r) > 0;
	PQclear(r);
	if (!known) {
		r = PQprepare(conn, name, sql, nparams, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			rc = bp_pg_fail(err, conn, r, "database query failed");
			PQclear(r);
			return rc;
		}
		PQclear(r);
	}
	return take_result(conn, PQexecPrepared(conn, name, nparams, params, NULL, NULL, 0), out, err);
}

bp_rc bp_pg_copy_begin(PGconn *conn, const char *copy_sql, bp_error *err)
{
	PGresult *r = PQexec(conn, copy_sql);
	bp_rc rc = BP_OK;
	if (PQresultStatus(r) != PGRES_COPY_IN)
		rc = bp_pg_fail(err, conn, r, "COPY could not start");
	PQclear(r);
	return rc;
}

bp_rc bp_pg_copy_put(PGconn *conn, const char *data, size_t n, bp_error *err)
{
	/*
	 * In slices of at most a megabyte: libpq copies what it is given into
	 * its output buffer before sending, which grows to hold the largest
	 * slice and stays so for the connection.  One 38 MB buffer in one call
	 * (compare's rows of the other part, all of Nederland) grew it to
	 * 64 MB: 38 MB copied into fresh pages, each page a fault, and page
	 * faults are most of compute's system time on the bench machine
	 * (figures in bench/RESULTS.md).
	 */
	while (n > 0) {
		int chunk = n > (1u << 20) ? (1 << 20) : (int)n;
		if (PQputCopyData(conn, data, chunk) != 1)
			return bp_pg_fail(err, conn, NULL, "COPY failed");
		data += chunk;
		n -= (size_t)chunk;
	}
	return BP_OK;
}

bp_rc bp_pg_copy_end(PGconn *conn, bp_error *err)
{
	bp_rc rc = BP_OK;
	if (PQputCopyEnd(conn, NULL) != 1)
		return bp_pg_fail(err, conn, NULL, "COPY could not finish");
	PGresult *r;
	while ((r = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == BP_OK)
			rc = bp_pg_fail(err, conn, r, "COPY was refused");
		PQclear(r);
	}
	return rc;
}

void bp_pg_rollback(PGconn *conn)
{
	if (conn && PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
}

void bp_pg_copy_escape(bp_buf *buf, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': bp_buf_adds(buf, "\\\\"); break;
		case '\t': bp_buf_adds(buf, "\\t"); break;
		case '\n': bp_buf_adds(buf, "\\n"); break;
		case '\r': bp_buf_adds(buf, "\\r"); break;
		default:   bp_buf_addc(buf, *s);
		}
	}
}

double bp_pg_double(const PGresult *r, int row, int col, int *has)
{
	*has = !PQgetisnull(r, row, col);
	return *has ? strtod(PQgetvalue(r, row, col), NULL) : 0;
}

bp_rc bp_pg_query_binary(PGconn *conn, const char *sql, int nparams, const char *const *params,
                         PGresult **out, bp_error *err)
{
	return take_result(conn, PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 1), out, err);
}

bp_rc bp_pg_bin_check_type(const PGresult *r, int col, unsigned oid, bp_error *err)
{
	if (col < PQnfields(r) && PQftype(r, col) == oid)
		return BP_OK;
	return bp_fail(err, BP_ERR_INTERNAL, "column %d of a binary result is not of type %u", col + 1, oid);
}

/* The cell's bytes in network order (big-endian) as an unsigned number of n <= 8 bytes. */
static uint64_t bin_bytes(const PGresult *r, int row, int col, int n)
{
	const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, col);
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

double bp_pg_bin_double(const PGresult *r, int row, int col, int *has)
{
	*has = !PQgetisnull(r, row, col) && PQgetlength(r, row, col) == 8;
	if (!*has)
		return 0;
	uint64_t bits = bin_bytes(r, row, col, 8);
	double d;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

bp_rc bp_pg_bin_int(const PGresult *r, int row, int col, int *out, bp_error *err)
{
	*out = 0;
	if (row < 0 || row >= PQntuples(r) || col < 0 || col >= PQnfields(r) || PQgetisnull(r, row, col) ||
	    PQgetlength(r, row, col) != 4)
		return bp_fail(err, BP_ERR_DB, "column %d of row %d is not a whole number", col + 1, row + 1);
	*out = (int)(int32_t)(uint32_t)bin_bytes(r, row, col, 4);
	return BP_OK;
}

/* 1 and *out when cell (row, col) holds a whole number in [min, max], else 0. */
static int cell_long(const PGresult *r, int row, int col, long min, long max, long *out)
{
	*out = 0;
	if (row < 0 || row >= PQntuples(r) || col < 0 || col >= PQnfields(r) || PQgetisnull(r, row, col))
		return 0;
	const char *s = PQgetvalue(r, row, col);
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno == ERANGE || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

static bp_rc bad_cell(const PGresult *r, int row, int col, const char *what, bp_error *err)
{
	int have = row >= 0 && row < PQntuples(r) && col >= 0 && col < PQnfields(r);
	const char *name = col >= 0 && col < PQnfields(r) ? PQfname(r, col) : "?";
	if (!have)
		return bp_fail(err, BP_ERR_INTERNAL, "the query returned no row %d, column %d (%s)", row, col, name);
	if (PQgetisnull(r, row, col))
		return bp_fail(err, BP_ERR_DB, "column %s of row %d is NULL where %s belongs", name, row + 1, what);
	return bp_fail(err, BP_ERR_DB, "column %s of row %d holds '%.40s' where %s belongs", name, row + 1,
	               PQgetvalue(r, row, col), what);
}

bp_rc bp_pg_int(const PGresult *r, int row, int col, int *out, bp_error *err)
{
	long v;
	int ok = cell_long(r, row, col, INT_MIN, INT_MAX, &v);
	*out = (int)v;
	return ok ? BP_OK : bad_cell(r, row, col, "a whole number (int)", err);
}

bp_rc bp_pg_long(const PGresult *r, int row, int col, long *out, bp_error *err)
{
	return cell_long(r, row, col, LONG_MIN, LONG_MAX, out) ? BP_OK : bad_cell(r, row, col, "a whole number", err);
}

int bp_pg_int_or(const PGresult *r, int row, int col, int dflt)
{
	long v;
	return cell_long(r, row, col, INT_MIN, INT_MAX, &v) ? (int)v : dflt;
}

long bp_pg_long_or(const PGresult *r, int row, int col, long dflt)
{
	long v;
	return cell_long(r, row, col, LONG_MIN, LONG_MAX, &v) ? v : dflt;
}

char *bp_pg_text_array(bp_arena *a, const char *const *elems, size_t n)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_addc(&b, '{');
	for (size_t i = 0; i < n; i++) {
		bp_buf_adds(&b, i ? ",\"" : "\"");
		for (const char *c = elems[i]; *c; c++) {
			if (*c == '"' || *c == '\\')
				bp_buf_addc(&b, '\\');
			bp_buf_addc(&b, *c);
		}
		bp_buf_addc(&b, '"');
	}
	bp_buf_addc(&b, '}');
	char *out = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return out;
}
