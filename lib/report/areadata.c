#include "report/areadata.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/interval_basis.h"
#include "engine/needs.h"
#include "engine/reference_test.h"
#include "report/ranking.h"

double bp_area_cell(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

/*
 * What the pages of one scope share (bp_area_scope.reads): the series of
 * all its areas, read when a second area is asked for, and the rows of each
 * map.  Why: every page of a gemeente asked the same statements per area
 * (in the demo's run the series 401 times and the map 368 times, ~6 s of
 * the server's ~15 s).  One lock: the workers (report/workers.h) share the
 * scope, each on its own connection; a PGresult is only read once made.
 */
#define SHARED_MAPS 8
#define SHARED_LEVELS 3   /* wijk, buurt, custom: read apart, as out/'s profiles show wijken only */
/* One statement's rows for every area of a level (bp_area_rows_shared), as the series. */
typedef struct shared_rows {
	int asked;                /* areas asked for so far */
	PGresult *r;              /* NULL: not read */
	int *first, *count;       /* [n_areas]: each area's rows in r */
} shared_rows;

typedef struct bp_area_reads {
	pthread_mutex_t lock;
	int asked[SHARED_LEVELS]; /* areas of the level asked for so far */
	PGresult *series[SHARED_LEVELS]; /* every area's rows of the level, by area; NULL: not read */
	int *first, *count;       /* [n_areas]: each area's rows in the series of its level */
	size_t n_maps;
	struct { const char *level; char *def; PGresult *r; } map[SHARED_MAPS];
	PGresult *national;       /* bp_area_composite_national's groups of the gemeente; NULL: not read */
	/* bp_area_rows_shared: per kind and level every area's rows, as the series */
	shared_rows rows[BP_AREA_ROWS_N][SHARED_LEVELS];
	PGresult *experiences;    /* the scope's area codes with published experiences; NULL: not read */
} bp_area_reads;

/* What x read so far, cleared (the caller holds the lock or is the only user). */
static void reads_clear(bp_area_reads *x)
{
	for (int l = 0; l < SHARED_LEVELS; l++) {
		PQclear(x->series[l]);
		x->series[l] = NULL;
		x->asked[l] = 0;
	}
	for (size_t i = 0; i < x->n_maps; i++) {
		PQclear(x->map[i].r);
		free(x->map[i].def);
	}
	x->n_maps = 0;
	PQclear(x->national);
	x->national = NULL;
	for (int k = 0; k < BP_AREA_ROWS_N; k++)
		for (int l = 0; l < SHARED_LEVELS; l++) {
			PQclear(x->rows[k][l].r);
			free(x->rows[k][l].first);
			free(x->rows[k][l].count);
			memset(&x->rows[k][l], 0, sizeof(x->rows[k][l]));
		}
	PQclear(x->experiences);
	x->experiences = NULL;
}

static void reads_free(void *p)
{
	bp_area_reads *x = p;
	reads_clear(x);
	free(x->first);
	free(x->count);
	pthread_mutex_destroy(&x->lock);
}

void bp_area_scope_drop_reads(const bp_area_scope *sc)
{
	bp_area_reads *x = sc->reads;
	if (!x)
		return;
	pthread_mutex_lock(&x->lock);
	reads_clear(x);
	pthread_mutex_unlock(&x->lock);
}

const char *bp_theme_title(bp_arena *a, const char *theme)
{
	/* A theme id joins words with '-'; where the words make one Dutch
	 * compound the title is written as one word (Groene Boekje:
	 * "sociaaleconomisch", not "sociaal economisch"). */
	static const char *const compound[][2] = {
		{ "sociaal-economisch", "Sociaaleconomisch" },
	};
	for (size_t i = 0; theme && i < sizeof(compound) / sizeof(compound[0]); i++)
		if (strcmp(theme, compound[i][0]) == 0)
			return compound[i][1];
	char *o = bp_arena_strdup(a, theme ? theme : "");
	for (char *p = o; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	if (*o)
		*o = (char)toupper((unsigned char)*o);
	return o;
}

const char *bp_theme_title_lang(bp_arena *a, const char *theme, bp_lang lang)
{
	return bp_tr(lang, bp_theme_title(a, theme));
}

const char *bp_fmt_nl(bp_arena *a, double v, int decimals)
{
	char s[64];
	bp_numfmt_nl(s, sizeof(s), v, decimals);
	return bp_arena_strdup(a, s);
}

const char *bp_def_title(const bp_indicator_def *d, bp_lang lang)
{
	return lang == BP_LANG_EN && d->title_en && *d->title_en ? d->title_en : d->title_nl;
}

const char *bp_def_description(const bp_indicator_def *d, bp_lang lang)
{
	if (lang != BP_LANG_EN)
		return d->description;
	return d->description_en && *d->description_en ? d->description_en : NULL;
}

const char *bp_fmt_lang(bp_arena *a, bp_lang lang, double v, int decimals)
{
	char s[64];
	bp_numfmt(lang, s, sizeof(s), v, decimals);
	return bp_arena_strdup(a, s);
}

const char *bp_fmt_diff_nl(bp_arena *a, double v, int decimals)
{
	char s[128];
	bp_numfmt_nl_diff(s, sizeof(s), v, decimals);
	return bp_arena_strdup(a, s);
}

const char *bp_fmt_unit_nl(bp_arena *a, double v, int decimals, const char *unit)
{
	return bp_fmt_unit_lang(a, BP_LANG_NL, v, decimals, unit);
}

const char *bp_fmt_unit_lang(bp_arena *a, bp_lang lang, double v, int decimals, const char *unit)
{
	char s[256];
	bp_numfmt_unit(lang, s, sizeof(s), v, decimals, unit, 0);
	return bp_arena_strdup(a, s);
}

const char *bp_level_nl(const char *level)
{
	if (strcmp(level, "wijk") == 0)
		return "Wijk";
	if (strcmp(level, "buurt") == 0)
		return "Buurt";
	if (strcmp(level, "custom") == 0)
		return "Zelf gedefinieerd gebied";
	if (strcmp(level, "gemeente") == 0)
		return "Gemeente";
	return level;
}

const char *bp_synthetic_suffix(int synthetic)
{
	return synthetic ? " – " BP_SYNTHETIC_WORD : "";
}

bp_figure_kind bp_figure_kind_of(const bp_indicator_def *d, int has_respondents)
{
	if (d->kind == BP_KIND_SURVEY_PROPORTION || d->kind == BP_KIND_SURVEY_MEAN || has_respondents)
		return BP_FIGURE_SURVEY;
	/* Other published shares (CBS nabijheid) are register figures. */
	if (bp_def_is_model_estimate(d))
		return BP_FIGURE_MODEL_ESTIMATE;
	return BP_FIGURE_REGISTRATION;
}

int bp_def_is_model_estimate(const bp_indicator_def *d)
{
	return bp_needs_uncertainty_of(bp_kind_name(d->kind), d->source) == BP_NEEDS_MODEL_ESTIMATE;
}

const char *bp_figure_suffix(int model, int synthetic)
{
	if (synthetic)
		return bp_synthetic_suffix(1);
	return model ? " – " BP_MODEL_WORD : "";
}

const char *bp_def_suffix(const bp_indicator_def *d, int synthetic)
{
	return bp_figure_suffix(bp_def_is_model_estimate(d), synthetic);
}

const char *bp_model_note(bp_lang L)
{
	return bp_tr(L, "Cijfers met ‘" BP_MODEL_WORD "’ zijn schattingen van het RIVM per wijk en buurt met een "
	                "rekenmodel op de Gezondheidsmonitor (CBS 50090NED), geen meting in dat gebied zelf.");
}

void bp_model_note_html(bp_html *b, bp_lang L)
{
	bp_html_lit(b, "<p>");
	bp_html_text(b, bp_model_note(L));
	bp_html_lit(b, "</p>\n");
}

int bp_scope_has_model_estimates(const bp_area_scope *sc)
{
	for (size_t i = 0; i < sc->n_defs; i++)
		if (!sc->synthetic[i] && bp_def_is_model_estimate(sc->defs[i]))
			return 1;
	return 0;
}

const char *bp_figure_kind_nl(bp_figure_kind k)
{
	switch (k) {
	case BP_FIGURE_SURVEY: return "enquête";
	case BP_FIGURE_MODEL_ESTIMATE: return "modelschatting";
	default: return "registratie";
	}
}

const char *bp_figure_no_interval(bp_figure_kind k, bp_lang L)
{
	/* The API's interval_note says it in the same words (engine/interval_basis.c). */
	switch (k) {
	case BP_FIGURE_SURVEY: return bp_interval_basis_text(BP_IB_NONE_SURVEY, L);
	case BP_FIGURE_MODEL_ESTIMATE: return bp_interval_basis_text(BP_IB_NONE_MODEL, L);
	default: return bp_interval_basis_text(BP_IB_NONE_REGISTRATION, L);
	}
}

const char *bp_synthetic_notice_text(bp_arena *a, const char *surveys)
{
	return bp_arena_printf(a, "Let op: cijfers met het woord ‘" BP_SYNTHETIC_WORD "’ komen uit een synthetische "
	                          "(gegenereerde) enquête%s%s%s, bedoeld om de werkwijze te tonen. Het zijn geen "
	                          "antwoorden van echte inwoners.",
	                       surveys ? " (" : "", surveys ? surveys : "", surveys ? ")" : "");
}

const char *bp_synthetic_notice(bp_arena *a, const bp_area_scope *sc)
{
	return sc->any_synthetic ? bp_synthetic_notice_text(a, sc->surveys) : NULL;
}

const char *bp_synthetic_notice_text_lang(bp_arena *a, const char *surveys, bp_lang lang)
{
	if (lang != BP_LANG_EN)
		return bp_synthetic_notice_text(a, surveys);
	/* The word is the one the English labels carry (bp_tr of BP_SYNTHETIC_WORD). */
	return bp_arena_printf(a, "Note: figures marked \u2018%s\u2019 come from a synthetic (generated) survey%s%s%s, "
	                          "meant to show the method. They are not answers of real residents.",
	                       bp_tr(lang, BP_SYNTHETIC_WORD), surveys ? " (" : "", surveys ? surveys : "",
	                       surveys ? ")" : "");
}

void bp_synthetic_notice_html_lang(bp_html *b, bp_arena *a, const char *surveys, bp_lang lang)
{
	if (lang == BP_LANG_EN) {
		static const char lead[] = "Note:";
		bp_html_lit(b, "<p class=\"let-op\"><strong>Note:</strong>");
		bp_html_text(b, bp_synthetic_notice_text_lang(a, surveys, lang) + strlen(lead));
		bp_html_lit(b, "</p>\n");
		return;
	}
	bp_synthetic_notice_html(b, a, surveys);
}

void bp_synthetic_notice_html(bp_html *b, bp_arena *a, const char *surveys)
{
	static const char lead[] = "Let op:";
	const char *t = bp_synthetic_notice_text(a, surveys);
	bp_html_lit(b, "<p class=\"let-op\"><strong>Let op:</strong>");
	bp_html_text(b, t + strlen(lead));
	bp_html_lit(b, "</p>\n");
}

long bp_area_series_latest(const bp_area_series *s)
{
	if (s->n == 0)
		return -1;
	for (size_t i = s->n; i-- > 0;)
		if (!isnan(s->value[i]))
			return (long)i;
	return (long)s->n - 1;
}

const char *bp_shown_note_en(bp_arena *a, const char *origin, int from_year, const char *note_nl)
{
	/* From the structured fields, not by translating SQL's Dutch sentence:
	 * that stays free to change wording without breaking the English. */
	if (origin && from_year > 0) {
		if (strcmp(origin, "translated") == 0)
			return bp_arena_printf(a, "converted from the %d classification", from_year);
		if (strcmp(origin, "identical") == 0)
			return bp_arena_printf(a, "taken over from the %d classification (same borders)", from_year);
		if (strcmp(origin, "same_code") == 0)
			return bp_arena_printf(a, "%d classification, same code; borders not checked", from_year);
	}
	return note_nl ? bp_tr(BP_LANG_EN, note_nl) : NULL;
}

const char *bp_area_series_note(const bp_area_series *s, long i, bp_lang lang)
{
	if (i < 0 || (size_t)i >= s->n || !s->note || !s->note[i])
		return NULL;
	return lang == BP_LANG_EN && s->note_en && s->note_en[i] ? s->note_en[i] : bp_tr(lang, s->note[i]);
}

const char *bp_area_series_period_label(bp_arena *a, const bp_area_series *s, long i, bp_lang lang)
{
	if (i < 0 || (size_t)i >= s->n)
		return "–";
	/* A series built by hand (no notes) is measured on its own borders. */
	const char *note = bp_area_series_note(s, i, lang);
	if (!note)
		return s->period[i];
	return bp_arena_printf(a, "%s (%s)", s->period[i], note);
}

void bp_area_series_open(bp_arena *a, const bp_area_series *s, const unsigned char **open, const char **label,
                         bp_lang lang)
{
	unsigned char *o = NULL;
	*label = NULL;
	for (size_t i = 0; s->translated && i < s->n; i++) {
		if (!s->translated[i])
			continue;
		if (!o) {
			o = bp_arena_alloc(a, s->n);
			memset(o, 0, s->n);
		}
		o[i] = 1;
		if (!*label)
			*label = bp_area_series_note(s, (long)i, lang);
	}
	*open = o;
}

const unsigned char *bp_area_series_spans(bp_arena *a, const bp_area_series *s)
{
	unsigned char *o = NULL;
	for (size_t i = 0; s->translated && i < s->n; i++) {
		bp_value_facts f = { .kind = bp_kind_name(s->def->kind), .source = s->def->source,
		                     .has_value = !isnan(s->value[i]),
		                     .has_interval = !isnan(s->ci_lo[i]) && !isnan(s->ci_hi[i]),
		                     .apportioned = s->translated[i] };
		if (bp_interval_basis_of(&f) != BP_IB_TRANSLATED_SPAN)
			continue;
		if (!o) {
			o = bp_arena_alloc(a, s->n);
			memset(o, 0, s->n);
		}
		o[i] = 1;
	}
	return o;
}

const char *bp_area_series_reason(const bp_area_series *s, long i)
{
	if (i < 0 || (size_t)i >= s->n)
		return "geen gegevens";
	return bp_suppressed_reason_nl(s->suppressed[i] ? s->suppressed[i] : "missing_input");
}

bp_rc bp_area_scope_load(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_arena *a,
                         bp_area_scope *out, bp_error *err)
{
	return bp_area_scope_load_lang(conn, set, gemeente, BP_LANG_NL, a, out, err);
}

bp_rc bp_area_scope_load_lang(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_lang lang,
                              bp_arena *a, bp_area_scope *out, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	out->gemeente = bp_arena_strdup(a, gemeente);
	PGresult *r = NULL;
	const char *p1[] = { gemeente };
	bp_rc rc = bp_pg_query(conn, "SELECT name, indeling_year FROM bp.area WHERE code = $1 "
	                             "ORDER BY indeling_year DESC LIMIT 1", 1, p1, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		bp_fail(err, BP_ERR_NOT_FOUND, "gemeente %s is not in the database", gemeente);
		bp_error_hint(err, "import a source that covers it and run compute first");
		return BP_ERR_NOT_FOUND;
	}
	out->gemeente_name = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
	rc = bp_pg_int(r, 0, 1, &out->year, err);
	PQclear(r);
	if (rc)
		return rc;

	/* The indicators with any value in the gemeente, grouped by theme. */
	rc = bp_pg_query(conn, "SELECT DISTINCT indicator_id FROM bp.indicator_value "
	                       " WHERE gemeente_code = $1 AND value IS NOT NULL", 1, p1, &r, err);
	if (rc)
		return rc;
	int nr = PQntuples(r);
	out->defs = bp_arena_alloc(a, (set->n + 1) * sizeof(*out->defs));
	out->synthetic = bp_arena_alloc(a, (set->n + 1) * sizeof(int));
	out->themes = bp_arena_alloc(a, (set->n + 1) * sizeof(*out->themes));
	for (size_t i = 0; i < set->n; i++) {
		const char *th = set->items[i].theme;
		int seen = 0;
		for (size_t t = 0; t < out->n_themes; t++)
			seen |= strcmp(out->themes[t], th) == 0;
		if (!seen)
			out->themes[out->n_themes++] = th;
	}
	size_t used_themes = 0;
	for (size_t t = 0; t < out->n_themes; t++) {
		int any = 0;
		for (size_t i = 0; i < set->n; i++) {
			const bp_indicator_def *d = &set->items[i];
			if (strcmp(d->theme, out->themes[t]) != 0)
				continue;
			int has = 0;
			for (int k = 0; k < nr && !has; k++)
				has = strcmp(PQgetvalue(r, k, 0), d->id) == 0;
			if (!has)
				continue;
			out->synthetic[out->n_defs] = 0;
			out->defs[out->n_defs++] = d;
			any = 1;
		}
		if (any)
			out->themes[used_themes++] = out->themes[t];
	}
	out->n_themes = used_themes;
	PQclear(r);

	bp_buf ids;
	bp_buf_init(&ids);
	for (size_t i = 0; i < out->n_defs; i++)
		bp_buf_printf(&ids, "%s%s", i ? "," : "{", out->defs[i]->id);
	bp_buf_adds(&ids, out->n_defs ? "}" : "{}");
	out->ids_array = bp_arena_strdup(a, ids.data);
	bp_buf_release(&ids);

	/* Which indicators have synthetic values here: what the engine stored
	 * with the values shown (survey imports write no observations, so the
	 * sources of the observations cannot tell). */
	{
		const char *p2[] = { gemeente, out->ids_array };
		rc = bp_pg_query(conn, "SELECT DISTINCT indicator_id FROM bp.indicator_value "
		                       " WHERE gemeente_code = $1 AND indicator_id = ANY($2::text[]) AND synthetic",
		                 2, p2, &r, err);
		if (rc)
			return rc;
		for (int k = 0; k < PQntuples(r); k++)
			for (size_t i = 0; i < out->n_defs; i++)
				if (strcmp(out->defs[i]->id, PQgetvalue(r, k, 0)) == 0)
					out->any_synthetic = out->synthetic[i] = 1;
		PQclear(r);
	}

	/* Every source that fed the gemeente's figures: the imported tables
	 * and files (a survey-results file is one), and the surveys by name.
	 * RIVM's (50090NED) cited as model estimates, as each chart's own line
	 * cites them (bp_cite_sources; the rule of bp_needs_uncertainty_of). */
	const char *pl[] = { gemeente, bp_lang_code(lang) };
	rc = bp_pg_query(conn,
		"SELECT string_agg(DISTINCT s.publisher || ', ' || s.title || "
		"       coalesce(' (' || s.table_id || ')', '') || "
		"       CASE WHEN s.table_id = '50090NED' OR s.publisher LIKE '%RIVM%' THEN '" BP_CITE_MODEL_NL "' ELSE '' END || "
		"       ', ' || " BP_SQL_SOURCE_LICENCE_IN("s", "$2") ", '; ') "
		"  FROM bp.source s WHERE EXISTS (SELECT 1 FROM bp.observation_all o "
		"        WHERE o.source_id = s.id AND o.gemeente_code = $1)", 2, pl, &r, err);
	if (rc)
		return rc;
	out->sources = bp_arena_strdup(a, PQgetisnull(r, 0, 0) ? "CBS, CC BY 4.0" : PQgetvalue(r, 0, 0));
	PQclear(r);
	const char *cite = NULL;
	int syn = 0;
	if ((rc = bp_report_survey_names(conn, out->defs, out->n_defs, gemeente, a, &out->surveys, &syn, err)) ||
	    (rc = bp_report_survey_citation(conn, out->defs, out->n_defs, gemeente, a, &cite, err)))
		return rc;
	if (cite)
		out->sources = bp_arena_printf(a, "%s; %s", out->sources, cite);
	out->source_line = bp_arena_printf(a, "Bron: %s; bewerking buurtpeil", out->sources);

	/* Which sources fed each indicator in which period: every chart cites its own. */
	bp_cite_index *ix = bp_arena_alloc(a, sizeof(*ix));
	if ((rc = bp_cite_index_load(conn, gemeente, out->defs, out->n_defs, lang, a, ix, err)))
		return rc;
	out->cites = ix;

	/* Wijken, each followed by its buurten, then custom areas: the latest
	 * indeling of each code that has indicator values. */
	rc = bp_pg_query(conn,
		"SELECT code, name, level, indeling_year, parent_code FROM ("
		"  SELECT DISTINCT ON (a.code) a.code, a.name, a.level::text AS level, a.indeling_year, a.parent_code "
		"    FROM bp.area a "
		"   WHERE a.gemeente_code = $1 AND a.level IN ('wijk', 'buurt', 'custom') "
		"     AND EXISTS (SELECT 1 FROM bp.indicator_value v "
		"                  WHERE v.area_code = a.code AND v.indeling_year = a.indeling_year) "
		"   ORDER BY a.code, a.indeling_year DESC) s "
		" ORDER BY level = 'custom', CASE WHEN level = 'buurt' THEN parent_code ELSE code END, "
		"          level = 'buurt', code", 1, p1, &r, err);
	if (rc)
		return rc;
	int na = PQntuples(r);
	out->areas = bp_arena_alloc(a, ((size_t)na + 1) * sizeof(*out->areas));
	for (int i = 0; i < na; i++) {
		bp_area_ref *ar = &out->areas[out->n_areas++];
		ar->code = bp_arena_strdup(a, PQgetvalue(r, i, 0));
		ar->name = bp_arena_strdup(a, PQgetvalue(r, i, 1));
		ar->level = bp_arena_strdup(a, PQgetvalue(r, i, 2));
		if ((rc = bp_pg_int(r, i, 3, &ar->year, err))) {
			PQclear(r);
			return rc;
		}
		ar->wijk = strcmp(ar->level, "buurt") == 0 && !PQgetisnull(r, i, 4)
		         ? bp_arena_strdup(a, PQgetvalue(r, i, 4)) : NULL;
	}
	PQclear(r);
	bp_area_reads *x = bp_arena_alloc(a, sizeof(*x));
	memset(x, 0, sizeof(*x));
	pthread_mutex_init(&x->lock, NULL);
	bp_arena_on_free(a, reads_free, x);
	x->first = bp_xcalloc(out->n_areas + 1, sizeof(int));
	x->count = bp_xcalloc(out->n_areas + 1, sizeof(int));
	out->reads = x;
	return BP_OK;
}

/* The columns and joins of an area's series (series_of reads them), up to its WHERE. */
#define SERIES_SELECT \
	"SELECT v.indicator_id, v.period, v.value, v.suppressed_reason, v.ci_low, v.ci_high, " \
	"       coalesce(k.gem, tr.gm), coalesce(v.value - k.gem, v.value - tr.gm), " \
	"       coalesce(k.nl, tr.nl), coalesce(v.value - k.nl, v.value - tr.nl), k.pct, " \
	"       v.value - k.prev_value, k.significant, v.synthetic, v.n_unweighted, v.origin = 'translated', v.note, " \
	"       v.origin, v.from_indeling_year, v.area_code, v.shown_year, " \
	"       CASE WHEN k.gem IS NOT NULL THEN k.gem_lo ELSE tr.gm_lo END, " \
	"       CASE WHEN k.gem IS NOT NULL THEN k.gem_hi ELSE tr.gm_hi END, " \
	/* The verdict's tests against the gemeente and Nederland (engine/reference_test.h; \
	 * a carried-over value's share of the gemeente is not known: the conservative test), \
	 * and whether the gemeente's knew the area's share. */ \
	BP_SQL_REFERENCE_DIFFERS("v.value", "v.ci_low", "v.ci_high", "coalesce(k.gem, tr.gm)", \
	                         "CASE WHEN k.gem IS NOT NULL THEN k.gem_lo ELSE tr.gm_lo END", \
	                         "CASE WHEN k.gem IS NOT NULL THEN k.gem_hi ELSE tr.gm_hi END", "k.gem_share") ", " \
	BP_SQL_REFERENCE_DIFFERS("v.value", "v.ci_low", "v.ci_high", "coalesce(k.nl, tr.nl)", \
	                         "NULL::float8", "NULL::float8", "NULL::float8") ", " \
	"       k.gem_share IS NOT NULL " \
	"  FROM bp.indicator_value_shown v " \
	BP_SQL_COMPARISON_RANKS("v", "k") \
	/* A carried-over value has no comparisons of its own: its references \
	 * are the gemeente's and Nederland's in the indeling it came from (no \
	 * rank nor change: those are among values of one indeling). */ \
	/* Each lookup inside a CASE: a WHERE on the lateral was applied \
	 * after both lookups had run for every row, native or not. */ \
	"  LEFT JOIN LATERAL (SELECT " \
	"       CASE WHEN v.origin IN ('translated', 'identical') THEN " \
	"       (SELECT w.value FROM bp.indicator_value w WHERE w.indicator_id = v.indicator_id " \
	"           AND w.area_code = v.gemeente_code AND w.indeling_year = v.from_indeling_year " \
	"           AND w.period = v.period) END AS gm, " \
	"       CASE WHEN v.origin IN ('translated', 'identical') THEN " \
	"       (SELECT w.ci_low FROM bp.indicator_value w WHERE w.indicator_id = v.indicator_id " \
	"           AND w.area_code = v.gemeente_code AND w.indeling_year = v.from_indeling_year " \
	"           AND w.period = v.period AND w.value IS NOT NULL) END AS gm_lo, " \
	"       CASE WHEN v.origin IN ('translated', 'identical') THEN " \
	"       (SELECT w.ci_high FROM bp.indicator_value w WHERE w.indicator_id = v.indicator_id " \
	"           AND w.area_code = v.gemeente_code AND w.indeling_year = v.from_indeling_year " \
	"           AND w.period = v.period AND w.value IS NOT NULL) END AS gm_hi, " \
	"       CASE WHEN v.origin IN ('translated', 'identical') THEN " \
	"       (SELECT w.value FROM bp.indicator_value w JOIN bp.area la ON la.code = w.area_code " \
	"           AND la.indeling_year = w.indeling_year AND la.level = 'land' " \
	"         WHERE w.indicator_id = v.indicator_id AND w.indeling_year = v.from_indeling_year " \
	"           AND w.period = v.period ORDER BY w.area_code LIMIT 1) END AS nl) tr ON true "

/* The series of sc's indicators from rows first .. first + nt - 1 of r (one area's, SERIES_SELECT's columns). */
static bp_area_series *series_of(const bp_area_scope *sc, const PGresult *r, int first, int nt, bp_arena *a)
{
	bp_area_series *s = bp_arena_alloc(a, (sc->n_defs + 1) * sizeof(*s));
	for (size_t k = 0; k < sc->n_defs; k++) {
		bp_area_series *d = &s[k];
		memset(d, 0, sizeof(*d));
		d->def = sc->defs[k];
		/* The indicator's figures in this gemeente are synthetic: so is
		 * every row, label and reference of it, also where this area has no
		 * value of its own ("– synthetisch: geen gegevens"). */
		d->synthetic = sc->synthetic[k];
		size_t cap = (size_t)nt + 1;
		d->period = bp_arena_alloc(a, cap * sizeof(*d->period));
		d->suppressed = bp_arena_alloc(a, cap * sizeof(*d->suppressed));
		double **cols[] = { &d->value, &d->ci_lo, &d->ci_hi, &d->gm, &d->gm_diff, &d->nl, &d->nl_diff,
		                    &d->pct, &d->change, &d->n_resp, &d->gm_lo, &d->gm_hi };
		for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++)
			*cols[c] = bp_arena_alloc(a, cap * sizeof(double));
		d->change_sig = bp_arena_alloc(a, cap * sizeof(int));
		d->gm_differs = bp_arena_alloc(a, cap * sizeof(int));
		d->nl_differs = bp_arena_alloc(a, cap * sizeof(int));
		d->gm_share_known = bp_arena_alloc(a, cap);
		d->translated = bp_arena_alloc(a, cap);
		d->note = bp_arena_alloc(a, cap * sizeof(*d->note));
		d->note_en = bp_arena_alloc(a, cap * sizeof(*d->note_en));
		for (int i = first; i < first + nt; i++) {
			if (strcmp(PQgetvalue(r, i, 0), d->def->id) != 0)
				continue;
			size_t j = d->n++;
			d->period[j] = bp_arena_strdup(a, PQgetvalue(r, i, 1));
			d->value[j] = bp_area_cell(r, i, 2);
			d->suppressed[j] = PQgetisnull(r, i, 3) ? NULL : bp_arena_strdup(a, PQgetvalue(r, i, 3));
			/* An interval of a value that is not published is not published either. */
			d->ci_lo[j] = isnan(d->value[j]) ? NAN : bp_area_cell(r, i, 4);
			d->ci_hi[j] = isnan(d->value[j]) ? NAN : bp_area_cell(r, i, 5);
			d->gm[j] = bp_area_cell(r, i, 6);
			d->gm_diff[j] = bp_area_cell(r, i, 7);
			/* the gemeente's own interval (a survey estimate of it), both ends or none */
			d->gm_lo[j] = bp_area_cell(r, i, 21);
			d->gm_hi[j] = bp_area_cell(r, i, 22);
			if (isnan(d->gm[j]) || isnan(d->gm_lo[j]) || isnan(d->gm_hi[j]))
				d->gm_lo[j] = d->gm_hi[j] = NAN;
			d->gm_differs[j] = PQgetisnull(r, i, 23) ? -1 : PQgetvalue(r, i, 23)[0] == 't';
			d->nl_differs[j] = PQgetisnull(r, i, 24) ? -1 : PQgetvalue(r, i, 24)[0] == 't';
			d->gm_share_known[j] = PQgetvalue(r, i, 25)[0] == 't';
			d->nl[j] = bp_area_cell(r, i, 8);
			d->nl_diff[j] = bp_area_cell(r, i, 9);
			d->pct[j] = bp_area_cell(r, i, 10);
			d->change[j] = bp_area_cell(r, i, 11);
			d->change_sig[j] = PQgetisnull(r, i, 12) ? -1 : PQgetvalue(r, i, 12)[0] == 't';
			d->synthetic |= PQgetvalue(r, i, 13)[0] == 't';
			d->n_resp[j] = bp_area_cell(r, i, 14);
			d->translated[j] = PQgetvalue(r, i, 15)[0] == 't';
			d->note[j] = PQgetisnull(r, i, 16) ? NULL : bp_arena_strdup(a, PQgetvalue(r, i, 16));
			d->note_en[j] = d->note[j] ? bp_shown_note_en(a, PQgetvalue(r, i, 17),
			                                              PQgetisnull(r, i, 18) ? 0 : atoi(PQgetvalue(r, i, 18)),
			                                              d->note[j])
			                           : NULL;
		}
	}
	return s;
}

/* The slot of an area level in bp_area_reads. */
static int level_slot(const char *level)
{
	return strcmp(level, "wijk") == 0 ? 0 : strcmp(level, "buurt") == 0 ? 1 : 2;
}

/* The codes (text[]) and indeling years (int[]) of sc's areas of level slot l, as array literals in t. */
static void level_arrays(const bp_area_scope *sc, int l, bp_arena *t, const char **codes, const char **years)
{
	const char **c = bp_arena_alloc(t, (sc->n_areas + 1) * sizeof(*c));
	size_t n = 0;
	bp_buf y;
	bp_buf_init(&y);
	for (size_t i = 0; i < sc->n_areas; i++)
		if (level_slot(sc->areas[i].level) == l) {
			bp_buf_printf(&y, "%s%d", n ? "," : "{", sc->areas[i].year);
			c[n++] = sc->areas[i].code;
		}
	bp_buf_adds(&y, n ? "}" : "{}");
	*codes = bp_pg_text_array(t, c, n);
	*years = bp_arena_strdup(t, y.data);
	bp_buf_release(&y);
}

/* Where each area of level slot l has its rows in r (the rows of one area and year together; its code in
 * column cc, its year in cy): first[k], count[k] (left 0 for an area without rows).  Rows of an area's other
 * indeling years are left out. */
static void index_rows(const bp_area_scope *sc, int l, const PGresult *r, int cc, int cy, int *first, int *count)
{
	int nr = PQntuples(r);
	for (int i = 0; i < nr;) {
		int j = i + 1;
		const char *code = PQgetvalue(r, i, cc), *year = PQgetvalue(r, i, cy);
		while (j < nr && strcmp(PQgetvalue(r, j, cc), code) == 0 && strcmp(PQgetvalue(r, j, cy), year) == 0)
			j++;
		for (size_t k = 0; k < sc->n_areas; k++)
			if (level_slot(sc->areas[k].level) == l && sc->areas[k].year == atoi(year) &&
			    strcmp(sc->areas[k].code, code) == 0) {
				first[k] = i;
				count[k] = j - i;
				break;
			}
		i = j;
	}
}

/* The series of every area of sc of level slot l in one statement, by area (x->first, x->count); under x->lock. */
static bp_rc read_level_series(PGconn *conn, const bp_area_scope *sc, int l, bp_area_reads *x, bp_error *err)
{
	bp_arena *t = bp_arena_new();
	const char *codes, *years;
	level_arrays(sc, l, t, &codes, &years);
	/* Plain conditions on the view's columns, which each of its branches
	 * filters on (sql/028); an area's rows of another of the years are
	 * left out below. */
	const char *p[] = { codes, years, sc->ids_array };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, SERIES_SELECT
		" WHERE v.area_code = ANY($1::text[]) AND v.shown_year = ANY($2::int[]) "
		"   AND v.indicator_id = ANY($3::text[]) "
		" ORDER BY v.area_code, v.shown_year, v.indicator_id, v.period", 3, p, &r, err);
	bp_arena_free(t);
	if (rc)
		return rc;
	index_rows(sc, l, r, 19, 20, x->first, x->count);
	x->series[l] = r;
	return BP_OK;
}

