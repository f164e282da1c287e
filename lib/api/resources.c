#include "api/resources.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/geojson.h"
#include "api/queries.h"
#include "core/arena.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/experience.h"
#include "engine/interval_basis.h"
#include "engine/needs.h"
#include "report/scope_label.h"

#define MAX_LIMIT 10000

json_t *bp_api_error_body(int status, const char *message, const char *parameter, const char *hint)
{
	json_t *e = json_pack("{s:i, s:s, s:s}", "status", status, "message", message, "hint", hint ? hint : "");
	if (parameter)
		json_object_set_new(e, "parameter", json_string(parameter));
	return json_pack("{s:o}", "error", e);
}

static void fail(bp_api_result *out, int status, const char *parameter, const char *hint, const char *fmt, ...)
	BP_PRINTF(5, 6);
static void fail(bp_api_result *out, int status, const char *parameter, const char *hint, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_decref(out->body);
	out->status = status;
	out->body = bp_api_error_body(status, msg, parameter, hint);
}

/* The database failed: the server's text stays in the log, not the answer. */
static void fail_db(bp_api_result *out, const bp_error *err)
{
	fprintf(stderr, "buurtpeil serve: database: %s %s\n", err->message, err->detail);
	fail(out, 503, NULL, "try again later; if it persists, the administrator finds the cause in serve's log",
	     "the database did not answer");
}

/* Cells as JSON: NULL is null, never 0. */
static json_t *cell_str(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? json_null() : json_string(PQgetvalue(r, row, col));
}

static json_t *cell_num(const PGresult *r, int row, int col)
{
	int has = 0;
	double d = bp_pg_double(r, row, col, &has);
	return has && isfinite(d) ? json_real(d) : json_null();
}

/* NULL is JSON null (not computed, no ranking); anything else must be a whole number: a cell that is
 * not is a query's fault, logged, and never passed on as the number its digits happen to give. */
static json_t *cell_int(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return json_null();
	long v;
	bp_error err = { 0 };
	if (bp_pg_long(r, row, col, &v, &err)) {
		fprintf(stderr, "buurtpeil serve: %s %s\n", err.message, err.detail);
		return json_null();
	}
	return json_integer(v);
}

static json_t *cell_bool(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? json_null() : json_boolean(PQgetvalue(r, row, col)[0] == 't');
}

/* ---- parameters ---- */

typedef struct allowed {
	const char *const *names;
	const char *bad;
} allowed;

static void check_name(void *fctx, const char *name)
{
	allowed *al = fctx;
	if (al->bad)
		return;
	for (const char *const *n = al->names; *n; n++)
		if (strcmp(*n, name) == 0)
			return;
	al->bad = name;
}

/* Every parameter given is one the resource knows: a typo is an error,
 * never a filter silently ignored. */
static int only(const bp_api_query *q, const char *const *names, bp_api_result *out)
{
	allowed al = { names, NULL };
	q->each(q->ctx, check_name, &al);
	if (!al.bad)
		return 1;
	char list[256] = "";
	for (const char *const *n = names; *n; n++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", n == names ? "" : ", ", *n);
	fail(out, 400, al.bad, *names ? list : "this resource takes no parameters", "unknown parameter '%.100s'",
	     al.bad);
	return 0;
}

int bp_api_word(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return 0;
	return 1;
}

static const char *param_word(const bp_api_query *q, const char *name, const char *hint, bp_api_result *out, int *ok)
{
	const char *v = q->get(q->ctx, name);
	if (v && !bp_api_word(v, 64)) {
		fail(out, 400, name, hint, "parameter '%s' is not a valid value", name);
		*ok = 0;
	}
	return v;
}

static int param_uint(const bp_api_query *q, const char *name, long dflt, long max, long *val, bp_api_result *out)
{
	const char *v = q->get(q->ctx, name);
	*val = dflt;
	if (!v)
		return 1;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 0 || n > max || strlen(v) > 9) {
		char hint[64];
		snprintf(hint, sizeof(hint), "a whole number from 0 to %ld", max);
		fail(out, 400, name, hint, "parameter '%s' is not a valid number", name);
		return 0;
	}
	*val = n;
	return 1;
}

/* 1 when the statement finds a row for key; else the 404 naming it. */
static int exists(PGconn *conn, bp_api_stmt s, const char *key, const char *what, const char *parameter,
                  const char *hint, bp_api_result *out)
{
	PGresult *r;
	bp_error err = { 0 };
	if (bp_api_exec(conn, s, 1, &key, &r, &err)) {
		fail_db(out, &err);
		return 0;
	}
	int n = PQntuples(r);
	PQclear(r);
	if (!n)
		fail(out, 404, parameter, hint, "unknown %s '%s'", what, key);
	return n > 0;
}

