#include "table/pagetables.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/lang.h"

#define MINUS "\xe2\x88\x92"     /* U+2212, as core/numfmt.h writes a negative number */
#define EN_DASH "\xe2\x80\x93"   /* between an interval's ends, and "no figure" alone */

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Whether n's class attribute holds the word cls. */
static int has_class(const xmlNode *n, const char *cls)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
	int yes = 0;
	if (v) {
		size_t l = strlen(cls);
		for (const char *p = (const char *)v; (p = strstr(p, cls)) != NULL; p += l)
			if ((p == (const char *)v || p[-1] == ' ') && (p[l] == '\0' || p[l] == ' ')) {
				yes = 1;
				break;
			}
		xmlFree(v);
	}
	return yes;
}

/* s in a, ASCII whitespace collapsed and trimmed. */
static const char *collapsed(const char *s, bp_arena *a)
{
	char *out = bp_arena_alloc(a, strlen(s) + 1), *o = out;
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && o != out)
			*o++ = ' ';
		space = 0;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* The text of n and everything in it, ASCII whitespace collapsed and trimmed. */
static const char *text_of(const xmlNode *n, bp_arena *a)
{
	xmlChar *raw = xmlNodeGetContent(n);
	const char *s = collapsed(raw ? (const char *)raw : "", a);
	xmlFree(raw);
	return s;
}

/*
 * A figure cell's text without what the site's index adds beside the figure
 * (report/site_index.h): its period (small.periode) and the mark of a value
 * from an older indeling (sup.herkomst, its words in the title), which are
 * columns of their own; NULL where the cell has none.
 */
static const char *figure_text(const xmlNode *cell, bp_arena *a, const char **period, const char **origin)
{
	*period = *origin = NULL;
	bp_buf t;
	bp_buf_init(&t);
	for (const xmlNode *c = cell->children; c; c = c->next) {
		if (is_el(c, "small") && has_class(c, "periode")) {
			*period = text_of(c, a);
			continue;
		}
		if (is_el(c, "sup") && has_class(c, "herkomst")) {
			xmlChar *words = xmlGetProp(c, (const xmlChar *)"title");
			*origin = collapsed(words ? (const char *)words : "", a);
			xmlFree(words);
			continue;
		}
		xmlChar *raw = xmlNodeGetContent(c);
		if (raw)
			bp_buf_adds(&t, (const char *)raw);
		xmlFree(raw);
	}
	const char *s = collapsed(t.data, a);
	bp_buf_release(&t);
	return s;
}

/* How the page writes its numbers (core/numfmt.h): Dutch "17.942.942" and
 * "−0,5"; English (<html lang="en">) "17,942,942" and "−0.5". */
typedef struct num_style {
	char thousands, decimal;
} num_style;

static const num_style STYLE_NL = { '.', ',' }, STYLE_EN = { ',', '.' };

/*
 * A number as core/numfmt.h writes it at the start of s in the style st
 * ("17.942.942", "−0,5", "+0,3" on a Dutch page): its length in bytes, 0
 * when s does not start with one.  Hand-written: strtod knows neither the
 * decimal comma, the separator between thousands nor U+2212, and a locale
 * would be process-wide.
 */
static size_t parse_num(const char *s, const num_style *st, double *v, int *is_int, int *places)
{
	const char *p = s;
	char digits[80];
	size_t n = 0;
	if (strncmp(p, MINUS, 3) == 0) {
		digits[n++] = '-';
		p += 3;
	} else if (*p == '+' || *p == '-') {
		if (*p == '-')
			digits[n++] = '-';
		p++;
	}
	if (*p < '0' || *p > '9')
		return 0;
	*is_int = 1;
	*places = 1;
	while (n < sizeof(digits) - 2) {
		if (*p >= '0' && *p <= '9') {
			*places += !*is_int;
			digits[n++] = *p++;
		}
		else if (*p == st->thousands && *is_int && p[1] >= '0' && p[1] <= '9')
			p++;   /* between thousands */
		else if (*p == st->decimal && *is_int && p[1] >= '0' && p[1] <= '9') {
			digits[n++] = '.';
			*is_int = 0;
			p++;
		} else
			break;
	}
	digits[n] = '\0';
	*v = strtod(digits, NULL);
	return (size_t)(p - s);
}

