/*
 * compare_rank.h: the rows of bp.comparison_rank for the values of some
 * indicators, computed in C (compare_rank.c) for compare.c.
 */
#ifndef BP_ENGINE_COMPARE_RANK_H
#define BP_ENGINE_COMPARE_RANK_H

#include <pthread.h>

#include <libpq-fe.h>

#include "core/buf.h"

#include "core/error.h"
#include "engine/similar.h"

/*
 * What rows of bp.comparison_rank count for compare.c's result, counted as
 * they are written instead of read back: rows, the rows of the view
 * bp.indicator_comparison they make (each rank but Nederland's own: its
 * land row; with a gemeente distribution, a previous period or similar
 * areas one row each more; a buurt with a wijk its wijk row); flagged, the
 * ranks in the worst decile of their land distribution (not Nederland's).
 */
typedef struct bp_rank_counts {
	long rows, flagged;
} bp_rank_counts;

/*
 * The rows of one part handed to the other part's COPY (compare.c: both
 * parts' rows go out in one stream in the key's order, into a table
 * emptied in the same transaction: no free-space map, no gaps filled out
 * of order).  The giver puts its rows in rows (binary COPY rows, no header
 * or trailer) and sets ready (ok: 0 when it failed); the taker waits for
 * ready after its own rows.
 */
typedef struct bp_rank_handover {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int ready, ok;
	bp_buf rows;
} bp_rank_handover;

void bp_rank_handover_init(bp_rank_handover *h);
void bp_rank_handover_free(bp_rank_handover *h);   /* after both calls returned */
void bp_rank_handover_fail(bp_rank_handover *h);   /* the giver failed before its call */

/*
 * Writes one row of bp.comparison_rank per value of the indicators in ids
 * (a text[] literal; NULL: all) in the caller's transaction, with COPY, in
 * the order of the table's key; give: hand the rows to another call's take
 * instead (always sets give->ready, also on failure); take: that call's
 * rows after these in the same COPY (waits for them).  *counts: what
 * this call's rows count for compare.c (bp_rank_counts).
 * The comparison_scope rows go out with each call's own COPY.  Reads
 * bp.area, bp.indicator, bp.indicator_value and bp.similar_area (pairs
 * kept: the similar areas this run wrote, instead of the table).
 */
bp_rc bp_compare_rank_values(PGconn *conn, const char *ids, bp_rank_handover *give, bp_rank_handover *take,
                             const bp_similar_pairs *pairs, bp_rank_counts *counts, bp_error *err) BP_MUST_CHECK;

#endif
