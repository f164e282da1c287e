#include "report/scope_label.h"

#include <string.h>

#include "core/numfmt.h"

const char *bp_level_plural_nl(const char *level)
{
	if (!level)
		return "gebieden";
	if (strcmp(level, "wijk") == 0)
		return "wijken";
	if (strcmp(level, "buurt") == 0)
		return "buurten";
	if (strcmp(level, "gemeente") == 0)
		return "gemeenten";
	return "gebieden";
}

const char *bp_scope_phrase(bp_arena *a, const char *level, long n_ranked, int national)
{
	return bp_scope_phrase_lang(a, level, n_ranked, national, BP_LANG_NL);
}

const char *bp_scope_phrase_lang(bp_arena *a, const char *level, long n_ranked, int national, bp_lang lang)
{
	const char *what = bp_tr(lang, bp_level_plural_nl(level));
	if (lang == BP_LANG_EN) {
		if (n_ranked < 0)
			return bp_arena_printf(a, national ? "all %s of the Netherlands" : "the %s in this monitor", what);
		if (n_ranked == 1)
			return national ? "the only area in the Netherlands" : "the only area in this monitor";
		char n[64];
		bp_numfmt(lang, n, sizeof(n), (double)n_ranked, 0);
		return bp_arena_printf(a, national ? "all %s %s of the Netherlands with figures"
		                                   : "the %s %s in this monitor with figures", n, what);
	}
	if (n_ranked < 0)
		return bp_arena_printf(a, national ? "alle %s van Nederland" : "de %s in deze monitor", what);
	if (n_ranked == 1)
		return bp_arena_printf(a, "het enige gebied in %s", national ? "Nederland" : "deze monitor");
	char n[64];
	bp_numfmt_nl(n, sizeof(n), (double)n_ranked, 0);
	/* "met cijfers": n counts the areas ranked, not every area (3.150 of the 3.177 wijken of 2020 have
	 * RIVM's figures); "alle 3.150 wijken van Nederland" would say Nederland has 3.150. */
	return bp_arena_printf(a, national ? "alle %s %s van Nederland met cijfers" : "de %s %s in deze monitor met cijfers",
	                       n, what);
}

const char *bp_scope_percentile_head(int national)
{
	return national ? "Percentiel NL" : "Percentiel monitor";
}