/* The series of area k of sc from its level's shared read; 0 when there is none (yet: the first area of a
 * level asked for reads its own, so that a caller of one area reads no more). */
static int shared_series(PGconn *conn, const bp_area_scope *sc, size_t k, bp_arena *a, bp_area_series **out,
                         bp_rc *rc, bp_error *err)
{
	bp_area_reads *x = sc->reads;
	int l = level_slot(sc->areas[k].level);
	pthread_mutex_lock(&x->lock);
	if (!x->series[l] && x->asked[l]++ >= 1)
		*rc = read_level_series(conn, sc, l, x, err);
	const PGresult *r = x->series[l];   /* written once, under the lock */
	pthread_mutex_unlock(&x->lock);
	if (*rc || !r)
		return *rc != BP_OK;
	*out = series_of(sc, r, x->first[k], x->count[k], a);
	return 1;
}

bp_rc bp_area_series_load(PGconn *conn, const bp_area_scope *sc, const char *code, int year, bp_arena *a,
                          bp_area_series **out, bp_error *err)
{
	bp_rc rc = BP_OK;
	for (size_t k = 0; sc->reads && k < sc->n_areas; k++)
		if (sc->areas[k].year == year && strcmp(sc->areas[k].code, code) == 0) {
			if (shared_series(conn, sc, k, a, out, &rc, err))
				return rc;
			break;
		}
	char ys[16];
	snprintf(ys, sizeof(ys), "%d", year);
	const char *p[] = { code, ys, sc->ids_array };
	PGresult *r = NULL;
	rc = bp_pg_query_prepared(conn, "bp_area_series", SERIES_SELECT
		" WHERE v.area_code = $1 AND v.shown_year = $2::int "
		"   AND v.indicator_id = ANY($3::text[]) "
		" ORDER BY v.indicator_id, v.period", 3, p, &r, err);
	if (rc)
		return rc;
	*out = series_of(sc, r, 0, PQntuples(r), a);
	PQclear(r);
	return BP_OK;
}

