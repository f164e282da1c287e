#include "report/needs_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/needs.h"
#include "report/pdfdoc.h"
#include "report/scope_label.h"
#include "report/verdict.h"

#define RGB_TEXT   0x1A1A1A
#define RGB_SUBTLE 0x4D4D4D
#define RGB_HEAD   0x0B5394

/*
 * The wording of a percentile (issue 16): only a distribution over every
 * gemeente of Nederland is called national ("van alle 3.150 wijken van
 * Nederland met cijfers"); any other names the areas it was ranked among ("van
 * de 16 wijken in deze monitor met cijfers").  Either way with the number ranked.
 */
static const char *pct_phrase(bp_arena *a, double percentile, const char *level, long n, int national, bp_lang L)
{
	return bp_arena_printf(a, L == BP_LANG_EN ? "among the %.0f%% with the greatest need of %s"
	                                          : "bij de %.0f%% met de meeste behoefte van %s",
	                       (1 - percentile) * 100, bp_scope_phrase_lang(a, level, n, national, L));
}

static const char *pct_head(bp_lang L)
{
	return bp_tr(L, "Percentiel (gerangschikt onder)");
}

static const char *pct_head_short(bp_lang L)
{
	return bp_tr(L, "Percentiel");
}

/* What the percentiles of this overview are out of: only the kinds its rows have. */
static const char *pct_scope_text(const bp_needs_overview *o)
{
	bp_lang L = o->lang;
	if (o->any_national && o->any_monitor)
		return bp_tr(L, "alle wijken van Nederland waar de bron heel Nederland dekt, anders de wijken in deze "
		                "monitor; elke rij zegt welke");
	if (o->any_national)
		return bp_tr(L, "alle wijken van Nederland; elke rij noemt hun aantal");
	return bp_tr(L, "de wijken in deze monitor; elke rij noemt hun aantal");
}

static const char *pct_note(bp_arena *a, const bp_needs_overview *o)
{
	return bp_arena_printf(a, o->lang == BP_LANG_EN
		? "Percentile: 100 is the area with the greatest need of the areas it was ranked among (%s). "
		  "Areas are ranked only among at least %d with figures: among fewer, a tenth would be less than one "
		  "area, and the figure says \u201cnot ranked\u201d with how many there are."
		: "Percentiel: 100 is het gebied met de meeste behoefte van de gebieden waaronder het "
		  "gerangschikt is (%s). Gerangschikt wordt alleen onder minimaal %d gebieden met cijfers: onder "
		  "minder is een tiende minder dan één gebied, en staat er \u2018niet gerangschikt\u2019 "
		  "(kort: \u2018geen rang\u2019) met hun aantal.", pct_scope_text(o), BP_COMPARE_MIN_DECILE_AREAS);
}

/* The PDF's note: its narrow column names the distribution in short (pct_text_short). */
static const char *pct_note_pdf(bp_arena *a, const bp_needs_overview *o)
{
	bp_lang L = o->lang;
	return bp_arena_printf(a, L == BP_LANG_EN ? "%s In the table: %s%s%s." : "%s In de tabel: %s%s%s.", pct_note(a, o),
	                       o->any_national ? bp_tr(L, "NL en het aantal wijken van Nederland") : "",
	                       o->any_national && o->any_monitor ? bp_tr(L, ", of ") : "",
	                       o->any_monitor ? bp_tr(L, "monitor en het aantal wijken in deze monitor") : "");
}

/* The word after a figure from a synthetic survey (one place: the summary, the HTML and PDF rows). */
static const char *synthetic_mark(int synthetic, bp_lang L)
{
	return bp_tr(L, bp_synthetic_suffix(synthetic));
}

/* The word after a row's figure: synthetic, or a RIVM model estimate (the summary, the HTML and PDF rows). */
static const char *row_mark(const bp_needs_row *r, bp_lang L)
{
	if (r->model_index && !r->synthetic)
		return bp_tr(L, BP_MODEL_INDEX_SUFFIX);
	return bp_tr(L, bp_figure_suffix(r->uncertainty == BP_NEEDS_MODEL_ESTIMATE, r->synthetic));
}

/* "Gecontroleerde indicatoren: Eenzaamheid – modelschatting, ...": the HTML's and the PDF's line. */
static const char *checked_text(bp_arena *a, const bp_needs_overview *o)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, bp_tr(o->lang, "Gecontroleerde indicatoren: "));
	for (size_t i = 0; i < o->n_checked; i++)
		bp_buf_printf(&b, "%s%s", i ? ", " : "", o->checked[i]);
	bp_buf_adds(&b, ".");
	const char *out = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return out;
}

/* A number in L: "12,0" / "12.0", "–" for NAN (in a). */
static const char *num(bp_arena *a, bp_lang L, double v, int decimals)
{
	return bp_fmt_lang(a, L, v, decimals);
}

#define NEEDS_POINT_ONLY "op de puntschatting: het 95%-interval omvat de waarde van de gemeente"
#define NEEDS_BOTH_WORSE "het verschil met de gemeente is groter dan de onzekerheid van beide cijfers toelaat"
#define NEEDS_BOTH_POINT_ONLY "op de puntschatting: het verschil met de gemeente valt binnen de onzekerheid van " \
	"beide cijfers"

static const char *why_text(bp_arena *a, const bp_need_item *it, const char *level, double relative,
                            double percentile, bp_lang L)
{
	const char *pct = it->by_percentile
		? pct_phrase(a, percentile, level, it->percentile_n, it->percentile_national, L) : NULL;
	/* The gemeente's figure has an interval of its own: the test counted both (engine/reference_test.h). */
	int both = isfinite(it->gemeente_ci_low) && isfinite(it->gemeente_ci_high);
	const char *gem = !it->by_gemeente ? NULL
		: it->with_interval && both ? bp_tr(L, NEEDS_BOTH_WORSE)
		: it->with_interval ? bp_tr(L, "het hele 95%-interval ligt ongunstiger dan de gemeente")
		: bp_arena_printf(a, L == BP_LANG_EN ? "more than %.0f%% worse than the municipality"
		                                     : "meer dan %.0f%% ongunstiger dan de gemeente", relative * 100);
	/* A percentile ranks point estimates: where the test finds no difference
	 * with the gemeente beyond chance (its interval holds the gemeente's
	 * value, or with the gemeente's own interval the difference is within
	 * both uncertainties), the signal must not read as one (the
	 * "Ongunstiger" cell beside it says +62%). */
	if (pct && !gem && it->gemeente_differs == 0)
		return bp_arena_printf(a, "%s; %s", pct, bp_tr(L, both ? NEEDS_BOTH_POINT_ONLY : NEEDS_POINT_ONLY));
	if (pct && gem)
		return bp_arena_printf(a, "%s; %s", pct, gem);
	return pct ? pct : gem ? gem : "";
}

static void row_from_item(bp_arena *a, bp_needs_row *row, const bp_need_item *it, const char *level,
                          const bp_area_scope *sc, double relative, double percentile, bp_lang L)
{
	memset(row, 0, sizeof(*row));
	row->theme = it->theme;
	row->area_code = it->area_code;
	row->area_name = it->area_name;
	row->area_level = level;
	row->indicator_id = it->indicator_id;
	row->title = it->title;
	row->unit = bp_tr(L, it->unit ? it->unit : "");
	row->period = it->period;
	/* English from the note's structured fields, not from SQL's Dutch sentence */
	row->note = L == BP_LANG_EN && it->note ? bp_shown_note_en(a, it->origin, it->from_indeling_year, it->note)
	                                         : it->note;
	row->decimals = it->decimals;
	row->value = it->value;
	row->gemeente_value = it->gemeente_value;
	row->gemeente_ci_lo = it->gemeente_ci_low;
	row->gemeente_ci_hi = it->gemeente_ci_high;
	row->relative_worse = it->relative_worse;
	row->percentile = it->percentile;
	row->percentile_n = it->percentile_n;
	row->percentile_national = it->percentile_national;
	row->reference_name = it->reference_name ? it->reference_name : sc->gemeente_name;
	row->reference_period = it->reference_period ? it->reference_period : it->period;
	row->ci_lo = it->ci_low;
	row->ci_hi = it->ci_high;
	row->uncertainty = it->uncertainty;
	row->survey_figure = (it->respondents || it->survey_result) && !it->estimate;
	row->model_index = it->uncertainty == BP_NEEDS_INDEX && bp_needs_source_is_model(it->source);
	row->change = it->change;
	row->change_sig = it->change_significant;
	row->previous_period = it->previous_period;
	row->why = it->by_percentile || it->by_gemeente ? why_text(a, it, level, relative, percentile, L) : "";
	if (L == BP_LANG_EN && it->title_en && *it->title_en)
		row->title = it->title_en;
	row->synthetic = it->synthetic;   /* a composite's, which is not among sc->defs */
	for (size_t k = 0; k < sc->n_defs; k++)
		if (strcmp(sc->defs[k]->id, it->indicator_id) == 0) {
			row->synthetic |= sc->synthetic[k];
			if (L != BP_LANG_NL)
				row->title = bp_def_title(sc->defs[k], L);
		}
}

