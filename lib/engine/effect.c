#include "engine/effect.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/buf.h"
#include "db/pgutil.h"

/* In the order of bp_verdict. */
static const char *const verdict_names[] = {
	"better", "worse", "no_difference", "too_few_periods", "too_few_areas"
};
static const char *const verdict_texts[] = {
	"beter dan vergelijkbare gebieden",
	"slechter dan vergelijkbare gebieden",
	"geen verschil aantoonbaar",
	"te weinig perioden om iets te zeggen",
	"te weinig vergelijkbare gebieden",
};

const char *bp_verdict_name(bp_verdict v)
{
	return verdict_names[v];
}

const char *bp_verdict_text(bp_verdict v)
{
	return verdict_texts[v];
}

void bp_effect_options_default(bp_effect_options *o)
{
	/* Every field set: a caller's options on the stack must not carry garbage
	 * (n_covariates read past a target's structure values under ASan). */
	*o = (bp_effect_options){ .k = 10, .min_comparisons = 5, .quantile = 0.05, .pretrend_share = 0.5 };
}

/* ---- small statistics ------------------------------------------------------ */

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* Quantile of sorted[n] by linear interpolation between order statistics
 * (Hyndman and Fan's type 7, R's default), so that hand calculations and R agree. */
static double quantile_sorted(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

/* Euclidean projection onto the simplex {w >= 0, sum w = 1} (Duchi et al. 2008). */
static void project_simplex(double *w, size_t n, double *scratch)
{
	memcpy(scratch, w, n * sizeof(*w));
	qsort(scratch, n, sizeof(*scratch), cmp_double);   /* ascending: walk from the end */
	double sum = 0, theta = 0;
	for (size_t j = 1; j <= n; j++) {
		double u = scratch[n - j];
		sum += u;
		double t = (sum - 1) / (double)j;
		if (u - t > 0)
			theta = t;
	}
	for (size_t i = 0; i < n; i++)
		w[i] = w[i] > theta ? w[i] - theta : 0;
}

double bp_synthetic_weights(const double *x, const double *y, size_t nt, size_t nj, double *w)
{
	double *xc = bp_xcalloc(nt * nj, sizeof(double)), *yc = bp_xcalloc(nt, sizeof(double));
	double *g = bp_xcalloc(nj, sizeof(double)), *v = bp_xcalloc(nj, sizeof(double));
	double *z = bp_xcalloc(nj, sizeof(double)), *prev = bp_xcalloc(nj, sizeof(double));
	double *scratch = bp_xcalloc(nj, sizeof(double)), *r = bp_xcalloc(nt, sizeof(double));

	/* Subtracting one constant from y and every column leaves the objective
	 * unchanged (the weights sum to 1) and keeps the numbers small. */
	double c = 0;
	for (size_t t = 0; t < nt; t++)
		c += y[t];
	c /= (double)(nt ? nt : 1);
	for (size_t t = 0; t < nt; t++) {
		yc[t] = y[t] - c;
		for (size_t j = 0; j < nj; j++)
			xc[t * nj + j] = x[t * nj + j] - c;
	}
	/* Step 1/L with L = 2 lambda_max(X'X), by power iteration (a few dozen
	 * steps suffice for an upper estimate; 1 % margin for safety). */
	for (size_t j = 0; j < nj; j++)
		v[j] = 1;
	double lambda = 0;
	for (int it = 0; it < 100; it++) {
		for (size_t t = 0; t < nt; t++) {
			r[t] = 0;
			for (size_t j = 0; j < nj; j++)
				r[t] += xc[t * nj + j] * v[j];
		}
		double norm = 0;
		for (size_t j = 0; j < nj; j++) {
			g[j] = 0;
			for (size_t t = 0; t < nt; t++)
				g[j] += xc[t * nj + j] * r[t];
			norm += g[j] * g[j];
		}
		norm = sqrt(norm);
		if (norm == 0)
			break;
		lambda = norm;
		for (size_t j = 0; j < nj; j++)
			v[j] = g[j] / norm;
	}
	double step = lambda > 0 ? 1.0 / (2.02 * lambda) : 0;

	/* Accelerated projected gradient (FISTA): from equal weights. */
	for (size_t j = 0; j < nj; j++)
		w[j] = z[j] = 1.0 / (double)nj;
	double tk = 1;
	for (int it = 0; it < 50000 && step > 0; it++) {
		for (size_t t = 0; t < nt; t++) {
			r[t] = yc[t];
			for (size_t j = 0; j < nj; j++)
				r[t] -= xc[t * nj + j] * z[j];
		}
		memcpy(prev, w, nj * sizeof(*w));
		for (size_t j = 0; j < nj; j++) {
			g[j] = 0;
			for (size_t t = 0; t < nt; t++)
				g[j] -= 2 * xc[t * nj + j] * r[t];
			w[j] = z[j] - step * g[j];
		}
		project_simplex(w, nj, scratch);
		double tn = (1 + sqrt(1 + 4 * tk * tk)) / 2, change = 0;
		for (size_t j = 0; j < nj; j++) {
			z[j] = w[j] + (tk - 1) / tn * (w[j] - prev[j]);
			change = fmax(change, fabs(w[j] - prev[j]));
		}
		tk = tn;
		if (change < 1e-14)
			break;
	}
	double rss = 0;
	for (size_t t = 0; t < nt; t++) {
		double e = yc[t];
		for (size_t j = 0; j < nj; j++)
			e -= xc[t * nj + j] * w[j];
		rss += e * e;
	}
	free(xc), free(yc), free(g), free(v), free(z), free(prev), free(scratch), free(r);
	return rss;
}

/* ---- the estimate from values in memory -------------------------------------- */

typedef struct cand {
	const bp_effect_series *s;
	double distance, delta;
	double structure;       /* with covariates */
	double rank;            /* what the nearest are chosen by */
} cand;

static int cmp_cand(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->s->code, b->s->code);   /* ties: by code, so the choice is reproducible */
}

/* mean after - mean before over the used periods. */
static double delta_of(const double *y, const size_t *used, size_t n_used, const int *pre)
{
	double sb = 0, sa = 0;
	int nb = 0, na = 0;
	for (size_t i = 0; i < n_used; i++) {
		if (pre[i]) {
			sb += y[used[i]];
			nb++;
		} else {
			sa += y[used[i]];
			na++;
		}
	}
	return sa / na - sb / nb;
}

