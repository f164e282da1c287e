/*
 * pipeline.h: one compute run, every stage in order: indicators,
 * composites, similar areas, comparisons, then the values translated
 * through the stored crosswalks (as `buurtpeil compute` and `buurtpeil
 * run` do it).
 */
#ifndef BP_ENGINE_PIPELINE_H
#define BP_ENGINE_PIPELINE_H

#include <libpq-fe.h>

#include "core/error.h"
#include "engine/compare.h"
#include "engine/composite.h"
#include "engine/compute.h"
#include "engine/similar.h"
#include "engine/translate.h"

typedef struct bp_pipeline_input {
	const bp_indicator_set *indicators;
	const bp_composite_set *composites;
	int similar_k;
	int force;              /* recompute everything */
} bp_pipeline_input;

typedef struct bp_pipeline_result {
	bp_compute_result indicators;
	bp_composite_result composites;
	bp_similar_result similar;
	bp_compare_result compare;
	bp_translate_result translate;  /* values carried through the stored crosswalks */
	/* Wall time of each stage, and of the whole run; the similar areas
	 * overlap the indicators when a helper connection is given, and then
	 * compare includes the index builds (indexes: what was left to build
	 * and attach at the end). */
	double s_indicators, s_composites, s_similar, s_compare, s_indexes, s_translate, s_total;
	int parallel;           /* 1: the helper connection was used */
} bp_pipeline_result;

/*
 * Run the stages on conn.  helper (may be NULL) is a second connection to
 * the same database (bp_db_connect): the similar areas are built on it
 * while conn computes the indicators, it computes the second half of the
 * composites beside conn's first half and the second part of the
 * comparisons beside the first, and after a --force rewrite builds the
 * ranks' indexes while conn builds the values'.  Each stage keeps its own transactions; a failure stops
 * the run after the helper's work has finished, and leaves every table
 * with its key and indexes.
 */
bp_rc bp_compute_pipeline(PGconn *conn, PGconn *helper, const bp_pipeline_input *in,
                          bp_pipeline_result *res, bp_error *err) BP_MUST_CHECK;

#endif
