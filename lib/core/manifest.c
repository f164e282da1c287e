#include "core/manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fsutil.h"

void bp_manifest_init(bp_manifest *m, bp_arena *a)
{
	memset(m, 0, sizeof(*m));
	m->a = a;
}

bp_rc bp_manifest_load(const char *path, bp_arena *a, bp_manifest *m, bp_error *err)
{
	bp_manifest_init(m, a);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return BP_OK;
	char *data;
	size_t len;
	bp_rc rc = bp_file_read_all(path, a, &data, &len, err);
	if (rc)
		return rc;
	long line = 0;
	for (char *p = data; *p;) {
		char *end = strchr(p, '\n');
		if (end)
			*end = 0;
		line++;
		char *tab = strchr(p, '\t');
		if (!tab && *p && *p != '#') {
			bp_error_at(err, path, line, 1);
			return bp_fail(err, BP_ERR_PARSE, "a manifest line without a tab");
		}
		if (tab && *p != '#') {
			*tab = 0;
			bp_manifest_set(m, p, tab + 1);
		}
		if (!end)
			break;
		p = end + 1;
	}
	return BP_OK;
}

const char *bp_manifest_get(const bp_manifest *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->key[i] && strcmp(m->key[i], key) == 0)
			return m->value[i];
	return NULL;
}

void bp_manifest_set(bp_manifest *m, const char *key, const char *value)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->key[i] && strcmp(m->key[i], key) == 0) {
			m->value[i] = value ? bp_arena_strdup(m->a, value) : NULL;
			if (!value)
				m->key[i] = NULL;
			return;
		}
	if (!value)
		return;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		const char **k = bp_arena_alloc(m->a, cap * sizeof(*k)), **v = bp_arena_alloc(m->a, cap * sizeof(*v));
		if (m->n) {
			memcpy(k, m->key, m->n * sizeof(*k));
			memcpy(v, m->value, m->n * sizeof(*v));
		}
		m->key = k;
		m->value = v;
		m->cap = cap;
	}
	m->key[m->n] = bp_arena_strdup(m->a, key);
	m->value[m->n++] = bp_arena_strdup(m->a, value);
}

static int by_key(const void *p, const void *q)
{
	return strcmp(**(const char *const *const *)p, **(const char *const *const *)q);
}

bp_rc bp_manifest_save(const bp_manifest *m, const char *path, bp_error *err)
{
	/* In key order: the same outputs give the same file, however the run got there. */
	const char *const **order = bp_arena_alloc(m->a, (m->n + 1) * sizeof(*order));
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->key[i])
			order[n++] = &m->key[i];
	qsort(order, n, sizeof(*order), by_key);
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "# buurtpeil: what these outputs were rendered from (run --full renders all again)\n");
	for (size_t i = 0; i < n; i++)
		bp_buf_printf(&b, "%s\t%s\n", *order[i], m->value[order[i] - m->key]);
	bp_rc rc = bp_file_write_atomic(path, b.data, b.len, err);
	bp_buf_release(&b);
	return rc;
}
