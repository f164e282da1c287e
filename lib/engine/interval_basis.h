/*
 * interval_basis.h: what a stored value's 95 % interval is, or why it has
 * none, from what the engine stored with it.  One rule for every reader
 * that tells a client or a reader about an interval (the API's /values and
 * /needs: `interval_basis` and `interval_note`), so that a missing interval
 * is never left to be read as "exact" or as "unknown" when it is one of
 * several different things:
 *
 *   survey_ci          buurtpeil's own interval from the weighted respondents
 *   source_margin      the bounds the source published with the figure
 *   model_interval     the margins RIVM published with a model estimate
 *   composite_draws    a composite's 2.5-97.5 % range over the simulation draws
 *   translated_span    a value apportioned from another indeling: the span
 *                      of the intervals of the areas it came from
 *   none_no_value      no value (suppressed or missing), so no interval
 *   none_registration  a count of the whole population: no sampling error
 *   none_model         a model estimate loaded without its margins
 *   none_survey        a survey figure published without bounds (a survey
 *                      kind, or a published share with respondents or from
 *                      an area-level survey's table: import survey-results)
 *   none_aggregate     buurtpeil's aggregate of published figures over a
 *                      custom area: the members' bounds do not combine
 *   none_composite     a composite whose components have no interval
 *   none_translated    apportioned from areas without intervals
 */
#ifndef BP_ENGINE_INTERVAL_BASIS_H
#define BP_ENGINE_INTERVAL_BASIS_H

#include "core/lang.h"

typedef enum bp_interval_basis {
	BP_IB_SURVEY_CI,
	BP_IB_SOURCE_MARGIN,
	BP_IB_MODEL_INTERVAL,
	BP_IB_COMPOSITE_DRAWS,
	BP_IB_TRANSLATED_SPAN,
	BP_IB_NONE_NO_VALUE,
	BP_IB_NONE_REGISTRATION,
	BP_IB_NONE_MODEL,
	BP_IB_NONE_SURVEY,
	BP_IB_NONE_AGGREGATE,
	BP_IB_NONE_COMPOSITE,
	BP_IB_NONE_TRANSLATED
} bp_interval_basis;

/* What is known of one stored value (bp.indicator_value, or a translated
 * one: bp.indicator_value_translated). */
typedef struct bp_value_facts {
	const char *kind;      /* bp.indicator.kind ("ratio", "published_share", "survey_mean", "composite", ...) */
	const char *source;    /* bp.indicator.source_text; NULL when unknown */
	int has_value;         /* value IS NOT NULL */
	int has_interval;      /* ci_low and ci_high both set */
	int estimate;          /* indicator_value.estimate: a custom area's aggregate of published shares */
	int respondents;       /* indicator_value.n_unweighted is set: a published survey result */
	int survey_result;     /* indicator_value.survey_result: loaded by import survey-results (sql/034),
	                        * a survey figure with or without respondents and bounds */
	int apportioned;       /* translated through a crosswalk or overlay with other borders (not 'identical') */
} bp_value_facts;

/* The basis of the value f describes. */
bp_interval_basis bp_interval_basis_of(const bp_value_facts *f);
/* "survey_ci", "none_registration", ... (the API's words, lib/api/openapi.json). */
const char *bp_interval_basis_name(bp_interval_basis b);
/* The same in words for a reader of lang (a clause, no full stop; the pages' words where they have them). */
const char *bp_interval_basis_text(bp_interval_basis b, bp_lang lang);
/* bp_interval_basis_text(b, BP_LANG_NL). */
const char *bp_interval_basis_nl(bp_interval_basis b);
/* Whether the basis is one of a value with an interval. */
int bp_interval_basis_has_interval(bp_interval_basis b);

#endif
