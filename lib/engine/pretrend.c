/*
 * pretrend.c: see pretrend.h.  Two least-squares slopes and a ratio; no
 * Debian C library is worth a dependency for that.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "engine/balance.h"
#include "engine/pretrend.h"

double bp_ols_slope(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxy = 0, sxx = 0;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
	}
	return sxx > 0 ? sxy / sxx : 0;
}

int bp_related_trend_compute(size_t n_years, const int *years, const double *target,
                             const double *const *comp, size_t n_comp, double sd, double gap_years,
                             bp_related_trend *out)
{
	memset(out, 0, sizeof(*out));
	double *x = bp_xcalloc(n_years + 1, sizeof(double)), *yt = bp_xcalloc(n_years + 1, sizeof(double));
	double *yc = bp_xcalloc(n_years + 1, sizeof(double));
	size_t *at = bp_xcalloc(n_years + 1, sizeof(size_t));
	size_t m = 0;
	for (size_t i = 0; i < n_years; i++)
		if (isfinite(target[i])) {
			at[m] = i;
			x[m] = years[i];
			yt[m++] = target[i];
		}
	/* The comparison mean over the areas with a value in every used year (balanced, as the estimate). */
	for (size_t j = 0; j < n_comp; j++) {
		int ok = 1;
		for (size_t i = 0; i < m && ok; i++)
			ok = isfinite(comp[j][at[i]]);
		if (!ok)
			continue;
		for (size_t i = 0; i < m; i++)
			yc[i] += comp[j][at[i]];
		out->n_areas++;
	}
	int done = m >= 2 && out->n_areas > 0;
	if (done) {
		for (size_t i = 0; i < m; i++)
			yc[i] /= (double)out->n_areas;
		out->n_years = m;
		out->first_year = (int)x[0];
		out->last_year = (int)x[m - 1];
		out->slope_target = bp_ols_slope(x, yt, m);
		out->slope_comparison = bp_ols_slope(x, yc, m);
		out->diff = out->slope_target - out->slope_comparison;
		out->sd = sd;
		out->std_drift = sd > 0 ? out->diff * gap_years / sd : NAN;
		out->parallel = isfinite(out->std_drift) && fabs(out->std_drift) < BP_BALANCE_LIMIT;
	}
	free(x), free(yt), free(yc), free(at);
	return done;
}
