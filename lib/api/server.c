#include "api/server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "api/cache.h"
#include "api/charts.h"
#include "api/dashboard.h"
#include "api/openapi.h"
#include "api/pool.h"
#include "api/queries.h"
#include "api/ratelimit.h"
#include "api/resources.h"
#include "api/table.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/migrate.h"
#include "db/migrations.h"

#define API_PREFIX "/api/v1/"

struct bp_api_server {
	struct MHD_Daemon *mhd;
	bp_api_pool *pool;
	bp_api_options o;
	pthread_mutex_t log_lock;
	bp_api_cache *cache;
	bp_api_ratelimit *rate;
	/* The data's version as last read, and when (CLOCK_MONOTONIC). */
	pthread_mutex_t version_lock;
	char version[128], last_modified[64];
	int have_version;
	struct timespec version_read;
};

/* ---- query parameters through libmicrohttpd ---- */

static const char *arg_get(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

typedef struct each_ctx {
	void (*fn)(void *, const char *);
	void *fctx;
} each_ctx;

static enum MHD_Result arg_visit(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	each_ctx *e = cls;
	e->fn(e->fctx, key);
	return MHD_YES;
}

static void arg_each(void *ctx, void (*fn)(void *, const char *), void *fctx)
{
	each_ctx e = { fn, fctx };
	MHD_get_connection_values(ctx, MHD_GET_ARGUMENT_KIND, arg_visit, &e);
}

/* ---- answers ---- */

typedef struct answer {
	int status;
	char *body;            /* malloc'd */
	size_t len;
	const char *type;
	int cacheable;         /* data: ETag, Last-Modified, Cache-Control */
	char etag[128 + sizeof "\"-gz\""];  /* a version (128) in quotes, with -gz */
	char last_modified[64];
	int gzipped;
	char disposition[96];  /* Content-Disposition of a download; "" for none */
} answer;

static void answer_json(answer *an, int status, json_t *body)
{
	an->status = status;
	/* 15 digits: a double's value without its binary noise (0.1, not 0.10000000000000001). */
	an->body = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
	an->len = an->body ? strlen(an->body) : 0;
	an->type = "application/json; charset=utf-8";
	json_decref(body);
}

static void answer_error(answer *an, int status, const char *message, const char *hint)
{
	answer_json(an, status, bp_api_error_body(status, message, NULL, hint));
}

/* gzip (zlib) when the client accepts it and it pays. */
static void maybe_gzip(struct MHD_Connection *c, answer *an)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	if (an->gzipped || !ae || !strstr(ae, "gzip") || an->len < 1024 || strstr(an->type, "spreadsheetml"))
		return;   /* an XLSX is a zip already */
	z_stream z = { 0 };
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	uLong cap = deflateBound(&z, (uLong)an->len) + 32;
	unsigned char *out = bp_xmalloc(cap);
	z.next_in = (unsigned char *)an->body;
	z.avail_in = (uInt)an->len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return;
	}
	free(an->body);
	an->body = (char *)out;
	an->len = z.total_out;
	an->gzipped = 1;
	deflateEnd(&z);
}

/* The data's version: the comparisons' fingerprint and when they were
 * built, which every compute that changes a value renews (sql/013).  1 and
 * the version; 0 when there are none yet (compute has not run); -1 when
 * the database did not answer. */
static int data_version(PGconn *conn, char *version, size_t vsize, char *last_modified, size_t lsize)
{
	PGresult *r;
	bp_error err = { 0 };
	if (bp_api_exec(conn, BP_Q_VERSION, 0, NULL, &r, &err))
		return -1;
	int ok = PQntuples(r) == 1;
	if (ok) {
		snprintf(version, vsize, "%.24s-%s", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2));
		snprintf(last_modified, lsize, "%s", PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return ok;
}

static double ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) * 1e3 + (double)(now.tv_nsec - t->tv_nsec) / 1e6;
}

/* The version, read again when the last reading is older than
 * --version-check milliseconds (0: on every request).  Between readings a
 * new run is seen at most that much later; the ETag says which data an
 * answer is from. */
static int current_version(bp_api_server *s, char *version, char *last_modified)
{
	pthread_mutex_lock(&s->version_lock);
	int fresh = s->have_version && ms_since(&s->version_read) < s->o.version_check_ms;
	if (fresh) {
		memcpy(version, s->version, sizeof(s->version));
		memcpy(last_modified, s->last_modified, sizeof(s->last_modified));
	}
	pthread_mutex_unlock(&s->version_lock);
	if (fresh)
		return 1;
	bp_error err = { 0 };
	PGconn *conn = bp_api_pool_take(s->pool, &err);
	if (!conn) {
		fprintf(stderr, "buurtpeil serve: database: %s %s\n", err.message, err.detail);
		return -1;
	}
	int v = data_version(conn, version, sizeof(s->version), last_modified, sizeof(s->last_modified));
	bp_api_pool_give(s->pool, conn);
	if (v == 1) {
		pthread_mutex_lock(&s->version_lock);
		memcpy(s->version, version, sizeof(s->version));
		memcpy(s->last_modified, last_modified, sizeof(s->last_modified));
		s->have_version = 1;
		clock_gettime(CLOCK_MONOTONIC, &s->version_read);
		pthread_mutex_unlock(&s->version_lock);
	}
	return v;
}

