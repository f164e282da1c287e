/*
 * similar.h: for each area, the k areas of the same level and indeling most
 * alike on baseline structure, stored in bp.similar_area (sql/009) and used
 * by compare.c as the reference kind 'similar_areas'.
 *
 * Baseline structure (KWB; BP_SIMILAR_VARIABLES in similar.c): the five age
 * shares, the shares of single-person households, households without and
 * with children, the mean household size, mean income per inhabitant and
 * the share of households with a low income.  Each is standardised (z-score
 * among the areas of the level and indeling); the distance is Euclidean on
 * the z-scores, divided by the square root of the number of variables both
 * areas have (so areas with a secret income are still comparable), and
 * computed only where they share at least BP_SIMILAR_MIN_SHARED variables
 * (or all the variables the level has, when it has fewer).
 * Areas with fewer than BP_SIMILAR_MIN_POPULATION inhabitants are left out
 * on both sides: their shares are noise.  The baseline is the newest period
 * of the indeling with inhabitants.  Ties: the lower code first.
 */
#ifndef BP_ENGINE_SIMILAR_H
#define BP_ENGINE_SIMILAR_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/error.h"

#define BP_SIMILAR_DEFAULT_K 10
#define BP_SIMILAR_MIN_SHARED 6
#define BP_SIMILAR_MIN_POPULATION 50

typedef struct bp_similar_result {
	long areas;       /* areas with similar areas */
	long rows;        /* rows in bp.similar_area */
	int unchanged;    /* baseline, k and variables as last time: nothing rebuilt */
} bp_similar_result;

/*
 * Rebuild bp.similar_area (one transaction) unless its basis is unchanged;
 * k = 0 removes every row (no similar-areas reference).
 */
bp_rc bp_similar_areas_build(PGconn *conn, int k, int force, bp_similar_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The rows a rebuild wrote to bp.similar_area, kept in memory for the
 * comparisons of the same run (pipeline.c, compare_rank.c), which would
 * otherwise read them back twice (once per part).  Pair t is row t of the
 * table in the order it was written (the order a scan of the table,
 * emptied and written in one transaction, returns): area from[t] and its
 * similar area to[t], both indexes into code/year.  kept = 0: nothing
 * rebuilt (the basis was unchanged, or the build failed): read the table.
 */
typedef struct bp_similar_pairs {
	int kept;
	size_t n_areas, n;
	char **code;      /* the baseline's areas (owned) */
	int *year;
	int *from, *to;   /* n pairs */
	size_t cap;
} bp_similar_pairs;

/* As bp_similar_areas_build, and on a rebuild its rows into keep (emptied first; free with
 * bp_similar_pairs_free). */
bp_rc bp_similar_areas_build_keep(PGconn *conn, int k, int force, bp_similar_pairs *keep, bp_similar_result *res,
                                  bp_error *err) BP_MUST_CHECK;
void bp_similar_pairs_free(bp_similar_pairs *p);

/*
 * The k nearest rows of m (n x p, row-major, NAN = missing) to row i, by
 * root mean squared difference over the columns both have (at least
 * min_shared), excluding i itself.  out_idx/out_dist get up to k entries,
 * nearest first (ties: the lower index); returns how many.  Exposed for tests.
 */
size_t bp_similar_nearest(const double *m, size_t n, size_t p, size_t i, size_t k, size_t min_shared,
                          size_t *out_idx, double *out_dist, size_t *out_shared);

/*
 * The same for every row of m at once, not every pair's distance computed:
 * row i's list in idx/dist/shared[i * k .. i * k + k), found[i] entries;
 * identical to bp_similar_nearest per row (a list holds the first k by
 * distance and index whatever order its candidates come in).
 */
void bp_similar_nearest_all(const double *m, size_t n, size_t p, size_t k, size_t min_shared, size_t *idx,
                            double *dist, size_t *shared, size_t *found);
/*
 * The same with the full rows' search chosen (for tests): 0 as
 * bp_similar_nearest_all chooses, 1 through the k-d tree, 2 every pair.
 */
void bp_similar_nearest_all_by(const double *m, size_t n, size_t p, size_t k, size_t min_shared, size_t *idx,
                               double *dist, size_t *shared, size_t *found, int how);

#endif
