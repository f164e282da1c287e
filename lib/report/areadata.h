/*
 * areadata.h: the published figures of a gemeente's areas, as the PDF
 * profiles (pdf_profile.h), the needs overview (needs_report.h) and the
 * published site (site.h) show them.
 *
 * Read from bp.indicator_value and bp.indicator_comparison only: never from
 * bp.observation of a survey nor from survey_private, so survey microdata
 * cannot reach an output through here.  A suppressed value stays NAN with
 * its reason; the reason is what the reader is told.
 *
 * Indicators are those of the set with at least one value in the gemeente,
 * ordered by theme (first appearance in the set) and then as in the set.
 */
#ifndef BP_REPORT_AREADATA_H
#define BP_REPORT_AREADATA_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "report/html.h"
#include "core/error.h"
#include "engine/indicator_def.h"
#include "render/choropleth.h"
#include "report/cite.h"
#include "render/profile.h"

/*
 * Synthetic survey answers (generated, no real respondent) are labelled
 * with this word beside every value, chart label, table row and caption
 * they feed, in every output (issue 16); bp_synthetic_suffix gives the
 * text to append.  Which values are synthetic is what the engine stored
 * with them (bp.indicator_value.synthetic, from bp.survey.synthetic).
 */
#define BP_SYNTHETIC_WORD "synthetisch"

/* " – synthetisch" when synthetic, else "" (static strings). */
const char *bp_synthetic_suffix(int synthetic);

/*
 * RIVM's Gezondheidsmonitor figures per wijk and buurt (CBS 50090NED) are
 * small-area model estimates, not a measurement in that area: every row,
 * chart title and download that shows one says so with this word beside
 * it, as synthetic figures do (bp_def_suffix).
 */
#define BP_MODEL_WORD "modelschatting"
/* After a composite index built from RIVM's model estimates (its source names
 * them): the index is no estimate itself, its components are. */
#define BP_MODEL_INDEX_SUFFIX " – uit modelschattingen"

/* d's values are RIVM model estimates (bp_needs_uncertainty_of: kind and source). */
int bp_def_is_model_estimate(const bp_indicator_def *d);
/* The word after a figure: " – synthetisch" when synthetic (generated answers are
 * no RIVM estimate), else " – modelschatting" when model, else "" (static strings). */
const char *bp_figure_suffix(int model, int synthetic);
/* bp_figure_suffix for a value of d. */
const char *bp_def_suffix(const bp_indicator_def *d, int synthetic);
/* What the word means, once on a page or in a PDF whose figures carry it (a sentence, in L). */
const char *bp_model_note(bp_lang L);
/* The same as a paragraph. */
void bp_model_note_html(bp_html *b, bp_lang L);

/*
 * What kind of figure an indicator's values are, for the words around
 * them (an interval that is absent means something else for each):
 *   REGISTRATION    counted from a register (CBS ratios): no sampling
 *                   interval exists;
 *   MODEL_ESTIMATE  a published estimate (RIVM's small-area model,
 *                   bp_def_is_model_estimate): margins exist at the source
 *                   but are not loaded unless it gave them;
 *   SURVEY          from respondents (survey kinds, or a published share
 *                   that came with its respondents: import survey-results).
 */
typedef enum bp_figure_kind {
	BP_FIGURE_REGISTRATION,
	BP_FIGURE_MODEL_ESTIMATE,
	BP_FIGURE_SURVEY
} bp_figure_kind;

/* The kind of d's figures; has_respondents: its value has a respondent
 * count (bp.indicator_value.n_unweighted is set). */
bp_figure_kind bp_figure_kind_of(const bp_indicator_def *d, int has_respondents);
/* "registratie", "modelschatting", "enquête". */
const char *bp_figure_kind_nl(bp_figure_kind k);
/* Why a value of this kind has no interval, in L (a clause, no full stop). */
const char *bp_figure_no_interval(bp_figure_kind k, bp_lang L);

