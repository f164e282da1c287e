/*
 * lang_en_model.c: the English of the marker of RIVM's small-area model
 * estimates (report/areadata.h BP_MODEL_WORD) and its note, a part of the
 * catalogue (core/lang.h bp_lang_en_parts).  Same format and rules as
 * lang_en.c: sorted by the Dutch text in strcmp order, no text that another
 * part has.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_model[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ " – modelschatting",
	  " – model estimate" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_model_count = sizeof(bp_lang_en_model) / sizeof(bp_lang_en_model[0]);