static const char *const levels[] = { "land", "gemeente", "wijk", "buurt", "custom", NULL };

static int valid_level(const char *l)
{
	for (const char *const *p = levels; *p; p++)
		if (strcmp(*p, l) == 0)
			return 1;
	return 0;
}

/* ---- resources ---- */

static void gemeenten(PGconn *conn, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { NULL };
	if (!only(q, names, out))
		return;
	PGresult *r;
	bp_error err = { 0 };
	if (bp_api_exec(conn, BP_Q_GEMEENTEN, 0, NULL, &r, &err)) {
		fail_db(out, &err);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(list, json_pack("{s:o, s:o, s:o}", "code", cell_str(r, i, 0), "name",
		                                      cell_str(r, i, 1), "indeling_year", cell_int(r, i, 2)));
	PQclear(r);
	out->body = json_pack("{s:o}", "gemeenten", list);
}

static json_t *area_json(const PGresult *r, int i)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "code", cell_str(r, i, 0), "name", cell_str(r, i, 1), "level",
	                 cell_str(r, i, 2), "indeling_year", cell_int(r, i, 3), "parent", cell_str(r, i, 4),
	                 "gemeente", cell_str(r, i, 5));
}

/* ?geometry=1: the parameter's one accepted value; else a 400 naming it. */
static int want_geometry(const bp_api_query *q, bp_api_result *out, int *ok)
{
	const char *v = q->get(q->ctx, "geometry");
	if (!v)
		return 0;
	if (strcmp(v, "1") != 0) {
		fail(out, 400, "geometry", "geometry=1 adds each area's border as GeoJSON", "parameter 'geometry' is not 1");
		*ok = 0;
	}
	return 1;
}

/* Each area object of list gets "geometry": its border (GeoJSON, WGS84)
 * or null; key is the area or gemeente whose borders are read. */
static int attach_geometry(PGconn *conn, const char *key, json_t *list, bp_api_result *out)
{
	PGresult *r;
	bp_error err = { 0 };
	const char *p[] = { key, NULL };
	if (bp_api_exec(conn, BP_Q_GEOMETRY, 2, p, &r, &err)) {
		fail_db(out, &err);
		return 0;
	}
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a)
		json_object_set_new(a, "geometry", json_null());
	for (int row = 0; row < PQntuples(r); row++) {
		const char *code = PQgetvalue(r, row, 0);
		long year;
		if (bp_pg_long(r, row, 1, &year, &err)) {
			PQclear(r);
			fprintf(stderr, "buurtpeil serve: borders: %s %s\n", err.message, err.detail);
			fail(out, 500, NULL, "see serve's log", "a border's indeling year could not be read");
			return 0;
		}
		json_array_foreach(list, i, a) {
			if (strcmp(json_string_value(json_object_get(a, "code")), code) != 0 ||
			    json_integer_value(json_object_get(a, "indeling_year")) != year)
				continue;
			size_t len = 0;
			unsigned char *wkb = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, 2), &len);
			json_t *g = wkb ? bp_api_geojson(wkb, len, &err) : NULL;
			PQfreemem(wkb);
			if (!g) {
				PQclear(r);
				fprintf(stderr, "buurtpeil serve: border of %s: %s %s\n", code, err.message, err.detail);
				fail(out, 500, NULL, "see serve's log", "a border could not be read");
				return 0;
			}
			json_object_set_new(a, "geometry", g);
		}
	}
	PQclear(r);
	return 1;
}

