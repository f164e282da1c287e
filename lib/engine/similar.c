/*
 * similar.c: the k most similar areas per area (see similar.h for the choice
 * of variables and distance).
 *
 * The standardised baseline comes from one SQL query; the nearest
 * neighbours are found in C by brute force, O(n^2 p) per level (13,800
 * buurten x 11 variables), each pair's distance computed once for both
 * rows' lists; paid only when the baseline changes (fingerprint in
 * bp.similar_area_basis).
 * A pairwise self-join in SQL would materialise 190 million rows, and no
 * Debian C library does k-nearest-neighbours with missing values.
 */
#include "engine/similar.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/bulkindex.h"
#include "db/pgutil.h"

/* The KWB variables read; the features derived from them are in baseline_sql. */
static const char variables[] =
	"{AantalInwoners,k_0Tot15Jaar,k_15Tot25Jaar,k_25Tot45Jaar,k_45Tot65Jaar,k_65JaarOfOuder,"
	"HuishoudensTotaal,Eenpersoonshuishoudens,HuishoudensZonderKinderen,HuishoudensMetKinderen,"
	"GemiddeldeHuishoudensgrootte,GemiddeldInkomenPerInwoner,HuishoudensMetEenLaagInkomen}";

#define NFEAT 11

/*
 * Of the variable codes $1, those observed by more than one source: only
 * they need observation_current's DISTINCT ON (a sort of every observation
 * read, to pick the newest vintage); of one source there is one
 * observation per area and period at most (the keys of bp.observation and
 * bp.observation_row), as compute.c's pivot reads them too.
 */
static const char several_sources_sql[] =
	"SELECT coalesce(array_agg(v.code), '{}') FROM unnest($1::text[]) AS v(code) "
	" WHERE (SELECT count(*) FROM bp.source s WHERE EXISTS (SELECT 1 FROM bp.observation_all o "
	"         WHERE o.source_id = s.id AND o.variable_code = v.code)) > 1";

/* $1 the variable codes, $2 the minimum population, $3 those of $1 observed by several sources. */
static const char baseline_sql[] =
	"WITH base AS (SELECT indeling_year, max(period) AS period FROM bp.observation_all "
	"               WHERE variable_code = 'AantalInwoners' AND value IS NOT NULL GROUP BY indeling_year), "
	"p AS (SELECT o.area_code, o.indeling_year, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'AantalInwoners') AS inw, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'k_0Tot15Jaar') AS a0, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'k_15Tot25Jaar') AS a15, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'k_25Tot45Jaar') AS a25, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'k_45Tot65Jaar') AS a45, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'k_65JaarOfOuder') AS a65, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'HuishoudensTotaal') AS hh, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'Eenpersoonshuishoudens') AS h1, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'HuishoudensZonderKinderen') AS hz, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'HuishoudensMetKinderen') AS hm, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'GemiddeldeHuishoudensgrootte') AS hgr, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'GemiddeldInkomenPerInwoner') AS ink, "
	"        max(o.value) FILTER (WHERE o.variable_code = 'HuishoudensMetEenLaagInkomen') AS laag, "
	"        period "
	"      FROM (SELECT variable_code, area_code, indeling_year, period, value FROM bp.observation_all "
	"             WHERE variable_code = ANY($1::text[]) AND variable_code <> ALL($3::text[]) UNION ALL "
	"            SELECT variable_code, area_code, indeling_year, period, value FROM bp.observation_current "
	"             WHERE variable_code = ANY($3::text[])) o JOIN base USING (indeling_year, period) "
	"     GROUP BY o.area_code, o.indeling_year, period), "
	"f AS (SELECT p.area_code, p.indeling_year, a.level, a.gemeente_code, p.period, "
	"        p.a0 / p.inw AS f1, p.a15 / p.inw AS f2, p.a25 / p.inw AS f3, p.a45 / p.inw AS f4, p.a65 / p.inw AS f5, "
	"        p.h1 / nullif(p.hh, 0) AS f6, p.hz / nullif(p.hh, 0) AS f7, p.hm / nullif(p.hh, 0) AS f8, "
	"        p.hgr AS f9, p.ink AS f10, p.laag AS f11 "
	"      FROM p JOIN bp.area a ON a.code = p.area_code AND a.indeling_year = p.indeling_year "
	"     WHERE a.level IN ('gemeente', 'wijk', 'buurt') AND p.inw >= $2::float8) "
	"SELECT area_code, indeling_year, level, gemeente_code"
	"%s, period FROM f WINDOW w AS (PARTITION BY indeling_year, level) ORDER BY indeling_year, level, area_code";

