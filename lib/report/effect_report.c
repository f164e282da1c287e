#include "report/effect_report.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "core/numfmt.h"
#include "engine/experience.h"
#include "render/placebo.h"
#include "render/trend.h"
#include "report/experiences_html.h"
#include "report/areadata.h"
#include "report/area_page.h"
#include "report/downloads.h"
#include "report/pdfdoc.h"
#include "report/report.h"

/* Under every chart and in the PDFs' footers, in the report's language. */
static const char *chart_source(bp_lang lang)
{
	return lang == BP_LANG_EN ? "Source: " BP_EFFECT_SOURCES "; processed by buurtpeil"
	                          : "Bron: " BP_EFFECT_SOURCES "; bewerking buurtpeil";
}

/*
 * A sentence with values in lang: both formats literals the compiler checks
 * against the same arguments (as bp_html_printf_l); a sentence whose English
 * needs its values in another order is written as two calls.
 */
#define LPRINTF(a, lang, nl, en, ...) \
	((lang) == BP_LANG_EN ? bp_arena_printf((a), "" en, __VA_ARGS__) : bp_arena_printf((a), "" nl, __VA_ARGS__))

/* One estimate: an intervention, one of its indicators, one target area. */
typedef struct est {
	const bp_intervention *iv;
	const bp_intervention_indicator *ind;
	const bp_indicator_def *def;   /* NULL when not defined in the indicator set */
	bp_effect_result r;
	bp_experience *exp;            /* published experiences of the area and the intervention's theme */
	size_t n_exp;
	const bp_indicator_set *inds;  /* every definition, for the covariates' titles and sources; may be NULL */
	bp_lang lang;                  /* the report's (bp_effect_report_options.lang) */
} est;

typedef struct ctx {
	PGconn *conn;
	const bp_effect_report_options *opt;
	bp_arena *a;
	int svg_seq;                   /* makes ids of inline SVGs unique within a page */
	long downloads;                /* the pages' download files written (not among res->files) */
	bp_lang lang;
} ctx;

/* ---- words and numbers ----------------------------------------------------- */

static int decimals_of(const est *e)
{
	return e->def ? e->def->decimals : 1;
}

/* Estimates are differences of means: one digit more than the values. */
static int est_decimals(const est *e)
{
	return decimals_of(e) + 1;
}

static const char *value_unit(const est *e)
{
	return e->def && e->def->unit ? e->def->unit : "";
}

/* A difference of percentages is in percentage points; other units in lang. */
static const char *unit_after(bp_arena *a, bp_lang lang, const char *u)
{
	if (strcmp(u, "%") == 0)
		return lang == BP_LANG_EN ? " percentage points" : " procentpunt";
	return *u ? bp_arena_printf(a, " %s", bp_tr(lang, u)) : "";
}

static const char *diff_unit(bp_arena *a, const est *e)
{
	return unit_after(a, e->lang, value_unit(e));
}

static const char *ind_title(const est *e)
{
	return e->def ? bp_def_title(e->def, e->lang) : e->ind->id;
}

/* Under the estimate's charts: its indicator's own source over the periods drawn, RIVM's model
 * estimates cited as such (bp_cite_def); the report's general line for an undefined indicator. */
static const char *est_source(bp_arena *a, const est *e)
{
	if (!e->def || e->r.n_periods == 0)
		return chart_source(e->lang);
	bp_cite c;
	bp_cite_init(&c, NULL, a);
	c.lang = e->lang;
	for (size_t i = 0; i < e->r.n_periods; i++)
		bp_cite_def(&c, e->def, e->r.periods[i]);
	return bp_cite_line(&c);
}

static const char *fmt(bp_arena *a, const est *e, double v, int decimals)
{
	return bp_fmt_lang(a, e->lang, v, decimals);
}

/* A difference with its sign ("+0,4", "−3,0"; "+0.4" in English). */
static const char *fmt_diff(bp_arena *a, const est *e, double v, int decimals)
{
	char s[128];
	bp_numfmt_diff(e->lang, s, sizeof(s), v, decimals);
	return bp_arena_strdup(a, s);
}

static const char *area_label(bp_arena *a, const bp_effect_result *r)
{
	if (!r->area_name || strcmp(r->area_name, r->area_code) == 0)
		return r->area_code;
	return bp_arena_printf(a, "%s (%s)", r->area_name, r->area_code);
}

/* "2017-03-01" -> "1 maart 2017", "1 March 2017" */
static const char *date_l(bp_arena *a, bp_lang lang, const char *iso)
{
	int y, m, d;
	if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return iso ? iso : "";
	char s[64];
	bp_date_fmt(lang, s, sizeof(s), y, m, d);
	return bp_arena_strdup(a, s);
}

static const char *direction_l(bp_lang lang, bp_direction d)
{
	return d == BP_DIRECTION_UP ? bp_tr(lang, "omhoog") : bp_tr(lang, "omlaag");
}

static const char *verdict_l(bp_lang lang, bp_verdict v)
{
	return bp_tr(lang, bp_verdict_text(v));
}

/* The engine's note on the verdict in lang (its English is written beside the Dutch). */
static const char *note_l(const est *e)
{
	return e->lang == BP_LANG_EN && e->r.note_en ? e->r.note_en : e->r.note;
}

/* The verdict as a sentence that claims no more than the design allows. */
static const char *verdict_sentence(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	const char *area = r->area_name ? r->area_name : r->area_code;
	switch (r->verdict) {
	case BP_VERDICT_BETTER:
	case BP_VERDICT_WORSE:
		if (e->lang == BP_LANG_EN)
			return bp_arena_printf(a, "%s developed %s than similar areas on %s: the difference is larger than "
			                       "areas without an intervention show. That is an association, not proof that "
			                       "the intervention is the cause.", area,
			                       r->verdict == BP_VERDICT_BETTER ? "better" : "worse", ind_title(e));
		return bp_arena_printf(a, "%s ontwikkelde zich op %s %s dan vergelijkbare gebieden: het verschil is "
		                       "groter dan gebieden zonder interventie laten zien. Dat is een samenhang, "
		                       "geen bewijs dat de interventie de oorzaak is.",
		                       area, ind_title(e), r->verdict == BP_VERDICT_BETTER ? "beter" : "slechter");
	case BP_VERDICT_NO_DIFFERENCE:
		return LPRINTF(a, e->lang, "%s ontwikkelde zich op %s niet duidelijk anders "
		               "dan vergelijkbare gebieden; het verschil valt binnen wat gebieden zonder "
		               "interventie ook laten zien.",
		               "%s did not develop clearly differently on %s from similar areas; the difference is "
		               "within what areas without an intervention show too.", area, ind_title(e));
	case BP_VERDICT_TOO_FEW_PERIODS:
		return bp_tr(e->lang, "Hierover is niets te zeggen: er zijn te weinig perioden met cijfers vóór en na de start.");
	case BP_VERDICT_TOO_FEW_AREAS:
		return bp_tr(e->lang, "Hierover is niets te zeggen: er zijn te weinig vergelijkbare gebieden.");
	}
	return "";
}

static const char *estimate_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	if (!r->has_estimate)
		return bp_tr(e->lang, "Geen schatting: te weinig perioden of gebieden.");
	return LPRINTF(a, e->lang, "Geschat effect (verschil-in-verschillen): %s%s.",
	               "Estimated effect (difference-in-differences): %s%s.", fmt_diff(a, e, r->estimate, d),
	               diff_unit(a, e));
}

static const char *placebo_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	if (!r->has_placebo)
		return bp_tr(e->lang, "Placebo-interval: niet te bepalen (minder dan twee vergelijkingsgebieden).");
	return LPRINTF(a, e->lang, "Placebo-interval (5-95%%): %s tot %s%s; %d van de %zu gebieden "
	               "(de vergelijkingsgebieden en dit gebied) hebben een schatting minstens zo groot.",
	               "Placebo interval (5-95%%): %s to %s%s; %d of the %zu areas (the comparison areas and this "
	               "area) have an estimate at least as large.",
	               fmt(a, e, r->placebo_low, d), fmt(a, e, r->placebo_high, d), diff_unit(a, e), r->placebo_rank,
	               r->n_comparisons + 1);
}

static const char *analytic_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	/* Why there is none depends on the kind of figure: a count has no
	 * sampling error, RIVM's estimates have margins buurtpeil did not load. */
	if (!r->has_analytic && !e->def)
		return bp_tr(e->lang, "90%-interval uit de onzekerheid van de cijfers: niet bekend (geen marges geladen).");
	if (!r->has_analytic)
		return LPRINTF(a, e->lang, "90%%-interval uit de onzekerheid van de cijfers: niet bekend (%s).",
		               "90%% interval from the uncertainty of the figures: not known (%s).",
		               bp_figure_no_interval(bp_figure_kind_of(e->def, 0), e->lang));
	return LPRINTF(a, e->lang, "90%%-interval uit de onzekerheid van de cijfers: %s tot %s%s.",
	               "90%% interval from the uncertainty of the figures: %s to %s%s.",
	               fmt(a, e, r->analytic_low, d), fmt(a, e, r->analytic_high, d), diff_unit(a, e));
}

