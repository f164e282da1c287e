/*
 * composite.h: composite indices (OECD/JRC Handbook on Constructing
 * Composite Indicators), one per *.yaml file in indicators/composites/:
 *
 *     id: sociale_veerkracht
 *     title: {nl: Index sociale veerkracht, en: Social resilience index}
 *     theme: sociale-veerkracht
 *     polarity: higher-is-better        # the index's own direction
 *     normalisation: z-score            # z-score | min-max | percentile | index
 *     index: {reference: NL00, base_period: "2016"}   # normalisation: index only
 *     aggregation: arithmetic           # arithmetic | exponential (IoD)
 *     min_coverage: 0.75                # share of components with a value
 *     components:
 *       - {indicator: eenzaamheid, weight: 2}
 *       - {indicator: mantelzorg, polarity: higher-is-better}   # neutral needs one
 *     uncertainty: {draws: 200, seed: 1}
 *     decimals: 1
 *     source: ...
 *
 * Computed in PostgreSQL after the indicators (set-based, every area,
 * level and period at once) into bp.indicator_value (kind 'composite') and
 * bp.composite_rank (sql/009): the value and rank under the configured
 * weights, equal weights and each component left out, and, where
 * components carry 95% intervals, a seeded simulation giving the value and
 * the rank an interval.  Definitions of every step: composite.c.
 */
#ifndef BP_ENGINE_COMPOSITE_H
#define BP_ENGINE_COMPOSITE_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "db/bulkindex.h"
#include "engine/indicator_def.h"

typedef enum bp_normalisation {
	BP_NORM_ZSCORE,     /* (x - mean) / population sd among areas of the level */
	BP_NORM_MINMAX,     /* 100 (x - min) / (max - min) */
	BP_NORM_PERCENTILE, /* 100 x percent rank */
	BP_NORM_INDEX       /* 100 x / reference value in the base period (Rotterdam Wijkprofiel) */
} bp_normalisation;

typedef enum bp_aggregation {
	BP_AGG_ARITHMETIC,  /* weighted mean of the normalised scores */
	BP_AGG_EXPONENTIAL  /* English IoD: exponential transformation of need ranks, then weighted mean */
} bp_aggregation;

typedef struct bp_composite_component {
	const char *indicator;     /* an indicator id of indicators/ */
	double weight;             /* >= 0; default 1 */
	bp_polarity polarity;      /* as used: the indicator's own unless overridden; never neutral */
	int polarity_set;          /* written in the component */
	bp_srcloc loc;
} bp_composite_component;

typedef struct bp_composite_def {
	const char *id;
	const char *title_nl, *title_en, *description, *description_en;   /* description: Dutch */
	const char *theme, *unit, *source;
	int decimals;
	bp_polarity polarity;      /* higher-is-better or higher-is-worse */
	bp_normalisation normalisation;
	bp_aggregation aggregation;
	const char *index_reference;   /* normalisation index: area code (default NL00) */
	const char *index_base_period; /* NULL: the same period as the value */
	double min_coverage;           /* default 0.75 */
	long draws;                    /* simulation draws; default 200, 0 = none */
	long seed;                     /* default 1 */
	bp_composite_component *components;
	size_t n_components;
	bp_srcloc loc, id_loc;
	char hash[65];
} bp_composite_def;

typedef struct bp_composite_set {
	bp_composite_def *items;   /* sorted by id */
	size_t n;
	/* Set by pipeline.c when the run's indicators emptied bp.indicator_value
	 * of every composite's values (bp_indicator_batch_composites_emptied):
	 * each composite's DELETE of its old values, a scan of every value
	 * without the dropped indexes (all of Nederland: ~0.03 s of CPU each),
	 * is left out.  0 everywhere else. */
	int values_emptied;
} bp_composite_set;

/* Syntax and field errors at FILE:LINE:COL.  A missing folder gives an empty set. */
bp_rc bp_composites_load_dir(const char *dir, bp_arena *a, bp_composite_set *out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_composite_load_file(const char *path, bp_arena *a, bp_composite_def *out, bp_error *err) BP_MUST_CHECK;

/*
 * Check each component against the indicator definitions: an unknown id,
 * an id that is also a composite, or a neutral indicator without a
 * polarity in the component is BP_ERR_CONFIG at the component.  Fills in
 * the polarity of components that did not set one.
 */
bp_rc bp_composites_resolve(bp_composite_set *set, const bp_indicator_set *indicators,
                            bp_error *err) BP_MUST_CHECK;

#define BP_COMPOSITE_MAX_NOTES 16

typedef struct bp_composite_result {
	long computed;      /* composites written */
	long values;        /* composite values written (all periods and levels) */
	long ranks;         /* composite_rank rows (all schemes) */
	long simulated;     /* composites with a simulation (some component had intervals) */
	long skipped;       /* composites without any component value */
	long unchanged;     /* definition and components as when last computed: not rewritten */
	const char *skipped_ids[BP_COMPOSITE_MAX_NOTES];
	int n_skipped_ids;
} bp_composite_result;

/*
 * Compute every composite from the stored component values (run after
 * bp_compute_indicators), each in its own transaction: replaces its
 * bp.indicator row (kind 'composite'), values, components and ranks.
 * Without force, a composite whose definition hash and components
 * (definition, inputs and computed_at of each) are as when it was last
 * computed is left as it is (res->unchanged).
 */
bp_rc bp_compute_composites(PGconn *conn, const bp_composite_set *set, int force,
                            bp_composite_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The parts of bp_compute_composites, for pipeline.c.  With force and a
 * non-empty set it is: bp_composite_ranks_prepare_rewrite (empties
 * bp.composite_score, drops its key and index), bp_compute_composite_values,
 * then bp_composite_scores_index (their key and indexes, and their ANALYZE).
 */
extern const bp_bulk_table bp_composite_score_indexes;
bp_rc bp_composite_scores_index(PGconn *conn, bp_error *err) BP_MUST_CHECK;
bp_rc bp_composite_ranks_prepare_rewrite(PGconn *conn, bp_error *err) BP_MUST_CHECK;
bp_rc bp_compute_composite_values(PGconn *conn, const bp_composite_set *set, int force,
                                  bp_composite_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The rank-stability figures for the areas of one level in a gemeente, as
 * text (latest period): per composite, the median and maximum absolute rank
 * shift and rank correlation of each alternative weighting (over every
 * ranked area of the level), then per area its value, rank, range of ranks
 * over the weightings and simulated 95% rank interval.
 */
struct bp_buf;
bp_rc bp_composites_report(PGconn *conn, const char *gemeente, const char *level, struct bp_buf *out,
                           bp_error *err) BP_MUST_CHECK;

const char *bp_normalisation_name(bp_normalisation n);
const char *bp_aggregation_name(bp_aggregation a);

#endif
