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
#include "report/downloads.h"
#include "report/pdfdoc.h"
#include "report/report.h"

#define CHART_SOURCE "Bron: " BP_EFFECT_SOURCES "; bewerking buurtpeil"

/* One estimate: an intervention, one of its indicators, one target area. */
typedef struct est {
	const bp_intervention *iv;
	const bp_intervention_indicator *ind;
	const bp_indicator_def *def;   /* NULL when not defined in the indicator set */
	bp_effect_result r;
	bp_experience *exp;            /* published experiences of the area and the intervention's theme */
	size_t n_exp;
	const bp_indicator_set *inds;  /* every definition, for the covariates' titles and sources; may be NULL */
} est;

typedef struct ctx {
	PGconn *conn;
	const bp_effect_report_options *opt;
	bp_arena *a;
	int svg_seq;                   /* makes ids of inline SVGs unique within a page */
	long downloads;                /* the pages' download files written (not among res->files) */
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

/* A difference of percentages is in percentage points. */
static const char *diff_unit(bp_arena *a, const est *e)
{
	const char *u = value_unit(e);
	if (strcmp(u, "%") == 0)
		return " procentpunt";
	return *u ? bp_arena_printf(a, " %s", u) : "";
}

static const char *ind_title(const est *e)
{
	return e->def ? e->def->title_nl : e->ind->id;
}

static const char *area_label(bp_arena *a, const bp_effect_result *r)
{
	if (!r->area_name || strcmp(r->area_name, r->area_code) == 0)
		return r->area_code;
	return bp_arena_printf(a, "%s (%s)", r->area_name, r->area_code);
}

/* "2017-03-01" -> "1 maart 2017" */
static const char *date_nl(bp_arena *a, const char *iso)
{
	static const char *const months[] = { "januari", "februari", "maart", "april", "mei", "juni", "juli",
	                                      "augustus", "september", "oktober", "november", "december" };
	int y, m, d;
	if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return iso ? iso : "";
	return bp_arena_printf(a, "%d %s %d", d, months[m - 1], y);
}

static const char *direction_nl(bp_direction d)
{
	return d == BP_DIRECTION_UP ? "omhoog" : "omlaag";
}

/* The verdict as a sentence that claims no more than the design allows. */
static const char *verdict_sentence(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	const char *area = r->area_name ? r->area_name : r->area_code;
	switch (r->verdict) {
	case BP_VERDICT_BETTER:
	case BP_VERDICT_WORSE:
		return bp_arena_printf(a, "%s ontwikkelde zich op %s %s dan vergelijkbare gebieden: het verschil is "
		                       "groter dan gebieden zonder interventie laten zien. Dat is een samenhang, "
		                       "geen bewijs dat de interventie de oorzaak is.",
		                       area, ind_title(e), r->verdict == BP_VERDICT_BETTER ? "beter" : "slechter");
	case BP_VERDICT_NO_DIFFERENCE:
		return bp_arena_printf(a, "%s ontwikkelde zich op %s niet duidelijk anders "
		                       "dan vergelijkbare gebieden; het verschil valt binnen wat gebieden zonder "
		                       "interventie ook laten zien.", area, ind_title(e));
	case BP_VERDICT_TOO_FEW_PERIODS:
		return "Hierover is niets te zeggen: er zijn te weinig perioden met cijfers vóór en na de start.";
	case BP_VERDICT_TOO_FEW_AREAS:
		return "Hierover is niets te zeggen: er zijn te weinig vergelijkbare gebieden.";
	}
	return "";
}

static const char *estimate_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	if (!r->has_estimate)
		return "Geen schatting: te weinig perioden of gebieden.";
	return bp_arena_printf(a, "Geschat effect (verschil-in-verschillen): %s%s.",
	                       bp_fmt_diff_nl(a, r->estimate, d), diff_unit(a, e));
}

static const char *placebo_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	if (!r->has_placebo)
		return "Placebo-interval: niet te bepalen (minder dan twee vergelijkingsgebieden).";
	return bp_arena_printf(a, "Placebo-interval (5-95%%): %s tot %s%s; %d van de %zu gebieden "
	                       "(de vergelijkingsgebieden en dit gebied) hebben een schatting minstens zo groot.",
	                       bp_fmt_nl(a, r->placebo_low, d), bp_fmt_nl(a, r->placebo_high, d), diff_unit(a, e), r->placebo_rank,
	                       r->n_comparisons + 1);
}

static const char *analytic_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	/* Why there is none depends on the kind of figure: a count has no
	 * sampling error, RIVM's estimates have margins buurtpeil did not load. */
	if (!r->has_analytic && !e->def)
		return "90%-interval uit de onzekerheid van de cijfers: niet bekend (geen marges geladen).";
	if (!r->has_analytic)
		return bp_arena_printf(a, "90%%-interval uit de onzekerheid van de cijfers: niet bekend (%s).",
		                       bp_figure_no_interval_nl(bp_figure_kind_of(e->def, 0)));
	return bp_arena_printf(a, "90%%-interval uit de onzekerheid van de cijfers: %s tot %s%s.",
	                       bp_fmt_nl(a, r->analytic_low, d), bp_fmt_nl(a, r->analytic_high, d), diff_unit(a, e));
}