/* An indicator's title, else its id. */
static const char *title_of(const est *e, const char *id)
{
	const bp_indicator_def *d = e->inds ? bp_indicator_find(e->inds, id) : NULL;
	return d ? bp_def_title(d, e->lang) : id;
}

static const bp_indicator_def *def_of(const est *e, const char *id)
{
	return e->inds ? bp_indicator_find(e->inds, id) : NULL;
}

/* The related series as the reader can check it: title, source. */
static const char *related_label(bp_arena *a, const est *e)
{
	const bp_indicator_def *d = def_of(e, e->r.related_id);
	if (!d || !d->source)
		return bp_arena_printf(a, "“%s”", title_of(e, e->r.related_id));
	return bp_arena_printf(a, "“%s” (%s)", bp_def_title(d, e->lang), d->source);
}

static const char *pretrend_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	const char *area = r->area_name ? r->area_name : r->area_code;
	bp_lang L = e->lang;
	if (!r->has_pretrend) {
		if (r->n_pre != 1)
			return bp_tr(L, "Trend vóór de start: niet te toetsen (geen perioden vóór de start).");
		if (!r->related_id)
			return bp_tr(L, "Trend vóór de start: niet te toetsen (maar één periode vóór de start), en er is geen "
			                "gedetailleerdere verwante reeks opgegeven om het op na te gaan.");
		if (!r->has_related) {
			const char *why = L == BP_LANG_EN ? r->related_why_en : r->related_why;
			return LPRINTF(a, L, "Trend vóór de start: niet te toetsen (maar één periode vóór de start); "
			               "de verwante reeks %s kon het ook niet: %s.",
			               "Trend before the start: cannot be tested (only one period before the start); "
			               "the related series %s could not test it either: %s.", related_label(a, e),
			               why ? why : bp_tr(L, "geen cijfers"));
		}
		const bp_related_trend *t = &r->related;
		const bp_indicator_def *d = def_of(e, r->related_id);
		/* An empty unit gives " " as it always did (the Dutch text stays byte for byte). */
		const char *unit = d && d->unit ? (*d->unit ? unit_after(a, L, d->unit) : " ") : "";
		int dec = (d ? d->decimals : 1) + 2;
		if (L == BP_LANG_EN)
			return bp_arena_printf(a, "Trend before the start: cannot be tested on the indicator itself (only one "
			                       "period before the start); checked on the related series %s, %zu years %d-%d "
			                       "in classification %d: %s developed %s%s per year differently from the mean "
			                       "of %zu comparison areas. Extended to the periods after the start, that is %s "
			                       "standard deviations; the trends are %s.",
			                       related_label(a, e), t->n_years, t->first_year, t->last_year, r->indeling_year,
			                       area, fmt_diff(a, e, t->diff, dec), unit, t->n_areas,
			                       isfinite(t->std_drift) ? fmt_diff(a, e, t->std_drift, 2) : "an unknown number of",
			                       t->parallel ? "comparable (less than 0.25)"
			                                   : "not comparable (0.25 or more): the verdict is therefore cautious");
		return bp_arena_printf(a, "Trend vóór de start: op de indicator zelf niet te toetsen (maar één periode "
		                       "vóór de start); nagegaan op de verwante reeks %s, %zu jaren %d-%d in indeling %d: "
		                       "%s ontwikkelde zich daarop %s%s per jaar anders dan het gemiddelde van %zu "
		                       "vergelijkingsgebieden. Doorgetrokken tot de perioden na de start is dat %s "
		                       "standaarddeviatie; de trends zijn %s.",
		                       related_label(a, e), t->n_years, t->first_year, t->last_year, r->indeling_year, area,
		                       bp_fmt_diff_nl(a, t->diff, dec), unit, t->n_areas,
		                       isfinite(t->std_drift) ? bp_fmt_diff_nl(a, t->std_drift, 2) : "een onbekend aantal",
		                       t->parallel ? "vergelijkbaar (minder dan 0,25)"
		                                   : "niet vergelijkbaar (0,25 of meer): het oordeel is daarom voorzichtig");
	}
	return LPRINTF(a, L, "Trend vóór de start: %s ontwikkelde zich %s%s per jaar anders dan de "
	               "vergelijkingsgebieden; de trends zijn %s.",
	               "Trend before the start: %s developed %s%s per year differently from the comparison areas; "
	               "the trends are %s.", area,
	               fmt_diff(a, e, r->pretrend_diff, est_decimals(e) + 1), diff_unit(a, e),
	               r->pretrend_parallel ? "parallel"
	                                    : bp_tr(L, "niet parallel: het oordeel is daarom voorzichtig"));
}

/* "Aandeel 65 jaar of ouder en Moeite met rondkomen" */
static const char *covariate_list(bp_arena *a, const est *e, int unbalanced_only)
{
	const bp_effect_result *r = &e->r;
	bp_buf b;
	size_t n = 0, total = 0;
	for (size_t j = 0; j < r->n_balance; j++)
		total += !unbalanced_only || !(fabs(r->balance[j].std_after) < BP_BALANCE_LIMIT);
	bp_buf_init(&b);
	for (size_t j = 0; j < r->n_balance; j++) {
		const bp_effect_balance *bl = &r->balance[j];
		if (unbalanced_only && fabs(bl->std_after) < BP_BALANCE_LIMIT)
			continue;
		bp_buf_printf(&b, "%s%s", n ? (n + 1 == total ? bp_tr(e->lang, " en ") : ", ") : "", title_of(e, bl->name));
		if (unbalanced_only)
			bp_buf_printf(&b, " (%s)", isfinite(bl->std_after) ? fmt_diff(a, e, bl->std_after, 2)
			                                                   : bp_tr(e->lang, "onbekend"));
		n++;
	}
	const char *s = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return s;
}

/*
 * Whether the comparison areas are like the target in structure: the rule
 * of balance.h (|standardised difference| < 0.25 after matching), said in
 * words, or why it could not be said.
 */
static const char *balance_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	const bp_intervention *iv = e->iv;
	const char *area = r->area_name ? r->area_name : r->area_code;
	if (r->n_comparisons == 0)
		return NULL;
	if (iv->n_match_on == 0)
		return bp_tr(e->lang, "Structuur: niet meegewogen; de definitie van de interventie noemt geen kenmerken "
		                      "van structuur (match_on), dus de vergelijkingsgebieden zijn alleen op de indicator "
		                      "gekozen.");
	if (r->n_balance == 0) {
		bp_buf b;
		bp_buf_init(&b);
		for (size_t j = 0; j < iv->n_match_on; j++)
			bp_buf_printf(&b, "%s%s", j ? ", " : "", title_of(e, iv->match_on[j]));
		const char *s = LPRINTF(a, e->lang, "Structuur: gevraagd (%s) maar niet meegewogen: %s heeft niet van elk "
		                        "kenmerk een cijfer in indeling %d, de indeling van deze cijfers; de "
		                        "vergelijkingsgebieden zijn alleen op de indicator gekozen.",
		                        "Structure: asked for (%s) but not taken into account: %s does not have a figure "
		                        "for every characteristic in classification %d, the classification of these "
		                        "figures; the comparison areas were chosen on the indicator alone.", b.data, area,
		                        r->indeling_year);
		bp_buf_release(&b);
		return s;
	}
	double worst_before = 0, worst_after = 0;
	for (size_t j = 0; j < r->n_balance; j++) {
		if (isfinite(r->balance[j].std_before))
			worst_before = fmax(worst_before, fabs(r->balance[j].std_before));
		if (isfinite(r->balance[j].std_after))
			worst_after = fmax(worst_after, fabs(r->balance[j].std_after));
	}
	if (bp_balance_ok(r->balance, r->n_balance))
		return LPRINTF(a, e->lang, "Structuur: de vergelijkingsgebieden lijken op %s in %s: elk gestandaardiseerd "
		               "verschil is kleiner dan 0,25 (grootste %s; tegen alle %zu kandidaten was dat %s). "
		               "De vergelijking is op deze kenmerken in evenwicht.",
		               "Structure: the comparison areas resemble %s in %s: every standardised difference is "
		               "smaller than 0.25 (largest %s; against all %zu candidates it was %s). The comparison is "
		               "balanced on these characteristics.", area, covariate_list(a, e, 0),
		               fmt(a, e, worst_after, 2), r->n_pool, fmt(a, e, worst_before, 2));
	return LPRINTF(a, e->lang, "Structuur: de vergelijkingsgebieden verschillen van %s in %s: een gestandaardiseerd "
	               "verschil van 0,25 of meer (of onbekend). De vergelijking is daarop niet in evenwicht; een "
	               "deel van het geschatte effect kan uit dat verschil in structuur komen.",
	               "Structure: the comparison areas differ from %s in %s: a standardised difference of 0.25 or "
	               "more (or unknown). The comparison is not balanced on it; part of the estimated effect may come "
	               "from that difference in structure.", area, covariate_list(a, e, 1));
}