/* Which area of sc ar is (its code and year); -1: none. */
static long scope_area(const bp_area_scope *sc, const bp_area_ref *ar)
{
	for (size_t k = 0; k < sc->n_areas; k++)
		if (sc->areas[k].year == ar->year && strcmp(sc->areas[k].code, ar->code) == 0)
			return (long)k;
	return -1;
}

bp_rc bp_area_rows_shared(PGconn *conn, const bp_area_scope *sc, bp_area_rows_kind kind, const char *sql,
                          const bp_area_ref *ar, const PGresult **r, int *first, int *n, bp_error *err)
{
	*r = NULL;
	*first = *n = 0;
	bp_area_reads *x = sc->reads;
	long k = x ? scope_area(sc, ar) : -1;
	if (k < 0)
		return BP_OK;
	int l = level_slot(ar->level);
	bp_rc rc = BP_OK;
	pthread_mutex_lock(&x->lock);
	shared_rows *slot = &x->rows[kind][l];
	/* From the level's second area on, as the series: a caller of one area reads no more than its own. */
	if (!slot->r && slot->asked++ >= 1) {
		bp_arena *t = bp_arena_new();
		const char *p[2];
		level_arrays(sc, l, t, &p[0], &p[1]);
		PGresult *res = NULL;
		if ((rc = bp_pg_query(conn, sql, 2, p, &res, err)) == BP_OK) {
			int nc = PQnfields(res);
			slot->first = bp_xcalloc(sc->n_areas + 1, sizeof(int));
			slot->count = bp_xcalloc(sc->n_areas + 1, sizeof(int));
			index_rows(sc, l, res, nc - 2, nc - 1, slot->first, slot->count);
			slot->r = res;
		}
		bp_arena_free(t);
	}
	if (slot->r) {   /* written once, under the lock */
		*r = slot->r;
		*first = slot->first[k];
		*n = slot->count[k];
	}
	pthread_mutex_unlock(&x->lock);
	return rc;
}

