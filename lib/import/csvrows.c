#include "import/csvrows.h"

#include <csv.h>
#include <glib.h>
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

/* The fields of the row being read live in one buffer (offsets while it grows, pointers once
 * the row is complete): one allocation per file instead of one per field. */
struct bp_csv_stream {
	const char *path;
	struct csv_parser p;
	bp_csv_row_fn fn;
	void *ctx;
	bp_error *err;
	bp_rc rc;
	char *text;
	size_t text_len, text_cap;
	size_t *offs, *lens;
	char **fields;
	unsigned char *null;
	size_t nf, cap;
	long line, row_line;
	long line_chars;             /* characters of the current line in earlier chunks */
	char sep;
	size_t pos, row_offset, rows;
	int row_open;
};

/* UTF-8 characters in s[0..n). */
static long utf8_chars(const char *s, size_t n)
{
	long c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* See the header: libcsv says only "error parsing data" there. */
long bp_csv_stray_quote(const char *s, size_t n, char sep, size_t *field)
{
	int at_start = 1, quoted = 0;
	long col = 0;
	*field = 0;
	for (size_t i = 0; i < n && s[i] != '\n'; i++) {
		col += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (s[i] == '"' && at_start)
			quoted = 1;
		else if (s[i] == '"' && quoted && i + 1 < n && s[i + 1] == '"')
			i++, col++;
		else if (s[i] == '"' && quoted)
			quoted = 0;
		else if (s[i] == '"')
			return col;
		else if (s[i] == sep && !quoted) {
			(*field)++;
			at_start = 1;
			continue;
		}
		at_start = 0;
	}
	return 0;
}

static void on_field(void *s, size_t len, void *data)
{
	bp_csv_stream *r = data;
	if (r->rc)
		return;
	if (r->nf == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->fields = bp_xrealloc(r->fields, r->cap * sizeof(*r->fields));
		r->offs = bp_xrealloc(r->offs, r->cap * sizeof(*r->offs));
		r->lens = bp_xrealloc(r->lens, r->cap * sizeof(*r->lens));
		r->null = bp_xrealloc(r->null, r->cap);
	}
	if (r->text_len + len + 1 > r->text_cap) {
		while (r->text_len + len + 1 > r->text_cap)
			r->text_cap = r->text_cap ? r->text_cap * 2 : 4096;
		r->text = bp_xrealloc(r->text, r->text_cap);
	}
	if (len)
		memcpy(r->text + r->text_len, s, len);
	r->text[r->text_len + len] = '\0';
	r->offs[r->nf] = r->text_len;
	r->lens[r->nf] = len;
	r->null[r->nf] = s == NULL;
	r->text_len += len + 1;
	r->nf++;
}

static void on_row(int c, void *data)
{
	bp_csv_stream *r = data;
	(void)c;
	if (!r->rc && r->nf) {
		for (size_t i = 0; i < r->nf; i++)
			r->fields[i] = r->text + r->offs[i];
		bp_csv_row row = { (const char *const *)r->fields, r->lens, r->null, r->nf,
		                   r->row_line, r->row_offset, r->rows };
		r->rc = r->fn(r->ctx, &row, r->err);
		r->rows++;
	}
	r->nf = 0;
	r->text_len = 0;
	r->row_open = 0;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

bp_csv_stream *bp_csv_stream_new(const char *path, char sep, bp_csv_row_fn fn, void *ctx)
{
	bp_csv_stream *r = bp_xcalloc(1, sizeof(*r));
	/* CSV_EMPTY_IS_NULL: an empty unquoted field (R's na = "") is told apart from "". */
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
		free(r);
		return NULL;
	}
	csv_set_delim(&r->p, (unsigned char)sep);
	r->sep = sep;
	r->path = path;
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	return r;
}

bp_rc bp_csv_stream_feed(bp_csv_stream *r, const char *data, size_t len, bp_error *err)
{
	r->err = err;
	size_t pos = 0;
	/* One physical line (or the part of it in this chunk) at a time: rows know their first line. */
	while (pos < len && !r->rc) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t chunk = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
		/* libcsv keeps a NUL inside a field, but every reader of the field
		 * sees a C string: the rest of it would be lost without a word. */
		const char *nul = memchr(data + pos, '\0', chunk);
		if (nul) {
			bp_error_at(err, r->path, r->line, r->line_chars + utf8_chars(data + pos, (size_t)(nul - (data + pos))) + 1);
			r->rc = bp_fail(err, BP_ERR_PARSE, "a NUL byte in the text (a text file has none)");
			bp_error_hint(err, "the file may be damaged or not a CSV file; save it again as CSV (UTF-8)");
			break;
		}
		if (!r->row_open && !blank_line(data + pos, chunk)) {
			r->row_open = 1;
			r->row_line = r->line;
			r->row_offset = r->pos + pos;
		}
		if (csv_parse(&r->p, data + pos, chunk, on_field, on_row, r) != chunk && !r->rc) {
			size_t field;
			long col = r->row_line == r->line && !r->line_chars ? bp_csv_stray_quote(data + pos, chunk, r->sep, &field) : 0;
			bp_error_at(err, r->path, r->line, col);
			if (col) {
				r->rc = bp_fail(err, BP_ERR_PARSE, "malformed CSV: a quote inside field %zu, which does not begin "
				                "with one", field + 1);
				bp_error_hint(err, "quote the whole field and double the quotes inside it (\"Kwartier \"\"De Ruwert\"\"\")");
			} else {
				r->rc = bp_fail(err, BP_ERR_PARSE, "malformed CSV: %s", csv_strerror(csv_error(&r->p)));
				bp_error_hint(err, "a quote inside a quoted field must be doubled (\"\")");
			}
		}
		if (nl) {
			r->line++;
			r->line_chars = 0;
		} else {
			r->line_chars += utf8_chars(data + pos, chunk);
		}
		pos += chunk;
	}
	r->pos += pos;
	return r->rc;
}

