/*
 * compare_rank.c: the rows of bp.comparison_rank (sql/014), computed in C
 * from one read of the values and written with COPY.  One row per value;
 * the view bp.indicator_comparison adds values, reference values and
 * differences by joins.  Percentile ranks and the change's z-test: see
 * compare.c.
 *
 * Land and gemeente: count, mean, population sd and percent_rank per
 * distribution: indicator, level, indeling and period (and gemeente).
 * percent_rank is taken within the values that exist, so N is the number
 * of published values; an unpublished value is counted nowhere and gets no
 * z, rank or flag.  Level is in every distribution, so the areas of one
 * level never enter another level's.  z needs N >= 2 (land) or N >=
 * BP_COMPARE_MIN_GEMEENTE_AREAS (gemeente: wijken, buurten and custom areas
 * only); percent rank and flag need N >= BP_COMPARE_MIN_DECILE_AREAS in
 * either (compare.h says why); the flag is percent rank >=
 * BP_COMPARE_WORST_DECILE.
 *
 * Change: the previous period with a row for the same indicator, area and
 * indeling (text order of period), z = difference / sqrt(se^2 + se_prev^2).
 *
 * Similar areas (bp.similar_area, engine/similar.c): the reference value
 * over the area's similar areas in the same indicator, indeling and period.
 * 'pooled' = sum(value x denominator) / sum(denominator) when every similar
 * area with a value has a denominator above 0: for a ratio that is the
 * ratio recomputed from the summed numerators and denominators (value x
 * denominator = numerator x scale), for a published share the
 * base-weighted share; otherwise ('mean') their unweighted mean (composite
 * indices, shares without a base).  z = (value - mean) / population sd of
 * the similar areas' values (at least 2).  A value gets a similar_areas row
 * when one of its similar areas has a row for the indicator and period.
 *
 * Why not SQL: the same rows as one statement of window functions took
 * 1.2 s per half of all of Nederland, most of it the similar areas'
 * reference (every value joined to the values of its ten similar areas: 2.2
 * million rows, grouped) and five sorts of the values, each window storing
 * every row it passes.  Here the values are read once (binary), sorted
 * three ways as small records (sortdef.h's inlined sort, then two stable counting sorts),
 * and a similar area's value is found through an
 * index of (indicator, area) runs; most of what is left is the COPY.  No
 * library computes windowed ranks over a PGresult.  Means and sds are
 * two-pass sums; they may differ from PostgreSQL's running sums in the
 * last digit, and where every value of a distribution is equal the sd is
 * exactly 0 (no z) where the running sum could leave a remainder.
 *
 * Memory: the part's values (about 220,000 on all of Nederland) as records
 * of about 100 bytes, one sort record each, one int per indicator and
 * area, in an arena freed before return.  Strings point into the
 * PGresults of the areas and indicators, which live as long as the
 * computation; the values come as a binary COPY, a row at a time.  A part that hands its
 * rows over (bp_rank_handover) holds them formatted until the other part
 * has written them: 38 MB for the second part of all of Nederland (243,000
 * rows), in a buffer of up to twice that.
 */
#include "engine/compare_rank.h"

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
#include "engine/compare.h"

typedef struct {
	const char *code, *level, *gemeente;
	int year;
	int lyno;        /* level x indeling, numbered from 0 */
	int gid;         /* the gemeente, numbered from 1; 0: none */
	int in_gemeente; /* a wijk, buurt or custom area with a gemeente: gemeente distributions apply */
	int buurt_in_wijk;
} area;

typedef struct {
	int ind, aid, per;
	int has_value, has_den, has_se, neutral;
	double value, need, den, se;
	/* results of the windows */
	long l_n, g_n;
	double l_mean, l_sd, l_pct, g_mean, g_sd, g_pct;
	int prev; /* the previous period's row of the same indicator and area; -1: none */
} value;

/* What the sorts sort: a partition key, then need among the published values. */
typedef struct {
	uint64_t key;
	uint64_t sub; /* p: the period; l and g: 0 published, 1 not */
	double need;
	uint32_t idx;
} sortrec;