static const char *balance_caption(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	return LPRINTF(a, e->lang, "Structuur van %s tegen het gemiddelde van alle %zu kandidaten en van de %zu "
	               "gekozen vergelijkingsgebieden. Verschil vóór en na het kiezen: gestandaardiseerd, "
	               "(doelgebied - gemiddelde) / standaarddeviatie over de kandidaten; in evenwicht "
	               "onder 0,25",
	               "Structure of %s against the mean of all %zu candidates and of the %zu chosen comparison "
	               "areas. Difference before and after choosing: standardised, (target area - mean) / standard "
	               "deviation over the candidates; balanced below 0.25",
	               r->area_name ? r->area_name : r->area_code, r->n_pool, r->n_comparisons);
}

/* Under the balance table: where each covariate's figures come from (a cell would wrap too often). */
static const char *balance_sources(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, bp_tr(e->lang, "Bron van de kenmerken: "));
	for (size_t j = 0; j < r->n_balance; j++) {
		const bp_indicator_def *d = def_of(e, r->balance[j].name);
		const char *src = d && d->source ? d->source : bp_tr(e->lang, "bron onbekend");
		/* a RIVM covariate is a model estimate here too, as in the charts' captions */
		const char *model = d && bp_def_is_model_estimate(d) ? bp_tr(e->lang, BP_CITE_MODEL_NL) : "";
		if (e->lang == BP_LANG_EN)
			bp_buf_printf(&b, "%s%s: %s%s, figures of %d, classification %d", j ? "; " : "",
			              title_of(e, r->balance[j].name), src, model, r->balance[j].year, r->indeling_year);
		else
			bp_buf_printf(&b, "%s%s: %s%s, cijfers van %d, indeling %d", j ? "; " : "",
			              title_of(e, r->balance[j].name), src, model, r->balance[j].year, r->indeling_year);
	}
	bp_buf_adds(&b, ".");
	const char *s = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return s;
}

/* The balance table's head in lang, 6 cells: the same for HTML and PDF. */
static const char **balance_head(bp_arena *a, bp_lang L)
{
	const char **h = bp_arena_alloc(a, 6 * sizeof(*h));
	h[0] = bp_tr(L, "Kenmerk (jaar)");
	h[1] = bp_tr(L, "Doelgebied");
	h[2] = bp_tr(L, "Kandidaten");
	h[3] = bp_tr(L, "Vergelijking");
	h[4] = bp_tr(L, "Verschil vóór");
	h[5] = bp_tr(L, "Verschil na");
	return h;
}

/* The balance table's cells, n_balance rows of 6: the same for HTML and PDF. */
static const char **balance_cells(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	const char **cells = bp_arena_alloc(a, (r->n_balance * 6 + 1) * sizeof(*cells));
	for (size_t j = 0; j < r->n_balance; j++) {
		const bp_effect_balance *bl = &r->balance[j];
		const bp_indicator_def *d = def_of(e, bl->name);
		int dec = d ? d->decimals : 1;
		const char *unit = d && d->unit && *d->unit ? bp_arena_printf(a, ", in %s", bp_tr(e->lang, d->unit)) : "";
		const char **row = cells + j * 6;
		row[0] = bp_arena_printf(a, "%s%s (%d)", title_of(e, bl->name), unit, bl->year);
		row[1] = fmt(a, e, bl->target, dec);
		row[2] = isfinite(bl->pool_mean) ? fmt(a, e, bl->pool_mean, dec) : "–";
		row[3] = isfinite(bl->matched_mean) ? fmt(a, e, bl->matched_mean, dec) : "–";
		row[4] = isfinite(bl->std_before) ? fmt_diff(a, e, bl->std_before, 2) : "–";
		row[5] = isfinite(bl->std_after) ? fmt_diff(a, e, bl->std_after, 2) : "–";
	}
	return cells;
}

/*
 * Comparison area j as the reader can tell it apart: its name, and its
 * gemeente's after it when another comparison or the target has the same
 * name (the placebo chart once showed "Centrum" twice, of Oss and of
 * Hilversum).
 */
static const char *comparison_label(bp_arena *a, const bp_effect_result *r, size_t j)
{
	const bp_effect_area *c = &r->comparisons[j];
	int twice = r->area_name && strcmp(r->area_name, c->name) == 0;
	for (size_t k = 0; k < r->n_comparisons && !twice; k++)
		twice = k != j && strcmp(r->comparisons[k].name, c->name) == 0;
	if (!twice || !c->gemeente_name)
		return c->name;
	return bp_arena_printf(a, "%s (%s)", c->name, c->gemeente_name);
}

static const char *comparison_names(bp_arena *a, const bp_effect_result *r, bp_lang lang)
{
	bp_buf b;
	bp_buf_init(&b);
	for (size_t j = 0; j < r->n_comparisons; j++)
		bp_buf_printf(&b, "%s%s (%s)", j ? (j + 1 == r->n_comparisons ? bp_tr(lang, " en ") : ", ") : "",
		              comparison_label(a, r, j), r->comparisons[j].code);
	const char *s = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return s;
}

static const char *comparison_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	if (r->n_comparisons == 0)
		return LPRINTF(a, e->lang, "Vergelijkingsgebieden: geen (%zu kandidaten met cijfers in elke periode).",
		               "Comparison areas: none (%zu candidates with figures in every period).", r->n_pool);
	return LPRINTF(a, e->lang, "Vergelijkingsgebieden (%zu, de meest gelijkende van %zu zonder "
	               "interventie op dit thema): %s.",
	               "Comparison areas (%zu, the most similar of %zu without an intervention on this theme): %s.",
	               r->n_comparisons, r->n_pool, comparison_names(a, r, e->lang));
}

static const char *gemeente_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	if (!r->has_gemeente)
		return NULL;
	/* A second reference for the reader, a point estimate: it has no
	 * interval and the verdict (engine/effect.c, decide) does not use it,
	 * so the line says both rather than read as a result of its own. */
	return LPRINTF(a, e->lang, "Tegen de rest van de gemeente (%zu gebieden): %s%s (een puntschatting zonder "
	               "interval, ter controle; het oordeel rust er niet op).",
	               "Against the rest of the municipality (%zu areas): %s%s (a point estimate without an "
	               "interval, as a check; the verdict does not rest on it).", r->gemeente_n,
	               fmt_diff(a, e, r->gemeente_estimate, est_decimals(e)), diff_unit(a, e));
}

static const char *synthetic_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	if (!r->has_estimate)
		return NULL;
	if (!r->has_synthetic) {
		if (r->n_pre < 3)
			return LPRINTF(a, e->lang, "Synthetische vergelijking: niet berekend, want er zijn minder dan 3 "
			               "perioden vóór de start (hier %d); met zo weinig perioden zegt een gewogen mix "
			               "die het verloop ervoor nabootst weinig over wat erna zonder interventie was "
			               "gebeurd.",
			               "Synthetic comparison: not computed, because there are fewer than 3 periods before "
			               "the start (here %d); with so few periods a weighted mix that mimics the course "
			               "before says little about what would have happened afterwards without an "
			               "intervention.", r->n_pre);
		return bp_tr(e->lang, "Synthetische vergelijking: niet berekend, want er zijn minder dan twee "
		                      "vergelijkingsgebieden.");
	}
	return LPRINTF(a, e->lang, "Tegen een synthetische vergelijking (een gewogen mix van de vergelijkingsgebieden "
	               "die vóór de start het meest op %s lijkt): %s%s (een puntschatting zonder interval, ter "
	               "controle; het oordeel rust er niet op).",
	               "Against a synthetic comparison (a weighted mix of the comparison areas that most resembles "
	               "%s before the start): %s%s (a point estimate without an interval, as a check; the verdict "
	               "does not rest on it).",
	               r->area_name ? r->area_name : r->area_code,
	               fmt_diff(a, e, r->synthetic_estimate, est_decimals(e)), diff_unit(a, e));
}

/* ---- charts ----------------------------------------------------------------- */

static double marker_year(const bp_intervention *iv)
{
	int y, m, d;
	if (sscanf(iv->start, "%d-%d-%d", &y, &m, &d) != 3)
		return iv->start_year;
	return y + (m - 1) / 12.0 + (d - 1) / 365.0;
}

