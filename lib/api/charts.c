#include "api/charts.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/queries.h"
#include "core/arena.h"
#include "core/lang.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "render/choropleth.h"
#include "render/profile.h"
#include "render/trend.h"
#include "report/area_page.h"
#include "report/areadata.h"
#include "report/mapchart.h"
#include "report/pdf_profile.h"
#include "report/ranking.h"

/* One chart is drawn at a time.  lib/render's text caches are per thread
 * (render/textcache.c), so this is no longer needed for safety; it keeps
 * serve's drawing to one core beside its queries.  The answer cache
 * (cache.c) makes a repeated chart a copy, so this rarely waits. */
static pthread_mutex_t draw_lock = PTHREAD_MUTEX_INITIALIZER;

static void chart_fail(bp_api_chart *out, int status, const char *parameter, const char *hint, const char *message)
{
	out->res.status = status;
	out->res.body = bp_api_error_body(status, message, parameter, hint);
}

/* The first parameter a chart does not take: a typo is an error.  Every
 * chart takes lang; ranking and map also level and period. */
typedef struct unknown_param {
	int takes_filters;
	const char *name;
} unknown_param;

static void note_unknown(void *fctx, const char *name)
{
	unknown_param *u = fctx;
	if (!u->name && strcmp(name, "lang") != 0 &&
	    !(u->takes_filters && (strcmp(name, "level") == 0 || strcmp(name, "period") == 0)))
		u->name = name;
}

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *bar_json(const bp_ranking_row *row, const char *name)
{
	/* Only what the chart shows: the value or why there is none, never
	 * the counts behind it. */
	return json_pack("{s:s?, s:s?, s:o, s:s?}", "code", row->code, "name", name ? name : row->name, "value",
	                 isfinite(row->value) ? json_real(row->value) : json_null(), "suppressed_reason",
	                 isfinite(row->value) ? NULL : (row->suppressed ? row->suppressed : "not_published"));
}

/* A reference line's entry: bar_json and the interval its band draws (bp_refline_has_interval), null
 * where it draws none. */
static json_t *ref_json(const bp_ranking_row *row, const bp_refline *line)
{
	json_t *o = bar_json(row, line->label);
	int band = bp_refline_has_interval(line);
	json_object_set_new(o, "interval_low", num(band ? line->ci_lo : NAN));
	json_object_set_new(o, "interval_high", num(band ? line->ci_hi : NAN));
	return o;
}

static json_t *text_alternative(const bp_ranking *r, const bp_barchart *chart)
{
	json_t *bars = json_array();
	for (size_t i = 0; i < r->n_rows; i++)
		json_array_append_new(bars, bar_json(&r->rows[i], NULL));
	return json_pack("{s:s?, s:s?, s:s?, s:s, s:s?, s:s, s:s?, s:b, s:o, s:o, s:o}", "title", chart->title,
	                 "subtitle", chart->subtitle, "source", chart->source, "indicator", r->def->id, "unit",
	                 r->def->unit, "gemeente", r->gemeente_code, "period", r->period, "synthetic", r->synthetic,
	                 "bars", bars, "gemeente_value", ref_json(&r->gemeente, &chart->refs[0]), "land_value",
	                 ref_json(&r->land, &chart->refs[1]));
}

/* One picture of a chart kind: the renderer's own entry into memory. */
typedef bp_rc (*render_fn)(const void *chart, bp_image_format fmt, unsigned char **out, size_t *len, bp_error *err);

static bp_rc render_bar(const void *c, bp_image_format f, unsigned char **o, size_t *l, bp_error *e)
{
	return bp_barchart_render(c, f, o, l, e);
}

static bp_rc render_map(const void *c, bp_image_format f, unsigned char **o, size_t *l, bp_error *e)
{
	return bp_choropleth_render(c, f, o, l, e);
}

static bp_rc render_trend(const void *c, bp_image_format f, unsigned char **o, size_t *l, bp_error *e)
{
	return bp_trend_render(c, f, o, l, e);
}

static bp_rc render_profile(const void *c, bp_image_format f, unsigned char **o, size_t *l, bp_error *e)
{
	return bp_profile_render(c, f, o, l, e);
}

/* The answer: the text alternative for .json, else the picture drawn. */
static void picture(bp_api_chart *out, const char *ext, render_fn render, const void *chart, json_t *text)
{
	if (strcmp(ext, "json") == 0) {
		out->res.body = text;
		return;
	}
	json_decref(text);
	bp_error err = { 0 };
	pthread_mutex_lock(&draw_lock);
	bp_rc rc = render(chart, strcmp(ext, "png") == 0 ? BP_IMAGE_PNG : BP_IMAGE_SVG, &out->bytes, &out->len, &err);
	pthread_mutex_unlock(&draw_lock);
	if (rc) {
		fprintf(stderr, "buurtpeil serve: chart: %s %s\n", err.message, err.detail);
		chart_fail(out, 500, NULL, "see serve's log", "the chart could not be drawn");
	} else {
		out->type = strcmp(ext, "png") == 0 ? "image/png" : "image/svg+xml";
	}
}