/* One indicator of one area over its periods (in time order). */
typedef struct bp_area_series {
	const bp_indicator_def *def;
	int synthetic;             /* synthetic values (its own, or the indicator's in the gemeente): labelled */
	size_t n;
	const char **period;
	double *value;             /* NAN: not published (reason in suppressed) */
	double *ci_lo, *ci_hi;     /* NAN: no interval */
	double *gm, *gm_diff;      /* the gemeente and value - gemeente */
	double *gm_lo, *gm_hi;     /* the gemeente's own 95% interval (a survey estimate of it); NAN: none */
	int *gm_differs, *nl_differs; /* the value differs from the gemeente's, Nederland's beyond chance
	                            * (engine/reference_test.h): 1, 0, -1 not tested (no interval of the value's) */
	unsigned char *gm_share_known; /* the gemeente's test knew the area's share of its estimate; 0: it took
	                            * the two as independent (the conservative test, said on the page) */
	double *nl, *nl_diff;      /* Nederland */
	double *pct;               /* percentile of need among the areas of its distribution (1 = most need;
	                            * national only where bp.distribution_scope says so); NAN: not ranked */
	double *change;            /* against the previous period; NAN: none */
	int *change_sig;           /* 1 significant, 0 not, -1 unknown (no intervals) */
	const char **suppressed;   /* reason code or NULL */
	double *n_resp;            /* respondents (survey kinds, survey results); NAN: not a survey figure */
	/* Where each period's value comes from (bp.indicator_value_shown): */
	unsigned char *translated; /* 1: apportioned through a crosswalk (an approximation) */
	const char **note;         /* what the reader is told beside it: "omgerekend van indeling 2020",
	                            * "overgenomen van indeling 2020 (grenzen gelijk)", "indeling 2020,
	                            * zelfde code; grenzen niet gecontroleerd"; NULL: measured on these borders */
	const char **note_en;      /* the same in English (bp_shown_note_en); NULL in a series built by hand */
} bp_area_series;

typedef struct bp_area_ref {
	const char *code, *name, *level; /* level: "wijk", "buurt" or "custom" */
	const char *wijk;          /* a buurt's wijk code (else NULL) */
	int year;                  /* indeling year */
} bp_area_ref;

typedef struct bp_area_scope {
	const char *gemeente, *gemeente_name;
	int year;                  /* the gemeente's latest indeling year */
	const bp_indicator_def **defs;
	int *synthetic;            /* [n_defs]: a value of it in the gemeente is synthetic */
	int any_synthetic;         /* any of them */
	const char *surveys;       /* the surveys that fed them, cited by name; NULL: none */
	size_t n_defs;
	size_t n_themes;
	const char **themes;       /* [n_themes] in order */
	const char *sources;       /* "CBS, Kerncijfers ... (85984NED), CC BY 4.0; ...": every source of the
	                              gemeente, for page footers; a chart cites its own (cites) */
	const char *source_line;   /* "Bron: <sources>; bewerking buurtpeil" */
	const bp_cite_index *cites; /* which sources fed each of defs, per period */
	bp_area_ref *areas;        /* wijken, buurten (per wijk), custom areas */
	size_t n_areas;
	const char *ids_array;     /* defs' ids as "{a,b}", for = ANY($n::text[]) (a scope built by hand sets it) */
	const bp_indicator_def *map_def; /* the indicator of maps in reports; NULL (as loaded): no maps */
	struct bp_area_reads *reads; /* what the scope's pages share (areadata.c); NULL in a scope built by hand */
} bp_area_scope;

/* Whether sc shows model estimates that are not synthetic (bp_model_note goes with them). */
int bp_scope_has_model_estimates(const bp_area_scope *sc);

/* The notice a page or document that shows synthetic figures opens with
 * (right under its title), naming the surveys; NULL when sc has none. */
