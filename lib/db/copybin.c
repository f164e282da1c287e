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

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/*
 * One row's message: its fields located, each made NUL-terminated in
 * place (the byte after a field is the next field's length, already read,
 * or the terminating NUL libpq adds after every message).  *at: where the
 * row starts (after the header, in the first message); 0 at the trailer.
 */
static int split_row(char *msg, int n, size_t at, int max_fields, const char **data, int *len, int *nfields)
{
	const unsigned char *p = (const unsigned char *)msg;
	if (at + 2 > (size_t)n)
		return 0;
	int16_t nf = (int16_t)(p[at] << 8 | p[at + 1]);
	at += 2;
	*nfields = nf;
	if (nf == -1)
		return 1;
	if (nf < 0 || nf > max_fields)
		return 0;
	size_t ends[BP_COPYBIN_MAX_FIELDS];
	for (int f = 0; f < nf; f++) {
		if (at + 4 > (size_t)n)
			return 0;
		int32_t l = (int32_t)get32(p + at);
		at += 4;
		len[f] = l;
		data[f] = l < 0 ? NULL : msg + at;
		if (l > 0)
			at += (size_t)l;
		if (at > (size_t)n)
			return 0;
		ends[f] = at;
	}
	for (int f = 0; f < nf; f++)
		if (len[f] >= 0)
			msg[ends[f]] = '\0';
	return at == (size_t)n;
}

bp_rc bp_copybin_read(PGconn *conn, const char *copy_sql, int max_fields, bp_copybin_row_fn fn, void *ctx,
                      bp_error *err)
{
	static const char sig[11] = "PGCOPY\n\377\r\n";
	PGresult *r = PQexec(conn, copy_sql);
	bp_rc rc = BP_OK;
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		rc = bp_pg_fail(err, conn, r, "COPY could not start");
		PQclear(r);
		return rc;
	}
	PQclear(r);
	if (max_fields > BP_COPYBIN_MAX_FIELDS)
		max_fields = BP_COPYBIN_MAX_FIELDS;
	const char *data[BP_COPYBIN_MAX_FIELDS];
	int len[BP_COPYBIN_MAX_FIELDS];
	char *msg;
	int n, first = 1, done = 0;
	/* Every message is read to the end, also after a failure: the connection stays usable. */
	while ((n = PQgetCopyData(conn, &msg, 0)) > 0) {
		size_t at = 0;
		if (first) {
			/* signature, flags, the header extension's length and the extension */
			if (n < 19 || memcmp(msg, sig, sizeof(sig)) != 0)
				at = (size_t)n + 1;
			else
				at = 19 + get32((const unsigned char *)msg + 15);
			first = 0;
			if (at == (size_t)n) { /* the header as a message of its own */
				PQfreemem(msg);
				continue;
			}
		}
		int nf = 0;
		if (rc == BP_OK && !done) {
			if (at > (size_t)n || !split_row(msg, n, at, max_fields, data, len, &nf))
				rc = bp_fail(err, BP_ERR_DB, "a binary COPY row that cannot be read (%d bytes)", n);
			else if (nf == -1)
				done = 1;
			else
				rc = fn(ctx, nf, data, len, err);
		}
		PQfreemem(msg);
	}
	if (n == -2 && rc == BP_OK)
		rc = bp_pg_fail(err, conn, NULL, "COPY failed");
	while ((r = PQgetResult(conn))) {
		if (rc == BP_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = bp_pg_fail(err, conn, r, "COPY failed");
		PQclear(r);
	}
	if (rc == BP_OK && !done)
		rc = bp_fail(err, BP_ERR_DB, "a binary COPY without its trailer");
	return rc;
}

int32_t bp_copybin_get_int4(const char *p)
{
	return (int32_t)get32((const unsigned char *)p);
}

double bp_copybin_get_float8(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	uint64_t bits = (uint64_t)get32(u) << 32 | get32(u + 4);
	double d;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

double bp_copybin_get_float8_or(const char *p, int *has)
{
	*has = p != NULL;
	return p ? bp_copybin_get_float8(p) : 0;
}