bp_rc bp_area_has_experiences(PGconn *conn, const bp_area_scope *sc, const char *code, int *has, bp_error *err)
{
	*has = 1;
	bp_area_reads *x = sc->reads;
	int in_scope = 0;   /* the read covers the scope's areas only */
	for (size_t k = 0; x && k < sc->n_areas && !in_scope; k++)
		in_scope = strcmp(sc->areas[k].code, code) == 0;
	if (!in_scope)
		return BP_OK;
	bp_rc rc = BP_OK;
	pthread_mutex_lock(&x->lock);
	if (!x->experiences) {
		bp_arena *t = bp_arena_new();
		const char **codes = bp_arena_alloc(t, (sc->n_areas + 1) * sizeof(*codes));
		for (size_t i = 0; i < sc->n_areas; i++)
			codes[i] = sc->areas[i].code;
		const char *p[] = { bp_pg_text_array(t, codes, sc->n_areas) };
		/* by code, as bp_experiences_for asks (an experience of any indeling year of the code) */
		rc = bp_pg_query(conn, "SELECT DISTINCT area_code FROM bp.experience_published "
		                       " WHERE area_code = ANY($1::text[])", 1, p, &x->experiences, err);
		bp_arena_free(t);
	}
	const PGresult *r = x->experiences;   /* written once, under the lock */
	pthread_mutex_unlock(&x->lock);
	if (rc)
		return rc;
	*has = 0;
	for (int i = 0; i < PQntuples(r) && !*has; i++)
		*has = strcmp(PQgetvalue(r, i, 0), code) == 0;
	return BP_OK;
}