static void areas(PGconn *conn, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { "gemeente", "level", "indeling", "geometry", NULL };
	if (!only(q, names, out))
		return;
	int ok = 1;
	int geometry = want_geometry(q, out, &ok);
	const char *gem = param_word(q, "gemeente", "a CBS gemeente code such as GM0828", out, &ok);
	const char *level = param_word(q, "level", "land, gemeente, wijk, buurt or custom", out, &ok);
	long indeling;
	if (!ok || !param_uint(q, "indeling", -1, 9999, &indeling, out))
		return;
	if (level && !valid_level(level)) {
		fail(out, 400, "level", "land, gemeente, wijk, buurt or custom", "unknown level '%s'", level);
		return;
	}
	if (geometry && !gem) {
		fail(out, 400, "geometry", "borders come per gemeente: add gemeente=GM....", "geometry=1 needs a gemeente");
		return;
	}
	if (gem && !exists(conn, BP_Q_GEMEENTE, gem, "gemeente", "gemeente", "see /api/v1/gemeenten", out))
		return;
	char ind[16];
	snprintf(ind, sizeof(ind), "%ld", indeling);
	const char *p[] = { gem, level, indeling >= 0 ? ind : NULL };
	PGresult *r;
	bp_error err = { 0 };
	if (bp_api_exec(conn, BP_Q_AREAS, 3, p, &r, &err)) {
		fail_db(out, &err);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(list, area_json(r, i));
	PQclear(r);
	if (geometry && !attach_geometry(conn, gem, list, out)) {
		json_decref(list);
		return;
	}
	out->body = json_pack("{s:o}", "areas", list);
}

static void indicators(PGconn *conn, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { NULL };
	if (!only(q, names, out))
		return;
	PGresult *r;
	bp_error err = { 0 };
	if (bp_api_exec(conn, BP_Q_INDICATORS, 0, NULL, &r, &err)) {
		fail_db(out, &err);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		json_t *periods = PQgetisnull(r, i, 9) ? json_array() : json_loads(PQgetvalue(r, i, 9), 0, NULL);
		/* An indicator of RIVM's small-area model estimates, or a composite index of them, says so
		 * here too, not only on each value (value_json): a client listing the indicators must not
		 * take them for measurements. */
		int model = bp_needs_model_based(PQgetvalue(r, i, 3), PQgetisnull(r, i, 7) ? NULL : PQgetvalue(r, i, 7));
		json_array_append_new(list, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
			"id", cell_str(r, i, 0), "title", cell_str(r, i, 1), "theme", cell_str(r, i, 2),
			"kind", cell_str(r, i, 3), "unit", cell_str(r, i, 4), "decimals", cell_int(r, i, 5),
			"polarity", cell_str(r, i, 6), "source", cell_str(r, i, 7), "role", cell_str(r, i, 8),
			"periods", periods ? periods : json_array(), "synthetic", cell_bool(r, i, 10), "model_estimate", model));
	}
	PQclear(r);
	out->body = json_pack("{s:o}", "indicators", list);
}

/* Columns of BP_Q_VALUES, in its order. */
enum { V_IND, V_AREA, V_NAME, V_LEVEL, V_INDELING, V_PERIOD, V_VALUE, V_LO, V_HI, V_STATUS, V_SUPP, V_EST, V_SYN,
       V_GEM, L_CODE, L_REF, L_DIFF, L_PCT, L_N, L_WORST, L_WHY, L_NATIONAL, L_SCOPE_N, G_CODE, G_REF, G_DIFF,
       G_PCT, G_N, G_WORST, G_WHY, P_PERIOD, P_REF, P_DIFF, P_SIG, I_UNIT, I_DEC, I_SOURCE, V_TRANSLATED,
       V_FROM, V_NOTE, I_KIND, V_RESPONDENTS, L_REF_LO, L_REF_HI, G_REF_LO, G_REF_HI, V_SURVEY_RESULT };

static json_t *comparison(const PGresult *r, int i, int code, int national_col, int level_col)
{
	if (PQgetisnull(r, i, code))
		return json_null();
	/* A percentile or decile over fewer than BP_COMPARE_MIN_DECILE_AREAS areas
	 * claims more than the figures are (compare.h): null, with the reason and
	 * the number that was ranked, and the minimum so a client can say so.  The
	 * engine stores none there; this stays as a guard (the same rule). */
	long n_ranked = PQgetisnull(r, i, code + 4) ? -1 : atol(PQgetvalue(r, i, code + 4));
	int too_few = !PQgetisnull(r, i, code + 3) && n_ranked < BP_COMPARE_MIN_DECILE_AREAS;
	json_t *c = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i}", "reference", cell_str(r, i, code),
		"reference_value", cell_num(r, i, code + 1), "difference", cell_num(r, i, code + 2),
		"percentile", too_few ? json_null() : cell_num(r, i, code + 3), "n_ranked", cell_int(r, i, code + 4),
		"worst_decile", too_few ? json_null() : cell_bool(r, i, code + 5),
		"not_ranked_reason", too_few ? json_string("too_few_areas") : cell_str(r, i, code + 6),
		"min_ranked", BP_COMPARE_MIN_DECILE_AREAS);
	/* The reference's own interval where its value is a survey estimate too
	 * (the gemeente's share from the same survey): the pages show it beside
	 * the reference's figure, so the API does not hand it out as exact. */
	int lo = code == L_CODE ? L_REF_LO : code == G_CODE ? G_REF_LO : -1;
	json_object_set_new(c, "reference_interval",
		lo < 0 || PQgetisnull(r, i, code + 1) || PQgetisnull(r, i, lo) || PQgetisnull(r, i, lo + 1) ? json_null()
		: json_pack("{s:o, s:o, s:f}", "low", cell_num(r, i, lo), "high", cell_num(r, i, lo + 1), "level", 0.95));
	/* Only a distribution over every gemeente of Nederland is national
	 * (bp.distribution_scope): the same rule as every page. */
	if (national_col >= 0) {
		/* And in the pages' own words (bp_scope_phrase), so that a client that
		 * shows "percentiel" next to "land" cannot call 16 wijken of one
		 * monitor Nederland. */
		int national = !PQgetisnull(r, i, national_col) && strcmp(PQgetvalue(r, i, national_col), "t") == 0;
		long n = PQgetisnull(r, i, national_col + 1) ? -1 : atol(PQgetvalue(r, i, national_col + 1));
		bp_arena *a = bp_arena_new();
		json_object_set_new(c, "scope", json_pack("{s:b, s:o, s:s}", "national", national,
			"n", cell_int(r, i, national_col + 1), "description",
			bp_scope_phrase(a, PQgetvalue(r, i, level_col), n, national)));
		bp_arena_free(a);
	}
	return c;
}

