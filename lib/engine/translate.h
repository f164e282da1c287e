/*
 * translate.h: indicator values carried across a boundary change through
 * the stored crosswalks (bp.crosswalk_share, built by import/crosswalk.c)
 * into bp.indicator_value_translated (sql/021_crosswalk.sql).  SQL only:
 * the engine needs no geometry.
 *
 * For each crosswalk (level, from → to) and each definition of the set,
 * every value of the from-indeling's areas of that level, every period:
 *   identical borders   the value, numerator, denominator and interval as
 *                       they were (method 'identical', note "overgenomen
 *                       van indeling Y (grenzen gelijk)");
 *   ratio               numerator and denominator apportioned, Σ share ×
 *                       numerator / Σ share × denominator × scale, then the
 *                       definition's min_denominator (method 'ratio');
 *   published_share,    the mean of the contributors' values weighted by
 *   survey_proportion,  the inhabitants of their parts (crosswalk weight;
 *   survey_mean         surface where the parts count nobody); interval
 *                       from the lowest ci_low to the highest ci_high of
 *                       the contributors (method 'weighted_mean'), none
 *                       when a contributor has none.
 * Every row has status 'translated' and note "omgerekend van indeling Y".
 * A to-area one of whose contributors has no value in the period
 * (missing, or suppressed for its size) gets none either
 * ('translation_incomplete'): what was suppressed stays suppressed.
 * A custom area of the to-indeling (bp.custom_area) every member of which
 * the crosswalk reaches gets values the same way, its members' shares
 * summed (a dorp defined on 2024 buurten gets RIVM's 2020 figures through
 * a 2020 → 2024 buurt crosswalk); one with a member the crosswalk does not
 * reach gets none from it.
 * A custom area drawn as a polygon gets values the same way from every
 * overlay of it (bp.custom_area_overlay: the shares of one level and
 * indeling's areas in the polygon, built by import/custom_overlay.c), the
 * drawn area's own indeling included (it has no native values), note
 * "omgerekend van indeling Y (buurten, getekend gebied)"; of two levels of
 * one indeling, the finest that gives a value.
 * The apportioning assumes a part of an area is like its whole (same rate
 * and composition); that assumption is what the note and status declare.
 */
#ifndef BP_ENGINE_TRANSLATE_H
#define BP_ENGINE_TRANSLATE_H

#include <libpq-fe.h>

#include "core/error.h"
#include "engine/indicator_def.h"

typedef struct bp_translate_result {
	long crosswalks;   /* crosswalks read */
	long overlays;     /* drawn custom areas' overlays read (bp.custom_area_overlay) */
	long values;       /* rows written */
	long suppressed;   /* of which without a value */
	long identical;    /* of which copied from identical borders */
} bp_translate_result;

/*
 * Translate through every stored crosswalk, replacing what an earlier run
 * wrote (but for the composites' translated values, method 'composite',
 * which composite.c writes from these), in one transaction.  Definitions without values in a crosswalk's
 * from-indeling write nothing.  No crosswalk: nothing to do, BP_OK.
 */
bp_rc bp_translate_values(PGconn *conn, const bp_indicator_set *set, bp_translate_result *res,
                          bp_error *err) BP_MUST_CHECK;

#endif
