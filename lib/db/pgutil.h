/*
 * pgutil.h: libpq calls that report failures as a bp_error carrying the
 * server's own message, detail and hint (PostgreSQL's errmsg/errdetail/
 * errhint), so the user sees what PostgreSQL said and not only that it failed.
 */
#ifndef BP_DB_PGUTIL_H
#define BP_DB_PGUTIL_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/error.h"

/* Fill err from a failed result (or, when res is NULL, from the connection). */
bp_rc bp_pg_fail(bp_error *err, PGconn *conn, const PGresult *res, const char *what);

/* Run a statement that returns no rows. */
bp_rc bp_pg_exec(PGconn *conn, const char *sql, bp_error *err) BP_MUST_CHECK;

/*
 * Run a parameterised statement (text parameters, NULL for SQL NULL).  On
 * success *out (if not NULL) receives the result, owned by the caller
 * (PQclear); on failure nothing is returned and err is filled.
 */
bp_rc bp_pg_query(PGconn *conn, const char *sql, int nparams, const char *const *params,
                  PGresult **out, bp_error *err) BP_MUST_CHECK;

/*
 * bp_pg_query for a statement run once per area or page: prepared under
 * NAME on the connection at its first use and executed by name after, so
 * that the server plans it once per session instead of at every call (the
 * profile's series query plans in ~80 ms, over a view of three branches
 * joined to three comparison views, and runs in a few; after five runs the
 * server keeps a generic plan when it is as cheap as the custom ones).
 * NAME must be unique per SQL text across the program.
 */
bp_rc bp_pg_query_prepared(PGconn *conn, const char *name, const char *sql, int nparams,
                           const char *const *params, PGresult **out, bp_error *err) BP_MUST_CHECK;

/* COPY ... FROM STDIN: start, send bytes, finish (the server checks the data at the end). */
bp_rc bp_pg_copy_begin(PGconn *conn, const char *copy_sql, bp_error *err) BP_MUST_CHECK;
bp_rc bp_pg_copy_put(PGconn *conn, const char *data, size_t n, bp_error *err) BP_MUST_CHECK;
bp_rc bp_pg_copy_end(PGconn *conn, bp_error *err) BP_MUST_CHECK;

/* ROLLBACK, ignoring errors: used on the way out of a failed transaction. */
void bp_pg_rollback(PGconn *conn);

/* Append s to buf escaped for COPY text format (backslash, tab, newline, CR). */
struct bp_buf;
void bp_pg_copy_escape(struct bp_buf *buf, const char *s);

/* A text[] literal of n strings ("{\"a\",\"b\"}"), each quoted and escaped,
 * for a query parameter read as $k::text[]. */
struct bp_arena;
char *bp_pg_text_array(struct bp_arena *a, const char *const *elems, size_t n);

/* A float8 cell read back as a double (*has = 0 and 0 for NULL); PostgreSQL
 * prints the shortest text that reads back to the same bits. */
double bp_pg_double(const PGresult *r, int row, int col, int *has);

/*
 * A query whose cells come in PostgreSQL's binary format (for the engine's
 * bulk reads of numbers: no printing of each double in the server and
 * parsing in the client).  Text cells read as in text format (PQgetvalue,
 * NUL-terminated); numbers with bp_pg_bin_int and bp_pg_bin_double, after
 * bp_pg_bin_check_types.
 */
bp_rc bp_pg_query_binary(PGconn *conn, const char *sql, int nparams, const char *const *params,
                         PGresult **out, bp_error *err) BP_MUST_CHECK;
/* Column col of r is of type oid (e.g. BP_OID_FLOAT8, copybin.h), else BP_ERR_INTERNAL naming it. */
bp_rc bp_pg_bin_check_type(const PGresult *r, int col, unsigned oid, bp_error *err) BP_MUST_CHECK;
/* A float8 cell of a binary result (*has = 0 and 0 for NULL). */
double bp_pg_bin_double(const PGresult *r, int row, int col, int *has);
/* An int4 cell of a binary result; NULL is BP_ERR_DB naming the column and row (*out = 0). */
bp_rc bp_pg_bin_int(const PGresult *r, int row, int col, int *out, bp_error *err) BP_MUST_CHECK;

/*
 * Integer cells, read checked (never atoi/atol on PQgetvalue, which reads a
 * NULL as 0 and a malformed or out-of-range cell as whatever its digits
 * happen to give, so a wrong query becomes a wrong figure instead of an
 * error).
 *
 * bp_pg_int, bp_pg_long: the cell must hold a whole number in the type's
 * range.  NULL, anything else, or a row or column the result does not have
 * is BP_ERR_DB naming the column and row; *out is then 0.  err may be NULL
 * where the caller only needs the rc.
 */
bp_rc bp_pg_int(const PGresult *r, int row, int col, int *out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_pg_long(const PGresult *r, int row, int col, long *out, bp_error *err) BP_MUST_CHECK;

/*
 * Where NULL has a meaning (no previous version, not computed): dflt for
 * NULL; otherwise the cell must be a whole number as above, and a cell that
 * is not is also dflt (an integer column cannot hold one).
 */
int bp_pg_int_or(const PGresult *r, int row, int col, int dflt);
long bp_pg_long_or(const PGresult *r, int row, int col, long dflt);

#endif