const char *bp_synthetic_notice(bp_arena *a, const bp_area_scope *sc);
/* The same notice for the surveys named (may be NULL), in a. */
const char *bp_synthetic_notice_text(bp_arena *a, const char *surveys);
/* The same in lang ("Note: figures marked 'synthetic' come from ..."). */
const char *bp_synthetic_notice_text_lang(bp_arena *a, const char *surveys, bp_lang lang);
/* It as an HTML paragraph (class let-op), for right under a page's h1. */
void bp_synthetic_notice_html(bp_html *b, bp_arena *a, const char *surveys);
/* The same in lang (English: "Note: figures marked 'synthetic' ..."). */
void bp_synthetic_notice_html_lang(bp_html *b, bp_arena *a, const char *surveys, bp_lang lang);

/* The scope of a gemeente; BP_ERR_NOT_FOUND when it is not in the database. */
bp_rc bp_area_scope_load(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_arena *a,
                         bp_area_scope *out, bp_error *err) BP_MUST_CHECK;
/* The same with its citations (sources, cites) in lang: a stale source's note (BP_SQL_SOURCE_LICENCE_IN). */
bp_rc bp_area_scope_load_lang(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_lang lang,
                              bp_arena *a, bp_area_scope *out, bp_error *err) BP_MUST_CHECK;
/* What the scope's pages read and shared (the series of its areas, maps, rankings) freed, to be read again when
 * asked for: a scope kept for later (the site's, for its definitions page) does not hold every area's rows
 * until then.  Not while a page of the scope is being written. */
void bp_area_scope_drop_reads(const bp_area_scope *sc);

/* Whether the ranking of composite_id (level, indeling_year, period) holds
 * every gemeente of the indeling ("national", scope_label.h).  A scope from
 * bp_area_scope_load reads its gemeente's rankings once and shares them. */
bp_rc bp_area_composite_national(PGconn *conn, const bp_area_scope *sc, const char *composite_id,
                                 const char *level, const char *indeling_year, const char *period,
                                 int *national, bp_error *err) BP_MUST_CHECK;

/* The series of every indicator of the scope for one area ([sc->n_defs], in a).
 * A scope from bp_area_scope_load asked for a second area of sc->areas
 * reads the series of all of them in one statement and answers from it
 * (a gemeente's pages: one read instead of one per area); safe from several
 * threads, each on its own connection. */
bp_rc bp_area_series_load(PGconn *conn, const bp_area_scope *sc, const char *code, int year, bp_arena *a,
                          bp_area_series **out, bp_error *err) BP_MUST_CHECK;

/* The statements of an area's page whose rows bp_area_rows_shared shares over the scope's areas. */
typedef enum bp_area_rows_kind {
	BP_AREA_ROWS_SIMILAR,      /* the similar areas (area_page.c) */
	BP_AREA_ROWS_COMPOSITES,   /* the composite ranks (area_page.c) */
	BP_AREA_ROWS_N
} bp_area_rows_kind;

/*
 * The rows of statement sql for the area ar of sc, read for every area of
 * its level at once: sql takes $1 their codes (text[]) and $2 their
 * indeling years (int[]), ends its columns with each row's area code and
 * indeling year, and orders the rows of one area and year together.  A
 * scope from bp_area_scope_load asked for a second area of a level reads
 * the whole level once per kind (a gemeente's pages: one statement instead
 * of one per area) and answers from it: *r that result, the area's rows
 * *first to *first + *n - 1.  *r NULL when it does not (the level's first
 * area, an area not in sc, a scope built by hand): the caller reads its own.
 * Safe from several threads, each on its own connection.
 */
bp_rc bp_area_rows_shared(PGconn *conn, const bp_area_scope *sc, bp_area_rows_kind kind, const char *sql,
                          const bp_area_ref *ar, const PGresult **r, int *first, int *n, bp_error *err) BP_MUST_CHECK;

/* Whether the area code may have published experiences (bp_experiences_for): a scope from
 * bp_area_scope_load reads once which of its areas have any; otherwise (a scope built by hand) *has is 1. */
bp_rc bp_area_has_experiences(PGconn *conn, const bp_area_scope *sc, const char *code, int *has,
                              bp_error *err) BP_MUST_CHECK;