/* A source as the header names it: a composite's "...; bewerking buurtpeil" is its inputs' source. */
static const char *source_short(bp_arena *a, const char *s, bp_lang L)
{
	const char *semi = s ? strchr(s, ';') : NULL;
	if (!s || !*s)
		return bp_tr(L, "onbekende bron");
	return semi ? bp_arena_printf(a, "%.*s", (int)(semi - s), s) : s;
}

/*
 * What a source's figures are, after its name in the periods line: ", modelschatting"
 * when an indicator of the scope from it is a RIVM model estimate, " (synthetische
 * gegevens)" when any of its values is synthetic, as the source lines cite them.
 */
static const char *source_mark(bp_arena *a, const bp_area_scope *sc, const char *src, bp_lang L)
{
	int model = 0, synthetic = 0;
	for (size_t k = 0; k < sc->n_defs; k++)
		if (strcmp(source_short(a, sc->defs[k]->source, L), src) == 0) {
			model |= bp_def_is_model_estimate(sc->defs[k]);
			synthetic |= sc->synthetic[k];
		}
	return bp_arena_printf(a, "%s%s", model ? bp_tr(L, ", modelschatting") : "",
	                       synthetic ? bp_tr(L, " (synthetische gegevens)") : "");
}

/*
 * "Perioden van de cijfers: RIVM ... (CBS 50090NED), modelschatting: 2020; CBS
 * Kerncijfers Wijken en Buurten: 2021, 2022 en 2024." from the distinct sources and
 * periods read (each source first named at its earliest period), each source
 * marked as its figures are (source_mark).
 */
static const char *periods_text(bp_arena *a, const bp_needs_period *p, size_t n, const bp_area_scope *sc, bp_lang L)
{
	if (n == 0)
		return NULL;
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, bp_tr(L, "Perioden van de cijfers (elke indicator op zijn laatste periode): "));
	const char **srcs = bp_arena_alloc(a, n * sizeof(*srcs));
	size_t n_src = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = source_short(a, p[i].source, L);
		size_t k = 0;
		while (k < n_src && strcmp(srcs[k], s) != 0)
			k++;
		if (k == n_src)
			srcs[n_src++] = s;
	}
	for (size_t k = 0; k < n_src; k++) {
		bp_buf_printf(&b, "%s%s%s: ", k ? "; " : "", srcs[k], source_mark(a, sc, srcs[k], L));
		/* the periods of this source, distinct, in order (p is by period) */
		const char **per = bp_arena_alloc(a, n * sizeof(*per));
		size_t n_per = 0;
		for (size_t i = 0; i < n; i++)
			if (strcmp(source_short(a, p[i].source, L), srcs[k]) == 0 &&
			    (n_per == 0 || strcmp(per[n_per - 1], p[i].period) != 0))
				per[n_per++] = p[i].period;
		for (size_t i = 0; i < n_per; i++)
			bp_buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n_per ? bp_tr(L, " en ") : ", ", per[i]);
	}
	bp_buf_adds(&b, ".");
	const char *out = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return out;
}

/* Merge r's periods into o's (distinct source and period, by period then source). */
static void add_periods(bp_arena *a, bp_needs_overview *o, const bp_needs_result *r)
{
	bp_needs_period *all = bp_arena_alloc(a, (o->n_periods + r->n_periods) * sizeof(*all));
	size_t n = 0;
	if (o->n_periods)
		memcpy(all, o->periods, o->n_periods * sizeof(*all));
	n = o->n_periods;
	for (size_t i = 0; i < r->n_periods; i++) {
		size_t k = 0;
		while (k < n && !(strcmp(all[k].source, r->periods[i].source) == 0 &&
		                  strcmp(all[k].period, r->periods[i].period) == 0))
			k++;
		if (k < n) {
			continue;
		}
		/* insert in order */
		size_t at = n;
		while (at > 0 && (strcmp(all[at - 1].period, r->periods[i].period) > 0 ||
		                  (strcmp(all[at - 1].period, r->periods[i].period) == 0 &&
		                   strcmp(all[at - 1].source, r->periods[i].source) > 0)))
			at--;
		memmove(all + at + 1, all + at, (n - at) * sizeof(*all));
		all[at] = r->periods[i];
		n++;
	}
	o->periods = all;
	o->n_periods = n;
}

/* The theme order for cmp_rows, set just before qsort: C11's qsort passes no
 * context to its comparison (qsort_r is not portable); one per thread, as
 * publishing's workers may sort at once (core/workpool.h). */
typedef struct sort_ctx {
	const char **themes;
	size_t n;
} sort_ctx;
static _Thread_local sort_ctx sorting;

static size_t theme_index(const char *t)
{
	for (size_t i = 0; i < sorting.n; i++)
		if (strcmp(sorting.themes[i], t) == 0)
			return i;
	return sorting.n;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const bp_needs_row *a = pa, *b = pb;
	size_t ta = theme_index(a->theme), tb = theme_index(b->theme);
	if (ta != tb)
		return ta < tb ? -1 : 1;
	double pa_ = isnan(a->percentile) ? -1 : a->percentile, pb_ = isnan(b->percentile) ? -1 : b->percentile;
	if (pa_ != pb_)
		return pa_ > pb_ ? -1 : 1;
	double ra = isnan(a->relative_worse) ? -1 : a->relative_worse, rb = isnan(b->relative_worse) ? -1 : b->relative_worse;
	if (ra != rb)
		return ra > rb ? -1 : 1;
	int c = strcmp(a->area_code, b->area_code);
	return c ? c : strcmp(a->title, b->title);
}

/* How the gemeente's 95% interval lies against Nederland's value: the
 * overview's own rule (the whole interval on one side), so a gemeente-level
 * figure is judged as a wijk's is against its gemeente. */
static const char *whole_verdict(const bp_needs_whole *w, bp_polarity pol, bp_lang L)
{
	if (isnan(w->value) || isnan(w->nl))
		return bp_tr(L, "niet vergeleken: geen waarde voor beide");
	if (isnan(w->ci_lo) || isnan(w->ci_hi))
		return bp_tr(L, "niet getoetst: geen interval");
	int above = w->ci_lo > w->nl, below = w->ci_hi < w->nl;
	if (!above && !below)
		return bp_tr(L, "Nederland ligt binnen het 95%-interval: geen duidelijk verschil");
	int worse = pol == BP_POLARITY_HIGHER_IS_WORSE ? above : below;
	return worse ? bp_tr(L, "het hele 95%-interval ligt ongunstiger dan Nederland")
	             : bp_tr(L, "het hele 95%-interval ligt gunstiger dan Nederland");
}

/* The checked indicators (ids in checked[n]) without any value for a wijk or
 * custom area of the gemeente, but with one for the gemeente itself. */
static bp_rc load_whole(PGconn *conn, const bp_area_scope *sc, const bp_indicator_def **checked, size_t n,
                        bp_arena *a, bp_needs_overview *out, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { sc->gemeente, sc->ids_array };
	bp_rc rc = bp_pg_query(conn,
		"SELECT DISTINCT v.indicator_id FROM bp.indicator_value v "
		"  JOIN bp.area a ON a.code = v.area_code AND a.indeling_year = v.indeling_year "
		" WHERE a.gemeente_code = $1 AND a.level IN ('wijk', 'custom') AND v.value IS NOT NULL "
		"   AND v.indicator_id = ANY($2::text[])", 2, p, &r, err);
	if (rc)
		return rc;
	bp_area_series *gm = NULL, *nl = NULL;
	out->whole = bp_arena_alloc(a, (n + 1) * sizeof(*out->whole));
	for (size_t i = 0; i < n; i++) {
		int has_areas = 0;
		for (int k = 0; k < PQntuples(r) && !has_areas; k++)
			has_areas = strcmp(PQgetvalue(r, k, 0), checked[i]->id) == 0;
		if (has_areas)
			continue;
		if (!gm && ((rc = bp_area_series_load(conn, sc, sc->gemeente, sc->year, a, &gm, err)) ||
		            (rc = bp_area_series_load(conn, sc, "NL00", sc->year, a, &nl, err))))
			goto out;
		size_t k = 0;
		while (sc->defs[k] != checked[i])
			k++;
		long j = bp_area_series_latest(&gm[k]);
		if (j < 0 || isnan(gm[k].value[j]))
			continue;
		bp_needs_whole *w = &out->whole[out->n_whole++];
		memset(w, 0, sizeof(*w));
		w->indicator_id = checked[i]->id;
		w->title = bp_def_title(checked[i], out->lang);
		w->unit = bp_tr(out->lang, checked[i]->unit ? checked[i]->unit : "");
		w->decimals = checked[i]->decimals;
		w->synthetic = sc->synthetic[k];
		w->period = gm[k].period[j];
		w->value = gm[k].value[j];
		w->ci_lo = gm[k].ci_lo[j];
		w->ci_hi = gm[k].ci_hi[j];
		w->nl = w->nl_ci_lo = w->nl_ci_hi = NAN;
		for (size_t m = 0; m < nl[k].n; m++)
			if (strcmp(nl[k].period[m], w->period) == 0) {
				w->nl = nl[k].value[m];
				w->nl_ci_lo = nl[k].ci_lo[m];
				w->nl_ci_hi = nl[k].ci_hi[m];
			}
		w->verdict = whole_verdict(w, checked[i]->polarity, out->lang);
		bp_cite c;
		bp_cite_init(&c, sc->cites, a);
		c.lang = out->lang;
		bp_cite_def(&c, checked[i], w->period);
		w->source = bp_cite_sources(&c);
	}
out:
	PQclear(r);
	return rc;
}

