/*
 * textcache.h: the Pango state that lib/render keeps per thread:
 * the contexts text is measured and drawn with, and the layouts already
 * shaped in them, so that a label repeated from chart to chart (tick
 * labels, indicator names, "Nederland", the source line) is shaped once.
 *
 * Internal to lib/render (canvas.c).  Each thread has its own (freed when
 * it ends), so threads may draw at once (publishing's workers).
 */
#ifndef BP_RENDER_TEXTCACHE_H
#define BP_RENDER_TEXTCACHE_H

#include <cairo.h>
#include <pango/pangocairo.h>

/* The context for measuring: never told about a surface (a borrowed reference). */
PangoContext *bp_textcache_measure_context(void);

/*
 * The context for drawing on cr: the measuring one for an image or SVG
 * surface in its own pixels (a PNG or SVG chart: its layouts draw the same
 * pixels and write the same <text>), else one
 * per state that pango_cairo_update_context would give it (the target's
 * font options and cr's linear transformation), so that PNG and SVG charts
 * drawn in turn keep their layouts.  Borrowed.
 */
PangoContext *bp_textcache_draw_context(cairo_t *cr);

/* What makes a layout: everything bp_text and bp_text_lines set on it. */
typedef struct bp_text_key {
	PangoContext *pc;
	int font;      /* enum bp_font */
	int width;     /* Pango units; -1: none */
	int fit;       /* enum bp_fit, BP_FIT_NONE without a width */
	int align;     /* PangoAlignment */
	int max_lines; /* 0: no limit */
	const char *text;
} bp_text_key;

/* A new reference to the layout cached under key, or NULL. */
PangoLayout *bp_textcache_get(const bp_text_key *key);
/* Keep l (a reference is taken) under key; l must not be changed afterwards. */
void bp_textcache_put(const bp_text_key *key, PangoLayout *l);

#endif