static void trend_chart(bp_arena *a, const est *e, int width, bp_trend *t)
{
	const bp_effect_result *r = &e->r;
	size_t ns = r->comparison ? 2 : 1;
	bp_trend_series *s = bp_arena_alloc(a, ns * sizeof(*s));
	s[0] = (bp_trend_series){ .label = r->area_name ? r->area_name : r->area_code, .value = r->target };
	bp_lang L = e->lang;
	if (ns == 2)
		s[1] = (bp_trend_series){ .label = bp_tr(L, "Vergelijkingsgebieden"), .value = r->comparison };
	*t = (bp_trend){
		.title = LPRINTF(a, L, "%s: %s en vergelijkingsgebieden", "%s: %s and comparison areas", ind_title(e),
		                 r->area_name ? r->area_name : r->area_code),
		.subtitle = LPRINTF(a, L, "%s-%s%s%s; vergelijkingsgebieden: hun gemiddelde",
		                    "%s-%s%s%s; comparison areas: their mean", r->periods[0], r->periods[r->n_periods - 1],
		                    *value_unit(e) ? ", in " : "", bp_tr(L, value_unit(e))),
		.source = est_source(a, e),
		.unit = bp_tr(L, value_unit(e)),
		.decimals = decimals_of(e),
		.periods = r->periods,
		.n_periods = r->n_periods,
		.series = s,
		.n_series = ns,
		.marker = { .year = marker_year(e->iv), .label = bp_arena_printf(a, "Start %s", date_l(a, L, e->iv->start)),
		            .before = bp_tr(L, "vóór"), .after = bp_tr(L, "na") },
		.width = width,
		.lang = L,
	};
}

static const char *trend_alt(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = decimals_of(e);
	bp_buf b;
	bp_buf_init(&b);
	bp_lang L = e->lang;
	bp_buf_printf(&b, L == BP_LANG_EN ? "Line chart of %s in %s" : "Lijngrafiek van %s in %s", ind_title(e),
	              r->area_name ? r->area_name : r->area_code);
	if (r->comparison)
		bp_buf_adds(&b, bp_tr(L, " tegen het gemiddelde van de vergelijkingsgebieden"));
	bp_buf_printf(&b, L == BP_LANG_EN ? ", %s to %s; the intervention started on %s (periods before the start year "
	                                    "are shaded). "
	                                  : ", %s tot %s; de interventie startte op %s (perioden vóór het startjaar zijn "
	                                    "gearceerd). ",
	              r->periods[0], r->periods[r->n_periods - 1], date_l(a, L, e->iv->start));
	for (size_t i = 0; i < r->n_periods; i++) {
		bp_buf_printf(&b, "%s: %s", r->periods[i],
		              isnan(r->target[i]) ? bp_tr(L, "geen cijfer") : fmt(a, e, r->target[i], d));
		if (r->comparison && !isnan(r->comparison[i]))
			bp_buf_printf(&b, L == BP_LANG_EN ? " against %s" : " tegen %s", fmt(a, e, r->comparison[i], d));
		bp_buf_adds(&b, i + 1 < r->n_periods ? "; " : ". ");
	}
	bp_buf_adds(&b, bp_tr(L, "De cijfers staan in de tabel hieronder."));
	const char *s = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return s;
}

static void placebo_chart(bp_arena *a, const est *e, int width, bp_placebo_chart *p)
{
	const bp_effect_result *r = &e->r;
	const char **labels = bp_arena_alloc(a, (r->n_comparisons + 1) * sizeof(*labels));
	double *values = bp_arena_alloc(a, (r->n_comparisons + 1) * sizeof(*values));
	for (size_t j = 0; j < r->n_comparisons; j++) {
		labels[j] = comparison_label(a, r, j);
		values[j] = r->comparisons[j].placebo;
	}
	bp_lang L = e->lang;
	*p = (bp_placebo_chart){
		.title = LPRINTF(a, L, "%s: geschat effect tegen placebo-schattingen",
		                 "%s: estimated effect against placebo estimates", ind_title(e)),
		.subtitle = LPRINTF(a, L, "Dezelfde schatting voor elk vergelijkingsgebied alsof daar de "
		                    "interventie was, in%s",
		                    "The same estimate for each comparison area as if the intervention had been there, "
		                    "in%s", diff_unit(a, e)),
		.source = est_source(a, e),
		.unit = NULL,
		.decimals = est_decimals(e),
		.target_label = LPRINTF(a, L, "%s (interventie)", "%s (intervention)",
		                        r->area_name ? r->area_name : r->area_code),
		.target = r->estimate,
		.labels = labels,
		.values = values,
		.n = r->n_comparisons,
		.has_band = r->has_placebo,
		.band_lo = r->placebo_low,
		.band_hi = r->placebo_high,
		.band_label = bp_tr(L, "placebo-interval 5-95%: wat gebieden zonder interventie ook laten zien"),
		.width = width,
		.lang = L,
	};
}

static const char *placebo_alt(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	if (!r->has_placebo)
		return LPRINTF(a, e->lang, "Puntgrafiek: het geschatte effect in %s is %s%s; te weinig "
		               "vergelijkingsgebieden voor een placebo-interval.",
		               "Dot chart: the estimated effect in %s is %s%s; too few comparison areas for a placebo "
		               "interval.", r->area_name, fmt(a, e, r->estimate, d), diff_unit(a, e));
	return LPRINTF(a, e->lang, "Puntgrafiek: het geschatte effect in %s is %s%s, tegen placebo-schattingen van "
	               "%s tot %s voor de %zu vergelijkingsgebieden (placebo-interval %s tot %s). De cijfers "
	               "staan in de tabel hieronder.",
	               "Dot chart: the estimated effect in %s is %s%s, against placebo estimates from %s to %s for the "
	               "%zu comparison areas (placebo interval %s to %s). The figures are in the table below.",
	               r->area_name, fmt(a, e, r->estimate, d), diff_unit(a, e),
	               fmt(a, e, r->placebo_sorted[0], d), fmt(a, e, r->placebo_sorted[r->n_comparisons - 1], d),
	               r->n_comparisons, fmt(a, e, r->placebo_low, d), fmt(a, e, r->placebo_high, d));
}

/*
 * A chart inline twice: drawn 800 wide ("breed") and BP_AREA_PAGE_NARROW_WIDTH
 * wide ("smal"), as the area pages' figures are; the stylesheet shows the
 * narrow one on a screen narrower than the wide one (shrunk, its text would
 * be some 5 px tall on a phone) and hides the other with display:none, from
 * assistive technology too.  Print keeps the wide one.  One text alternative:
 * both draw the same figures, title, subtitle and source.
 */
static bp_rc inline_chart(bp_html *b, bp_arena *a, ctx *x, const bp_chart_ops *ops, const void *wide,
                          const void *narrow, const char *title, const char *alt, bp_error *err)
{
	const void *charts[] = { wide, narrow };
	const char *cls[] = { "breed", "smal" };
	for (int i = 0; i < 2; i++) {
		unsigned char *svg = NULL;
		size_t len = 0;
		bp_rc rc = bp_canvas_render(ops, charts[i], title, BP_IMAGE_SVG, &svg, &len, err);
		if (rc)
			return rc;
		bp_html_inline_svg_class(b, (const char *)svg, len, bp_arena_printf(a, "c%d-", ++x->svg_seq), alt,
		                         cls[i]);
		free(svg);
	}
	return BP_OK;
}

/* ---- experiences ----------------------------------------------------------- */

/* "bewoner, citaat, 12 maart 2019, waardering 7, voorbeeld": who, what, when; never a name. */
static const char *experience_meta(bp_arena *a, bp_lang L, const bp_experience *x)
{
	const char *s = bp_tr(L, bp_experience_role_label(x->role));
	if (strcmp(x->kind, "rating") != 0)
		s = bp_arena_printf(a, "%s, %s", s, bp_tr(L, bp_experience_kind_label(x->kind)));
	s = bp_arena_printf(a, "%s, %s", s, date_l(a, L, x->date));
	if (x->rating > 0)
		s = LPRINTF(a, L, "%s, waardering %d", "%s, rating %d", s, x->rating);
	if (x->example)
		s = bp_arena_printf(a, "%s, %s", s, bp_tr(L, BP_EXAMPLE_LABEL));
	return s;
}

static const char *experiences_title(bp_arena *a, const est *e)
{
	return LPRINTF(a, e->lang, "Ervaringen uit %s over %s", "Experiences from %s on %s",
	               e->r.area_name ? e->r.area_name : e->r.area_code, bp_theme_title_lang(a, e->iv->theme, e->lang));
}

