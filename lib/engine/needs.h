/*
 * needs.h: the needs overview of one gemeente (issue 5, item 7).
 *
 * Per area of a level (default wijk), the indicators markedly worse than
 * their reference, grouped by theme, themes ranked by how many indicators
 * are flagged.  Read from bp.indicator_comparison (run bp_compare_indicators
 * after compute).  An indicator is markedly worse when, in its need
 * direction (polarity; neutral indicators never are):
 *   - its percentile of need (among the areas of its level, indeling and period:
 *     all of Nederland where the data cover it, else the monitor's) is >= percentile (default 0.9, the
 *     worst decile), or
 *   - without an interval: it is worse than the gemeente's own value by more
 *     than `relative` of that value (default 0.10: 10 % relative; a
 *     reference of 0 gives no relative difference, so no flag);
 *     with a 95% interval (ci_low, ci_high): it is worse than the gemeente's
 *     value beyond chance ("significantly worse"), by the test of
 *     engine/reference_test.h that the area pages' verdict uses too: where
 *     the gemeente's value has no interval, the whole interval lies on the
 *     worse side of it; where it is a survey estimate with an interval of its
 *     own (gemeente_ci_low/high), the difference exceeds 1.96 standard errors
 *     of the difference, from both intervals and the area's share of the
 *     gemeente's estimate (0 where not known: the conservative test).
 * The reference is the gemeente's value, never an average of its areas.
 * Indicators whose definition says `role: context` (distances to
 * facilities, density) are never flagged: they are returned apart, as the
 * context of each area (bp_needs_result.context).
 *
 * Every figure of an item is that of the item's own indicator, area,
 * indeling and period (each indicator at its own latest period): its
 * interval, its change since the previous period with a row and the
 * gemeente's value it was compared with.
 */
#ifndef BP_ENGINE_NEEDS_H
#define BP_ENGINE_NEEDS_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"

#define BP_NEEDS_DEFAULT_RELATIVE 0.10
#define BP_NEEDS_DEFAULT_PERCENTILE 0.9

typedef struct bp_needs_options {
	const char *gemeente;   /* GM0828 */
	const char *level;      /* wijk (NULL), buurt, custom or gemeente */
	const char *period;     /* NULL: each indicator at its latest period with values in the gemeente */
	double relative;        /* 0: BP_NEEDS_DEFAULT_RELATIVE */
	double percentile;      /* 0: BP_NEEDS_DEFAULT_PERCENTILE */
} bp_needs_options;

/*
 * Why a value has or lacks a 95% interval, from its indicator's kind and
 * source (bp_needs_uncertainty_of): a survey value always has one; a model
 * estimate (RIVM's Gezondheidsmonitor, CBS 50090NED: small-area estimates)
 * has margins that were not loaded unless they are present; a figure
 * computed from registers (CBS counts) has no sampling interval at all.
 */
typedef enum bp_needs_uncertainty {
	BP_NEEDS_REGISTRATION,   /* a ratio of CBS counts, a CBS published figure */
	BP_NEEDS_MODEL_ESTIMATE, /* published_share from RIVM / 50090NED */
	BP_NEEDS_SURVEY,         /* survey_proportion, survey_mean */
	BP_NEEDS_INDEX           /* a composite index */
} bp_needs_uncertainty;

/* The kind of uncertainty of an indicator of kind (bp.indicator.kind) and source text. */
bp_needs_uncertainty bp_needs_uncertainty_of(const char *kind, const char *source);
/* A source text that names RIVM or 50090NED: its figures are RIVM's model
 * estimates (or, for a composite, built from them: "...; bewerking buurtpeil"). */
int bp_needs_source_is_model(const char *source);
/* An indicator of kind and source is a composite index built from RIVM's model estimates. */
int bp_needs_index_of_model(const char *kind, const char *source);
/* Its figures rest on RIVM's model estimates: one of them, or a composite index built from them (the
 * API's model_estimate; the pages' "modelschatting" and "uit modelschattingen"). */
int bp_needs_model_based(const char *kind, const char *source);
/* "registration", "model_estimate", "survey", "index" (the CSV's uncertainty column). */
const char *bp_needs_uncertainty_name(bp_needs_uncertainty u);

/* One flagged indicator of an area, or an area without any (indicator_id NULL);
 * in bp_needs_result.context, one context figure of an area. */
