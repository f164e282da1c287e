/*
 * resources.h: the JSON resources of /api/v1/, independent of HTTP.
 *
 * A resource reads through the prepared statements (queries.h) on the
 * connection it is given, validates every parameter against its list and
 * the catalogue, and answers a status with a JSON body: the data, or an
 * error object {"error": {"status", "message", "parameter"?, "hint"}}.
 */
#ifndef BP_API_RESOURCES_H
#define BP_API_RESOURCES_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>

/* A request's query parameters: get(ctx, name) is the value or NULL;
 * each(ctx, fn, fctx) calls fn for every name given (to refuse unknown ones). */
typedef struct bp_api_query {
	const char *(*get)(void *ctx, const char *name);
	void (*each)(void *ctx, void (*fn)(void *fctx, const char *name), void *fctx);
	void *ctx;
} bp_api_query;

typedef struct bp_api_result {
	int status;     /* 200, 400, 404, 500, 503 */
	json_t *body;   /* owned by the caller after the call */
} bp_api_result;

/* Answer path (what follows /api/v1/, e.g. "areas/WK082801"); effects: the
 * interventions' effect estimates are published (serve --effects). */
void bp_api_resource(PGconn *conn, const char *path, const bp_api_query *q, int effects, bp_api_result *out);

/* A code, id or period: 1 to max letters, digits, '_' and '-'; anything
 * else (bad UTF-8, quotes, path pieces) is refused before any query. */
int bp_api_word(const char *s, size_t max);

/* An error body, for the server's own errors too. */
json_t *bp_api_error_body(int status, const char *message, const char *parameter, const char *hint);

#endif