/* An indicator's title, else its id. */
static const char *title_of(const est *e, const char *id)
{
	const bp_indicator_def *d = e->inds ? bp_indicator_find(e->inds, id) : NULL;
	return d ? d->title_nl : id;
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
	return bp_arena_printf(a, "“%s” (%s)", d->title_nl, d->source);
}

static const char *pretrend_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	const char *area = r->area_name ? r->area_name : r->area_code;
	if (!r->has_pretrend) {
		if (r->n_pre != 1)
			return "Trend vóór de start: niet te toetsen (geen perioden vóór de start).";
		if (!r->related_id)
			return "Trend vóór de start: niet te toetsen (maar één periode vóór de start), en er is geen "
			       "gedetailleerdere verwante reeks opgegeven om het op na te gaan.";
		if (!r->has_related)
			return bp_arena_printf(a, "Trend vóór de start: niet te toetsen (maar één periode vóór de start); "
			                       "de verwante reeks %s kon het ook niet: %s.", related_label(a, e),
			                       r->related_why ? r->related_why : "geen cijfers");
		const bp_related_trend *t = &r->related;
		const bp_indicator_def *d = def_of(e, r->related_id);
		const char *unit = d && d->unit ? (strcmp(d->unit, "%") == 0 ? " procentpunt" : bp_arena_printf(a, " %s", d->unit)) : "";
		int dec = (d ? d->decimals : 1) + 2;
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
	return bp_arena_printf(a, "Trend vóór de start: %s ontwikkelde zich %s%s per jaar anders dan de "
	                       "vergelijkingsgebieden; de trends zijn %s.", area,
	                       bp_fmt_diff_nl(a, r->pretrend_diff, est_decimals(e) + 1), diff_unit(a, e),
	                       r->pretrend_parallel ? "parallel" : "niet parallel: het oordeel is daarom voorzichtig");
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
		bp_buf_printf(&b, "%s%s", n ? (n + 1 == total ? " en " : ", ") : "", title_of(e, bl->name));
		if (unbalanced_only)
			bp_buf_printf(&b, " (%s)", isfinite(bl->std_after) ? bp_fmt_diff_nl(a, bl->std_after, 2) : "onbekend");
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
		return "Structuur: niet meegewogen; de definitie van de interventie noemt geen kenmerken van structuur "
		       "(match_on), dus de vergelijkingsgebieden zijn alleen op de indicator gekozen.";
	if (r->n_balance == 0) {
		bp_buf b;
		bp_buf_init(&b);
		for (size_t j = 0; j < iv->n_match_on; j++)
			bp_buf_printf(&b, "%s%s", j ? ", " : "", title_of(e, iv->match_on[j]));
		const char *s = bp_arena_printf(a, "Structuur: gevraagd (%s) maar niet meegewogen: %s heeft niet van elk "
		                                "kenmerk een cijfer in indeling %d, de indeling van deze cijfers; de "
		                                "vergelijkingsgebieden zijn alleen op de indicator gekozen.", b.data, area,
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
		return bp_arena_printf(a, "Structuur: de vergelijkingsgebieden lijken op %s in %s: elk gestandaardiseerd "
		                       "verschil is kleiner dan 0,25 (grootste %s; tegen alle %zu kandidaten was dat %s). "
		                       "De vergelijking is op deze kenmerken in evenwicht.", area, covariate_list(a, e, 0),
		                       bp_fmt_nl(a, worst_after, 2), r->n_pool, bp_fmt_nl(a, worst_before, 2));
	return bp_arena_printf(a, "Structuur: de vergelijkingsgebieden verschillen van %s in %s: een gestandaardiseerd "
	                       "verschil van 0,25 of meer (of onbekend). De vergelijking is daarop niet in evenwicht; een "
	                       "deel van het geschatte effect kan uit dat verschil in structuur komen.", area,
	                       covariate_list(a, e, 1));
}

static const char *balance_caption(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	return bp_arena_printf(a, "Structuur van %s tegen het gemiddelde van alle %zu kandidaten en van de %zu "
	                       "gekozen vergelijkingsgebieden. Verschil vóór en na het kiezen: gestandaardiseerd, "
	                       "(doelgebied - gemiddelde) / standaarddeviatie over de kandidaten; in evenwicht "
	                       "onder 0,25", r->area_name ? r->area_name : r->area_code, r->n_pool, r->n_comparisons);
}

/* Under the balance table: where each covariate's figures come from (a cell would wrap too often). */
static const char *balance_sources(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "Bron van de kenmerken: ");
	for (size_t j = 0; j < r->n_balance; j++) {
		const bp_indicator_def *d = def_of(e, r->balance[j].name);
		bp_buf_printf(&b, "%s%s: %s, cijfers van %d, indeling %d", j ? "; " : "", title_of(e, r->balance[j].name),
		              d && d->source ? d->source : "bron onbekend", r->balance[j].year, r->indeling_year);
	}
	bp_buf_adds(&b, ".");
	const char *s = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return s;
}

/* The balance table's cells, n_balance rows of 6: the same for HTML and PDF. */
static const char *const balance_head[] = { "Kenmerk (jaar)", "Doelgebied", "Kandidaten", "Vergelijking",
                                            "Verschil vóór", "Verschil na" };

static const char **balance_cells(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	const char **cells = bp_arena_alloc(a, (r->n_balance * 6 + 1) * sizeof(*cells));
	for (size_t j = 0; j < r->n_balance; j++) {
		const bp_effect_balance *bl = &r->balance[j];
		const bp_indicator_def *d = def_of(e, bl->name);
		int dec = d ? d->decimals : 1;
		const char *unit = d && d->unit && *d->unit ? bp_arena_printf(a, ", in %s", d->unit) : "";
		const char **row = cells + j * 6;
		row[0] = bp_arena_printf(a, "%s%s (%d)", title_of(e, bl->name), unit, bl->year);
		row[1] = bp_fmt_nl(a, bl->target, dec);
		row[2] = isfinite(bl->pool_mean) ? bp_fmt_nl(a, bl->pool_mean, dec) : "–";
		row[3] = isfinite(bl->matched_mean) ? bp_fmt_nl(a, bl->matched_mean, dec) : "–";
		row[4] = isfinite(bl->std_before) ? bp_fmt_diff_nl(a, bl->std_before, 2) : "–";
		row[5] = isfinite(bl->std_after) ? bp_fmt_diff_nl(a, bl->std_after, 2) : "–";
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

static const char *comparison_names(bp_arena *a, const bp_effect_result *r)
{
	bp_buf b;
	bp_buf_init(&b);
	for (size_t j = 0; j < r->n_comparisons; j++)
		bp_buf_printf(&b, "%s%s (%s)", j ? (j + 1 == r->n_comparisons ? " en " : ", ") : "",
		              comparison_label(a, r, j), r->comparisons[j].code);
	const char *s = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return s;
}

static const char *comparison_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	if (r->n_comparisons == 0)
		return bp_arena_printf(a, "Vergelijkingsgebieden: geen (%zu kandidaten met cijfers in elke periode).",
		                       r->n_pool);
	const char *line = bp_arena_printf(a, "Vergelijkingsgebieden (%zu, de meest gelijkende van %zu zonder "
	                                   "interventie op dit thema): %s.", r->n_comparisons, r->n_pool,
	                                   comparison_names(a, r));
	return line;
}

static const char *gemeente_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	if (!r->has_gemeente)
		return NULL;
	return bp_arena_printf(a, "Tegen de rest van de gemeente (%zu gebieden): %s%s.", r->gemeente_n,
	                       bp_fmt_diff_nl(a, r->gemeente_estimate, est_decimals(e)), diff_unit(a, e));
}

static const char *synthetic_line(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	if (!r->has_estimate)
		return NULL;
	if (!r->has_synthetic) {
		if (r->n_pre < 3)
			return bp_arena_printf(a, "Synthetische vergelijking: niet berekend, want er zijn minder dan 3 "
			                       "perioden vóór de start (hier %d); met zo weinig perioden zegt een gewogen mix "
			                       "die het verloop ervoor nabootst weinig over wat erna zonder interventie was "
			                       "gebeurd.", r->n_pre);
		return "Synthetische vergelijking: niet berekend, want er zijn minder dan twee vergelijkingsgebieden.";
	}
	return bp_arena_printf(a, "Tegen een synthetische vergelijking (een gewogen mix van de vergelijkingsgebieden "
	                       "die vóór de start het meest op %s lijkt): %s%s.",
	                       r->area_name ? r->area_name : r->area_code,
	                       bp_fmt_diff_nl(a, r->synthetic_estimate, est_decimals(e)), diff_unit(a, e));
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
	if (ns == 2)
		s[1] = (bp_trend_series){ .label = "Vergelijkingsgebieden", .value = r->comparison };
	*t = (bp_trend){
		.title = bp_arena_printf(a, "%s: %s en vergelijkingsgebieden", ind_title(e),
		                         r->area_name ? r->area_name : r->area_code),
		.subtitle = bp_arena_printf(a, "%s-%s%s%s; vergelijkingsgebieden: hun gemiddelde", r->periods[0],
		                            r->periods[r->n_periods - 1],
		                            *value_unit(e) ? ", in " : "", value_unit(e)),
		.source = CHART_SOURCE,
		.unit = value_unit(e),
		.decimals = decimals_of(e),
		.periods = r->periods,
		.n_periods = r->n_periods,
		.series = s,
		.n_series = ns,
		.marker = { .year = marker_year(e->iv), .label = bp_arena_printf(a, "Start %s", date_nl(a, e->iv->start)),
		            .before = "vóór", .after = "na" },
		.width = width,
	};
}

static const char *trend_alt(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = decimals_of(e);
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "Lijngrafiek van %s in %s", ind_title(e), r->area_name ? r->area_name : r->area_code);
	if (r->comparison)
		bp_buf_adds(&b, " tegen het gemiddelde van de vergelijkingsgebieden");
	bp_buf_printf(&b, ", %s tot %s; de interventie startte op %s (perioden vóór het startjaar zijn "
	              "gearceerd). ", r->periods[0], r->periods[r->n_periods - 1], date_nl(a, e->iv->start));
	for (size_t i = 0; i < r->n_periods; i++) {
		bp_buf_printf(&b, "%s: %s", r->periods[i], isnan(r->target[i]) ? "geen cijfer" : bp_fmt_nl(a, r->target[i], d));
		if (r->comparison && !isnan(r->comparison[i]))
			bp_buf_printf(&b, " tegen %s", bp_fmt_nl(a, r->comparison[i], d));
		bp_buf_adds(&b, i + 1 < r->n_periods ? "; " : ". ");
	}
	bp_buf_adds(&b, "De cijfers staan in de tabel hieronder.");
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
	*p = (bp_placebo_chart){
		.title = bp_arena_printf(a, "%s: geschat effect tegen placebo-schattingen", ind_title(e)),
		.subtitle = bp_arena_printf(a, "Dezelfde schatting voor elk vergelijkingsgebied alsof daar de "
		                            "interventie was, in%s", diff_unit(a, e)),
		.source = CHART_SOURCE,
		.unit = NULL,
		.decimals = est_decimals(e),
		.target_label = bp_arena_printf(a, "%s (interventie)", r->area_name ? r->area_name : r->area_code),
		.target = r->estimate,
		.labels = labels,
		.values = values,
		.n = r->n_comparisons,
		.has_band = r->has_placebo,
		.band_lo = r->placebo_low,
		.band_hi = r->placebo_high,
		.band_label = "placebo-interval 5-95%: wat gebieden zonder interventie ook laten zien",
		.width = width,
	};
}