/* A whole number, nothing before or after it. */
static int whole_num(const char *s, size_t len, const num_style *st, double *v, int *places)
{
	int is_int;
	char *c = strndup(s, len);
	size_t n = c ? parse_num(c, st, v, &is_int, places) : 0;
	int ok = n && n == len;
	free(c);
	return ok;
}

static const char *skip_space(const char *s)
{
	for (;;) {
		if (*s == ' ')
			s++;
		else if (strncmp(s, "\xc2\xa0", 2) == 0)
			s += 2;   /* no-break space */
		else if (strncmp(s, "\xe2\x80\xaf", 3) == 0)
			s += 3;   /* narrow no-break space, before a unit */
		else
			return s;
	}
}

/* A numeric cell's text taken apart. */
typedef struct num_cell {
	int kind;          /* 0 empty, 1 number, 2 text (status) */
	bp_cell value;
	const char *unit;  /* NULL: none */
	int has_iv;
	bp_cell lo, hi;
	const char *period, *origin;   /* figure_text's; NULL: none */
} num_cell;

static void read_num(const char *t, const num_style *st, bp_arena *a, num_cell *nc)
{
	memset(nc, 0, sizeof(*nc));
	if (!*t || strcmp(t, EN_DASH) == 0 || strcmp(t, "-") == 0)
		return;
	double v;
	int is_int, places;
	size_t n = parse_num(t, st, &v, &is_int, &places);
	if (!n) {
		nc->kind = 2;
		return;
	}
	nc->kind = 1;
	nc->value = is_int && v > -9e15 && v < 9e15 ? (bp_cell){ .kind = BP_CELL_INT, .i = (long long)v }
	                                            : (bp_cell){ .kind = BP_CELL_REAL, .d = v, .places = places };
	const char *rest = skip_space(t + n);
	size_t rl = strlen(rest);
	/* "(LO–HI)" at the end: the interval */
	const char *open = strrchr(rest, '(');
	if (open && rl && rest[rl - 1] == ')') {
		const char *dash = strstr(open, EN_DASH);
		double lo, hi;
		int lp, hp;
		if (dash && whole_num(open + 1, (size_t)(dash - open - 1), st, &lo, &lp) &&
		    whole_num(dash + 3, (size_t)(rest + rl - 1 - (dash + 3)), st, &hi, &hp)) {
			nc->lo = (bp_cell){ .kind = BP_CELL_REAL, .d = lo, .places = lp };
			nc->hi = (bp_cell){ .kind = BP_CELL_REAL, .d = hi, .places = hp };
			nc->has_iv = 1;
			rl = (size_t)(open - rest);
			while (rl && rest[rl - 1] == ' ')
				rl--;
		}
	}
	if (rl)
		nc->unit = bp_arena_strndup(a, rest, rl);
}

/* A row's cells as the page has them (th and td, colspan spread). */
typedef struct raw_row {
	size_t n;
	const xmlNode **cell;   /* NULL: spread by a colspan */
} raw_row;

/* The columns a cell spans (its colspan; 1 when absent or absurd). */
static size_t span_of(const xmlNode *c)
{
	xmlChar *span = xmlGetProp(c, (const xmlChar *)"colspan");
	long s = span ? strtol((const char *)span, NULL, 10) : 1;
	xmlFree(span);
	return s >= 1 && s <= 1000 ? (size_t)s : 1;
}

