/*
 * oneline.c: one-line labels shaped by HarfBuzz directly (see oneline.h).
 *
 * Why: a ranking with all labels new (issue 23 item 3: a batch of rankings
 * of other areas) spent about a fifth of its instructions in
 * pango_layout_get_extents for its ~55 new strings, and only a third of
 * that in shaping (HarfBuzz); the rest was itemizing, line breaking (the
 * Unicode break rules over every character) and building lines, which a
 * label without a width does not need.
 *
 * HarfBuzz is called as Pango's shaper calls it for the item (shape()
 * says how), on the PangoFont's own hb_font: the same font, size and
 * unhinted advances as the layout's, so the glyphs are the layout's.
 * pango_shape_item itself gave the same glyphs but cost a fifth more (a
 * sub-font per call, colour-glyph lookups for every glyph); the tests
 * (tests/render/test_oneline.c) compare every glyph, position and extent
 * with Pango's layout, for every character let in.
 *
 * The item: Pango's itemizer gives a text of Latin letters, digits and
 * Latin punctuation one item (one script run, one bidi level, one font
 * when the font has every character) whose analysis depends only on the
 * context, the font and whether the text has a Latin letter (then the
 * script is Latin; else Common, the script of digits and punctuation).
 * So the analysis is taken once per context, font and script from Pango's
 * own layout of "a" or "0" and reused.  Text with anything else (other
 * scripts, combining marks, controls, line or paragraph separators, soft
 * hyphens) or a character the font lacks (Pango would take another font
 * for it) is left to Pango's layout.
 *
 * The extents are Pango's from the same glyphs: pango_glyph_string_extents
 * (the run's), placed as a single left-aligned line is: logical x and y 0,
 * the baseline at the line's ascent, the ink box moved down by it.
 */
#include "render/oneline.h"

#include <string.h>

#include <hb.h>

#define N_TEMPLATES 64 /* 32 fonts x (Common, Latin) */

#define MAX_FEATURES 32 /* as Pango's shaper */

/* What HarfBuzz is told for an item of one template (see shape). */
typedef struct hb_setup {
	hb_font_t *font;     /* the PangoFont's own (Pango owns it) */
	hb_script_t script;
	hb_language_t language;
	hb_feature_t features[MAX_FEATURES];
	unsigned n_features;
} hb_setup;

/* The analyses taken from Pango's layouts in one context (qdata of the context). */
typedef struct templates {
	signed char state[N_TEMPLATES]; /* 0: not taken yet; 1: taken; -1: Pango's item was not one plain run */
	PangoAnalysis analysis[N_TEMPLATES];
	hb_setup hb[N_TEMPLATES];
	int round;           /* the context rounds glyph positions (the layout's PANGO_SHAPE_ROUND_POSITIONS) */
	hb_buffer_t *buffer; /* reused: contexts are per thread (textcache.c) */
} templates;

static void templates_free(gpointer p)
{
	templates *t = p;
	for (int i = 0; i < N_TEMPLATES; i++)
		if (t->state[i] > 0)
			g_object_unref(t->analysis[i].font);
	if (t->buffer)
		hb_buffer_destroy(t->buffer);
	g_free(t);
}

static GQuark quark(gsize *once, const char *name)
{
	if (g_once_init_enter(once))
		g_once_init_leave(once, g_quark_from_static_string(name));
	return (GQuark)*once;
}

/* pc's templates, made empty on first use. */
static templates *templates_of(PangoContext *pc)
{
	static gsize q_once;
	GQuark q = quark(&q_once, "bp-oneline-templates");
	templates *t = g_object_get_qdata(G_OBJECT(pc), q);
	if (!t) {
		t = g_new0(templates, 1);
		/* The layout shapes with PANGO_SHAPE_ROUND_POSITIONS when the context rounds (pango-layout.c, Pango 1.50). */
		t->round = pango_context_get_round_glyph_positions(pc);
		t->buffer = hb_buffer_create();
		g_object_set_qdata_full(G_OBJECT(pc), q, t, templates_free);
	}
	return t;
}

/* The analysis of Pango's item for "a" (latin) or "0" in fd in pc, or NULL. */
static const PangoAnalysis *template_of(templates *t, PangoContext *pc, int font, const PangoFontDescription *fd,
                                        int latin)
{
	int i = font * 2 + latin;
	if (!t->state[i]) {
		PangoLayout *l = pango_layout_new(pc);
		pango_layout_set_font_description(l, fd);
		pango_layout_set_text(l, latin ? "a" : "0", -1);
		PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
		PangoGlyphItem *run = line && line->runs && !line->runs->next ? line->runs->data : NULL;
		t->state[i] = -1;
		const PangoAnalysis *a = run ? &run->item->analysis : NULL;
		/* Upright, left to right, no hyphen or ellipsis to add (Pango's own flags above these are private). */
		if (a && a->font && !a->extra_attrs && a->level == 0 && a->gravity == PANGO_GRAVITY_SOUTH &&
		    !(a->flags & (PANGO_ANALYSIS_FLAG_CENTERED_BASELINE | PANGO_ANALYSIS_FLAG_IS_ELLIPSIS |
		                  PANGO_ANALYSIS_FLAG_NEED_HYPHEN))) {
			hb_setup *h = &t->hb[i];
			h->font = pango_font_get_hb_font(a->font);
			if (h->font) {
				t->analysis[i] = *a;
				g_object_ref(a->font);
				h->script = (hb_script_t)g_unicode_script_to_iso15924((GUnicodeScript)a->script);
				h->language = hb_language_from_string(pango_language_to_string(a->language), -1);
				pango_font_get_features(a->font, h->features, MAX_FEATURES, &h->n_features);
				t->state[i] = 1;
			}
		}
		g_object_unref(l);
	}
	return t->state[i] > 0 ? &t->analysis[i] : NULL;
}