static void decide(const bp_effect_options *opt, bp_effect_result *r)
{
	if (r->n_pre < 1 || r->n_post < 1) {
		r->verdict = BP_VERDICT_TOO_FEW_PERIODS;
		r->note = r->n_periods == 0 ? "geen waarden voor dit gebied"
		          : r->n_pre < 1 ? "geen periode vóór de start" : "geen periode na de start";
		r->note_en = r->n_periods == 0 ? "no values for this area"
		             : r->n_pre < 1 ? "no period before the start" : "no period after the start";
		return;
	}
	if (r->n_comparisons < (size_t)opt->min_comparisons || !r->has_placebo) {
		r->verdict = BP_VERDICT_TOO_FEW_AREAS;
		return;
	}
	int outside = r->estimate < r->placebo_low || r->estimate > r->placebo_high;
	if (r->has_analytic && r->analytic_low <= 0 && r->analytic_high >= 0)
		outside = 0;   /* the values' own uncertainty covers zero: no claim */
	if (!outside) {
		r->verdict = BP_VERDICT_NO_DIFFERENCE;
		return;
	}
	if (r->has_pretrend && !r->pretrend_parallel) {
		r->verdict = BP_VERDICT_NO_DIFFERENCE;
		r->note = "de trends vóór de start liepen niet gelijk op";
		r->note_en = "the trends before the start did not run in parallel";
		return;
	}
	int good_sign = r->polarity == BP_POLARITY_HIGHER_IS_BETTER ? 1
	              : r->polarity == BP_POLARITY_HIGHER_IS_WORSE ? -1
	              : r->direction == BP_DIRECTION_UP ? 1 : -1;
	r->verdict = r->estimate * good_sign > 0 ? BP_VERDICT_BETTER : BP_VERDICT_WORSE;
	if (r->polarity == BP_POLARITY_NEUTRAL) {
		r->note = "neutrale indicator: beter betekent in de beoogde richting";
		r->note_en = "neutral indicator: better means in the intended direction";
	} else if (!r->has_pretrend) {
		r->note = "met één periode vóór de start zijn gelijke trends niet te toetsen";
		r->note_en = "with one period before the start, parallel trends cannot be tested";
	}
}

