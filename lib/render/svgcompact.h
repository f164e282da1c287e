/*
 * svgcompact.h: Cairo's SVG markup written shorter, drawing the same (issue 23).
 *
 * Cairo writes path data with six decimals and a space around every
 * command ("M 12.000000 247 L 328.480469 247 ..."), each path's style with
 * its default properties ("stroke:none;fill-rule:nonzero;") and its colours
 * as percentages.  On the demo's site those bytes were most of an SVG chart
 * that is not text.  Internal to lib/render (svgtext.c).
 */
#ifndef BP_RENDER_SVGCOMPACT_H
#define BP_RENDER_SVGCOMPACT_H

#include <stddef.h>

#include "core/buf.h"

/*
 * v with two decimals at most, no trailing zeros and no leading zero
 * ("12.5", "3", ".5", "-.25").  Not one: a tenth of a pixel moved the
 * antialiased edges of a map's labels enough to leave the golden-image
 * tolerance in Chromium (tests/render/test_svg.c).
 */
void bp_svg_add_num(bp_buf *b, double v);

/*
 * 1 and *v when s[0..n) (no terminator needed) is a plain decimal, an
 * optional '-', digits and at most one '.', whose digits make an integer
 * m <= 2^53 with k <= 22 of them after the point: then m / 10^k, one
 * correctly rounded division of two exact doubles, is the double strtod
 * reads (Clinger's fast path), without strtod's big-number arithmetic.
 * 0 for anything else (then strtod is to read it).  Cairo prints every
 * number of an SVG this way ("%f", trailing zeros cut).
 */
int bp_svg_fast_decimal(const char *s, size_t n, double *v);

/* The colour 0xRRGGBB as "#rrggbb", or "#rgb" when that is the same colour. */
void bp_svg_add_color(bp_buf *b, unsigned rgb);

/*
 * Cairo's SVG markup s[0..n) into out with each path's d="..." rewritten
 * (coordinates in hundredths, relative or absolute whichever is shorter, H and V
 * for level and upright lines, no moveto that draws nothing) and each
 * style="..." without properties at their default value, colours as
 * "#rrggbb", and as presentation attributes when that is shorter.  Anything
 * it does not recognise is copied as it is.
 */
void bp_svg_add_compact(bp_buf *out, const char *s, size_t n);

#endif