bp_rc bp_needs_overview_load(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_arena *a,
                             bp_needs_overview *out, bp_error *err)
{
	return bp_needs_overview_load_lang(conn, set, gemeente, BP_LANG_NL, a, out, err);
}

bp_rc bp_needs_overview_load_lang(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_lang lang,
                                  bp_arena *a, bp_needs_overview *out, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	out->lang = lang;
	bp_area_scope sc;
	bp_rc rc = bp_area_scope_load_lang(conn, set, gemeente, lang, a, &sc, err);
	if (rc)
		return rc;
	out->gemeente = sc.gemeente;
	out->gemeente_name = sc.gemeente_name;
	out->sources = sc.sources;
	/* English: the words buurtpeil adds to citations (a synthetic survey's note) too, as on the HTML page */
	out->source_line = lang == BP_LANG_EN ? bp_arena_printf(a, "Source: %s; processed by buurtpeil",
	                                                        bp_cite_sources_lang(a, sc.sources, lang))
	                                      : sc.source_line;
	out->checked = bp_arena_alloc(a, (sc.n_defs + 1) * sizeof(*out->checked));
	const bp_indicator_def **checked = bp_arena_alloc(a, (sc.n_defs + 1) * sizeof(*checked));
	for (size_t i = 0; i < sc.n_defs; i++) {
		if (sc.defs[i]->polarity != BP_POLARITY_HIGHER_IS_BETTER &&
		    sc.defs[i]->polarity != BP_POLARITY_HIGHER_IS_WORSE)
			continue;
		if (sc.defs[i]->role == BP_ROLE_CONTEXT)
			continue;
		checked[out->n_checked] = sc.defs[i];
		/* named with the word its figures carry in the rows (row_mark): synthetic, model estimate */
		out->checked[out->n_checked++] = bp_arena_printf(a, "%s%s", bp_def_title(sc.defs[i], lang),
			bp_tr(lang, !sc.synthetic[i] && bp_needs_index_of_model(bp_kind_name(sc.defs[i]->kind), sc.defs[i]->source)
			            ? BP_MODEL_INDEX_SUFFIX : bp_def_suffix(sc.defs[i], sc.synthetic[i])));
		out->any_synthetic |= sc.synthetic[i];
	}
	if ((rc = load_whole(conn, &sc, checked, out->n_checked, a, out, err)))
		return rc;


	/* The wijken and the custom areas: the levels the workgroup programmes for. */
	const char *levels[] = { "wijk", "custom" };
	bp_needs_result res[2];
	size_t cap = 1, cap_context = 0;
	for (size_t l = 0; l < 2; l++) {
		bp_needs_options no = { .gemeente = gemeente, .level = levels[l] };
		rc = bp_needs_query(conn, &no, a, &res[l], err);
		if (rc)
			return rc;
		cap += res[l].n;
		cap_context += res[l].n_context;
		if (res[l].period && (!out->period || strcmp(res[l].period, out->period) > 0))
			out->period = res[l].period;
		out->relative = res[l].relative;
		out->percentile = res[l].percentile;
		add_periods(a, out, &res[l]);
	}
	out->periods_text = periods_text(a, out->periods, out->n_periods, &sc, lang);
	out->rows = bp_arena_alloc(a, cap * sizeof(*out->rows));
	out->context = bp_arena_alloc(a, cap_context * sizeof(*out->context));
	out->quiet_codes = bp_arena_alloc(a, cap * sizeof(char *));
	out->quiet_names = bp_arena_alloc(a, cap * sizeof(char *));
	out->sum_codes = bp_arena_alloc(a, cap * sizeof(char *));
	out->sum_names = bp_arena_alloc(a, cap * sizeof(char *));
	out->sum_total = bp_arena_alloc(a, cap * sizeof(int));
	out->themes = bp_arena_alloc(a, cap * sizeof(char *));
	out->theme_count = bp_arena_alloc(a, cap * sizeof(int));

	for (size_t l = 0; l < 2; l++) {
		for (size_t i = 0; i < res[l].n_context; i++)
			row_from_item(a, &out->context[out->n_context++], &res[l].context[i], levels[l], &sc,
			              out->relative, out->percentile, lang);
		for (size_t i = 0; i < res[l].n; i++) {
			const bp_need_item *it = &res[l].items[i];
			if (!it->indicator_id) {
				out->quiet_codes[out->n_quiet] = it->area_code;
				out->quiet_names[out->n_quiet++] = it->area_name;
				continue;
			}
			row_from_item(a, &out->rows[out->n_rows++], it, levels[l], &sc, out->relative, out->percentile, lang);
			out->any_gemeente_interval |= !isnan(it->gemeente_ci_low);
			out->any_share_unknown |= !isnan(it->gemeente_ci_low) && it->gemeente_differs >= 0 &&
			                          !it->gemeente_share_known;
			if (!isnan(it->percentile)) {
				out->any_national |= it->percentile_national;
				out->any_monitor |= !it->percentile_national;
			}
			/* the query lists an area's items together, areas with most signals first */
			if (out->n_sum == 0 || strcmp(out->sum_codes[out->n_sum - 1], it->area_code) != 0) {
				out->sum_codes[out->n_sum] = it->area_code;
				out->sum_names[out->n_sum] = it->area_name;
				out->sum_total[out->n_sum++] = it->area_needs;
			}
			size_t t = 0;
			while (t < out->n_themes && strcmp(out->themes[t], it->theme) != 0)
				t++;
			if (t == out->n_themes) {
				out->themes[out->n_themes] = it->theme;
				out->theme_count[out->n_themes++] = 0;
			}
			out->theme_count[t]++;
		}
	}
	/* The notice also where only a row's composite is synthetic (not among sc.defs). */
	for (size_t i = 0; i < out->n_rows; i++)
		out->any_synthetic |= out->rows[i].synthetic;
	for (size_t i = 0; i < out->n_context; i++)
		out->any_synthetic |= out->context[i].synthetic;
	out->synthetic_notice = out->any_synthetic ? bp_synthetic_notice_text_lang(a, sc.surveys, lang) : NULL;
	out->synthetic_notice_surveys = sc.surveys;
	/* Themes with the most signals first (insertion sort: a handful of themes). */
	for (size_t i = 1; i < out->n_themes; i++)
		for (size_t j = i; j > 0 && out->theme_count[j] > out->theme_count[j - 1]; j--) {
			const char *t = out->themes[j];
			int c = out->theme_count[j];
			out->themes[j] = out->themes[j - 1];
			out->theme_count[j] = out->theme_count[j - 1];
			out->themes[j - 1] = t;
			out->theme_count[j - 1] = c;
		}
	/* The summary's counts per area and theme, in the themes' final order. */
	out->sum_theme = bp_arena_alloc(a, (out->n_sum * out->n_themes + 1) * sizeof(int));
	memset(out->sum_theme, 0, (out->n_sum * out->n_themes + 1) * sizeof(int));
	for (size_t i = 0; i < out->n_rows; i++) {
		size_t s = 0, t = 0;
		while (strcmp(out->sum_codes[s], out->rows[i].area_code) != 0)
			s++;
		while (strcmp(out->themes[t], out->rows[i].theme) != 0)
			t++;
		out->sum_theme[s * out->n_themes + t]++;
	}
	sorting.themes = out->themes;
	sorting.n = out->n_themes;
	qsort(out->rows, out->n_rows, sizeof(*out->rows), cmp_rows);
	bp_area_scope_drop_reads(&sc);   /* what its pages would share: an overview kept for the site needs none of it */
	return BP_OK;
}

/* An interval: "43,7 – 47,9", or "geen" (why: the verdict says). */
static const char *whole_interval(bp_arena *a, double lo, double hi, int decimals, bp_lang L)
{
	if (isnan(lo) || isnan(hi))
		return bp_tr(L, "geen");
	return bp_arena_printf(a, "%s – %s", num(a, L, lo, decimals), num(a, L, hi, decimals));
}