bp_rc bp_effect_compute(const bp_effect_options *opt, size_t n_periods, const char *const *periods,
                        const int *years, int start_year, const bp_effect_series *target,
                        const bp_effect_series *pool, size_t n_pool, bp_polarity polarity,
                        bp_direction direction, bp_arena *a, bp_effect_result *out, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	out->area_code = target->code;
	out->area_name = target->name;
	out->polarity = polarity;
	out->direction = direction;
	for (size_t i = 1; i < n_periods; i++)
		if (years[i] < years[i - 1])
			return bp_fail(err, BP_ERR_INTERNAL, "effect periods are not in order");

	/* The periods of the estimate: those in which the target has a value. */
	size_t *used = bp_arena_alloc(a, (n_periods + 1) * sizeof(*used));
	int *pre = bp_arena_alloc(a, (n_periods + 1) * sizeof(*pre));
	size_t n_used = 0;
	for (size_t i = 0; i < n_periods; i++) {
		if (!isfinite(target->y[i]))
			continue;
		pre[n_used] = years[i] < start_year;
		used[n_used++] = i;
		if (years[i] < start_year)
			out->n_pre++;
		else
			out->n_post++;
	}
	out->n_periods = n_used;
	out->periods = bp_arena_alloc(a, (n_used + 1) * sizeof(*out->periods));
	int *uyears = bp_arena_alloc(a, (n_used + 1) * sizeof(*uyears));
	out->years = uyears;
	out->target = bp_arena_alloc(a, (n_used + 1) * sizeof(double));
	for (size_t i = 0; i < n_used; i++) {
		out->periods[i] = periods[used[i]];
		uyears[i] = years[used[i]];
		out->target[i] = target->y[used[i]];
	}
	if (out->n_pre < 1 || out->n_post < 1)
		goto verdict;

	/* Matching on structure: only when the target's every covariate is known. */
	size_t n_cov = opt->n_covariates;
	for (size_t c = 0; c < n_cov && target->x; c++)
		if (!isfinite(target->x[c]))
			n_cov = 0;
	if (!target->x)
		n_cov = 0;

	/* Candidates: a value in every used period (a balanced comparison). */
	cand *cands = bp_arena_alloc(a, (n_pool + 1) * sizeof(*cands));
	size_t n_cand = 0, gem_n = 0;
	double gem_sum = 0;
	double delta_t = delta_of(target->y, used, n_used, pre);
	for (size_t j = 0; j < n_pool; j++) {
		int ok = 1;
		for (size_t i = 0; i < n_used && ok; i++)
			ok = isfinite(pool[j].y[used[i]]);
		for (size_t c = 0; c < n_cov && ok; c++)
			ok = pool[j].x && isfinite(pool[j].x[c]);
		if (!ok)
			continue;
		double d = 0;
		for (size_t i = 0; i < n_used; i++)
			if (pre[i]) {
				double e = pool[j].y[used[i]] - target->y[used[i]];
				d += e * e;
			}
		cands[n_cand].s = &pool[j];
		cands[n_cand].distance = d / out->n_pre;
		cands[n_cand].rank = cands[n_cand].distance;
		cands[n_cand].delta = delta_of(pool[j].y, used, n_used, pre);
		/* The second reference: the rest of the gemeente, all of it. */
		if (target->gemeente && pool[j].gemeente && strcmp(target->gemeente, pool[j].gemeente) == 0) {
			gem_sum += cands[n_cand].delta;
			gem_n++;
		}
		n_cand++;
	}
	out->n_pool = n_cand;
	if (gem_n > 0) {
		out->has_gemeente = 1;
		out->gemeente_estimate = delta_t - gem_sum / (double)gem_n;
		out->gemeente_n = gem_n;
	}
	const double **xs = NULL;
	double *sd = NULL;
	if (n_cov > 0 && n_cand > 0) {
		/* Both parts on one scale: the indicator's squared difference over
		 * the pool's variance of its values before, structure standardised. */
		double m = 0, ss = 0;
		size_t nv = 0;
		for (size_t j = 0; j < n_cand; j++)
			for (size_t i = 0; i < n_used; i++)
				if (pre[i]) {
					m += cands[j].s->y[used[i]];
					nv++;
				}
		m /= (double)nv;
		for (size_t j = 0; j < n_cand; j++)
			for (size_t i = 0; i < n_used; i++)
				if (pre[i])
					ss += (cands[j].s->y[used[i]] - m) * (cands[j].s->y[used[i]] - m);
		double var = nv > 1 ? ss / (double)(nv - 1) : 0;
		xs = bp_arena_alloc(a, n_cand * sizeof(*xs));
		sd = bp_arena_alloc(a, n_cov * sizeof(*sd));
		for (size_t j = 0; j < n_cand; j++)
			xs[j] = cands[j].s->x;
		bp_balance_sd(n_cov, xs, n_cand, sd);
		for (size_t j = 0; j < n_cand; j++) {
			cands[j].structure = bp_balance_distance(n_cov, target->x, cands[j].s->x, sd);
			cands[j].rank = (var > 0 ? cands[j].distance / var : cands[j].distance) + cands[j].structure;
		}
	}
	qsort(cands, n_cand, sizeof(*cands), cmp_cand);
	size_t k = n_cand < (size_t)opt->k ? n_cand : (size_t)opt->k;
	if (xs) {
		/* The balance: the pool as sorted, the first k matched. */
		size_t *matched = bp_arena_alloc(a, (k + 1) * sizeof(*matched));
		for (size_t j = 0; j < n_cand; j++)
			xs[j] = cands[j].s->x;
		for (size_t j = 0; j < k; j++)
			matched[j] = j;
		out->balance = bp_arena_alloc(a, n_cov * sizeof(*out->balance));
		out->n_balance = n_cov;
		bp_balance_table(n_cov, opt->covariates, target->x, xs, n_cand, sd, matched, k, out->balance);
	}
	out->n_comparisons = k;
	if (k == 0)
		goto verdict;
	out->comparisons = bp_arena_alloc(a, k * sizeof(*out->comparisons));
	out->comparison = bp_arena_alloc(a, (n_used + 1) * sizeof(double));
	double sum_delta = 0;
	for (size_t j = 0; j < k; j++) {
		bp_effect_area *c = &out->comparisons[j];
		c->code = cands[j].s->code;
		c->name = cands[j].s->name;
		c->gemeente_name = cands[j].s->gemeente_name;
		c->distance = cands[j].distance;
		c->structure = cands[j].structure;
		c->delta = cands[j].delta;
		sum_delta += c->delta;
		for (size_t i = 0; i < n_used; i++)
			out->comparison[i] += cands[j].s->y[used[i]] / (double)k;
	}
	out->has_estimate = 1;
	out->estimate = delta_t - sum_delta / (double)k;

	/* Placebo: each comparison as if it were the target, against the others. */
	if (k >= 2) {
		out->placebo_sorted = bp_arena_alloc(a, k * sizeof(double));
		int at_least = 0;
		for (size_t j = 0; j < k; j++) {
			bp_effect_area *c = &out->comparisons[j];
			c->placebo = c->delta - (sum_delta - c->delta) / (double)(k - 1);
			out->placebo_sorted[j] = c->placebo;
			/* A tolerance so that a placebo equal to the estimate by hand counts
			 * as equal despite rounding in the means. */
			if (fabs(c->placebo) >= fabs(out->estimate) - 1e-9 * (1 + fabs(out->estimate)))
				at_least++;
		}
		qsort(out->placebo_sorted, k, sizeof(double), cmp_double);
		out->has_placebo = 1;
		out->placebo_low = quantile_sorted(out->placebo_sorted, k, opt->quantile);
		out->placebo_high = quantile_sorted(out->placebo_sorted, k, 1 - opt->quantile);
		out->placebo_rank = 1 + at_least;
	}

	/* Analytic interval: every used value with a known standard error. */
	{
		int known = target->se != NULL;
		for (size_t j = 0; j < k && known; j++)
			known = cands[j].s->se != NULL;
		double var = 0;
		for (size_t i = 0; i < n_used && known; i++) {
			double wt = 1.0 / (pre[i] ? out->n_pre : out->n_post);
			double se = target->se[used[i]];
			known = isfinite(se);
			var += wt * wt * se * se;
			for (size_t j = 0; j < k && known; j++) {
				double sc = cands[j].s->se[used[i]];
				known = isfinite(sc);
				var += wt * wt * sc * sc / ((double)k * (double)k);
			}
		}
		if (known) {
			const double z90 = 1.6448536269514722;   /* two-sided 90 %, matching the 5-95 % band */
			out->has_analytic = 1;
			out->analytic_low = out->estimate - z90 * sqrt(var);
			out->analytic_high = out->estimate + z90 * sqrt(var);
		}
	}

	/* Pre-trend: OLS slopes before the start, target against comparison mean. */
	if (out->n_pre >= 2) {
		double *x = bp_arena_alloc(a, (size_t)out->n_pre * sizeof(double));
		double *yt = bp_arena_alloc(a, (size_t)out->n_pre * sizeof(double));
		double *yc = bp_arena_alloc(a, (size_t)out->n_pre * sizeof(double));
		double mean_pre_year = 0, mean_post_year = 0;
		size_t m = 0;
		for (size_t i = 0; i < n_used; i++) {
			if (!pre[i]) {
				mean_post_year += uyears[i];
				continue;
			}
			x[m] = uyears[i];
			yt[m] = out->target[i];
			yc[m] = out->comparison[i];
			mean_pre_year += uyears[i];
			m++;
		}
		mean_pre_year /= out->n_pre;
		mean_post_year /= out->n_post;
		out->has_pretrend = 1;
		out->pretrend_diff = bp_ols_slope(x, yt, m) - bp_ols_slope(x, yc, m);
		out->pretrend_drift = out->pretrend_diff * (mean_post_year - mean_pre_year);
		double scale = fabs(out->estimate);
		if (out->has_placebo)
			scale = fmax(scale, (out->placebo_high - out->placebo_low) / 2);
		out->pretrend_parallel = fabs(out->pretrend_drift) <= opt->pretrend_share * scale + 1e-9;
	}

	/* Synthetic comparison over the k comparisons, from >= 3 periods before. */
	if (out->n_pre >= 3 && k >= 2) {
		size_t np = (size_t)out->n_pre;
		double *x = bp_arena_alloc(a, np * k * sizeof(double));
		double *y = bp_arena_alloc(a, np * sizeof(double));
		double *w = bp_arena_alloc(a, k * sizeof(double));
		size_t m = 0;
		for (size_t i = 0; i < n_used; i++) {
			if (!pre[i])
				continue;
			y[m] = out->target[i];
			for (size_t j = 0; j < k; j++)
				x[m * k + j] = cands[j].s->y[used[i]];
			m++;
		}
		double rss = bp_synthetic_weights(x, y, np, k, w);
		double gap_pre = 0, gap_post = 0;
		for (size_t i = 0; i < n_used; i++) {
			double s = 0;
			for (size_t j = 0; j < k; j++)
				s += w[j] * cands[j].s->y[used[i]];
			if (pre[i])
				gap_pre += (out->target[i] - s) / out->n_pre;
			else
				gap_post += (out->target[i] - s) / out->n_post;
		}
		for (size_t j = 0; j < k; j++)
			out->comparisons[j].weight = w[j];
		out->has_synthetic = 1;
		out->synthetic_estimate = gap_post - gap_pre;
		out->synthetic_rmse = sqrt(rss / (double)np);
	}
verdict:
	decide(opt, out);
	return BP_OK;
}

/* ---- from the database ------------------------------------------------------- */

