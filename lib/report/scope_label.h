/*
 * scope_label.h: the words for what a percentile, worst-decile flag or rank
 * is out of (issue 16: "every label true").
 *
 * A distribution (an indicator's values of one level, indeling and period;
 * bp.distribution_scope, sql/018) is national only when its areas come from
 * every gemeente of the indeling.  Only then may a page say "landelijk" or
 * "van Nederland"; otherwise it names what was ranked: "van de 16 wijken in
 * deze monitor".  Either way the number of areas ranked is shown.
 */
#ifndef BP_REPORT_SCOPE_LABEL_H
#define BP_REPORT_SCOPE_LABEL_H

#include "core/arena.h"
#include "core/lang.h"

/* "wijk" -> "wijken", "buurt" -> "buurten", "gemeente" -> "gemeenten", else "gebieden". */
const char *bp_level_plural_nl(const char *level);

/* "alle 3.150 wijken van Nederland met cijfers" (national) or "de 16 wijken in deze
 * monitor met cijfers": n_ranked is how many were ranked, not how many there are
 * (in a; n_ranked < 0: the number is unknown, "de wijken in deze monitor"). */
const char *bp_scope_phrase(bp_arena *a, const char *level, long n_ranked, int national);
/* The same in lang: "all 3,150 districts of the Netherlands with figures", "the 16 districts in
 * this monitor with figures". */
const char *bp_scope_phrase_lang(bp_arena *a, const char *level, long n_ranked, int national, bp_lang lang);

/* A column head or short label: "Percentiel NL" (national) or "Percentiel monitor". */
const char *bp_scope_percentile_head(int national);

#endif