/* The interval, or in honest words why there is none. */
static const char *interval_text(bp_arena *a, const bp_needs_row *r, bp_lang L)
{
	if (!isnan(r->ci_lo) && !isnan(r->ci_hi))
		return whole_interval(a, r->ci_lo, r->ci_hi, r->decimals, L);
	/* the API's none_survey (engine/interval_basis.c): a published share of a survey-results table */
	if (r->uncertainty == BP_NEEDS_REGISTRATION && r->survey_figure)
		return bp_tr(L, "enquêtecijfer; bron gaf geen marges");
	switch (r->uncertainty) {
	case BP_NEEDS_MODEL_ESTIMATE:
		return bp_tr(L, "modelschatting; marges niet geladen");
	case BP_NEEDS_SURVEY:
		return bp_tr(L, "enquête; geen interval berekend");
	case BP_NEEDS_INDEX:
		return bp_tr(L, "geen (samengestelde index)");
	case BP_NEEDS_REGISTRATION:
		break;
	}
	return bp_tr(L, "geen (registratie, geen steekproef)");
}

static const char *trend_text(bp_arena *a, const bp_needs_row *r, bp_lang L)
{
	if (!r->previous_period)
		return bp_tr(L, "geen eerdere periode");
	if (isnan(r->change))
		return bp_arena_printf(a, L == BP_LANG_EN ? "%s not published" : "%s niet gepubliceerd", r->previous_period);
	char d[64];
	bp_numfmt_diff(L, d, sizeof(d), r->change, r->decimals);
	return bp_arena_printf(a, L == BP_LANG_EN ? "%s since %s%s" : "%s sinds %s%s", d, r->previous_period,
	                       bp_tr(L, r->change_sig == 1 ? " (significant)" : r->change_sig == 0 ? " (niet significant)"
	                                : " (niet getoetst: geen intervallen)"));
}

/* Not ranked because its distribution has fewer than BP_COMPARE_MIN_DECILE_AREAS areas with a value
 * (engine/compare.h: the engine stores no percentile there), rather than for want of a count. */
static int too_few_to_rank(const bp_needs_row *r)
{
	return isnan(r->percentile) && r->percentile_n >= 0 && r->percentile_n < BP_COMPARE_MIN_DECILE_AREAS;
}

/* The PDF's narrow column: "93 (NL, 3.150)" or "100 (monitor, 16)", "geen rang (2)" when not ranked
 * ("te weinig" read as part of the indicator "Te weinig contact met anderen" beside it);
 * the note below the table says what they mean. */
static const char *pct_text_short(bp_arena *a, const bp_needs_row *r, bp_lang L)
{
	if (too_few_to_rank(r))
		return bp_arena_printf(a, L == BP_LANG_EN ? "not ranked (%s)" : "geen rang (%s)",
		                       num(a, L, (double)r->percentile_n, 0));
	if (isnan(r->percentile))
		return "–";
	return bp_arena_printf(a, "%s (%s, %s)", num(a, L, r->percentile * 100, 0),
	                       r->percentile_national ? "NL" : "monitor", num(a, L, (double)r->percentile_n, 0));
}

/* "93 (alle 3.150 wijken van Nederland met cijfers)" or "100 (de 16 wijken in deze monitor met cijfers)". */
static const char *pct_text(bp_arena *a, const bp_needs_row *r, bp_lang L)
{
	if (too_few_to_rank(r))
		return bp_arena_printf(a, L == BP_LANG_EN ? "not ranked: too few areas (%s, at least %d)"
		                                          : "niet gerangschikt: te weinig gebieden (%s, minimaal %d)",
		                       num(a, L, (double)r->percentile_n, 0), BP_COMPARE_MIN_DECILE_AREAS);
	if (isnan(r->percentile))
		return "–";
	return bp_arena_printf(a, "%s (%s)", num(a, L, r->percentile * 100, 0),
	                       bp_scope_phrase_lang(a, r->area_level, r->percentile_n, r->percentile_national, L));
}

/* The relative difference in the unfavourable direction: "24%", "–" when there is none. */
static const char *worse_text(bp_arena *a, const bp_needs_row *r, bp_lang L)
{
	return isnan(r->relative_worse) ? "–" : bp_arena_printf(a, "%s%%", num(a, L, r->relative_worse * 100, 0));
}

/* A context cell: the value, with its note when it was not measured on the area's borders. */
static const char *context_text(bp_arena *a, const bp_needs_row *c, bp_lang L)
{
	if (!c)
		return "–";
	const char *v = num(a, L, c->value, c->decimals);
	return c->note ? bp_arena_printf(a, "%s (%s)", v, c->note) : v;
}

static const char *value_text(bp_arena *a, const bp_needs_row *r, bp_lang L)
{
	/* A value not measured on the area's borders says so beside its period. */
	return bp_arena_printf(a, "%s (%s%s%s)", num(a, L, r->value, r->decimals), r->period ? r->period : "?",
	                       r->note ? "; " : "", r->note ? r->note : "");
}

/* The reference compared with: "Oss 12,0 (2024)", and where the gemeente's figure is a survey estimate
 * too its own interval as the area's column gives the area's: "Oss 12,0 (2024), 95%-interval 10,1 – 13,9". */
static const char *reference_text(bp_arena *a, const bp_needs_row *r, bp_lang L)
{
	const char *t = bp_arena_printf(a, "%s %s (%s)", r->reference_name ? r->reference_name : bp_tr(L, "gemeente"),
	                                num(a, L, r->gemeente_value, r->decimals),
	                                r->reference_period ? r->reference_period : "?");
	if (isnan(r->gemeente_ci_lo) || isnan(r->gemeente_ci_hi))
		return t;
	return bp_arena_printf(a, "%s, %s %s", t, bp_tr(L, "95%-interval"),
	                       whole_interval(a, r->gemeente_ci_lo, r->gemeente_ci_hi, r->decimals, L));
}

static const char *rule_text(bp_arena *a, const bp_needs_overview *o)
{
	if (o->lang == BP_LANG_EN)
		return bp_arena_printf(a,
			"An area gets a signal on an indicator when it scores markedly worse on it: among the "
			"%.0f%% with the greatest need of the areas it was ranked among (%s; ranked only among at least "
			"%d areas with figures), "
			"or more than %.0f%% worse than %s as a whole "
			"(where a 95%% interval is known: the whole interval worse; where the municipality's figure has one too: "
			"the difference larger than the uncertainty of both allows). Each indicator is compared "
			"at its own latest period, with the municipality's value in the same period. Only indicators "
			"with a favourable side count; the demographic make-up (such as the share of older people) is no "
			"need in itself, and context figures (such as distances to facilities) are shown apart.",
			(1 - o->percentile) * 100, pct_scope_text(o), BP_COMPARE_MIN_DECILE_AREAS, o->relative * 100,
			o->gemeente_name);
	return bp_arena_printf(a,
		"Een gebied krijgt een signaal op een indicator als het daarop duidelijk ongunstiger scoort: bij de "
		"%.0f%% met de meeste behoefte van de gebieden waaronder het gerangschikt is (%s; gerangschikt "
		"wordt alleen onder minimaal %d gebieden met cijfers), "
		"of meer dan %.0f%% ongunstiger dan %s als geheel "
		"(waar een 95%%-interval bekend is: het hele interval ongunstiger; waar ook het cijfer van de gemeente er een "
		"heeft: het verschil groter dan de onzekerheid van beide toelaat). Elke indicator wordt vergeleken "
		"op zijn eigen laatste periode, met de waarde van de gemeente in dezelfde periode. Alleen indicatoren "
		"met een gunstige kant tellen mee; de demografische verdeling (zoals het aandeel ouderen) is geen "
		"behoefte op zich, en contextcijfers (zoals afstanden tot voorzieningen) staan apart.",
		(1 - o->percentile) * 100, pct_scope_text(o), BP_COMPARE_MIN_DECILE_AREAS, o->relative * 100,
		o->gemeente_name);
}

static const char uncertainty_note_en[] =
	"95% interval: a registration figure (CBS counts) has no sampling interval; the RIVM figures "
	"are model estimates per district and neighbourhood, whose margins buurtpeil has not loaded; "
	"survey figures have a 95% interval. Change: the difference with the previous period of the same "
	"indicator, significant when the difference is larger than the uncertainty of both intervals allows "
	"(|z| > 1.96).";

static const char uncertainty_note_nl[] =
	"95%-interval: een registratiecijfer (CBS-tellingen) heeft geen steekproefinterval; de RIVM-cijfers "
	"zijn modelschattingen per wijk en buurt, waarvan buurtpeil de marges niet heeft geladen; "
	"enquêtecijfers hebben een 95%-interval. Ontwikkeling: het verschil met de vorige periode van dezelfde "
	"indicator, significant als het verschil groter is dan de onzekerheid van beide intervallen toelaat "
	"(|z| > 1,96).";