/* What the value's interval is, or why it has none, in the API's word and the pages' words in L (the
 * same rule for /values and /needs: engine/interval_basis.h). */
static void interval_basis(json_t *v, bp_interval_basis b, bp_lang L)
{
	json_object_set_new(v, "interval_basis", json_string(bp_interval_basis_name(b)));
	json_object_set_new(v, "interval_note", json_string(bp_interval_basis_text(b, L)));
	/* A translated span runs from the lowest to the highest bound of the
	 * areas a value came from: no confidence level of its own, so its
	 * "level" is null rather than a 95% it does not have. */
	json_t *interval = json_object_get(v, "interval");
	if (b == BP_IB_TRANSLATED_SPAN && json_is_object(interval))
		json_object_set_new(interval, "level", json_null());
}

static json_t *value_json(const PGresult *r, int i, bp_lang L)
{
	json_t *interval = PQgetisnull(r, i, V_LO) || PQgetisnull(r, i, V_HI) ? json_null() :
		json_pack("{s:o, s:o, s:f}", "low", cell_num(r, i, V_LO), "high", cell_num(r, i, V_HI), "level", 0.95);
	json_t *prev = PQgetisnull(r, i, P_PERIOD) ? json_null() :
		json_pack("{s:o, s:o, s:o, s:o}", "period", cell_str(r, i, P_PERIOD), "reference_value",
		          cell_num(r, i, P_REF), "difference", cell_num(r, i, P_DIFF), "significant", cell_bool(r, i, P_SIG));
	json_t *v = json_pack("{s:o, s:{s:o, s:o, s:o, s:o}, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o}}",
		"indicator", cell_str(r, i, V_IND),
		"area", "code", cell_str(r, i, V_AREA), "name", cell_str(r, i, V_NAME), "level", cell_str(r, i, V_LEVEL),
		"gemeente", cell_str(r, i, V_GEM),
		"indeling_year", cell_int(r, i, V_INDELING), "period", cell_str(r, i, V_PERIOD),
		"value", cell_num(r, i, V_VALUE), "unit", cell_str(r, i, I_UNIT), "decimals", cell_int(r, i, I_DEC),
		"interval", interval, "status", cell_str(r, i, V_STATUS), "suppressed_reason", cell_str(r, i, V_SUPP),
		"estimate", cell_bool(r, i, V_EST), "synthetic", cell_bool(r, i, V_SYN), "source", cell_str(r, i, I_SOURCE),
		"comparisons", "land", comparison(r, i, L_CODE, L_NATIONAL, V_LEVEL), "gemeente", comparison(r, i, G_CODE, -1, -1),
		"previous_period", prev);
	/* A value carried over from another indeling says so (sql/027): never
	 * one a client could take for a measurement on these borders. */
	json_object_set_new(v, "translated", cell_bool(r, i, V_TRANSLATED));
	json_object_set_new(v, "from_indeling_year", cell_int(r, i, V_FROM));
	json_object_set_new(v, "note", cell_str(r, i, V_NOTE));
	/* RIVM's figures per wijk and buurt are small-area model estimates, not
	 * measured there (the pages' "modelschatting"), and so is a composite
	 * index of them ("uit modelschattingen"; /composites says the same of
	 * it); a synthetic value is none, as there.  "estimate" is something
	 * else: buurtpeil's own aggregate of a published share over a custom area. */
	const char *src = PQgetisnull(r, i, I_SOURCE) ? NULL : PQgetvalue(r, i, I_SOURCE);
	json_object_set_new(v, "model_estimate",
		json_boolean(bp_needs_model_based(PQgetvalue(r, i, I_KIND), src) &&
		             !json_is_true(json_object_get(v, "synthetic"))));
	bp_value_facts f = { .kind = PQgetvalue(r, i, I_KIND), .source = src, .has_value = !PQgetisnull(r, i, V_VALUE),
	                     .has_interval = !json_is_null(interval), .estimate = json_is_true(json_object_get(v, "estimate")),
	                     .respondents = PQgetvalue(r, i, V_RESPONDENTS)[0] == 't',
	                     .survey_result = PQgetvalue(r, i, V_SURVEY_RESULT)[0] == 't',
	                     .apportioned = json_is_true(json_object_get(v, "translated")) };
	interval_basis(v, bp_interval_basis_of(&f), L);
	return v;
}

