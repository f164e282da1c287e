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
	/* A survey-results table's figure is a survey's whether or not the
	 * file gave its respondents: never "a count of the whole population". */
	if (u == BP_NEEDS_SURVEY || f->respondents || f->survey_result)
		return BP_IB_NONE_SURVEY;
	if (u == BP_NEEDS_MODEL_ESTIMATE)
		return BP_IB_NONE_MODEL;
	return BP_IB_NONE_REGISTRATION;
}

/*
 * Each basis's API word and its clause for a reader in each language, in
 * one table (indexed by the enum): the pages, PDFs, the API's
 * interval_note and the dashboard say the same words.  Not the message
 * catalogue (core/lang.h): these are what the API answers, and keeping the
 * word and both clauses side by side keeps them from drifting apart.
 */
static const struct {
	const char *name, *nl, *en;
} basis[] = {
	[BP_IB_SURVEY_CI] = { "survey_ci",
		"95%-interval berekend uit de antwoorden van de enquête",
		"95% interval computed from the survey's answers" },
	[BP_IB_SOURCE_MARGIN] = { "source_margin",
		"95%-marge zoals de bron die publiceerde",
		"95% margin as the source published it" },
	[BP_IB_MODEL_INTERVAL] = { "model_interval",
		"95%-marge van de modelschatting, zoals het RIVM die publiceerde",
		"95% margin of the model estimate, as RIVM published it" },
	[BP_IB_COMPOSITE_DRAWS] = { "composite_draws",
		"95%-bandbreedte van de index over simulaties binnen de intervallen van de onderdelen",
		"95% range of the index over simulations within the intervals of its components" },
	[BP_IB_TRANSLATED_SPAN] = { "translated_span",
		"omgerekend van een andere indeling: van de laagste tot de hoogste grens van de gebieden "
		"waaruit het komt, ruimer dan een 95%-interval",
		"converted from another classification: from the lowest to the highest bound of the areas "
		"it came from, wider than a 95% interval" },
	[BP_IB_NONE_NO_VALUE] = { "none_no_value",
		"geen waarde, dus geen interval",
		"no value, so no interval" },
	[BP_IB_NONE_REGISTRATION] = { "none_registration",
		"een telling uit een registratie, zonder steekproefmarge",
		"a count from a register, without sampling error" },
	/* RIVM publishes margins (50090NED's Marges), buurtpeil loads the estimate only. */
	[BP_IB_NONE_MODEL] = { "none_model",
		"een modelschatting; buurtpeil heeft geen marges van deze bron geladen",
		"a model estimate; buurtpeil has not loaded margins from this source" },
	[BP_IB_NONE_SURVEY] = { "none_survey",
		"een enquêtecijfer zonder opgegeven onder- en bovengrens",
		"a survey figure without a given lower and upper bound" },
	[BP_IB_NONE_AGGREGATE] = { "none_aggregate",
		"een optelling van buurtpeil over een zelf gedefinieerd gebied; de marges van de delen "
		"tellen niet op tot een interval",
		"buurtpeil's sum over a self-defined area; the margins of its parts do not add up to an interval" },
	[BP_IB_NONE_COMPOSITE] = { "none_composite",
		"een samengestelde index van cijfers zonder interval",
		"a composite index of figures without an interval" },
	[BP_IB_NONE_TRANSLATED] = { "none_translated",
		"omgerekend van een andere indeling uit cijfers zonder interval; de fout van de omrekening "
		"is niet bekend",
		"converted from another classification from figures without an interval; the error of the "
		"conversion is not known" },
};

static unsigned basis_index(bp_interval_basis b)
{
	return (unsigned)b < sizeof(basis) / sizeof(basis[0]) ? (unsigned)b : (unsigned)BP_IB_NONE_NO_VALUE;
}

const char *bp_interval_basis_name(bp_interval_basis b)
{
	return basis[basis_index(b)].name;
}

const char *bp_interval_basis_text(bp_interval_basis b, bp_lang lang)
{
	return lang == BP_LANG_EN ? basis[basis_index(b)].en : basis[basis_index(b)].nl;
}

const char *bp_interval_basis_nl(bp_interval_basis b)
{
	return bp_interval_basis_text(b, BP_LANG_NL);
}

int bp_interval_basis_has_interval(bp_interval_basis b)
{
	return b == BP_IB_SURVEY_CI || b == BP_IB_SOURCE_MARGIN || b == BP_IB_MODEL_INTERVAL ||
	       b == BP_IB_COMPOSITE_DRAWS || b == BP_IB_TRANSLATED_SPAN;
}