static int year_of(const char *period)
{
	for (int i = 0; i < 4; i++)
		if (period[i] < '0' || period[i] > '9')
			return -1;
	return atoi(period);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* 95 % confidence bounds -> standard error, assuming a symmetric normal interval. */
static double se_of(PGresult *r, int row, int lo_col, int hi_col)
{
	if (PQgetisnull(r, row, lo_col) || PQgetisnull(r, row, hi_col))
		return NAN;
	double lo = atof(PQgetvalue(r, row, lo_col)), hi = atof(PQgetvalue(r, row, hi_col));
	return (hi - lo) / (2 * 1.959963984540054);
}

/*
 * The cache: every value of an indicator, read once with its area's level,
 * name and gemeente, so that a run over many interventions makes one query
 * per indicator instead of three per estimate (measured on all Dutch
 * wijken: ~100 ms per pool query, 100 estimates 9.7 s; see bench/effects.sh).
 */
typedef struct cache_series {
	const char *code, *name, *gemeente, *gemeente_name, *level;
	int year;                    /* indeling */
	size_t first, n;             /* its rows, by period */
} cache_series;

typedef struct cache_ind {
	const char *id;
	int known;                   /* in bp.indicator */
	bp_polarity polarity;
	const char **period;         /* rows: grouped by series, ordered as the query */
	double *value, *se;
	cache_series *series;        /* by indeling, level, then code (the database's order) */
	size_t n_series;
	GHashTable *by_area;         /* "year:code" -> its series; built when used as a covariate */
} cache_ind;

struct bp_effect_cache {
	bp_arena *a;
	cache_ind *inds;
	size_t n, cap;
};

bp_effect_cache *bp_effect_cache_new(void)
{
	bp_effect_cache *c = bp_xcalloc(1, sizeof(*c));
	c->a = bp_arena_new();
	return c;
}

void bp_effect_cache_free(bp_effect_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (c->inds[i].by_area)
			g_hash_table_destroy(c->inds[i].by_area);
	bp_arena_free(c->a);
	free(c->inds);
	free(c);
}

static bp_rc cache_load(PGconn *conn, bp_effect_cache *c, const char *ind_id, const cache_ind **out,
                        bp_error *err)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->inds[i].id, ind_id) == 0) {
			*out = &c->inds[i];
			return BP_OK;
		}
	cache_ind ci = { .id = bp_arena_strdup(c->a, ind_id), .polarity = BP_POLARITY_NEUTRAL };
	PGresult *r = NULL;
	const char *p[] = { ind_id };
	bp_rc rc = bp_pg_query(conn, "SELECT polarity FROM bp.indicator WHERE id = $1", 1, p, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) > 0) {
		const char *pol = PQgetvalue(r, 0, 0);
		ci.known = 1;
		ci.polarity = strcmp(pol, "higher-is-better") == 0 ? BP_POLARITY_HIGHER_IS_BETTER
		            : strcmp(pol, "higher-is-worse") == 0 ? BP_POLARITY_HIGHER_IS_WORSE : BP_POLARITY_NEUTRAL;
	}
	PQclear(r);
	r = NULL;
	if (ci.known) {
		if ((rc = bp_pg_query(conn,
			"SELECT v.area_code, a.name, a.gemeente_code, v.period, v.value, v.ci_low, v.ci_high, "
			"       v.indeling_year, a.level::text, g.name "
			"  FROM bp.indicator_value v "
			"  JOIN bp.area a ON a.code = v.area_code AND a.indeling_year = v.indeling_year "
			/* the gemeente's newest name: one row per gemeente, hashed */
			"  LEFT JOIN (SELECT DISTINCT ON (code) code, name FROM bp.area WHERE level = 'gemeente' "
			"              ORDER BY code, indeling_year DESC) g ON g.code = a.gemeente_code "
			" WHERE v.indicator_id = $1 AND v.value IS NOT NULL "
			" ORDER BY v.indeling_year, a.level, v.area_code, v.period", 1, p, &r, err)))
			return rc;
		size_t nrows = (size_t)PQntuples(r);
		ci.period = bp_arena_alloc(c->a, (nrows + 1) * sizeof(*ci.period));
		ci.value = bp_arena_alloc(c->a, (nrows + 1) * sizeof(double));
		ci.se = bp_arena_alloc(c->a, (nrows + 1) * sizeof(double));
		ci.series = bp_arena_alloc(c->a, (nrows + 1) * sizeof(*ci.series));
		for (size_t i = 0; i < nrows; i++) {
			int row = (int)i;
			const char *code = PQgetvalue(r, row, 0);
			int year;
			if ((rc = bp_pg_int(r, row, 7, &year, err))) {
				PQclear(r);
				return rc;
			}
			cache_series *s = ci.n_series ? &ci.series[ci.n_series - 1] : NULL;
			if (!s || s->year != year || strcmp(s->code, code) != 0) {
				s = &ci.series[ci.n_series++];
				s->code = bp_arena_strdup(c->a, code);
				s->name = bp_arena_strdup(c->a, PQgetvalue(r, row, 1));
				s->gemeente = PQgetisnull(r, row, 2) ? NULL : bp_arena_strdup(c->a, PQgetvalue(r, row, 2));
				s->level = bp_arena_strdup(c->a, PQgetvalue(r, row, 8));
				s->gemeente_name = PQgetisnull(r, row, 9) ? NULL : bp_arena_strdup(c->a, PQgetvalue(r, row, 9));
				s->year = year;
				s->first = i;
				s->n = 0;
			}
			s->n++;
			ci.period[i] = bp_arena_strdup(c->a, PQgetvalue(r, row, 3));
			ci.value[i] = atof(PQgetvalue(r, row, 4));
			ci.se[i] = se_of(r, row, 5, 6);
		}
		PQclear(r);
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 4;
		c->inds = bp_xrealloc(c->inds, c->cap * sizeof(*c->inds));
	}
	c->inds[c->n] = ci;
	*out = &c->inds[c->n++];
	return BP_OK;
}

/* A series' values on the estimate's periods (NAN where it has none). */
static void cache_fill(const cache_ind *ci, const cache_series *s, const char *const *periods, size_t n_periods,
                       bp_arena *a, bp_effect_series *out)
{
	double *y = bp_arena_alloc(a, (n_periods + 1) * sizeof(double));
	double *se = bp_arena_alloc(a, (n_periods + 1) * sizeof(double));
	for (size_t t = 0; t < n_periods; t++)
		y[t] = se[t] = NAN;
	for (size_t i = s->first; i < s->first + s->n; i++) {
		const char **hit = bsearch(&ci->period[i], periods, n_periods, sizeof(*periods), cmp_str);
		if (!hit)
			continue;
		size_t t = (size_t)(hit - periods);
		y[t] = ci->value[i];
		se[t] = ci->se[i];
	}
	/* Copies: the result outlives the cache (bp_effect_estimate frees its own). */
	out->code = bp_arena_strdup(a, s->code);
	out->name = bp_arena_strdup(a, s->name);
	out->gemeente = s->gemeente ? bp_arena_strdup(a, s->gemeente) : NULL;
	out->gemeente_name = s->gemeente_name ? bp_arena_strdup(a, s->gemeente_name) : NULL;
	out->y = y;
	out->se = se;
	out->x = NULL;
}

