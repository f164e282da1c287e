/*
 * compare.h: every indicator value against its references (sql/007).
 *
 * After compute, bp_compare_indicators() rebuilds bp.indicator_comparison
 * in one transaction with set-based statements over every indicator, area
 * and period: the difference to the gemeente, to Nederland (NL00) and, for
 * a buurt, to its wijk; z-scores and percentile ranks among the areas of
 * the same level (all of that level in the database — national only where
 * bp.distribution_scope says so —, and within the gemeente), each from the
 * fewest areas below; the worst-decile flag; and
 * the change since the previous period with its significance where both
 * values carry a 95% interval; the similar areas (bp.similar_area) and the
 * custom reference (bp.custom_reference), sql/009.  Definitions of every
 * column: sql/007 and sql/009.
 */
#ifndef BP_ENGINE_COMPARE_H
#define BP_ENGINE_COMPARE_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/error.h"
#include "engine/compare_rank.h"

/* z-scores within a gemeente only from this many areas with a value (land: 2). */
#define BP_COMPARE_MIN_GEMEENTE_AREAS 5
/* Percentile of need from which an area is in the worst decile (CDC SVI). */
#define BP_COMPARE_WORST_DECILE 0.9
/*
 * The fewest areas with a value from which the engine stores a percentile
 * and the worst-decile flag, nationally ('land') and within a gemeente
 * alike (compare_rank.c); below it both are NULL and the view's
 * not_ranked_reason says 'too_few_areas' (sql/014), so every reader (pages,
 * needs, CSV, API, run digest) has one rule.  A decile is a tenth of the
 * areas: below 10 a tenth is less than one area, and the flagged area
 * (percent rank >= 0.9 is the top one) is a fifth or half of them -- of 2
 * gemeenten one would be "in the worst decile".
 *
 * The z-score keeps its own minimum (2 areas, BP_COMPARE_MIN_GEMEENTE_AREAS
 * within a gemeente): it claims no share of the areas, only a distance in
 * standard deviations, and no page, CSV or API response shows it; it is in
 * the view beside n_ranked for SQL readers.  A page that shows it must say
 * over how many areas.
 */
#define BP_COMPARE_MIN_DECILE_AREAS 10

/*
 * SQL: LEFT JOIN the comparison of kind KIND ('land', 'gemeente', ...) of
 * the indicator value aliased V, as alias AS.  bp.indicator_comparison is a
 * view (sql/014) whose branches join bp.comparison_rank to the values; a
 * plain LEFT JOIN to it is planned as a join against the whole branch
 * (300,000 rows for all of Nederland: 3 s for one gemeente's needs instead
 * of 20 ms).  A LATERAL subquery that cannot be pulled up (OFFSET 0) keeps
 * the key as a condition inside it, so each value looks its comparison up by
 * the indexes, and the kind leaves one branch of the view.
 */
#define BP_SQL_COMPARISON_JOIN(V, KIND, AS) \
	" LEFT JOIN LATERAL (SELECT * FROM bp.indicator_comparison bp_cmp WHERE bp_cmp.indicator_id = " V ".indicator_id " \
	"AND bp_cmp.area_code = " V ".area_code AND bp_cmp.indeling_year = " V ".indeling_year " \
	"AND bp_cmp.period = " V ".period AND bp_cmp.reference_kind = '" KIND "' OFFSET 0) " AS " ON true "

/*
 * SQL: LEFT JOIN, as alias AS, the gemeente, land and previous_period
 * comparisons of the value aliased V (of bp.indicator_value_shown: with
 * origin and gemeente_code) read from bp.comparison_rank directly, with the
 * same rows and values as bp.indicator_comparison's branches: three lookups
 * in the view per value were most of an area series read (4.8 s of the
 * demo's run, ~0.15 ms a row).  A rank row exists only for a value of its
 * own key, so a translated or identical value (none of its own in
 * bp.indicator_value) has none, as in the view.  Columns, NULL where the
 * view has no row: gem_code and gem (gemeente branch: a gemeente_n) with
 * gem_lo and gem_hi, the gemeente's own 95% interval where its value has one
 * (a survey estimate of the gemeente is no exact reference) and gem_share,
 * the area's share of the gemeente's summed weights of respondents where
 * both are buurtpeil's own survey estimates (only they have sum_w; NULL
 * otherwise: the share the test of engine/reference_test.h needs), nl,
 * pct and n_ranked (land branch: not Nederland itself), prev_period,
 * prev_value and significant (previous_period branch: a previous value; the
 * 1.959963984540054 is the view's).  One lateral lookup that cannot be
 * pulled up (OFFSET 0): each value reads its rank by the key's index.
 */