static void db_fail(bp_api_chart *out, const bp_error *err)
{
	fprintf(stderr, "buurtpeil serve: chart: %s %s\n", err->message, err->detail);
	chart_fail(out, 503, NULL, "try again later", "the database did not answer");
}

/* ranking/{indicator}/{gemeente} and map/{indicator}/{gemeente}: the figures
 * of the gemeente page (bp_ranking_load), as bars or on the borders
 * (bp_report_map_build, as the gemeente page's map). */
static void ranking_or_map(PGconn *conn, const bp_indicator_def *d, const char *gem, const char *level,
                           const char *period, int map, const char *ext, bp_lang L, bp_arena *a, bp_api_chart *out)
{
	bp_ranking r;
	bp_error err = { 0 };
	if (bp_ranking_load_lang(conn, d, gem, level ? level : "wijk", period, L, a, &r, &err)) {
		char msg[200];
		snprintf(msg, sizeof(msg), "no values of '%s' for the %sen of '%s'", d->id, level ? level : "wijk", gem);
		if (err.rc == BP_ERR_NOT_FOUND)
			chart_fail(out, 404, "gemeente", "see /api/v1/gemeenten and the indicator's periods", msg);
		else
			db_fail(out, &err);
		return;
	}
	if (!map) {
		bp_barchart chart;
		bp_ranking_chart_lang(&r, a, L, &chart);
		picture(out, ext, render_bar, &chart, text_alternative(&r, &chart));
		return;
	}
	bp_report_map m;
	if (bp_report_map_build_lang(conn, &r, NULL, L, a, &m, &err)) {
		if (err.rc == BP_ERR_NOT_FOUND)
			chart_fail(out, 404, "gemeente", err.hint, err.message);
		else
			db_fail(out, &err);
		return;
	}
	json_t *areas = json_array();
	for (size_t i = 0; i < m.chart.n_areas; i++)
		json_array_append_new(areas, bar_json(&r.rows[m.row_of[i]], NULL));
	json_t *text = json_pack("{s:s?, s:s?, s:s?, s:s, s:s, s:s?, s:s, s:s, s:s?, s:b, s:i, s:i, s:o}", "title",
	                         m.chart.title, "subtitle", m.chart.subtitle, "source", m.chart.source, "alt", m.alt,
	                         "indicator", d->id, "unit", d->unit, "gemeente", r.gemeente_code, "level", r.level,
	                         "period", r.period, "synthetic", r.synthetic, "border_year", m.border_year,
	                         "without_border", (int)m.n_without_border, "areas", areas);
	picture(out, ext, render_map, &m.chart, text);
}

/* The area's gemeente scope and series (as the site's profile reads them):
 * 0 after a failure (out says it). */
static int area_series(PGconn *conn, const bp_indicator_set *defs, const char *code, bp_lang L, bp_arena *a,
                       bp_area_scope *sc, bp_area_series **s, const char **name, bp_api_chart *out)
{
	PGresult *r;
	bp_error err = { 0 };
	const char *p[] = { code };
	if (bp_api_exec(conn, BP_Q_AREA, 1, p, &r, &err)) {
		db_fail(out, &err);
		return 0;
	}
	if (PQntuples(r) == 0 || strcmp(PQgetvalue(r, 0, 2), "land") == 0) {
		PQclear(r);
		char msg[160];
		snprintf(msg, sizeof(msg), "unknown area '%s'", code);
		chart_fail(out, 404, "area", "an area of a gemeente, see /api/v1/areas", msg);
		return 0;
	}
	/* A gemeente is its own scope. */
	const char *gem = bp_arena_strdup(a, PQgetisnull(r, 0, 5) ? code : PQgetvalue(r, 0, 5));
	int year = 0;
	if (bp_pg_int(r, 0, 3, &year, &err)) {
		PQclear(r);
		db_fail(out, &err);
		return 0;
	}
	*name = bp_arena_strdup(a, PQgetvalue(r, 0, 1));
	PQclear(r);
	if (bp_area_scope_load_lang(conn, defs, gem, L, a, sc, &err) ||
	    bp_area_series_load(conn, sc, code, year, a, s, &err)) {
		if (err.rc == BP_ERR_NOT_FOUND)
			chart_fail(out, 404, "area", "see /api/v1/areas", err.message);
		else
			db_fail(out, &err);
		return 0;
	}
	return 1;
}

static json_t *nums(const double *v, size_t n)
{
	json_t *l = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(l, num(v[i]));
	return l;
}