static raw_row row_cells(const xmlNode *tr, bp_arena *a)
{
	size_t n = 0;
	for (const xmlNode *c = tr->children; c; c = c->next)
		if (is_el(c, "td") || is_el(c, "th"))
			n += span_of(c);
	raw_row r = { n, bp_arena_alloc(a, (n + 1) * sizeof(*r.cell)) };
	memset(r.cell, 0, (n + 1) * sizeof(*r.cell));
	size_t i = 0;
	for (const xmlNode *c = tr->children; c; c = c->next)
		if (is_el(c, "td") || is_el(c, "th")) {
			r.cell[i] = c;
			i += span_of(c);
		}
	return r;
}

static int all_th(const xmlNode *tr)
{
	int any = 0;
	for (const xmlNode *c = tr->children; c; c = c->next) {
		if (is_el(c, "td"))
			return 0;
		any |= is_el(c, "th");
	}
	return any;
}

/* The table's rows: header (last of thead, or a first row of th) and body. */
static void collect_rows(const xmlNode *table, const xmlNode **head, const xmlNode ***body, size_t *n_body,
                         bp_arena *a)
{
	size_t cap = 0;
	for (const xmlNode *c = table->children; c; c = c->next)
		for (const xmlNode *r = is_el(c, "tr") ? c : c->children; r; r = is_el(c, "tr") ? NULL : r->next)
			cap += is_el(r, "tr");
	*body = bp_arena_alloc(a, (cap + 1) * sizeof(**body));
	*n_body = 0;
	*head = NULL;
	for (const xmlNode *c = table->children; c; c = c->next) {
		int in_head = is_el(c, "thead");
		for (const xmlNode *r = is_el(c, "tr") ? c : c->children; r; r = is_el(c, "tr") ? NULL : r->next) {
			if (!is_el(r, "tr"))
				continue;
			if (in_head || (!*head && *n_body == 0 && all_th(r)))
				*head = r;
			else
				(*body)[(*n_body)++] = r;
		}
	}
}