/* Period i as a reader must see it: "2020", or "2020 (omgerekend van indeling
 * 2020)" when its value was not measured on the area's borders (in a). */
const char *bp_area_series_period_label(bp_arena *a, const bp_area_series *s, long i, bp_lang lang);

/* The note of period i in lang (NULL: measured on the area's borders). */
const char *bp_area_series_note(const bp_area_series *s, long i, bp_lang lang);
/* What s's shown values carry from another indeling, for a chart of them alone (a trend's subtitle):
 * "indeling 2020, zelfde code; grenzen niet gecontroleerd", "2 van 3 waarden: ..."; NULL: none.
 * Translated values are left out: the trend's open points and its note say those. */
const char *bp_area_series_notes(bp_arena *a, const bp_area_series *s, bp_lang lang);

/* The English of a note of bp.indicator_value_shown, made from its origin
 * ('translated', 'identical', 'same_code') and from_indeling_year ("converted
 * from the 2020 classification"); the catalogue's English of note_nl when
 * those say nothing.  In a. */
const char *bp_shown_note_en(bp_arena *a, const char *origin, int from_year, const char *note_nl);

/* For a trend chart of s: *open[i] 1 where the value was apportioned through
 * a crosswalk (drawn open), *label what that means ("omgerekend van indeling
 * 2020"); both NULL when no period was (open in a). */
void bp_area_series_open(bp_arena *a, const bp_area_series *s, const unsigned char **open, const char **label,
                         bp_lang lang);

/* Where s's interval is a translated value's span from the lowest to the
 * highest bound of the areas it came from (engine/interval_basis.h:
 * translated_span), not a 95% interval: 1 at those periods; NULL when at none
 * (in a). */
const unsigned char *bp_area_series_spans(bp_arena *a, const bp_area_series *s);

/* The last period of s with a published value, else the last period; -1 when s has none. */
long bp_area_series_latest(const bp_area_series *s);

/* The engine's polarity as a profile chart draws it. */
bp_profile_polarity bp_area_profile_polarity(bp_polarity p);

/*
 * A profile chart's bars for one theme: per indicator of the scope with
 * that theme, in order, its latest value (bp_area_series_latest) against
 * the gemeente's, or why it is missing; a figure from a synthetic survey is
 * labelled with bp_synthetic_suffix ("… – synthetisch"); where the figures shown are of more than one
 * period, every title ends in its own ("Bijstandsuitkeringen (2021)").  Returns their number (*items in a,
 * room for one more); *period is the first period shown, NULL when none is.
 */
size_t bp_area_theme_items(bp_arena *a, const bp_area_scope *sc, const bp_area_series *s, const char *theme,
                           bp_profile_item **items, const char **period, bp_lang lang);

/* A profile chart's subtitle: "Vergeleken met Oss, 2020 (RIVM)", and what must be
 * said of the values shown that were not measured on the area's borders
 * ("; indeling 2020, zelfde code; grenzen niet gecontroleerd", "; 2 van 5
 * waarden: omgerekend van indeling 2020"); periods from bp_cite_periods (in a). */
const char *bp_area_profile_subtitle(bp_arena *a, const bp_area_scope *sc, const bp_area_series *s,
                                     const char *theme, const char *periods, bp_lang lang);

/* Cite what bp_area_theme_items shows for theme: each indicator's source in
 * the period shown (its value's and the gemeente's). */
void bp_area_theme_cite(const bp_area_scope *sc, const bp_area_series *s, const char *theme, bp_cite *c);
/* For the title of a theme's chart: " – synthetisch" when every series of
 * the theme with a value is synthetic, " – deels synthetisch" when some
 * are, else "". */
const char *bp_area_theme_synthetic_suffix(const bp_area_scope *sc, const bp_area_series *s, const char *theme,
                                           bp_lang lang);