static const char whole_note_en[] =
	"For these indicators this monitor has loaded figures for the municipality as a whole only, none per "
	"district: no area can get a signal on them. Here the municipality is compared with the Netherlands, "
	"each with its 95% interval where the source gives one, and with each indicator's own source.";

static const char whole_note_nl[] =
	"Van deze indicatoren zijn in deze monitor alleen cijfers voor de gemeente als geheel geladen, geen per "
	"wijk: geen gebied kan erop een signaal krijgen. Hier de gemeente vergeleken met Nederland, elk met zijn "
	"95%-interval waar de bron dat geeft, en met de eigen bron van elke indicator.";

static const char gemeente_interval_note_en[] =
	" Where the municipality's value has a 95% interval of its own (a survey estimate too), it is given beside "
	"the value compared with, and the signal against the municipality tests the difference with the uncertainty "
	"of both figures: only where the difference is larger than 1.96 times its standard error, which follows from "
	"both intervals and counts that the area is part of the municipality.";

static const char gemeente_interval_note_nl[] =
	" Waar de waarde van de gemeente een eigen 95%-interval heeft (ook een schatting uit een enqu\u00EAte), "
	"staat het bij de waarde waarmee vergeleken is, en toetst het signaal tegen de gemeente het verschil met de "
	"onzekerheid van beide cijfers: alleen als het verschil groter is dan 1,96 keer zijn standaardfout, die volgt "
	"uit beide intervallen en meetelt dat het gebied deel is van de gemeente.";

/* The notes above in L (sentences too long for a catalogue entry to stay readable). */
static const char *uncertainty_note_of(bp_lang L)
{
	return L == BP_LANG_EN ? uncertainty_note_en : uncertainty_note_nl;
}

/* The uncertainty note of o, with what is tested against a gemeente's own interval where a row shows one. */
static const char *uncertainty_note(bp_arena *a, const bp_needs_overview *o)
{
	bp_lang L = o->lang;
	if (!o->any_gemeente_interval)
		return uncertainty_note_of(L);
	return bp_arena_printf(a, "%s%s%s%s", uncertainty_note_of(L),
	                       L == BP_LANG_EN ? gemeente_interval_note_en : gemeente_interval_note_nl,
	                       o->any_share_unknown ? " " : "", o->any_share_unknown
	                       ? bp_verdict_share_note(a, L == BP_LANG_EN ? "the municipality" : "de gemeente", L) : "");
}

static const char *whole_note(bp_lang L)
{
	return L == BP_LANG_EN ? whole_note_en : whole_note_nl;
}

/* "Ernstige eenzaamheid, Eenzaamheid" (in a): the indicators of an area in a theme, in the rows' order. */
static const char *which_text(bp_arena *a, const bp_needs_overview *o, const char *code, const char *theme)
{
	bp_buf b;
	bp_buf_init(&b);
	for (size_t i = 0; i < o->n_rows; i++)
		if (strcmp(o->rows[i].area_code, code) == 0 && strcmp(o->rows[i].theme, theme) == 0)
			bp_buf_printf(&b, "%s%s%s", b.len ? ", " : "", o->rows[i].title,
			              row_mark(&o->rows[i], o->lang));
	const char *out = bp_arena_strdup(a, b.data ? b.data : "");
	bp_buf_release(&b);
	return out;
}

/* The context indicators present, in the order of their first row (by area, then indicator). */
static size_t context_columns(bp_arena *a, const bp_needs_overview *o, const bp_needs_row ***cols)
{
	size_t n = 0;
	*cols = bp_arena_alloc(a, (o->n_context + 1) * sizeof(**cols));
	for (size_t i = 0; i < o->n_context; i++) {
		size_t k = 0;
		while (k < n && strcmp((*cols)[k]->indicator_id, o->context[i].indicator_id) != 0)
			k++;
		if (k == n)
			(*cols)[n++] = &o->context[i];
	}
	return n;
}

static const bp_needs_row *context_cell(const bp_needs_overview *o, const char *code, const char *id)
{
	for (size_t i = 0; i < o->n_context; i++)
		if (strcmp(o->context[i].area_code, code) == 0 && strcmp(o->context[i].indicator_id, id) == 0)
			return &o->context[i];
	return NULL;
}

/* The length in characters (UTF-8) of the longest word of s. */
static size_t longest_word(const char *s)
{
	size_t best = 0, cur = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '(' || *s == ')' || *s == ',')
			cur = 0;
		else if (((unsigned char)*s & 0xC0) != 0x80 && ++cur > best)
			best = cur;
	}
	return best;
}

/* A link to an area's page (href: a pattern with one %s for the code; NULL: no link); hreflang="nl"
 * when that page is Dutch and this one is not. */
static void html_area(bp_html *b, const char *href, int href_dutch, const char *code, const char *name)
{
	if (href) {
		const char *at = strstr(href, "%s");
		bp_html_lit(b, "<a href=\"");
		if (at) {
			bp_html_textn(b, href, (size_t)(at - href));
			bp_html_text(b, code);
			bp_html_text(b, at + 2);
		} else {
			bp_html_text(b, href);
		}
		bp_html_choose(b, href_dutch, "\" hreflang=\"nl\">", "\">");
	}
	bp_html_text(b, name);
	if (href)
		bp_html_lit(b, "</a>");
}

void bp_needs_overview_html(const bp_needs_overview *o, const char *area_href, bp_arena *a, bp_html *b)
{
	bp_needs_overview_html_lang(o, area_href, o->lang, a, b);
}