static const bp_bulk_index similar_index[] = { { "similar_area_gemeente_idx", "gemeente_code" } };

/* The key and index of bp.similar_area as sql/012 made them. */
static const bp_bulk_table similar_indexes = {
	"bp.similar_area", { "similar_area_pkey", "area_code, indeling_year, rank" }, similar_index, 1
};

static const char fingerprint_sql[] =
	"SELECT coalesce(string_agg(DISTINCT source_id::text, ',' ORDER BY source_id::text), '') "
	"  FROM bp.observation_all WHERE variable_code = ANY($1::text[])";

/*
 * Insert row j at distance dist into a top-k list sorted nearest first;
 * strict < keeps the earlier candidate on ties, so a list fed in
 * increasing j holds the first k by (distance, index).
 */
static void topk_insert(size_t *idx, double *dist, size_t *sh, size_t *found, size_t k, size_t j, double d,
                        size_t shared)
{
	size_t pos = *found;
	while (pos > 0 && d < dist[pos - 1])
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

void bp_similar_nearest_all(const double *m, size_t n, size_t p, size_t k, size_t min_shared, size_t *idx,
                            double *dist, size_t *shared, size_t *found)
{
	/*
	 * Which rows have every column: a pair of them takes the loop without
	 * the missing-value tests (the same sum in the same order).  thr[i]:
	 * the squared distance from which a candidate can no longer enter
	 * row i's full list (with a margin for the rounding of dist^2, so that
	 * the exact test in topk_insert still decides every close case).
	 */
	unsigned char *full = malloc(n ? n : 1);
	double *thr = malloc((n ? n : 1) * sizeof(*thr));
	if (!full || !thr) {
		free(full);
		free(thr);
		for (size_t i = 0; i < n; i++)
			found[i] = bp_similar_nearest(m, n, p, i, k, min_shared, idx + i * k, dist + i * k, shared + i * k);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t v = 0;
		while (v < p && !isnan(m[i * p + v]))
			v++;
		full[i] = v == p;
		thr[i] = INFINITY;
		found[i] = 0;
	}
	if (k == 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const double *a = m + i * p;
		for (size_t j = i + 1; j < n; j++) {
			const double *b = m + j * p;
			double ss = 0;
			size_t s = p;
			/*
			 * The partial sum only grows, and the pair's mean square is at
			 * least the partial sum over p (s <= p): once it is past what
			 * either list could still take, the pair is skipped as the
			 * test below would skip it (the bound is a shade above p x
			 * the larger threshold, for the rounding of ss / s; an
			 * infinite threshold never stops it).  Checked every four
			 * columns: most pairs are far apart, and the full sum, where
			 * it is taken, is the same sum in the same order as
			 * pair_ss's.  All of Nederland: the client's CPU 3.2 -> 2.6 s.
			 */
			double stop = (thr[i] > thr[j] ? thr[i] : thr[j]) * (double)p * (1 + 1e-12);
			size_t v = 0;
			if (full[i] && full[j]) {
				for (; v < p; v++) {
					double d = a[v] - b[v];
					ss += d * d;
					if ((v & 3) == 3 && ss > stop)
						break;
				}
			} else {
				for (s = 0; v < p; v++) {
					if (!isnan(a[v]) && !isnan(b[v])) {
						double d = a[v] - b[v];
						ss += d * d;
						s++;
					}
					if ((v & 3) == 3 && ss > stop)
						break;
				}
			}
			if (v < p)
				continue;
			if (s < min_shared || s == 0)
				continue;
			double q = ss / (double)s;
			if (!(q < thr[i]) && !(q < thr[j]))
				continue;
			double d = sqrt(q);
			if (q < thr[i]) {
				topk_insert(idx + i * k, dist + i * k, shared + i * k, &found[i], k, j, d, s);
				if (found[i] == k)
					thr[i] = dist[i * k + k - 1] * dist[i * k + k - 1] * (1 + 1e-9);
			}
			if (q < thr[j]) {
				topk_insert(idx + j * k, dist + j * k, shared + j * k, &found[j], k, i, d, s);
				if (found[j] == k)
					thr[j] = dist[j * k + k - 1] * dist[j * k + k - 1] * (1 + 1e-9);
			}
		}
	}
out:
	free(full);
	free(thr);
}

/* Nearest neighbours for rows [from, to) of r (one level and indeling), as COPY text. */
static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * What rows [from, to) of r (one level and indeling) were compared among,
 * as a COPY line for bp.similar_area_pool: the baseline period and how many
 * areas of how many gemeenten, so a page can say which figures and which
 * areas its similar areas come from (a national pool or only the monitor's
 * areas; every label true).
 */
static bp_rc pool_row(PGresult *r, int from, int to, bp_buf *pool, bp_error *err)
{
	size_t n = (size_t)(to - from), ng = 0;
	const char **gm = malloc(n * sizeof(*gm));
	if (!gm)
		return bp_fail(err, BP_ERR_INTERNAL, "out of memory for %zu areas", n);
	for (int i = from; i < to; i++)
		/* A gemeente's own row has no parent gemeente: it counts itself. */
		gm[ng++] = PQgetisnull(r, i, 3) ? PQgetvalue(r, i, 0) : PQgetvalue(r, i, 3);
	qsort(gm, ng, sizeof(*gm), cmp_str);
	size_t distinct = 0;
	for (size_t i = 0; i < ng; i++)
		distinct += i == 0 || strcmp(gm[i], gm[i - 1]) != 0;
	free(gm);
	bp_buf_printf(pool, "%s\t", PQgetvalue(r, from, 1));
	bp_pg_copy_escape(pool, PQgetvalue(r, from, 2));
	bp_buf_addc(pool, '\t');
	bp_pg_copy_escape(pool, PQgetvalue(r, from, PQnfields(r) - 1));
	bp_buf_printf(pool, "\t%zu\t%zu\n", n, distinct);
	return BP_OK;
}

static bp_rc group_rows(PGresult *r, int from, int to, int k, bp_buf *copy, bp_buf *pool, bp_similar_result *res,
                        bp_error *err)
{
	size_t n = (size_t)(to - from), kk = (size_t)k;
	double *m = malloc(n * NFEAT * sizeof(*m));
	size_t *idx = malloc(n * kk * sizeof(*idx)), *sh = malloc(n * kk * sizeof(*sh));
	double *dist = malloc(n * kk * sizeof(*dist));
	size_t *found = malloc(n * sizeof(*found));
	if (!m || !idx || !sh || !dist || !found) {
		free(m); free(idx); free(sh); free(dist); free(found);
		return bp_fail(err, BP_ERR_INTERNAL, "out of memory for %zu areas", n);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t v = 0; v < NFEAT; v++) {
			int row = from + (int)i, col = 4 + (int)v;
			m[i * NFEAT + v] = PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
		}
	/* Where the source holds fewer baseline variables (an export with only
	 * the age groups), require all of those that exist instead. */
	size_t avail = 0;
	for (size_t v = 0; v < NFEAT; v++) {
		size_t i = 0;
		while (i < n && isnan(m[i * NFEAT + v]))
			i++;
		avail += i < n;
	}
	size_t min_shared = avail < BP_SIMILAR_MIN_SHARED ? avail : BP_SIMILAR_MIN_SHARED;
	if (min_shared > 0)
		bp_similar_nearest_all(m, n, NFEAT, kk, min_shared, idx, dist, sh, found);
	for (size_t i = 0; i < n && min_shared > 0; i++) {
		int row = from + (int)i;
		if (found[i])
			res->areas++;
		for (size_t t = 0; t < found[i]; t++) {
			int other = from + (int)idx[i * kk + t];
			bp_buf_printf(copy, "%s\t%s\t%zu\t%s\t%.17g\t%zu\t%s\t%s\n", PQgetvalue(r, row, 0), PQgetvalue(r, row, 1),
			              t + 1, PQgetvalue(r, other, 0), dist[i * kk + t], sh[i * kk + t], PQgetvalue(r, row, 2),
			              PQgetisnull(r, row, 3) ? "\\N" : PQgetvalue(r, row, 3));
			res->rows++;
		}
	}
	free(m); free(idx); free(sh); free(dist); free(found);
	return pool_row(r, from, to, pool, err);
}

bp_rc bp_similar_areas_build(PGconn *conn, int k, int force, bp_similar_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_buf q, copy, pool;
	bp_rc rc;
	char fp[65], kbuf[16], minpop[32];

	memset(res, 0, sizeof(*res));
	bp_buf_init(&q);
	bp_buf_init(&copy);
	bp_buf_init(&pool);
	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto done;
	if ((rc = bp_pg_exec(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.similar_area', 0))", err)))
		goto out;
	{
		const char *p[] = { variables };
		if ((rc = bp_pg_query(conn, fingerprint_sql, 1, p, &r, err)))
			goto out;
		bp_buf_printf(&q, "k=%d;minpop=%d;shared=%d;vars=%s;sources=%s", k, BP_SIMILAR_MIN_POPULATION,
		              BP_SIMILAR_MIN_SHARED, variables, PQgetvalue(r, 0, 0));
		bp_sha256_hex(q.data, q.len, fp);
		bp_buf_reset(&q);
		PQclear(r);
		r = NULL;
	}
	if (!force) {
		const char *p[] = { fp };
		if ((rc = bp_pg_query(conn, "SELECT 1 FROM bp.similar_area_basis WHERE fingerprint = $1", 1, p, &r, err)))
			goto out;
		int same = PQntuples(r) > 0;
		PQclear(r);
		r = NULL;
		if (same) {
			res->unchanged = 1;
			rc = bp_pg_exec(conn, "COMMIT", err);
			goto done;
		}
	}
	/*
	 * Every row is written again: TRUNCATE, and the key and index built once
	 * after the COPY instead of two btree insertions per row (bulkindex.h).
	 * Readers wait for the COMMIT instead of seeing the old rows meanwhile.
	 */
	if ((rc = bp_pg_exec(conn, "TRUNCATE bp.similar_area, bp.similar_area_pool", err)) ||
	    (rc = bp_bulk_drop_indexes(conn, &similar_indexes, err)))
		goto out;
	if (k > 0) {
		bp_buf cols;
		bp_buf_init(&cols);
		for (int v = 1; v <= NFEAT; v++)
			bp_buf_printf(&cols, ", (f%d - avg(f%d) OVER w) / nullif(stddev_pop(f%d) OVER w, 0)", v, v, v);
		bp_buf_printf(&q, baseline_sql, cols.data);
		bp_buf_release(&cols);
		snprintf(minpop, sizeof(minpop), "%d", BP_SIMILAR_MIN_POPULATION);
		const char *v[] = { variables };
		if ((rc = bp_pg_query(conn, several_sources_sql, 1, v, &r, err)))
			goto out;
		char *several = strdup(PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
		if (!several) {
			rc = bp_fail(err, BP_ERR_INTERNAL, "out of memory");
			goto out;
		}
		const char *p[] = { variables, minpop, several };
		rc = bp_pg_query(conn, q.data, 3, p, &r, err);
		free(several);
		if (rc)
			goto out;
		/* Each level's rows go to the server as soon as they are found: it
		 * stores one group while the next is searched. */
		if ((rc = bp_pg_copy_begin(conn, "COPY bp.similar_area (area_code, indeling_year, rank, similar_code, "
		                                 "distance, n_variables, level, gemeente_code) FROM STDIN", err)))
			goto out;
		int n = PQntuples(r);
		for (int from = 0; from < n;) {
			int to = from + 1;
			while (to < n && strcmp(PQgetvalue(r, to, 1), PQgetvalue(r, from, 1)) == 0 &&
			       strcmp(PQgetvalue(r, to, 2), PQgetvalue(r, from, 2)) == 0)
				to++;
			if ((rc = group_rows(r, from, to, k, &copy, &pool, res, err)) ||
			    (copy.len && (rc = bp_pg_copy_put(conn, copy.data, copy.len, err))))
				goto out;
			bp_buf_reset(&copy);
			from = to;
		}
		PQclear(r);
		r = NULL;
		if ((rc = bp_pg_copy_end(conn, err)))
			goto out;
		if (pool.len && ((rc = bp_pg_copy_begin(conn, "COPY bp.similar_area_pool (indeling_year, level, period, "
		                                             "n_areas, n_gemeenten) FROM STDIN", err)) ||
		                 (rc = bp_pg_copy_put(conn, pool.data, pool.len, err)) ||
		                 (rc = bp_pg_copy_end(conn, err))))
			goto out;
	}
	if ((rc = bp_bulk_build_indexes_here(conn, &similar_indexes, err)) ||
	    (rc = bp_bulk_attach_key(conn, &similar_indexes, err)))
		goto out;
	snprintf(kbuf, sizeof(kbuf), "%d", k);
	{
		const char *p[] = { kbuf, variables, fp };
		if ((rc = bp_pg_query(conn, "INSERT INTO bp.similar_area_basis (id, k, variables, fingerprint) "
		                            "VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET k = EXCLUDED.k, "
		                            "variables = EXCLUDED.variables, fingerprint = EXCLUDED.fingerprint, "
		                            "built_at = now()", 3, p, NULL, err)))
			goto out;
	}
	rc = bp_pg_exec(conn, "COMMIT", err);
	goto done;
out:
	bp_pg_rollback(conn);
done:
	PQclear(r);
	bp_buf_release(&q);
	bp_buf_release(&copy);
	bp_buf_release(&pool);
	return rc;
}
