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
	const char *what = bp_level_plural_nl(level);
	if (n_ranked < 0)
		return bp_arena_printf(a, national ? "alle %s van Nederland" : "de %s in deze monitor", what);
	if (n_ranked == 1)
		return bp_arena_printf(a, "het enige gebied in %s", national ? "Nederland" : "deze monitor");
	char n[64];
	bp_numfmt_nl(n, sizeof(n), (double)n_ranked, 0);
	return bp_arena_printf(a, national ? "alle %s %s van Nederland" : "de %s %s in deze monitor", n, what);
}

const char *bp_scope_percentile_head(int national)
{
	return national ? "Percentiel NL" : "Percentiel monitor";
}
