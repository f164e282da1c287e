#include "report/site_index.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"

#define GROUP "index"

const char *bp_site_index_part_name(bp_arena *a, const char *gemeente)
{
	return bp_arena_printf(a, ".buurtpeil-index-%s", gemeente);
}

bp_rc bp_site_index_part_save(const char *path, const bp_site_index_part *p, bp_error *err)
{
	GKeyFile *k = g_key_file_new();
	g_key_file_set_integer(k, GROUP, "format", BP_SITE_INDEX_FORMAT);
	g_key_file_set_string(k, GROUP, "columns", p->columns);
	g_key_file_set_int64(k, GROUP, "areas", p->areas);
	g_key_file_set_boolean(k, GROUP, "synthetic", p->synthetic);
	if (p->surveys)
		g_key_file_set_string(k, GROUP, "surveys", p->surveys);
	g_key_file_set_string(k, GROUP, "sources", p->sources);
	g_key_file_set_string(k, GROUP, "maps", p->maps);
	g_key_file_set_string(k, GROUP, "rows", p->rows);
	gsize n = 0;
	gchar *data = g_key_file_to_data(k, &n, NULL);
	bp_rc rc = bp_file_write_atomic(path, data, n, err);
	g_free(data);
	g_key_file_free(k);
	return rc;
}

/* A string of the part in a; NULL when the key is missing (GKeyFile unescapes it). */
static const char *get(GKeyFile *k, const char *key, bp_arena *a)
{
	gchar *v = g_key_file_get_string(k, GROUP, key, NULL);
	const char *s = v ? bp_arena_strdup(a, v) : NULL;
	g_free(v);
	return s;
}

bp_rc bp_site_index_part_load(const char *path, const char *columns, bp_arena *a, bp_site_index_part *p,
                              bp_error *err)
{
	memset(p, 0, sizeof(*p));
	GKeyFile *k = g_key_file_new();
	GError *ge = NULL;
	bp_rc rc = BP_OK;
	if (!g_key_file_load_from_file(k, path, G_KEY_FILE_NONE, &ge)) {
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "%s: %s", path, ge->message);
		g_error_free(ge);
		goto out;
	}
	p->columns = get(k, "columns", a);
	p->rows = get(k, "rows", a);
	p->maps = get(k, "maps", a);
	p->sources = get(k, "sources", a);
	p->surveys = get(k, "surveys", a);
	p->synthetic = g_key_file_get_boolean(k, GROUP, "synthetic", NULL);
	p->areas = (long)g_key_file_get_int64(k, GROUP, "areas", &ge);
	if (ge) {
		g_error_free(ge);
		p->rows = NULL;
	}
	/* Incomplete (edited by hand, a version that kept other fields), rows of another format (no key: 1)
	 * or made for other columns. */
	if (g_key_file_get_integer(k, GROUP, "format", NULL) != BP_SITE_INDEX_FORMAT || !p->columns || !p->rows || !p->maps || !p->sources || strcmp(p->columns, columns) != 0)
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "%s: not a part of this index", path);
out:
	g_key_file_free(k);
	return rc;
}

/* The marker of a cell's period: its column's number follows, then "\">", the period and PERIOD_END. */
#define PERIOD_AT "<small class=\"periode\" data-kol=\""
#define PERIOD_END "</small>"

void bp_site_index_cell_period(bp_html *b, size_t c, const char *period)
{
	bp_html_printf(b, PERIOD_AT "%zu\"> ", c);
	bp_html_text(b, period);
	bp_html_lit(b, PERIOD_END);
}

/* The next period marker in s: its column, where its text (" PERIOD") begins and ends, where the marker
 * ends; NULL when there is none. */
static const char *next_period(const char *s, size_t *c, const char **text, size_t *len, const char **end)
{
	for (const char *p = s; (p = strstr(p, PERIOD_AT)) != NULL; p += sizeof(PERIOD_AT) - 1) {
		char *q;
		unsigned long col = strtoul(p + sizeof(PERIOD_AT) - 1, &q, 10);
		const char *close = strncmp(q, "\">", 2) == 0 ? strstr(q, PERIOD_END) : NULL;
		if (!close)
			continue;
		*c = col;
		*text = q + 2;
		*len = (size_t)(close - *text);
		*end = close + sizeof(PERIOD_END) - 1;
		return p;
	}
	return NULL;
}

const char **bp_site_index_periods(const char *rows, size_t n_cols, bp_arena *a)
{
	const char **per = bp_arena_alloc(a, (n_cols + 1) * sizeof(*per));
	char *mixed = bp_arena_alloc(a, n_cols + 1);
	memset(per, 0, (n_cols + 1) * sizeof(*per));
	memset(mixed, 0, n_cols + 1);
	size_t c, len;
	const char *text, *end;
	for (const char *p = rows; (p = next_period(p, &c, &text, &len, &end)) != NULL; p = end) {
		if (c >= n_cols || mixed[c])
			continue;
		/* text is " PERIOD": the space separates it from the value in the cell */
		const char *t = text + (len > 0);
		size_t l = len - (len > 0);
		if (!per[c])
			per[c] = bp_arena_strndup(a, t, l);
		else if (strlen(per[c]) != l || memcmp(per[c], t, l) != 0)
			mixed[c] = 1;
	}
	for (c = 0; c < n_cols; c++)
		if (mixed[c])
			per[c] = NULL;
	return per;
}

void bp_site_index_rows_emit(bp_html *b, const char *rows, const char *const *periods, size_t n_cols)
{
	size_t c, len;
	const char *text, *end, *from = rows, *p;
	while ((p = next_period(from, &c, &text, &len, &end)) != NULL) {
		bp_html_lit_(b, from, (size_t)((c < n_cols && periods[c] ? p : end) - from));
		from = end;
	}
	bp_html_lit_(b, from, strlen(from));
}