typedef struct bp_need_item {
	const char *area_code, *area_name;
	int area_needs;            /* flagged indicators of the area */
	const char *theme;         /* NULL when the area has none */
	int theme_rank;            /* 1 = the area's theme with the most flags */
	int theme_needs;           /* flagged indicators in that theme */
	const char *indicator_id, *title, *unit;
	const char *period;        /* the value's period (indicators differ when no period was asked) */
	int decimals;
	double value;
	double gemeente_value;     /* NAN when unknown */
	double gemeente_ci_low, gemeente_ci_high; /* the gemeente's own 95% interval (a survey estimate of it); NAN: none.
	                            * by_gemeente's test counts it (engine/reference_test.h) */
	int gemeente_differs;      /* the value differs from the gemeente's beyond chance (reference_test.h), in
	                            * either direction: 1, 0, -1 not tested (no interval of the value's) */
	int gemeente_share_known;  /* the test knew the area's share of the gemeente's estimate; 0: it took the
	                            * estimates as independent (the conservative test; the pages say so) */
	double relative_worse;     /* (value - gemeente) / |gemeente| in the need direction; NAN when unknown */
	double percentile;         /* percentile of need among the areas of its distribution; NAN when not ranked
	                            * (fewer than BP_COMPARE_MIN_DECILE_AREAS with a value, engine/compare.h) */
	long percentile_n;         /* how many areas of the distribution have a value (-1: unknown) */
	int percentile_national;   /* the distribution covers every gemeente of Nederland (bp.distribution_scope):
	                            * only then may a page call the percentile national */
	int by_percentile;         /* flagged by the percentile */
	int by_gemeente;           /* flagged against the gemeente */
	int with_interval;         /* by_gemeente decided by the 95% interval */
	/* Of the item's own indicator, area, indeling and period: */
	double ci_low, ci_high;    /* the value's 95% interval; NAN when it has none */
	bp_needs_uncertainty uncertainty;
	const char *previous_period; /* the previous period with a row; NULL when none */
	double previous_value;     /* NAN when none or not published */
	double change;             /* value - previous value; NAN when unknown */
	int change_significant;    /* |z| > 1.96 (bp.indicator_comparison.significant): 1, 0, -1 unknown */
	const char *reference_code, *reference_name; /* the gemeente compared with */
	const char *reference_period; /* the gemeente value's period (the item's) */
	const char *source;        /* bp.indicator.source_text; NULL when unknown */
	/* The value was not measured on the area's borders (bp.indicator_value_shown):
	 * "omgerekend van indeling 2020", "indeling 2020, zelfde code; grenzen niet
	 * gecontroleerd"; NULL when it was.  Every output shows it beside the value. */
	const char *note;
	/* What the note is made of, for a note in another language than SQL's
	 * Dutch (report/areadata.h bp_shown_note_en): the view's origin
	 * ('native', 'translated', 'identical', 'same_code') and the indeling the
	 * value came from (0: none). */
	const char *origin;
	int from_indeling_year;
	/* The indicator's English title (bp.indicator.title_en; NULL or "" when it has none): a
	 * composite index is not among the indicator set's definitions a page looks titles up in. */
	const char *title_en;
	/* For the value's interval_basis (engine/interval_basis.h): the indicator's
	 * kind, a custom area's aggregate (indicator_value.estimate), a published
	 * result with respondents (n_unweighted set), a survey-results table's
	 * figure (indicator_value.survey_result, sql/034). */
	const char *kind;
	int estimate, respondents, survey_result;
	/* The value is synthetic (indicator_value_shown.synthetic: a native or a
	 * carried-over value's own, a composite's from its components): the needs
	 * overview's rows and the API's /needs items are labelled from it. */
	int synthetic;
} bp_need_item;

/* A source and a period of the values read, for the overview's header. */
typedef struct bp_needs_period {
	const char *source;        /* bp.indicator.source_text ("" when unknown) */
	const char *period;
	int n_indicators;          /* indicators read at that period from that source */
} bp_needs_period;

typedef struct bp_needs_result {
	const char *gemeente_name; /* NULL when the gemeente is unknown */
	const char *period;        /* the period asked, else the latest of any indicator; NULL when there are no values */
	const char *level;
	double relative, percentile;
	bp_need_item *items;       /* areas by flags (most first), then code; within an area by theme rank */
	size_t n;
	size_t n_areas;
	bp_need_item *context;     /* context figures (role: context), by area code, theme, indicator; never flags */
	size_t n_context;
	bp_needs_period *periods;  /* the periods read, by period then source: the needs and context indicators */
	size_t n_periods;
} bp_needs_result;

/* The overview; everything lives in a.  An unknown gemeente is BP_ERR_NOT_FOUND. */
bp_rc bp_needs_query(PGconn *conn, const bp_needs_options *opt, bp_arena *a,
                     bp_needs_result *out, bp_error *err) BP_MUST_CHECK;

/* One line per area: "WK082801 Schadewijk: 2 | theme (n): id value (gemeente g, +r %; pct p); ..." */
void bp_needs_format_text(const bp_needs_result *r, bp_buf *out);
/* CSV with a header, one row per area and flagged indicator (an area without any: one row, empty indicator),
 * each with its interval, previous period, change and significance and the reference compared with. */
void bp_needs_format_csv(const bp_needs_result *r, bp_buf *out);

#endif
