/*
 * lang_en.c: the English message catalogue (core/lang.h).  Each entry is a
 * fixed Dutch text as the code writes it (the msgid) and its English.
 * Sorted by the Dutch text in strcmp order (bsearch; tests/core/test_lang.c
 * checks the order and that no English is empty).
 *
 * Terms, decided once: wijk = "district", buurt = "neighbourhood",
 * gemeente = "municipality" (CBS's own English for its Wijk- en
 * Buurtkaart); area names and codes stay as they are.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ "De open data van CBS en RIVM vallen onder de licentie "
	  "<a href=\"https://creativecommons.org/licenses/by/4.0/deed.nl\">CC BY 4.0</a>.</p>\n",
	  "The open data of CBS and RIVM are licensed under "
	  "<a href=\"https://creativecommons.org/licenses/by/4.0/deed.en\">CC BY 4.0</a>.</p>\n" },
	{ "Definities en methode", "Definitions and method" },
	{ "Naar de inhoud", "Skip to content" },
	{ "Wijken in cijfers", "Districts in figures" },
	{ "wijk", "district" },
	{ "wijken", "districts" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_count = sizeof(bp_lang_en) / sizeof(bp_lang_en[0]);