void bp_needs_overview_html_lang(const bp_needs_overview *o, const char *area_href, bp_lang area_lang, bp_arena *a,
                                 bp_html *b)
{
	const bp_lang L = o->lang;
	const int nl_links = area_lang == BP_LANG_NL && L != BP_LANG_NL;
	bp_html_tr(b, L, "<h1>Behoeftenoverzicht ");
	bp_html_text(b, o->gemeente_name);
	bp_html_lit(b, "</h1>\n");
	/* Right under the title: a reader must know before any figure that some are made up. */
	if (o->synthetic_notice)
		bp_synthetic_notice_html_lang(b, a, o->synthetic_notice_surveys, L);
	bp_html_tr(b, L, "<p>Voor de programmeringswerkgroep: per wijk en thema de indicatoren waarop een gebied "
	                 "duidelijk ongunstiger scoort, met de onzekerheid en de ontwikkeling.</p>\n");
	if (o->periods_text) {
		bp_html_lit(b, "<p class=\"perioden\">");
		bp_html_text(b, o->periods_text);
		bp_html_lit(b, "</p>\n");
	}
	bp_html_lit(b, "<p>");
	bp_html_text(b, rule_text(a, o));
	bp_html_lit(b, "</p>\n");
	bp_html_tr(b, L, "<h2 id=\"samenvatting\">Samenvatting per gebied en thema</h2>\n");
	if (o->n_rows == 0) {
		bp_html_tr(b, L, "<p>Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger.");
		if (o->n_checked == 0)
			bp_html_tr(b, L, " Er zijn nog geen indicatoren met een gunstige kant geladen (zoals gezondheid of "
			                 "rondkomen uit de gezondheidsmonitor of een bewonersenquête).");
		bp_html_lit(b, "</p>\n");
	} else {
		/* The matrix: areas with signals x themes, the number of indicators markedly worse. */
		bp_html_tr(b, L, "<table class=\"samenvatting\">\n<caption>Aantal indicatoren waarop het gebied duidelijk "
		                 "ongunstiger scoort, per thema</caption>\n<thead><tr><th scope=\"col\">Gebied</th>");
		for (size_t t = 0; t < o->n_themes; t++) {
			bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
			bp_html_text(b, bp_theme_title_lang(a, o->themes[t], L));
			bp_html_lit(b, "</th>");
		}
		bp_html_tr(b, L, "<th scope=\"col\" class=\"num\">Totaal</th></tr></thead>\n<tbody>\n");
		for (size_t s = 0; s < o->n_sum; s++) {
			bp_html_lit(b, "<tr><th scope=\"row\">");
			html_area(b, area_href, nl_links, o->sum_codes[s], o->sum_names[s]);
			bp_html_lit(b, "</th>");
			for (size_t t = 0; t < o->n_themes; t++) {
				int n = o->sum_theme[s * o->n_themes + t];
				if (n)
					bp_html_printf(b, "<td class=\"num\">%d</td>", n);
				else
					bp_html_lit(b, "<td class=\"num\">–</td>");
			}
			bp_html_printf(b, "<td class=\"num\">%d</td></tr>\n", o->sum_total[s]);
		}
		bp_html_tr(b, L, "</tbody>\n<tfoot><tr><th scope=\"row\">Alle gebieden</th>");
		for (size_t t = 0; t < o->n_themes; t++)
			bp_html_printf(b, "<td class=\"num\">%d</td>", o->theme_count[t]);
		bp_html_printf(b, "<td class=\"num\">%zu</td></tr></tfoot>\n</table>\n", o->n_rows);
		/* Which indicators, per area. */
		bp_html_lit(b, "<ul class=\"samenvatting-welke\">\n");
		for (size_t s = 0; s < o->n_sum; s++) {
			bp_html_lit(b, "<li><strong>");
			bp_html_text(b, o->sum_names[s]);
			bp_html_lit(b, "</strong>: ");
			int first = 1;
			for (size_t t = 0; t < o->n_themes; t++) {
				int n = o->sum_theme[s * o->n_themes + t];
				if (!n)
					continue;
				bp_html_choose(b, first, "", "; ");
				first = 0;
				bp_html_text(b, bp_theme_title_lang(a, o->themes[t], L));
				bp_html_printf(b, " %d (", n);
				bp_html_text(b, which_text(a, o, o->sum_codes[s], o->themes[t]));
				bp_html_lit(b, ")");
			}
			bp_html_lit(b, "</li>\n");
		}
		bp_html_lit(b, "</ul>\n");
	}
	if (o->n_checked) {
		bp_html_lit(b, "<p>");
		bp_html_text(b, checked_text(a, o));
		bp_html_lit(b, "</p>\n");
	}
	size_t i = 0;
	for (size_t t = 0; t < o->n_themes; t++) {
		const char *tt = bp_theme_title_lang(a, o->themes[t], L);
		bp_html_printf(b, "<h2 id=\"thema-%zu\">", t + 1);
		bp_html_text(b, tt);
		bp_html_lit(b, "</h2>\n<table>\n<caption>");
		bp_html_text(b, tt);
		bp_html_tr(b, L, ": gebieden die duidelijk ongunstiger scoren</caption>\n<thead><tr>"
		                 "<th scope=\"col\">Gebied</th><th scope=\"col\">Indicator</th>"
		                 "<th scope=\"col\" class=\"num\">Waarde (periode)</th>"
		                 "<th scope=\"col\" class=\"num\">Vergeleken met</th>"
		                 "<th scope=\"col\" class=\"num\">Ongunstiger</th><th scope=\"col\" class=\"num\">");
		bp_html_text(b, pct_head(L));
		bp_html_tr(b, L, "</th><th scope=\"col\">95%-interval</th>"
		                 "<th scope=\"col\">Ontwikkeling</th><th scope=\"col\">Waarom</th></tr></thead>\n<tbody>\n");
		for (; i < o->n_rows && strcmp(o->rows[i].theme, o->themes[t]) == 0; i++) {
			const bp_needs_row *r = &o->rows[i];
			bp_html_lit(b, "<tr><th scope=\"row\">");
			html_area(b, area_href, nl_links, r->area_code, r->area_name);
			bp_html_lit(b, "</th><td>");
			bp_html_text(b, r->title);
			bp_html_printf(b, " (%s)%s</td><td class=\"num\">", r->unit, row_mark(r, L));
			bp_html_text(b, value_text(a, r, L));
			bp_html_lit(b, "</td><td class=\"num\">");
			bp_html_text(b, reference_text(a, r, L));
			bp_html_lit(b, "</td><td class=\"num\">");
			bp_html_text(b, worse_text(a, r, L));
			bp_html_lit(b, "</td><td class=\"num\">");
			bp_html_text(b, pct_text(a, r, L));
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, interval_text(a, r, L));
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, trend_text(a, r, L));
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, r->why);
			bp_html_lit(b, "</td></tr>\n");
		}
		bp_html_lit(b, "</tbody>\n</table>\n");
	}
	if (o->n_whole) {
		bp_html_lit(b, "<h2 id=\"gemeente\">");
		bp_html_text(b, o->gemeente_name);
		bp_html_tr(b, L, " als geheel</h2>\n<p>");
		bp_html_text(b, whole_note(L));
		bp_html_lit(b, "</p>\n<table class=\"geheel\">\n<caption>");
		bp_html_text(b, o->gemeente_name);
		bp_html_tr(b, L, " vergeleken met Nederland</caption>\n<thead><tr><th scope=\"col\">Indicator</th>"
		                 "<th scope=\"col\" class=\"num\">Periode</th>");
		bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
		bp_html_text(b, o->gemeente_name);
		bp_html_tr(b, L, "</th><th scope=\"col\">95%-interval</th><th scope=\"col\" class=\"num\">Nederland</th>"
		                 "<th scope=\"col\">95%-interval</th><th scope=\"col\">Oordeel</th>"
		                 "<th scope=\"col\">Bron</th></tr></thead>\n<tbody>\n");
		for (size_t w = 0; w < o->n_whole; w++) {
			const bp_needs_whole *x = &o->whole[w];
			bp_html_lit(b, "<tr><th scope=\"row\">");
			bp_html_text(b, x->title);
			bp_html_printf(b, " (%s)%s</th><td class=\"num\">", x->unit, synthetic_mark(x->synthetic, L));
			bp_html_text(b, x->period);
			bp_html_lit(b, "</td><td class=\"num\">");
			bp_html_text(b, num(a, L, x->value, x->decimals));
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, whole_interval(a, x->ci_lo, x->ci_hi, x->decimals, L));
			bp_html_lit(b, "</td><td class=\"num\">");
			bp_html_text(b, num(a, L, x->nl, x->decimals));
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, whole_interval(a, x->nl_ci_lo, x->nl_ci_hi, x->decimals, L));
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, x->verdict);
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, x->source);
			bp_html_lit(b, "</td></tr>\n");
		}
		bp_html_lit(b, "</tbody>\n</table>\n");
	}
	if (o->n_context) {
		const bp_needs_row **cols;
		size_t nc = context_columns(a, o, &cols);
		bp_html_tr(b, L, "<h2 id=\"context\">Context</h2>\n<p>Deze cijfers beschrijven een gebied (afstanden tot "
		                 "voorzieningen, dichtheid) maar zijn geen behoefte op zich: ze krijgen geen signaal.</p>\n"
		                 "<table class=\"context\">\n<caption>Context per gebied</caption>\n<thead><tr>"
		                 "<th scope=\"col\">Gebied</th>");
		for (size_t k = 0; k < nc; k++) {
			bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
			bp_html_text(b, bp_arena_printf(a, "%s (%s, %s)", cols[k]->title, cols[k]->unit, cols[k]->period));
			bp_html_lit(b, "</th>");
		}
		bp_html_lit(b, "</tr></thead>\n<tbody>\n");
		for (size_t j = 0; j < o->n_context; j++) {
			if (j > 0 && strcmp(o->context[j].area_code, o->context[j - 1].area_code) == 0)
				continue;
			bp_html_lit(b, "<tr><th scope=\"row\">");
			html_area(b, area_href, nl_links, o->context[j].area_code, o->context[j].area_name);
			bp_html_lit(b, "</th>");
			for (size_t k = 0; k < nc; k++) {
				const bp_needs_row *c = context_cell(o, o->context[j].area_code, cols[k]->indicator_id);
				bp_html_lit(b, "<td class=\"num\">");
				bp_html_text(b, context_text(a, c, L));
				bp_html_lit(b, "</td>");
			}
			bp_html_lit(b, "</tr>\n");
		}
		bp_html_lit(b, "</tbody>\n<tfoot><tr><th scope=\"row\">");
		bp_html_text(b, o->gemeente_name);
		bp_html_lit(b, "</th>");
		for (size_t k = 0; k < nc; k++) {
			bp_html_lit(b, "<td class=\"num\">");
			bp_html_text(b, num(a, L, cols[k]->gemeente_value, cols[k]->decimals));
			bp_html_lit(b, "</td>");
		}
		bp_html_lit(b, "</tr></tfoot>\n</table>\n");
	}
	if (o->n_quiet) {
		bp_html_tr(b, L, "<h2 id=\"zonder-signaal\">Gebieden zonder signaal</h2>\n<p>");
		for (size_t q = 0; q < o->n_quiet; q++) {
			bp_html_choose(b, q, ", ", "");
			html_area(b, area_href, nl_links, o->quiet_codes[q], o->quiet_names[q]);
		}
		bp_html_lit(b, ".</p>\n");
	}
	bp_html_tr(b, L, "<p class=\"bron\">Ongunstiger: het relatieve verschil met de gemeente in de ongunstige "
	                 "richting. ");
	bp_html_text(b, pct_note(a, o));
	bp_html_lit(b, " ");
	bp_html_text(b, uncertainty_note(a, o));
	bp_html_lit(b, "</p>\n");
}

