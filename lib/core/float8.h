/*
 * float8.h: doubles compared in PostgreSQL's order for float8 (btfloat8cmp):
 * NaN equals NaN and sorts above every number, so that sorts and ties in C
 * (engine/compare_rank.c, engine/composite_calc.c) match what the SQL they
 * replace did, and qsort always gets a consistent order.
 */
#ifndef BP_CORE_FLOAT8_H
#define BP_CORE_FLOAT8_H

#include <math.h>

static inline int bp_float8_cmp(double a, double b)
{
	if (isnan(a))
		return isnan(b) ? 0 : 1;
	if (isnan(b))
		return -1;
	return (a > b) - (a < b);
}

#endif
