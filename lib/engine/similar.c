/*
 * similar.c: the k most similar areas per area (see similar.h for the choice
 * of variables and distance).
 *
 * The standardised baseline comes from one SQL query; the nearest
 * neighbours are found in C by brute force, O(n^2 p) per level: 13,800
 * buurten x 11 variables is about 2 x 10^9 operations, one to two seconds,
 * paid only when the baseline changes (fingerprint in bp.similar_area_basis).
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
#include "db/pgutil.h"

/* The KWB variables read; the features derived from them are in baseline_sql. */
static const char variables[] =
	"{AantalInwoners,k_0Tot15Jaar,k_15Tot25Jaar,k_25Tot45Jaar,k_45Tot65Jaar,k_65JaarOfOuder,"
	"HuishoudensTotaal,Eenpersoonshuishoudens,HuishoudensZonderKinderen,HuishoudensMetKinderen,"
	"GemiddeldeHuishoudensgrootte,GemiddeldInkomenPerInwoner,HuishoudensMetEenLaagInkomen}";

#define NFEAT 11

/* $1 the variable codes, $2 the minimum population. */
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
	"        max(o.value) FILTER (WHERE o.variable_code = 'HuishoudensMetEenLaagInkomen') AS laag "
	"      FROM bp.observation_current o JOIN base USING (indeling_year, period) "
	"     WHERE o.variable_code = ANY($1::text[]) GROUP BY o.area_code, o.indeling_year), "
	"f AS (SELECT p.area_code, p.indeling_year, a.level, a.gemeente_code, "
	"        p.a0 / p.inw AS f1, p.a15 / p.inw AS f2, p.a25 / p.inw AS f3, p.a45 / p.inw AS f4, p.a65 / p.inw AS f5, "
	"        p.h1 / nullif(p.hh, 0) AS f6, p.hz / nullif(p.hh, 0) AS f7, p.hm / nullif(p.hh, 0) AS f8, "
	"        p.hgr AS f9, p.ink AS f10, p.laag AS f11 "
	"      FROM p JOIN bp.area a ON a.code = p.area_code AND a.indeling_year = p.indeling_year "
	"     WHERE a.level IN ('gemeente', 'wijk', 'buurt') AND p.inw >= $2::float8) "
	"SELECT area_code, indeling_year, level, gemeente_code"
	"%s FROM f WINDOW w AS (PARTITION BY indeling_year, level) ORDER BY indeling_year, level, area_code";

static const char fingerprint_sql[] =
	"SELECT coalesce(string_agg(DISTINCT source_id::text, ',' ORDER BY source_id::text), '') "
	"  FROM bp.observation_all WHERE variable_code = ANY($1::text[])";

size_t bp_similar_nearest(const double *m, size_t n, size_t p, size_t i, size_t k, size_t min_shared,
                          size_t *out_idx, double *out_dist, size_t *out_shared)
{
	size_t found = 0;
	const double *a = m + i * p;
	for (size_t j = 0; j < n; j++) {
		if (j == i)
			continue;
		const double *b = m + j * p;
		double ss = 0;
		size_t shared = 0;
		for (size_t v = 0; v < p; v++) {
			if (isnan(a[v]) || isnan(b[v]))
				continue;
			double d = a[v] - b[v];
			ss += d * d;
			shared++;
		}
		if (shared < min_shared || shared == 0)
			continue;
		double dist = sqrt(ss / (double)shared);
		/* Insert into the sorted top k; strict < keeps the earlier (lower) index on ties. */
		size_t pos = found;
		while (pos > 0 && dist < out_dist[pos - 1])
			pos--;
		if (pos >= k)
			continue;
		size_t last = found < k ? found : k - 1;
		for (size_t t = last; t > pos; t--) {
			out_idx[t] = out_idx[t - 1];
			out_dist[t] = out_dist[t - 1];
			out_shared[t] = out_shared[t - 1];
		}
		out_idx[pos] = j;
		out_dist[pos] = dist;
		out_shared[pos] = shared;
		if (found < k)
			found++;
	}
	return found;
}

/* Nearest neighbours for rows [from, to) of r (one level and indeling), as COPY text. */
static bp_rc group_rows(PGresult *r, int from, int to, int k, bp_buf *copy, bp_similar_result *res, bp_error *err)
{
	size_t n = (size_t)(to - from);
	double *m = malloc(n * NFEAT * sizeof(*m));
	size_t *idx = malloc((size_t)k * sizeof(*idx)), *sh = malloc((size_t)k * sizeof(*sh));
	double *dist = malloc((size_t)k * sizeof(*dist));
	if (!m || !idx || !sh || !dist) {
		free(m); free(idx); free(sh); free(dist);
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
	for (size_t i = 0; i < n && min_shared > 0; i++) {
		size_t got = bp_similar_nearest(m, n, NFEAT, i, (size_t)k, min_shared, idx, dist, sh);
		int row = from + (int)i;
		if (got)
			res->areas++;
		for (size_t t = 0; t < got; t++) {
			int other = from + (int)idx[t];
			bp_buf_printf(copy, "%s\t%s\t%zu\t%s\t%.17g\t%zu\t%s\t%s\n", PQgetvalue(r, row, 0), PQgetvalue(r, row, 1),
			              t + 1, PQgetvalue(r, other, 0), dist[t], sh[t], PQgetvalue(r, row, 2),
			              PQgetisnull(r, row, 3) ? "\\N" : PQgetvalue(r, row, 3));
			res->rows++;
		}
	}
	free(m); free(idx); free(sh); free(dist);
	return BP_OK;
}

bp_rc bp_similar_areas_build(PGconn *conn, int k, int force, bp_similar_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_buf q, copy;
	bp_rc rc;
	char fp[65], kbuf[16], minpop[32];

	memset(res, 0, sizeof(*res));
	bp_buf_init(&q);
	bp_buf_init(&copy);
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
	if ((rc = bp_pg_exec(conn, "DELETE FROM bp.similar_area", err)))
		goto out;
	if (k > 0) {
		bp_buf cols;
		bp_buf_init(&cols);
		for (int v = 1; v <= NFEAT; v++)
			bp_buf_printf(&cols, ", (f%d - avg(f%d) OVER w) / nullif(stddev_pop(f%d) OVER w, 0)", v, v, v);
		bp_buf_printf(&q, baseline_sql, cols.data);
		bp_buf_release(&cols);
		snprintf(minpop, sizeof(minpop), "%d", BP_SIMILAR_MIN_POPULATION);
		const char *p[] = { variables, minpop };
		if ((rc = bp_pg_query(conn, q.data, 2, p, &r, err)))
			goto out;
		int n = PQntuples(r);
		for (int from = 0; from < n;) {
			int to = from + 1;
			while (to < n && strcmp(PQgetvalue(r, to, 1), PQgetvalue(r, from, 1)) == 0 &&
			       strcmp(PQgetvalue(r, to, 2), PQgetvalue(r, from, 2)) == 0)
				to++;
			if ((rc = group_rows(r, from, to, k, &copy, res, err)))
				goto out;
			from = to;
		}
		PQclear(r);
		r = NULL;
		if (copy.len) {
			if ((rc = bp_pg_copy_begin(conn, "COPY bp.similar_area (area_code, indeling_year, rank, similar_code, "
			                                 "distance, n_variables, level, gemeente_code) FROM STDIN", err)) ||
			    (rc = bp_pg_copy_put(conn, copy.data, copy.len, err)) ||
			    (rc = bp_pg_copy_end(conn, err)))
				goto out;
		}
	}
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
	return rc;
}
