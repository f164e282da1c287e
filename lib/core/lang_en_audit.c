/*
 * lang_en_audit.c: the English of source texts buurtpeil itself gives, found
 * in the reader's-side audit of the labels: a part of the message catalogue
 * (core/lang.h bp_lang_en_parts), in the format of lang_en.c and sorted by
 * the Dutch text in strcmp order.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_audit[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ ", niet openbaar (microdata)",   /* ", " BP_SURVEY_LICENCE_NL */
	  ", not public (microdata)" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_audit_count = sizeof(bp_lang_en_audit) / sizeof(bp_lang_en_audit[0]);
