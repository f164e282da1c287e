/*
 * lang_en_audit4.c: the English of the fourth label audit's words, a part
 * of the catalogue (core/lang.h bp_lang_en_parts): the mark of a verdict
 * that rests on a model's point estimate (report/verdict.h) and of a
 * composite index built from model estimates (report/areadata.h).  Same
 * format and rules as lang_en.c: sorted by the Dutch text in strcmp order,
 * no text that another part has.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_audit4[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	/* report/areadata.h BP_MODEL_INDEX_SUFFIX */
	{ " – uit modelschattingen",
	  " – from model estimates" },
	/* report/verdict.h BP_VERDICT_MODEL_MARK and BP_VERDICT_MODEL_NOTE */
	{ "(modelschatting, zonder marge)",
	  "(model estimate, no margin)" },
	{ "(modelschatting, zonder marge): het oordeel berust op de puntschatting van het RIVM-model alleen; de "
	  "marges van de schatting zijn niet geladen, dus of het verschil groter is dan de onzekerheid van het "
	  "model, is niet getoetst. ",
	  "(model estimate, no margin): the verdict rests on the point estimate of the RIVM model alone; the "
	  "estimate's margins were not loaded, so whether the difference is larger than the model's uncertainty "
	  "has not been tested. " },
	/* END CATALOGUE */
};

const size_t bp_lang_en_audit4_count = sizeof(bp_lang_en_audit4) / sizeof(bp_lang_en_audit4[0]);