static const char *placebo_alt(bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int d = est_decimals(e);
	if (!r->has_placebo)
		return bp_arena_printf(a, "Puntgrafiek: het geschatte effect in %s is %s%s; te weinig "
		                       "vergelijkingsgebieden voor een placebo-interval.", r->area_name, bp_fmt_nl(a, r->estimate, d),
		                       diff_unit(a, e));
	return bp_arena_printf(a, "Puntgrafiek: het geschatte effect in %s is %s%s, tegen placebo-schattingen van "
	                       "%s tot %s voor de %zu vergelijkingsgebieden (placebo-interval %s tot %s). De cijfers "
	                       "staan in de tabel hieronder.", r->area_name, bp_fmt_nl(a, r->estimate, d), diff_unit(a, e),
	                       bp_fmt_nl(a, r->placebo_sorted[0], d), bp_fmt_nl(a, r->placebo_sorted[r->n_comparisons - 1], d),
	                       r->n_comparisons, bp_fmt_nl(a, r->placebo_low, d), bp_fmt_nl(a, r->placebo_high, d));
}

/* ---- experiences ----------------------------------------------------------- */

/* "bewoner, citaat, 12 maart 2019, waardering 7, voorbeeld": who, what, when; never a name. */
static const char *experience_meta(bp_arena *a, const bp_experience *x)
{
	const char *s = bp_experience_role_label(x->role);
	if (strcmp(x->kind, "rating") != 0)
		s = bp_arena_printf(a, "%s, %s", s, bp_experience_kind_label(x->kind));
	s = bp_arena_printf(a, "%s, %s", s, date_nl(a, x->date));
	if (x->rating > 0)
		s = bp_arena_printf(a, "%s, waardering %d", s, x->rating);
	if (x->example)
		s = bp_arena_printf(a, "%s, " BP_EXAMPLE_LABEL, s);
	return s;
}