/* An area's series of one indeling, by a hash built when first asked for. */
static const cache_series *series_at(bp_effect_cache *c, cache_ind *cc, int year, const char *code)
{
	if (!cc->by_area) {
		cc->by_area = g_hash_table_new(g_str_hash, g_str_equal);
		for (size_t i = 0; i < cc->n_series; i++)
			g_hash_table_insert(cc->by_area, bp_arena_printf(c->a, "%d:%s", cc->series[i].year, cc->series[i].code),
			                    &cc->series[i]);
	}
	char key[96];
	snprintf(key, sizeof(key), "%d:%s", year, code);
	return g_hash_table_lookup(cc->by_area, key);
}

/*
 * A covariate's value for one area of one indeling at the start: the value
 * of the latest year period before start_year, else (structure moves
 * slowly) of the earliest after it; NAN when the area has none in that
 * indeling.  Only the same indeling: a code alone does not say the borders
 * are the same.  *of is the value's year (0 with none).
 */
static double covariate_at(bp_effect_cache *c, cache_ind *cc, const char *code, int year, int start_year, int *of)
{
	const cache_series *s = series_at(c, cc, year, code);
	*of = 0;
	if (!s)
		return NAN;
	double before = NAN, after = NAN;
	int by = -1, ay = 1 << 30;
	for (size_t i = s->first; i < s->first + s->n; i++) {
		int y = year_of(cc->period[i]);
		if (y < 0)
			continue;
		if (y < start_year && y > by) {
			by = y;
			before = cc->value[i];
		} else if (y >= start_year && y < ay) {
			ay = y;
			after = cc->value[i];
		}
	}
	*of = isfinite(before) ? by : isfinite(after) ? ay : 0;
	return isfinite(before) ? before : after;
}

/* The covariates of one area; years (may be NULL) gets each value's year. */
static const double *covariates_of(bp_effect_cache *c, cache_ind *const *cov, size_t n_cov, const char *code,
                                   int year, int start_year, int *years, bp_arena *a)
{
	double *x = bp_arena_alloc(a, (n_cov + 1) * sizeof(double));
	for (size_t j = 0; j < n_cov; j++) {
		int of;
		x[j] = covariate_at(c, cov[j], code, year, start_year, &of);
		if (years)
			years[j] = of;
	}
	return x;
}

/* The value of series s in year y (NAN: none). */
static double value_in(const cache_ind *ci, const cache_series *s, int y)
{
	for (size_t i = s->first; i < s->first + s->n; i++)
		if (year_of(ci->period[i]) == y)
			return ci->value[i];
	return NAN;
}

/*
 * The trends before the start on the related series rel (pretrend.h), in
 * the estimate's indeling (ts) over its comparison areas: only when the
 * indicator itself has fewer than two periods before.  A failed check is
 * a verdict's reason: better or worse need trends that were alike.
 */
static void related_pretrend(bp_effect_cache *c, cache_ind *rel, const cache_series *ts, int start_year,
                             bp_effect_result *out, bp_arena *a)
{
	out->related_id = bp_arena_strdup(a, rel->id);   /* the cache may be freed before the result */
	if (out->n_pre >= 2 || out->n_pre < 1 || out->n_post < 1)
		return;   /* tested on the indicator itself, or nothing to test */
	if (!rel->known) {
		out->related_why = "de verwante reeks heeft geen berekende waarden (niet geladen of niet berekend)";
		out->related_why_en = "the related series has no computed values (not loaded or not computed)";
		return;
	}
	if (out->n_comparisons == 0) {
		out->related_why = "er zijn geen vergelijkingsgebieden";
		out->related_why_en = "there are no comparison areas";
		return;
	}
	const cache_series *rt = series_at(c, rel, ts->year, ts->code);
	int *years = bp_arena_alloc(a, ((rt ? rt->n : 0) + 1) * sizeof(int));
	double *yt = bp_arena_alloc(a, ((rt ? rt->n : 0) + 1) * sizeof(double));
	size_t ny = 0;
	for (size_t i = rt ? rt->first : 0; rt && i < rt->first + rt->n; i++) {
		int y = year_of(rel->period[i]);
		if (y > 0 && y < start_year && (ny == 0 || y > years[ny - 1])) {
			years[ny] = y;
			yt[ny++] = rel->value[i];
		}
	}
	if (ny < 2) {
		/* Where the series does have the code: said, not used (other borders, perhaps). */
		bp_buf other;
		bp_buf_init(&other);
		for (size_t i = 0; i < rel->n_series; i++)
			if (rel->series[i].year != ts->year && strcmp(rel->series[i].code, ts->code) == 0)
				bp_buf_printf(&other, "%s%d", other.len ? ", " : "", rel->series[i].year);
		out->related_why = bp_arena_printf(a, "het doelgebied heeft in indeling %d %s vóór %d%s%s%s", ts->year,
		                                   ny ? "maar één jaar met cijfers" : "geen cijfers", start_year,
		                                   other.len ? " (de reeks heeft deze code alleen in indeling " : "",
		                                   other.len ? other.data : "",
		                                   other.len ? "; een gelijke code zegt niet dat de grenzen gelijk zijn)" : "");
		out->related_why_en = bp_arena_printf(a, "the target area has %s before %d in classification %d%s%s%s",
		                                      ny ? "only one year with figures" : "no figures", start_year, ts->year,
		                                      other.len ? " (the series has this code only in classification " : "",
		                                      other.len ? other.data : "",
		                                      other.len ? "; the same code does not mean the same borders)" : "");
		bp_buf_release(&other);
		return;
	}
	const double **comp = bp_arena_alloc(a, out->n_comparisons * sizeof(*comp));
	for (size_t j = 0; j < out->n_comparisons; j++) {
		const cache_series *cs = series_at(c, rel, ts->year, out->comparisons[j].code);
		double *v = bp_arena_alloc(a, ny * sizeof(double));
		for (size_t i = 0; i < ny; i++)
			v[i] = cs ? value_in(rel, cs, years[i]) : NAN;
		comp[j] = v;
	}
	/* The scale: the series' SD over the areas of the target's level and indeling in the last year used. */
	double sum = 0, ss = 0;
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < rel->n_series; i++) {
			const cache_series *s = &rel->series[i];
			if (s->year != ts->year || strcmp(s->level, ts->level) != 0)
				continue;
			double v = value_in(rel, s, years[ny - 1]);
			if (!isfinite(v))
				continue;
			if (pass == 0) {
				sum += v;
				n++;
			} else {
				ss += (v - sum / (double)n) * (v - sum / (double)n);
			}
		}
	double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
	/* The years between the estimate's mean periods after and before. */
	double pre = 0, post = 0;
	for (size_t i = 0; i < out->n_periods; i++) {
		if (out->years[i] < start_year)
			pre += out->years[i];
		else
			post += out->years[i];
	}
	double gap = post / out->n_post - pre / out->n_pre;
	if (!bp_related_trend_compute(ny, years, yt, comp, out->n_comparisons, sd, gap, &out->related)) {
		out->related_why = bp_arena_printf(a, "geen vergelijkingsgebied heeft er cijfers in elk jaar van %d tot %d "
		                                   "(indeling %d)", years[0], years[ny - 1], ts->year);
		out->related_why_en = bp_arena_printf(a, "no comparison area has figures in every year from %d to %d "
		                                      "(classification %d)", years[0], years[ny - 1], ts->year);
		return;
	}
	out->has_related = 1;
	if (out->verdict != BP_VERDICT_BETTER && out->verdict != BP_VERDICT_WORSE)
		return;
	if (!out->related.parallel) {
		out->verdict = BP_VERDICT_NO_DIFFERENCE;
		out->note = bp_arena_printf(a, "de trends vóór de start liepen in de verwante reeks %s niet gelijk op",
		                            rel->id);
		out->note_en = bp_arena_printf(a, "the trends before the start did not run in parallel in the related "
		                               "series %s", rel->id);
	} else if (out->polarity != BP_POLARITY_NEUTRAL) {
		out->note = bp_arena_printf(a, "gelijke trends vóór de start getoetst op de verwante reeks %s", rel->id);
		out->note_en = bp_arena_printf(a, "parallel trends before the start tested on the related series %s",
		                               rel->id);
	}
}