typedef struct value_filter {
	const char *indicator, *area, *level, *gemeente, *period;
	int latest;
	long limit, offset;
	bp_lang lang;   /* of interval_note */
} value_filter;

/* The lang parameter (nl, the default, or en) into *L: the language of the
 * words for a reader (interval_note), as the charts take it; field names,
 * codes and CSV headers stay as they are.  0 after a 400. */
static int param_lang(const bp_api_query *q, bp_lang *L, bp_api_result *out)
{
	const char *lang = q->get(q->ctx, "lang");
	*L = BP_LANG_NL;
	if (!lang || strcmp(lang, "nl") == 0)
		return 1;
	if (strcmp(lang, "en") == 0) {
		*L = BP_LANG_EN;
		return 1;
	}
	fail(out, 400, "lang", "nl or en", "unknown language");
	return 0;
}

/* The values of f as a JSON array; NULL after a failure (out says it). */
static json_t *values_query(PGconn *conn, const value_filter *f, bp_api_result *out)
{
	char lim[24], off[24];
	snprintf(lim, sizeof(lim), "%ld", f->limit);
	snprintf(off, sizeof(off), "%ld", f->offset);
	const char *p[] = { f->indicator, f->area, f->level, f->gemeente, f->period, f->latest ? "t" : "f", lim, off };
	PGresult *r;
	bp_error err = { 0 };
	if (bp_api_exec(conn, BP_Q_VALUES, 8, p, &r, &err)) {
		fail_db(out, &err);
		return NULL;
	}
	json_t *list = json_array();
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(list, value_json(r, i, f->lang));
	PQclear(r);
	return list;
}

static void values(PGconn *conn, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { "indicator", "area", "level", "gemeente", "period", "limit", "offset", "lang",
	                                     NULL };
	if (!only(q, names, out))
		return;
	int ok = 1;
	value_filter f = { 0 };
	if (!param_lang(q, &f.lang, out))
		return;
	f.indicator = param_word(q, "indicator", "an indicator id from /api/v1/indicators", out, &ok);
	f.area = param_word(q, "area", "an area code from /api/v1/areas", out, &ok);
	f.level = param_word(q, "level", "land, gemeente, wijk, buurt or custom", out, &ok);
	f.gemeente = param_word(q, "gemeente", "a gemeente code from /api/v1/gemeenten", out, &ok);
	f.period = param_word(q, "period", "a period from the indicator's periods, e.g. 2024", out, &ok);
	if (!ok || !param_uint(q, "limit", 1000, MAX_LIMIT, &f.limit, out) ||
	    !param_uint(q, "offset", 0, 100000000, &f.offset, out))
		return;
	if (f.level && !valid_level(f.level)) {
		fail(out, 400, "level", "land, gemeente, wijk, buurt or custom", "unknown level '%s'", f.level);
		return;
	}
	if (!f.indicator && !f.area && !f.gemeente) {
		fail(out, 400, "indicator", "give at least one of indicator, area or gemeente",
		     "the values need a filter");
		return;
	}
	if ((f.indicator && !exists(conn, BP_Q_INDICATOR, f.indicator, "indicator", "indicator",
	                            "see /api/v1/indicators", out)) ||
	    (f.area && !exists(conn, BP_Q_AREA, f.area, "area", "area", "see /api/v1/areas", out)) ||
	    (f.gemeente && !exists(conn, BP_Q_GEMEENTE, f.gemeente, "gemeente", "gemeente", "see /api/v1/gemeenten", out)))
		return;
	json_t *list = values_query(conn, &f, out);
	if (!list)
		return;
	json_t *next = (long)json_array_size(list) == f.limit ? json_integer(f.offset + f.limit) : json_null();
	out->body = json_pack("{s:o, s:I, s:o}", "values", list, "offset", (json_int_t)f.offset, "next_offset", next);
}