/* The request's path and parameters as received: the cache's key. */
static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	bp_buf *b = cls;
	bp_buf_printf(b, "&%s=%s", key, value ? value : "");
	return MHD_YES;
}

/* If-None-Match: a list of tags or '*'. */
static int etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return 0;
	if (strcmp(inm, "*") == 0)
		return 1;
	size_t n = strlen(etag);
	for (const char *p = strstr(inm, etag); p; p = strstr(p + 1, etag)) {
		char after = p[n];
		if (after == '\0' || after == ',' || after == ' ')
			return 1;
	}
	return 0;
}

static void log_request(bp_api_server *s, struct MHD_Connection *c, const char *method, const char *url,
                        const answer *an, double ms)
{
	if (!s->o.access_log)
		return;
	char addr[INET6_ADDRSTRLEN] = "";
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof(addr));
	time_t now = time(NULL);
	struct tm tm;
	char ts[32];
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	/* jansson escapes whatever a client put into the URL. */
	json_t *line = json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:f}", "time", ts, "client", addr, "method", method,
	                         "path", url, "status", an->status, "bytes", (json_int_t)an->len, "ms", ms);
	char *text = line ? json_dumps(line, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	if (text) {
		pthread_mutex_lock(&s->log_lock);
		fprintf(s->o.access_log, "%s\n", text);
		fflush(s->o.access_log);
		pthread_mutex_unlock(&s->log_lock);
	}
	free(text);
	json_decref(line);
}

/* /readyz: the database answers, its schema is this binary's, and the
 * comparisons are built (else every data resource would be stale). */
static void readyz(bp_api_server *s, answer *an)
{
	bp_error err = { 0 };
	PGconn *conn = bp_api_pool_take(s->pool, &err);
	if (!conn) {
		answer_error(an, 503, "the database cannot be reached", "see serve's log");
		return;
	}
	int version = 0;
	char data[128], modified[64];
	if (bp_migrate_version(conn, &version, &err))
		answer_error(an, 503, "the database cannot be reached", "see serve's log");
	else if ((size_t)version != bp_n_migrations)
		answer_json(an, 503, json_pack("{s:s, s:i, s:i, s:s}", "status", "schema not current", "schema", version,
		                               "expected", (int)bp_n_migrations, "hint", "run 'buurtpeil db migrate'"));
	else if (data_version(conn, data, sizeof(data), modified, sizeof(modified)) != 1)
		answer_json(an, 503, json_pack("{s:s, s:s}", "status", "no comparisons", "hint", "run 'buurtpeil compute'"));
	else
		answer_json(an, 200, json_pack("{s:s, s:i}", "status", "ready", "schema", version));
	bp_api_pool_give(s->pool, conn);
}

static void produce(bp_api_server *s, struct MHD_Connection *c, const char *path, answer *an);

static void api(bp_api_server *s, struct MHD_Connection *c, const char *path, answer *an)
{
	char version[128], last_modified[64];
	int v = current_version(s, version, last_modified);
	if (v != 1) {
		answer_error(an, 503, v < 0 ? "the database did not answer" : "there are no computed values yet",
		             v < 0 ? "try again later" : "run 'buurtpeil compute' (or 'buurtpeil run') first");
		return;
	}
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	int gz = ae && strstr(ae, "gzip");
	/* The same data compressed is another representation: its own tag. */
	snprintf(an->etag, sizeof(an->etag), "\"%s%s\"", version, gz ? "-gz" : "");
	snprintf(an->last_modified, sizeof(an->last_modified), "%s", last_modified);
	an->cacheable = 1;
	if (etag_matches(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), an->etag)) {
		an->status = 304;
		return;
	}
	bp_buf key;
	bp_buf_init(&key);
	bp_buf_printf(&key, "%s%s?", gz ? "gz:" : "", path);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, key_arg, &key);
	bp_api_cached hit;
	if (bp_api_cache_get(s->cache, version, key.data, &hit)) {
		an->status = hit.status;
		an->body = hit.body;
		an->len = hit.len;
		an->type = hit.type;
		an->gzipped = hit.gzipped;
		memcpy(an->disposition, hit.disposition, sizeof(an->disposition));
	} else {
		produce(s, c, path, an);
		if (an->status == 200 && an->body) {
			maybe_gzip(c, an);
			bp_api_cached e = { an->status, an->body, an->len, an->type, an->gzipped, "" };
			memcpy(e.disposition, an->disposition, sizeof(e.disposition));
			bp_api_cache_put(s->cache, version, key.data, &e);
		}
	}
	bp_buf_release(&key);
}

