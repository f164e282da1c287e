/*
 * composite_calc.c: one composite index's scores, values and ranks, in C
 * from one read of its components' values, written with COPY.  The method
 * (orientation, normalisation, aggregation, coverage, ranks, schemes,
 * simulation) is described in composite.c; this file computes it.
 *
 * Why not SQL: the same as one statement took 1.6 s per composite on all
 * of Nederland (windows over 170,000 component values, a pivot, every area
 * crossed with every weighting scheme and ranked: 260,000 rows sorted),
 * here about 0.2 s.  No library computes windowed normalisations over a
 * PGresult; the sorts are qsort, the two hot ones sortdef.h's inlined sort.
 *
 * The simulation's standard normals come from PostgreSQL's
 * hashtextextended(area/period/component/draw, seed), read with the values
 * (only for values with an interval), so a seed draws what it always drew.
 * Box-Muller is evaluated in the same order of operations as the SQL was.
 * Means and sds are two-pass sums: they may differ from PostgreSQL's
 * running sums in the last digit, which decides ties at that digit (as
 * the physical order of the rows already did between two runs).
 *
 * Memory: the components' values and one score per area, period and
 * component, in an arena; with a simulation also every draw's configured
 * value and rank per area and period (draws x areas x 16 bytes).
 */
#include "engine/composite_calc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/float8.h"
#include "core/sortdef.h"
#include "db/copybin.h"
#include "db/pgutil.h"

typedef struct {
	int k;              /* component, from 0 */
	int uid;            /* area and period */
	int has_value, has_se, has_ref;
	double value, se, ref;
	const int64_t *hash; /* the hashes of draws 1..D, or NULL */
} input;

typedef struct {
	const char *area, *period, *level, *gemeente;
	int year;
	int pid; /* level x indeling x period x translated */
	/* Built from at least one translated component value (see inputs_sql):
	 * the newest indeling they came from, their notes, how many. */
	int translated, from_year, n_translated, synthetic;
	const char *note;
} unit;

typedef struct {
	const char *name;
	double *w;  /* per component */
	long n_pos; /* components with a weight above 0 */
} scheme;

/* Sort record: a group key, then the ordering value. */
typedef struct {
	uint64_t key;
	double v;
	uint32_t idx;
} rec;