bp_rc bp_effect_estimate_cached(PGconn *conn, bp_effect_cache *cache, const bp_intervention_set *all,
                                const bp_intervention *iv, size_t indicator, size_t area,
                                const bp_effect_options *opt, bp_arena *a, bp_effect_result *out, bp_error *err)
{
	const char *ind_id = iv->indicators[indicator].id, *code = iv->area_codes[area];
	bp_direction dir = iv->indicators[indicator].direction;
	bp_effect_series target = { code, code, NULL, NULL, NULL, NULL };
	const cache_ind *ci;
	bp_rc rc;
	const char *rel_id = iv->indicators[indicator].pretrend_series;
	/* The covariates and the related series first: loading one may move the
	 * cache's array, and ci points into it. */
	for (size_t j = 0; j < iv->n_match_on; j++)
		if ((rc = cache_load(conn, cache, iv->match_on[j], &ci, err)))
			return rc;
	if (rel_id && (rc = cache_load(conn, cache, rel_id, &ci, err)))
		return rc;
	if ((rc = cache_load(conn, cache, ind_id, &ci, err)))
		return rc;
	cache_ind *rel = NULL;
	for (size_t i = 0; rel_id && i < cache->n; i++)
		if (strcmp(cache->inds[i].id, rel_id) == 0)
			rel = &cache->inds[i];
	cache_ind **cov = bp_arena_alloc(a, (iv->n_match_on + 1) * sizeof(*cov));
	for (size_t j = 0; j < iv->n_match_on; j++)
		for (size_t i = 0; i < cache->n; i++)
			if (strcmp(cache->inds[i].id, iv->match_on[j]) == 0)
				cov[j] = &cache->inds[i];
	if (!ci->known) {
		rc = bp_effect_compute(opt, 0, NULL, NULL, iv->start_year, &target, NULL, 0, BP_POLARITY_NEUTRAL, dir,
		                       a, out, err);
		out->note = "indicator nog niet berekend: eerst buurtpeil compute";
		out->note_en = "indicator not computed yet: run buurtpeil compute first";
		return rc;
	}
	/* The indeling in which the target has the most values (ties: newest). */
	const cache_series *ts = NULL;
	for (size_t i = 0; i < ci->n_series; i++) {
		const cache_series *s = &ci->series[i];
		if (strcmp(s->code, code) == 0 && (!ts || s->n > ts->n || (s->n == ts->n && s->year > ts->year)))
			ts = s;
	}
	if (!ts)
		return bp_effect_compute(opt, 0, NULL, NULL, iv->start_year, &target, NULL, 0, ci->polarity, dir, a,
		                         out, err);

	/* Periods: the target's year periods ('2012'); other period kinds are left out. */
	size_t n_periods = 0;
	const char **periods = bp_arena_alloc(a, (ts->n + 1) * sizeof(*periods));
	for (size_t i = ts->first; i < ts->first + ts->n; i++)
		if (year_of(ci->period[i]) > 0)
			periods[n_periods++] = bp_arena_strdup(a, ci->period[i]);
	qsort(periods, n_periods, sizeof(*periods), cmp_str);
	int *years = bp_arena_alloc(a, (n_periods + 1) * sizeof(*years));
	for (size_t i = 0; i < n_periods; i++)
		years[i] = year_of(periods[i]);

	/* Not comparable: targets of any intervention on the same theme (this one included). */
	GHashTable *excl = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < all->n; i++) {
		if (strcmp(all->items[i].theme, iv->theme) != 0)
			continue;
		for (size_t j = 0; j < all->items[i].n_areas; j++)
			g_hash_table_add(excl, (gpointer)all->items[i].area_codes[j]);
	}
	/* The candidates: the target's indeling and level, in the database's order of codes. */
	bp_effect_series *pool = bp_arena_alloc(a, (ci->n_series + 1) * sizeof(*pool));
	size_t n_pool = 0;
	for (size_t i = 0; i < ci->n_series; i++) {
		const cache_series *s = &ci->series[i];
		if (s->year != ts->year || strcmp(s->level, ts->level) != 0 || strcmp(s->code, code) == 0 ||
		    g_hash_table_contains(excl, s->code))
			continue;
		cache_fill(ci, s, periods, n_periods, a, &pool[n_pool]);
		if (iv->n_match_on)
			pool[n_pool].x = covariates_of(cache, cov, iv->n_match_on, s->code, s->year, iv->start_year, NULL, a);
		n_pool++;
	}
	g_hash_table_destroy(excl);
	cache_fill(ci, ts, periods, n_periods, a, &target);
	bp_effect_options o = *opt;
	int *cov_years = bp_arena_alloc(a, (iv->n_match_on + 1) * sizeof(int));
	if (iv->n_match_on) {
		target.x = covariates_of(cache, cov, iv->n_match_on, ts->code, ts->year, iv->start_year, cov_years, a);
		o.n_covariates = iv->n_match_on;
		o.covariates = (const char *const *)iv->match_on;
	}
	rc = bp_effect_compute(&o, n_periods, periods, years, iv->start_year, &target, pool, n_pool, ci->polarity,
	                       dir, a, out, err);
	out->indeling_year = ts->year;
	for (size_t j = 0; j < out->n_balance; j++)
		out->balance[j].year = cov_years[j];
	if (!rc && rel)
		related_pretrend(cache, rel, ts, iv->start_year, out, a);
	return rc;
}