/* Answer a data resource from the database. */
static void produce(bp_api_server *s, struct MHD_Connection *c, const char *path, answer *an)
{
	bp_error err = { 0 };
	PGconn *conn = bp_api_pool_take(s->pool, &err);
	if (!conn) {
		fprintf(stderr, "buurtpeil serve: database: %s %s\n", err.message, err.detail);
		answer_error(an, 503, "the database cannot be reached", "try again later");
		an->cacheable = 0;
		return;
	}
	/* A download is the same resource with the format as its extension. */
	char base[256];
	snprintf(base, sizeof(base), "%s", path);
	const char *format = "json";
	int download = 0;
	char *dot = strrchr(base, '.');
	char *slash = strrchr(base, '/');
	if (dot && (!slash || dot > slash) &&
	    (strcmp(dot, ".csv") == 0 || strcmp(dot, ".xlsx") == 0 || strcmp(dot, ".json") == 0)) {
		format = dot + 1;
		download = 1;
		*dot = '\0';
	}
	bp_api_query q = { arg_get, arg_each, c };
	if (strncmp(path, "charts/", 7) == 0) {
		bp_api_chart ch;
		bp_api_chart_answer(conn, s->o.indicators, path + 7, &q, &ch);
		bp_api_pool_give(s->pool, conn);
		if (ch.bytes) {
			an->status = 200;
			an->body = (char *)ch.bytes;
			an->len = ch.len;
			an->type = ch.type;
		} else {
			answer_json(an, ch.res.status, ch.res.body);
			if (ch.res.status != 200)
				an->cacheable = 0;
		}
		return;
	}
	bp_api_result res;
	bp_api_resource(conn, base, &q, s->o.effects, &res);
	bp_api_pool_give(s->pool, conn);
	if (res.status != 200)
		an->cacheable = 0;
	bp_api_table t;
	if (res.status == 200 && strcmp(format, "json") != 0) {
		if (!bp_api_table_from(res.body, &t)) {
			json_decref(res.body);
			answer_error(an, 404, "this resource has no table to download", "download a list: values, areas, ...");
			an->cacheable = 0;
			return;
		}
		an->status = 200;
		bp_arena *ta = bp_arena_new();
		bp_table cells;
		bp_api_table_cells(&t, ta, &cells);
		if (strcmp(format, "csv") == 0) {
			an->body = bp_table_csv(&cells, NULL, 0, &an->len);
			an->type = "text/csv; charset=utf-8";
		} else {
			const char *sheet = strrchr(base, '/') ? strrchr(base, '/') + 1 : base;
			const bp_table_book book = { .tables = &cells, .sheets = &sheet, .n = 1 };
			an->body = bp_table_xlsx(&book, &an->len);
			an->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		}
		bp_arena_free(ta);
		bp_api_table_free(&t);
		json_decref(res.body);
		if (!an->body) {
			answer_error(an, 500, "the download could not be written", "see serve's log");
			an->cacheable = 0;
		}
	} else {
		answer_json(an, res.status, res.body);
		if (!an->body)
			answer_error(an, 500, "the answer could not be written", NULL);
	}
	if (download && an->status == 200) {
		const char *name = strrchr(base, '/') ? strrchr(base, '/') + 1 : base;
		snprintf(an->disposition, sizeof(an->disposition), "attachment; filename=\"%.40s.%s\"", name, format);
	}
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)version;
	(void)upload;
	bp_api_server *s = cls;
	const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	int body = (length && strcmp(length, "0") != 0) ||
	           MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	int readable = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ||
	               strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0;
	/* A request without a body is answered at the second call, when
	 * libmicrohttpd has read all of it, so the connection stays open for
	 * the next (keep-alive).  One with a body, or a method we refuse, at
	 * the first: its body is never read, and the connection is closed. */
	static int seen;
	if (!*con_cls && readable && !body) {
		*con_cls = &seen;
		return MHD_YES;
	}
	*upload_size = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	answer an = { 0 };
	int head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	int retry_after = 0;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (s->rate && ci && ci->client_addr && ci->client_addr->sa_family == AF_INET &&
	    strcmp(url, "/healthz") != 0 && strcmp(url, "/readyz") != 0)
		retry_after = bp_api_ratelimit_take(s->rate,
			ntohl(((const struct sockaddr_in *)ci->client_addr)->sin_addr.s_addr));
	if (retry_after) {
		answer_error(&an, 429, "too many requests from this address", "wait for Retry-After seconds");
	} else if (strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0 && s->o.cors_origin && !body) {
		an.status = 204;
	} else if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && !head) {
		answer_error(&an, 405, "only GET and HEAD", "this API is read-only");
	} else if (body) {
		answer_error(&an, 413, "this API takes no request body", "send GET without a body");
	} else if (strcmp(url, "/healthz") == 0) {
		answer_json(&an, 200, json_pack("{s:s}", "status", "ok"));
	} else if (strcmp(url, "/readyz") == 0) {
		readyz(s, &an);
	} else if (strcmp(url, API_PREFIX "openapi.json") == 0) {
		an.status = 200;
		an.body = bp_xstrdup(bp_api_openapi_json);
		an.len = strlen(an.body);
		an.type = "application/json; charset=utf-8";
	} else if (strcmp(url, "/") == 0 || strcmp(url, "/dashboard") == 0) {
		an.status = 200;
		an.body = bp_xstrdup(bp_api_dashboard_html);
		an.len = strlen(an.body);
		an.type = "text/html; charset=utf-8";
	} else if (strncmp(url, API_PREFIX, strlen(API_PREFIX)) == 0) {
		api(s, c, url + strlen(API_PREFIX), &an);
	} else {
		answer_error(&an, 404, "no such resource", "the API is under /api/v1/; see /api/v1/openapi.json");
	}
	if (an.body && an.status == 200)
		maybe_gzip(c, &an);
	struct MHD_Response *r;
	if (head || !an.body)
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(an.len, an.body, MHD_RESPMEM_MUST_FREE);
	if (head || !an.body)
		free(an.body);
	if (!r)
		return MHD_NO;
	if (an.type && an.status != 304)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, an.type);
	if (an.gzipped)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (an.disposition[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, an.disposition);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (an.cacheable) {
		char cc[64];
		snprintf(cc, sizeof(cc), "public, max-age=%d", s->o.max_age);
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, an.etag);
		MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, an.last_modified);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cc);
	} else {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	}
	if (s->o.cors_origin) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, s->o.cors_origin);
		MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
		MHD_add_response_header(r, "Access-Control-Allow-Headers", "If-None-Match");
		MHD_add_response_header(r, "Access-Control-Expose-Headers", "ETag, Last-Modified");
	}
	if (retry_after) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (an.status == 405)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, s->o.cors_origin ? "GET, HEAD, OPTIONS" : "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)an.status, r);
	MHD_destroy_response(r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_request(s, c, method, url, &an, (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	return ret;
}

bp_rc bp_api_start(const bp_db *db, const bp_api_options *o, bp_api_server **out, bp_error *err)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)o->port) };
	const char *addr = o->address ? o->address : "127.0.0.1";
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return bp_fail(err, BP_ERR_USAGE, "'%s' is not an IPv4 address to listen on", addr);
	bp_api_server *s = bp_xcalloc(1, sizeof(*s));
	s->o = *o;
	pthread_mutex_init(&s->log_lock, NULL);
	pthread_mutex_init(&s->version_lock, NULL);
	s->rate = bp_api_ratelimit_new(o->rate_per_minute);
	s->cache = bp_api_cache_new((size_t)(o->cache_mib > 0 ? o->cache_mib : 32) * 1024 * 1024);
	bp_rc rc = bp_api_pool_open(db, o->gemeenten, o->db_connections > 0 ? o->db_connections : 4, &s->pool, err);
	if (rc) {
		bp_api_cache_free(s->cache);
		bp_api_ratelimit_free(s->rate);
		pthread_mutex_destroy(&s->version_lock);
		pthread_mutex_destroy(&s->log_lock);
		free(s);
		return rc;
	}
	s->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, handle, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 0 ? o->threads : 2),
		/* Limits: a request line and headers fit in 32 KiB, else 414/431;
		 * an idle or trickling client is dropped after the timeout. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(o->timeout > 0 ? o->timeout : 10),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_ip,
		MHD_OPTION_END);
	if (!s->mhd) {
		bp_api_pool_close(s->pool);
		bp_api_cache_free(s->cache);
		bp_api_ratelimit_free(s->rate);
		pthread_mutex_destroy(&s->version_lock);
		pthread_mutex_destroy(&s->log_lock);
		free(s);
		rc = bp_fail(err, BP_ERR_IO, "cannot listen on %s:%d", addr, o->port);
		bp_error_hint(err, "is the port in use? pick another with --listen ADDR:PORT");
		return rc;
	}
	*out = s;
	return BP_OK;
}

int bp_api_port(const bp_api_server *s)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	return i ? i->port : 0;
}

void bp_api_stop(bp_api_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->mhd);
	bp_api_pool_close(s->pool);
	bp_api_cache_free(s->cache);
	bp_api_ratelimit_free(s->rate);
	pthread_mutex_destroy(&s->version_lock);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
}