static int cmp_rec(const void *pa, const void *pb)
{
	const rec *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	int c = bp_float8_cmp(a->v, b->v);
	if (c)
		return c;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static inline int rec_less(const rec *a, const rec *b)
{
	return cmp_rec(a, b) < 0;
}

/* cmp_rec's order with the comparison inlined (sortdef.h: a third of the composites' client instructions
 * were these two sorts through qsort). */
BP_SORT_DEFINE(sort_recs, rec, rec_less)

/* Units are found by area, indeling and period in a GHashTable of the unit records themselves. */
static guint unit_hash(gconstpointer p)
{
	const unit *u = p;
	return (g_str_hash(u->area) * 31u + (guint)u->year) * 31u + g_str_hash(u->period);
}

static gboolean unit_equal(gconstpointer pa, gconstpointer pb)
{
	const unit *a = pa, *b = pb;
	return a->year == b->year && strcmp(a->area, b->area) == 0 && strcmp(a->period, b->period) == 0;
}

struct calc {
	const bp_composite_def *d;
	bp_arena *arena;
	input *in;          /* malloc'd, as read */
	size_t n_in;
	unit *u;            /* malloc'd, as met */
	size_t n_u, n_pid;
	scheme *s;
	size_t n_s;
	size_t nc;
	long draws;
	rec *groups;     /* component values with a value, by component and pid */
	size_t n_groups;
	double *v;       /* this draw's value per input */
	double *score;   /* per unit x component; NAN: none */
	unsigned char *flat; /* per unit x component: its group could not be normalised (one area, no spread) */
	unsigned char *too_few; /* per unit: this scheme's value left out, every weighted component flat */
	rec *rank_recs;  /* per unit */
	double *val;     /* per unit: this scheme's value, NAN: none */
	double *cov;     /* per unit */
	int *rank;       /* per unit, 0: none */
	int *n_ranked;   /* per unit */
	/* d = 0, per scheme x unit */
	double *out_val, *out_cov;
	int *out_rank, *out_n;
	unsigned char *out_too_few; /* per unit, configured scheme */
	/* d > 0, configured, per unit x draw */
	double *sim_val, *sim_rank;
	int *n_sim;
};
typedef struct calc calc;

/*
 * Every component value of the areas below Nederland.  $1 text[] component
 * ids, $2 draws, $3 seed; for the index normalisation (ref_join) $4 the
 * reference area, $5 the base period (NULL: the same period).  The hashes
 * of the draws only where a value has an interval.
 *
 * A component value is the area's native value or, where it has none of
 * that indicator, indeling and period, the value a crosswalk or overlay
 * carried into the area's indeling (bp.indicator_value_translated, issue
 * 22: custom areas and new wijken get composites of RIVM's figures); of
 * several such, the newest from-indeling with a value.  Periods are never
 * mixed: a unit is one area, indeling and period.  Translated values carry
 * their from-indeling and note (columns 10, 11), so that the composite can
 * say it is translated (write_translated).  A composite's own translated
 * rows are not read (a composite is not a component of another).
 * Read as a binary COPY (read_inputs): the hashes' array as its text.
 */
static const char inputs_sql[] =
	"SELECT (c.k - 1)::int, iv.area_code, iv.indeling_year, iv.period, a.level, a.gemeente_code, iv.value, "
	"       (iv.ci_high - iv.ci_low) / (2 * 1.959963984540054), %s, "
	"       CASE WHEN $2::int > 0 AND iv.value IS NOT NULL AND iv.ci_low IS NOT NULL AND iv.ci_high IS NOT NULL "
	"            THEN ARRAY(SELECT hashtextextended(iv.area_code || '/' || iv.period || '/' || c.k || '/' || g, "
	"                                               $3::bigint) FROM generate_series(1, $2::int) g ORDER BY g)::text END, "
	"       iv.from_year, iv.note, iv.synthetic "
	"  FROM unnest($1::text[]) WITH ORDINALITY AS c(indicator_id, k) "
	"  JOIN (SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, v.value, v.ci_low, v.ci_high, "
	"               v.synthetic, NULL::int AS from_year, NULL::text AS note "
	"          FROM bp.indicator_value v WHERE v.indicator_id = ANY ($1::text[]) "
	"        UNION ALL "
	"        (SELECT DISTINCT ON (t.indicator_id, t.area_code, t.indeling_year, t.period) "
	"               t.indicator_id, t.area_code, t.indeling_year, t.period, t.value, t.ci_low, t.ci_high, "
	"               t.synthetic, t.from_indeling_year, t.note "
	"          FROM bp.indicator_value_translated t "
	"         WHERE t.indicator_id = ANY ($1::text[]) AND t.method <> 'composite' "
	"           AND NOT EXISTS (SELECT 1 FROM bp.indicator_value n "
	"                            WHERE n.indicator_id = t.indicator_id AND n.area_code = t.area_code "
	"                              AND n.indeling_year = t.indeling_year AND n.period = t.period) "
	"         ORDER BY t.indicator_id, t.area_code, t.indeling_year, t.period, t.value IS NULL, "
	"                  t.from_indeling_year DESC)) iv ON iv.indicator_id = c.indicator_id "
	"  JOIN bp.area a ON a.code = iv.area_code AND a.indeling_year = iv.indeling_year "
	"  %s"
	" WHERE a.level <> 'land'";

/* The reference area's value in the indeling the component value was
 * published in (a translated value's from-indeling). */
static const char ref_join[] =
	"LEFT JOIN bp.indicator_value rv ON rv.indicator_id = c.indicator_id AND rv.area_code = $4::text "
	"       AND rv.indeling_year = coalesce(iv.from_year, iv.indeling_year) "
	"       AND rv.period = coalesce($5::text, iv.period) ";

static void *alloc(calc *c, size_t n, size_t size)
{
	return bp_arena_alloc(c->arena, n * size);
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

/*
 * A translated component value counted into its unit: the newest
 * from-indeling, and its note among the unit's, each once and sorted (the
 * rows come in no fixed order; the same inputs give the same note).
 */
static void add_translated(calc *c, unit *u, int year, const char *note, int synthetic)
{
	u->translated = 1;
	u->n_translated++;
	u->synthetic |= synthetic;
	if (year > u->from_year)
		u->from_year = year;
	if (!u->note) {
		u->note = bp_arena_printf(c->arena, "%s", note);
		return;
	}
	char **parts = g_strsplit(u->note, "; ", -1);
	guint n = g_strv_length(parts);
	int seen = 0;
	for (guint i = 0; i < n && !seen; i++)
		seen = strcmp(parts[i], note) == 0;
	if (!seen) {
		parts = g_renew(char *, parts, n + 2);
		parts[n] = g_strdup(note);
		parts[n + 1] = NULL;
		qsort(parts, n + 1, sizeof(*parts), cmp_str);
		char *joined = g_strjoinv("; ", parts);
		u->note = bp_arena_printf(c->arena, "%s", joined);
		g_free(joined);
	}
	g_strfreev(parts);
}

/*
 * Units (area and period) numbered as met (input_row), then pid per level, indeling,
 * period and whether translated (a handful: a linear list): a unit built
 * from a translated value is normalised and ranked only among such units,
 * never against native ones (as translated values have no comparisons).
 * The order of either does not matter: sums run in component order and
 * per group in the order of the values.
 */
static void number_units(calc *c)
{
	unit **pid_of = alloc(c, c->n_u ? c->n_u : 1, sizeof(*pid_of));
	for (size_t i = 0; i < c->n_u; i++) {
		unit *u = &c->u[i];
		size_t p = 0;
		while (p < c->n_pid && !(pid_of[p]->year == u->year && pid_of[p]->translated == u->translated &&
		                         strcmp(pid_of[p]->level, u->level) == 0 && strcmp(pid_of[p]->period, u->period) == 0))
			p++;
		if (p == c->n_pid)
			pid_of[c->n_pid++] = u;
		u->pid = (int)p;
	}
}

/* Schemes: configured, equal, and each component left out (from two); a
 * scheme without any weight above 0 is dropped. */
static void make_schemes(calc *c)
{
	const bp_composite_def *d = c->d;
	size_t max = 2 + (d->n_components >= 2 ? d->n_components : 0);
	c->s = alloc(c, max, sizeof(*c->s));
	for (size_t s = 0; s < max; s++) {
		scheme *x = &c->s[c->n_s];
		x->w = alloc(c, c->nc, sizeof(double));
		x->n_pos = 0;
		for (size_t i = 0; i < c->nc; i++) {
			double w = d->components[i].weight;
			if (s == 1)
				w = 1;
			else if (s >= 2 && i == s - 2)
				w = 0;
			x->w[i] = w;
			x->n_pos += w > 0;
		}
		x->name = s == 0 ? "configured" : s == 1 ? "equal"
		                 : bp_arena_printf(c->arena, "without:%s", d->components[s - 2].indicator);
		if (x->n_pos > 0)
			c->n_s++;
	}
}

/* The component values of draw dr (0: as stored). */
static void draw_values(calc *c, long dr)
{
	for (size_t i = 0; i < c->n_in; i++) {
		input *x = &c->in[i];
		c->v[i] = x->value;
		if (dr == 0 || !x->has_se || !x->hash)
			continue;
		uint64_t h = (uint64_t)x->hash[dr - 1];
		double u1 = (double)(h >> 32) / 4294967296.0 + 0.5 / 4294967296.0;
		double u2 = (double)(h & 4294967295u);
		c->v[i] = x->value + x->se * sqrt(-2 * log(u1)) * cos(2 * M_PI * (u2 + 0.5) / 4294967296.0);
	}
}

/* Each component's score per unit, normalised within its level, indeling and period. */
static void normalise(calc *c)
{
	const bp_composite_def *d = c->d;
	size_t nc = c->nc;
	for (size_t i = 0; i < c->n_u * nc; i++) {
		c->score[i] = NAN;
		c->flat[i] = 0;
	}
	/* index compares each area with the reference, not with the others: never flat */
	int relative = d->aggregation == BP_AGG_EXPONENTIAL || d->normalisation != BP_NORM_INDEX;
	/* the ordering value: x' = s x, or need x for the exponential transformation */
	int expo = d->aggregation == BP_AGG_EXPONENTIAL;
	for (size_t g = 0; g < c->n_groups; g++) {
		const input *x = &c->in[c->groups[g].idx];
		const bp_composite_component *cp = &d->components[x->k];
		double sgn = cp->polarity == d->polarity ? 1 : -1, need = cp->polarity == BP_POLARITY_HIGHER_IS_WORSE ? 1 : -1;
		c->groups[g].v = (expo ? need : sgn) * c->v[c->groups[g].idx];
	}
	sort_recs(c->groups, c->n_groups);
	for (size_t from = 0; from < c->n_groups;) {
		size_t to = from;
		while (to < c->n_groups && c->groups[to].key == c->groups[from].key)
			to++;
		size_t n = to - from;
		double sum = 0, ss = 0, mean, sd;
		for (size_t i = from; i < to; i++)
			sum += c->groups[i].v;
		mean = sum / (double)n;
		for (size_t i = from; i < to; i++)
			ss += (c->groups[i].v - mean) * (c->groups[i].v - mean);
		sd = sqrt(ss / (double)n);
		double lo = c->groups[from].v, hi = c->groups[to - 1].v;
		/* One area, or all alike: its score (0, 50, ...) says nothing of the area (composite.c "flat"). */
		unsigned char flat = relative && (n < 2 || bp_float8_cmp(lo, hi) == 0);
		size_t peer_from = from, peer_to = from;
		for (size_t i = from; i < to; i++) {
			const input *x = &c->in[c->groups[i].idx];
			double sv = c->groups[i].v, sc;
			if (i >= peer_to) { /* the peers of row i: equal ordering values */
				peer_from = i;
				peer_to = i + 1;
				while (peer_to < to && bp_float8_cmp(c->groups[peer_to].v, sv) == 0)
					peer_to++;
			}
			if (expo) {
				double cume = (double)(peer_to - from) / (double)n;
				sc = -23 * log(1 - cume * (1 - exp(-100.0 / 23)));
			} else {
				switch (d->normalisation) {
				case BP_NORM_ZSCORE:
					sc = sd != 0 ? (sv - mean) / sd : 0;
					break;
				case BP_NORM_MINMAX:
					sc = hi - lo != 0 ? 100 * (sv - lo) / (hi - lo) : 50;
					break;
				case BP_NORM_PERCENTILE:
					sc = 100 * (n > 1 ? (double)(peer_from - from) / (double)(n - 1) : 0);
					break;
				case BP_NORM_INDEX:
				default: {
					double s = d->components[x->k].polarity == d->polarity ? 1 : -1;
					sc = x->has_ref && fabs(x->ref) != 0 ? 100 + s * 100 * (c->v[c->groups[i].idx] - x->ref) / fabs(x->ref)
					                                     : NAN;
					break;
				}
				}
			}
			c->score[(size_t)x->uid * nc + (size_t)x->k] = sc;
			c->flat[(size_t)x->uid * nc + (size_t)x->k] = flat;
		}
		from = to;
	}
}

/* Scheme s's value and coverage per unit, then ranks within each pid (1 = most need). */
static void aggregate_and_rank(calc *c, const scheme *s)
{
	const bp_composite_def *d = c->d;
	size_t nc = c->nc, nr = 0;
	double minc = d->min_coverage - 1e-12;
	int better = d->polarity == BP_POLARITY_HIGHER_IS_BETTER;
	for (size_t u = 0; u < c->n_u; u++) {
		double sum = 0, sw = 0;
		long np = 0, nflat = 0;
		for (size_t k = 0; k < nc; k++) {
			double sc = c->score[u * nc + k];
			if (!isnan(sc) && s->w[k] > 0) {
				sum += s->w[k] * sc;
				sw += s->w[k];
				np++;
				nflat += c->flat[u * nc + k];
			}
		}
		c->cov[u] = (double)np / (double)s->n_pos;
		c->val[u] = c->cov[u] >= minc && sw != 0 ? sum / sw : NAN;
		c->too_few[u] = !isnan(c->val[u]) && nflat == np;
		if (c->too_few[u])
			c->val[u] = NAN;
		if (!isnan(c->val[u]) && d->aggregation == BP_AGG_EXPONENTIAL && better)
			c->val[u] = 100 - c->val[u];
		c->rank[u] = 0;
		c->n_ranked[u] = 0;
		if (!isnan(c->val[u]))
			c->rank_recs[nr++] = (rec){ (uint64_t)c->u[u].pid, better ? c->val[u] : -c->val[u], (uint32_t)u };
	}
	sort_recs(c->rank_recs, nr);
	long *count = alloc(c, c->n_pid, sizeof(long));
	memset(count, 0, c->n_pid * sizeof(long));
	for (size_t i = 0; i < nr; i++)
		count[c->rank_recs[i].key]++;
	/* ties share the lowest rank: rank = 1 + the position of the first peer within the pid */
	size_t start = 0, peer = 0;
	for (size_t i = 0; i < nr; i++) {
		const rec *x = &c->rank_recs[i];
		if (i == 0 || x->key != x[-1].key)
			start = peer = i;
		else if (bp_float8_cmp(x->v, x[-1].v) != 0)
			peer = i;
		c->rank[x->idx] = (int)(peer - start + 1);
	}
	for (size_t u = 0; u < c->n_u; u++)
		c->n_ranked[u] = (int)count[c->u[u].pid];
}

/* percentile_cont(p) of the sorted x[0..n), as PostgreSQL's (linear between neighbours). */
static double quantile(const double *x, size_t n, double p)
{
	double pos = p * (double)(n - 1);
	size_t lo = (size_t)floor(pos), hi = (size_t)ceil(pos);
	double frac = pos - (double)lo;
	return lo == hi ? x[lo] : x[lo] + frac * (x[hi] - x[lo]);
}

static int cmp_double(const void *pa, const void *pb)
{
	return bp_float8_cmp(*(const double *)pa, *(const double *)pb);
}

/* A double or, for NAN (no value), a NULL. */
static void put_double(bp_buf *b, double x)
{
	if (isnan(x))
		bp_copybin_null(b);
	else
		bp_copybin_float8(b, x);
}

/*
 * The values (configured scheme, draw 0): a unit's of native components
 * into bp.indicator_value; one built from a translated component into
 * bp.indicator_value_translated (method 'composite', sql/031), a table of
 * their own rather than bp.indicator_value with a flag, because every
 * output already reads values through bp.indicator_value_shown / _served,
 * which mark a translated value with its note and let a native value of
 * the same key win; a flag on bp.indicator_value would have to be taught
 * to each of them.  Translated values get no comparisons (compare.c), as
 * every translated value.
 */
static bp_rc write_values(PGconn *conn, calc *c, int translated, const double *lo, const double *hi, bp_error *err)
{
	const bp_composite_def *d = c->d;
	bp_buf b;
	bp_rc rc;
	bp_buf_init(&b);
	if ((rc = bp_copybin_begin(conn, translated
	         ? "COPY bp.indicator_value_translated (indicator_id, area_code, indeling_year, period, "
	           "from_indeling_year, method, value, ci_low, ci_high, n_contributors, suppressed_reason, note, "
	           "synthetic, gemeente_code) FROM STDIN (FORMAT binary)"
	         : "COPY bp.indicator_value (indicator_id, area_code, indeling_year, period, value, coverage, ci_low, "
	           "ci_high, suppressed_reason, status, definition_hash, synthetic, gemeente_code) FROM STDIN (FORMAT binary)",
	         &b, err)))
		goto out;
	for (size_t u = 0; u < c->n_u && rc == BP_OK; u++) {
		const unit *x = &c->u[u];
		double v = c->out_val[u];
		if (x->translated != translated)
			continue;
		bp_copybin_row(&b, translated ? 14 : 13);
		bp_copybin_text(&b, d->id);
		bp_copybin_text(&b, x->area);
		bp_copybin_int4(&b, x->year);
		bp_copybin_text(&b, x->period);
		if (translated) {
			bp_copybin_int4(&b, x->from_year);
			bp_copybin_text(&b, "composite");
		}
		put_double(&b, v);
		if (!translated)
			put_double(&b, c->out_cov[u]);
		put_double(&b, isnan(v) ? NAN : lo[u]);
		put_double(&b, isnan(v) ? NAN : hi[u]);
		if (translated)
			bp_copybin_int4(&b, x->n_translated);
		bp_copybin_text(&b, !isnan(v) ? NULL : c->out_too_few[u] ? "too_few_to_normalise" : "low_coverage");
		if (translated) {
			bp_copybin_text(&b, x->note);
			bp_copybin_bool(&b, x->synthetic);
		} else {
			bp_copybin_text(&b, "ok");
			bp_copybin_text(&b, d->hash);
			bp_copybin_bool(&b, x->synthetic);
		}
		bp_copybin_text(&b, x->gemeente);
		rc = bp_copybin_send(conn, &b, 0, err);
	}
	if (rc == BP_OK)
		rc = bp_copybin_send(conn, &b, 1, err);
out:
	bp_buf_release(&b);
	return rc;
}

/* NULL (no gemeente) after every code, as in a btree index. */
static int cmp_nullable(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* The order of composite_score_ranking_idx (level, indeling, period,
 * gemeente), then the area: strcmp is the byte order of the database's C
 * collation. */
static int cmp_ranking_order(const void *pa, const void *pb)
{
	const unit *a = *(const unit *const *)pa, *b = *(const unit *const *)pb;
	int d;
	if ((d = strcmp(a->level, b->level)) != 0)
		return d;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if ((d = strcmp(a->period, b->period)) != 0)
		return d;
	if ((d = cmp_nullable(a->gemeente, b->gemeente)) != 0)
		return d;
	return strcmp(a->area, b->area);
}

/* One bp.composite_score row per unit: every scheme's value, rank and number
 * ranked as arrays.  The rows go in the ranking index's order: its build
 * (five columns, 18 groups of equal leading columns over all of Nederland)
 * then sorts rows that are already sorted, the dearest of the table's four
 * builds before (issue 23; bench/RESULTS.md). */
static bp_rc write_scores(PGconn *conn, calc *c, const double *rlo, const double *rhi, bp_error *err)
{
	const bp_composite_def *d = c->d;
	size_t nu = c->n_u;
	int ns = (int)c->n_s;
	bp_buf b;
	bp_rc rc;
	bp_buf_init(&b);
	const unit **order = nu ? malloc(nu * sizeof(*order)) : NULL;
	if (nu && !order) {
		rc = bp_fail(err, BP_ERR_INTERNAL, "out of memory for the order of %zu composite scores", nu);
		goto out;
	}
	for (size_t u = 0; u < nu; u++)
		order[u] = &c->u[u];
	qsort(order, nu, sizeof(*order), cmp_ranking_order);
	if ((rc = bp_copybin_begin(conn, "COPY bp.composite_score (composite_id, area_code, indeling_year, period, level, "
	                                 "gemeente_code, rank_low, rank_high, scheme, value, rank, n_ranked, note) "
	                                 "FROM STDIN (FORMAT binary)", &b, err)))
		goto out;
	for (size_t i = 0; i < nu && rc == BP_OK; i++) {
		const unit *x = order[i];
		size_t u = (size_t)(x - c->u);
		int ranked = c->out_rank[u] > 0; /* the configured scheme is the first */
		int null_values = 0, null_ranks = 0;
		for (size_t s = 0; s < c->n_s; s++) {
			null_values |= isnan(c->out_val[s * nu + u]);
			null_ranks |= c->out_rank[s * nu + u] == 0;
		}
		bp_copybin_row(&b, 13);
		bp_copybin_text(&b, d->id);
		bp_copybin_text(&b, x->area);
		bp_copybin_int4(&b, x->year);
		bp_copybin_text(&b, x->period);
		bp_copybin_text(&b, x->level);
		bp_copybin_text(&b, x->gemeente);
		put_double(&b, ranked ? rlo[u] : NAN);
		put_double(&b, ranked ? rhi[u] : NAN);
		size_t at = bp_copybin_array_begin(&b, BP_OID_TEXT, ns, 0);
		for (size_t s = 0; s < c->n_s; s++)
			bp_copybin_text(&b, c->s[s].name);
		bp_copybin_array_end(&b, at);
		at = bp_copybin_array_begin(&b, BP_OID_FLOAT8, ns, null_values);
		for (size_t s = 0; s < c->n_s; s++)
			put_double(&b, c->out_val[s * nu + u]);
		bp_copybin_array_end(&b, at);
		at = bp_copybin_array_begin(&b, BP_OID_INT4, ns, null_ranks);
		for (size_t s = 0; s < c->n_s; s++) {
			if (c->out_rank[s * nu + u] == 0)
				bp_copybin_null(&b);
			else
				bp_copybin_int4(&b, c->out_rank[s * nu + u]);
		}
		bp_copybin_array_end(&b, at);
		at = bp_copybin_array_begin(&b, BP_OID_INT4, ns, 0);
		for (size_t s = 0; s < c->n_s; s++)
			bp_copybin_int4(&b, c->out_n[s * nu + u]);
		bp_copybin_array_end(&b, at);
		bp_copybin_text(&b, x->note);
		rc = bp_copybin_send(conn, &b, 0, err);
	}
	if (rc == BP_OK)
		rc = bp_copybin_send(conn, &b, 1, err);
out:
	free(order);
	bp_buf_release(&b);
	return rc;
}

/* What input_row keeps between rows: the units met, by area, indeling and period (keys in the arena). */
typedef struct {
	calc *c;
	GHashTable *seen;
	size_t cap_in, cap_u;
} input_reader;

static int null_or(const char *d, int len, int want)
{
	return !d || len == want;
}

/* One component value (inputs_sql's columns) and its unit, numbered as met. */
static bp_rc input_row(void *ctx, int nf, const char *const *d, const int *len, bp_error *err)
{
	input_reader *ir = ctx;
	calc *c = ir->c;
	if (nf != 13 || len[0] != 4 || !d[1] || len[2] != 4 || !d[3] || !d[4] || !null_or(d[6], len[6], 8) ||
	    !null_or(d[7], len[7], 8) || !null_or(d[8], len[8], 8) || !null_or(d[10], len[10], 4) ||
	    !null_or(d[12], len[12], 1))
		return bp_fail(err, BP_ERR_INTERNAL, "a component value not of the types composite_calc.c reads");
	if (c->n_in == ir->cap_in) {
		ir->cap_in = ir->cap_in ? 2 * ir->cap_in : 4096;
		c->in = bp_xrealloc(c->in, ir->cap_in * sizeof(*c->in));
	}
	input *x = &c->in[c->n_in];
	x->k = bp_copybin_get_int4(d[0]);
	x->value = bp_copybin_get_float8_or(d[6], &x->has_value);
	x->se = bp_copybin_get_float8_or(d[7], &x->has_se);
	x->ref = bp_copybin_get_float8_or(d[8], &x->has_ref);
	x->hash = NULL;
	if (d[9] && c->draws > 0) {
		/* "{h1,h2,...}", draws of them */
		int64_t *h = alloc(c, (size_t)c->draws, sizeof(int64_t));
		const char *t = d[9] + 1;
		for (long j = 0; j < c->draws; j++) {
			char *end;
			h[j] = strtoll(t, &end, 10);
			t = *end ? end + 1 : end;
		}
		x->hash = h;
	}
	unit key = { .area = d[1], .year = bp_copybin_get_int4(d[2]), .period = d[3] };
	gpointer hit;
	size_t ui;
	if (g_hash_table_lookup_extended(ir->seen, &key, NULL, &hit))
		ui = GPOINTER_TO_SIZE(hit) - 1;
	else {
		if (c->n_u == ir->cap_u) {
			ir->cap_u = ir->cap_u ? 2 * ir->cap_u : 1024;
			c->u = bp_xrealloc(c->u, ir->cap_u * sizeof(*c->u));
		}
		ui = c->n_u++;
		unit *u = &c->u[ui], *k = alloc(c, 1, sizeof(*k));
		memset(u, 0, sizeof(*u));
		u->area = bp_arena_strndup(c->arena, d[1], (size_t)len[1]);
		u->year = key.year;
		u->period = bp_arena_strndup(c->arena, d[3], (size_t)len[3]);
		u->level = bp_arena_strndup(c->arena, d[4], (size_t)len[4]);
		u->gemeente = d[5] ? bp_arena_strndup(c->arena, d[5], (size_t)len[5]) : NULL;
		*k = *u; /* the key: its strings do not move with c->u */
		g_hash_table_insert(ir->seen, k, GSIZE_TO_POINTER(ui + 1));
	}
	/* a NULL note read as text format reads it: "" */
	if (d[10])
		add_translated(c, &c->u[ui], bp_copybin_get_int4(d[10]), d[11] ? d[11] : "", d[12] && d[12][0] == 1);
	/* a composite of a synthetic component's value is synthetic too, native or translated: labelled as such */
	c->u[ui].synthetic |= d[12] && d[12][0] == 1;
	x->uid = (int)ui;
	c->n_in++;
	return BP_OK;
}

/* sql with each $n (1 .. n) replaced by p[n - 1] quoted as a literal (NULL: NULL): COPY takes no parameters. */
static bp_rc inline_params(PGconn *conn, const char *sql, const char *const *p, int n, bp_buf *out, bp_error *err)
{
	for (const char *t = sql; *t; t++) {
		if (*t != '$' || t[1] < '1' || t[1] > '0' + n) {
			bp_buf_addc(out, *t);
			continue;
		}
		const char *v = p[t[1] - '1'];
		t++;
		if (!v) {
			bp_buf_adds(out, "NULL");
			continue;
		}
		char *lit = PQescapeLiteral(conn, v, strlen(v));
		if (!lit)
			return bp_pg_fail(err, conn, NULL, "cannot quote a composite's parameter");
		bp_buf_adds(out, lit);
		PQfreemem(lit);
	}
	return BP_OK;
}

/*
 * The component values as a binary COPY read a row at a time, not as a
 * PGresult: the doubles and integers as they are, not printed by the
 * server and parsed here, and of each row only what is kept (all of
 * Nederland: ~165,000 rows of 13 cells per composite, which as a PGresult
 * took 16 bytes per cell besides its data, each page touched once;
 * bench/RESULTS.md).  The units' strings are copied once per unit.
 */
static bp_rc read_inputs(PGconn *conn, calc *c, bp_error *err)
{
	const bp_composite_def *d = c->d;
	bp_buf ids, q, copy;
	char draws[32], seed[32];
	bp_buf_init(&ids);
	bp_buf_init(&q);
	bp_buf_init(&copy);
	bp_buf_addc(&ids, '{');
	for (size_t i = 0; i < d->n_components; i++) {
		if (i)
			bp_buf_addc(&ids, ',');
		bp_buf_printf(&ids, "\"%s\"", d->components[i].indicator); /* ids hold [a-z0-9_] */
	}
	bp_buf_addc(&ids, '}');
	int index = d->normalisation == BP_NORM_INDEX && d->aggregation != BP_AGG_EXPONENTIAL;
	bp_buf_printf(&q, inputs_sql, index ? "rv.value" : "NULL::float8", index ? ref_join : "");
	snprintf(draws, sizeof(draws), "%ld", c->draws);
	snprintf(seed, sizeof(seed), "%ld", d->seed);
	const char *p[] = { ids.data, draws, seed, d->index_reference, d->index_base_period };
	bp_buf_adds(&copy, "COPY (");
	bp_rc rc = inline_params(conn, q.data, p, index ? 5 : 3, &copy, err);
	bp_buf_adds(&copy, ") TO STDOUT (FORMAT binary)");
	input_reader ir = { .c = c, .seen = g_hash_table_new(unit_hash, unit_equal) };
	if (rc == BP_OK)
		rc = bp_copybin_read(conn, copy.data, 13, input_row, &ir, err);
	g_hash_table_destroy(ir.seen);
	bp_buf_release(&ids);
	bp_buf_release(&q);
	bp_buf_release(&copy);
	return rc;
}

bp_rc bp_composite_calc_read(PGconn *conn, const bp_composite_def *d, bp_composite_calc **out, bp_error *err)
{
	calc *c = bp_xcalloc(1, sizeof(*c));
	c->d = d;
	c->arena = bp_arena_new();
	c->nc = d->n_components;
	c->draws = d->draws;
	bp_rc rc = read_inputs(conn, c, err);
	if (rc) {
		bp_composite_calc_free(c);
		return rc;
	}
	*out = c;
	return BP_OK;
}

void bp_composite_calc_inputs(const bp_composite_calc *c, int *any, int *intervals)
{
	*any = *intervals = 0;
	for (size_t i = 0; i < c->n_in; i++) {
		*any |= c->in[i].has_value;
		*intervals |= c->in[i].has_value && c->in[i].has_se;
	}
}

bp_rc bp_composite_calc_write(PGconn *conn, bp_composite_calc *c, int simulate, long *values, long *ranks,
                              bp_error *err)
{
	long draws = simulate ? c->draws : 0;
	bp_rc rc;
	number_units(c);
	make_schemes(c);
	size_t nu = c->n_u;
	c->v = alloc(c, c->n_in, sizeof(double));
	c->score = alloc(c, nu * c->nc, sizeof(double));
	c->flat = alloc(c, nu * c->nc, 1);
	c->too_few = alloc(c, nu, 1);
	c->out_too_few = alloc(c, nu, 1);
	c->rank_recs = alloc(c, nu, sizeof(rec));
	c->val = alloc(c, nu, sizeof(double));
	c->cov = alloc(c, nu, sizeof(double));
	c->rank = alloc(c, nu, sizeof(int));
	c->n_ranked = alloc(c, nu, sizeof(int));
	c->out_val = alloc(c, c->n_s * nu, sizeof(double));
	c->out_cov = alloc(c, c->n_s * nu, sizeof(double));
	c->out_rank = alloc(c, c->n_s * nu, sizeof(int));
	c->out_n = alloc(c, c->n_s * nu, sizeof(int));
	c->groups = alloc(c, c->n_in, sizeof(rec));
	for (size_t i = 0; i < c->n_in; i++)
		if (c->in[i].has_value)
			c->groups[c->n_groups++] = (rec){ (uint64_t)c->in[i].k * c->n_pid + (uint64_t)c->u[c->in[i].uid].pid, 0,
			                                  (uint32_t)i };
	if (draws > 0) {
		c->sim_val = alloc(c, nu * (size_t)draws, sizeof(double));
		c->sim_rank = alloc(c, nu * (size_t)draws, sizeof(double));
		c->n_sim = alloc(c, nu, sizeof(int));
		memset(c->n_sim, 0, nu * sizeof(int));
	}
	for (long dr = 0; dr <= draws; dr++) {
		draw_values(c, dr);
		normalise(c);
		for (size_t s = 0; s < (dr == 0 ? c->n_s : 1); s++) {
			aggregate_and_rank(c, &c->s[s]);
			if (dr == 0) {
				memcpy(c->out_val + s * nu, c->val, nu * sizeof(double));
				memcpy(c->out_cov + s * nu, c->cov, nu * sizeof(double));
				memcpy(c->out_rank + s * nu, c->rank, nu * sizeof(int));
				memcpy(c->out_n + s * nu, c->n_ranked, nu * sizeof(int));
				if (s == 0)
					memcpy(c->out_too_few, c->too_few, nu);
				continue;
			}
			for (size_t u = 0; u < nu; u++)
				if (!isnan(c->val[u])) {
					size_t at = u * (size_t)draws + (size_t)c->n_sim[u]++;
					c->sim_val[at] = c->val[u];
					c->sim_rank[at] = c->rank[u];
				}
		}
	}
	double *lo = alloc(c, nu, sizeof(double)), *hi = alloc(c, nu, sizeof(double));
	double *rlo = alloc(c, nu, sizeof(double)), *rhi = alloc(c, nu, sizeof(double));
	for (size_t u = 0; u < nu; u++) {
		lo[u] = hi[u] = rlo[u] = rhi[u] = NAN;
		if (draws == 0 || c->n_sim[u] == 0)
			continue;
		double *sv = c->sim_val + u * (size_t)draws, *sr = c->sim_rank + u * (size_t)draws;
		size_t n = (size_t)c->n_sim[u];
		qsort(sv, n, sizeof(double), cmp_double);
		qsort(sr, n, sizeof(double), cmp_double);
		lo[u] = quantile(sv, n, 0.025);
		hi[u] = quantile(sv, n, 0.975);
		rlo[u] = quantile(sr, n, 0.025);
		rhi[u] = quantile(sr, n, 0.975);
	}
	if ((rc = write_values(conn, c, 0, lo, hi, err)) || (rc = write_values(conn, c, 1, lo, hi, err)) ||
	    (rc = write_scores(conn, c, rlo, rhi, err)))
		return rc;
	*values = (long)nu;
	*ranks = (long)(nu * c->n_s);
	return BP_OK;
}

void bp_composite_calc_free(bp_composite_calc *c)
{
	if (!c)
		return;
	free(c->in);
	free(c->u);
	bp_arena_free(c->arena);
	free(c);
}
