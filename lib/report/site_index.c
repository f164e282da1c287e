#include "report/site_index.h"

#include <glib.h>
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
	/* Incomplete (edited by hand, a version that kept other fields) or made for other columns. */
	if (!p->columns || !p->rows || !p->maps || !p->sources || strcmp(p->columns, columns) != 0)
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "%s: not a part of this index", path);
out:
	g_key_file_free(k);
	return rc;
}
