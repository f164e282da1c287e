#include "core/lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bp_rc bp_lang_parse(const char *s, bp_lang *out, bp_error *err)
{
	if (s && strcmp(s, "nl") == 0) {
		*out = BP_LANG_NL;
		return BP_OK;
	}
	if (s && strcmp(s, "en") == 0) {
		*out = BP_LANG_EN;
		return BP_OK;
	}
	return bp_fail(err, BP_ERR_USAGE, "unknown language '%s': expected nl or en", s ? s : "");
}

const char *bp_lang_code(bp_lang lang)
{
	return lang == BP_LANG_EN ? "en" : "nl";
}

static int entry_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const bp_lang_entry *)elem)->nl);
}

const char *bp_tr(bp_lang lang, const char *nl)
{
	if (lang != BP_LANG_EN || !nl)
		return nl;
	for (size_t i = 0; i < bp_lang_en_parts_count; i++) {
		const bp_lang_part *p = &bp_lang_en_parts[i];
		const bp_lang_entry *e = bsearch(nl, p->entries, *p->count, sizeof(p->entries[0]), entry_cmp);
		if (e)
			return e->en;
	}
	return nl;
}

const char *bp_month_name(bp_lang lang, int month)
{
	static const char *const nl[] = { "januari", "februari", "maart", "april", "mei", "juni", "juli",
	                                  "augustus", "september", "oktober", "november", "december" };
	static const char *const en[] = { "January", "February", "March", "April", "May", "June", "July",
	                                  "August", "September", "October", "November", "December" };
	if (month < 1 || month > 12)
		return NULL;
	return lang == BP_LANG_EN ? en[month - 1] : nl[month - 1];
}

size_t bp_date_fmt(bp_lang lang, char *buf, size_t size, int year, int month, int day)
{
	const char *m = bp_month_name(lang, month);
	int n = m ? snprintf(buf, size, "%d %s %d", day, m, year) : snprintf(buf, size, "\xe2\x80\x93");
	if (n < 0 || size == 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}
