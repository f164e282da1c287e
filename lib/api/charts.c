#include "api/charts.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "report/ranking.h"

/* lib/render keeps process-wide text caches (render/textcache.c) that are
 * not made for threads: one chart is drawn at a time.  The answer cache
 * (cache.c) makes a repeated chart a copy, so this rarely waits. */
static pthread_mutex_t draw_lock = PTHREAD_MUTEX_INITIALIZER;

static void chart_fail(bp_api_chart *out, int status, const char *parameter, const char *hint, const char *message)
{
	out->res.status = status;
	out->res.body = bp_api_error_body(status, message, parameter, hint);
}

/* The first parameter other than level and period: a typo is an error. */
static void note_unknown(void *fctx, const char *name)
{
	const char **unknown = fctx;
	if (!*unknown && strcmp(name, "level") != 0 && strcmp(name, "period") != 0)
		*unknown = name;
}

static json_t *bar_json(const bp_ranking_row *row, const char *name)
{
	/* Only what the chart shows: the value or why there is none, never
	 * the counts behind it. */
	return json_pack("{s:s?, s:s?, s:o, s:s?}", "code", row->code, "name", name ? name : row->name, "value",
	                 isfinite(row->value) ? json_real(row->value) : json_null(), "suppressed_reason",
	                 isfinite(row->value) ? NULL : (row->suppressed ? row->suppressed : "not_published"));
}

static json_t *text_alternative(const bp_ranking *r, const bp_barchart *chart)
{
	json_t *bars = json_array();
	for (size_t i = 0; i < r->n_rows; i++)
		json_array_append_new(bars, bar_json(&r->rows[i], NULL));
	return json_pack("{s:s?, s:s?, s:s?, s:s, s:s?, s:s, s:s?, s:b, s:o, s:o, s:o}", "title", chart->title,
	                 "subtitle", chart->subtitle, "source", chart->source, "indicator", r->def->id, "unit",
	                 r->def->unit, "gemeente", r->gemeente_code, "period", r->period, "synthetic", r->synthetic,
	                 "bars", bars, "gemeente_value", bar_json(&r->gemeente, r->gemeente_name), "land_value",
	                 bar_json(&r->land, "Nederland"));
}

void bp_api_chart_answer(PGconn *conn, const bp_indicator_set *defs, const char *path, const bp_api_query *q,
                         bp_api_chart *out)
{
	memset(out, 0, sizeof(*out));
	out->res.status = 200;
	char ind[80], gem[80], ext[8];
	/* ranking/{indicator}/{gemeente}.{png,svg,json} */
	int n = 0;
	if (sscanf(path, "ranking/%79[^/]/%79[^.].%7s%n", ind, gem, ext, &n) != 3 || path[n] != '\0' ||
	    (strcmp(ext, "png") != 0 && strcmp(ext, "svg") != 0 && strcmp(ext, "json") != 0)) {
		chart_fail(out, 404, NULL, "charts/ranking/{indicator}/{gemeente}.png, .svg or .json", "no such chart");
		return;
	}
	const char *level = q->get(q->ctx, "level"), *period = q->get(q->ctx, "period");
	const char *unknown = NULL;
	q->each(q->ctx, note_unknown, &unknown);
	if (unknown) {
		char msg[160];
		snprintf(msg, sizeof(msg), "unknown parameter '%.100s'", unknown);
		chart_fail(out, 400, unknown, "level, period", msg);
		return;
	}
	if (!bp_api_word(ind, 64) || !bp_api_word(gem, 64)) {
		chart_fail(out, 400, !bp_api_word(ind, 64) ? "indicator" : "gemeente", "codes are letters, digits, '_' and '-'",
		           "not a valid indicator or gemeente code");
		return;
	}
	if (level && strcmp(level, "wijk") != 0 && strcmp(level, "buurt") != 0) {
		chart_fail(out, 400, "level", "wijk or buurt", "unknown level");
		return;
	}
	if (period && !bp_api_word(period, 64)) {
		chart_fail(out, 400, "period", "a period such as 2024", "not a valid period");
		return;
	}
	const bp_indicator_def *d = bp_indicator_find(defs, ind);
	if (!d) {
		char msg[160];
		snprintf(msg, sizeof(msg), "unknown indicator '%s'", ind);
		chart_fail(out, 404, "indicator", "see /api/v1/indicators", msg);
		return;
	}
	bp_arena *a = bp_arena_new();
	bp_ranking r;
	bp_error err = { 0 };
	if (bp_ranking_load(conn, d, gem, level ? level : "wijk", period, a, &r, &err)) {
		char msg[200];
		snprintf(msg, sizeof(msg), "no values of '%s' for the %sen of '%s'", ind, level ? level : "wijk", gem);
		if (err.rc == BP_ERR_NOT_FOUND)
			chart_fail(out, 404, "gemeente", "see /api/v1/gemeenten and the indicator's periods", msg);
		else {
			fprintf(stderr, "buurtpeil serve: chart: %s %s\n", err.message, err.detail);
			chart_fail(out, 503, NULL, "try again later", "the database did not answer");
		}
		bp_arena_free(a);
		return;
	}
	bp_barchart chart;
	bp_ranking_chart(&r, a, &chart);
	if (strcmp(ext, "json") == 0) {
		out->res.body = text_alternative(&r, &chart);
	} else {
		pthread_mutex_lock(&draw_lock);
		bp_rc rc = bp_barchart_render(&chart, strcmp(ext, "png") == 0 ? BP_IMAGE_PNG : BP_IMAGE_SVG, &out->bytes,
		                              &out->len, &err);
		pthread_mutex_unlock(&draw_lock);
		if (rc) {
			fprintf(stderr, "buurtpeil serve: chart: %s %s\n", err.message, err.detail);
			chart_fail(out, 500, NULL, "see serve's log", "the chart could not be drawn");
		} else {
			out->type = strcmp(ext, "png") == 0 ? "image/png" : "image/svg+xml";
		}
	}
	bp_arena_free(a);
}