static void area_profile(PGconn *conn, const char *code, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { "geometry", "lang", NULL };
	if (!only(q, names, out))
		return;
	int ok = 1;
	int geometry = want_geometry(q, out, &ok);
	bp_lang L;
	if (!ok || !param_lang(q, &L, out))
		return;
	if (!bp_api_word(code, 64)) {
		fail(out, 400, "area", "an area code from /api/v1/areas", "not a valid area code");
		return;
	}
	PGresult *r;
	bp_error err = { 0 };
	const char *p[] = { code };
	if (bp_api_exec(conn, BP_Q_AREA, 1, p, &r, &err)) {
		fail_db(out, &err);
		return;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		fail(out, 404, "area", "see /api/v1/areas", "unknown area '%s'", code);
		return;
	}
	json_t *area = area_json(r, 0);
	json_object_set_new(area, "gemeente_name", cell_str(r, 0, 6));
	PQclear(r);
	if (geometry) {
		json_t *one = json_pack("[O]", area);
		int got = attach_geometry(conn, code, one, out);
		json_decref(one);
		if (!got) {
			json_decref(area);
			return;
		}
	}
	value_filter f = { .area = code, .latest = 1, .limit = MAX_LIMIT, .lang = L };
	json_t *list = values_query(conn, &f, out);
	if (!list) {
		json_decref(area);
		return;
	}
	out->body = json_pack("{s:o, s:o}", "area", area, "values", list);
}

static json_t *num_or_null(double d)
{
	return isfinite(d) ? json_real(d) : json_null();
}

static json_t *need_json(const bp_need_item *it, int synthetic, bp_lang L)
{
	json_t *interval = isfinite(it->ci_low) && isfinite(it->ci_high) ?
		json_pack("{s:f, s:f, s:f}", "low", it->ci_low, "high", it->ci_high, "level", 0.95) : json_null();
	/* the gemeente's figure is a survey estimate too where it has an interval: never a bare number */
	json_t *gem_interval = isfinite(it->gemeente_ci_low) && isfinite(it->gemeente_ci_high) ?
		json_pack("{s:f, s:f, s:f}", "low", it->gemeente_ci_low, "high", it->gemeente_ci_high, "level", 0.95)
		: json_null();
	/* A change says since when and whether it exceeds chance, as the overview's
	 * "+1,2 sinds 2016 (niet getoetst: geen intervallen)"; a missing interval
	 * says why in interval_basis (below). */
	json_t *sig = it->change_significant < 0 || !isfinite(it->change) ? json_null()
	            : json_boolean(it->change_significant);
	json_t *item = json_pack("{s:s, s:s?, s:i, s:s?, s:s?, s:o, s:o, s:o, s:o, s:o, s:s, s:{s:o, s:I, s:b, s:i}, "
	                         "s:b, s:b, s:o, s:s?, s:o, s:s?, s:b, s:b}",
		"indicator", it->indicator_id, "title", it->title, "theme_rank", it->theme_rank, "period", it->period,
		"unit", it->unit, "value", num_or_null(it->value), "gemeente_value", num_or_null(it->gemeente_value),
		"gemeente_interval", gem_interval, "relative_worse", num_or_null(it->relative_worse), "interval", interval,
		"uncertainty", bp_needs_uncertainty_name(it->uncertainty),
		"percentile", "value", num_or_null(it->percentile), "n", (json_int_t)it->percentile_n,
		"national", it->percentile_national, "min_ranked", BP_COMPARE_MIN_DECILE_AREAS,
		"by_percentile", it->by_percentile, "by_gemeente", it->by_gemeente,
		"change", num_or_null(it->change),
		"previous_period", isfinite(it->change) ? it->previous_period : NULL, "change_significant", sig,
		"source", it->source, "synthetic", synthetic,
		/* RIVM's figures and indices of them are model estimates, a synthetic one is not (as value_json) */
		"model_estimate", bp_needs_model_based(it->kind, it->source) && !synthetic);
	/* The indicator's decimals, as /values gives them: the JSON keeps every
	 * digit, the CSV writes the figures in the unit with them (table.c), as
	 * the needs overview shows them. */
	json_object_set_new(item, "decimals", json_integer(it->decimals));
	/* The value's own basis, as /values gives it; `uncertainty` stays: the
	 * indicator's kind of figure, the needs CSV's column. */
	bp_value_facts f = { .kind = it->kind, .source = it->source, .has_value = isfinite(it->value),
	                     .has_interval = !json_is_null(interval), .estimate = it->estimate,
	                     .respondents = it->respondents, .survey_result = it->survey_result,
	                     .apportioned = it->origin && strcmp(it->origin, "translated") == 0 };
	interval_basis(item, bp_interval_basis_of(&f), L);
	return item;
}

