/*
 * balance.h: matching an effect estimate's comparison areas on structure
 * (age structure, households, income, density: the indicators an
 * intervention names) and the balance that matching achieves.
 *
 * With one target area there is no treated group's spread, so a covariate
 * is standardised by its standard deviation over the candidate pool
 * (sample SD, n - 1): z = (candidate - target) / sd.  The standardised
 * difference of the target from a group is (target - group mean) / sd,
 * before matching over the whole pool, after it over the chosen areas; a
 * common rule (Rubin 2001; Stuart 2010) calls |d| < 0.25 balanced: beyond a
 * quarter of a standard deviation a linear adjustment no longer removes
 * the bias reliably, and with one target area there is no variance ratio
 * to check besides.
 */
#ifndef BP_ENGINE_BALANCE_H
#define BP_ENGINE_BALANCE_H

#include <stddef.h>

#include "core/arena.h"

/* |standardised difference| below this is balanced (see above). */
#define BP_BALANCE_LIMIT 0.25

typedef struct bp_effect_balance {
	const char *name;              /* the covariate (indicator id) */
	double target;
	double pool_mean, matched_mean;
	double sd;                     /* over the pool; NAN with fewer than 2 areas */
	double std_before, std_after;  /* (target - mean) / sd; NAN when sd is 0 or NAN */
	int year;                      /* the target's value is of this year (0: not known here) */
} bp_effect_balance;

/*
 * sd[j] for each of n_cov covariates over the n_pool rows of x (x[i] has
 * n_cov values, all finite: the caller leaves out areas with a gap).
 */
void bp_balance_sd(size_t n_cov, const double *const *x, size_t n_pool, double *sd);

/* The structural distance of one candidate: the mean over the covariates
 * of ((cx - tx) / sd)²; a covariate with sd 0 or NAN adds nothing. */
double bp_balance_distance(size_t n_cov, const double *tx, const double *cx, const double *sd);

/*
 * The balance table: out[n_cov] filled from the target's values tx, the
 * pool's x[n_pool] and sd, and the matched rows (indices into x).
 */
void bp_balance_table(size_t n_cov, const char *const *names, const double *tx, const double *const *x,
                      size_t n_pool, const double *sd, const size_t *matched, size_t n_matched,
                      bp_effect_balance *out);

/* 1 when every covariate with a known standardised difference after matching
 * lies within BP_BALANCE_LIMIT, and at least one is known. */
int bp_balance_ok(const bp_effect_balance *b, size_t n);

#endif
