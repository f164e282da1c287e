/*
 * balance.c: see balance.h.  A few sums; GLib and the C library have no
 * standardised difference, and GSL would be a new dependency for four lines.
 */
#include <math.h>

#include "engine/balance.h"

void bp_balance_sd(size_t n_cov, const double *const *x, size_t n_pool, double *sd)
{
	for (size_t j = 0; j < n_cov; j++) {
		if (n_pool < 2) {
			sd[j] = NAN;
			continue;
		}
		double m = 0, ss = 0;
		for (size_t i = 0; i < n_pool; i++)
			m += x[i][j];
		m /= (double)n_pool;
		for (size_t i = 0; i < n_pool; i++)
			ss += (x[i][j] - m) * (x[i][j] - m);
		sd[j] = sqrt(ss / (double)(n_pool - 1));
	}
}

double bp_balance_distance(size_t n_cov, const double *tx, const double *cx, const double *sd)
{
	double d = 0;
	for (size_t j = 0; j < n_cov; j++) {
		if (!(sd[j] > 0))
			continue;
		double z = (cx[j] - tx[j]) / sd[j];
		d += z * z;
	}
	return n_cov ? d / (double)n_cov : 0;
}

static double std_diff(double target, double mean, double sd)
{
	return sd > 0 ? (target - mean) / sd : NAN;
}

void bp_balance_table(size_t n_cov, const char *const *names, const double *tx, const double *const *x,
                      size_t n_pool, const double *sd, const size_t *matched, size_t n_matched,
                      bp_effect_balance *out)
{
	for (size_t j = 0; j < n_cov; j++) {
		bp_effect_balance *b = &out[j];
		double pm = 0, mm = 0;
		for (size_t i = 0; i < n_pool; i++)
			pm += x[i][j];
		for (size_t i = 0; i < n_matched; i++)
			mm += x[matched[i]][j];
		b->name = names[j];
		b->year = 0;
		b->target = tx[j];
		b->pool_mean = n_pool ? pm / (double)n_pool : NAN;
		b->matched_mean = n_matched ? mm / (double)n_matched : NAN;
		b->sd = sd[j];
		b->std_before = std_diff(b->target, b->pool_mean, b->sd);
		b->std_after = std_diff(b->target, b->matched_mean, b->sd);
	}
}

int bp_balance_ok(const bp_effect_balance *b, size_t n)
{
	int known = 0;
	for (size_t j = 0; j < n; j++) {
		if (!isfinite(b[j].std_after))
			continue;
		known = 1;
		if (!(fabs(b[j].std_after) < BP_BALANCE_LIMIT))
			return 0;
	}
	return known;
}