/* The needs overview as the report computes it (engine/needs.c). */
static void needs(PGconn *conn, const char *gem, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { "level", "period", "lang", NULL };
	bp_lang L;
	if (!only(q, names, out) || !param_lang(q, &L, out))
		return;
	int ok = 1;
	bp_needs_options o = { .gemeente = gem };
	o.level = param_word(q, "level", "wijk, buurt, custom or gemeente", out, &ok);
	o.period = param_word(q, "period", "a period such as 2024", out, &ok);
	if (!ok)
		return;
	if (!bp_api_word(gem, 64)) {
		fail(out, 400, "gemeente", "a gemeente code from /api/v1/gemeenten", "not a valid gemeente code");
		return;
	}
	if (o.level && (!valid_level(o.level) || strcmp(o.level, "land") == 0)) {
		fail(out, 400, "level", "wijk, buurt, custom or gemeente", "unknown level '%s'", o.level);
		return;
	}
	if (!exists(conn, BP_Q_GEMEENTE, gem, "gemeente", "gemeente", "see /api/v1/gemeenten", out))
		return;
	bp_arena *a = bp_arena_new();
	bp_needs_result res;
	bp_error err = { 0 };
	if (bp_needs_query(conn, &o, a, &res, &err)) {
		bp_pg_rollback(conn);
		if (err.rc == BP_ERR_NOT_FOUND)
			fail(out, 404, "gemeente", "see /api/v1/gemeenten", "unknown gemeente '%s'", gem);
		else
			fail_db(out, &err);
		bp_arena_free(a);
		return;
	}
	json_t *by_area = json_array(), *cur = NULL;
	const char *cur_code = NULL;
	for (size_t i = 0; i < res.n; i++) {
		const bp_need_item *it = &res.items[i];
		if (!cur_code || strcmp(cur_code, it->area_code) != 0) {
			cur = json_pack("{s:s, s:s?, s:i, s:[]}", "code", it->area_code, "name", it->area_name, "needs",
			                it->area_needs, "items");
			json_array_append_new(by_area, cur);
			cur_code = it->area_code;
		}
		if (it->indicator_id)
			json_array_append_new(json_object_get(cur, "items"), need_json(it, it->synthetic, L));
	}
	out->body = json_pack("{s:s, s:s?, s:s?, s:s?, s:f, s:f, s:o}", "gemeente", gem, "name", res.gemeente_name,
	                      "level", res.level, "period", res.period, "relative", res.relative, "percentile",
	                      res.percentile, "areas", by_area);
	bp_arena_free(a);
}

/* A statement that answers one JSON text (built by PostgreSQL: the rows as
 * they are, no copy per field here) as the list `key`. */
static void json_list(PGconn *conn, bp_api_stmt s, int n, const char *const *p, const char *key, bp_api_result *out)
{
	PGresult *r;
	bp_error err = { 0 };
	if (bp_api_exec(conn, s, n, p, &r, &err)) {
		fail_db(out, &err);
		return;
	}
	json_t *list = PQntuples(r) ? json_loads(PQgetvalue(r, 0, 0), 0, NULL) : json_array();
	PQclear(r);
	if (!list) {
		fail(out, 500, NULL, "see serve's log", "the database's answer could not be read");
		return;
	}
	out->body = json_pack("{s:o}", key, list);
}

/* Composite indices of a gemeente's areas with their rank intervals. */
static void composites(PGconn *conn, const char *gem, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { "level", "period", NULL };
	if (!only(q, names, out))
		return;
	int ok = 1;
	const char *level = param_word(q, "level", "wijk, buurt or custom", out, &ok);
	const char *period = param_word(q, "period", "a period such as 2020", out, &ok);
	if (!ok)
		return;
	if (!bp_api_word(gem, 64)) {
		fail(out, 400, "gemeente", "a gemeente code from /api/v1/gemeenten", "not a valid gemeente code");
		return;
	}
	if (level && (!valid_level(level) || strcmp(level, "land") == 0 || strcmp(level, "gemeente") == 0)) {
		fail(out, 400, "level", "wijk, buurt or custom", "unknown level '%s'", level);
		return;
	}
	if (!exists(conn, BP_Q_GEMEENTE, gem, "gemeente", "gemeente", "see /api/v1/gemeenten", out))
		return;
	const char *p[] = { gem, level, period };
	json_list(conn, BP_Q_COMPOSITES, 3, p, "composites", out);
	if (out->body)
		json_object_set_new(out->body, "gemeente", json_string(gem));
}

