/*
 * svgtext.h: SVG charts with their text as <text> elements (issue 23).
 *
 * Cairo's SVG surface writes every glyph as an outline (a <symbol> per
 * glyph, a <use> per glyph drawn): ~400 KB for a ranking.  It has no mode
 * that writes text as text, so the text is taken out of Cairo's hands: while
 * an SVG chart is drawn, each bp_show / bp_show_with_halo is recorded (its
 * string, position, font, colour, halo) and Cairo gets only a small marker
 * fill in its place, so that the marker lands where the text belongs in
 * the drawing order and inside the clip it was drawn in.  When Cairo has
 * written the rest, bp_svgtext_finish replaces each marker by the <text>
 * element for it.
 *
 * Internal to lib/render (canvas.c, halo.c).  One recorder per SVG chart.
 */
#ifndef BP_RENDER_SVGTEXT_H
#define BP_RENDER_SVGTEXT_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/buf.h"

typedef struct bp_svgtext bp_svgtext;

/* A recorder attached to s (an SVG surface): from now on text drawn on s is recorded. */
bp_svgtext *bp_svgtext_attach(cairo_surface_t *s);

/*
 * Record l at user position (x, y) on cr in colour rgb (with a white halo
 * when halo) and draw its marker: 1 when done so, 0 when cr's target has no
 * recorder or cr's transformation is not a uniform scale and a shift
 * (then the caller draws the glyphs as before).
 */
int bp_svgtext_show(cairo_t *cr, PangoLayout *l, double x, double y, unsigned rgb, int halo);

/*
 * Cairo's finished SVG (svg, len) with the recorder's markers replaced by
 * <text> elements, a <title> (title, when not empty) and one <style> with a
 * class per font, appended to out.  0 when a marker was not found or not
 * understood (then the output is not to be used).
 */
int bp_svgtext_finish(const bp_svgtext *t, const char *svg, size_t len, const char *title, bp_buf *out);

#endif