static bp_map_polarity map_polarity(bp_polarity p)
{
	switch (p) {
	case BP_POLARITY_HIGHER_IS_BETTER: return BP_MAP_HIGHER_BETTER;
	case BP_POLARITY_HIGHER_IS_WORSE: return BP_MAP_HIGHER_WORSE;
	default: return BP_MAP_NEUTRAL;
	}
}


/* The source line of a map: def's sources in the period shown. */
static const char *map_source(bp_arena *a, const bp_area_scope *sc, const bp_indicator_def *def, const char *period,
                              bp_lang lang)
{
	bp_cite c;
	bp_cite_init(&c, sc->cites, a);
	c.lang = lang;
	bp_cite_def(&c, def, *period ? period : NULL);
	return bp_cite_line(&c);
}

/* The wijken of the gemeente with their borders and values of def (latest
 * period), the area `highlight` outlined: a chart ready to lay out (in a).
 * out->n_areas is 0 when no border of the gemeente is loaded. */
bp_rc bp_area_map_load(PGconn *conn, const bp_area_scope *sc, const char *level, const bp_indicator_def *def,
                       const char *highlight,
                       bp_arena *a, bp_choropleth *out, const char **period_out, bp_error *err)
{
	const char **reasons;
	return bp_area_map_load_reasons(conn, sc, level, def, highlight, a, out, period_out, &reasons, err);
}

