/*
 * similar_nearest.c: the k nearest rows of a matrix with missing values
 * (similar.h: bp_similar_nearest and bp_similar_nearest_all), for the
 * similar areas (similar.c).  No Debian C library does k-nearest-neighbours
 * with missing values and a distance over the columns both rows have.
 */
#include "engine/similar.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Insert row j at distance d into a top-k list sorted nearest first, ties
 * by the lower index: the list holds the first k by (distance, index)
 * whatever order its candidates come in (bp_similar_nearest_all feeds
 * them in no fixed order).
 */
static void topk_insert(size_t *idx, double *dist, size_t *sh, size_t *found, size_t k, size_t j, double d,
                        size_t shared)
{
	size_t pos = *found;
	while (pos > 0 && (d < dist[pos - 1] || (d == dist[pos - 1] && j < idx[pos - 1])))
		pos--;
	if (pos >= k)
		return;
	size_t last = *found < k ? *found : k - 1;
	for (size_t t = last; t > pos; t--) {
		idx[t] = idx[t - 1];
		dist[t] = dist[t - 1];
		sh[t] = sh[t - 1];
	}
	idx[pos] = j;
	dist[pos] = d;
	sh[pos] = shared;
	if (*found < k)
		(*found)++;
}

/* Sum of squared differences of rows a and b over the columns both have. */
static double pair_ss(const double *a, const double *b, size_t p, size_t *shared)
{
	double ss = 0;
	size_t s = 0;
	for (size_t v = 0; v < p; v++) {
		if (isnan(a[v]) || isnan(b[v]))
			continue;
		double d = a[v] - b[v];
		ss += d * d;
		s++;
	}
	*shared = s;
	return ss;
}

size_t bp_similar_nearest(const double *m, size_t n, size_t p, size_t i, size_t k, size_t min_shared,
                          size_t *out_idx, double *out_dist, size_t *out_shared)
{
	size_t found = 0;
	for (size_t j = 0; j < n; j++) {
		if (j == i)
			continue;
		size_t shared;
		double ss = pair_ss(m + i * p, m + j * p, p, &shared);
		if (shared < min_shared || shared == 0)
			continue;
		topk_insert(out_idx, out_dist, out_shared, &found, k, j, sqrt(ss / (double)shared), shared);
	}
	return found;
}

/* The lists of bp_similar_nearest_all while they are found. */
typedef struct {
	const double *m;    /* n x p: the columns with a value in some row only */
	size_t n, p, k, min_shared;
	size_t *idx, *shared, *found;
	double *dist;
	double *thr;        /* squared distance from which a candidate can no longer enter row i's full list */
	unsigned char *full;
	size_t work;        /* pairs and tree nodes looked at (scan_full) */
	int how;            /* bp_similar_nearest_all_by */
} knn;

/*
 * thr[i] carries a margin for the rounding of dist^2, so that the exact
 * test in topk_insert still decides every close case.
 */
static void offer(knn *s, size_t i, size_t j, double d, size_t shared)
{
	size_t k = s->k;
	topk_insert(s->idx + i * k, s->dist + i * k, s->shared + i * k, &s->found[i], k, j, d, shared);
	if (s->found[i] == k)
		s->thr[i] = s->dist[i * k + k - 1] * s->dist[i * k + k - 1] * (1 + 1e-9);
}

/*
 * Stop for a partial sum of squares: past it the pair's mean square (ss
 * over at most p shared columns) is at least thr, and the test in
 * pair_missing and pair_full would skip it (a shade above, for the
 * rounding of ss / s; an infinite threshold never stops).
 */
static double stop_at(const knn *s, double thr)
{
	return thr * (double)s->p * (1 + 1e-12);
}

/*
 * Rows i and j with a missing value in either: the shared columns' sum,
 * offered to both lists.  The full sum, where it is taken, is the same sum
 * in the same order as pair_ss's.
 */
static void pair_missing(knn *s, size_t i, size_t j)
{
	const double *a = s->m + i * s->p, *b = s->m + j * s->p;
	double stop = stop_at(s, s->thr[i] > s->thr[j] ? s->thr[i] : s->thr[j]), ss = 0;
	size_t sh = 0, v = 0;
	for (; v < s->p; v++) {
		if (!isnan(a[v]) && !isnan(b[v])) {
			double d = a[v] - b[v];
			ss += d * d;
			sh++;
		}
		if ((v & 3) == 3 && ss > stop)
			return;
	}
	if (sh < s->min_shared || sh == 0)
		return;
	double q = ss / (double)sh;
	if (q < s->thr[i])
		offer(s, i, j, sqrt(q), sh);
	if (q < s->thr[j])
		offer(s, j, i, sqrt(q), sh);
}