static int cmp_rec(const void *pa, const void *pb)
{
	const sortrec *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	int c = bp_float8_cmp(a->need, b->need);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static inline int rec_less(const sortrec *a, const sortrec *b)
{
	return cmp_rec(a, b) < 0;
}

/* cmp_rec's order with the comparison inlined (sortdef.h: this sort through qsort was ~8 % of a compute's
 * client instructions over all of Nederland). */
BP_SORT_DEFINE(sort_recs, sortrec, rec_less)

/* Areas are found by code and indeling in a GHashTable of the area records themselves. */
static guint area_hash(gconstpointer p)
{
	const area *a = p;
	return g_str_hash(a->code) * 31u + (guint)a->year;
}

static gboolean area_equal(gconstpointer pa, gconstpointer pb)
{
	const area *a = pa, *b = pb;
	return a->year == b->year && strcmp(a->code, b->code) == 0;
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Sorted unique strings; returns their number. */
static size_t unique_strings(const char **s, size_t n)
{
	if (n == 0)
		return 0;
	qsort(s, n, sizeof(*s), cmp_str);
	size_t u = 1;
	for (size_t i = 1; i < n; i++)
		if (strcmp(s[i], s[u - 1]) != 0)
			s[u++] = s[i];
	return u;
}

/* Index of s in the sorted unique list, or -1. */
static long find_string(const char *const *list, size_t n, const char *s)
{
	const char *const *hit = bsearch(&s, list, n, sizeof(*list), cmp_str);
	return hit ? (long)(hit - list) : -1;
}

/* As find_string, trying the previous hit first (values come grouped by indicator, periods repeat). */
static long find_cached(const char *const *list, size_t n, const char *s, long *last)
{
	if (*last >= 0 && strcmp(list[*last], s) == 0)
		return *last;
	return *last = find_string(list, n, s);
}

static long find_area(GHashTable *by_key, const area *areas, const char *code, int year)
{
	area key = { .code = code, .year = year };
	const area *hit = g_hash_table_lookup(by_key, &key);
	return hit ? (long)(hit - areas) : -1;
}

/* What one land distribution covers (sql/018): a row of it, and its counts. */
typedef struct {
	uint32_t first;  /* a value of the distribution: its indicator, level, indeling and period */
	int n_areas, n_ranked, n_gemeenten;
} scope;

typedef struct {
	bp_arena *arena;
	PGresult *r_area, *r_ind, *r_pair;
	area *areas;
	GHashTable *by_key;   /* area -> its record, by code and indeling */
	size_t n_areas, n_lyno;
	const char **ind_ids; /* sorted */
	int *ind_neutral;     /* polarity neutral: ranked by value, never flagged */
	int *ind_better;      /* higher-is-better: need is the value negated */
	size_t n_ind;
	const char **periods; /* sorted: per = index */
	size_t n_per;
	value *v;             /* malloc'd (grows as read) */
	size_t n_v;
	int *pair_start, *pair_aid; /* the similar areas of area a: pair_aid[pair_start[a] .. pair_start[a + 1]) */
	int *run;                   /* first row (in p order) of indicator i and area a at [i * n_areas + a]; -1: none */
	uint32_t *p_order;          /* rows sorted by indicator, area, period */
	scope *scopes;              /* one per land distribution (bp.comparison_scope) */
	size_t n_scopes;
} ranks;

/* In the key's order: areas are numbered as read, so p_order (indicator, area, period) is the
 * order of bp.comparison_rank's key, in which the rows are written (bp_compare_rank_values), where
 * the collation is C, as strcmp (the embedded cluster's, cluster.c); under another collation the
 * rows are the same, only the key's build sorts more. */
static const char areas_sql[] =
	"SELECT code, indeling_year, level, gemeente_code, parent_code FROM bp.area ORDER BY code, indeling_year";
static const char ind_sql[] = "SELECT id, polarity = 'neutral', polarity = 'higher-is-better' FROM bp.indicator";
static const char pairs_sql[] = "SELECT area_code, indeling_year, similar_code FROM bp.similar_area";

static bp_rc load_areas(PGconn *conn, ranks *k, bp_error *err)
{
	bp_rc rc = bp_pg_query(conn, areas_sql, 0, NULL, &k->r_area, err);
	if (rc)
		return rc;
	PGresult *r = k->r_area;
	size_t n = (size_t)PQntuples(r);
	k->areas = bp_arena_alloc(k->arena, n * sizeof(*k->areas));
	const char **gem = bp_arena_alloc(k->arena, n * sizeof(*gem));
	size_t n_gem = 0;
	for (size_t i = 0; i < n; i++) {
		area *a = &k->areas[i];
		int row = (int)i;
		a->code = PQgetvalue(r, row, 0);
		if ((rc = bp_pg_int(r, row, 1, &a->year, err)))
			return rc;   /* k->r_area is cleared with k */
		a->level = PQgetvalue(r, row, 2);
		a->gemeente = PQgetisnull(r, row, 3) ? NULL : PQgetvalue(r, row, 3);
		a->buurt_in_wijk = strcmp(a->level, "buurt") == 0 && !PQgetisnull(r, row, 4);
		if (a->gemeente)
			gem[n_gem++] = a->gemeente;
	}
	k->n_areas = n;
	k->by_key = g_hash_table_new(area_hash, area_equal);
	bp_arena_on_free(k->arena, (void (*)(void *))g_hash_table_destroy, k->by_key);
	for (size_t i = 0; i < n; i++)
		g_hash_table_insert(k->by_key, &k->areas[i], &k->areas[i]);
	n_gem = unique_strings(gem, n_gem);
	/* level x indeling: a handful of combinations, numbered as met */
	const char **ly_level = bp_arena_alloc(k->arena, n * sizeof(*ly_level));
	int *ly_year = bp_arena_alloc(k->arena, n * sizeof(*ly_year));
	for (size_t i = 0; i < n; i++) {
		area *a = &k->areas[i];
		size_t j = 0;
		while (j < k->n_lyno && !(ly_year[j] == a->year && strcmp(ly_level[j], a->level) == 0))
			j++;
		if (j == k->n_lyno) {
			ly_level[j] = a->level;
			ly_year[j] = a->year;
			k->n_lyno++;
		}
		a->lyno = (int)j;
		a->gid = a->gemeente ? (int)find_string(gem, n_gem, a->gemeente) + 1 : 0;
		a->in_gemeente = a->gid && (strcmp(a->level, "wijk") == 0 || strcmp(a->level, "buurt") == 0 ||
		                            strcmp(a->level, "custom") == 0);
	}
	return BP_OK;
}

static bp_rc load_indicators(PGconn *conn, ranks *k, bp_error *err)
{
	bp_rc rc = bp_pg_query(conn, ind_sql, 0, NULL, &k->r_ind, err);
	if (rc)
		return rc;
	size_t n = (size_t)PQntuples(k->r_ind);
	k->ind_ids = bp_arena_alloc(k->arena, n * sizeof(*k->ind_ids));
	for (size_t i = 0; i < n; i++)
		k->ind_ids[i] = PQgetvalue(k->r_ind, (int)i, 0);
	k->n_ind = unique_strings(k->ind_ids, n); /* ids are the key: n stays */
	k->ind_neutral = bp_arena_alloc(k->arena, n * sizeof(*k->ind_neutral));
	k->ind_better = bp_arena_alloc(k->arena, n * sizeof(*k->ind_better));
	for (size_t i = 0; i < n; i++) {
		long at = find_string(k->ind_ids, k->n_ind, PQgetvalue(k->r_ind, (int)i, 0));
		k->ind_neutral[at] = PQgetvalue(k->r_ind, (int)i, 1)[0] == 't';
		k->ind_better[at] = PQgetvalue(k->r_ind, (int)i, 2)[0] == 't';
	}
	return BP_OK;
}

/* What load_values keeps between rows. */
typedef struct {
	ranks *k;
	size_t cap;
	long last_ind, last_per;
	char **per;       /* the periods as met (in the arena) */
	size_t n_per, cap_per;
} value_reader;

/* One value (value_sql's columns), numbered like the windows' keys; per: the period as met (renumbered
 * in text order after the last row). */
static bp_rc value_row(void *ctx, int nf, const char *const *d, const int *len, bp_error *err)
{
	value_reader *vr = ctx;
	ranks *k = vr->k;
	if (nf != 7 || !d[0] || !d[1] || !d[3] || len[2] != 4 || (d[4] && len[4] != 8) || (d[5] && len[5] != 8) ||
	    (d[6] && len[6] != 8))
		return bp_fail(err, BP_ERR_INTERNAL, "a row of bp.indicator_value not of the types compare_rank.c reads");
	long ind = find_cached(k->ind_ids, k->n_ind, d[0], &vr->last_ind);
	int year = bp_copybin_get_int4(d[2]);
	long aid = find_area(k->by_key, k->areas, d[1], year);
	if (ind < 0 || aid < 0)
		return BP_OK;
	long per = vr->last_per;
	if (per < 0 || strcmp(vr->per[per], d[3]) != 0) {
		for (per = 0; (size_t)per < vr->n_per && strcmp(vr->per[per], d[3]) != 0; per++)
			;
		if ((size_t)per == vr->n_per) {
			if (vr->n_per == vr->cap_per) {
				vr->cap_per = vr->cap_per ? 2 * vr->cap_per : 16;
				vr->per = bp_xrealloc(vr->per, vr->cap_per * sizeof(*vr->per));
			}
			vr->per[vr->n_per++] = bp_arena_strndup(k->arena, d[3], (size_t)len[3]);
		}
		vr->last_per = per;
	}
	if (k->n_v == vr->cap) {
		vr->cap = vr->cap ? 2 * vr->cap : 4096;
		k->v = bp_xrealloc(k->v, vr->cap * sizeof(*k->v));
	}
	value *x = &k->v[k->n_v++];
	memset(x, 0, sizeof(*x));
	x->ind = (int)ind;
	x->aid = (int)aid;
	x->per = (int)per;
	x->neutral = k->ind_neutral[ind];
	x->value = bp_copybin_get_float8_or(d[4], &x->has_value);
	x->den = bp_copybin_get_float8_or(d[5], &x->has_den);
	x->se = bp_copybin_get_float8_or(d[6], &x->has_se);
	/* ordered by need: percent rank 1 is always the area in most need (compare.c) */
	x->need = k->ind_better[ind] ? -x->value : x->value;
	x->prev = -1;
	return BP_OK;
}

/*
 * The values of the part (a value whose area or indicator is gone has no
 * row, as in an inner join), numbered like the windows' keys.  Read as a
 * binary COPY a row at a time, not as a PGresult: the doubles as they are,
 * and only the records kept (a PGresult of ~220,000 rows per part of all of
 * Nederland held 16 bytes per cell besides its data, each page of it
 * touched once: bench/RESULTS.md).
 */
static bp_rc load_values(PGconn *conn, const char *ids, ranks *k, bp_error *err)
{
	bp_buf q;
	bp_buf_init(&q);
	bp_buf_adds(&q, "COPY (SELECT indicator_id, area_code, indeling_year, period, value, denominator, "
	                "(ci_high - ci_low) / (2 * 1.959963984540054) FROM bp.indicator_value");
	if (ids) {
		char *lit = PQescapeLiteral(conn, ids, strlen(ids));
		if (!lit) {
			bp_buf_release(&q);
			return bp_pg_fail(err, conn, NULL, "cannot quote the indicators of a part");
		}
		bp_buf_printf(&q, " WHERE indicator_id = ANY(%s::text[])", lit);
		PQfreemem(lit);
	}
	bp_buf_adds(&q, ") TO STDOUT (FORMAT binary)");
	value_reader vr = { .k = k, .last_ind = -1, .last_per = -1 };
	bp_rc rc = bp_copybin_read(conn, q.data, 7, value_row, &vr, err);
	bp_buf_release(&q);
	/* the periods in text order: per = index */
	int *to = bp_arena_alloc(k->arena, (vr.n_per ? vr.n_per : 1) * sizeof(*to));
	k->periods = bp_arena_alloc(k->arena, (vr.n_per ? vr.n_per : 1) * sizeof(*k->periods));
	for (size_t i = 0; i < vr.n_per; i++)
		k->periods[i] = vr.per[i];
	k->n_per = unique_strings(k->periods, vr.n_per);
	for (size_t i = 0; i < vr.n_per; i++)
		to[i] = (int)find_string(k->periods, k->n_per, vr.per[i]);
	for (size_t i = 0; i < k->n_v; i++)
		k->v[i].per = to[k->v[i].per];
	free(vr.per);
	return rc;
}

/* The similar areas per area, by number (pair_start/pair_aid), from from[i] -> to[i] (-1: an area not
 * in bp.area, left out), in the order of the table's rows. */
static void index_pairs(ranks *k, const int *from, const int *to, size_t n)
{
	k->pair_start = bp_arena_alloc(k->arena, (k->n_areas + 1) * sizeof(int));
	memset(k->pair_start, 0, (k->n_areas + 1) * sizeof(int));
	for (size_t i = 0; i < n; i++)
		if (from[i] >= 0 && to[i] >= 0)
			k->pair_start[from[i] + 1]++;
	for (size_t a = 0; a < k->n_areas; a++)
		k->pair_start[a + 1] += k->pair_start[a];
	k->pair_aid = bp_arena_alloc(k->arena, (n ? n : 1) * sizeof(int));
	int *fill = bp_arena_alloc(k->arena, (k->n_areas + 1) * sizeof(int));
	memcpy(fill, k->pair_start, (k->n_areas + 1) * sizeof(int));
	for (size_t i = 0; i < n; i++)
		if (from[i] >= 0 && to[i] >= 0)
			k->pair_aid[fill[from[i]]++] = to[i];
}

/*
 * The similar areas from the rows the similar stage of this run wrote
 * (pipeline.c): the same rows in the same order as a read of the table
 * (similar.h), without reading them back, and each area looked up once
 * instead of twice per row (all of Nederland: 167,000 rows per part).
 */
static void kept_pairs(ranks *k, const bp_similar_pairs *p)
{
	int *aid = bp_arena_alloc(k->arena, (p->n_areas ? p->n_areas : 1) * sizeof(int));
	for (size_t i = 0; i < p->n_areas; i++)
		aid[i] = (int)find_area(k->by_key, k->areas, p->code[i], p->year[i]);
	int *from = bp_arena_alloc(k->arena, (p->n ? p->n : 1) * sizeof(int));
	int *to = bp_arena_alloc(k->arena, (p->n ? p->n : 1) * sizeof(int));
	for (size_t i = 0; i < p->n; i++) {
		from[i] = aid[p->from[i]];
		to[i] = aid[p->to[i]];
	}
	index_pairs(k, from, to, p->n);
}

/* The similar areas per area, read from bp.similar_area. */
static bp_rc load_pairs(PGconn *conn, ranks *k, bp_error *err)
{
	bp_rc rc = bp_pg_query(conn, pairs_sql, 0, NULL, &k->r_pair, err);
	if (rc)
		return rc;
	PGresult *r = k->r_pair;
	int n = PQntuples(r);
	int *from = bp_arena_alloc(k->arena, (size_t)(n ? n : 1) * sizeof(int));
	int *to = bp_arena_alloc(k->arena, (size_t)(n ? n : 1) * sizeof(int));
	for (int i = 0; i < n; i++) {
		int year;
		if ((rc = bp_pg_int(r, i, 1, &year, err)))
			return rc;   /* k->r_pair is cleared with k */
		from[i] = (int)find_area(k->by_key, k->areas, PQgetvalue(r, i, 0), year);
		to[i] = (int)find_area(k->by_key, k->areas, PQgetvalue(r, i, 2), year);
	}
	index_pairs(k, from, to, (size_t)n);
	PQclear(r);
	k->r_pair = NULL;
	return BP_OK;
}

static uint64_t lp_key(const ranks *k, const value *x)
{
	return ((uint64_t)x->ind * k->n_lyno + (uint64_t)k->areas[x->aid].lyno) * (k->n_per + 1) + (uint64_t)x->per;
}

/*
 * One distribution per run of equal keys in s (sorted by cmp_rec, published
 * values first by need): count, mean and population sd of the published
 * values, and each one's percent_rank among them ((rank - 1) / (n - 1),
 * ties sharing the lowest rank; 0 when alone, as PostgreSQL's).
 */
static void distributions(value *v, const sortrec *s, size_t n, int gemeente)
{
	for (size_t from = 0; from < n;) {
		size_t to = from, pub = from;
		while (to < n && s[to].key == s[from].key)
			to++;
		while (pub < to && s[pub].sub == 0)
			pub++;
		long cnt = (long)(pub - from);
		double sum = 0, ss = 0, mean = 0, sd = 0;
		for (size_t i = from; i < pub; i++)
			sum += v[s[i].idx].value;
		if (cnt) {
			mean = sum / (double)cnt;
			for (size_t i = from; i < pub; i++) {
				double d = v[s[i].idx].value - mean;
				ss += d * d;
			}
			sd = sqrt(ss / (double)cnt);
		}
		size_t rank_at = from;
		for (size_t i = from; i < to; i++) {
			value *x = &v[s[i].idx];
			if (i < pub && bp_float8_cmp(s[i].need, s[rank_at].need) != 0)
				rank_at = i;
			double pct = cnt > 1 ? (double)(rank_at - from) / (double)(cnt - 1) : 0;
			if (gemeente) {
				x->g_n = cnt;
				x->g_mean = mean;
				x->g_sd = sd;
				x->g_pct = pct;
			} else {
				x->l_n = cnt;
				x->l_mean = mean;
				x->l_sd = sd;
				x->l_pct = pct;
			}
		}
		from = to;
	}
}

/*
 * Per land distribution (s sorted by it): its areas, its published values
 * and the distinct gemeenten of its areas, from which bp.distribution_scope
 * tells whether it covers all of Nederland.  A gemeente is counted through
 * a stamp per gemeente number (the distribution's number), so one pass.
 */
static void scopes(ranks *k, const sortrec *s)
{
	size_t n = k->n_v;
	int *stamp = bp_arena_alloc(k->arena, (k->n_areas + 1) * sizeof(int));
	memset(stamp, 0xff, (k->n_areas + 1) * sizeof(int)); /* -1 */
	k->scopes = bp_arena_alloc(k->arena, n * sizeof(*k->scopes));
	k->n_scopes = 0;
	for (size_t from = 0; from < n;) {
		scope *sc = &k->scopes[k->n_scopes];
		*sc = (scope){ s[from].idx, 0, 0, 0 };
		size_t to = from;
		for (; to < n && s[to].key == s[from].key; to++) {
			const value *x = &k->v[s[to].idx];
			int gid = k->areas[x->aid].gid;
			sc->n_areas++;
			sc->n_ranked += x->has_value;
			if (gid && stamp[gid] != (int)k->n_scopes) {
				stamp[gid] = (int)k->n_scopes;
				sc->n_gemeenten++;
			}
		}
		k->n_scopes++;
		from = to;
	}
}

/*
 * Stable counting sort of in[0 .. n) by bucket[i] in [0, nb) into out: equal
 * buckets keep their order.  With it a sort by (a, b) is a sort by b and
 * then by a, each O(n + nb) and without a comparison (all of Nederland: two
 * of the three qsorts of ~220,000 records per part; qsort's share of a
 * compute's client samples went from ~14 % to ~11 %, the rest being the
 * composites' sorts and this file's first one).
 */
static void bucket_sort(const sortrec *in, sortrec *out, const uint32_t *bucket, size_t n, size_t nb, size_t *count)
{
	memset(count, 0, (nb + 1) * sizeof(*count));
	for (size_t i = 0; i < n; i++)
		count[bucket[i] + 1]++;
	for (size_t b = 0; b < nb; b++)
		count[b + 1] += count[b];
	for (size_t i = 0; i < n; i++)
		out[count[bucket[i]]++] = in[i];
}

static void rank_windows(ranks *k, sortrec *s, sortrec *tmp)
{
	size_t n = k->n_v;
	/* land: indicator, level, indeling, period */
	for (size_t i = 0; i < n; i++) {
		const value *x = &k->v[i];
		s[i] = (sortrec){ lp_key(k, x), !x->has_value, x->has_value ? x->need : 0, (uint32_t)i };
	}
	sort_recs(s, n);
	distributions(k->v, s, n, 0);
	scopes(k, s);
	/*
	 * gemeente: the same within each gemeente (areas without one: a group
	 * of their own, unused).  The land order is by distribution, then
	 * (published first, need, row): sorted stably by gemeente and then by
	 * distribution (its number in the land order), the records are in the
	 * order qsort would put them in by (distribution, gemeente) and then
	 * the same (published, need, row).
	 */
	uint64_t n_gid = k->n_areas + 1;
	uint32_t *bucket = bp_arena_alloc(k->arena, (n ? n : 1) * sizeof(*bucket));
	uint32_t *dist_of = bp_arena_alloc(k->arena, (n ? n : 1) * sizeof(*dist_of)); /* by row */
	size_t *count = bp_arena_alloc(k->arena, ((n_gid > n ? n_gid : n) + 1) * sizeof(*count));
	uint32_t n_dist = 0;
	uint64_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		n_dist += i > 0 && s[i].key != prev;
		prev = s[i].key;
		dist_of[s[i].idx] = n_dist;
		uint32_t gid = (uint32_t)k->areas[k->v[s[i].idx].aid].gid;
		s[i].key = s[i].key * n_gid + gid;
		bucket[i] = gid;
	}
	bucket_sort(s, tmp, bucket, n, n_gid, count);
	for (size_t i = 0; i < n; i++)
		bucket[i] = dist_of[tmp[i].idx];
	bucket_sort(tmp, s, bucket, n, (size_t)n_dist + 1, count);
	distributions(k->v, s, n, 1);
}

/* Previous period per indicator and area, and the runs that find a similar area's value. */
static void periods_and_runs(ranks *k, sortrec *s, sortrec *tmp)
{
	size_t n = k->n_v;
	uint32_t *bucket = bp_arena_alloc(k->arena, (n ? n : 1) * sizeof(*bucket));
	size_t cells = k->n_ind * k->n_areas;
	size_t *count = bp_arena_alloc(k->arena, ((cells > k->n_per ? cells : k->n_per) + 1) * sizeof(*count));
	/* by indicator and area, then period, then row: stably by period, then by cell */
	for (size_t i = 0; i < n; i++) {
		const value *x = &k->v[i];
		tmp[i] = (sortrec){ (uint64_t)x->ind * k->n_areas + (uint64_t)x->aid, (uint64_t)x->per, 0, (uint32_t)i };
		bucket[i] = (uint32_t)x->per;
	}
	bucket_sort(tmp, s, bucket, n, k->n_per, count);
	for (size_t i = 0; i < n; i++)
		bucket[i] = (uint32_t)s[i].key;
	bucket_sort(s, tmp, bucket, n, cells, count);
	memcpy(s, tmp, n * sizeof(*s));
	k->run = bp_arena_alloc(k->arena, cells * sizeof(int));
	memset(k->run, 0xff, cells * sizeof(int)); /* -1 */
	k->p_order = bp_arena_alloc(k->arena, n * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		k->p_order[i] = s[i].idx;
		if (i == 0 || s[i].key != s[i - 1].key)
			k->run[s[i].key] = (int)i;
		else
			k->v[s[i].idx].prev = (int)s[i - 1].idx;
	}
}

/* The row of indicator ind, area aid and period per, or -1. */
static long find_value(const ranks *k, int ind, int aid, int per)
{
	int at = k->run[(size_t)ind * k->n_areas + (size_t)aid];
	if (at < 0)
		return -1;
	for (size_t i = (size_t)at; i < k->n_v; i++) {
		const value *y = &k->v[k->p_order[i]];
		if (y->ind != ind || y->aid != aid || y->per > per)
			return -1;
		if (y->per == per)
			return k->p_order[i];
	}
	return -1;
}

static void put_opt_double(bp_buf *b, int has, double d)
{
	if (has)
		bp_copybin_float8(b, d);
	else
		bp_copybin_null(b);
}

static void put_bool(bp_buf *b, int has, int t)
{
	if (has)
		bp_copybin_bool(b, t);
	else
		bp_copybin_null(b);
}

/* z = (value - mean) / sd, NULL where sd is 0 (nullif) or anything is NULL. */
static void put_z(bp_buf *b, int ok, const value *x, double mean, double sd)
{
	put_opt_double(b, ok && x->has_value && sd != 0, (x->value - mean) / (sd != 0 ? sd : 1));
}

/* The similar areas' reference for row x (compare.c: h, hm). */
/* 1: a similar-areas reference (similar_n not NULL) */
static int put_similar(bp_buf *b, const ranks *k, const value *x)
{
	long rows = 0, n = 0, n_noden = 0;
	double sum = 0, sum_vd = 0, sum_d = 0;
	int has_vd = 0, has_d = 0;
	int from = k->pair_start[x->aid], to = k->pair_start[x->aid + 1];
	for (int p = from; p < to; p++) {
		long j = find_value(k, x->ind, k->pair_aid[p], x->per);
		if (j < 0)
			continue;
		const value *y = &k->v[j];
		rows++;
		if (!y->has_value)
			continue;
		n++;
		sum += y->value;
		if (y->has_den && y->den > 0) {
			sum_vd += y->value * y->den;
			sum_d += y->den;
			has_vd = has_d = 1;
		} else
			n_noden++;
	}
	if (rows == 0) {
		for (int i = 0; i < 4; i++)
			bp_copybin_null(b);
		return 0;
	}
	double mean = n ? sum / (double)n : 0, ss = 0;
	for (int p = from; p < to && n; p++) {
		long j = find_value(k, x->ind, k->pair_aid[p], x->per);
		if (j >= 0 && k->v[j].has_value) {
			double d = k->v[j].value - mean;
			ss += d * d;
		}
	}
	double sd = n ? sqrt(ss / (double)n) : 0;
	bp_copybin_int4(b, (int32_t)n);
	put_z(b, n >= 2, x, mean, sd);
	if (n == 0) {
		bp_copybin_null(b);
		bp_copybin_null(b);
	} else if (n_noden == 0) {
		put_opt_double(b, has_vd && has_d && sum_d != 0, sum_vd / (sum_d != 0 ? sum_d : 1));
		bp_copybin_text(b, "pooled");
	} else {
		bp_copybin_float8(b, mean);
		bp_copybin_text(b, "mean");
	}
	return 1;
}

/* The row, counted in c as compare.c's count query counted it from the table. */
static void put_row(bp_buf *b, const ranks *k, const value *x, bp_rank_counts *c)
{
	const area *a = &k->areas[x->aid];
	const char *ind = k->ind_ids[x->ind];
	double bound = BP_COMPARE_WORST_DECILE;
	long min_g = BP_COMPARE_MIN_GEMEENTE_AREAS;

	bp_copybin_row(b, 19);
	bp_copybin_text(b, ind);
	bp_copybin_text(b, a->code);
	bp_copybin_int4(b, a->year);
	bp_copybin_text(b, k->periods[x->per]);
	bp_copybin_text(b, a->level);
	/* land */
	/* z from 2 areas; percentile and flag from BP_COMPARE_MIN_DECILE_AREAS (compare.h) */
	int l_ok = x->l_n >= 2, l_ranked = x->l_n >= BP_COMPARE_MIN_DECILE_AREAS && x->has_value;
	bp_copybin_int4(b, (int32_t)x->l_n);
	put_z(b, l_ok, x, x->l_mean, x->l_sd);
	put_opt_double(b, l_ranked, x->l_pct);
	put_bool(b, l_ranked && !x->neutral, x->l_pct >= bound);
	/* gemeente */
	int g_ok = a->in_gemeente && x->g_n >= min_g;
	int g_ranked = a->in_gemeente && x->g_n >= BP_COMPARE_MIN_DECILE_AREAS && x->has_value;
	if (a->in_gemeente)
		bp_copybin_int4(b, (int32_t)x->g_n);
	else
		bp_copybin_null(b);
	put_z(b, g_ok, x, x->g_mean, x->g_sd);
	put_opt_double(b, g_ranked, x->g_pct);
	put_bool(b, g_ranked && !x->neutral, x->g_pct >= bound);
	/* change since the previous period with a row */
	if (x->prev >= 0) {
		const value *p = &k->v[x->prev];
		double z = 0;
		/* Apart from the call: the order in which arguments are evaluated is unspecified. */
		int tested = x->has_value && p->has_value && x->has_se && p->has_se &&
		             bp_change_z(x->value, x->se, p->value, p->se, &z);
		bp_copybin_text(b, k->periods[p->per]);
		put_opt_double(b, tested, z);
	} else {
		bp_copybin_null(b);
		bp_copybin_null(b);
	}
	int similar = put_similar(b, k, x);
	int land = strcmp(a->level, "land") == 0;
	c->rows += !land + a->in_gemeente + (x->prev >= 0) + similar + a->buurt_in_wijk;
	c->flagged += !land && l_ranked && !x->neutral && x->l_pct >= bound;
}

static void ranks_free(ranks *k)
{
	PQclear(k->r_area);
	PQclear(k->r_ind);
	free(k->v);
	PQclear(k->r_pair);
	bp_arena_free(k->arena);
}

void bp_rank_handover_init(bp_rank_handover *h)
{
	memset(h, 0, sizeof(*h));
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	bp_buf_init(&h->rows);
}

void bp_rank_handover_free(bp_rank_handover *h)
{
	bp_buf_release(&h->rows);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
}

/* The giver's end: its rows are in h->rows (ok), or it failed. */
static void hand_over(bp_rank_handover *h, int ok)
{
	pthread_mutex_lock(&h->mu);
	h->ok = ok;
	h->ready = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* The taker's: the giver's rows after its own (none when the giver failed: the run fails with it). */
static bp_rc take_over(PGconn *conn, bp_rank_handover *h, bp_buf *b, bp_error *err)
{
	pthread_mutex_lock(&h->mu);
	while (!h->ready)
		pthread_cond_wait(&h->cv, &h->mu);
	int ok = h->ok;
	pthread_mutex_unlock(&h->mu);
	bp_rc rc = BP_OK;
	if (ok && h->rows.len > 0 && (rc = bp_pg_copy_put(conn, b->data, b->len, err)) == BP_OK) {
		bp_buf_reset(b);
		rc = bp_pg_copy_put(conn, h->rows.data, h->rows.len, err);
	}
	bp_buf_release(&h->rows);
	if (rc) {
		PQputCopyEnd(conn, "the rows were not all written");
		PQclear(PQgetResult(conn));
	}
	return rc;
}

void bp_rank_handover_fail(bp_rank_handover *h)
{
	hand_over(h, 0);
}

bp_rc bp_compare_rank_values(PGconn *conn, const char *ids, bp_rank_handover *give, bp_rank_handover *take,
                             const bp_similar_pairs *pairs, bp_rank_counts *counts, bp_error *err)
{
	ranks k = { .arena = bp_arena_new() };
	bp_buf b;
	bp_rc rc;

	bp_buf_init(&b);
	*counts = (bp_rank_counts){ 0, 0 };
	if ((rc = load_areas(conn, &k, err)) || (rc = load_indicators(conn, &k, err)) ||
	    (rc = load_values(conn, ids, &k, err)))
		goto out;
	if (pairs && pairs->kept)
		kept_pairs(&k, pairs);
	else if ((rc = load_pairs(conn, &k, err)))
		goto out;
	sortrec *s = bp_arena_alloc(k.arena, (k.n_v ? k.n_v : 1) * sizeof(*s));
	sortrec *tmp = bp_arena_alloc(k.arena, (k.n_v ? k.n_v : 1) * sizeof(*tmp));
	rank_windows(&k, s, tmp);
	periods_and_runs(&k, s, tmp);
	/* In the key's order (p_order): the key's build after the rows finds them sorted. */
	if (give) {
		for (size_t i = 0; i < k.n_v; i++) {
			const value *x = &k.v[k.p_order[i]];
			put_row(&give->rows, &k, x, counts);
		}
		hand_over(give, 1);
		give = NULL;
	} else {
		if ((rc = bp_copybin_begin(conn, "COPY bp.comparison_rank (indicator_id, area_code, indeling_year, period, "
		                                 "level, land_n, land_z, land_pct, land_flag, gemeente_n, gemeente_z, "
		                                 "gemeente_pct, gemeente_flag, prev_period, change_z, similar_n, similar_z, "
		                                 "similar_ref, similar_method) FROM STDIN (FORMAT binary)", &b, err)))
			goto out;
		for (size_t i = 0; i < k.n_v && rc == BP_OK; i++) {
			const value *x = &k.v[k.p_order[i]];
			put_row(&b, &k, x, counts);
			rc = bp_copybin_send(conn, &b, 0, err);
		}
		if (rc == BP_OK && take)
			rc = take_over(conn, take, &b, err);
		take = NULL;
		if (rc == BP_OK)
			rc = bp_copybin_send(conn, &b, 1, err);
	}
	if (rc == BP_OK)
		rc = bp_copybin_begin(conn, "COPY bp.comparison_scope (indicator_id, level, indeling_year, period, n_areas, "
		                            "n_ranked, n_gemeenten) FROM STDIN (FORMAT binary)", &b, err);
	for (size_t i = 0; i < k.n_scopes && rc == BP_OK; i++) {
		const scope *sc = &k.scopes[i];
		const value *x = &k.v[sc->first];
		const area *a = &k.areas[x->aid];
		bp_copybin_row(&b, 7);
		bp_copybin_text(&b, k.ind_ids[x->ind]);
		bp_copybin_text(&b, a->level);
		bp_copybin_int4(&b, a->year);
		bp_copybin_text(&b, k.periods[x->per]);
		bp_copybin_int4(&b, sc->n_areas);
		bp_copybin_int4(&b, sc->n_ranked);
		bp_copybin_int4(&b, sc->n_gemeenten);
		rc = bp_copybin_send(conn, &b, 0, err);
	}
	if (rc == BP_OK)
		rc = bp_copybin_send(conn, &b, 1, err);
out:
	if (give)
		hand_over(give, 0);
	bp_buf_release(&b);
	ranks_free(&k);
	return rc;
}