/* A numeric cell of a value query; NAN for NULL (a value not published). */
double bp_area_cell(const PGresult *r, int row, int col);
/* "Sociale veerkracht" from "sociale-veerkracht" (in a). */
const char *bp_theme_title(bp_arena *a, const char *theme);
/* The same in lang ("Social resilience"; the catalogue's English of the Dutch title). */
const char *bp_theme_title_lang(bp_arena *a, const char *theme, bp_lang lang);
/* Dutch number text (in a); NAN gives "–". */
const char *bp_fmt_nl(bp_arena *a, double v, int decimals);
/* The same in lang: "17.9" in English (in a). */
const char *bp_fmt_lang(bp_arena *a, bp_lang lang, double v, int decimals);
/* A difference with its sign: "+0,4", "−3,0" (U+2212), "0,0". */
const char *bp_fmt_diff_nl(bp_arena *a, double v, int decimals);
/* A value with its unit after a narrow no-break space, "5.087 inw./km²",
 * "14,5%" (core/numfmt.h: bp_numfmt_nl_unit); NAN gives "–" (in a). */
const char *bp_fmt_unit_nl(bp_arena *a, double v, int decimals, const char *unit);
/* The same in lang ("5,087 inh./km²" needs the unit already in lang). */
const char *bp_fmt_unit_lang(bp_arena *a, bp_lang lang, double v, int decimals, const char *unit);
/* Why a value is missing, in Dutch: the reason of period i, or "geen gegevens". */
const char *bp_area_series_reason(const bp_area_series *s, long i);
/* A definition's title in lang: title.en in English (its Dutch title when it has none). */
const char *bp_def_title(const bp_indicator_def *d, bp_lang lang);
/* Its description in lang: description.en in English; NULL in English when it
 * has none (the caller shows the Dutch one marked, or nothing), and in Dutch
 * when it has no description at all. */
const char *bp_def_description(const bp_indicator_def *d, bp_lang lang);
/* "wijk" -> "Wijk", "custom" -> "Zelf gedefinieerd gebied". */
const char *bp_level_nl(const char *level);

/* The wijken (level "wijk") or buurten ("buurt") of the gemeente with their
 * borders and the latest values of def, the area `highlight` (may be NULL)
 * outlined: a map ready to lay out (in a), *period the period shown.  Each
 * area is drawn on its own indeling's border, else on the newest border of
 * the same code (the subtitle then names the borders' year).  out->n_areas
 * is 0 when no border is loaded. */
bp_rc bp_area_map_load(PGconn *conn, const bp_area_scope *sc, const char *level, const bp_indicator_def *def,
                       const char *highlight,
                       bp_arena *a, bp_choropleth *out, const char **period, bp_error *err) BP_MUST_CHECK;
/* The same, with per area (as out->areas) why a value is missing, in
 * Dutch ("te weinig respondenten"), NULL where there is a value. */
bp_rc bp_area_map_load_reasons(PGconn *conn, const bp_area_scope *sc, const char *level,
                               const bp_indicator_def *def, const char *highlight, bp_arena *a,
                               bp_choropleth *out, const char **period, const char ***reasons, bp_error *err) BP_MUST_CHECK;
/* The same in lang: the chart's words, numbers and reasons in English for BP_LANG_EN.
 * The rows of a map (level, def) of a scope from bp_area_scope_load are
 * read once and shared by every page of the gemeente that draws it. */
bp_rc bp_area_map_load_lang(PGconn *conn, bp_lang lang, const bp_area_scope *sc, const char *level,
                               const bp_indicator_def *def, const char *highlight, bp_arena *a,
                               bp_choropleth *out, const char **period, const char ***reasons, bp_error *err) BP_MUST_CHECK;

/*
 * Values of another indeling on an area are read through the view
 * bp.indicator_value_shown (sql/027): the area's own values, else those a
 * crosswalk carried over (marked: origin 'translated' or 'identical', with
 * their note), else, only where no crosswalk exists for the two indelingen,
 * those of the same code in the newest older indeling (origin 'same_code',
 * noted "grenzen niet gecontroleerd").  Filter it on shown_year (the area's
 * indeling); its indeling_year is where the value's comparisons are.
 */

#endif