bp_rc bp_area_map_load_reasons(PGconn *conn, const bp_area_scope *sc, const char *level,
                               const bp_indicator_def *def, const char *highlight, bp_arena *a,
                               bp_choropleth *out, const char **period_out, const char ***reasons_out,
                               bp_error *err)
{
	return bp_area_map_load_lang(conn, BP_LANG_NL, sc, level, def, highlight, a, out, period_out, reasons_out, err);
}

/* The rows of the map of def over the level's areas of sc (bp_area_map_load_lang reads them). */
static bp_rc map_rows(PGconn *conn, const bp_area_scope *sc, const char *level, const bp_indicator_def *def,
                      PGresult **r, bp_error *err)
{
	char ys[16];
	snprintf(ys, sizeof(ys), "%d", sc->year);
	const char *p[] = { sc->gemeente, def->id, ys, level };
	return bp_pg_query(conn,
		"SELECT ar.code, ar.name, g.geom_simple, v.value, v.suppressed_reason, "
		"       (SELECT max(period) FROM bp.indicator_value WHERE indicator_id = $2 AND gemeente_code = $1), "
		"       g.indeling_year, coalesce(v.synthetic, false), v.note, coalesce(v.origin = 'translated', false), "
		"       v.origin, v.from_indeling_year "
		"  FROM bp.area ar "
		"  JOIN LATERAL (SELECT geom_simple, indeling_year FROM bp.area_geometry_current gc "
		"                 WHERE gc.area_code = ar.code "
		"                 ORDER BY (gc.indeling_year = ar.indeling_year) DESC, gc.indeling_year DESC LIMIT 1) g ON true "
		"  LEFT JOIN bp.indicator_value_shown v ON v.area_code = ar.code AND v.shown_year = ar.indeling_year "
		/* Said to the view as a plain condition so that each branch filters on it (sql/028). */
		"       AND v.shown_gemeente_code = $1 "
		"       AND v.indicator_id = $2 AND v.period = (SELECT max(period) FROM bp.indicator_value "
		"                                               WHERE indicator_id = $2 AND gemeente_code = $1) "
		" WHERE ar.gemeente_code = $1 AND ar.level = $4::bp.area_level AND ar.indeling_year = $3::int "
		" ORDER BY ar.code", 4, p, r, err);
}

/* The map's rows, shared by the scope's pages (read once per level and indicator); *shared: not the caller's to clear. */
static bp_rc map_rows_shared(PGconn *conn, const bp_area_scope *sc, const char *level, const bp_indicator_def *def,
                             PGresult **r, int *shared, bp_error *err)
{
	bp_area_reads *x = sc->reads;
	/* The level kept as a literal: the caller's string may not outlive the scope. */
	const char *lv = strcmp(level, "buurt") == 0 ? "buurt" : strcmp(level, "wijk") == 0 ? "wijk" : NULL;
	*shared = 0;
	if (!x || !lv)
		return map_rows(conn, sc, level, def, r, err);
	bp_rc rc = BP_OK;
	pthread_mutex_lock(&x->lock);
	size_t i = 0;
	while (i < x->n_maps && (x->map[i].level != lv || strcmp(x->map[i].def, def->id) != 0))
		i++;
	if (i < x->n_maps) {
		*r = x->map[i].r;
		*shared = 1;
	} else if ((rc = map_rows(conn, sc, level, def, r, err)) == BP_OK && i < SHARED_MAPS) {
		x->map[i].level = lv;
		x->map[i].def = bp_xstrdup(def->id);
		x->map[i].r = *r;
		x->n_maps++;
		*shared = 1;
	}
	pthread_mutex_unlock(&x->lock);
	return rc;
}