/* The table's columns and rows; en: the page is English (its numbers and the words added to column heads). */
static void table_read(const xmlNode *table, int en, bp_arena *a, bp_table *t)
{
	const num_style *st = en ? &STYLE_EN : &STYLE_NL;
	const bp_lang L = en ? BP_LANG_EN : BP_LANG_NL;
	memset(t, 0, sizeof(*t));
	for (const xmlNode *c = table->children; c; c = c->next)
		if (is_el(c, "caption"))
			t->title = text_of(c, a);
	const xmlNode *head, **body;
	size_t nb;
	collect_rows(table, &head, &body, &nb, a);
	raw_row hr = head ? row_cells(head, a) : (raw_row){ 0, NULL };
	raw_row *rows = bp_arena_alloc(a, (nb + 1) * sizeof(*rows));
	size_t nc = hr.n;
	for (size_t r = 0; r < nb; r++) {
		rows[r] = row_cells(body[r], a);
		if (rows[r].n > nc)
			nc = rows[r].n;
	}
	/* Per source column: numeric, and whether any cell has a unit or interval. */
	int *numeric = bp_arena_alloc(a, (nc + 1) * sizeof(int)), *unit = bp_arena_alloc(a, (nc + 1) * sizeof(int)),
	    *iv = bp_arena_alloc(a, (nc + 1) * sizeof(int)), *per = bp_arena_alloc(a, (nc + 1) * sizeof(int)),
	    *from = bp_arena_alloc(a, (nc + 1) * sizeof(int));
	const char **label = bp_arena_alloc(a, (nc + 1) * sizeof(*label));
	for (size_t c = 0; c < nc; c++) {
		numeric[c] = unit[c] = iv[c] = per[c] = from[c] = 0;
		label[c] = c < hr.n && hr.cell[c] ? text_of(hr.cell[c], a) : "";
		if (c < hr.n && hr.cell[c] && has_class(hr.cell[c], "num"))
			numeric[c] = 1;
	}
	num_cell **parsed = bp_arena_alloc(a, (nb + 1) * sizeof(*parsed));
	int any_status = 0;
	for (size_t r = 0; r < nb; r++) {
		parsed[r] = bp_arena_alloc(a, (nc + 1) * sizeof(**parsed));
		for (size_t c = 0; c < nc; c++) {
			const xmlNode *cell = c < rows[r].n ? rows[r].cell[c] : NULL;
			num_cell *p = &parsed[r][c];
			memset(p, 0, sizeof(*p));
			if (!cell)
				continue;
			const int figure = numeric[c] || (is_el(cell, "td") && has_class(cell, "num"));
			const char *period = NULL, *origin = NULL;
			const char *txt = figure ? figure_text(cell, a, &period, &origin) : text_of(cell, a);
			if (figure) {
				read_num(txt, st, a, p);
				p->period = period;
				p->origin = origin;
				per[c] |= period != NULL;
				from[c] |= origin != NULL;
				unit[c] |= p->unit != NULL;
				iv[c] |= p->has_iv;
				any_status |= p->kind == 2;
				if (p->kind == 2)
					p->value = (bp_cell){ .kind = BP_CELL_TEXT, .text = txt };
			} else if (*txt) {
				p->kind = 3;   /* text as it stands */
				p->value = (bp_cell){ .kind = BP_CELL_TEXT, .text = txt };
			}
		}
	}
	size_t out = any_status;
	for (size_t c = 0; c < nc; c++)
		out += 1 + unit[c] + 2 * iv[c] + per[c] + from[c];
	t->n_cols = out;
	t->labels = bp_arena_alloc(a, (out + 1) * sizeof(*t->labels));
	size_t o = 0;
	for (size_t c = 0; c < nc; c++) {
		t->labels[o++] = label[c];
		if (unit[c])
			t->labels[o++] = bp_arena_printf(a, "%s: %s", label[c], bp_tr(L, "eenheid"));
		if (iv[c]) {
			t->labels[o++] = bp_arena_printf(a, "%s: %s", label[c], bp_tr(L, "ondergrens 95%-interval"));
			t->labels[o++] = bp_arena_printf(a, "%s: %s", label[c], bp_tr(L, "bovengrens 95%-interval"));
		}
		if (per[c])
			t->labels[o++] = bp_arena_printf(a, "%s: %s", label[c], en ? "period" : "periode");
		if (from[c])
			t->labels[o++] = bp_arena_printf(a, "%s: %s", label[c],
			                                 en ? "from an older classification" : "van een oudere indeling");
	}
	if (any_status)
		t->labels[o++] = "status";
	t->n_rows = nb;
	t->cells = bp_arena_alloc(a, (nb + 1) * sizeof(*t->cells));
	bp_buf status;
	bp_buf_init(&status);
	for (size_t r = 0; r < nb; r++) {
		bp_cell *row = t->cells[r] = bp_arena_alloc(a, (out + 1) * sizeof(*row));
		memset(row, 0, (out + 1) * sizeof(*row));
		bp_buf_reset(&status);
		o = 0;
		for (size_t c = 0; c < nc; c++) {
			const num_cell *p = &parsed[r][c];
			if (p->kind == 1 || p->kind == 3)
				row[o] = p->value;
			o++;
			if (unit[c]) {
				if (p->kind == 1 && p->unit)
					row[o] = (bp_cell){ .kind = BP_CELL_TEXT, .text = p->unit };
				o++;
			}
			if (iv[c]) {
				if (p->kind == 1 && p->has_iv) {
					row[o] = p->lo;
					row[o + 1] = p->hi;
				}
				o += 2;
			}
			if (per[c]) {
				if (p->period)
					row[o] = (bp_cell){ .kind = BP_CELL_TEXT, .text = p->period };
				o++;
			}
			if (from[c]) {
				if (p->origin)
					row[o] = (bp_cell){ .kind = BP_CELL_TEXT, .text = p->origin };
				o++;
			}
			if (p->kind == 2)
				bp_buf_printf(&status, "%s%s: %s", status.len ? "; " : "", label[c], p->value.text);
		}
		if (any_status && status.len)
			row[o] = (bp_cell){ .kind = BP_CELL_TEXT, .text = bp_arena_strdup(a, status.data) };
	}
	bp_buf_release(&status);
}

