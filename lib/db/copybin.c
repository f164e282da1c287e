/*
 * copybin.c: PostgreSQL's binary COPY format (the "Binary Format" section
 * of the COPY reference page; arrays as array_send writes them).  libpq
 * sends COPY data but does not encode it, and no Debian library does;
 * the format is a few big-endian integers around each value.
 */
#include "db/copybin.h"

#include <string.h>

#include "db/pgutil.h"

/*
 * Room for n more bytes at the end of b, b->len moved past them (the
 * caller fills them, the terminating zero is written here): one growth
 * check per field instead of one bp_buf_add per length and word, which
 * were ~12 % of compute --force's client CPU (the comparisons' 438,000
 * rows of 22 fields over all of Nederland; bench/RESULTS.md).
 */
static unsigned char *room(bp_buf *b, size_t n)
{
	bp_buf_grow(b, n);
	unsigned char *p = (unsigned char *)b->data + b->len;
	b->len += n;
	b->data[b->len] = '\0';
	return p;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void be32(bp_buf *b, uint32_t v)
{
	put32(room(b, 4), v);
}

static void be16(bp_buf *b, uint16_t v)
{
	unsigned char *p = room(b, 2);
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
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
	unsigned char *p = room(b, 4 + n);
	put32(p, (uint32_t)n);
	memcpy(p + 4, s, n);
}

void bp_copybin_int4(bp_buf *b, int32_t v)
{
	unsigned char *p = room(b, 8);
	put32(p, 4);
	put32(p + 4, (uint32_t)v);
}

void bp_copybin_float8(bp_buf *b, double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof(u));
	unsigned char *p = room(b, 12);
	put32(p, 8);
	put32(p + 4, (uint32_t)(u >> 32));
	put32(p + 8, (uint32_t)u);
}

void bp_copybin_bool(bp_buf *b, int v)
{
	unsigned char *p = room(b, 5);
	put32(p, 1);
	p[4] = v ? 1 : 0;
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