static const char *experiences_title(bp_arena *a, const est *e)
{
	return bp_arena_printf(a, "Ervaringen uit %s over %s", e->r.area_name ? e->r.area_name : e->r.area_code,
	                       bp_theme_title(a, e->iv->theme));
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
	return bp_arena_printf(a, "Gemiddelde waardering: %s (%ld %s, schaal 1 tot 10).", bp_fmt_nl(a, sum / (double)n, 1), n,
	                       n == 1 ? "waardering" : "waarderingen");
}

/* The same list the profile pages show (report/experiences_html.h), under this report's heading. */
static void html_experiences(bp_html *b, const est *e, bp_arena *a)
{
	bp_html_lit(b, "<aside class=\"ervaringen\">\n<h3>");
	bp_html_text(b, experiences_title(a, e));
	bp_html_lit(b, "</h3>\n");
	if (e->n_exp == 0) {
		bp_html_lit(b, "<p>Geen gepubliceerde ervaringen van bewoners of professionals voor dit gebied "
		               "en thema.</p>\n</aside>\n");
		return;
	}
	bp_experiences_html(b, a, e->exp, e->n_exp, 0);
	bp_html_lit(b, "<p class=\"bron\">Alleen ervaringen met toestemming, zonder namen of "
	               "contactgegevens.</p>\n</aside>\n");
}

static void pdf_experiences(bp_pdfdoc *d, bp_arena *a, const est *e)
{
	bp_pdfdoc_text(d, BP_PDF_LEAD, experiences_title(a, e), BP_RGB_TEXT, 40);
	if (e->n_exp == 0) {
		bp_pdfdoc_text(d, BP_PDF_BODY, "Geen gepubliceerde ervaringen van bewoners of professionals voor dit "
		               "gebied en thema.", BP_RGB_TEXT, 0);
		return;
	}
	const char *rl = rating_line(a, e);
	if (rl)
		bp_pdfdoc_text(d, BP_PDF_BODY, rl, BP_RGB_TEXT, 0);
	for (size_t i = 0; i < e->n_exp; i++) {
		const bp_experience *x = &e->exp[i];
		bp_pdfdoc_text(d, BP_PDF_BODY,
		               x->text ? bp_arena_printf(a, "“%s” (%s)", x->text, experience_meta(a, x))
		                       : bp_arena_printf(a, "(%s)", experience_meta(a, x)),
		               BP_RGB_TEXT, 0);
	}
}

/* ---- HTML ------------------------------------------------------------------- */

static const bp_html_page *frame(bp_arena *a, const char *title)
{
	bp_html_page *p = bp_arena_alloc(a, sizeof(*p));
	*p = (bp_html_page){ BP_HTML_REPORT, title };
	return p;
}

