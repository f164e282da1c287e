/*
 * composite_calc.h: one composite index computed in C (composite_calc.c),
 * for composite.c: read its components' values, then write its values
 * (bp.indicator_value) and scores (bp.composite_score) in the caller's
 * transaction.
 */
#ifndef BP_ENGINE_COMPOSITE_CALC_H
#define BP_ENGINE_COMPOSITE_CALC_H

#include <libpq-fe.h>

#include "core/error.h"
#include "engine/composite.h"

typedef struct calc bp_composite_calc;

/* Reads the component values of d (and the simulation's hashes); *out is freed with bp_composite_calc_free. */
bp_rc bp_composite_calc_read(PGconn *conn, const bp_composite_def *d, bp_composite_calc **out, bp_error *err) BP_MUST_CHECK;

/* Whether any component value exists, and whether any has a 95% interval. */
void bp_composite_calc_inputs(const bp_composite_calc *c, int *any, int *intervals);

/* Computes and writes (simulate: with d->draws draws); *values and *ranks: rows and schemes x rows written. */
bp_rc bp_composite_calc_write(PGconn *conn, bp_composite_calc *c, int simulate, long *values, long *ranks,
                              bp_error *err) BP_MUST_CHECK;

void bp_composite_calc_free(bp_composite_calc *c);

#endif
