/*
 * numfmt.h: numbers as a reader of the page's language expects them (the
 * _nl functions: Dutch, the default; bp_numfmt* take the language: English
 * writes "17,942,942", "17.9", "−0.5", "5,087 inh./km²").  Dutch: decimal comma and a
 * point between thousands ("17.942.942", "17,9", "−0,5"), a real minus
 * sign, and a unit after a narrow no-break space ("5.087 inw./km²").  Every
 * number a report, page or chart shows (HTML, SVG text, PDF text) is
 * written here, so the typography is decided once.
 */
#ifndef BP_CORE_NUMFMT_H
#define BP_CORE_NUMFMT_H

#include <stddef.h>

#include "core/lang.h"

/* U+2212 MINUS SIGN: what a negative number starts with.  A hyphen reads
 * as a dash and breaks a line after it; the minus has the width of "+". */
#define BP_NUMFMT_MINUS "\xe2\x88\x92"
/* U+202F NARROW NO-BREAK SPACE: between a number and its unit, so that
 * "0,8 km" is never split over two lines nor read as one word. */
#define BP_NUMFMT_UNIT_SPACE "\xe2\x80\xaf"

/*
 * The 15 significant digits of a (>= 0, finite) and its decimal exponent,
 * the same as printf's "%.14e" writes (a = d.dddd... 10^exp10), by integer
 * arithmetic for 1e-8 <= a < 1e15 and through printf otherwise.  What the
 * functions below round from.
 */
void bp_numfmt_sig15(double a, char dig[15], int *exp10);

/*
 * Format v with exactly `decimals` digits after the comma (rounded half away
 * from zero), thousands grouped with '.', a negative value with
 * BP_NUMFMT_MINUS.  A value that rounds to zero is printed without a minus
 * sign.  NaN or infinity gives "–" (en dash, UTF-8).  Returns the length
 * written (bytes), truncated to size - 1 without cutting a UTF-8 sequence.
 */
size_t bp_numfmt_nl(char *buf, size_t size, double v, int decimals);

/*
 * A difference: as bp_numfmt_nl with "+" before a positive value ("+0,4",
 * "−3,0"), and no sign where it rounds to zero ("0,0").
 */
size_t bp_numfmt_nl_diff(char *buf, size_t size, double v, int decimals);

/*
 * What goes between a number and unit: "" before "%" and "‰" (Dutch
 * writes "14,5%" as often as "14,5 %", and the percentage columns stay
 * narrow) and before an empty or NULL unit, else BP_NUMFMT_UNIT_SPACE.
 */
const char *bp_numfmt_unit_sep(const char *unit);

/*
 * v (as bp_numfmt_nl, or as bp_numfmt_nl_diff when diff) followed by its
 * unit (NULL or "": none) after bp_numfmt_unit_sep: "5.087 inw./km²",
 * "14,5%", "+2,1%".  NaN gives "–" without the unit.  Returns the length
 * written, as bp_numfmt_nl.
 */
size_t bp_numfmt_nl_unit(char *buf, size_t size, double v, int decimals, const char *unit, int diff);

/* The word for n things: one when n == 1, else many ("1 interventie",
 * "3 interventies", "0 interventies"); a report never writes "(s)". */
const char *bp_plural_nl(size_t n, const char *one, const char *many);
/* bp_plural_nl of any count that is not negative (long, size_t): also the
 * English progress lines' words ("1 source loaded", "3 sources loaded"). */
#define BP_PL(n, one, many) bp_plural_nl((size_t)(n), (one), (many))

/*
 * The same in lang: Dutch as the _nl functions; English swaps the marks
 * (decimal point, comma between thousands) and keeps the minus sign, the
 * plus of a difference and the unit separator.
 */
size_t bp_numfmt(bp_lang lang, char *buf, size_t size, double v, int decimals);
size_t bp_numfmt_diff(bp_lang lang, char *buf, size_t size, double v, int decimals);
size_t bp_numfmt_unit(bp_lang lang, char *buf, size_t size, double v, int decimals, const char *unit, int diff);

/* The word for n things in lang: one and many are the Dutch words (the
 * catalogue's msgids), translated by bp_tr: "1 area", "3 areas". */
const char *bp_plural(bp_lang lang, size_t n, const char *one, const char *many);

#endif