/* An example's name, marked as one unless it says so itself. */
static const char *iv_title(bp_arena *a, const bp_intervention *iv)
{
	if (!iv->example || strstr(iv->name, "voorbeeld"))
		return iv->name;
	return bp_arena_printf(a, "%s (voorbeeld)", iv->name);
}

static const char voorbeeld_text[] =
	"Voorbeeld: dit is geen echt programma. De interventie is verzonnen om te laten zien hoe buurtpeil "
	"effecten schat; de cijfers zijn echt.";

static void voorbeeld_banner(bp_html *b)
{
	bp_html_lit(b, "<p class=\"voorbeeld\">");
	bp_html_text(b, voorbeeld_text);
	bp_html_lit(b, "</p>\n");
}

static void add_cell_num(bp_html *b, bp_arena *a, double v, int d)
{
	bp_html_lit(b, "<td class=\"num\">");
	bp_html_text(b, isnan(v) ? "\xe2\x80\x93" : bp_fmt_nl(a, v, d));   /* U+2013 alone: no figure (as table/pagetables.c reads it) */
	bp_html_lit(b, "</td>");
}

static bp_rc html_effect(ctx *x, bp_html *b, const est *e, size_t idx, bp_error *err)
{
	bp_arena *a = x->a;
	const bp_effect_result *r = &e->r;
	int d = decimals_of(e);
	bp_html_printf(b, "<section class=\"effect\" id=\"effect-%zu\">\n<h2>", idx + 1);
	bp_html_text(b, ind_title(e));
	bp_html_lit(b, " in ");
	bp_html_text(b, area_label(a, r));
	bp_html_lit(b, "</h2>\n<p>Beoogd: ");
	bp_html_text(b, ind_title(e));
	bp_html_printf(b, " %s.</p>\n<p class=\"oordeel\"><strong>Oordeel: ", direction_nl(e->ind->direction));
	bp_html_text(b, bp_verdict_text(r->verdict));
	bp_html_lit(b, ".</strong> ");
	bp_html_text(b, verdict_sentence(a, e));
	if (r->note) {
		bp_html_lit(b, " (");
		bp_html_text(b, r->note);
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
		bp_trend t;
		unsigned char *svg = NULL;
		size_t len = 0;
		trend_chart(a, e, 800, &t);
		bp_rc rc = bp_trend_render(&t, BP_IMAGE_SVG, &svg, &len, err);
		if (rc)
			return rc;
		bp_html_lit(b, "<figure>\n");
		bp_html_inline_svg(b, (const char *)svg, len, bp_arena_printf(a, "c%d-", ++x->svg_seq), trend_alt(a, e));
		free(svg);
		bp_html_lit(b, "<figcaption>");
		bp_html_text(b, t.title);
		bp_html_lit(b, ". " CHART_SOURCE ".</figcaption>\n</figure>\n");
		bp_html_lit(b, "<table>\n<caption>");
		bp_html_text(b, t.title);
		bp_html_lit(b, "</caption>\n<thead><tr><th scope=\"col\">Periode</th><th scope=\"col\"></th>"
		               "<th scope=\"col\" class=\"num\">");
		bp_html_text(b, r->area_name ? r->area_name : r->area_code);
		bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">Vergelijkingsgebieden (gemiddelde)</th>"
		               "<th scope=\"col\" class=\"num\">Verschil</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < r->n_periods; i++) {
			bp_html_lit(b, "<tr><th scope=\"row\">");
			bp_html_text(b, r->periods[i]);
			bp_html_printf(b, "</th><td>%s</td>", r->years[i] < e->iv->start_year ? "vóór de start" : "na de start");
			double c = r->comparison ? r->comparison[i] : NAN;
			add_cell_num(b, a, r->target[i], d);
			add_cell_num(b, a, c, d);
			add_cell_num(b, a, r->target[i] - c, d);
			bp_html_lit(b, "</tr>\n");
		}
		bp_html_lit(b, "</tbody>\n</table>\n");
	} else {
		bp_html_lit(b, "<p>Geen cijfers van dit gebied voor deze indicator.</p>\n");
	}

	if (r->has_estimate && r->n_comparisons > 0) {
		bp_placebo_chart p;
		unsigned char *svg = NULL;
		size_t len = 0;
		placebo_chart(a, e, 800, &p);
		bp_rc rc = bp_placebo_render(&p, BP_IMAGE_SVG, &svg, &len, err);
		if (rc)
			return rc;
		bp_html_lit(b, "<figure>\n");
		bp_html_inline_svg(b, (const char *)svg, len, bp_arena_printf(a, "c%d-", ++x->svg_seq), placebo_alt(a, e));
		free(svg);
		bp_html_lit(b, "<figcaption>");
		bp_html_text(b, p.title);
		bp_html_lit(b, ". " CHART_SOURCE ".</figcaption>\n</figure>\n");
	}
	if (r->n_comparisons > 0) {
		bp_html_lit(b, "<table>\n<caption>Vergelijkingsgebieden en hun placebo-schattingen</caption>\n"
		               "<thead><tr><th scope=\"col\">Gebied</th><th scope=\"col\">Code</th>"
		               "<th scope=\"col\" class=\"num\">Afstand vóór de start</th>"
		               "<th scope=\"col\" class=\"num\">Verandering na &minus; vóór</th>"
		               "<th scope=\"col\" class=\"num\">Placebo-schatting</th>");
		if (r->has_synthetic)
			bp_html_lit(b, "<th scope=\"col\" class=\"num\">Synthetisch gewicht</th>");
		bp_html_lit(b, "</tr></thead>\n<tbody>\n");
		for (size_t j = 0; j < r->n_comparisons; j++) {
			const bp_effect_area *c = &r->comparisons[j];
			bp_html_lit(b, "<tr><th scope=\"row\">");
			bp_html_text(b, comparison_label(a, r, j));
			bp_html_lit(b, "</th><td>");
			bp_html_text(b, c->code);
			bp_html_lit(b, "</td>");
			add_cell_num(b, a, c->distance, d + 1);
			add_cell_num(b, a, c->delta, d + 1);
			add_cell_num(b, a, r->has_estimate ? c->placebo : NAN, d + 1);
			if (r->has_synthetic)
				add_cell_num(b, a, c->weight, 2);
			bp_html_lit(b, "</tr>\n");
		}
		bp_html_lit(b, "</tbody>\n</table>\n");
	}
	if (r->n_balance > 0 && r->n_comparisons > 0) {
		const char **cells = balance_cells(a, e);
		bp_html_lit(b, "<table>\n<caption>");
		bp_html_text(b, balance_caption(a, e));
		bp_html_lit(b, "</caption>\n<thead><tr>");
		for (size_t c = 0; c < 6; c++) {
			if (c)
				bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
			else
				bp_html_lit(b, "<th scope=\"col\">");
			bp_html_text(b, balance_head[c]);
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

static void html_intro(bp_html *b, bp_arena *a, const bp_intervention *iv)
{
	bp_html_lit(b, "<dl class=\"kader\">\n<dt>Thema</dt><dd>");
	bp_html_text(b, bp_theme_title(a, iv->theme));
	bp_html_lit(b, "</dd>\n<dt>Gebied</dt><dd>");
	for (size_t i = 0; i < iv->n_areas; i++) {
		if (i)
			bp_html_lit(b, ", ");
		bp_html_text(b, iv->areas[i]);
	}
	bp_html_lit(b, "</dd>\n<dt>Start</dt><dd>");
	bp_html_text(b, date_nl(a, iv->start));
	bp_html_lit(b, "</dd>\n<dt>Einde</dt><dd>");
	bp_html_text(b, iv->end ? date_nl(a, iv->end) : "loopt nog");
	bp_html_lit(b, "</dd>\n<dt>Uitvoerder</dt><dd>");
	bp_html_text(b, iv->partner);
	bp_html_lit(b, "</dd>\n</dl>\n");
	if (iv->description) {
		bp_html_lit(b, "<p>");
		bp_html_text(b, iv->description);
		bp_html_lit(b, "</p>\n");
	}
}

static const char method_text[] =
	"Zo is geschat: de verandering in het doelgebied (gemiddelde na de start min gemiddelde ervoor) is "
	"vergeleken met dezelfde verandering in gebieden van hetzelfde niveau zonder interventie op dit thema, "
	"die vóór de start het meest op het doelgebied leken (verschil-in-verschillen). Het placebo-interval "
	"laat zien hoe groot zo'n verschil is in gebieden waar niets gestart is. Een oordeel 'beter' of "
	"'slechter' volgt alleen als het verschil daarbuiten valt en de trends vóór de start parallel liepen.";

static bp_rc write_html_report(ctx *x, const bp_intervention *iv, const est *es, size_t n, bp_error *err)
{
	bp_arena *a = x->a;
	bp_html b;
	bp_rc rc = BP_OK;
	bp_html_init(&b);
	x->svg_seq = 0;
	const bp_html_page *fr = frame(a, bp_arena_printf(a, "Effectrapport %s", iv_title(a, iv)));
	bp_html_page_begin(&b, fr);
	bp_html_lit(&b, "<p><a href=\"index.html\">Alle interventies</a></p>\n<h1>Effectrapport: ");
	bp_html_text(&b, iv_title(a, iv));
	bp_html_lit(&b, "</h1>\n");
	if (iv->example)
		voorbeeld_banner(&b);
	html_intro(&b, a, iv);
	bp_html_lit(&b, "<p>");
	bp_html_text(&b, method_text);
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

static const char pdf_footer[] = "Bron: " BP_EFFECT_SOURCES "; bewerking buurtpeil";

static void pdf_para(bp_pdfdoc *d, const char *text)
{
	bp_pdfdoc_text(d, BP_PDF_BODY, text, BP_RGB_TEXT, 0);
}

static void pdf_effect(bp_pdfdoc *d, bp_arena *a, const est *e)
{
	const bp_effect_result *r = &e->r;
	int dec = decimals_of(e);
	bp_pdfdoc_text(d, BP_PDF_H2, bp_arena_printf(a, "%s in %s", ind_title(e), area_label(a, r)), BP_RGB_TEXT, 120);
	pdf_para(d, bp_arena_printf(a, "Beoogd: %s %s.", ind_title(e), direction_nl(e->ind->direction)));
	bp_pdfdoc_text(d, BP_PDF_LEAD, bp_arena_printf(a, "Oordeel: %s. %s%s%s%s", bp_verdict_text(r->verdict),
	                                               verdict_sentence(a, e), r->note ? " (" : "",
	                                               r->note ? r->note : "", r->note ? ")" : ""),
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
		const char *head[] = { "Periode", "", r->area_name ? r->area_name : r->area_code,
		                       "Vergelijking (gemiddelde)", "Verschil" };
		const char **cells = bp_arena_alloc(a, r->n_periods * 5 * sizeof(*cells));
		for (size_t i = 0; i < r->n_periods; i++) {
			double c = r->comparison ? r->comparison[i] : NAN;
			cells[i * 5 + 0] = r->periods[i];
			cells[i * 5 + 1] = r->years[i] < e->iv->start_year ? "vóór de start" : "na de start";
			cells[i * 5 + 2] = isnan(r->target[i]) ? "–" : bp_fmt_nl(a, r->target[i], dec);
			cells[i * 5 + 3] = isnan(c) ? "–" : bp_fmt_nl(a, c, dec);
			cells[i * 5 + 4] = isnan(c) || isnan(r->target[i]) ? "–" : bp_fmt_nl(a, r->target[i] - c, dec);
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
		const char *head[] = { "Vergelijkingsgebied", "Code", "Afstand vóór", "Verandering", "Placebo",
		                       "Gewicht" };
		size_t nc = r->has_synthetic ? 6 : 5;
		const char **cells = bp_arena_alloc(a, r->n_comparisons * nc * sizeof(*cells));
		for (size_t j = 0; j < r->n_comparisons; j++) {
			const bp_effect_area *c = &r->comparisons[j];
			const char **row = cells + j * nc;
			row[0] = comparison_label(a, r, j);
			row[1] = c->code;
			row[2] = bp_fmt_nl(a, c->distance, dec + 1);
			row[3] = bp_fmt_nl(a, c->delta, dec + 1);
			row[4] = r->has_estimate ? bp_fmt_nl(a, c->placebo, dec + 1) : "–";
			if (nc == 6)
				row[5] = bp_fmt_nl(a, c->weight, 2);
		}
		static const double widths[] = { 30, 14, 14, 14, 14, 14 };
		bp_pdfdoc_table(d, nc, widths, "llrrrr", head, cells, r->n_comparisons, NULL);
	}
	if (r->n_balance > 0 && r->n_comparisons > 0) {
		static const double widths[] = { 26, 14, 15, 16, 15, 14 };
		pdf_para(d, balance_caption(a, e));
		bp_pdfdoc_table(d, 6, widths, "lrrrrr", balance_head, balance_cells(a, e), r->n_balance, NULL);
		bp_pdfdoc_text(d, BP_PDF_SMALL, balance_sources(a, e), BP_RGB_SUBTLE, 0);
	}
	pdf_experiences(d, a, e);
}

static void pdf_intro(bp_pdfdoc *d, bp_arena *a, const bp_intervention *iv)
{
	bp_buf areas;
	bp_buf_init(&areas);
	for (size_t i = 0; i < iv->n_areas; i++)
		bp_buf_printf(&areas, "%s%s", i ? ", " : "", iv->areas[i]);
	pdf_para(d, bp_arena_printf(a, "Thema: %s. Gebied: %s. Start: %s. Einde: %s. Uitvoerder: %s.",
	                            bp_theme_title(a, iv->theme), areas.data, date_nl(a, iv->start),
	                            iv->end ? date_nl(a, iv->end) : "loopt nog", iv->partner));
	bp_buf_release(&areas);
	if (iv->description)
		pdf_para(d, iv->description);
}

static bp_rc write_pdf_report(ctx *x, const bp_intervention *iv, const est *es, size_t n, bp_error *err)
{
	bp_arena *a = x->a;
	bp_pdfdoc d;
	const char *title = bp_arena_printf(a, "Effectrapport %s", iv_title(a, iv));
	bp_rc rc = bp_pdfdoc_open(&d, bp_path_join(a, x->opt->dir, bp_arena_printf(a, "%s.pdf", iv->id)), title,
	                          title, pdf_footer, err);
	if (rc)
		return rc;
	bp_pdfdoc_text(&d, BP_PDF_H1, bp_arena_printf(a, "Effectrapport: %s", iv_title(a, iv)), BP_RGB_TEXT, 80);
	if (iv->example)
		bp_pdfdoc_note(&d, voorbeeld_text);
	pdf_intro(&d, a, iv);
	bp_pdfdoc_text(&d, BP_PDF_SMALL, method_text, BP_RGB_SUBTLE, 0);
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
		return "niet te schatten";
	int d = est_decimals(e);
	char s[64];
	bp_numfmt_nl(s, sizeof(s), fabs(r->estimate), d);
	if (strspn(s, "0,.") == strlen(s))
		return "gelijk gebleven ten opzichte van vergelijkbare gebieden";
	return bp_arena_printf(a, "%s met %s%s ten opzichte van vergelijkbare gebieden",
	                       r->estimate > 0 ? "gestegen" : "gedaald", s, diff_unit(a, e));
}

static bp_rc write_overview(ctx *x, const est *es, size_t n, bp_error *err)
{
	const bp_intervention_set *set = x->opt->interventions;
	bp_arena *a = x->a;
	bp_html b;
	bp_rc rc;
	bp_html_init(&b);
	const bp_html_page *fr = frame(a, "Interventies en hun effecten");
	bp_html_page_begin(&b, fr);
	bp_html_lit(&b, "<h1>Interventies en hun effecten</h1>\n");
	bp_html_printf(&b, "<p>Wat loopt waar, en bewoog er iets ten opzichte van vergelijkbare gebieden? "
	                  "%zu %s; per interventie een effectrapport (HTML en PDF).</p>\n", set->n,
	              bp_plural_nl(set->n, "interventie", "interventies"));
	bp_html_lit(&b, "<table>\n<caption>Interventies</caption>\n<thead><tr><th scope=\"col\">Interventie</th>"
	                "<th scope=\"col\">Gebied</th><th scope=\"col\">Thema</th><th scope=\"col\">Looptijd</th>"
	                "<th scope=\"col\">Uitvoerder</th><th scope=\"col\">Wat bewoog, en het oordeel</th>"
	                "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < set->n; i++) {
		const bp_intervention *iv = &set->items[i];
		bp_html_lit(&b, "<tr><th scope=\"row\"><a href=\"");
		bp_html_text(&b, iv->id);
		bp_html_lit(&b, ".html\">");
		bp_html_text(&b, iv_title(a, iv));
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
		bp_html_text(&b, bp_theme_title(a, iv->theme));
		bp_html_lit(&b, "</td><td>");
		bp_html_text(&b, bp_arena_printf(a, "%s tot %s", date_nl(a, iv->start),
		                                    iv->end ? date_nl(a, iv->end) : "nu (loopt nog)"));
		bp_html_lit(&b, "</td><td>");
		bp_html_text(&b, iv->partner);
		bp_html_lit(&b, "</td><td><ul>");
		for (size_t k = 0; k < n; k++) {
			if (es[k].iv != iv)
				continue;
			bp_html_lit(&b, "<li>");
			bp_html_text(&b, bp_arena_printf(a, "%s in %s (beoogd %s): %s. ", ind_title(&es[k]),
			                                    es[k].r.area_name ? es[k].r.area_name : es[k].r.area_code,
			                                    direction_nl(es[k].ind->direction), moved(a, &es[k])));
			bp_html_lit(&b, "<strong>Oordeel: ");
			bp_html_text(&b, bp_verdict_text(es[k].r.verdict));
			bp_html_lit(&b, "</strong></li>");
		}
		bp_html_lit(&b, "</ul></td></tr>\n");
	}
	bp_html_lit(&b, "</tbody>\n</table>\n<p>Het overzicht als <a href=\"overzicht.pdf\">pdf</a>.</p>\n<p>");
	bp_html_text(&b, method_text);
	bp_html_lit(&b, "</p>\n");
	bp_html_page_end(&b, fr, BP_EFFECT_SOURCES, NULL);
	rc = bp_downloads_write(&b, x->opt->dir, "index", &x->downloads, err);
	if (!rc)
		rc = bp_html_write(&b, bp_path_join(a, x->opt->dir, "index.html"), err);
	bp_html_release(&b);
	if (rc)
		return rc;

	bp_pdfdoc d;
	if ((rc = bp_pdfdoc_open(&d, bp_path_join(a, x->opt->dir, "overzicht.pdf"), "Interventies en hun effecten",
	                         "Interventies en hun effecten", pdf_footer, err)))
		return rc;
	bp_pdfdoc_text(&d, BP_PDF_H1, "Interventies en hun effecten", BP_RGB_TEXT, 80);
	pdf_para(&d, bp_arena_printf(a, "Wat loopt waar, en bewoog er iets ten opzichte van vergelijkbare "
	                             "gebieden? %zu %s.", set->n, bp_plural_nl(set->n, "interventie", "interventies")));
	for (size_t i = 0; i < set->n; i++) {
		const bp_intervention *iv = &set->items[i];
		bp_buf areas;
		bp_buf_init(&areas);
		for (size_t j = 0; j < iv->n_areas; j++)
			bp_buf_printf(&areas, "%s%s", j ? ", " : "", iv->areas[j]);
		bp_pdfdoc_text(&d, BP_PDF_H2, iv_title(a, iv),
		               BP_RGB_TEXT, 60);
		pdf_para(&d, bp_arena_printf(a, "Gebied: %s. Thema: %s. Start: %s. Einde: %s. Uitvoerder: %s. "
		                             "Effectrapport: %s.pdf.", areas.data, bp_theme_title(a, iv->theme),
		                             date_nl(a, iv->start), iv->end ? date_nl(a, iv->end) : "loopt nog",
		                             iv->partner, iv->id));
		bp_buf_release(&areas);
		for (size_t k = 0; k < n; k++)
			if (es[k].iv == iv)
				pdf_para(&d, bp_arena_printf(a, "• %s in %s (beoogd %s): %s. Oordeel: %s.", ind_title(&es[k]),
				                             es[k].r.area_name ? es[k].r.area_name : es[k].r.area_code,
				                             direction_nl(es[k].ind->direction), moved(a, &es[k]),
				                             bp_verdict_text(es[k].r.verdict)));
	}
	bp_pdfdoc_text(&d, BP_PDF_SMALL, method_text, BP_RGB_SUBTLE, 0);
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

	ctx x = { .conn = conn, .opt = opt, .a = bp_arena_new() };
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < set->n; i++)
		cap += set->items[i].n_indicators * set->items[i].n_areas;
	est *es = bp_arena_alloc(x.a, (cap + 1) * sizeof(*es));
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
				if ((rc = bp_effect_estimate(conn, set, iv, k, ai, &eo, x.a, &e->r, err)) ||
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