bp_rc bp_needs_overview_pdf(const bp_needs_overview *o, const char *path, bp_error *err)
{
	const bp_lang L = o->lang;
	const int en = L == BP_LANG_EN;
	bp_arena *a = bp_arena_new();
	bp_pdfdoc d;
	const char *title = bp_arena_printf(a, en ? "Needs overview %s" : "Behoeftenoverzicht %s", o->gemeente_name);
	bp_rc rc = bp_pdfdoc_open(&d, path, title, bp_arena_printf(a, en ? "Needs overview · %s · buurtpeil"
	                                                                 : "Behoeftenoverzicht · %s · buurtpeil",
	                                                            o->gemeente_name), o->source_line, err);
	if (rc) {
		bp_arena_free(a);
		return rc;
	}
	d.lang = L;
	bp_pdfdoc_text(&d, BP_PDF_H1, title, RGB_TEXT, 0);
	if (o->synthetic_notice)
		bp_pdfdoc_note(&d, o->synthetic_notice);
	bp_pdfdoc_text(&d, BP_PDF_LEAD, bp_tr(L, "Voor de programmeringswerkgroep"), RGB_SUBTLE, 0);
	if (o->periods_text)
		bp_pdfdoc_text(&d, BP_PDF_BODY, o->periods_text, RGB_TEXT, 0);
	bp_pdfdoc_text(&d, BP_PDF_BODY, rule_text(a, o), RGB_TEXT, 0);
	bp_pdfdoc_text(&d, BP_PDF_H2, bp_tr(L, "Samenvatting per gebied en thema"), RGB_HEAD, 40);
	if (o->n_rows == 0) {
		bp_pdfdoc_text(&d, BP_PDF_BODY, o->n_checked
			? bp_tr(L, "Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger.")
			: bp_tr(L, "Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger. Er zijn nog geen "
			           "indicatoren met een gunstige kant geladen (zoals gezondheid of rondkomen uit de "
			           "gezondheidsmonitor of een bewonersenquête)."), RGB_TEXT, 0);
	} else {
		/* The matrix: areas x themes, the last row the totals. */
		size_t nc = o->n_themes + 2;
		const char **head = bp_arena_alloc(a, nc * sizeof(char *));
		double *w = bp_arena_alloc(a, nc * sizeof(double));
		char *al = bp_arena_alloc(a, nc + 1);
		const char **cells = bp_arena_alloc(a, (o->n_sum + 1) * nc * sizeof(char *));
		int *bold = bp_arena_alloc(a, (o->n_sum + 1) * sizeof(int));
		head[0] = bp_tr(L, "Gebied");
		w[0] = 2.2;
		al[0] = 'l';
		for (size_t t = 0; t < o->n_themes; t++) {
			head[t + 1] = bp_theme_title_lang(a, o->themes[t], L);
			w[t + 1] = 1.2;
			al[t + 1] = 'r';
		}
		head[nc - 1] = bp_tr(L, "Totaal");
		w[nc - 1] = 0.9;
		al[nc - 1] = 'r';
		al[nc] = '\0';
		for (size_t s = 0; s <= o->n_sum; s++) {
			const char **c = cells + s * nc;
			bold[s] = s == o->n_sum;
			c[0] = s < o->n_sum ? o->sum_names[s] : bp_tr(L, "Alle gebieden");
			for (size_t t = 0; t < o->n_themes; t++) {
				int n = s < o->n_sum ? o->sum_theme[s * o->n_themes + t] : o->theme_count[t];
				c[t + 1] = n ? bp_arena_printf(a, "%d", n) : "–";
			}
			c[nc - 1] = bp_arena_printf(a, "%d", s < o->n_sum ? o->sum_total[s] : (int)o->n_rows);
		}
		bp_pdfdoc_table(&d, nc, w, al, head, cells, o->n_sum + 1, bold);
		/* Which indicators, per area and theme. */
		size_t n_which = 0;
		for (size_t k = 0; k < o->n_sum * o->n_themes; k++)
			n_which += o->sum_theme[k] > 0;
		const char **wc = bp_arena_alloc(a, (n_which + 1) * 3 * sizeof(char *));
		size_t r = 0;
		for (size_t s = 0; s < o->n_sum; s++)
			for (size_t t = 0; t < o->n_themes; t++) {
				if (!o->sum_theme[s * o->n_themes + t])
					continue;
				wc[3 * r] = o->sum_names[s];
				wc[3 * r + 1] = bp_theme_title_lang(a, o->themes[t], L);
				wc[3 * r + 2] = which_text(a, o, o->sum_codes[s], o->themes[t]);
				r++;
			}
		const char *wh[] = { bp_tr(L, "Gebied"), bp_tr(L, "Thema"), bp_tr(L, "Welke indicatoren") };
		const double ww[] = { 2, 1.6, 6 };
		bp_pdfdoc_space(&d, 8);
		bp_pdfdoc_table(&d, 3, ww, "lll", wh, wc, n_which, NULL);
	}
	/* which indicators were looked at, each with its mark, as on the HTML page */
	if (o->n_checked)
		bp_pdfdoc_text(&d, BP_PDF_BODY, checked_text(a, o), RGB_TEXT, 0);
	size_t i = 0;
	for (size_t t = 0; t < o->n_themes; t++) {
		size_t first = i;
		while (i < o->n_rows && strcmp(o->rows[i].theme, o->themes[t]) == 0)
			i++;
		size_t n = i - first;
		const char **cells = bp_arena_alloc(a, (n + 1) * 8 * sizeof(char *));
		/* The HTML's "Waarom" column as a line under each row: a ninth column of A4 is too narrow for
		 * "bij de 10% met de meeste behoefte van ...; op de puntschatting: ...". */
		const char **why = bp_arena_alloc(a, (n + 1) * sizeof(char *));
		for (size_t k = 0; k < n; k++) {
			const bp_needs_row *r = &o->rows[first + k];
			const char **c = cells + k * 8;
			why[k] = r->why && *r->why ? bp_arena_printf(a, "%s: %s", bp_tr(L, "Waarom"), r->why) : NULL;
			c[0] = r->area_name;
			c[1] = bp_arena_printf(a, "%s (%s)%s", r->title, r->unit, row_mark(r, L));
			c[2] = value_text(a, r, L);
			c[3] = reference_text(a, r, L);
			c[4] = worse_text(a, r, L);
			c[5] = pct_text_short(a, r, L);
			c[6] = interval_text(a, r, L);
			c[7] = trend_text(a, r, L);
		}
		/* a soft hyphen (U+00AD) lets the narrow column break "Ongunstiger" as Ongun-stiger */
		const char *head[] = { bp_tr(L, "Gebied"), bp_tr(L, "Indicator"), bp_tr(L, "Waarde (periode)"),
		                       bp_tr(L, "Vergeleken met"), bp_tr(L, "Ongun\u00ADstiger"), pct_head_short(L),
		                       bp_tr(L, "95%-interval"), bp_tr(L, "Ontwikkeling") };
		const double w[] = { 1.4, 1.8, 1.55, 1.7, 1.2, 1.05, 1.75, 1.85 };
		bp_pdfdoc_text(&d, BP_PDF_H2, bp_theme_title_lang(a, o->themes[t], L), RGB_HEAD, 60);
		bp_pdfdoc_table_notes(&d, 8, w, "llrrrrll", head, cells, n, NULL, why);
	}
	if (o->n_whole) {
		const char **cells = bp_arena_alloc(a, (o->n_whole + 1) * 7 * sizeof(char *));
		for (size_t k = 0; k < o->n_whole; k++) {
			const bp_needs_whole *x = &o->whole[k];
			const char **c = cells + k * 7;
			c[0] = bp_arena_printf(a, "%s (%s)%s", x->title, x->unit, synthetic_mark(x->synthetic, L));
			c[1] = bp_arena_printf(a, "%s (%s)", num(a, L, x->value, x->decimals), x->period);
			c[2] = whole_interval(a, x->ci_lo, x->ci_hi, x->decimals, L);
			c[3] = num(a, L, x->nl, x->decimals);
			c[4] = whole_interval(a, x->nl_ci_lo, x->nl_ci_hi, x->decimals, L);
			c[5] = x->verdict;
			c[6] = x->source;
		}
		const char *head[] = { bp_tr(L, "Indicator"), o->gemeente_name, bp_tr(L, "95%-interval"),
		                       bp_tr(L, "Nederland"), bp_tr(L, "95%-interval"), bp_tr(L, "Oordeel"), bp_tr(L, "Bron") };
		const double w[] = { 1.8, 1.3, 1.5, 1.5, 1.5, 2.0, 3.0 };
		bp_pdfdoc_need(&d, 160);   /* the heading and its text with the table's first rows */
		bp_pdfdoc_text(&d, BP_PDF_H2, bp_arena_printf(a, en ? "%s as a whole" : "%s als geheel", o->gemeente_name),
		               RGB_HEAD, 60);
		bp_pdfdoc_text(&d, BP_PDF_BODY, whole_note(L), RGB_TEXT, 0);
		bp_pdfdoc_table(&d, 7, w, "lrlrlll", head, cells, o->n_whole, NULL);
	}
	if (o->n_context) {
		const bp_needs_row **cols;
		size_t nc = context_columns(a, o, &cols);
		size_t n_areas = 0;
		for (size_t j = 0; j < o->n_context; j++)
			n_areas += j == 0 || strcmp(o->context[j].area_code, o->context[j - 1].area_code) != 0;
		const char **head = bp_arena_alloc(a, (nc + 1) * sizeof(char *));
		double *w = bp_arena_alloc(a, (nc + 1) * sizeof(double));
		char *al = bp_arena_alloc(a, nc + 2);
		const char **cells = bp_arena_alloc(a, (n_areas + 1) * (nc + 1) * sizeof(char *));
		int *bold = bp_arena_alloc(a, (n_areas + 1) * sizeof(int));
		head[0] = bp_tr(L, "Gebied");
		w[0] = 1.9;
		al[0] = 'l';
		for (size_t k = 0; k < nc; k++) {
			head[k + 1] = bp_arena_printf(a, "%s (%s, %s)", cols[k]->title, cols[k]->unit, cols[k]->period);
			/* wide enough for the longest word of the header ("Bevolkingsdichtheid"), which
			 * would otherwise be broken inside the word */
			size_t lw = longest_word(head[k + 1]);
			w[k + 1] = lw > 11 ? 0.12 * (double)lw : 1.3;
			al[k + 1] = 'r';
		}
		al[nc + 1] = '\0';
		size_t row = 0;
		for (size_t j = 0; j < o->n_context; j++) {
			if (j > 0 && strcmp(o->context[j].area_code, o->context[j - 1].area_code) == 0)
				continue;
			const char **c = cells + row * (nc + 1);
			bold[row] = 0;
			c[0] = o->context[j].area_name;
			for (size_t k = 0; k < nc; k++) {
				const bp_needs_row *x = context_cell(o, o->context[j].area_code, cols[k]->indicator_id);
				c[k + 1] = context_text(a, x, L);
			}
			row++;
		}
		const char **c = cells + row * (nc + 1);
		bold[row] = 1;
		c[0] = o->gemeente_name;
		for (size_t k = 0; k < nc; k++)
			c[k + 1] = num(a, L, cols[k]->gemeente_value, cols[k]->decimals);
		bp_pdfdoc_need(&d, 160);   /* the heading and its text with the table's first rows */
		bp_pdfdoc_text(&d, BP_PDF_H2, bp_tr(L, "Context"), RGB_HEAD, 60);
		bp_pdfdoc_text(&d, BP_PDF_BODY, bp_tr(L, "Deze cijfers beschrijven een gebied (afstanden tot voorzieningen, "
		                                         "dichtheid) maar zijn geen behoefte op zich: ze krijgen geen signaal."),
		               RGB_TEXT, 0);
		bp_pdfdoc_table(&d, nc + 1, w, al, head, cells, row + 1, bold);
	}
	if (o->n_quiet) {
		bp_buf q;
		bp_buf_init(&q);
		for (size_t k = 0; k < o->n_quiet; k++)
			bp_buf_printf(&q, "%s%s", k ? ", " : "", o->quiet_names[k]);
		bp_buf_adds(&q, ".");
		bp_pdfdoc_text(&d, BP_PDF_H2, bp_tr(L, "Gebieden zonder signaal"), RGB_HEAD, 30);
		bp_pdfdoc_text(&d, BP_PDF_BODY, q.data, RGB_TEXT, 0);
		bp_buf_release(&q);
	}
	bp_pdfdoc_text(&d, BP_PDF_SMALL, bp_arena_printf(a, en ? "Worse: the relative difference with the municipality in "
	                                                         "the unfavourable direction. %s %s"
	                                                       : "Ongunstiger: het relatieve verschil met de gemeente in de "
	                                                         "ongunstige richting. %s %s",
	                                                 pct_note_pdf(a, o), uncertainty_note(a, o)),
	               RGB_SUBTLE, 0);
	bp_pdfdoc_text(&d, BP_PDF_SMALL, bp_arena_printf(a, en ? "%s. CBS and RIVM figures: CC BY 4.0."
	                                                       : "%s. CBS- en RIVM-cijfers: CC BY 4.0.", o->source_line),
	               RGB_SUBTLE, 0);
	rc = bp_pdfdoc_close(&d);
	bp_arena_free(a);
	return rc;
}

