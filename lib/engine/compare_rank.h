/*
 * compare_rank.h: the rows of bp.comparison_rank for the values of some
 * indicators, computed in C (compare_rank.c) for compare.c.
 */
#ifndef BP_ENGINE_COMPARE_RANK_H
#define BP_ENGINE_COMPARE_RANK_H

#include <libpq-fe.h>

#include "core/error.h"

/*
 * Writes one row of bp.comparison_rank per value of the indicators in ids
 * (a text[] literal; NULL: all) in the caller's transaction, with COPY;
 * *buurt_rows: how many of them are buurten with a wijk (compare.c's
 * counts).  Reads bp.area, bp.indicator, bp.indicator_value and
 * bp.similar_area.
 */
bp_rc bp_compare_rank_values(PGconn *conn, const char *ids, long *buurt_rows, bp_error *err) BP_MUST_CHECK;

#endif
