/* xlsx.c: a worksheet of an .xlsx workbook as rows (libzip, libxml2; see the header). */
#include "import/xlsx.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_PART (256u << 20)

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

typedef struct book {
	const char *path;
	zip_t *zip;
	bp_arena *a;
} book;

static bp_rc fail(const book *b, bp_error *err, const char *fmt, const char *arg)
{
	bp_error_at(err, b->path, 0, 0);
	return bp_fail(err, BP_ERR_PARSE, fmt, arg);
}

/* One part of the container, whole, NUL-terminated, in the arena; *found 0 if absent. */
static bp_rc read_part(book *b, const char *name, int required, char **out, size_t *len, bp_error *err)
{
	*out = NULL;
	*len = 0;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(b->zip, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
		return required ? fail(b, err, "not a workbook: the part %s is missing", name) : BP_OK;
	if (st.size > MAX_PART)
		return fail(b, err, "the part %s is larger than 256 MB", name);
	zip_file_t *f = zip_fopen(b->zip, name, 0);
	if (!f)
		return fail(b, err, "cannot open the part %s (compression or encryption libzip does not read)", name);
	char *buf = bp_arena_alloc(b->a, (size_t)st.size + 1);
	zip_int64_t got = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size)
		return fail(b, err, "the part %s is damaged (cut short or a bad checksum)", name);
	buf[st.size] = 0;
	*out = buf;
	*len = (size_t)st.size;
	return BP_OK;
}

/* Parse a part as XML: no network, no entities expanded, no DTD loaded. */
static bp_rc parse_part(book *b, const char *name, int required, xmlDoc **doc, bp_error *err)
{
	char *data;
	size_t len;
	*doc = NULL;
	bp_rc rc = read_part(b, name, required, &data, &len, err);
	if (rc || !data)
		return rc;
	if (len > INT32_MAX)
		return fail(b, err, "the part %s is too large", name);
	*doc = xmlReadMemory(data, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!*doc)
		return fail(b, err, "the part %s is not well-formed XML", name);
	return BP_OK;
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute's value into the arena (NULL if absent); ns NULL: without namespace. */
static const char *attr(book *b, xmlNode *n, const char *name, const char *ns)
{
	xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns) : xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = bp_arena_strdup(b->a, (const char *)v);
	xmlFree(v);
	return s;
}

/* The text of every <t> below n, phonetic runs (<rPh>) left out: a rich-text string's runs joined. */
static void text_of(const xmlNode *n, GString *out)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "rPh"))
			continue;
		if (is(c, "t")) {
			xmlChar *v = xmlNodeGetContent(c);
			if (v)
				g_string_append(out, (const char *)v);
			xmlFree(v);
		} else {
			text_of(c, out);
		}
	}
}

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* The sheet's part name: workbook.xml's sheet (by name or the first), through the relationships. */
static bp_rc sheet_part(book *b, const char *sheet, const char **part, bp_error *err)
{
	xmlDoc *wb = NULL, *rels = NULL;
	bp_rc rc = parse_part(b, "xl/workbook.xml", 1, &wb, err);
	if (rc)
		return rc;
	const char *rid = NULL;
	GString *names = g_string_new("");
	for (xmlNode *s = child(child(xmlDocGetRootElement(wb), "sheets"), "sheet"); s; s = s->next) {
		if (!is(s, "sheet"))
			continue;
		const char *name = attr(b, s, "name", NULL);
		g_string_append_printf(names, "%s'%s'", names->len ? ", " : "", name ? name : "");
		if (!rid && (!sheet || (name && strcmp(name, sheet) == 0)))
			rid = attr(b, s, "id", NS_REL);
	}
	if (!rid) {
		rc = fail(b, err, sheet ? "the workbook has no sheet '%s'" : "the workbook has no sheet%s", sheet ? sheet : "");
		bp_error_hint(err, "its sheets: %s", names->len ? names->str : "none");
		goto out;
	}
	if ((rc = parse_part(b, "xl/_rels/workbook.xml.rels", 1, &rels, err)))
		goto out;
	*part = NULL;
	for (xmlNode *r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
		const char *id = is(r, "Relationship") ? attr(b, r, "Id", NULL) : NULL;
		if (!id || strcmp(id, rid) != 0)
			continue;
		const char *target = attr(b, r, "Target", NULL);
		if (target)
			*part = target[0] == '/' ? target + 1 : bp_arena_printf(b->a, "xl/%s", target);
	}
	if (!*part)
		rc = fail(b, err, "the workbook's relationships do not say where sheet %s is", rid);
out:
	g_string_free(names, TRUE);
	xmlFreeDoc(wb);
	xmlFreeDoc(rels);
	return rc;
}

static bp_rc shared_strings(book *b, GPtrArray *out, bp_error *err)
{
	xmlDoc *doc;
	bp_rc rc = parse_part(b, "xl/sharedStrings.xml", 0, &doc, err);
	if (rc || !doc)
		return rc;
	GString *s = g_string_new("");
	for (xmlNode *si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
		if (!is(si, "si"))
			continue;
		g_string_truncate(s, 0);
		text_of(si, s);
		g_ptr_array_add(out, bp_arena_strdup(b->a, s->str));
	}
	g_string_free(s, TRUE);
	xmlFreeDoc(doc);
	return BP_OK;
}

