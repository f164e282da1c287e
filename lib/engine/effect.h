/*
 * effect.h: did an intervention move its indicator, compared with areas
 * where nothing was started?  Statistics in C, data from SQL
 * (bp.indicator_value).  The method and its limits are in ARCHITECTURE.md
 * ("Effects of interventions"); in short:
 *
 *   periods      the periods in which the target area has a value (year
 *                periods, '2012'); before = year < start year, after = the rest;
 *   comparison   areas of the target's level and indeling that are not a
 *                target of any intervention on the same theme and have a
 *                value in every one of those periods; the k nearest by the
 *                mean squared difference from the target over the periods
 *                before (level, and with two or more periods the trend too);
 *   estimate     difference-in-differences: (mean after - mean before) of
 *                the target minus the mean of the same over the comparisons;
 *                with covariates (opt->covariates: structure such as age,
 *                households, income), candidates need every one known and
 *                are ranked by the squared difference before divided by the
 *                pool's variance of the indicator before, plus the mean
 *                squared standardised difference in structure; the balance
 *                (standardised differences before and after matching) is
 *                returned with the estimate;
 *   placebo      the same estimate for each comparison area as if it were
 *                the target, against the other comparisons; the 5-95 %
 *                quantiles of these are the band of "no effect", and the
 *                rank says how many placebos are at least as large;
 *   analytic     with every value's ci known: a 90 % interval assuming
 *                independent normal errors;
 *   pre-trend    with >= 2 periods before: the OLS slope of the target minus
 *                that of the comparison mean, and whether it is parallel;
 *                with fewer, on the intervention's pretrend_series (a more
 *                detailed related indicator, pretrend.h) in the same
 *                indeling, over the same comparison areas;
 *   synthetic    with >= 3 periods before: weights >= 0 summing to 1 over
 *                the comparisons that best reproduce the target before;
 *   verdict      better / worse than comparable areas only when the estimate
 *                lies outside the placebo band (and outside the analytic
 *                interval's zero, when known) and the trends before were
 *                parallel; in the direction of the indicator's polarity, or
 *                for a neutral indicator the intervention's own direction.
 *
 * Everything returned lives in the caller's arena.
 */
#ifndef BP_ENGINE_EFFECT_H
#define BP_ENGINE_EFFECT_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "engine/balance.h"
#include "engine/indicator_def.h"
#include "engine/intervention.h"
#include "engine/pretrend.h"

typedef enum bp_verdict {
	BP_VERDICT_BETTER,
	BP_VERDICT_WORSE,
	BP_VERDICT_NO_DIFFERENCE,
	BP_VERDICT_TOO_FEW_PERIODS,
	BP_VERDICT_TOO_FEW_AREAS
} bp_verdict;

/* "better", ... as stored in bp.intervention_effect.verdict */
const char *bp_verdict_name(bp_verdict v);
/* "beter dan vergelijkbare gebieden", ...: what reports print */
const char *bp_verdict_text(bp_verdict v);

typedef struct bp_effect_options {
	int k;                  /* comparison areas at most (default 10) */
	int min_comparisons;    /* fewer: "te weinig vergelijkbare gebieden" (default 5) */
	double quantile;        /* placebo band: [q, 1 - q] (default 0.05) */
	double pretrend_share;  /* non-parallel when the drift exceeds this share of
	                         * max(|estimate|, half the placebo band) (default 0.5) */
	/* Matching on structure (balance.h): the covariates' names (indicator
	 * ids) whose values each series carries in x; 0 = on the indicator only. */
	size_t n_covariates;
	const char *const *covariates;
} bp_effect_options;

void bp_effect_options_default(bp_effect_options *o);

/* One area's values over the periods of an estimate (NAN: no value). */
typedef struct bp_effect_series {
	const char *code;
	const char *name;
	const char *gemeente;   /* may be NULL */
	const double *y;
	const double *se;       /* standard errors (NAN: unknown); may be NULL */
	const double *x;        /* opt->n_covariates structure values at the start (NAN: unknown); may be NULL */
	const char *gemeente_name; /* the gemeente's name, to tell areas of the same name apart; may be NULL */
} bp_effect_series;

typedef struct bp_effect_area {
	const char *code;
	const char *name;
	const char *gemeente_name; /* may be NULL */
	double distance;        /* mean squared difference from the target before the start */
	double structure;       /* with covariates: mean squared standardised difference (balance.h) */
	double delta;           /* mean after - mean before */
	double placebo;         /* its placebo estimate */
	double weight;          /* synthetic weight (0 without a synthetic comparison) */
} bp_effect_area;