#define BP_SQL_COMPARISON_RANKS(V, AS) \
	" LEFT JOIN LATERAL (SELECT CASE WHEN cr.gemeente_n IS NOT NULL THEN " V ".gemeente_code END AS gem_code, " \
	"       g.value AS gem, CASE WHEN g.value IS NOT NULL THEN g.ci_low END AS gem_lo, " \
	"       CASE WHEN g.value IS NOT NULL THEN g.ci_high END AS gem_hi, " \
	"       CASE WHEN g.value IS NOT NULL AND g.ci_low IS NOT NULL AND g.sum_w > 0 THEN " \
	"         (SELECT s.sum_w FROM bp.indicator_value s WHERE s.indicator_id = cr.indicator_id " \
	"             AND s.area_code = cr.area_code AND s.indeling_year = cr.indeling_year " \
	"             AND s.period = cr.period) / g.sum_w END AS gem_share, " \
	"       (SELECT r.value FROM bp.indicator_value r WHERE cr.level <> 'land' " \
	"           AND r.indicator_id = cr.indicator_id AND r.area_code = 'NL00' " \
	"           AND r.indeling_year = cr.indeling_year AND r.period = cr.period) AS nl, " \
	"       CASE WHEN cr.level <> 'land' THEN cr.land_pct END AS pct, " \
	"       CASE WHEN cr.level <> 'land' THEN cr.land_n END AS n_ranked, " \
	"       p.period AS prev_period, p.value AS prev_value, " \
	"       CASE WHEN p.indicator_id IS NOT NULL THEN abs(cr.change_z) > 1.959963984540054 END AS significant " \
	"       FROM bp.comparison_rank cr " \
	"       LEFT JOIN bp.indicator_value p ON p.indicator_id = cr.indicator_id AND p.area_code = cr.area_code " \
	"            AND p.indeling_year = cr.indeling_year AND p.period = cr.prev_period " \
	"       LEFT JOIN bp.indicator_value g ON cr.gemeente_n IS NOT NULL AND g.indicator_id = cr.indicator_id " \
	"            AND g.area_code = " V ".gemeente_code AND g.indeling_year = cr.indeling_year AND g.period = cr.period " \
	"      WHERE " V ".origin IN ('native', 'same_code') AND cr.indicator_id = " V ".indicator_id " \
	"        AND cr.area_code = " V ".area_code AND cr.indeling_year = " V ".indeling_year " \
	"        AND cr.period = " V ".period OFFSET 0) " AS " ON true "

/* |z| above this: a change is significant (two-sided, 5 %). */
#define BP_CHANGE_Z_CRITICAL 1.959963984540054

/*
 * The engine's test of a change (compare.c): z = (v - p) / sqrt(se_v^2 +
 * se_p^2), each se from its 95% interval, se = (ci_high - ci_low) / (2 x
 * 1.96).  The comparisons (change since the previous period) and the run
 * digest (change since the previous published run) both call it, so there
 * is one test.  Returns 0 (no test) when an interval is missing (NaN) or
 * both are of width 0; else 1 with *z set.
 */
double bp_change_se(double ci_low, double ci_high);
int bp_change_z(double v, double se_v, double p, double se_p, double *z);

typedef struct bp_compare_result {
	long rows;      /* comparison rows written */
	long flagged;   /* of which land rows in the worst decile */
	int unchanged;  /* bp_compare_indicators_changed: nothing to do (rows, flagged: as stored) */
} bp_compare_result;

