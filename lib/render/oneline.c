/*
 * oneline.c: one-line labels shaped by pango_shape_item (see oneline.h).
 *
 * Why: a ranking with all labels new (issue 23 item 3: a batch of rankings
 * of other areas) spent about a fifth of its instructions in
 * pango_layout_get_extents for its ~55 new strings, and only a third of
 * that in shaping (HarfBuzz); the rest was itemizing, line breaking (the
 * Unicode break rules over every character) and building lines, which a
 * label without a width does not need.
 *
 * Why pango_shape_item and not HarfBuzz alone: it is the call the layout
 * makes for each item, with Pango's own hb_font of the same PangoFont (the
 * same advances, unhinted as the contexts are), its features and its
 * rounding of positions (the context's round_glyph_positions), so the
 * glyphs are the layout's by construction, not by imitation; it costs a
 * few hundred instructions more than hb_shape.
 *
 * The item: Pango's itemizer gives a text of Latin letters, digits and
 * Latin punctuation one item (one script run, one bidi level, one font
 * when the font has every character) whose analysis depends only on the
 * context, the font and whether the text has a Latin letter (then the
 * script is Latin; else Common, the script of digits and punctuation).
 * So the analysis is taken once per context, font and script from Pango's
 * own layout of "a" or "0" and reused.  Text with anything else (other
 * scripts, combining marks, controls, line or paragraph separators, soft
 * hyphens) or a character the font lacks (Pango would take another font for it) is left
 * to Pango's layout.
 *
 * The extents are Pango's from the same glyphs: pango_glyph_string_extents
 * (the run's), placed as a single left-aligned line is: logical x and y 0,
 * the baseline at the line's ascent, the ink box moved down by it.
 */
#include "render/oneline.h"

#include <string.h>

#define N_TEMPLATES 64 /* 32 fonts x (Common, Latin) */

/* The analyses taken from Pango's layouts in one context (qdata of the context). */
typedef struct templates {
	signed char state[N_TEMPLATES]; /* 0: not taken yet; 1: taken; -1: Pango's item was not one plain run */
	PangoAnalysis analysis[N_TEMPLATES];
	PangoShapeFlags flags;
} templates;

static void templates_free(gpointer p)
{
	templates *t = p;
	for (int i = 0; i < N_TEMPLATES; i++)
		if (t->state[i] > 0 && t->analysis[i].font)
			g_object_unref(t->analysis[i].font);
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
		/* The layout shapes with these flags (pango-layout.c, Pango 1.50). */
		t->flags = pango_context_get_round_glyph_positions(pc) ? PANGO_SHAPE_ROUND_POSITIONS : PANGO_SHAPE_NONE;
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
		if (run && run->item->analysis.font && !run->item->analysis.extra_attrs && run->item->analysis.level == 0) {
			t->analysis[i] = run->item->analysis;
			g_object_ref(t->analysis[i].font);
			t->state[i] = 1;
		}
		g_object_unref(l);
	}
	return t->state[i] > 0 ? &t->analysis[i] : NULL;
}

/*
 * 1 when every character of text (valid UTF-8) is one the item covers:
 * printable Basic Latin, Latin-1 (no controls, no soft hyphen), Latin
 * Extended-A and -B, and the dashes, quotes, bullet, ellipsis and euro sign
 * of General Punctuation and Currency; *latin: whether one is a Latin
 * letter.  *n_chars: the characters.
 */
static int plain_text(const char *text, int *latin, int *n_chars)
{
	*latin = 0;
	*n_chars = 0;
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
		++*n_chars;
	}
	return *n_chars > 0;
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
	int latin, n_chars;
	if (font < 0 || font >= N_TEMPLATES / 2 || !g_utf8_validate(text, -1, NULL) || !plain_text(text, &latin, &n_chars))
		return NULL;
	templates *t = templates_of(pc);
	const PangoAnalysis *a = template_of(t, pc, font, fd, latin);
	if (!a)
		return NULL;
	int len = (int)strlen(text);
	PangoItem item = { .offset = 0, .length = len, .num_chars = n_chars, .analysis = *a };
	PangoGlyphString *gs = pango_glyph_string_new();
	pango_shape_item(&item, text, len, NULL, gs, t->flags);
	/* A character the font has no glyph for: Pango's itemizer would take another font. */
	for (int i = 0; i < gs->num_glyphs; i++)
		if (gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			pango_glyph_string_free(gs);
			return NULL;
		}
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
