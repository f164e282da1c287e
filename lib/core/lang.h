/*
 * lang.h: the language a page, report or chart is written in, and the
 * message catalogue of the fixed texts.
 *
 * Dutch is the default and the source language: a fixed text is written in
 * the code in Dutch, as gettext's msgid would be, and bp_tr() looks up its
 * English in one sorted table (lang_en.c).
 *
 * Why a compiled table rather than GNU gettext: gettext chooses its
 * catalogue from the process's locale (setlocale, or uselocale() per
 * thread) and answers the msgid untranslated in the "C" locales; an English
 * catalogue needs an English system locale (en_US.UTF-8, en_GB.UTF-8)
 * generated on the machine, and the build and CI machines have only C and
 * C.UTF-8.  A page must also be written in Dutch and English in one process
 * (the tests, the API), so the language is a value passed with the page's
 * context (bp_html_page.lang, the renderers' options), never process state.
 * A table of a few hundred short texts, checked sorted and complete by
 * tests/core/test_lang.c, needs no locale and no runtime files.
 */
#ifndef BP_CORE_LANG_H
#define BP_CORE_LANG_H

#include <stddef.h>

#include "core/error.h"

typedef enum bp_lang {
	BP_LANG_NL = 0, /* the default: a zeroed options struct speaks Dutch */
	BP_LANG_EN = 1,
} bp_lang;

/* The licence and publisher a survey mapping gives its microdata when it
 * names none (import/survey_mapping.c), in Dutch as every source text;
 * report/cite.c gives the licence to an English reader in English. */
#define BP_SURVEY_LICENCE_NL "niet openbaar (microdata)"
#define BP_SURVEY_PUBLISHER_NL "onderzoeksbureau"

/* "nl" or "en" into *out; anything else is a BP_ERR_USAGE naming the two. */
bp_rc bp_lang_parse(const char *s, bp_lang *out, bp_error *err) BP_MUST_CHECK;

/* The BCP 47 code for <html lang>: "nl" or "en". */
const char *bp_lang_code(bp_lang lang);

/*
 * The text nl in lang: nl itself for Dutch, its English from the catalogue
 * for English.  A Dutch text missing from the catalogue is returned as it
 * is (a page then shows Dutch, which the English site test catches; never a
 * NULL or an empty label).  The result is static.
 */
const char *bp_tr(bp_lang lang, const char *nl);

/* The catalogue's entries, for its test: sorted by nl (strcmp), unique. */
typedef struct bp_lang_entry {
	const char *nl;
	const char *en;
} bp_lang_entry;
extern const bp_lang_entry bp_lang_en[];
extern const size_t bp_lang_en_count;

/*
 * The catalogue in parts, one per group of pages (lang_en.c: the common
 * texts; lang_en_<part>.c: the texts of one page kind).  Why parts: one
 * sorted table that every page kind adds to is one file every change
 * touches; a part per page kind keeps each sorted by itself.  bp_tr()
 * searches the parts in order; a Dutch text is in at most one part
 * (tests/core/test_lang.c checks each part's order and that no text is in
 * two parts).
 */
typedef struct bp_lang_part {
	const char *name;             /* "common", "needs", ... for the test's messages */
	const bp_lang_entry *entries;
	const size_t *count;          /* a pointer: another unit's size is not a constant */
} bp_lang_part;
extern const bp_lang_part bp_lang_en_parts[];
extern const size_t bp_lang_en_parts_count;

/*
 * A date as a reader of lang writes it: "6 december 2026" (Dutch months
 * are lower case), "6 December 2026".  month 1..12; out of range gives
 * "–".  Returns the length written (truncated to size - 1).
 */
size_t bp_date_fmt(bp_lang lang, char *buf, size_t size, int year, int month, int day);

/* The name of month 1..12 in lang ("maart", "March"); NULL out of range. */
const char *bp_month_name(bp_lang lang, int month);

#endif
