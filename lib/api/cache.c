#include "api/cache.h"

#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

struct bp_api_cache {
	pthread_mutex_t lock;
	GHashTable *entries;   /* key -> bp_api_cached (owned) */
	char version[128];
	size_t bytes, max_bytes;
};

static void entry_free(void *p)
{
	bp_api_cached *e = p;
	free(e->body);
	free(e);
}

bp_api_cache *bp_api_cache_new(size_t max_bytes)
{
	bp_api_cache *c = bp_xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->entries = g_hash_table_new_full(g_str_hash, g_str_equal, free, entry_free);
	c->max_bytes = max_bytes;
	return c;
}

void bp_api_cache_free(bp_api_cache *c)
{
	if (!c)
		return;
	g_hash_table_destroy(c->entries);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int bp_api_cache_get(bp_api_cache *c, const char *version, const char *key, bp_api_cached *out)
{
	int hit = 0;
	pthread_mutex_lock(&c->lock);
	const bp_api_cached *e = strcmp(c->version, version) == 0 ? g_hash_table_lookup(c->entries, key) : NULL;
	if (e) {
		*out = *e;
		out->body = bp_xmalloc(e->len + 1);
		memcpy(out->body, e->body, e->len);
		hit = 1;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void bp_api_cache_put(bp_api_cache *c, const char *version, const char *key, const bp_api_cached *in)
{
	if (in->len > c->max_bytes / 4)
		return;   /* one huge answer would push out everything else */
	pthread_mutex_lock(&c->lock);
	if (strcmp(c->version, version) != 0 || c->bytes + in->len > c->max_bytes) {
		g_hash_table_remove_all(c->entries);
		c->bytes = 0;
		snprintf(c->version, sizeof(c->version), "%s", version);
	}
	bp_api_cached *e = bp_xmalloc(sizeof(*e));
	*e = *in;
	e->body = bp_xmalloc(in->len + 1);
	memcpy(e->body, in->body, in->len);
	const bp_api_cached *old = g_hash_table_lookup(c->entries, key);
	if (old)
		c->bytes -= old->len;
	g_hash_table_replace(c->entries, bp_xstrdup(key), e);
	c->bytes += in->len;
	pthread_mutex_unlock(&c->lock);
}
