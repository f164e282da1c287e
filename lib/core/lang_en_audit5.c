/*
 * lang_en_audit5.c: the English of the fifth label audit's words (the
 * uncertainty and periods of figures), a part of the catalogue (core/lang.h
 * bp_lang_en_parts): the needs overview's note on a signal that rests on the
 * percentile of a point estimate whose interval holds the gemeente's value
 * (report/needs_report.c).  Same format and rules as lang_en.c: sorted by
 * the Dutch text in strcmp order, no text that another part has.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_audit5[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	/* report/needs_report.c NEEDS_POINT_ONLY */
	{ "op de puntschatting: het 95%-interval omvat de waarde van de gemeente",
	  "on the point estimate: the 95% interval includes the municipality's value" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_audit5_count = sizeof(bp_lang_en_audit5) / sizeof(bp_lang_en_audit5[0]);