bp_rc bp_area_map_load_lang(PGconn *conn, bp_lang lang, const bp_area_scope *sc, const char *level,
                            const bp_indicator_def *def, const char *highlight, bp_arena *a,
                            bp_choropleth *out, const char **period_out, const char ***reasons_out,
                            bp_error *err)
{
	const bp_lang L = lang;
	memset(out, 0, sizeof(*out));
	*reasons_out = NULL;
	*period_out = "";
	PGresult *r = NULL;
	int shared = 0;
	bp_rc rc = map_rows_shared(conn, sc, level, def, &r, &shared, err);
	if (rc)
		return rc;
	size_t n = (size_t)PQntuples(r);
	if (n == 0) {
		if (!shared)
			PQclear(r);
		return BP_OK;
	}
	int buurt = strcmp(level, "buurt") == 0;
	bp_map_area *areas = bp_arena_alloc(a, n * sizeof(*areas));
	const char **reasons = bp_arena_alloc(a, n * sizeof(*reasons));
	const char *period = PQgetisnull(r, 0, 5) ? "" : bp_arena_strdup(a, PQgetvalue(r, 0, 5));
	int border_year = 0;   /* newest border of another indeling than the areas' */
	int synthetic = 0;
	const char *hidden = NULL;   /* the suppression reason of the hidden areas; "" when they differ */
	/* Values not measured on these borders, per note in order of first
	 * appearance: the subtitle counts them ("5 wijken: omgerekend van ..."). */
	const char **notes = bp_arena_alloc(a, n * sizeof(*notes));
	size_t *note_n = bp_arena_alloc(a, n * sizeof(*note_n));
	size_t n_notes = 0;
	for (size_t i = 0; i < n; i++) {
		synthetic |= PQgetvalue(r, (int)i, 7)[0] == 't';
		if (!PQgetisnull(r, (int)i, 8) && !PQgetisnull(r, (int)i, 3)) {
			const char *note = PQgetvalue(r, (int)i, 8);
			if (L == BP_LANG_EN)
				note = bp_shown_note_en(a, PQgetvalue(r, (int)i, 10),
				                        PQgetisnull(r, (int)i, 11) ? 0 : atoi(PQgetvalue(r, (int)i, 11)), note);
			size_t j = 0;
			while (j < n_notes && strcmp(notes[j], note) != 0)
				j++;
			if (j == n_notes) {
				notes[n_notes] = bp_arena_strdup(a, note);
				note_n[n_notes++] = 0;
			}
			note_n[j]++;
		}
		int by;
		if ((rc = bp_pg_int(r, (int)i, 6, &by, err))) {
			if (!shared)
				PQclear(r);
			return rc;
		}
		if (by != sc->year && by > border_year)
			border_year = by;
		bp_map_area *m = &areas[i];
		memset(m, 0, sizeof(*m));
		m->code = bp_arena_strdup(a, PQgetvalue(r, (int)i, 0));
		m->name = bp_arena_strdup(a, PQgetvalue(r, (int)i, 1));
		size_t len = 0;
		unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, (int)i, 2), &len);
		if (raw) {
			unsigned char *copy = bp_arena_alloc(a, len + 1);
			memcpy(copy, raw, len);
			PQfreemem(raw);
			m->wkb = copy;
			m->wkb_len = len;
		}
		if (!PQgetisnull(r, (int)i, 3)) {
			m->status = BP_MAP_VALUE;
			m->value = strtod(PQgetvalue(r, (int)i, 3), NULL);
			reasons[i] = NULL;
		} else {
			const char *why = PQgetisnull(r, (int)i, 4) ? "missing_input" : PQgetvalue(r, (int)i, 4);
			m->status = bp_suppressed_is_missing(why) ? BP_MAP_MISSING : BP_MAP_SUPPRESSED;
			m->value = NAN;
			reasons[i] = bp_tr(L, m->status == BP_MAP_MISSING ? "geen gegevens" : bp_suppressed_reason_nl(why));
			if (m->status == BP_MAP_SUPPRESSED)
				hidden = !hidden || strcmp(hidden, why) == 0 ? bp_arena_strdup(a, why) : "";
		}
		m->highlight = highlight && strcmp(m->code, highlight) == 0;
	}
	if (!shared)
		PQclear(r);
	const char *subtitle = border_year ? bp_arena_printf(a, L == BP_LANG_EN ? "%s of %s, %s (borders of %d)"
	                                                                       : "%s van %s, %s (grenzen van %d)",
	                                                     bp_tr(L, buurt ? "Buurten" : "Wijken"), sc->gemeente_name,
	                                                     period, border_year)
	                                   : bp_arena_printf(a, L == BP_LANG_EN ? "%s of %s, %s" : "%s van %s, %s",
	                                                     bp_tr(L, buurt ? "Buurten" : "Wijken"), sc->gemeente_name,
	                                                     period);
	/* The notes in lang: English made from the rows' origin and from_indeling_year. */
	for (size_t j = 0; j < n_notes; j++)
		subtitle = bp_arena_printf(a, "%s; %zu %s: %s", subtitle, note_n[j],
		                           bp_tr(L, note_n[j] == 1 ? (buurt ? "buurt" : "wijk") : (buurt ? "buurten" : "wijken")),
		                           notes[j]);
	*out = (bp_choropleth){
		.title = bp_arena_printf(a, "%s%s", bp_def_title(def, L), bp_tr(L, bp_def_suffix(def, synthetic))),
		.subtitle = subtitle,
		.source = map_source(a, sc, def, period, L),
		.legend_title = bp_arena_printf(a, "%s (%s)", bp_def_title(def, L), bp_tr(L, def->unit)),
		/* The legend's hatching says why (the renderer's default: too few inhabitants). */
		.suppressed_text = !hidden || strcmp(hidden, "small_denominator") == 0 ? NULL
		                 : *hidden ? bp_arena_printf(a, "%s (%s)", bp_tr(L, "niet gepubliceerd"),
		                                             bp_tr(L, bp_suppressed_reason_nl(hidden)))
		                           : bp_tr(L, "niet gepubliceerd"),
		.unit = bp_tr(L, def->unit),
		.decimals = def->decimals,
		.count_noun = bp_tr(L, buurt ? "buurten" : "wijken"),
		.count_noun_one = bp_tr(L, buurt ? "buurt" : "wijk"),
		.lang = L,
		.polarity = map_polarity(def->polarity),
		.areas = areas,
		.n_areas = n,
		.width = 800,
		.max_map_height = 560,
	};
	*period_out = period;
	*reasons_out = reasons;
	return BP_OK;
}

bp_profile_polarity bp_area_profile_polarity(bp_polarity p)
{
	switch (p) {
	case BP_POLARITY_HIGHER_IS_BETTER: return BP_PROFILE_HIGHER_BETTER;
	case BP_POLARITY_HIGHER_IS_WORSE: return BP_PROFILE_HIGHER_WORSE;
	default: return BP_PROFILE_NEUTRAL;
	}
}

const char *bp_area_theme_synthetic_suffix(const bp_area_scope *sc, const bp_area_series *s, const char *theme,
                                           bp_lang lang)
{
	size_t n = 0, syn = 0;
	for (size_t k = 0; k < sc->n_defs; k++) {
		if (strcmp(s[k].def->theme, theme) != 0)
			continue;
		n++;
		syn += s[k].synthetic != 0;
	}
	if (syn == 0)
		return "";
	return bp_tr(lang, syn == n ? " – " BP_SYNTHETIC_WORD : " – deels " BP_SYNTHETIC_WORD);
}

size_t bp_area_theme_items(bp_arena *a, const bp_area_scope *sc, const bp_area_series *s, const char *theme,
                           bp_profile_item **items, const char **period, bp_lang lang)
{
	bp_profile_item *out = bp_arena_alloc(a, (sc->n_defs + 1) * sizeof(*out));
	size_t n = 0;
	*period = NULL;
	for (size_t k = 0; k < sc->n_defs; k++) {
		const bp_area_series *x = &s[k];
		if (strcmp(x->def->theme, theme) != 0)
			continue;
		long i = bp_area_series_latest(x);
		bp_profile_item *it = &out[n++];
		it->label = bp_arena_printf(a, "%s%s", bp_def_title(x->def, lang), bp_tr(lang, bp_def_suffix(x->def, x->synthetic)));
		it->value = i < 0 ? NAN : x->value[i];
		it->ref = i < 0 ? NAN : x->gm[i];
		it->polarity = bp_area_profile_polarity(x->def->polarity);
		it->unit = bp_tr(lang, x->def->unit);
		it->decimals = x->def->decimals;
		it->missing_reason = isnan(it->value) ? bp_tr(lang, bp_area_series_reason(x, i)) : NULL;
		/* the interval the key-figures table shows beside the value: the chart's whisker */
		it->ci_low = i < 0 || isnan(it->value) ? NAN : x->ci_lo[i];
		it->ci_high = i < 0 || isnan(it->value) ? NAN : x->ci_hi[i];
		/* and the gemeente's own, where its figure is a survey estimate too */
		it->ref_ci_low = i < 0 ? NAN : x->gm_lo[i];
		it->ref_ci_high = i < 0 ? NAN : x->gm_hi[i];
		it->period = i >= 0 && (!isnan(it->value) || !isnan(it->ref)) ? x->period[i] : NULL;
		if (it->period && !*period)
			*period = it->period;
	}
	/* Figures of different periods side by side (KWB 2024 beside benefits of
	 * 2021 and RIVM's 2020): the subtitle's "2020 (RIVM), 2021 (CBS) en 2024
	 * (CBS)" does not say which bar is which, so each bar's title says its
	 * period, in the chart, its text alternative, its table and the downloads
	 * alike.  One period for all: the subtitle says it once. */
	int mixed = 0;
	for (size_t k = 0; k < n && !mixed; k++)
		mixed = out[k].period && strcmp(out[k].period, *period) != 0;
	for (size_t k = 0; mixed && k < n; k++)
		if (out[k].period)
			out[k].label = bp_arena_printf(a, "%s (%s)", out[k].label, out[k].period);
	*items = out;
	return n;
}