static const char *rating_line(bp_arena *a, const est *e)
{
	long n = 0;
	double sum = 0;
	for (size_t i = 0; i < e->n_exp; i++)
		if (e->exp[i].rating > 0) {
			n++;
			sum += e->exp[i].rating;
		}
	if (n == 0)
		return NULL;
	return LPRINTF(a, e->lang, "Gemiddelde waardering: %s (%ld %s, schaal 1 tot 10).",
	               "Mean rating: %s (%ld %s, scale 1 to 10).", fmt(a, e, sum / (double)n, 1), n,
	               bp_plural(e->lang, (size_t)n, "waardering", "waarderingen"));
}

/* The same list the profile pages show (report/experiences_html.h), under this report's heading. */
static void html_experiences(bp_html *b, const est *e, bp_arena *a)
{
	bp_html_lit(b, "<aside class=\"ervaringen\">\n<h3>");
	bp_html_text(b, experiences_title(a, e));
	bp_html_lit(b, "</h3>\n");
	if (e->n_exp == 0) {
		bp_html_tr(b, e->lang, "<p>Geen gepubliceerde ervaringen van bewoners of professionals voor dit gebied "
		                       "en thema.</p>\n</aside>\n");
		return;
	}
	bp_experiences_html_lang(b, a, e->exp, e->n_exp, 0, e->lang);
	bp_html_tr(b, e->lang, "<p class=\"bron\">Alleen ervaringen met toestemming, zonder namen of "
	                       "contactgegevens.</p>\n</aside>\n");
}

static void pdf_experiences(bp_pdfdoc *d, bp_arena *a, const est *e)
{
	bp_pdfdoc_text(d, BP_PDF_LEAD, experiences_title(a, e), BP_RGB_TEXT, 40);
	if (e->n_exp == 0) {
		bp_pdfdoc_text(d, BP_PDF_BODY, bp_tr(e->lang, "Geen gepubliceerde ervaringen van bewoners of professionals "
		                                             "voor dit gebied en thema."), BP_RGB_TEXT, 0);
		return;
	}
	const char *rl = rating_line(a, e);
	if (rl)
		bp_pdfdoc_text(d, BP_PDF_BODY, rl, BP_RGB_TEXT, 0);
	for (size_t i = 0; i < e->n_exp; i++) {
		const bp_experience *x = &e->exp[i];
		bp_pdfdoc_text(d, BP_PDF_BODY,
		               x->text ? bp_arena_printf(a, "“%s” (%s)", x->text, experience_meta(a, e->lang, x))
		                       : bp_arena_printf(a, "(%s)", experience_meta(a, e->lang, x)),
		               BP_RGB_TEXT, 0);
	}
}

/* ---- HTML ------------------------------------------------------------------- */

static const bp_html_page *frame(bp_arena *a, const char *title, bp_lang lang)
{
	bp_html_page *p = bp_arena_alloc(a, sizeof(*p));
	*p = (bp_html_page){ BP_HTML_REPORT, title };
	p->lang = lang;
	return p;
}

/* An example's name, marked as one unless it says so itself (in Dutch, or in English on an English report). */
static const char *iv_title(bp_arena *a, bp_lang lang, const bp_intervention *iv)
{
	if (!iv->example || strstr(iv->name, "voorbeeld") || (lang == BP_LANG_EN && strstr(iv->name, "example")))
		return iv->name;
	return bp_arena_printf(a, "%s (%s)", iv->name, bp_tr(lang, BP_EXAMPLE_LABEL));
}

static const char *voorbeeld_text(bp_lang lang)
{
	return bp_tr(lang, "Voorbeeld: dit is geen echt programma. De interventie is verzonnen om te laten zien hoe "
	                   "buurtpeil effecten schat; de cijfers zijn echt.");
}

static void voorbeeld_banner(bp_html *b, bp_lang lang)
{
	bp_html_lit(b, "<p class=\"voorbeeld\">");
	bp_html_text(b, voorbeeld_text(lang));
	bp_html_lit(b, "</p>\n");
}

static void add_cell_num(bp_html *b, bp_arena *a, bp_lang lang, double v, int d)
{
	bp_html_lit(b, "<td class=\"num\">");
	bp_html_text(b, isnan(v) ? "\xe2\x80\x93" : bp_fmt_lang(a, lang, v, d));   /* U+2013 alone: no figure (as table/pagetables.c reads it) */
	bp_html_lit(b, "</td>");
}

static bp_rc html_effect(ctx *x, bp_html *b, const est *e, size_t idx, bp_error *err)
{
	bp_arena *a = x->a;
	const bp_effect_result *r = &e->r;
	bp_lang L = e->lang;
	int d = decimals_of(e);
	bp_html_printf(b, "<section class=\"effect\" id=\"effect-%zu\">\n<h2>", idx + 1);
	bp_html_text(b, ind_title(e));
	bp_html_lit(b, " in ");
	bp_html_text(b, area_label(a, r));
	bp_html_tr(b, L, "</h2>\n<p>Beoogd: ");
	bp_html_text(b, ind_title(e));
	bp_html_printf_l(b, L, " %s.</p>\n<p class=\"oordeel\"><strong>Oordeel: ",
	                 " %s.</p>\n<p class=\"oordeel\"><strong>Verdict: ", direction_l(L, e->ind->direction));
	bp_html_text(b, verdict_l(L, r->verdict));
	bp_html_lit(b, ".</strong> ");
	bp_html_text(b, verdict_sentence(a, e));
	if (r->note) {
		bp_html_lit(b, " (");
		bp_html_text(b, note_l(e));
		bp_html_lit(b, ")");
	}
	bp_html_lit(b, "</p>\n<ul class=\"cijfers\">\n");
	const char *lines[] = { estimate_line(a, e), placebo_line(a, e), analytic_line(a, e), pretrend_line(a, e),
	                        comparison_line(a, e), balance_line(a, e), gemeente_line(a, e), synthetic_line(a, e) };
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (!lines[i])
			continue;
		bp_html_lit(b, "<li>");
		bp_html_text(b, lines[i]);
		bp_html_lit(b, "</li>\n");
	}
	bp_html_lit(b, "</ul>\n");

	if (r->n_periods > 0) {
		bp_trend t, narrow;
		trend_chart(a, e, 800, &t);
		trend_chart(a, e, BP_AREA_PAGE_NARROW_WIDTH, &narrow);
		narrow.legend_below = 1;
		bp_html_lit(b, "<figure>\n");
		bp_rc rc = inline_chart(b, a, x, bp_trend_ops(), &t, &narrow, t.title, trend_alt(a, e), err);
		if (rc)
			return rc;
		bp_html_lit(b, "<figcaption>");
		bp_html_text(b, t.title);
		bp_html_printf(b, ". %s.</figcaption>\n</figure>\n", t.source);
		bp_html_lit(b, "<table>\n<caption>");
		bp_html_text(b, t.title);
		bp_html_tr(b, L, "</caption>\n<thead><tr><th scope=\"col\">Periode</th>"
		                 "<th scope=\"col\">Vóór of na de start</th><th scope=\"col\" class=\"num\">");
		bp_html_text(b, r->area_name ? r->area_name : r->area_code);
		bp_html_tr(b, L, "</th><th scope=\"col\" class=\"num\">Vergelijkingsgebieden (gemiddelde)</th>"
		                 "<th scope=\"col\" class=\"num\">Verschil</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < r->n_periods; i++) {
			bp_html_lit(b, "<tr><th scope=\"row\">");
			bp_html_text(b, r->periods[i]);
			bp_html_printf(b, "</th><td>%s</td>", r->years[i] < e->iv->start_year ? bp_tr(L, "vóór de start")
			                                                                      : bp_tr(L, "na de start"));
			double c = r->comparison ? r->comparison[i] : NAN;
			add_cell_num(b, a, L, r->target[i], d);
			add_cell_num(b, a, L, c, d);
			add_cell_num(b, a, L, r->target[i] - c, d);
			bp_html_lit(b, "</tr>\n");
		}
		bp_html_lit(b, "</tbody>\n</table>\n");
	} else {
		bp_html_tr(b, L, "<p>Geen cijfers van dit gebied voor deze indicator.</p>\n");
	}

	if (r->has_estimate && r->n_comparisons > 0) {
		bp_placebo_chart p, narrow;
		placebo_chart(a, e, 800, &p);
		placebo_chart(a, e, BP_AREA_PAGE_NARROW_WIDTH, &narrow);
		narrow.stacked = 1;
		bp_html_lit(b, "<figure>\n");
		bp_rc rc = inline_chart(b, a, x, bp_placebo_ops(), &p, &narrow, p.title, placebo_alt(a, e), err);
		if (rc)
			return rc;
		bp_html_lit(b, "<figcaption>");
		bp_html_text(b, p.title);
		bp_html_printf(b, ". %s.</figcaption>\n</figure>\n", p.source);
	}
	if (r->n_comparisons > 0) {
		bp_html_tr(b, L, "<table>\n<caption>Vergelijkingsgebieden en hun placebo-schattingen</caption>\n"
		                 "<thead><tr><th scope=\"col\">Gebied</th><th scope=\"col\">Code</th>"
		                 "<th scope=\"col\" class=\"num\">Afstand vóór de start</th>"
		                 "<th scope=\"col\" class=\"num\">Verandering na &minus; vóór</th>"
		                 "<th scope=\"col\" class=\"num\">Placebo-schatting</th>");
		if (r->has_synthetic)
			bp_html_tr(b, L, "<th scope=\"col\" class=\"num\">Synthetisch gewicht</th>");
		bp_html_lit(b, "</tr></thead>\n<tbody>\n");
		for (size_t j = 0; j < r->n_comparisons; j++) {
			const bp_effect_area *c = &r->comparisons[j];
			bp_html_lit(b, "<tr><th scope=\"row\">");
			bp_html_text(b, comparison_label(a, r, j));
			bp_html_lit(b, "</th><td>");
			bp_html_text(b, c->code);
			bp_html_lit(b, "</td>");
			add_cell_num(b, a, L, c->distance, d + 1);
			add_cell_num(b, a, L, c->delta, d + 1);
			add_cell_num(b, a, L, r->has_estimate ? c->placebo : NAN, d + 1);
			if (r->has_synthetic)
				add_cell_num(b, a, L, c->weight, 2);
			bp_html_lit(b, "</tr>\n");
		}
		bp_html_lit(b, "</tbody>\n</table>\n");
	}
	if (r->n_balance > 0 && r->n_comparisons > 0) {
		const char **cells = balance_cells(a, e);
		const char **head = balance_head(a, L);
		bp_html_lit(b, "<table>\n<caption>");
		bp_html_text(b, balance_caption(a, e));
		bp_html_lit(b, "</caption>\n<thead><tr>");
		for (size_t c = 0; c < 6; c++) {
			if (c)
				bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
			else
				bp_html_lit(b, "<th scope=\"col\">");
			bp_html_text(b, head[c]);
			bp_html_lit(b, "</th>");
		}
		bp_html_lit(b, "</tr></thead>\n<tbody>\n");
		for (size_t j = 0; j < r->n_balance; j++) {
			bp_html_lit(b, "<tr><th scope=\"row\">");
			bp_html_text(b, cells[j * 6]);
			bp_html_lit(b, "</th>");
			for (size_t c = 1; c < 6; c++) {
				bp_html_lit(b, "<td class=\"num\">");
				bp_html_text(b, cells[j * 6 + c]);
				bp_html_lit(b, "</td>");
			}
			bp_html_lit(b, "</tr>\n");
		}
		bp_html_lit(b, "</tbody>\n</table>\n<p class=\"bron\">");
		bp_html_text(b, balance_sources(a, e));
		bp_html_lit(b, "</p>\n");
	}
	html_experiences(b, e, a);
	bp_html_lit(b, "</section>\n");
	return BP_OK;
}

