#include "report/verdict.h"

#include <math.h>

bp_verdict bp_verdict_of(bp_polarity polarity, double value, double ci_lo, double ci_hi, double ref, int decimals)
{
	if (isnan(value) || isnan(ref))
		return BP_VERDICT_NONE;
	if (polarity == BP_POLARITY_NEUTRAL)
		return BP_VERDICT_NEUTRAL;
	/* Equal as the reader sees them: no side to name. */
	double scale = pow(10.0, decimals < 0 ? 0 : decimals);
	if (round(value * scale) == round(ref * scale))
		return BP_VERDICT_SAME;
	if (!isnan(ci_lo) && !isnan(ci_hi) && ref >= ci_lo && ref <= ci_hi)
		return BP_VERDICT_UNCLEAR;
	int higher = value > ref;
	return higher == (polarity == BP_POLARITY_HIGHER_IS_BETTER) ? BP_VERDICT_BETTER : BP_VERDICT_WORSE;
}

const char *bp_verdict_reference_note(bp_arena *a, const char *reference, bp_lang lang)
{
	return bp_arena_printf(a, lang == BP_LANG_EN
		? "A figure of %s with an interval in brackets is a survey estimate too. The verdict sets only the "
		  "area's interval against the point estimate of %s, without its uncertainty; it does not test whether "
		  "the two intervals overlap, so \u25B2 or \u25BC can stand beside intervals that overlap. "
		: "Een cijfer van %s met een interval tussen haakjes is ook een schatting uit een enqu\u00EAte. Het "
		  "oordeel legt alleen het interval van het gebied naast de puntschatting van %s, zonder de "
		  "onzekerheid daarvan; het toetst niet of de twee intervallen elkaar overlappen, dus \u25B2 of "
		  "\u25BC kan staan bij intervallen die elkaar overlappen. ", reference, reference);
}

const char *bp_verdict_nl(bp_verdict v)
{
	switch (v) {
	case BP_VERDICT_BETTER: return "gunstiger";
	case BP_VERDICT_WORSE: return "ongunstiger";
	case BP_VERDICT_UNCLEAR: return "niet duidelijk anders";
	case BP_VERDICT_SAME: return "gelijk";
	case BP_VERDICT_NEUTRAL: return "geen oordeel";
	case BP_VERDICT_NONE: break;
	}
	return "";
}

const char *bp_verdict_mark(bp_verdict v)
{
	switch (v) {
	case BP_VERDICT_BETTER: return "▲";
	case BP_VERDICT_WORSE: return "▼";
	case BP_VERDICT_UNCLEAR: return "≈";
	case BP_VERDICT_SAME: return "=";
	default: return "";
	}
}

const char *bp_verdict_class(bp_verdict v)
{
	return v == BP_VERDICT_BETTER ? "gunstig" : v == BP_VERDICT_WORSE ? "ongunstig" : "";
}