typedef struct bp_effect_result {
	const char *area_code, *area_name;
	int indeling_year;              /* 0 when the area has no values */
	size_t n_periods;
	const char **periods;           /* labels, oldest first */
	const int *years;
	int n_pre, n_post;
	double *target;                 /* per period */
	double *comparison;             /* the comparison mean per period (NULL without comparisons) */

	size_t n_pool;                  /* eligible candidates (with covariates: those with every one known) */
	bp_effect_balance *balance;     /* per covariate, before and after matching (NULL without) */
	size_t n_balance;
	bp_effect_area *comparisons;    /* nearest first */
	size_t n_comparisons;

	int has_estimate;
	double estimate;                /* difference-in-differences */
	double *placebo_sorted;         /* n_comparisons values, ascending (when >= 2 comparisons) */
	int has_placebo;
	double placebo_low, placebo_high;
	int placebo_rank;               /* 1 + placebos with |p| >= |estimate|, of n_comparisons + 1 */
	int has_analytic;
	double analytic_low, analytic_high;
	int has_pretrend;
	double pretrend_diff;           /* slope(target) - slope(comparison mean), per year */
	double pretrend_drift;          /* pretrend_diff x (mean year after - mean year before) */
	int pretrend_parallel;
	int has_gemeente;
	double gemeente_estimate;       /* against the rest of the gemeente (same level) */
	size_t gemeente_n;
	int has_synthetic;
	double synthetic_estimate;      /* (target - synthetic): mean after - mean before */
	double synthetic_rmse;          /* fit before the start */

	/* With fewer than 2 periods before: the trends on the related series
	 * (the indicator's pretrend_series, pretrend.h), set by bp_effect_estimate*. */
	const char *related_id;         /* NULL: none named */
	int has_related;
	bp_related_trend related;
	const char *related_why;        /* named but not checked: why, in Dutch; else NULL */
	const char *related_why_en;     /* the same in English (written beside it: the reports in English) */

	bp_polarity polarity;
	bp_direction direction;
	bp_verdict verdict;
	const char *note;               /* why the verdict is what it is, in Dutch; may be NULL */
	const char *note_en;            /* the same in English; NULL when note is */
} bp_effect_result;

/*
 * The estimate from values in memory.  years[n_periods] are the periods'
 * years, ascending; target and pool[] carry n_periods values each.  The
 * caller has already left out areas that must not be compared (other
 * levels, targets of the theme).  Never fails on data: too few periods or
 * areas are verdicts.  BP_ERR_INTERNAL only for unsorted years.
 */
bp_rc bp_effect_compute(const bp_effect_options *opt, size_t n_periods, const char *const *periods,
                        const int *years, int start_year, const bp_effect_series *target,
                        const bp_effect_series *pool, size_t n_pool, bp_polarity polarity,
                        bp_direction direction, bp_arena *a, bp_effect_result *out, bp_error *err) BP_MUST_CHECK;

/*
 * The estimate for one intervention, one of its indicators (index into
 * iv->indicators) and one target area (index into iv->area_codes), from
 * bp.indicator_value.  all is the whole registry: targets of interventions
 * on the same theme are left out of the comparison.  The indeling is the
 * one in which the target has the most values (ties: the newest).  An
 * indicator that was not computed, or an area without values, gives the
 * verdict "too few periods" with a note, not an error.
 */
bp_rc bp_effect_estimate(PGconn *conn, const bp_intervention_set *all, const bp_intervention *iv,
                         size_t indicator, size_t area, const bp_effect_options *opt, bp_arena *a,
                         bp_effect_result *out, bp_error *err) BP_MUST_CHECK;

/*
 * The same with the indicator's values read once into cache and reused by
 * every later estimate of that indicator: for a run over many interventions
 * (one query per indicator instead of three per estimate).  The cache
 * reflects the database when an indicator was first asked for: free it
 * after a compute.
 */
typedef struct bp_effect_cache bp_effect_cache;
bp_effect_cache *bp_effect_cache_new(void);
void bp_effect_cache_free(bp_effect_cache *c);
bp_rc bp_effect_estimate_cached(PGconn *conn, bp_effect_cache *cache, const bp_intervention_set *all,
                                const bp_intervention *iv, size_t indicator, size_t area,
                                const bp_effect_options *opt, bp_arena *a, bp_effect_result *out, bp_error *err) BP_MUST_CHECK;

/*
 * Store the registry (bp_interventions_store) and every intervention x
 * indicator x target estimate of set, in one transaction, each indicator's
 * values read once.  *n counts the estimates.  A run does this before it
 * switches to the publishing role for its reports, which may not write.
 */
bp_rc bp_effects_store_all(PGconn *conn, const bp_intervention_set *set, const bp_effect_options *opt,
                           long *n, bp_error *err) BP_MUST_CHECK;

/* Replace the stored estimate (bp.intervention_effect, its balance and its check on the related
 * series, bp.intervention_effect_related) for the current version of iv_id. */
bp_rc bp_effect_store(PGconn *conn, const char *iv_id, const char *indicator_id,
                      const bp_effect_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * Weights w[j] >= 0, sum 1, minimising sum_t (y[t] - sum_j w[j] x[t*nj + j])^2
 * over nt rows: projected gradient descent onto the simplex.  Hand-written:
 * the problem has at most k (10) unknowns, and no Debian C library offers a
 * small simplex-constrained least squares without pulling in a general QP
 * or optimisation framework.  Returns the residual sum of squares.
 */
double bp_synthetic_weights(const double *x, const double *y, size_t nt, size_t nj, double *w);

#endif