/*
 * 1 when every character of text (valid UTF-8) is one the item covers:
 * printable Basic Latin, Latin-1 (no controls, no soft hyphen), Latin
 * Extended-A and -B, and the dashes, quotes, bullet, ellipsis and euro sign
 * of General Punctuation and Currency, and there is one at least;
 * *latin: whether one is a Latin letter.
 */
static int plain_text(const char *text, int *latin)
{
	*latin = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		int ok = (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0x24F && c != 0xAD) ||
		         (c >= 0x2010 && c <= 0x2014) || (c >= 0x2018 && c <= 0x201D) || c == 0x2022 || c == 0x2026 ||
		         c == 0x20AC;
		if (!ok)
			return 0;
		GUnicodeScript s = g_unichar_get_script(c);
		if (s == G_UNICODE_SCRIPT_LATIN)
			*latin = 1;
		else if (s != G_UNICODE_SCRIPT_COMMON)
			return 0;
	}
	return *text != '\0';
}

/*
 * text shaped as Pango 1.50's shaper (pango_hb_shape and pango_shape_internal
 * in shape.c) shapes one left-to-right item of it: the buffer's settings,
 * HarfBuzz on the font's hb_font with the font's features, each glyph's
 * advance, offsets (y upside down) and cluster, then positions rounded to
 * whole pixels when the context rounds them.  Pango shapes through a
 * sub-font of that hb_font whose callbacks answer as the font itself for
 * every character the font has, and every character of text must be one
 * (glyph 0, .notdef, means one is not: NULL, Pango's itemizer would take
 * another font for it).  What Pango adds beyond the geometry (colour-glyph
 * flags for its renderer) is not needed to measure or draw here.
 */
static PangoGlyphString *shape(templates *t, const hb_setup *h, const char *text, int len)
{
	hb_buffer_t *b = t->buffer;
	hb_buffer_clear_contents(b);
	hb_buffer_set_direction(b, HB_DIRECTION_LTR);
	hb_buffer_set_script(b, h->script);
	hb_buffer_set_language(b, h->language);
	hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_set_flags(b, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT);
	hb_buffer_set_invisible_glyph(b, PANGO_GLYPH_EMPTY);
	hb_buffer_add_utf8(b, text, len, 0, len);
	hb_shape(h->font, b, h->features, h->n_features);
	unsigned n = hb_buffer_get_length(b);
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, NULL);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, NULL);
	for (unsigned i = 0; i < n; i++)
		if (info[i].codepoint == 0)
			return NULL;
	PangoGlyphString *gs = pango_glyph_string_new();
	pango_glyph_string_set_size(gs, (int)n);
	int last = -1;
	for (unsigned i = 0; i < n; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];
		g->glyph = info[i].codepoint;
		gs->log_clusters[i] = (int)info[i].cluster;
		g->attr.is_cluster_start = gs->log_clusters[i] != last;
		last = gs->log_clusters[i];
		g->geometry.width = pos[i].x_advance;
		g->geometry.x_offset = pos[i].x_offset;
		g->geometry.y_offset = -pos[i].y_offset;
		if (t->round) {
			g->geometry.width = PANGO_UNITS_ROUND(g->geometry.width);
			g->geometry.x_offset = PANGO_UNITS_ROUND(g->geometry.x_offset);
			g->geometry.y_offset = PANGO_UNITS_ROUND(g->geometry.y_offset);
		}
	}
	return gs;
}

static void oneline_free(gpointer p)
{
	bp_oneline *o = p;
	g_object_unref(o->font);
	pango_glyph_string_free(o->glyphs);
	g_free(o);
}

static GQuark oneline_quark(void)
{
	static gsize q_once;
	return quark(&q_once, "bp-oneline");
}

PangoLayout *bp_oneline_layout(PangoContext *pc, int font, const PangoFontDescription *fd, const char *text)
{
	int latin;
	if (font < 0 || font >= N_TEMPLATES / 2 || !g_utf8_validate(text, -1, NULL) || !plain_text(text, &latin))
		return NULL;
	templates *t = templates_of(pc);
	const PangoAnalysis *a = template_of(t, pc, font, fd, latin);
	if (!a)
		return NULL;
	/* Digits and signs in a Latin text are in the Latin item's font only when
	 * Pango's fontset gives them that font (the first font with DejaVu Sans
	 * installed); were it another, Pango would make them items of their own. */
	if (latin) {
		const PangoAnalysis *c = template_of(t, pc, font, fd, 0);
		if (!c || c->font != a->font)
			return NULL;
	}
	int len = (int)strlen(text);
	PangoGlyphString *gs = shape(t, &t->hb[font * 2 + latin], text, len);
	if (!gs)
		return NULL;
	bp_oneline *o = g_new0(bp_oneline, 1);
	o->font = g_object_ref(a->font);
	o->glyphs = gs;
	PangoRectangle ink, logical;
	pango_glyph_string_extents(gs, a->font, &ink, &logical);
	o->width = logical.width;
	o->height = logical.height;
	o->baseline = -logical.y;
	o->ink = (PangoRectangle){ ink.x, ink.y + o->baseline, ink.width, ink.height };

	PangoLayout *l = pango_layout_new(pc);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, text, len);
	g_object_set_qdata_full(G_OBJECT(l), oneline_quark(), o, oneline_free);
	return l;
}

const bp_oneline *bp_oneline_of(PangoLayout *l)
{
	return g_object_get_qdata(G_OBJECT(l), oneline_quark());
}