/*
 * Full rows i and j (every column), for row i's list (and row j's: both).
 * The partial sum is checked every four columns: most pairs are far apart.
 */
static inline void pair_full(knn *s, size_t i, size_t j, int both)
{
	size_t p = s->p, v = 0;
	const double *a = s->m + i * p, *b = s->m + j * p;
	double ti = s->thr[i], tj = s->thr[j];
	double stop = stop_at(s, both && tj > ti ? tj : ti), ss = 0;
	for (; v < p; v++) {
		double d = a[v] - b[v];
		ss += d * d;
		if ((v & 3) == 3 && ss > stop)
			return;
	}
	if (p < s->min_shared)
		return;
	double q = ss / (double)p;
	if (q < ti)
		offer(s, i, j, sqrt(q), p);
	if (both && q < tj)
		offer(s, j, i, sqrt(q), p);
}

typedef struct {
	double key;
	size_t row;
} axis_rec;

static int cmp_axis(const void *pa, const void *pb)
{
	const axis_rec *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

/* A k-d tree of the full rows: node t's rows are row[first .. last), inside its box lo..hi. */
typedef struct {
	size_t first, last;
	size_t child; /* 0: a leaf; else the children are child and child + 1 */
} kd_node;

typedef struct {
	kd_node *node;
	double *box;  /* node t's lo at box[2 t p], its hi p further */
	size_t *row;
	axis_rec *tmp;
	size_t n_node;
} kd_tree;

#define KD_LEAF 8

/* Node t: its box, and its rows split at the median of its widest column (none: a leaf). */
static void kd_build(const knn *s, kd_tree *t, size_t at)
{
	size_t p = s->p, first = t->node[at].first, last = t->node[at].last;
	double *lo = t->box + 2 * at * p, *hi = lo + p;
	for (size_t v = 0; v < p; v++)
		lo[v] = hi[v] = s->m[t->row[first] * p + v];
	for (size_t r = first + 1; r < last; r++)
		for (size_t v = 0; v < p; v++) {
			double x = s->m[t->row[r] * p + v];
			lo[v] = x < lo[v] ? x : lo[v];
			hi[v] = x > hi[v] ? x : hi[v];
		}
	t->node[at].child = 0;
	size_t axis = 0;
	for (size_t v = 1; v < p; v++)
		if (hi[v] - lo[v] > hi[axis] - lo[axis])
			axis = v;
	if (last - first <= KD_LEAF || !(hi[axis] > lo[axis]))
		return;
	for (size_t r = first; r < last; r++)
		t->tmp[r - first] = (axis_rec){ s->m[t->row[r] * p + axis], t->row[r] };
	qsort(t->tmp, last - first, sizeof(*t->tmp), cmp_axis);
	for (size_t r = first; r < last; r++)
		t->row[r] = t->tmp[r - first].row;
	size_t mid = first + (last - first) / 2, c = t->n_node;
	t->n_node += 2;
	t->node[at].child = c;
	t->node[c] = (kd_node){ first, mid, 0 };
	t->node[c + 1] = (kd_node){ mid, last, 0 };
	kd_build(s, t, c);
	kd_build(s, t, c + 1);
}

/*
 * The sum of squares from row a to node t's box, column by column in
 * pair_full's order: each term is at most that column's term for any row
 * in the box (the subtractions and squares of floating point keep the
 * order of their operands, and so does a sum of terms that are not
 * negative), so the sum is at most any such pair's sum.
 */
static double kd_bound(const knn *s, const kd_tree *t, size_t at, const double *a)
{
	const double *lo = t->box + 2 * at * s->p, *hi = lo + s->p;
	double ss = 0;
	for (size_t v = 0; v < s->p; v++) {
		double d = a[v] < lo[v] ? lo[v] - a[v] : a[v] > hi[v] ? a[v] - hi[v] : 0;
		ss += d * d;
	}
	return ss;
}

/* Row i's list from the rows of node t, the nearer child first (its threshold tightens before the other). */
static void kd_search(knn *s, const kd_tree *t, size_t at, size_t i, double bound)
{
	s->work++;
	if (bound > stop_at(s, s->thr[i]))
		return;
	const kd_node *nd = &t->node[at];
	if (!nd->child) {
		s->work += nd->last - nd->first;
		for (size_t r = nd->first; r < nd->last; r++)
			if (t->row[r] != i)
				pair_full(s, i, t->row[r], 0);
		return;
	}
	const double *a = s->m + i * s->p;
	double b0 = kd_bound(s, t, nd->child, a), b1 = kd_bound(s, t, nd->child + 1, a);
	size_t near = b1 < b0;
	kd_search(s, t, nd->child + near, i, near ? b1 : b0);
	kd_search(s, t, nd->child + !near, i, near ? b0 : b1);
}

/* Row i's list among the full rows, through the tree: a node further than the list can take is left. */
static void kd_query(knn *s, const kd_tree *t, size_t i)
{
	kd_search(s, t, 0, i, kd_bound(s, t, 0, s->m + i * s->p));
}

/*
 * Whether the tree pays: its search for a sample of the rows (into
 * scratch lists) against every pair once, which is n (n - 1) / 2 pairs.
 * A search looks at every row near it twice (once from each side) and
 * at its nodes, so it pays where it looks at less than a fifth of the
 * rows: with few columns (all of Nederland's bench data, five: ~5 %),
 * not always with eleven (where distances are more alike).
 */
#define KD_SAMPLE 64

static int kd_pays(const knn *s, const kd_tree *t, size_t nf)
{
	if (s->how)
		return s->how == 1;
	/* fewer rows: every pair is quick anyway (1,024 rows: half a million pairs, ~10 ms).  Above
	 * that the sample decides: the 3,302 wijken of all of Nederland with five variables go through
	 * the tree instead of their 5.45 million pairs (the similar areas' instructions 941 -> 600
	 * million, bench/RESULTS.md); eleven real KWB variables are near even, and the sample's cost
	 * (64 searches against n^2 / 2 pairs) is a few per cent of the pairs it then takes. */
	if (nf < 1024)
		return 0;
	knn x = *s;
	size_t k = s->k;
	x.idx = malloc(s->n * k * sizeof(*x.idx));
	x.shared = malloc(s->n * k * sizeof(*x.shared));
	x.dist = malloc(s->n * k * sizeof(*x.dist));
	x.found = malloc(s->n * sizeof(*x.found));
	x.thr = malloc(s->n * sizeof(*x.thr));
	int pays = 0;
	if (x.idx && x.shared && x.dist && x.found && x.thr) {
		memcpy(x.idx, s->idx, s->n * k * sizeof(*x.idx));
		memcpy(x.shared, s->shared, s->n * k * sizeof(*x.shared));
		memcpy(x.dist, s->dist, s->n * k * sizeof(*x.dist));
		memcpy(x.found, s->found, s->n * sizeof(*x.found));
		memcpy(x.thr, s->thr, s->n * sizeof(*x.thr));
		x.work = 0;
		for (size_t r = 0; r < KD_SAMPLE; r++)
			kd_query(&x, t, t->row[r * (nf / KD_SAMPLE)]);
		/* per row: x.work / KD_SAMPLE; every pair once: (nf - 1) / 2 per row.  A fifth: measured
		 * on KWB 2021's 1,751 wijken with all eleven variables (44 %: the pairs 0.029 s, the tree
		 * 0.035 s), them four times over with jitter (18 %: 0.32, 0.21 s), synthetic 11 columns
		 * (40 %: 1.36, 1.86 s) and the bench's buurten (5 %: 0.54, 0.12 s). */
		pays = (double)x.work / KD_SAMPLE < 0.2 * (double)(nf - 1) / 2;
	}
	free(x.idx);
	free(x.shared);
	free(x.dist);
	free(x.found);
	free(x.thr);
	return pays;
}

/*
 * The full rows' lists among the full rows: through a k-d tree of them
 * where it pays (kd_pays), else every pair once for both rows' lists, a
 * pair left once its partial sum is past what either list could still
 * take (the bound is a shade above p x the larger threshold, stop_at).
 */
static int scan_full(knn *s)
{
	size_t n = s->n, nf = 0;
	for (size_t i = 0; i < n; i++)
		nf += s->full[i];
	if (nf < 2)
		return 1;
	kd_tree t = { 0 };
	t.node = malloc(2 * nf * sizeof(*t.node));
	t.box = malloc(2 * nf * 2 * s->p * sizeof(*t.box));
	t.row = malloc(nf * sizeof(*t.row));
	t.tmp = malloc(nf * sizeof(*t.tmp));
	int ok = t.node && t.box && t.row && t.tmp;
	if (ok) {
		nf = 0;
		for (size_t i = 0; i < n; i++)
			if (s->full[i])
				t.row[nf++] = i;
		t.node[0] = (kd_node){ 0, nf, 0 };
		t.n_node = 1;
		if (!kd_pays(s, (kd_build(s, &t, 0), &t), nf)) {
			/* the full rows in index order again, for the pairs */
			nf = 0;
			for (size_t i = 0; i < n; i++)
				if (s->full[i])
					t.row[nf++] = i;
			for (size_t a = 0; a < nf; a++)
				for (size_t b = a + 1; b < nf; b++)
					pair_full(s, t.row[a], t.row[b], 1);
		} else
			for (size_t r = 0; r < nf; r++)
				kd_query(s, &t, t.row[r]);
	}
	free(t.node);
	free(t.box);
	free(t.row);
	free(t.tmp);
	return ok;
}

/*
 * Which columns have a value in some row (the others add nothing to any
 * pair: neither to its sum nor to its count); m's rows over those columns
 * into c.  Returns their number.
 */
static size_t live_columns(const double *m, size_t n, size_t p, double *c)
{
	size_t q = 0;
	for (size_t v = 0; v < p; v++) {
		size_t i = 0;
		while (i < n && isnan(m[i * p + v]))
			i++;
		if (i == n)
			continue;
		for (i = 0; i < n; i++)
			c[i * p + q] = m[i * p + v];
		q++;
	}
	/* packed to n x q in place (row i of q columns starts at i * q <= i * p) */
	for (size_t i = 0; i < n; i++)
		memmove(c + i * q, c + i * p, q * sizeof(*c));
	return q;
}

void bp_similar_nearest_all(const double *m, size_t n, size_t p, size_t k, size_t min_shared, size_t *idx,
                            double *dist, size_t *shared, size_t *found)
{
	bp_similar_nearest_all_by(m, n, p, k, min_shared, idx, dist, shared, found, 0);
}

void bp_similar_nearest_all_by(const double *m, size_t n, size_t p, size_t k, size_t min_shared, size_t *idx,
                               double *dist, size_t *shared, size_t *found, int how)
{
	/*
	 * Not every pair: the rows with every column (the same sum in the
	 * same order as pair_ss's, without the tests for missing values) are
	 * searched through a k-d tree where it pays (scan_full; all of
	 * Nederland's bench data, 13,074 buurten with five variables: 0.8 ->
	 * 0.13 s of the client's CPU), and a pair whose partial sum is past
	 * what its lists could still take is left.  Pairs with a missing
	 * value in either row are all taken, each once for both rows' lists.
	 * Columns missing in every row are left out first: with them no row
	 * would be full.
	 */
	double *c = malloc((n ? n : 1) * (p ? p : 1) * sizeof(*c));
	unsigned char *full = malloc(n ? n : 1);
	double *thr = malloc((n ? n : 1) * sizeof(*thr));
	for (size_t i = 0; i < n; i++)
		found[i] = 0;
	if (!c || !full || !thr)
		goto fallback;
	size_t q = live_columns(m, n, p, c);
	knn s = { c, n, q, k, min_shared, idx, shared, found, dist, thr, full, 0, how };
	for (size_t i = 0; i < n; i++) {
		size_t v = 0;
		while (v < q && !isnan(c[i * q + v]))
			v++;
		full[i] = v == q;
		thr[i] = INFINITY;
	}
	if (k == 0 || q == 0)
		goto out;
	/* each pair with a missing value once: from its row with one, or from the lower of two */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n && !full[i]; j++)
			if (j != i && (full[j] || j > i))
				pair_missing(&s, i, j);
	if (!scan_full(&s)) {
		for (size_t i = 0; i < n; i++)
			found[i] = 0;
		goto fallback;
	}
	goto out;
fallback:
	for (size_t i = 0; i < n; i++)
		found[i] = bp_similar_nearest(m, n, p, i, k, min_shared, idx + i * k, dist + i * k, shared + i * k);
out:
	free(c);
	free(full);
	free(thr);
}