/* "C7" -> column 3 (1-based); 0 if the reference has no letters. */
static size_t column_of(const char *ref)
{
	size_t col = 0;
	for (const char *p = ref; p && *p >= 'A' && *p <= 'Z' && col < 100000; p++)
		col = col * 26 + (size_t)(*p - 'A' + 1);
	return col;
}

void bp_xlsx_column_name(size_t column, char *buf, size_t size)
{
	char tmp[16];
	size_t n = 0;
	while (column > 0 && n < sizeof(tmp)) {
		tmp[n++] = (char)('A' + (column - 1) % 26);
		column = (column - 1) / 26;
	}
	size_t i = 0;
	for (; i < n && i + 1 < size; i++)
		buf[i] = tmp[n - 1 - i];
	buf[i] = 0;
}

/* A cell's text as the table reads it. */
static const char *cell_text(book *b, xmlNode *c, const GPtrArray *sst, int *bad)
{
	const char *t = attr(b, c, "t", NULL);
	GString *s = g_string_new("");
	if (t && strcmp(t, "inlineStr") == 0) {
		xmlNode *is_ = child(c, "is");
		if (is_)
			text_of(is_, s);
	} else {
		xmlNode *v = child(c, "v");
		xmlChar *x = v ? xmlNodeGetContent(v) : NULL;
		if (x)
			g_string_append(s, (const char *)x);
		xmlFree(x);
		if (t && strcmp(t, "s") == 0) {
			char *end;
			long i = strtol(s->str, &end, 10);
			if (*end || i < 0 || (guint)i >= sst->len) {
				*bad = 1;
			} else {
				g_string_assign(s, g_ptr_array_index(sst, (guint)i));
			}
		}
	}
	const char *r = bp_arena_strdup(b->a, s->str);
	g_string_free(s, TRUE);
	return r;
}

static bp_rc read_rows(book *b, xmlDoc *doc, const GPtrArray *sst, bp_xlsx_row_fn fn, void *ctx, bp_error *err)
{
	xmlNode *data = child(xmlDocGetRootElement(doc), "sheetData");
	GPtrArray *cells = g_ptr_array_new();
	bp_rc rc = BP_OK;
	long row_no = 0;
	for (xmlNode *row = data ? data->children : NULL; row && rc == BP_OK; row = row->next) {
		if (!is(row, "row"))
			continue;
		const char *r = attr(b, row, "r", NULL);
		row_no = r ? atol(r) : row_no + 1;
		g_ptr_array_set_size(cells, 0);
		size_t next = 1;
		int any = 0;
		for (xmlNode *c = row->children; c; c = c->next) {
			if (!is(c, "c"))
				continue;
			const char *ref = attr(b, c, "r", NULL);
			size_t col = ref ? column_of(ref) : next;
			if (col < next || col > 16384) {
				bp_error_at(err, b->path, row_no, (long)col);
				rc = bp_fail(err, BP_ERR_PARSE, "cell %s is out of order in its row", ref ? ref : "?");
				break;
			}
			while (next < col) {
				g_ptr_array_add(cells, (gpointer) "");
				next++;
			}
			int bad = 0;
			const char *text = cell_text(b, c, sst, &bad);
			if (bad) {
				bp_error_at(err, b->path, row_no, (long)col);
				rc = bp_fail(err, BP_ERR_PARSE, "cell %s points to a shared string the workbook does not have",
				             ref ? ref : "?");
				break;
			}
			any |= text[0] != 0;
			g_ptr_array_add(cells, (gpointer)text);
			next++;
		}
		if (rc == BP_OK && any)
			rc = fn(ctx, (const char *const *)cells->pdata, cells->len, row_no, err);
	}
	g_ptr_array_free(cells, TRUE);
	return rc;
}

bp_rc bp_xlsx_read(const char *path, const char *sheet, bp_arena *a, bp_xlsx_row_fn fn, void *ctx, bp_error *err)
{
	int ze = 0;
	book b = { .path = path, .a = a };
	b.zip = zip_open(path, ZIP_RDONLY, &ze);
	if (!b.zip) {
		zip_error_t zerr;
		zip_error_init_with_code(&zerr, ze);
		bp_error_at(err, path, 0, 0);
		bp_rc rc = bp_fail(err, ze == ZIP_ER_OPEN || ze == ZIP_ER_NOENT || ze == ZIP_ER_READ ? BP_ERR_IO : BP_ERR_PARSE,
		                   "cannot read the workbook: %s", zip_error_strerror(&zerr));
		if (ze == ZIP_ER_NOZIP)
			bp_error_hint(err, "an .xlsx file is a zip container; an old .xls or a CSV renamed is not");
		zip_error_fini(&zerr);
		return rc;
	}
	GPtrArray *sst = g_ptr_array_new();
	xmlDoc *doc = NULL;
	const char *part = NULL;
	bp_rc rc;
	if ((rc = sheet_part(&b, sheet, &part, err)) == BP_OK && (rc = shared_strings(&b, sst, err)) == BP_OK &&
	    (rc = parse_part(&b, part, 1, &doc, err)) == BP_OK)
		rc = read_rows(&b, doc, sst, fn, ctx, err);
	xmlFreeDoc(doc);
	g_ptr_array_free(sst, TRUE);
	zip_discard(b.zip);
	return rc;
}