bp_rc bp_csv_stream_finish(bp_csv_stream *r, bp_error *err)
{
	r->err = err;
	if (!r->rc && csv_fini(&r->p, on_field, on_row, r) != 0 && !r->rc) {
		bp_error_at(err, r->path, r->row_line, 0);
		r->rc = bp_fail(err, BP_ERR_PARSE, "the file ends inside a quoted field");
		bp_error_hint(err, "the field opened here has no closing quote; the file may be cut off");
	}
	return r->rc;
}

void bp_csv_stream_free(bp_csv_stream *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	free(r->text);
	free(r->fields);
	free(r->offs);
	free(r->lens);
	free(r->null);
	free(r);
}

bp_rc bp_csv_read(const char *path, const char *data, size_t len, char sep,
                  bp_csv_row_fn fn, void *ctx, bp_error *err)
{
	bp_csv_stream *s = bp_csv_stream_new(path, sep, fn, ctx);
	if (!s)
		return bp_fail(err, BP_ERR_INTERNAL, "libcsv could not start");
	bp_rc rc = bp_csv_stream_feed(s, data, len, err);
	if (!rc) {
		rc = bp_csv_stream_finish(s, err);
		if (rc == BP_ERR_PARSE && strstr(err->message, "ends inside a quoted field")) {
			/* With the whole text at hand the opening quote itself can be shown. */
			long ql, qc;
			bp_csv_open_quote_position(data, len, &ql, &qc);
			bp_error_at(err, path, ql, qc);
		}
	}
	bp_csv_stream_free(s);
	return rc;
}

bp_rc bp_csv_text_utf8(bp_arena *a, const char *path, const char **data, size_t *len, bp_error *err)
{
	const char *d = *data;
	size_t n = *len;
	if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
		d += 3;
		n -= 3;
	}
	if (!g_utf8_validate(d, (gssize)n, NULL)) {
		gsize read = 0, written = 0;
		GError *ge = NULL;
		gchar *u = g_convert(d, (gssize)n, "UTF-8", "WINDOWS-1252", &read, &written, &ge);
		if (!u) {
			long line = 1;
			for (gsize i = 0; i < read && i < n; i++)
				line += d[i] == '\n';
			bp_error_at(err, path, line, 0);
			bp_rc rc = bp_fail(err, BP_ERR_PARSE, "the file is neither UTF-8 nor Windows-1252: %s",
			                   ge ? ge->message : "");
			g_clear_error(&ge);
			return rc;
		}
		d = bp_arena_strndup(a, u, written);
		n = written;
		g_free(u);
	}
	*data = d;
	*len = n;
	return BP_OK;
}