/* The intervention registry; effects only when serve publishes them. */
static void interventions(PGconn *conn, const bp_api_query *q, int effects, bp_api_result *out)
{
	static const char *const names[] = { "gemeente", NULL };
	if (!only(q, names, out))
		return;
	int ok = 1;
	const char *gem = param_word(q, "gemeente", "a gemeente code from /api/v1/gemeenten", out, &ok);
	if (!ok || (gem && !exists(conn, BP_Q_GEMEENTE, gem, "gemeente", "gemeente", "see /api/v1/gemeenten", out)))
		return;
	const char *p[] = { gem, effects ? "t" : "f" };
	json_list(conn, BP_Q_INTERVENTIONS, 2, p, "interventions", out);
	if (out->body)
		json_object_set_new(out->body, "effects_published", json_boolean(effects));
}

/* Published experiences (consent given: engine/experience.c reads the view
 * bp.experience_published only). */
static void experiences(PGconn *conn, const bp_api_query *q, bp_api_result *out)
{
	static const char *const names[] = { "area", "gemeente", "theme", "intervention", "limit", NULL };
	if (!only(q, names, out))
		return;
	int ok = 1;
	bp_experience_query eq = { 0 };
	eq.area_code = param_word(q, "area", "an area code from /api/v1/areas", out, &ok);
	eq.gemeente_code = param_word(q, "gemeente", "a gemeente code from /api/v1/gemeenten", out, &ok);
	eq.theme = param_word(q, "theme", "a theme of /api/v1/indicators", out, &ok);
	eq.intervention_id = param_word(q, "intervention", "an id from /api/v1/interventions", out, &ok);
	long limit;
	if (!ok || !param_uint(q, "limit", 1000, MAX_LIMIT, &limit, out))
		return;
	eq.limit = (size_t)limit;
	if ((eq.area_code && !exists(conn, BP_Q_AREA, eq.area_code, "area", "area", "see /api/v1/areas", out)) ||
	    (eq.gemeente_code &&
	     !exists(conn, BP_Q_GEMEENTE, eq.gemeente_code, "gemeente", "gemeente", "see /api/v1/gemeenten", out)))
		return;
	bp_arena *a = bp_arena_new();
	bp_experience *e;
	size_t n;
	bp_error err = { 0 };
	if (bp_experiences_query(conn, &eq, a, &e, &n, &err)) {
		bp_pg_rollback(conn);
		fail_db(out, &err);
		bp_arena_free(a);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s?, s:o, s:b, s:s?, s:s?}",
			"area", e[i].area_code, "indeling_year", e[i].indeling_year, "theme", e[i].theme, "date", e[i].date,
			"role", e[i].role, "kind", e[i].kind, "text", e[i].text,
			"rating", e[i].rating ? json_integer(e[i].rating) : json_null(), "example", e[i].example,
			"source_note", e[i].source_note, "intervention", e[i].intervention_id));
	bp_arena_free(a);
	out->body = json_pack("{s:o}", "experiences", list);
}

void bp_api_resource(PGconn *conn, const char *path, const bp_api_query *q, int effects, bp_api_result *out)
{
	out->status = 200;
	out->body = NULL;
	const char *rest;
	if (strcmp(path, "gemeenten") == 0)
		gemeenten(conn, q, out);
	else if (strcmp(path, "areas") == 0)
		areas(conn, q, out);
	else if (strcmp(path, "indicators") == 0)
		indicators(conn, q, out);
	else if (strcmp(path, "values") == 0)
		values(conn, q, out);
	else if (strcmp(path, "interventions") == 0)
		interventions(conn, q, effects, out);
	else if (strcmp(path, "experiences") == 0)
		experiences(conn, q, out);
	/* No "/" after "areas/"; asked of the whole path, as GCC 12 at -O2 with the sanitizers took
	 * strchr(path + 6, ...) for a read past the string. */
	else if (strncmp(path, "areas/", 6) == 0 && strrchr(path, '/') == path + 5)
		area_profile(conn, path + 6, q, out);
	else if (strncmp(path, "gemeenten/", 10) == 0 && (rest = strchr(path + 10, '/')) &&
	         (strcmp(rest, "/needs") == 0 || strcmp(rest, "/composites") == 0)) {
		char gem[80];
		size_t n = (size_t)(rest - (path + 10));
		if (n >= sizeof(gem))
			n = sizeof(gem) - 1;
		memcpy(gem, path + 10, n);
		gem[n] = '\0';
		if (strcmp(rest, "/needs") == 0)
			needs(conn, gem, q, out);
		else
			composites(conn, gem, q, out);
	} else
		fail(out, 404, NULL, "see /api/v1/openapi.json for the resources", "no such resource");
}