bp_rc bp_effect_estimate(PGconn *conn, const bp_intervention_set *all, const bp_intervention *iv,
                         size_t indicator, size_t area, const bp_effect_options *opt, bp_arena *a,
                         bp_effect_result *out, bp_error *err)
{
	bp_effect_cache *c = bp_effect_cache_new();
	bp_rc rc = bp_effect_estimate_cached(conn, c, all, iv, indicator, area, opt, a, out, err);
	bp_effect_cache_free(c);
	return rc;
}

/* A PostgreSQL array literal of numbers or quoted texts. */
static void add_array(bp_buf *b, const bp_effect_result *res, int weights)
{
	bp_buf_adds(b, "{");
	for (size_t j = 0; j < res->n_comparisons; j++) {
		if (weights)
			bp_buf_printf(b, "%s%.17g", j ? "," : "", res->comparisons[j].weight);
		else
			bp_buf_printf(b, "%s\"%s\"", j ? "," : "", res->comparisons[j].code);
	}
	bp_buf_adds(b, "}");
}

/* A float8[] literal; NULL for NAN. */
static void add_floats(bp_buf *b, const bp_effect_result *res, size_t offset)
{
	bp_buf_adds(b, "{");
	for (size_t j = 0; j < res->n_balance; j++) {
		double v = *(const double *)((const char *)&res->balance[j] + offset);
		if (isfinite(v))
			bp_buf_printf(b, "%s%.17g", j ? "," : "", v);
		else
			bp_buf_printf(b, "%sNULL", j ? "," : "");
	}
	bp_buf_adds(b, "}");
}

/* The balance rows of a stored estimate, replacing the earlier ones. */
static bp_rc store_balance(PGconn *conn, const char *iv_id, const char *indicator_id,
                           const bp_effect_result *res, bp_error *err)
{
	static const size_t cols[] = {
		offsetof(bp_effect_balance, target), offsetof(bp_effect_balance, pool_mean),
		offsetof(bp_effect_balance, matched_mean), offsetof(bp_effect_balance, sd),
		offsetof(bp_effect_balance, std_before), offsetof(bp_effect_balance, std_after),
	};
	bp_buf names, v[6];
	bp_buf_init(&names);
	bp_buf_adds(&names, "{");
	for (size_t j = 0; j < res->n_balance; j++)
		bp_buf_printf(&names, "%s\"%s\"", j ? "," : "", res->balance[j].name);
	bp_buf_adds(&names, "}");
	for (size_t c = 0; c < 6; c++) {
		bp_buf_init(&v[c]);
		add_floats(&v[c], res, cols[c]);
	}
	const char *p[10] = { iv_id, indicator_id, res->area_code, names.data,
	                      v[0].data, v[1].data, v[2].data, v[3].data, v[4].data, v[5].data };
	bp_rc rc = bp_pg_query(conn,
		"DELETE FROM bp.intervention_effect_balance b USING bp.intervention i "
		" WHERE i.id = $1 AND i.valid_to IS NULL AND b.intervention_id = i.id AND b.version = i.version "
		"   AND b.indicator_id = $2 AND b.area_code = $3", 3, p, NULL, err);
	if (!rc && res->n_balance > 0)
		rc = bp_pg_query(conn,
			"INSERT INTO bp.intervention_effect_balance (intervention_id, version, indicator_id, area_code, "
			"  covariate, position, target, pool_mean, matched_mean, sd, std_before, std_after) "
			"SELECT $1, i.version, $2, $3, u.name, u.pos, u.t, u.pm, u.mm, u.sd, u.sb, u.sa "
			"  FROM bp.intervention i, unnest($4::text[], $5::float8[], $6::float8[], $7::float8[], "
			"       $8::float8[], $9::float8[], $10::float8[]) WITH ORDINALITY u(name, t, pm, mm, sd, sb, sa, pos) "
			" WHERE i.id = $1 AND i.valid_to IS NULL", 10, p, NULL, err);
	bp_buf_release(&names);
	for (size_t c = 0; c < 6; c++)
		bp_buf_release(&v[c]);
	return rc;
}

/* The check on the related series (pretrend.h): replaced, or removed when it did not apply. */
static bp_rc store_related(PGconn *conn, const char *iv_id, const char *indicator_id, const bp_effect_result *res,
                           bp_error *err)
{
	const bp_related_trend *t = &res->related;
	char num[10][40];
	/* Each number in a slot of its own, named by index: the elements of an
	 * initializer are not sequenced against each other (C11 6.7.9), so a
	 * shared counter would be modified and read unsequenced. */
#define NUM(i, cond, fmt, v) (cond ? (snprintf(num[i], sizeof(num[i]), fmt, v), num[i]) : NULL)
	int ok = res->has_related;
	const char *p[16] = {
		iv_id, indicator_id, res->area_code, res->related_id, ok ? "true" : "false", ok ? NULL : res->related_why,
		NUM(0, ok, "%zu", t->n_years), NUM(1, ok, "%d", t->first_year), NUM(2, ok, "%d", t->last_year),
		NUM(3, ok, "%zu", t->n_areas), NUM(4, ok, "%.17g", t->slope_target), NUM(5, ok, "%.17g", t->slope_comparison),
		NUM(6, ok, "%.17g", t->diff), NUM(7, ok && isfinite(t->sd), "%.17g", t->sd),
		NUM(8, ok && isfinite(t->std_drift), "%.17g", t->std_drift), ok ? (t->parallel ? "true" : "false") : NULL,
	};
#undef NUM
	bp_rc rc = bp_pg_query(conn,
		"DELETE FROM bp.intervention_effect_related x USING bp.intervention i "
		" WHERE i.id = $1 AND i.valid_to IS NULL AND x.intervention_id = i.id AND x.version = i.version "
		"   AND x.indicator_id = $2 AND x.area_code = $3", 3, p, NULL, err);
	if (rc || !res->related_id || (!ok && !res->related_why))
		return rc;   /* none named, or tested on the indicator itself */
	return bp_pg_query(conn,
		"INSERT INTO bp.intervention_effect_related (intervention_id, version, indicator_id, area_code, "
		"  related_id, checked, why_not, n_years, first_year, last_year, n_areas, slope_target, "
		"  slope_comparison, diff, sd, std_drift, parallel) "
		"SELECT $1, i.version, $2, $3, $4, $5::boolean, $6, $7::int, $8::int, $9::int, $10::int, $11::float8, "
		"  $12::float8, $13::float8, $14::float8, $15::float8, $16::boolean "
		"  FROM bp.intervention i WHERE i.id = $1 AND i.valid_to IS NULL", 16, p, NULL, err);
}

