/*
 * interval_basis.c: what a value's interval is, or why it has none (see
 * interval_basis.h).  Plain rules over what compute stored; the order of
 * the tests is the order in which one fact decides before another.
 */
#include "engine/interval_basis.h"

#include <string.h>

#include "engine/needs.h"

bp_interval_basis bp_interval_basis_of(const bp_value_facts *f)
{
	if (!f->has_value)
		return BP_IB_NONE_NO_VALUE;
	bp_needs_uncertainty u = bp_needs_uncertainty_of(f->kind, f->source);
	/* A composite's interval is its own simulation's, whether its
	 * components were native or translated (sql/031). */
	if (u == BP_NEEDS_INDEX)
		return f->has_interval ? BP_IB_COMPOSITE_DRAWS : BP_IB_NONE_COMPOSITE;
	/* Apportioned: the interval is no longer the source's (translate.c
	 * spans the contributors' bounds), and the apportioning's own error is
	 * not quantified.  Identical borders keep the source's value and basis. */
	if (f->apportioned)
		return f->has_interval ? BP_IB_TRANSLATED_SPAN : BP_IB_NONE_TRANSLATED;
	if (f->has_interval) {
		if (u == BP_NEEDS_SURVEY)
			return BP_IB_SURVEY_CI;
		if (u == BP_NEEDS_MODEL_ESTIMATE)
			return BP_IB_MODEL_INTERVAL;
		/* a published share with bounds in bp.observation_interval: a
		 * survey-results table's, a CBS table's Marges */
		return BP_IB_SOURCE_MARGIN;
	}
	/* compute gives an aggregate no interval (published bounds do not
	 * combine), whatever its members were. */
	if (f->estimate)
		return BP_IB_NONE_AGGREGATE;
	if (u == BP_NEEDS_SURVEY || f->respondents)
		return BP_IB_NONE_SURVEY;
	if (u == BP_NEEDS_MODEL_ESTIMATE)
		return BP_IB_NONE_MODEL;
	return BP_IB_NONE_REGISTRATION;
}

const char *bp_interval_basis_name(bp_interval_basis b)
{
	switch (b) {
	case BP_IB_SURVEY_CI: return "survey_ci";
	case BP_IB_SOURCE_MARGIN: return "source_margin";
	case BP_IB_MODEL_INTERVAL: return "model_interval";
	case BP_IB_COMPOSITE_DRAWS: return "composite_draws";
	case BP_IB_TRANSLATED_SPAN: return "translated_span";
	case BP_IB_NONE_NO_VALUE: return "none_no_value";
	case BP_IB_NONE_REGISTRATION: return "none_registration";
	case BP_IB_NONE_MODEL: return "none_model";
	case BP_IB_NONE_SURVEY: return "none_survey";
	case BP_IB_NONE_AGGREGATE: return "none_aggregate";
	case BP_IB_NONE_COMPOSITE: return "none_composite";
	case BP_IB_NONE_TRANSLATED: break;
	}
	return "none_translated";
}

const char *bp_interval_basis_nl(bp_interval_basis b)
{
	switch (b) {
	case BP_IB_SURVEY_CI:
		return "95%-interval berekend uit de antwoorden van de enquête";
	case BP_IB_SOURCE_MARGIN:
		return "95%-marge zoals de bron die publiceerde";
	case BP_IB_MODEL_INTERVAL:
		return "95%-marge van de modelschatting, zoals het RIVM die publiceerde";
	case BP_IB_COMPOSITE_DRAWS:
		return "95%-bandbreedte van de index over simulaties binnen de intervallen van de onderdelen";
	case BP_IB_TRANSLATED_SPAN:
		return "omgerekend van een andere indeling: van de laagste tot de hoogste grens van de gebieden "
		       "waaruit het komt, ruimer dan een 95%-interval";
	case BP_IB_NONE_NO_VALUE:
		return "geen waarde, dus geen interval";
	case BP_IB_NONE_MODEL:
		/* RIVM publishes margins (50090NED's Marges), buurtpeil loads the estimate only. */
		return "een modelschatting; buurtpeil heeft geen marges van deze bron geladen";
	case BP_IB_NONE_SURVEY:
		return "een enquêtecijfer zonder opgegeven onder- en bovengrens";
	case BP_IB_NONE_AGGREGATE:
		return "een optelling van buurtpeil over een zelf gedefinieerd gebied; de marges van de delen "
		       "tellen niet op tot een interval";
	case BP_IB_NONE_COMPOSITE:
		return "een samengestelde index van cijfers zonder interval";
	case BP_IB_NONE_TRANSLATED:
		return "omgerekend van een andere indeling uit cijfers zonder interval; de fout van de omrekening "
		       "is niet bekend";
	case BP_IB_NONE_REGISTRATION:
		break;
	}
	return "een telling uit een registratie, zonder steekproefmarge";
}

int bp_interval_basis_has_interval(bp_interval_basis b)
{
	return b == BP_IB_SURVEY_CI || b == BP_IB_SOURCE_MARGIN || b == BP_IB_MODEL_INTERVAL ||
	       b == BP_IB_COMPOSITE_DRAWS || b == BP_IB_TRANSLATED_SPAN;
}