static void html_intro(bp_html *b, bp_arena *a, bp_lang L, const bp_intervention *iv)
{
	bp_html_tr(b, L, "<dl class=\"kader\">\n<dt>Thema</dt><dd>");
	bp_html_text(b, bp_theme_title_lang(a, iv->theme, L));
	bp_html_tr(b, L, "</dd>\n<dt>Gebied</dt><dd>");
	for (size_t i = 0; i < iv->n_areas; i++) {
		if (i)
			bp_html_lit(b, ", ");
		bp_html_text(b, iv->areas[i]);
	}
	bp_html_lit(b, "</dd>\n<dt>Start</dt><dd>");
	bp_html_text(b, date_l(a, L, iv->start));
	bp_html_tr(b, L, "</dd>\n<dt>Einde</dt><dd>");
	bp_html_text(b, iv->end ? date_l(a, L, iv->end) : bp_tr(L, "loopt nog"));
	bp_html_tr(b, L, "</dd>\n<dt>Uitvoerder</dt><dd>");
	bp_html_text(b, iv->partner);
	bp_html_lit(b, "</dd>\n</dl>\n");
	if (iv->description) {
		bp_html_lit(b, "<p>");
		bp_html_text(b, iv->description);
		bp_html_lit(b, "</p>\n");
	}
}

static const char *method_text(bp_lang lang)
{
	return bp_tr(lang, "Zo is geschat: de verandering in het doelgebied (gemiddelde na de start min gemiddelde "
	                   "ervoor) is vergeleken met dezelfde verandering in gebieden van hetzelfde niveau zonder "
	                   "interventie op dit thema, die vóór de start het meest op het doelgebied leken "
	                   "(verschil-in-verschillen). Het placebo-interval laat zien hoe groot zo'n verschil is in "
	                   "gebieden waar niets gestart is. Een oordeel 'beter' of 'slechter' volgt alleen als het "
	                   "verschil daarbuiten valt en de trends vóór de start parallel liepen.");
}

static bp_rc write_html_report(ctx *x, const bp_intervention *iv, const est *es, size_t n, bp_error *err)
{
	bp_arena *a = x->a;
	bp_html b;
	bp_rc rc = BP_OK;
	bp_html_init(&b);
	x->svg_seq = 0;
	bp_lang L = x->lang;
	const bp_html_page *fr = frame(a, LPRINTF(a, L, "Effectrapport %s", "Effect report %s", iv_title(a, L, iv)), L);
	bp_html_page_begin(&b, fr);
	bp_html_tr(&b, L, "<p><a href=\"index.html\">Alle interventies</a></p>\n<h1>Effectrapport: ");
	bp_html_text(&b, iv_title(a, L, iv));
	bp_html_lit(&b, "</h1>\n");
	if (iv->example)
		voorbeeld_banner(&b, L);
	html_intro(&b, a, L, iv);
	bp_html_lit(&b, "<p>");
	bp_html_text(&b, method_text(L));
	bp_html_lit(&b, "</p>\n");
	for (size_t i = 0; i < n && !rc; i++)
		rc = html_effect(x, &b, &es[i], i, err);
	if (!rc) {
		bp_html_page_end(&b, fr, BP_EFFECT_SOURCES, NULL);
		rc = bp_downloads_write(&b, x->opt->dir, iv->id, &x->downloads, err);
	}
	if (!rc) {
		rc = bp_html_write(&b, bp_path_join(a, x->opt->dir, bp_arena_printf(a, "%s.html", iv->id)), err);
	}
	bp_html_release(&b);
	return rc;
}

/* ---- PDF -------------------------------------------------------------------- */

#define PDF_CHART_WIDTH 640   /* laid out this wide, drawn at the column width: labels near 10 pt */

static void pdf_para(bp_pdfdoc *d, const char *text)
{
	bp_pdfdoc_text(d, BP_PDF_BODY, text, BP_RGB_TEXT, 0);
}

