#include "report/verdict.h"

#include <math.h>

bp_verdict bp_verdict_of(bp_polarity polarity, double value, double ref, int decimals, int differs)
{
	if (isnan(value) || isnan(ref))
		return BP_VERDICT_NONE;
	if (polarity == BP_POLARITY_NEUTRAL)
		return BP_VERDICT_NEUTRAL;
	/* Equal as the reader sees them: no side to name. */
	double scale = pow(10.0, decimals < 0 ? 0 : decimals);
	if (round(value * scale) == round(ref * scale))
		return BP_VERDICT_SAME;
	if (differs == 0)
		return BP_VERDICT_UNCLEAR;
	int higher = value > ref;
	return higher == (polarity == BP_POLARITY_HIGHER_IS_BETTER) ? BP_VERDICT_BETTER : BP_VERDICT_WORSE;
}

const char *bp_verdict_reference_note(bp_arena *a, const char *reference, int share_unknown, bp_lang lang)
{
	const char *note = bp_arena_printf(a, lang == BP_LANG_EN
		? "A figure of %s with an interval in brackets is a survey estimate too. There the verdict tests the "
		  "difference with the uncertainty of both figures: \u25B2 or \u25BC only where the difference is larger "
		  "than 1.96 times its standard error, which follows from both intervals and counts that the area is part "
		  "of %s; else \u2248, also where the area's interval does not include the value of %s. "
		: "Een cijfer van %s met een interval tussen haakjes is ook een schatting uit een enqu\u00EAte. Daar "
		  "toetst het oordeel het verschil met de onzekerheid van beide cijfers: \u25B2 of \u25BC alleen als "
		  "het verschil groter is dan 1,96 keer zijn standaardfout, die volgt uit beide intervallen en meetelt "
		  "dat het gebied deel is van %s; anders \u2248, ook als het interval van het gebied de waarde van %s "
		  "niet omvat. ", reference, reference, reference);
	return share_unknown ? bp_arena_printf(a, "%s%s", note, bp_verdict_share_note(a, reference, lang)) : note;
}

const char *bp_verdict_share_note(bp_arena *a, const char *reference, bp_lang lang)
{
	return bp_arena_printf(a, lang == BP_LANG_EN
		? "Where the area's share of the estimate of %s is not known (published survey figures, model "
		  "estimates), the test takes the two estimates as independent: that is stricter than the exact test "
		  "and never names a difference it would not. "
		: "Waar niet bekend is welk deel van de schatting van %s het gebied is (gepubliceerde "
		  "enqu\u00EAtecijfers, modelschattingen), rekent de toets de twee schattingen als onafhankelijk: dat is "
		  "strenger dan de precieze toets en noemt nooit een verschil dat die niet zou noemen. ", reference);
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