/*
 * Make bp.custom_reference hold exactly these references: codes[i] for the
 * areas of gemeente scopes[i] (NULL: every area).  An unknown area code is
 * BP_ERR_NOT_FOUND and nothing changes.
 */
bp_rc bp_custom_references_store(PGconn *conn, const char *const *scopes, const char *const *codes, size_t n,
                                 bp_error *err) BP_MUST_CHECK;

/* Replace every comparison; nothing changes on error. */
bp_rc bp_compare_indicators(PGconn *conn, bp_compare_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * As bp_compare_indicators, but only when what the comparisons are made of
 * changed since they were last built (bp.comparison_basis, sql/013: every
 * indicator's definition, inputs and computed_at, the similar areas, the
 * custom references) or force is set; else res->unchanged = 1.  Values
 * changed by hand, outside compute, are not noticed: use force.
 */
bp_rc bp_compare_indicators_changed(PGconn *conn, int force, bp_compare_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The same rebuild in parts on two connections (pipeline.c):
 * bp_compare_split_begin takes the writers' lock for this session, checks
 * the basis like bp_compare_indicators_changed (s->rebuild = 0: current,
 * res filled, nothing else to do), else empties the ranks and splits the
 * indicators in two ranges of ids of about equal numbers of values;
 * bp_compare_part(conn, s, 0 or 1) ranks one part in a transaction of its
 * own, on any connection (part 0 writes part 1's rows after its own and
 * waits for them: part 1 runs beside it or before it); bp_compare_split_finish(conn, s, res), once
 * both parts are in, writes the key, the counts and the basis in a
 * transaction of its own, on any connection; bp_compare_split_end(conn, s,
 * rc) on the first connection, with the outcome so far: finishes when that
 * was not done yet, or after a failure leaves the ranks empty (with their
 * key, without a basis: the next compute rebuilds them); it releases the
 * lock and returns rc or its own error.  The ranks are the same as in one part: an
 * indicator's ranks depend on its own values only.
 */
typedef struct bp_compare_split {
	int rebuild;            /* 0: the comparisons are current */
	int locked;
	char fp[65];
	char *ids[2];           /* text[] literals: the indicators of each part (owned) */
	bp_rank_counts counts[2];
	int finished;           /* bp_compare_split_finish done */
	int values_apart;       /* set by the caller: the values' statistics are its (pipeline.c), the finish
	                         * ANALYZEs the ranks only */
	bp_rank_handover hand;  /* the second part's rows, written by the first (compare.c) */
	const bp_similar_pairs *pairs; /* set by the caller: the similar areas this run wrote (NULL: read them) */
} bp_compare_split;

bp_rc bp_compare_split_begin(PGconn *conn, int force, bp_compare_split *s, bp_compare_result *res, bp_error *err) BP_MUST_CHECK;
bp_rc bp_compare_part(PGconn *conn, bp_compare_split *s, int part, bp_error *err) BP_MUST_CHECK;
bp_rc bp_compare_split_finish(PGconn *conn, bp_compare_split *s, bp_compare_result *res, bp_error *err) BP_MUST_CHECK;
bp_rc bp_compare_split_end(PGconn *conn, bp_compare_split *s, bp_rc rc, bp_compare_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * *current = 1 when the stored comparisons were built from the values,
 * similar areas and references as they are now (what `compute` would leave
 * unchanged); 0 when compute has work to do first, e.g. right after a
 * migration emptied the comparisons.  For report and publish to say so.
 */
bp_rc bp_compare_is_current(PGconn *conn, int *current, bp_error *err) BP_MUST_CHECK;

/*
 * BP_ERR_STALE (with detail and hint) unless the comparisons are current:
 * what every reader of ranks, flags and composites (report, publish, needs,
 * composites) calls first.  Their tables were UNLOGGED before sql/024, so
 * a crash of the server emptied them (and their basis); published as they
 * are, the needs overview would say that no area needs anything (issue 24).
 */
bp_rc bp_compare_require_current(PGconn *conn, bp_error *err) BP_MUST_CHECK;

#endif