static void pdf_effect(bp_pdfdoc *d, bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	bp_lang L = e->lang;
	int dec = decimals_of(e);
	bp_pdfdoc_text(d, BP_PDF_H2, bp_arena_printf(a, "%s in %s", ind_title(e), area_label(a, r)), BP_RGB_TEXT, 120);
	pdf_para(d, LPRINTF(a, L, "Beoogd: %s %s.", "Aim: %s %s.", ind_title(e), direction_l(L, e->ind->direction)));
	bp_pdfdoc_text(d, BP_PDF_LEAD, LPRINTF(a, L, "Oordeel: %s. %s%s%s%s", "Verdict: %s. %s%s%s%s",
	                                       verdict_l(L, r->verdict), verdict_sentence(a, e), r->note ? " (" : "",
	                                       r->note ? note_l(e) : "", r->note ? ")" : ""),
	               BP_RGB_TEXT, 0);
	const char *lines[] = { estimate_line(a, e), placebo_line(a, e), analytic_line(a, e), pretrend_line(a, e),
	                        comparison_line(a, e), balance_line(a, e), gemeente_line(a, e), synthetic_line(a, e) };
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (lines[i])
			pdf_para(d, bp_arena_printf(a, "• %s", lines[i]));
	if (r->n_periods > 0) {
		bp_trend t;
		trend_chart(a, e, PDF_CHART_WIDTH, &t);
		bp_pdfdoc_chart(d, bp_trend_ops(), &t);
		const char *head[] = { bp_tr(L, "Periode"), "", r->area_name ? r->area_name : r->area_code,
		                       bp_tr(L, "Vergelijking (gemiddelde)"), bp_tr(L, "Verschil") };
		const char **cells = bp_arena_alloc(a, r->n_periods * 5 * sizeof(*cells));
		for (size_t i = 0; i < r->n_periods; i++) {
			double c = r->comparison ? r->comparison[i] : NAN;
			cells[i * 5 + 0] = r->periods[i];
			cells[i * 5 + 1] = r->years[i] < e->iv->start_year ? bp_tr(L, "vóór de start") : bp_tr(L, "na de start");
			cells[i * 5 + 2] = isnan(r->target[i]) ? "–" : fmt(a, e, r->target[i], dec);
			cells[i * 5 + 3] = isnan(c) ? "–" : fmt(a, e, c, dec);
			cells[i * 5 + 4] = isnan(c) || isnan(r->target[i]) ? "–" : fmt(a, e, r->target[i] - c, dec);
		}
		static const double widths[] = { 14, 20, 22, 26, 18 };
		bp_pdfdoc_table(d, 5, widths, "llrrr", head, cells, r->n_periods, NULL);
	}
	if (r->has_estimate && r->n_comparisons > 0) {
		bp_placebo_chart p;
		placebo_chart(a, e, PDF_CHART_WIDTH, &p);
		bp_pdfdoc_chart(d, bp_placebo_ops(), &p);
	}
	if (r->n_comparisons > 0) {
		const char *head[] = { bp_tr(L, "Vergelijkingsgebied"), "Code", bp_tr(L, "Afstand vóór"),
		                       bp_tr(L, "Verandering"), "Placebo", bp_tr(L, "Gewicht") };
		size_t nc = r->has_synthetic ? 6 : 5;
		const char **cells = bp_arena_alloc(a, r->n_comparisons * nc * sizeof(*cells));
		for (size_t j = 0; j < r->n_comparisons; j++) {
			const bp_effect_area *c = &r->comparisons[j];
			const char **row = cells + j * nc;
			row[0] = comparison_label(a, r, j);
			row[1] = c->code;
			row[2] = fmt(a, e, c->distance, dec + 1);
			row[3] = fmt(a, e, c->delta, dec + 1);
			row[4] = r->has_estimate ? fmt(a, e, c->placebo, dec + 1) : "–";
			if (nc == 6)
				row[5] = fmt(a, e, c->weight, 2);
		}
		static const double widths[] = { 30, 14, 14, 14, 14, 14 };
		bp_pdfdoc_table(d, nc, widths, "llrrrr", head, cells, r->n_comparisons, NULL);
	}
	if (r->n_balance > 0 && r->n_comparisons > 0) {
		static const double widths[] = { 26, 14, 15, 16, 15, 14 };
		pdf_para(d, balance_caption(a, e));
		bp_pdfdoc_table(d, 6, widths, "lrrrrr", balance_head(a, L), balance_cells(a, e), r->n_balance, NULL);
		bp_pdfdoc_text(d, BP_PDF_SMALL, balance_sources(a, e), BP_RGB_SUBTLE, 0);
	}
	pdf_experiences(d, a, e);
}

static void pdf_intro(bp_pdfdoc *d, bp_arena *a, bp_lang L, const bp_intervention *iv)
{
	bp_buf areas;
	bp_buf_init(&areas);
	for (size_t i = 0; i < iv->n_areas; i++)
		bp_buf_printf(&areas, "%s%s", i ? ", " : "", iv->areas[i]);
	pdf_para(d, LPRINTF(a, L, "Thema: %s. Gebied: %s. Start: %s. Einde: %s. Uitvoerder: %s.",
	                    "Theme: %s. Area: %s. Start: %s. End: %s. Carried out by: %s.",
	                    bp_theme_title_lang(a, iv->theme, L), areas.data, date_l(a, L, iv->start),
	                    iv->end ? date_l(a, L, iv->end) : bp_tr(L, "loopt nog"), iv->partner));
	bp_buf_release(&areas);
	if (iv->description)
		pdf_para(d, iv->description);
}

static bp_rc write_pdf_report(ctx *x, const bp_intervention *iv, const est *es, size_t n, bp_error *err)
{
	bp_arena *a = x->a;
	bp_pdfdoc d;
	bp_lang L = x->lang;
	const char *title = LPRINTF(a, L, "Effectrapport %s", "Effect report %s", iv_title(a, L, iv));
	bp_rc rc = bp_pdfdoc_open(&d, bp_path_join(a, x->opt->dir, bp_arena_printf(a, "%s.pdf", iv->id)), title,
	                          title, chart_source(L), err);
	if (rc)
		return rc;
	d.lang = L;
	bp_pdfdoc_text(&d, BP_PDF_H1, LPRINTF(a, L, "Effectrapport: %s", "Effect report: %s", iv_title(a, L, iv)),
	               BP_RGB_TEXT, 80);
	if (iv->example)
		bp_pdfdoc_note(&d, voorbeeld_text(L));
	pdf_intro(&d, a, L, iv);
	bp_pdfdoc_text(&d, BP_PDF_SMALL, method_text(L), BP_RGB_SUBTLE, 0);
	for (size_t i = 0; i < n; i++)
		pdf_effect(&d, a, &es[i]);
	return bp_pdfdoc_close(&d);
}

/* ---- overview --------------------------------------------------------------- */

/* "gedaald met 1,2 procentpunt" */
static const char *moved(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	if (!r->has_estimate)
		return bp_tr(e->lang, "niet te schatten");
	int d = est_decimals(e);
	char s[64];
	bp_numfmt(e->lang, s, sizeof(s), fabs(r->estimate), d);
	if (strspn(s, "0,.") == strlen(s))
		return bp_tr(e->lang, "gelijk gebleven ten opzichte van vergelijkbare gebieden");
	if (e->lang == BP_LANG_EN)
		return bp_arena_printf(a, "%s by %s%s relative to similar areas", r->estimate > 0 ? "risen" : "fallen", s,
		                       diff_unit(a, e));
	return bp_arena_printf(a, "%s met %s%s ten opzichte van vergelijkbare gebieden",
	                       r->estimate > 0 ? "gestegen" : "gedaald", s, diff_unit(a, e));
}

