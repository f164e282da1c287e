/*
 * similar.c: the k most similar areas per area (see similar.h for the choice
 * of variables and distance).
 *
 * The standardised baseline comes from one SQL query; the nearest
 * neighbours are found in C (bp_similar_nearest_all, similar_nearest.c):
 * the areas with every variable through a k-d tree where it pays, else
 * every pair once, O(n^2 p) per level (13,800 buurten x 11 variables);
 * paid only when the baseline changes (fingerprint in
 * bp.similar_area_basis).
 * A pairwise self-join in SQL would materialise 190 million rows, and no
 * Debian C library does k-nearest-neighbours with missing values.
 */
#include "engine/similar.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "db/bulkindex.h"
#include "db/copybin.h"
#include "db/pgutil.h"
#include "engine/compute.h"

/* The KWB variables read; the features derived from them are in baseline_sql. */
static const char variables[] =
	"{AantalInwoners,k_0Tot15Jaar,k_15Tot25Jaar,k_25Tot45Jaar,k_45Tot65Jaar,k_65JaarOfOuder,"
	"HuishoudensTotaal,Eenpersoonshuishoudens,HuishoudensZonderKinderen,HuishoudensMetKinderen,"
	"GemiddeldeHuishoudensgrootte,GemiddeldInkomenPerInwoner,HuishoudensMetEenLaagInkomen}";

#define NFEAT 11

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

/* Pair (a, b) of rows of the baseline into keep (NULL: none kept). */
static void keep_pair(bp_similar_pairs *keep, int a, int b)
{
	if (!keep)
		return;
	if (keep->n == keep->cap) {
		keep->cap = keep->cap ? 2 * keep->cap : 1024;
		keep->from = bp_xrealloc(keep->from, keep->cap * sizeof(*keep->from));
		keep->to = bp_xrealloc(keep->to, keep->cap * sizeof(*keep->to));
	}
	keep->from[keep->n] = a;
	keep->to[keep->n++] = b;
}

static bp_rc group_rows(PGresult *r, int from, int to, int k, bp_buf *copy, bp_buf *pool, bp_similar_pairs *keep,
                        bp_similar_result *res, bp_error *err)
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
	/* binary COPY: the distances as they are, not printed with 17 digits and parsed back */
	int32_t year = (int32_t)strtol(PQgetvalue(r, from, 1), NULL, 10);
	for (size_t i = 0; i < n && min_shared > 0; i++) {
		int row = from + (int)i;
		if (found[i])
			res->areas++;
		for (size_t t = 0; t < found[i]; t++) {
			int other = from + (int)idx[i * kk + t];
			bp_copybin_row(copy, 8);
			bp_copybin_text(copy, PQgetvalue(r, row, 0));
			bp_copybin_int4(copy, year);
			bp_copybin_int4(copy, (int32_t)(t + 1));
			bp_copybin_text(copy, PQgetvalue(r, other, 0));
			bp_copybin_float8(copy, dist[i * kk + t]);
			bp_copybin_int4(copy, (int32_t)sh[i * kk + t]);
			bp_copybin_text(copy, PQgetvalue(r, row, 2));
			bp_copybin_text(copy, PQgetisnull(r, row, 3) ? NULL : PQgetvalue(r, row, 3));
			keep_pair(keep, row, other);
			res->rows++;
		}
	}
	free(m); free(idx); free(sh); free(dist); free(found);
	return pool_row(r, from, to, pool, err);
}

/*
 * Which sources observe the variables read (bp_variable_sources_sql,
 * compute.h: one index probe per variable and source; a GROUP BY of every
 * observation of these variables cost 0.13 s of the server's CPU on all of
 * Nederland): the sources, distinct and in text order, joined by ',' (src:
 * the fingerprint's part, as string_agg(DISTINCT source_id::text, ','
 * ORDER BY source_id::text) wrote it), and the codes with more than one
 * source (several: a text[] literal), the only ones that need
 * observation_current's DISTINCT ON (a sort of every observation read, to
 * pick the newest vintage): of one source there is one observation per
 * area and period at most (the keys of bp.observation and
 * bp.observation_row), as compute.c's pivot reads them too.  The rows are
 * distinct (code, source) pairs, so a code in two rows has two sources.
 */
static bp_rc read_sources(PGconn *conn, bp_buf *src, bp_buf *several, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { variables };
	bp_rc rc = bp_pg_query(conn, bp_variable_sources_sql, 1, p, &r, err);
	if (rc)
		return rc;
	size_t n = (size_t)PQntuples(r);
	const char **ids = malloc((n ? n : 1) * sizeof(*ids)), **codes = malloc((n ? n : 1) * sizeof(*codes));
	if (!ids || !codes) {
		free(ids);
		free(codes);
		PQclear(r);
		return bp_fail(err, BP_ERR_INTERNAL, "out of memory for %zu sources", n);
	}
	for (size_t i = 0; i < n; i++) {
		codes[i] = PQgetvalue(r, (int)i, 0);
		ids[i] = PQgetvalue(r, (int)i, 1);
	}
	qsort(ids, n, sizeof(*ids), cmp_str);
	qsort(codes, n, sizeof(*codes), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0) {
			if (src->len)
				bp_buf_addc(src, ',');
			bp_buf_adds(src, ids[i]);
		}
	bp_buf_addc(several, '{');
	for (size_t i = 1; i < n; i++)
		if (strcmp(codes[i], codes[i - 1]) == 0 && (i < 2 || strcmp(codes[i - 1], codes[i - 2]) != 0)) {
			/* codes are [A-Za-z0-9_]: no quotes or backslashes to escape inside the quotes */
			bp_buf_adds(several, several->len > 1 ? ",\"" : "\"");
			bp_buf_adds(several, codes[i]);
			bp_buf_addc(several, '"');
		}
	bp_buf_addc(several, '}');
	free(ids);
	free(codes);
	PQclear(r);
	return BP_OK;
}

