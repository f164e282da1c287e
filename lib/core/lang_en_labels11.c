/*
 * lang_en_labels11.c: the English of the words that say a gemeente's own
 * 95% interval where its figure is a survey estimate too and what the needs
 * overview tested against it, and the needs overview PDF's "why" line (report/needs_report.c), a part of the catalogue
 * (core/lang.h bp_lang_en_parts).  Same format and rules as lang_en.c:
 * sorted by the Dutch text in strcmp order, no text that another part has.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_labels11[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	/* report/needs_report.c: the PDF's line under a row */
	{ "Waarom", "Why" },
	/* report/needs_report.c NEEDS_BOTH_WORSE */
	{ "het verschil met de gemeente is groter dan de onzekerheid van beide cijfers toelaat",
	  "the difference with the municipality is larger than the uncertainty of both figures allows" },
	/* report/needs_report.c NEEDS_BOTH_POINT_ONLY */
	{ "op de puntschatting: het verschil met de gemeente valt binnen de onzekerheid van beide cijfers",
	  "on the point estimate: the difference with the municipality is within the uncertainty of both figures" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_labels11_count = sizeof(bp_lang_en_labels11) / sizeof(bp_lang_en_labels11[0]);
