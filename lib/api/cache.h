/*
 * cache.h: answers kept in memory per data version.
 *
 * The figures change only when a run computes again, while a dashboard
 * asks the same questions all day: an answer made once is kept under its
 * URL (with its encoding) until the data's version changes, so a repeated
 * request costs a copy instead of a query (bench/serve.sh: the views take
 * tens of milliseconds).  Bounded: past max_bytes everything is dropped
 * and the cache fills again from what is asked.
 */
#ifndef BP_API_CACHE_H
#define BP_API_CACHE_H

#include <stddef.h>

typedef struct bp_api_cache bp_api_cache;

typedef struct bp_api_cached {
	int status;
	char *body;            /* malloc'd copy on get; the caller frees it */
	size_t len;
	const char *type;      /* static strings */
	int gzipped;
	char disposition[96];
} bp_api_cached;

bp_api_cache *bp_api_cache_new(size_t max_bytes);
void bp_api_cache_free(bp_api_cache *c);

/* 1 and a copy in *out when key was stored under this version. */
int bp_api_cache_get(bp_api_cache *c, const char *version, const char *key, bp_api_cached *out);

/* Keep a copy of in under key; a new version drops the others first. */
void bp_api_cache_put(bp_api_cache *c, const char *version, const char *key, const bp_api_cached *in);

#endif
