/*
 * glyphrun.h: a label's glyphs drawn by Cairo directly, without Pango's
 * renderer (issue 23 item 3).
 *
 * A shaped layout's glyphs and their positions are taken once and kept
 * with the layout (layouts are shared and never changed, textcache.c); a
 * label is then one cairo_show_glyphs per font run.  Used on image surfaces
 * (a PNG chart), where the glyphs are the same pixels Pango's renderer
 * draws; vector surfaces keep Pango, which also writes the text itself
 * into a PDF.
 *
 * Internal to lib/render (canvas.c, halo.c).
 */
#ifndef BP_RENDER_GLYPHRUN_H
#define BP_RENDER_GLYPHRUN_H

#include <cairo.h>
#include <pango/pangocairo.h>

/*
 * l's glyphs drawn with cr's source, l's origin at user position (x, y): 1
 * when done, 0 when l has a glyph Pango would draw otherwise (a box for a
 * character no font has) and nothing was drawn.
 */
int bp_glyphs_show(cairo_t *cr, PangoLayout *l, double x, double y);

/*
 * Whether the copies of a glyph can change a pixel: (x0, y0)-(x1, y1) is
 * the box they can touch, in cr's user space as it is during the call: cr
 * translated to the label's origin (cairo_user_to_device gives device
 * pixels); nonzero when they must be drawn.
 */
typedef int (*bp_glyph_reach_fn)(void *ctx, double x0, double y0, double x1, double y1);

/*
 * The same, every glyph drawn once at each of the n offsets (user units;
 * the array must stay the same for the process) around (x, y), in one
 * cairo_show_glyphs per font run: the halo (halo.c).  With needed (else
 * NULL), a glyph's copies are left out when needed returns 0 for its box:
 * the caller answers 0 only where every pixel is the colour the copies are
 * drawn in already (the halo's background), which copies in that colour
 * leave as it is; the other copies are drawn in the same order, so the
 * pixels are those of drawing them all.
 */
int bp_glyphs_show_around(cairo_t *cr, PangoLayout *l, double x, double y, const double (*offsets)[2],
                          int n, bp_glyph_reach_fn needed, void *ctx);

#endif