void bp_similar_pairs_free(bp_similar_pairs *p)
{
	for (size_t i = 0; i < p->n_areas; i++)
		free(p->code[i]);
	free(p->code);
	free(p->year);
	free(p->from);
	free(p->to);
	memset(p, 0, sizeof(*p));
}

/* The baseline's areas into keep, for its pairs (indexes of r's rows). */
static bp_rc keep_areas(PGresult *r, bp_similar_pairs *keep, bp_error *err)
{
	size_t n = (size_t)PQntuples(r);
	keep->code = bp_xcalloc(n ? n : 1, sizeof(*keep->code));
	keep->year = bp_xmalloc((n ? n : 1) * sizeof(*keep->year));
	keep->n_areas = n;
	for (size_t i = 0; i < n; i++) {
		keep->code[i] = bp_xstrdup(PQgetvalue(r, (int)i, 0));
		bp_rc rc = bp_pg_int(r, (int)i, 1, &keep->year[i], err);
		if (rc)
			return rc;
	}
	return BP_OK;
}

bp_rc bp_similar_areas_build(PGconn *conn, int k, int force, bp_similar_result *res, bp_error *err)
{
	return bp_similar_areas_build_keep(conn, k, force, NULL, res, err);
}

bp_rc bp_similar_areas_build_keep(PGconn *conn, int k, int force, bp_similar_pairs *keep, bp_similar_result *res,
                                  bp_error *err)
{
	PGresult *r = NULL;
	bp_buf q, copy, pool, src, several;
	bp_rc rc;
	char fp[65], kbuf[16], minpop[32];

	memset(res, 0, sizeof(*res));
	if (keep)
		bp_similar_pairs_free(keep);
	bp_buf_init(&src);
	bp_buf_init(&several);
	bp_buf_init(&q);
	bp_buf_init(&copy);
	bp_buf_init(&pool);
	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto done;
	/*
	 * Without parallel workers: the stage runs beside the composites (on
	 * two cores, pipeline.c), and each worker of the baseline's plan built
	 * the base periods' hash again and sorted its share to merge (all of
	 * Nederland: 0.36 s of the server's CPU with two workers, 0.29 s
	 * without).  The baseline's window sort (all of Nederland) spilled
	 * 6 MB to disk at the default work_mem.
	 */
	if ((rc = bp_pg_exec(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.similar_area', 0))", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL max_parallel_workers_per_gather = 0", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL work_mem = '64MB'", err)))
		goto out;
	if ((rc = read_sources(conn, &src, &several, err)))
		goto out;
	bp_buf_printf(&q, "k=%d;minpop=%d;shared=%d;vars=%s;sources=%s", k, BP_SIMILAR_MIN_POPULATION,
	              BP_SIMILAR_MIN_SHARED, variables, src.data);
	bp_sha256_hex(q.data, q.len, fp);
	bp_buf_reset(&q);
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
		const char *p[] = { variables, minpop, several.data };
		if ((rc = bp_pg_query(conn, q.data, 3, p, &r, err)) || (keep && (rc = keep_areas(r, keep, err))))
			goto out;
		/* The rows go to the server a megabyte at a time as they are found:
		 * it stores them while the next level is searched. */
		if ((rc = bp_copybin_begin(conn, "COPY bp.similar_area (area_code, indeling_year, rank, similar_code, "
		                                 "distance, n_variables, level, gemeente_code) FROM STDIN (FORMAT binary)",
		                           &copy, err)))
			goto out;
		int n = PQntuples(r);
		for (int from = 0; from < n;) {
			int to = from + 1;
			while (to < n && strcmp(PQgetvalue(r, to, 1), PQgetvalue(r, from, 1)) == 0 &&
			       strcmp(PQgetvalue(r, to, 2), PQgetvalue(r, from, 2)) == 0)
				to++;
			if ((rc = group_rows(r, from, to, k, &copy, &pool, keep, res, err)) ||
			    (rc = bp_copybin_send(conn, &copy, 0, err)))
				goto out;
			from = to;
		}
		PQclear(r);
		r = NULL;
		if ((rc = bp_copybin_send(conn, &copy, 1, err)))
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
	/* Their statistics, for readers and instead of autovacuum's (sql/033):
	 * after the COMMIT, since an ANALYZE in the writing transaction is
	 * followed by that transaction's counts of its rows. */
	if ((rc = bp_pg_exec(conn, "COMMIT", err)) == BP_OK) {
		if (keep)
			keep->kept = 1;
		rc = bp_bulk_analyze(conn, "bp.similar_area", err);
	}
	goto done;
out:
	bp_pg_rollback(conn);
done:
	if (keep && !keep->kept)
		bp_similar_pairs_free(keep);
	PQclear(r);
	bp_buf_release(&q);
	bp_buf_release(&copy);
	bp_buf_release(&pool);
	bp_buf_release(&src);
	bp_buf_release(&several);
	return rc;
}