/* trend/{indicator}/{area}: the area, its gemeente and Nederland through the
 * periods, with the area's intervals and the gemeente's where it has them
 * (the site's profile page's trend). */
static void trend(PGconn *conn, const bp_indicator_set *defs, const char *ind, const char *code, const char *ext,
                  bp_lang L, bp_arena *a, bp_api_chart *out)
{
	bp_area_scope sc;
	bp_area_series *all;
	const char *name;
	if (!area_series(conn, defs, code, L, a, &sc, &all, &name, out))
		return;
	const bp_area_series *d = NULL;
	for (size_t k = 0; k < sc.n_defs && !d; k++)
		if (strcmp(sc.defs[k]->id, ind) == 0 && all[k].n > 0)
			d = &all[k];
	if (!d) {
		char msg[200];
		snprintf(msg, sizeof(msg), "no values of '%s' for '%s'", ind, code);
		chart_fail(out, 404, "indicator", "see the indicators of /api/v1/areas/{code}", msg);
		return;
	}
	const bp_indicator_def *def = d->def;
	bp_trend chart;
	bp_area_page_trend_chart(a, &sc, name, d, L, &chart);
	const char *first = d->period[0], *last = d->period[d->n - 1];
	json_t *periods = json_array(), *reasons = json_array(), *notes = json_array();
	for (size_t i = 0; i < d->n; i++) {
		json_array_append_new(periods, json_string(d->period[i]));
		/* A value not measured on these borders says so in the text alternative too. */
		const char *note = bp_area_series_note(d, (long)i, L);
		json_array_append_new(notes, note ? json_string(note) : json_null());
		json_array_append_new(reasons, isfinite(d->value[i]) ? json_null()
		                      : json_string(d->suppressed[i] ? d->suppressed[i] : "missing_input"));
	}
	/* each series with the interval its band draws (the gemeente's where its figure is a survey estimate) */
	json_t *text = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s?, s:s, s:b, s:o, s:[{s:s, s:s, s:o, s:o, s:o, s:o},"
	                         " {s:s, s:s?, s:o, s:o, s:o}, {s:s, s:s, s:o}]}",
		"title", chart.title, "subtitle", chart.subtitle, "source", chart.source,
		"alt", bp_arena_printf(a, L == BP_LANG_EN ? "Line chart %s of %s, %s and %s, from %s to %s.%s%s%s"
		                                          : "Lijndiagram %s van %s, %s en %s, van %s tot %s.%s%s%s",
		                       chart.title, name, sc.gemeente_name, bp_tr(L, "Nederland"), first, last,
		                       !chart.series[0].open ? "" : L == BP_LANG_EN ? " Open points: " : " Open punten: ",
		                       chart.series[0].open ? chart.series[0].open_label : "",
		                       chart.series[0].open ? "." : ""),
		"indicator", def->id, "unit", def->unit, "area", code, "synthetic", d->synthetic, "periods", periods,
		"series", "code", code, "name", name, "values", nums(d->value, d->n), "interval_low", nums(d->ci_lo, d->n),
		"interval_high", nums(d->ci_hi, d->n), "suppressed_reason", reasons,
		"code", sc.gemeente, "name", sc.gemeente_name, "values", nums(d->gm, d->n),
		"interval_low", nums(d->gm_lo, d->n), "interval_high", nums(d->gm_hi, d->n),
		"code", "NL00", "name", bp_tr(L, "Nederland"), "values", nums(d->nl, d->n));
	json_object_set_new(text, "period_notes", notes);
	picture(out, ext, render_trend, &chart, text);
}

/* profile/{area}/{theme}: the theme's indicators against the gemeente at
 * their latest periods (bp_area_theme_items, as the site's profile). */
