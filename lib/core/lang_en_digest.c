/*
 * lang_en_digest.c: the English catalogue's part for run's digest of what
 * changed (report/digest.c): its section titles and fixed lines, which
 * digest.c passes to bp_tr() as values (core/lang.h).  strcmp order.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_digest[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ "Herziene cijfers (een nieuwe versie van dezelfde tabel)",
	  "Revised figures (a new version of the same table)" },
	{ "In het slechtste tiende gekomen",
	  "Entered the worst tenth" },
	{ "Interventies met een ander oordeel",
	  "Interventions with a different verdict" },
	{ "Nieuwe bronnen en perioden",
	  "New sources and periods" },
	{ "Uit het slechtste tiende gegaan",
	  "Left the worst tenth" },
	{ "Verouderde bronnen (de laatste poging mislukte)",
	  "Stale sources (the last attempt failed)" },
	{ "Waarden die meer dan toevallig veranderden",
	  "Values that changed more than by chance" },
	{ "niet te vergelijken: de vorige gepubliceerde run bewaarde geen waarden",
	  "cannot be compared: the previous published run kept no values" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_digest_count = sizeof(bp_lang_en_digest) / sizeof(bp_lang_en_digest[0]);
