#include "import/csvrows.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

void bp_csv_field_position(const char *data, size_t len, size_t row_offset, long row_line,
                           size_t index, char sep, long *line, long *col)
{
	const char *p = data + row_offset;
	const char *end = data + len;
	long ln = row_line, c = 1;
	size_t field = 0;
	int quoted = 0;
	while (p < end && field < index) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == sep)
			field++;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		if (*p == '\n') {
			ln++;
			c = 0;
		}
		if (((unsigned char)*p & 0xC0) != 0x80)
			c++;
		p++;
	}
	*line = ln;
	*col = c;
}

void bp_csv_open_quote_position(const char *data, size_t len, long *line, long *col)
{
	long ln = 1, c = 1;
	int quoted = 0;
	size_t closed = (size_t)-1;   /* offset of the quote that last closed a field */
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '"') {
			if (quoted) {
				quoted = 0;
				closed = i;
			} else {
				quoted = 1;
				/* a doubled quote ("") closes and reopens: not a new field */
				if (i == 0 || closed != i - 1) {
					*line = ln;
					*col = c;
				}
			}
		}
		if (data[i] == '\n') {
			ln++;
			c = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			c++;
		}
	}
}

typedef struct reader {
	bp_csv_row_fn fn;
	void *ctx;
	bp_error *err;
	bp_rc rc;
	char **fields;
	size_t *lens;
	unsigned char *null;
	size_t nf, cap;
	long row_line;
	size_t row_offset, rows;
	int row_open;
} reader;

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	if (r->rc)
		return;
	if (r->nf == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->fields = bp_xrealloc(r->fields, r->cap * sizeof(*r->fields));
		r->lens = bp_xrealloc(r->lens, r->cap * sizeof(*r->lens));
		r->null = bp_xrealloc(r->null, r->cap);
	}
	char *f = bp_xmalloc(len + 1);
	if (len)
		memcpy(f, s, len);
	f[len] = '\0';
	r->fields[r->nf] = f;
	r->lens[r->nf] = len;
	r->null[r->nf] = s == NULL;
	r->nf++;
}

static void clear_fields(reader *r)
{
	for (size_t i = 0; i < r->nf; i++)
		free(r->fields[i]);
	r->nf = 0;
}

static void on_row(int c, void *data)
{
	reader *r = data;
	(void)c;
	if (!r->rc && r->nf) {
		bp_csv_row row = { (const char *const *)r->fields, r->lens, r->null, r->nf,
		                   r->row_line, r->row_offset, r->rows };
		r->rc = r->fn(r->ctx, &row, r->err);
		r->rows++;
	}
	clear_fields(r);
	r->row_open = 0;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

bp_rc bp_csv_read(const char *path, const char *data, size_t len, char sep,
                  bp_csv_row_fn fn, void *ctx, bp_error *err)
{
	struct csv_parser p;
	reader r = { 0 };
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	/* CSV_EMPTY_IS_NULL: an empty unquoted field (R's na = "") is told apart from "". */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
		return bp_fail(err, BP_ERR_INTERNAL, "libcsv could not start");
	csv_set_delim(&p, (unsigned char)sep);
	size_t pos = 0;
	long line = 1;
	while (pos < len && !r.rc) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t chunk = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
		if (!r.row_open && !blank_line(data + pos, chunk)) {
			r.row_open = 1;
			r.row_line = line;
			r.row_offset = pos;
		}
		if (csv_parse(&p, data + pos, chunk, on_field, on_row, &r) != chunk && !r.rc) {
			bp_error_at(err, path, line, 0);
			r.rc = bp_fail(err, BP_ERR_PARSE, "malformed CSV: %s", csv_strerror(csv_error(&p)));
			bp_error_hint(err, "a quote inside a quoted field must be doubled (\"\")");
		}
		pos += chunk;
		if (nl)
			line++;
	}
	if (!r.rc && csv_fini(&p, on_field, on_row, &r) != 0 && !r.rc) {
		long ql, qc;
		bp_csv_open_quote_position(data, len, &ql, &qc);
		bp_error_at(err, path, ql, qc);
		r.rc = bp_fail(err, BP_ERR_PARSE, "the file ends inside a quoted field");
		bp_error_hint(err, "the field opened here has no closing quote; the file may be cut off");
	}
	clear_fields(&r);
	csv_free(&p);
	free(r.fields);
	free(r.lens);
	free(r.null);
	return r.rc;
}
