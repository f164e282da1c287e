/*
 * copybin.c: PostgreSQL's binary COPY format (the "Binary Format" section
 * of the COPY reference page; arrays as array_send writes them).  libpq
 * sends COPY data but does not encode it, and no Debian library does;
 * the format is a few big-endian integers around each value.
 */
#include "db/copybin.h"

#include <string.h>

#include "db/pgutil.h"

static void be32(bp_buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	                       (unsigned char)v };
	bp_buf_add(b, c, 4);
}

static void be16(bp_buf *b, uint16_t v)
{
	unsigned char c[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	bp_buf_add(b, c, 2);
}

static void header(bp_buf *b)
{
	bp_buf_add(b, "PGCOPY\n\377\r\n", 11); /* the signature ends in a zero byte: 11 bytes */
	be32(b, 0);                             /* flags: no OIDs */
	be32(b, 0);                             /* no header extension */
}

static void trailer(bp_buf *b)
{
	be16(b, 0xffff);
}

void bp_copybin_row(bp_buf *b, int nfields)
{
	be16(b, (uint16_t)nfields);
}

void bp_copybin_null(bp_buf *b)
{
	be32(b, 0xffffffffu);
}

void bp_copybin_text(bp_buf *b, const char *s)
{
	if (!s) {
		bp_copybin_null(b);
		return;
	}
	size_t n = strlen(s);
	be32(b, (uint32_t)n);
	bp_buf_add(b, s, n);
}

void bp_copybin_int4(bp_buf *b, int32_t v)
{
	be32(b, 4);
	be32(b, (uint32_t)v);
}

void bp_copybin_float8(bp_buf *b, double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof(u));
	be32(b, 8);
	be32(b, (uint32_t)(u >> 32));
	be32(b, (uint32_t)u);
}

void bp_copybin_bool(bp_buf *b, int v)
{
	unsigned char c = v ? 1 : 0;
	be32(b, 1);
	bp_buf_add(b, &c, 1);
}

size_t bp_copybin_array_begin(bp_buf *b, uint32_t oid, int n, int has_nulls)
{
	size_t at = b->len;
	be32(b, 0);                     /* the field's length, set by bp_copybin_array_end */
	be32(b, 1);                     /* dimensions */
	be32(b, has_nulls ? 1 : 0);
	be32(b, oid);
	be32(b, (uint32_t)n);           /* elements */
	be32(b, 1);                     /* lower bound */
	return at;
}

void bp_copybin_array_end(bp_buf *b, size_t at)
{
	uint32_t n = (uint32_t)(b->len - at - 4);
	unsigned char c[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
	                       (unsigned char)n };
	memcpy(b->data + at, c, 4);
}

bp_rc bp_copybin_begin(PGconn *conn, const char *copy_sql, bp_buf *b, bp_error *err)
{
	bp_rc rc = bp_pg_copy_begin(conn, copy_sql, err);
	if (rc == BP_OK)
		header(b);
	return rc;
}

bp_rc bp_copybin_send(PGconn *conn, bp_buf *b, int last, bp_error *err)
{
	if (last)
		trailer(b);
	else if (b->len < (1u << 20))
		return BP_OK;
	bp_rc rc = bp_pg_copy_put(conn, b->data, b->len, err);
	bp_buf_reset(b);
	if (rc) {
		PQputCopyEnd(conn, "the rows were not all written");
		PQclear(PQgetResult(conn));
		return rc;
	}
	return last ? bp_pg_copy_end(conn, err) : BP_OK;
}
