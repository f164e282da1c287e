/*
 * numfmt.h: numbers as a Dutch reader expects them: decimal comma and a
 * point between thousands ("17.942.942", "17,9", "-0,5").
 */
#ifndef BP_CORE_NUMFMT_H
#define BP_CORE_NUMFMT_H

#include <stddef.h>

/*
 * Format v with exactly `decimals` digits after the comma (rounded half away
 * from zero), thousands grouped with '.'.  A value that rounds to zero is
 * printed without a minus sign.  NaN or infinity gives "–" (en dash, UTF-8).
 * Returns the length written, as snprintf does (truncated to size - 1).
 */
size_t bp_numfmt_nl(char *buf, size_t size, double v, int decimals);

#endif