static void profile(PGconn *conn, const bp_indicator_set *defs, const char *code, const char *theme,
                    const char *ext, bp_lang L, bp_arena *a, bp_api_chart *out)
{
	bp_area_scope sc;
	bp_area_series *s;
	const char *name;
	if (!area_series(conn, defs, code, L, a, &sc, &s, &name, out))
		return;
	bp_profile_item *items;
	const char *period;
	size_t n = bp_area_theme_items(a, &sc, s, theme, &items, &period, L);
	if (n == 0) {
		char msg[200];
		snprintf(msg, sizeof(msg), "no indicators of theme '%s' for '%s'", theme, code);
		chart_fail(out, 404, "theme", "a theme of the area's indicators (see /api/v1/indicators)", msg);
		return;
	}
	bp_profile chart;
	bp_area_page_profile_chart(a, &sc, name, s, theme, items, n, L, &chart);
	json_t *bars = json_array();
	for (size_t i = 0; i < n; i++) {
		char diff[64];
		bp_profile_diff_text_lang(L, diff, sizeof(diff), &items[i]);
		/* the interval the chart's whisker draws, named as the trend's; null where it draws none */
		int ci = bp_profile_has_interval(&items[i]);
		/* and the gemeente's own, where its figure is a survey estimate too (the grey band around zero) */
		int rci = bp_profile_has_ref_interval(&items[i]);
		json_array_append_new(bars, json_pack("{s:s, s:s?, s:s?, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s?, s:s?}",
			"label", items[i].label, "period", items[i].period, "unit", items[i].unit, "value", num(items[i].value),
			"interval_low", num(ci ? items[i].ci_low : NAN), "interval_high", num(ci ? items[i].ci_high : NAN),
			"gemeente_value", num(items[i].ref), "gemeente_interval_low", num(rci ? items[i].ref_ci_low : NAN),
			"gemeente_interval_high", num(rci ? items[i].ref_ci_high : NAN), "score", num(bp_profile_score(&items[i])),
			"difference_text", *diff ? diff : NULL, "missing_reason", items[i].missing_reason));
	}
	json_t *text = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:o}", "title", chart.title, "subtitle",
	                         chart.subtitle, "source", chart.source,
	                         "alt", bp_arena_printf(a, L == BP_LANG_EN ? "Profile chart %s of %s, compared with %s."
	                                                                   : "Profieldiagram %s van %s, vergeleken met %s.",
	                                                bp_theme_title_lang(a, theme, L), name, sc.gemeente_name),
	                         "area", code, "gemeente", sc.gemeente, "theme", theme, "bars", bars);
	picture(out, ext, render_profile, &chart, text);
}

void bp_api_chart_answer(PGconn *conn, const bp_indicator_set *defs, const char *path, const bp_api_query *q,
                         bp_api_chart *out)
{
	memset(out, 0, sizeof(*out));
	out->res.status = 200;
	char kind[16], x[80], y[80], ext[8];
	/* {kind}/{x}/{y}.{png,svg,json} */
	int n = 0;
	if (sscanf(path, "%15[^/]/%79[^/]/%79[^.].%7s%n", kind, x, y, ext, &n) != 4 || path[n] != '\0' ||
	    (strcmp(ext, "png") != 0 && strcmp(ext, "svg") != 0 && strcmp(ext, "json") != 0) ||
	    (strcmp(kind, "ranking") != 0 && strcmp(kind, "map") != 0 && strcmp(kind, "trend") != 0 &&
	     strcmp(kind, "profile") != 0)) {
		chart_fail(out, 404, NULL,
		           "charts/ranking|map/{indicator}/{gemeente}, charts/trend/{indicator}/{area} or "
		           "charts/profile/{area}/{theme}, each .png, .svg or .json",
		           "no such chart");
		return;
	}
	int filters = strcmp(kind, "ranking") == 0 || strcmp(kind, "map") == 0;
	const char *level = q->get(q->ctx, "level"), *period = q->get(q->ctx, "period"), *lang = q->get(q->ctx, "lang");
	unknown_param u = { filters, NULL };
	q->each(q->ctx, note_unknown, &u);
	if (u.name) {
		char msg[160];
		snprintf(msg, sizeof(msg), "unknown parameter '%.100s'", u.name);
		chart_fail(out, 400, u.name, filters ? "level, period, lang" : "lang", msg);
		return;
	}
	/* The chart's own words in the language asked, as publish --lang writes the site's charts. */
	if (lang && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0) {
		chart_fail(out, 400, "lang", "nl or en", "unknown language");
		return;
	}
	const bp_lang L = lang && strcmp(lang, "en") == 0 ? BP_LANG_EN : BP_LANG_NL;
	int profile_kind = strcmp(kind, "profile") == 0;
	const char *xname = profile_kind ? "area" : "indicator";
	const char *yname = filters ? "gemeente" : profile_kind ? "theme" : "area";
	if (!bp_api_word(x, 64) || !bp_api_word(y, 64)) {
		chart_fail(out, 400, !bp_api_word(x, 64) ? xname : yname, "codes are letters, digits, '_' and '-'",
		           "not a valid code");
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
	if (!profile_kind && !bp_indicator_find(defs, x)) {
		char msg[160];
		snprintf(msg, sizeof(msg), "unknown indicator '%s'", x);
		chart_fail(out, 404, "indicator", "see /api/v1/indicators", msg);
		return;
	}
	bp_arena *a = bp_arena_new();
	if (filters)
		ranking_or_map(conn, bp_indicator_find(defs, x), y, level, period, strcmp(kind, "map") == 0, ext, L, a, out);
	else if (profile_kind)
		profile(conn, defs, x, y, ext, L, a, out);
	else
		trend(conn, defs, x, y, ext, L, a, out);
	/* A reader's failure may leave the connection in an aborted transaction. */
	if (out->res.status >= 500 && PQtransactionStatus(conn) == PQTRANS_INERROR)
		PQclear(PQexec(conn, "ROLLBACK"));
	bp_arena_free(a);
}