bp_rc bp_effect_store(PGconn *conn, const char *iv_id, const char *indicator_id,
                      const bp_effect_result *res, bp_error *err)
{
	char num[16][40];
	const char *p[24];
	PGresult *r = NULL;
	bp_buf periods, comps, weights;
	bp_rc rc;
	int n = 0;
	bp_buf_init(&periods);
	bp_buf_init(&comps);
	bp_buf_init(&weights);

	/* Codes and periods are checked texts; still escaped as array elements. */
	bp_buf_adds(&periods, "{");
	for (size_t i = 0; i < res->n_periods; i++)
		bp_buf_printf(&periods, "%s\"%s\"", i ? "," : "", res->periods[i]);
	bp_buf_adds(&periods, "}");
	add_array(&comps, res, 0);
	add_array(&weights, res, 1);

#define NUM(cond, fmt, v) (cond ? (snprintf(num[n], sizeof(num[n]), fmt, v), num[n++]) : NULL)
	p[0] = iv_id;
	p[1] = indicator_id;
	p[2] = res->area_code;
	p[3] = NUM(res->indeling_year > 0, "%d", res->indeling_year);
	p[4] = NUM(1, "%d", res->n_pre);
	p[5] = NUM(1, "%d", res->n_post);
	p[6] = periods.data;
	p[7] = comps.data;
	p[8] = NUM(res->has_estimate, "%.17g", res->estimate);
	p[9] = NUM(res->has_placebo, "%.17g", res->placebo_low);
	p[10] = NUM(res->has_placebo, "%.17g", res->placebo_high);
	p[11] = NUM(res->has_placebo, "%d", res->placebo_rank);
	p[12] = NUM(res->has_placebo, "%zu", res->n_comparisons);
	p[13] = NUM(res->has_analytic, "%.17g", res->analytic_low);
	p[14] = NUM(res->has_analytic, "%.17g", res->analytic_high);
	p[15] = NUM(res->has_pretrend, "%.17g", res->pretrend_diff);
	p[16] = res->has_pretrend ? (res->pretrend_parallel ? "true" : "false") : NULL;
	p[17] = NUM(res->has_gemeente, "%.17g", res->gemeente_estimate);
	p[18] = NUM(res->has_gemeente, "%zu", res->gemeente_n);
	p[19] = NUM(res->has_synthetic, "%.17g", res->synthetic_estimate);
	p[20] = res->has_synthetic ? weights.data : NULL;
	p[21] = bp_verdict_name(res->verdict);
	p[22] = bp_verdict_text(res->verdict);
#undef NUM
	rc = bp_pg_query(conn,
		"INSERT INTO bp.intervention_effect (intervention_id, version, indicator_id, area_code, indeling_year, "
		"  n_pre, n_post, periods, comparison_areas, estimate, placebo_low, placebo_high, placebo_rank, "
		"  n_placebo, analytic_low, analytic_high, pretrend_diff, pretrend_parallel, gemeente_estimate, "
		"  gemeente_n, synthetic_estimate, synthetic_weights, verdict, verdict_text) "
		"SELECT $1, i.version, $2, $3, $4::int, $5::int, $6::int, $7::text[], $8::text[], $9::float8, "
		"  $10::float8, $11::float8, $12::int, $13::int, $14::float8, $15::float8, $16::float8, "
		"  $17::boolean, $18::float8, $19::int, $20::float8, $21::float8[], $22, $23 "
		"  FROM bp.intervention i WHERE i.id = $1 AND i.valid_to IS NULL "
		"ON CONFLICT (intervention_id, version, indicator_id, area_code) DO UPDATE SET "
		"  indeling_year = EXCLUDED.indeling_year, computed_at = now(), n_pre = EXCLUDED.n_pre, "
		"  n_post = EXCLUDED.n_post, periods = EXCLUDED.periods, comparison_areas = EXCLUDED.comparison_areas, "
		"  estimate = EXCLUDED.estimate, placebo_low = EXCLUDED.placebo_low, "
		"  placebo_high = EXCLUDED.placebo_high, placebo_rank = EXCLUDED.placebo_rank, "
		"  n_placebo = EXCLUDED.n_placebo, analytic_low = EXCLUDED.analytic_low, "
		"  analytic_high = EXCLUDED.analytic_high, pretrend_diff = EXCLUDED.pretrend_diff, "
		"  pretrend_parallel = EXCLUDED.pretrend_parallel, gemeente_estimate = EXCLUDED.gemeente_estimate, "
		"  gemeente_n = EXCLUDED.gemeente_n, synthetic_estimate = EXCLUDED.synthetic_estimate, "
		"  synthetic_weights = EXCLUDED.synthetic_weights, verdict = EXCLUDED.verdict, "
		"  verdict_text = EXCLUDED.verdict_text", 23, p, &r, err);
	if (!rc && atoi(PQcmdTuples(r)) == 0) {
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "intervention '%s' is not in the database", iv_id);
		bp_error_hint(err, "store the registry first (bp_interventions_store)");
	}
	if (!rc)
		rc = store_balance(conn, iv_id, indicator_id, res, err);
	if (!rc)
		rc = store_related(conn, iv_id, indicator_id, res, err);
	PQclear(r);
	bp_buf_release(&periods);
	bp_buf_release(&comps);
	bp_buf_release(&weights);
	return rc;
}

bp_rc bp_effects_store_all(PGconn *conn, const bp_intervention_set *set, const bp_effect_options *opt,
                           long *n, bp_error *err)
{
	bp_effect_cache *cache = NULL;
	bp_rc rc;
	*n = 0;
	if ((rc = bp_interventions_store(conn, set, NULL, NULL, err)) ||
	    (rc = bp_pg_exec(conn, "BEGIN", err)))
		return rc;
	cache = bp_effect_cache_new();
	for (size_t i = 0; i < set->n && !rc; i++) {
		const bp_intervention *iv = &set->items[i];
		for (size_t ki = 0; ki < iv->n_indicators && !rc; ki++)
			for (size_t ai = 0; ai < iv->n_areas && !rc; ai++) {
				bp_arena *a = bp_arena_new();   /* one estimate, one arena */
				bp_effect_result r;
				if (!(rc = bp_effect_estimate_cached(conn, cache, set, iv, ki, ai, opt, a, &r, err)) &&
				    !(rc = bp_effect_store(conn, iv->id, iv->indicators[ki].id, &r, err)))
					(*n)++;
				bp_arena_free(a);
			}
	}
	bp_effect_cache_free(cache);
	if (rc) {
		bp_pg_rollback(conn);
		return rc;
	}
	return bp_pg_exec(conn, "COMMIT", err);
}
