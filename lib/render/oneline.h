/*
 * oneline.h: one-line labels shaped without a layout's line machinery
 * (issue 23 item 3).
 *
 * A label with no width, left-aligned, of plain Latin text (a name, a
 * value, a tick label) is one item in one font on one line.  Its layout is
 * made with its text and font, as any, but its glyphs are shaped here (by
 * HarfBuzz, as Pango shapes the item its itemizer gives such text in that
 * context and font) and kept with the layout with the extents Pango would
 * compute from them: measuring and drawing it on a PNG chart then never
 * lay the layout out (itemizing, line breaking, line building were most of
 * what a new label cost), and an SVG chart's <text> is written from them
 * (svgtext.c).  Anything else that reads the layout (a PDF) makes Pango
 * lay it out as before, to the same glyphs: tests/render/test_oneline.c
 * compares both for every kind of text let in, in the measuring context
 * and in an SVG surface's.
 *
 * Internal to lib/render (canvas.c, glyphrun.c, halo.c, svgtext.c).
 */
#ifndef BP_RENDER_ONELINE_H
#define BP_RENDER_ONELINE_H

#include <pango/pangocairo.h>

/* What Pango's layout of the text would give, in Pango units. */
typedef struct bp_oneline {
	PangoFont *font;          /* the item's font */
	PangoGlyphString *glyphs; /* its glyphs, as the layout's one run has them */
	int width, height;        /* the layout's logical size (its logical x and y are 0) */
	int baseline;             /* from the layout's top */
	PangoRectangle ink;       /* the layout's ink rectangle */
} bp_oneline;

/*
 * A new layout for text in fd (font: its index in the caller's fonts, under
 * 32) in context pc, with its line shaped here: NULL when the text is not
 * such a label (the caller makes a Pango layout).  The layout must not be
 * changed.
 */
PangoLayout *bp_oneline_layout(PangoContext *pc, int font, const PangoFontDescription *fd, const char *text);

/* The line kept with l by bp_oneline_layout, else NULL. */
const bp_oneline *bp_oneline_of(PangoLayout *l);

#endif