static bp_rc write_overview(ctx *x, const est *es, size_t n, bp_error *err)
{
	const bp_intervention_set *set = x->opt->interventions;
	bp_arena *a = x->a;
	bp_html b;
	bp_rc rc;
	bp_lang L = x->lang;
	bp_html_init(&b);
	const char *heading = bp_tr(L, "Interventies en hun effecten");
	const bp_html_page *fr = frame(a, heading, L);
	bp_html_page_begin(&b, fr);
	bp_html_printf(&b, "<h1>%s</h1>\n", heading);
	bp_html_printf_l(&b, L, "<p>Wat loopt waar, en bewoog er iets ten opzichte van vergelijkbare gebieden? "
	                        "%zu %s; per interventie een effectrapport (HTML en PDF).</p>\n",
	                 "<p>What is under way where, and did anything move compared with similar areas? "
	                 "%zu %s; an effect report per intervention (HTML and PDF).</p>\n", set->n,
	                 bp_plural(L, set->n, "interventie", "interventies"));
	bp_html_tr(&b, L, "<table>\n<caption>Interventies</caption>\n<thead><tr><th scope=\"col\">Interventie</th>"
	                  "<th scope=\"col\">Gebied</th><th scope=\"col\">Thema</th><th scope=\"col\">Looptijd</th>"
	                  "<th scope=\"col\">Uitvoerder</th><th scope=\"col\">Wat bewoog, en het oordeel</th>"
	                  "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < set->n; i++) {
		const bp_intervention *iv = &set->items[i];
		bp_html_lit(&b, "<tr><th scope=\"row\"><a href=\"");
		bp_html_text(&b, iv->id);
		bp_html_lit(&b, ".html\">");
		bp_html_text(&b, iv_title(a, L, iv));
		bp_html_lit(&b, "</a> (<a href=\"");
		bp_html_text(&b, iv->id);
		bp_html_lit(&b, ".pdf\">pdf</a>)</th><td>");
		for (size_t j = 0; j < iv->n_areas; j++) {
			/* The name the estimates read from bp.area, with the code; the code alone without one. */
			const char *label = iv->areas[j];
			for (size_t k = 0; k < n; k++)
				if (es[k].iv == iv && strcmp(es[k].r.area_code, iv->areas[j]) == 0) {
					label = area_label(a, &es[k].r);
					break;
				}
			if (j)
				bp_html_lit(&b, ", ");
			bp_html_text(&b, label);
		}
		bp_html_lit(&b, "</td><td>");
		bp_html_text(&b, bp_theme_title_lang(a, iv->theme, L));
		bp_html_lit(&b, "</td><td>");
		bp_html_text(&b, LPRINTF(a, L, "%s tot %s", "%s to %s", date_l(a, L, iv->start),
		                         iv->end ? date_l(a, L, iv->end) : bp_tr(L, "nu (loopt nog)")));
		bp_html_lit(&b, "</td><td>");
		bp_html_text(&b, iv->partner);
		bp_html_lit(&b, "</td><td><ul>");
		for (size_t k = 0; k < n; k++) {
			if (es[k].iv != iv)
				continue;
			bp_html_lit(&b, "<li>");
			bp_html_text(&b, LPRINTF(a, L, "%s in %s (beoogd %s): %s. ", "%s in %s (aim: %s): %s. ", ind_title(&es[k]),
			                         es[k].r.area_name ? es[k].r.area_name : es[k].r.area_code,
			                         direction_l(L, es[k].ind->direction), moved(a, &es[k])));
			bp_html_tr(&b, L, "<strong>Oordeel: ");
			bp_html_text(&b, verdict_l(L, es[k].r.verdict));
			bp_html_lit(&b, "</strong></li>");
		}
		bp_html_lit(&b, "</ul></td></tr>\n");
	}
	bp_html_tr(&b, L, "</tbody>\n</table>\n<p>Het overzicht als <a href=\"overzicht.pdf\">pdf</a>.</p>\n<p>");
	bp_html_text(&b, method_text(L));
	bp_html_lit(&b, "</p>\n");
	bp_html_page_end(&b, fr, BP_EFFECT_SOURCES, NULL);
	rc = bp_downloads_write(&b, x->opt->dir, "index", &x->downloads, err);
	if (!rc)
		rc = bp_html_write(&b, bp_path_join(a, x->opt->dir, "index.html"), err);
	bp_html_release(&b);
	if (rc)
		return rc;

	bp_pdfdoc d;
	if ((rc = bp_pdfdoc_open(&d, bp_path_join(a, x->opt->dir, "overzicht.pdf"), heading, heading,
	                         chart_source(L), err)))
		return rc;
	d.lang = L;
	bp_pdfdoc_text(&d, BP_PDF_H1, heading, BP_RGB_TEXT, 80);
	pdf_para(&d, LPRINTF(a, L, "Wat loopt waar, en bewoog er iets ten opzichte van vergelijkbare "
	                     "gebieden? %zu %s.",
	                     "What is under way where, and did anything move compared with similar areas? %zu %s.",
	                     set->n, bp_plural(L, set->n, "interventie", "interventies")));
	for (size_t i = 0; i < set->n; i++) {
		const bp_intervention *iv = &set->items[i];
		bp_buf areas;
		bp_buf_init(&areas);
		for (size_t j = 0; j < iv->n_areas; j++)
			bp_buf_printf(&areas, "%s%s", j ? ", " : "", iv->areas[j]);
		bp_pdfdoc_text(&d, BP_PDF_H2, iv_title(a, L, iv),
		               BP_RGB_TEXT, 60);
		pdf_para(&d, LPRINTF(a, L, "Gebied: %s. Thema: %s. Start: %s. Einde: %s. Uitvoerder: %s. "
		                     "Effectrapport: %s.pdf.",
		                     "Area: %s. Theme: %s. Start: %s. End: %s. Carried out by: %s. Effect report: %s.pdf.",
		                     areas.data, bp_theme_title_lang(a, iv->theme, L),
		                     date_l(a, L, iv->start), iv->end ? date_l(a, L, iv->end) : bp_tr(L, "loopt nog"),
		                     iv->partner, iv->id));
		bp_buf_release(&areas);
		for (size_t k = 0; k < n; k++)
			if (es[k].iv == iv)
				pdf_para(&d, LPRINTF(a, L, "• %s in %s (beoogd %s): %s. Oordeel: %s.",
				                     "• %s in %s (aim: %s): %s. Verdict: %s.", ind_title(&es[k]),
				                     es[k].r.area_name ? es[k].r.area_name : es[k].r.area_code,
				                     direction_l(L, es[k].ind->direction), moved(a, &es[k]),
				                     verdict_l(L, es[k].r.verdict)));
	}
	bp_pdfdoc_text(&d, BP_PDF_SMALL, method_text(L), BP_RGB_SUBTLE, 0);
	return bp_pdfdoc_close(&d);
}

/* ---- all -------------------------------------------------------------------- */

bp_rc bp_report_interventions(PGconn *conn, const bp_effect_report_options *opt,
                              bp_effect_report_result *res, bp_error *err)
{
	const bp_intervention_set *set = opt->interventions;
	bp_effect_options eo;
	bp_rc rc;
	memset(res, 0, sizeof(*res));
	if (opt->effect)
		eo = *opt->effect;
	else
		bp_effect_options_default(&eo);
	bp_arena *da = bp_arena_new();
	rc = bp_mkdir_p(bp_path_join(da, opt->dir, BP_DOWNLOADS_DIR), 0755, err);   /* the pages' downloads */
	bp_arena_free(da);
	if (rc || (!opt->read_only && (rc = bp_interventions_store(conn, set, NULL, NULL, err))))
		return rc;

	ctx x = { .conn = conn, .opt = opt, .a = bp_arena_new(), .lang = opt->lang };
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < set->n; i++)
		cap += set->items[i].n_indicators * set->items[i].n_areas;
	est *es = bp_arena_alloc(x.a, (cap + 1) * sizeof(*es));
	/* One cache for every estimate: each reads an indicator's values over
	 * all of Nederland (~50,000 rows, 0.4 s of the server), which a cache
	 * per estimate read again for each area and intervention. */
	bp_effect_cache *cache = bp_effect_cache_new();
	for (size_t i = 0; i < set->n && !rc; i++) {
		const bp_intervention *iv = &set->items[i];
		size_t first = n;
		for (size_t k = 0; k < iv->n_indicators && !rc; k++)
			for (size_t ai = 0; ai < iv->n_areas && !rc; ai++) {
				est *e = &es[n++];
				e->iv = iv;
				e->ind = &iv->indicators[k];
				e->def = opt->indicators ? bp_indicator_find(opt->indicators, e->ind->id) : NULL;
				e->inds = opt->indicators;
				e->lang = opt->lang;
				if ((rc = bp_effect_estimate_cached(conn, cache, set, iv, k, ai, &eo, x.a, &e->r, err)) ||
				    (!opt->read_only && (rc = bp_effect_store(conn, iv->id, e->ind->id, &e->r, err))) ||
				    (rc = bp_experiences_for(conn, iv->area_codes[ai], iv->theme, x.a, &e->exp, &e->n_exp, err)))
					break;
				res->estimates++;
			}
		if (!rc)
			rc = write_html_report(&x, iv, es + first, n - first, err);
		if (!rc)
			rc = write_pdf_report(&x, iv, es + first, n - first, err);
		if (!rc) {
			res->reports++;
			res->files += 2;
		}
	}
	bp_effect_cache_free(cache);
	if (!rc && !(rc = write_overview(&x, es, n, err)))
		res->files += 2;
	bp_arena_free(x.a);
	return rc;
}

/* The files a report folder holds: its pages and PDFs. */
static int report_file(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".html") == 0) ||
	                          (n > 4 && strcmp(name + n - 4, ".pdf") == 0));
}

/* A download of the folder's data/ (report/downloads.h). */
static int download_file(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 4 && strcmp(name + n - 4, ".csv") == 0) ||
	                          (n > 5 && strcmp(name + n - 5, ".xlsx") == 0));
}

/* The report folder's files (report_file) into site_dir, and with data/ their downloads. */
static bp_rc copy_folder(const char *reports_dir, const char *site_dir, int downloads, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_rc rc = BP_OK;
	DIR *d = opendir(reports_dir);
	if (!d) {
		bp_error_at(err, reports_dir, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot read the folder: %s", strerror(errno));
		goto out;
	}
	if ((rc = bp_mkdir_p(site_dir, 0755, err)))
		goto close;
	for (struct dirent *e; (e = readdir(d)) != NULL && !rc;) {
		if (!downloads && strcmp(e->d_name, BP_DOWNLOADS_DIR) == 0) {
			rc = copy_folder(bp_path_join(a, reports_dir, e->d_name), bp_path_join(a, site_dir, e->d_name), 1, err);
			continue;
		}
		if (!(downloads ? download_file(e->d_name) : report_file(e->d_name)))
			continue;
		char *data;
		size_t len;
		if (!(rc = bp_file_read_all(bp_path_join(a, reports_dir, e->d_name), a, &data, &len, err)))
			rc = bp_file_write_atomic(bp_path_join(a, site_dir, e->d_name), data, len, err);
	}
close:
	closedir(d);
out:
	bp_arena_free(a);
	return rc;
}

bp_rc bp_effect_reports_copy(const char *reports_dir, const char *site_dir, bp_error *err)
{
	return copy_folder(reports_dir, site_dir, 0, err);
}

bp_lang bp_effect_reports_lang(const char *reports_dir)
{
	bp_arena *a = bp_arena_new();
	char *data;
	size_t len;
	bp_error ignored = { 0 };
	bp_lang lang = BP_LANG_NL;
	/* <html lang> is in the page's first line or two (report/html.c). */
	if (bp_file_read_all(bp_path_join(a, reports_dir, "index.html"), a, &data, &len, &ignored) == BP_OK &&
	    strstr(data, "<html lang=\"en\">"))
		lang = BP_LANG_EN;
	bp_arena_free(a);
	return lang;
}
