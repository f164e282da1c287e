/*
 * copybin.h: rows in PostgreSQL's binary COPY format, appended to a
 * bp_buf for bp_pg_copy_put after "COPY ... FROM STDIN (FORMAT binary)".
 *
 * For the engine's bulk writes of numbers (compare_rank.c,
 * composite_calc.c): text COPY spent most of its time printing doubles in
 * the client and parsing them, and array literals, in the server.  Each
 * value must have the column's exact type (int4 is not int8, a float8[]
 * is not a numeric[]): the server refuses the row otherwise.
 */
#ifndef BP_DB_COPYBIN_H
#define BP_DB_COPYBIN_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "core/buf.h"
#include "core/error.h"

/* Type OIDs (pg_type.dat): of the arrays' elements we write, and of binary cells read (pgutil.h). */
#define BP_OID_INT4 23
#define BP_OID_TEXT 25
#define BP_OID_FLOAT8 701

void bp_copybin_row(bp_buf *b, int nfields);

void bp_copybin_null(bp_buf *b);
void bp_copybin_text(bp_buf *b, const char *s);  /* NULL: a NULL */
void bp_copybin_int4(bp_buf *b, int32_t v);
void bp_copybin_float8(bp_buf *b, double v);
void bp_copybin_bool(bp_buf *b, int v);

/*
 * A one-dimensional array of n elements of type oid: begin, then n element
 * values with the functions above (bp_copybin_null for a NULL element),
 * then end with what begin returned.
 */
size_t bp_copybin_array_begin(bp_buf *b, uint32_t oid, int n, int has_nulls);
void bp_copybin_array_end(bp_buf *b, size_t at);

/*
 * A COPY: bp_copybin_begin starts copy_sql ("COPY ... FROM STDIN (FORMAT
 * binary)") and puts the format's header in b; rows follow, each
 * bp_copybin_row and its fields, with bp_copybin_send after each: it sends
 * b's rows once they make a megabyte; with last, the trailer and the rest,
 * and ends the COPY.  A failure ends the COPY too (the caller's
 * transaction then fails).
 */
bp_rc bp_copybin_begin(PGconn *conn, const char *copy_sql, bp_buf *b, bp_error *err) BP_MUST_CHECK;
bp_rc bp_copybin_send(PGconn *conn, bp_buf *b, int last, bp_error *err) BP_MUST_CHECK;

/*
 * A "COPY ... TO STDOUT (FORMAT binary)" read a row at a time, without a
 * PGresult: fn gets each row's fields (data NULL for a NULL, else len
 * bytes followed by a NUL, so text reads as a C string; int4 and float8
 * big-endian, as bp_copybin_get_int4/float8 read them).  The row's memory
 * is reused after fn returns.  At most BP_COPYBIN_MAX_FIELDS fields; fn's
 * error stops the rows (the rest is read and dropped).
 */
#define BP_COPYBIN_MAX_FIELDS 32
typedef bp_rc (*bp_copybin_row_fn)(void *ctx, int nfields, const char *const *data, const int *len, bp_error *err);
bp_rc bp_copybin_read(PGconn *conn, const char *copy_sql, int max_fields, bp_copybin_row_fn fn, void *ctx,
                      bp_error *err) BP_MUST_CHECK;
/* A read field's int4 (its len 4) and float8 (len 8); _or: *has = 0 and 0 for a NULL (p NULL). */
int32_t bp_copybin_get_int4(const char *p);
double bp_copybin_get_float8(const char *p);
double bp_copybin_get_float8_or(const char *p, int *has);

#endif