/* The distinct notes of shown values (note_of[shown], NULL: measured on these borders), each with how
 * many of the values carry it unless all do: "6 van 15 waarden: indeling 2020, zelfde code; ..."; NULL: none. */
static const char *notes_line(bp_arena *a, const char *const *note_of, size_t shown, bp_lang lang)
{
	const char *out = NULL;
	const char **notes = bp_arena_alloc(a, (shown + 1) * sizeof(*notes));
	size_t *count = bp_arena_alloc(a, (shown + 1) * sizeof(*count));
	size_t n_notes = 0;
	for (size_t k = 0; k < shown; k++) {
		const char *note = note_of[k];
		if (!note)
			continue;
		size_t j = 0;
		while (j < n_notes && strcmp(notes[j], note) != 0)
			j++;
		if (j == n_notes) {
			notes[n_notes] = note;
			count[n_notes++] = 0;
		}
		count[j]++;
	}
	for (size_t j = 0; j < n_notes; j++) {
		const char *one = count[j] == shown ? notes[j]
		                : bp_arena_printf(a, lang == BP_LANG_EN ? "%zu of %zu values: %s" : "%zu van %zu waarden: %s",
		                                  count[j], shown, notes[j]);
		out = out ? bp_arena_printf(a, "%s; %s", out, one) : one;
	}
	return out;
}

/* The notes of theme's values shown that were not measured on the area's borders; NULL: none. */
static const char *theme_notes(bp_arena *a, const bp_area_scope *sc, const bp_area_series *s, const char *theme,
                               bp_lang lang)
{
	size_t shown = 0;
	const char **note_of = bp_arena_alloc(a, (sc->n_defs + 1) * sizeof(*note_of));
	for (size_t k = 0; k < sc->n_defs; k++) {
		const bp_area_series *x = &s[k];
		long i = bp_area_series_latest(x);
		if (strcmp(x->def->theme, theme) != 0 || i < 0 || isnan(x->value[i]))
			continue;
		note_of[shown++] = bp_area_series_note(x, i, lang);
	}
	return notes_line(a, note_of, shown, lang);
}

const char *bp_area_series_notes(bp_arena *a, const bp_area_series *s, bp_lang lang)
{
	size_t shown = 0;
	const char **note_of = bp_arena_alloc(a, (s->n + 1) * sizeof(*note_of));
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->value[i]))
			note_of[shown++] = s->translated && s->translated[i] ? NULL : bp_area_series_note(s, (long)i, lang);
	return notes_line(a, note_of, shown, lang);
}

const char *bp_area_profile_subtitle(bp_arena *a, const bp_area_scope *sc, const bp_area_series *s,
                                     const char *theme, const char *periods, bp_lang lang)
{
	const char *notes = theme_notes(a, sc, s, theme, lang);
	return bp_arena_printf(a, lang == BP_LANG_EN ? "Compared with %s%s%s%s%s" : "Vergeleken met %s%s%s%s%s",
	                       sc->gemeente_name, *periods ? ", " : "", periods,
	                       notes ? "; " : "", notes ? notes : "");
}

void bp_area_theme_cite(const bp_area_scope *sc, const bp_area_series *s, const char *theme, bp_cite *c)
{
	for (size_t k = 0; k < sc->n_defs; k++) {
		const bp_area_series *x = &s[k];
		if (strcmp(x->def->theme, theme) != 0)
			continue;
		long i = bp_area_series_latest(x);
		if (i >= 0 && (!isnan(x->value[i]) || !isnan(x->gm[i])))
			bp_cite_def(c, x->def, x->period[i]);
	}
}

/*
 * Whether every gemeente of the indeling has a score in a composite's
 * ranking (composite, level, indeling, period): the scope label's
 * "national" (scope_label.h).  Why cached per scope: counting the distinct
 * gemeenten of a ranking (~13,800 scores of all of Nederland) took ~5 ms per
 * composite on every area page, the same answer for each page of a
 * gemeente; now one read per scope of the rankings the gemeente's scores
 * are in.  A ranking not among them (an area of an older indeling scored
 * under another gemeente) is counted on its own, so the answer is the same.
 */
#define COMPOSITE_NATIONAL(GROUPS) \
	"SELECT g.composite_id, g.level, g.indeling_year::text, g.period, " \
	"       (SELECT count(DISTINCT s.gemeente_code) FROM bp.composite_score s " \
	"         WHERE s.composite_id = g.composite_id AND s.level = g.level " \
	"           AND s.indeling_year = g.indeling_year AND s.period = g.period) " \
	"       >= coalesce((SELECT n.n_gemeenten FROM bp.indeling_gemeenten n " \
	"                     WHERE n.indeling_year = g.indeling_year), 2147483647) " \
	"  FROM (" GROUPS ") g"

static int national_row(const PGresult *r, const char *const key[4])
{
	for (int i = 0; r && i < PQntuples(r); i++)
		if (strcmp(PQgetvalue(r, i, 0), key[0]) == 0 && strcmp(PQgetvalue(r, i, 1), key[1]) == 0 &&
		    strcmp(PQgetvalue(r, i, 2), key[2]) == 0 && strcmp(PQgetvalue(r, i, 3), key[3]) == 0)
			return i;
	return -1;
}

bp_rc bp_area_composite_national(PGconn *conn, const bp_area_scope *sc, const char *composite_id,
                                 const char *level, const char *indeling_year, const char *period,
                                 int *national, bp_error *err)
{
	const char *key[4] = { composite_id, level, indeling_year, period };
	bp_area_reads *x = sc->reads;
	bp_rc rc = BP_OK;
	if (x) {
		pthread_mutex_lock(&x->lock);
		if (!x->national) {
			const char *p[] = { sc->gemeente };
			rc = bp_pg_query(conn, COMPOSITE_NATIONAL(
				"SELECT DISTINCT composite_id, level, indeling_year, period FROM bp.composite_score "
				" WHERE gemeente_code = $1"), 1, p, &x->national, err);
		}
		const PGresult *r = x->national;   /* written once, under the lock */
		pthread_mutex_unlock(&x->lock);
		if (rc)
			return rc;
		int i = national_row(r, key);
		if (i >= 0) {
			*national = strcmp(PQgetvalue(r, i, 4), "t") == 0;
			return BP_OK;
		}
	}
	PGresult *r = NULL;
	if ((rc = bp_pg_query(conn, COMPOSITE_NATIONAL("SELECT $1::text AS composite_id, $2::text AS level, "
	                                               "$3::int AS indeling_year, $4::text AS period"),
	                      4, key, &r, err)))
		return rc;
	*national = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 4), "t") == 0;
	PQclear(r);
	return BP_OK;
}
