/*
 * lang_en_labels11.c: the English of the words that say a gemeente's own
 * 95% interval where its figure is a survey estimate too, and the needs
 * overview PDF's "why" line (report/needs_report.c), a part of the catalogue
 * (core/lang.h bp_lang_en_parts).  Same format and rules as lang_en.c:
 * sorted by the Dutch text in strcmp order, no text that another part has.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_labels11[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	/* report/needs_report.c: the PDF's line under a row */
	{ "Waarom", "Why" },
	/* report/needs_report.c NEEDS_REF_OVERLAP */
	{ "tegen de puntschatting van de gemeente; haar eigen 95%-interval overlapt het",
	  "against the municipality's point estimate; its own 95% interval overlaps it" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_labels11_count = sizeof(bp_lang_en_labels11) / sizeof(bp_lang_en_labels11[0]);