/* The "bron" paragraphs right after the table (or after its scrolling wrapper, div.tabel). */
static const char *sources_after(const xmlNode *table, bp_arena *a)
{
	const xmlNode *n = table;
	while (n->parent && is_el(n->parent, "div") && has_class(n->parent, "tabel"))
		n = n->parent;
	bp_buf b;
	bp_buf_init(&b);
	for (n = n->next; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!is_el(n, "p") || !has_class(n, "bron"))
			break;
		bp_buf_printf(&b, "%s%s", b.len ? " " : "", text_of(n, a));
	}
	const char *s = b.len ? bp_arena_strdup(a, b.data) : NULL;
	bp_buf_release(&b);
	return s;
}

typedef struct walk {
	bp_arena *a;
	bp_page_tables *out;
	size_t cap, cap_notices;
} walk;

static void visit(walk *w, const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(n, "table")) {
			if (w->out->n == w->cap) {
				size_t cap = w->cap ? 2 * w->cap : 8;
				bp_page_table *t = bp_arena_alloc(w->a, cap * sizeof(*t));
				if (w->out->n)
					memcpy(t, w->out->tables, w->out->n * sizeof(*t));
				w->out->tables = t;
				w->cap = cap;
			}
			bp_page_table *pt = &w->out->tables[w->out->n++];
			table_read(n, w->out->lang && strcmp(w->out->lang, "en") == 0, w->a, &pt->t);
			pt->sources = sources_after(n, w->a);
			continue;   /* a table in a cell would be part of the cell */
		}
		if (is_el(n, "h1") && !w->out->title)
			w->out->title = text_of(n, w->a);
		if (is_el(n, "p") && (has_class(n, "let-op") || has_class(n, "stand"))) {
			if (w->out->n_notices == w->cap_notices) {
				size_t cap = w->cap_notices ? 2 * w->cap_notices : 4;
				const char **s = bp_arena_alloc(w->a, cap * sizeof(*s));
				if (w->out->n_notices)
					memcpy(s, w->out->notices, w->out->n_notices * sizeof(*s));
				w->out->notices = s;
				w->cap_notices = cap;
			}
			w->out->notices[w->out->n_notices++] = text_of(n, w->a);
		}
		if (is_el(n, "footer") && !w->out->footer) {
			for (const xmlNode *p = n->children; p; p = p->next)
				if (is_el(p, "p")) {
					w->out->footer = text_of(p, w->a);
					break;
				}
			continue;
		}
		visit(w, n->children);
	}
}

bp_rc bp_page_tables_read(const char *html, size_t len, const char *name, bp_arena *a, bp_page_tables *out,
                          bp_error *err)
{
	memset(out, 0, sizeof(*out));
	if (len > (size_t)0x7fffffff)
		return bp_fail(err, BP_ERR_PARSE, "%s: page too large to read its tables", name);
	/* Our own pages: no network, no error output (libxml2's HTML 4 parser
	 * calls section, nav and svg unknown, and keeps them). */
	htmlDocPtr doc = htmlReadMemory(html, (int)len, name, "UTF-8",
	                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		return bp_fail(err, BP_ERR_PARSE, "%s: could not read the page's tables", name);
	walk w = { a, out, 0, 0 };
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlChar *lang = root ? xmlGetProp(root, (const xmlChar *)"lang") : NULL;
	if (lang) {
		out->lang = bp_arena_strdup(a, (const char *)lang);
		xmlFree(lang);
	}
	visit(&w, root);
	xmlFreeDoc(doc);
	return BP_OK;
}