/* One gemeente's overview kept: in an arena of its own, o NULL until read. */
typedef struct kept_slot {
	const char *gemeente;
	bp_arena *a;
	bp_needs_overview *o;
} kept_slot;

struct bp_needs_kept {
	bp_lang lang;
	size_t n;
	kept_slot *slot;
};

bp_needs_kept *bp_needs_kept_new(const char *const *gemeenten, size_t n, bp_lang lang)
{
	bp_needs_kept *k = bp_xcalloc(1, sizeof(*k));
	k->lang = lang;
	k->n = n;
	k->slot = bp_xcalloc(n + 1, sizeof(*k->slot));
	for (size_t i = 0; i < n; i++)
		k->slot[i].gemeente = gemeenten[i];
	return k;
}

static kept_slot *kept_slot_of(const bp_needs_kept *k, const char *gemeente)
{
	for (size_t i = 0; k && i < k->n; i++)
		if (strcmp(k->slot[i].gemeente, gemeente) == 0)
			return &k->slot[i];
	return NULL;
}

const bp_needs_overview *bp_needs_kept_find(const bp_needs_kept *k, const char *gemeente, bp_lang lang)
{
	const kept_slot *s = kept_slot_of(k, gemeente);
	return s && k->lang == lang ? s->o : NULL;
}

void bp_needs_kept_release(bp_needs_kept *k, const char *gemeente)
{
	kept_slot *s = kept_slot_of(k, gemeente);
	if (!s)
		return;
	if (s->a)
		bp_arena_free(s->a);
	s->a = NULL;
	s->o = NULL;
}

void bp_needs_kept_free(bp_needs_kept *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++)
		if (k->slot[i].a)
			bp_arena_free(k->slot[i].a);
	free(k->slot);
	free(k);
}

bp_rc bp_report_needs(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                      bp_report_result *res, bp_error *err)
{
	/* Kept for the site when it asks for this gemeente in this language, else freed below. */
	kept_slot *keep = opt->needs_kept && opt->needs_kept->lang == opt->lang ? kept_slot_of(opt->needs_kept, gemeente)
	                                                                        : NULL;
	if (keep)
		bp_needs_kept_release(opt->needs_kept, gemeente);   /* a second report of it: the newest */
	bp_arena *a = bp_arena_new(), *t = bp_arena_new();   /* t: the writing's, a: the overview's (kept) */
	bp_needs_overview o;
	bp_html page;
	bp_html_init(&page);
	bp_rc rc = bp_needs_overview_load_lang(conn, opt->indicators, gemeente, opt->lang, a, &o, err);
	if (rc == BP_OK)
		rc = bp_mkdir_p(opt->output_dir, 0755, err);
	if (rc == BP_OK) {
		const bp_lang L = opt->lang;
		bp_html_page frame = { BP_HTML_REPORT, bp_arena_printf(t, L == BP_LANG_EN ? "Needs overview %s"
		                                                                          : "Behoeftenoverzicht %s",
		                                                       o.gemeente_name) };
		frame.lang = L;
		bp_html_page_begin(&page, &frame);
		/* report's gemeente and area pages are written in the same language as this page */
		bp_html_printf_l(&page, L, "<p><a href=\"index.html\">Alle gemeenten</a> · <a href=\"%s.html\">",
		                 "<p><a href=\"index.html\">All municipalities</a> · <a href=\"%s.html\">", gemeente);
		bp_html_text(&page, o.gemeente_name);
		bp_html_printf_l(&page, L, "</a> · <a href=\"%s-behoeften.pdf\">als PDF</a></p>\n",
		                 "</a> · <a href=\"%s-behoeften.pdf\">as PDF</a></p>\n", gemeente);
		bp_needs_overview_html_lang(&o, bp_arena_printf(t, "%s/%%s.html", gemeente), L, t, &page);
		bp_html_page_end(&page, &frame, o.sources, NULL);
		rc = bp_html_write(&page, bp_arena_printf(t, "%s/%s-behoeften.html", opt->output_dir, gemeente), err);
	}
	if (rc == BP_OK)
		rc = bp_needs_overview_pdf(&o, bp_arena_printf(t, "%s/%s-behoeften.pdf", opt->output_dir, gemeente), err);
	if (rc == BP_OK)
		res->pages += 2;
	bp_html_release(&page);
	bp_arena_free(t);
	if (rc == BP_OK && keep) {
		keep->o = bp_arena_alloc(a, sizeof(o));
		*keep->o = o;
		keep->a = a;
	} else {
		bp_arena_free(a);
	}
	return rc;
}
