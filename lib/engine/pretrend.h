/*
 * pretrend.h: are the trends before an intervention's start alike, checked
 * on a related, more detailed series (an intervention's pretrend_series:
 * e.g. yearly KWB figures) when the indicator itself has fewer than two
 * periods before the start (RIVM publishes every four years)?
 *
 * The related series is in another unit than the indicator, so its slope
 * difference is put on a common scale: the difference per year (OLS slope
 * of the target minus that of the comparison areas' mean) times the years
 * between the estimate's mean periods after and before (the drift a trend
 * that went on would add to the estimate), divided by the series' standard
 * deviation over the areas of the target's level and indeling.  Comparable
 * when that standardised drift is below BP_BALANCE_LIMIT in absolute value:
 * the rule of the structural balance (balance.h), so that "alike" means one
 * thing in the effect report.
 */
#ifndef BP_ENGINE_PRETREND_H
#define BP_ENGINE_PRETREND_H

#include <stddef.h>

typedef struct bp_related_trend {
	size_t n_years;             /* years used (the target's, before the start) */
	int first_year, last_year;
	size_t n_areas;             /* comparison areas with a value in every one of them */
	double slope_target, slope_comparison;
	double diff;                /* slope_target - slope_comparison, per year */
	double sd;                  /* of the series over the areas (NAN: unknown) */
	double std_drift;           /* diff x gap_years / sd (NAN when sd is 0 or unknown) */
	int parallel;               /* |std_drift| < BP_BALANCE_LIMIT */
} bp_related_trend;

/* OLS slope of y over x (n >= 2; 0 when every x is equal). */
double bp_ols_slope(const double *x, const double *y, size_t n);

/*
 * The check from values in memory: years[n_years] ascending, the target's
 * values there (NAN: none; such years are left out), comp[n_comp][n_years]
 * the comparison areas' (an area lacking a used year is left out), sd and
 * gap_years as above.  Returns 1 with out filled, 0 when fewer than two
 * years or no comparison area remain.
 */
int bp_related_trend_compute(size_t n_years, const int *years, const double *target,
                             const double *const *comp, size_t n_comp, double sd, double gap_years,
                             bp_related_trend *out);

#endif
