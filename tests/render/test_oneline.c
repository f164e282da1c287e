/*
 * Tests for one-line labels shaped without a layout (lib/render/oneline.c):
 * for every kind of text it lets in, in every chart font, the glyphs,
 * positions and extents must be those of Pango's own layout of the same
 * text, and the pixels drawn from them those Pango's renderer draws; text
 * it must leave to Pango is left.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <cairo.h>
#include <cairo-svg.h>

#include "render/canvas.h"
#include "render/oneline.h"
#include "rendertest.h"

/* The layout's one line must be the kept one: glyphs, geometry, extents, baseline. */
static void assert_same_as_pango(const bp_oneline *o, PangoLayout *ref, const char *text)
{
	PangoRectangle ink, logical;
	pango_layout_get_extents(ref, &ink, &logical);
	if (pango_layout_get_line_count(ref) != 1 || logical.x != 0 || logical.y != 0 || logical.width != o->width ||
	    logical.height != o->height || pango_layout_get_baseline(ref) != o->baseline || ink.x != o->ink.x ||
	    ink.y != o->ink.y || ink.width != o->ink.width || ink.height != o->ink.height)
		fail_msg("\"%s\": Pango's extents (%d %d %d %d, ink %d %d %d %d, baseline %d) are not the kept "
		         "(%d %d, ink %d %d %d %d, baseline %d)", text, logical.x, logical.y, logical.width,
		         logical.height, ink.x, ink.y, ink.width, ink.height, pango_layout_get_baseline(ref), o->width,
		         o->height, o->ink.x, o->ink.y, o->ink.width, o->ink.height, o->baseline);
	PangoLayoutLine *line = pango_layout_get_line_readonly(ref, 0);
	assert_non_null(line->runs);
	assert_null(line->runs->next);
	const PangoGlyphItem *run = line->runs->data;
	assert_ptr_equal(run->item->analysis.font, o->font);
	const PangoGlyphString *want = run->glyphs, *got = o->glyphs;
	if (want->num_glyphs != got->num_glyphs)
		fail_msg("\"%s\": %d glyphs, Pango %d", text, got->num_glyphs, want->num_glyphs);
	for (int i = 0; i < want->num_glyphs; i++) {
		const PangoGlyphInfo *a = &want->glyphs[i], *b = &got->glyphs[i];
		if (a->glyph != b->glyph || a->geometry.width != b->geometry.width ||
		    a->geometry.x_offset != b->geometry.x_offset || a->geometry.y_offset != b->geometry.y_offset ||
		    want->log_clusters[i] != got->log_clusters[i])
			fail_msg("\"%s\": glyph %d is %u (%d %d %d), Pango's %u (%d %d %d)", text, i, b->glyph,
			         b->geometry.width, b->geometry.x_offset, b->geometry.y_offset, a->glyph, a->geometry.width,
			         a->geometry.x_offset, a->geometry.y_offset);
	}
}

/* text in every font: shaped here (asserted), the same as Pango's layout, with and without a width to wrap at. */
static void check_text(const bp_ink *k, const char *text)
{
	for (int f = 0; f < BP_N_FONTS; f++) {
		PangoLayout *l = bp_oneline_layout(k->pc, f, k->font[f], text);
		if (!l)
			fail_msg("\"%s\" (font %d) was not shaped as one line", text, f);
		const bp_oneline *o = bp_oneline_of(l);
		assert_non_null(o);
		/* A fresh layout, as Pango lays it out. */
		PangoLayout *ref = pango_layout_new(k->pc);
		pango_layout_set_font_description(ref, k->font[f]);
		pango_layout_set_text(ref, text, -1);
		assert_same_as_pango(o, ref, text);
		g_object_unref(ref);
		/* Wrapped at its own width, ellipsized after 3 lines (bp_text_lines): still that line. */
		ref = pango_layout_new(k->pc);
		pango_layout_set_font_description(ref, k->font[f]);
		pango_layout_set_text(ref, text, -1);
		pango_layout_set_width(ref, o->width);
		pango_layout_set_wrap(ref, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_ellipsize(ref, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(ref, -3);
		assert_same_as_pango(o, ref, text);
		assert_false(pango_layout_is_ellipsized(ref));
		g_object_unref(ref);
		/* And the layout itself, laid out by Pango when something reads it (an SVG's <text>). */
		assert_same_as_pango(o, l, text);
		g_object_unref(l);
	}
}

/* Every character let in, alone and between letters (kerning, ligatures), in k's context. */
static void every_character(const bp_ink *k)
{
	static const gunichar extra[] = { 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2018, 0x2019,
	                                  0x201A, 0x201B, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC };
	int n = 0;
	for (gunichar c = 0x20; c <= 0x24F; c++) {
		if ((c >= 0x7F && c < 0xA0) || c == 0xAD)
			continue;
		char one[8] = { 0 }, around[32];
		g_unichar_to_utf8(c, one);
		check_text(k, one);
		snprintf(around, sizeof(around), "Ta%sVo f%sfi", one, one);
		check_text(k, around);
		n++;
	}
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		char one[8] = { 0 }, around[32];
		g_unichar_to_utf8(extra[i], one);
		check_text(k, one);
		snprintf(around, sizeof(around), "12%s3 Aw%sy", one, one);
		check_text(k, around);
		n++;
	}
	assert_int_equal(n, 95 + (0x250 - 0xA0 - 1) + 14);
}

static void test_every_character(void **state)
{
	(void)state;
	bp_ink k;
	bp_ink_open(&k);
	every_character(&k);
	bp_ink_close(&k);
}

/* Labels as charts have them, and pseudo-random strings over the whole alphabet, in k's context. */
static void labels_and_random_text(const bp_ink *k)
{
	static const char *labels[] = {
		"Nederland", "'s-Hertogenbosch", "Súdwest-Fryslân", "Nuenen, Gerwen en Nederwetten", "17,9%",
		"-0,8 km", "1.234.567", "€ 31.500", "Wijk 00 Centrum (Oost)", "AVAWAYATToTaVaWaYa", "ffi ffl fi fl",
		"Buitengebied Lith en Maren-Kessel", "Ærø Øresund Œuvre ŉ", "12 – 14 — “aan” ‘de’ …", " spaces  around ",
		"0", "100%", "+3,4", "Schadewijk 17",
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		check_text(k, labels[i]);
	/* The alphabet: printable ASCII, Latin-1 and Latin Extended letters and signs. */
	gunichar alphabet[700];
	int na = 0;
	for (gunichar c = 0x20; c <= 0x24F; c++)
		if (!((c >= 0x7F && c < 0xA0) || c == 0xAD))
			alphabet[na++] = c;
	alphabet[na++] = 0x2013;
	alphabet[na++] = 0x2026;
	alphabet[na++] = 0x20AC;
	uint32_t seed = 12345;
	for (int i = 0; i < 400; i++) {
		char text[400];
		size_t at = 0;
		seed = seed * 1103515245u + 12345u;
		int len = 1 + (int)(seed >> 16) % 40;
		for (int j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly ASCII letters and space, as names are. */
			static const char common[] = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ,.-'0123456789";
			gunichar c = (seed >> 16) % 4 ? (gunichar)common[(seed >> 8) % (sizeof(common) - 1)]
			                               : alphabet[(seed >> 16) % (uint32_t)na];
			at += (size_t)g_unichar_to_utf8(c, text + at);
		}
		text[at] = '\0';
		check_text(k, text);
	}
}

static void test_labels_and_random_text(void **state)
{
	(void)state;
	bp_ink k;
	bp_ink_open(&k);
	labels_and_random_text(&k);
	bp_ink_close(&k);
}

/*
 * The same in the context an SVG chart draws in when it is drawn smaller (a
 * cell of small multiples: a context of its own, told about the SVG
 * surface and the scale; at scale 1 an SVG chart draws with the measuring
 * context's layouts, textcache.c): there too a one-line label is shaped by
 * oneline.c (canvas.c's new_layout), and svgtext.c writes its <text> from
 * the kept glyphs without laying it out, so they must be the glyphs of
 * Pango's layout in that context.
 */
static void test_svg_context(void **state)
{
	(void)state;
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(NULL, NULL, 300, 40);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, 0.5, 0.5);
	bp_ink k;
	bp_ink_open(&k);
	PangoContext *measuring = k.pc;
	bp_ink_draw_on(&k, cr);
	assert_true(k.oneline);
	assert_ptr_not_equal(k.pc, measuring);
	every_character(&k);
	labels_and_random_text(&k);
	bp_ink_close(&k);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* What Pango must lay out itself: other scripts, marks, controls, separators, no text, invalid UTF-8. */
static void test_left_to_pango(void **state)
{
	(void)state;
	static const char *texts[] = {
		"", "a\nb", "a\tb", "e\xcc\x81", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", "\xe6\xbc\xa2\xe5\xad\x97", "ab\u00adcd",
		"\xce\xb1\xce\xb2\xce\xb3", "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", "a\u2028b",
		"\xe2\x80\x8b", "abc\xff", "\xf0\x9f\x98\x80",
	};
	bp_ink k;
	bp_ink_open(&k);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (int f = 0; f < BP_N_FONTS; f++)
			if (bp_oneline_layout(k.pc, f, k.font[f], texts[i]))
				fail_msg("text %zu (font %d) was shaped as one plain line", i, f);
	/* Through bp_text they still measure and draw as Pango lays them out. */
	PangoLayout *l = bp_text(&k, BP_F_LABEL, "a\nb", 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
	assert_null(bp_oneline_of(l));
	assert_int_equal(pango_layout_get_line_count(l), 2);
	g_object_unref(l);
	bp_ink_close(&k);
}

/* Drawn on an image (a PNG chart), a kept line gives the pixels Pango's renderer draws of its own layout. */
static void test_pixels_as_pango_draws(void **state)
{
	(void)state;
	static const char *labels[] = { "Súdwest-Fryslân 12", "17,9%", "AVAWAYATTo ffi", "Wijk 03 Noord…" };
	static const double xs[] = { 10, 10.25, 10.5, 11.75 };
	bp_ink k;
	bp_ink_open(&k);
	int n = 0;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		for (size_t j = 0; j < sizeof(xs) / sizeof(xs[0]); j++)
			for (int f = 0; f < BP_N_FONTS; f++) {
				cairo_surface_t *want = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 300, 40);
				cairo_surface_t *got = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 300, 40);
				cairo_t *cw = cairo_create(want), *cg = cairo_create(got);
				PangoLayout *ref = pango_layout_new(k.pc);
				pango_layout_set_font_description(ref, k.font[f]);
				pango_layout_set_text(ref, labels[i], -1);
				cairo_move_to(cw, xs[j], 7.5);
				pango_cairo_show_layout(cw, ref);
				PangoLayout *l = bp_text(&k, (enum bp_font)f, labels[i], 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
				assert_non_null(bp_oneline_of(l));
				bp_show(cg, l, xs[j], 7.5, 0x000000);
				cairo_surface_flush(want);
				cairo_surface_flush(got);
				assert_memory_equal(cairo_image_surface_get_data(want), cairo_image_surface_get_data(got),
				                    (size_t)cairo_image_surface_get_stride(want) * 40);
				g_object_unref(l);
				g_object_unref(ref);
				cairo_destroy(cw);
				cairo_destroy(cg);
				cairo_surface_destroy(want);
				cairo_surface_destroy(got);
				n++;
			}
	bp_ink_close(&k);
	assert_int_equal(n, 4 * 4 * BP_N_FONTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_character),
		cmocka_unit_test(test_labels_and_random_text),
		cmocka_unit_test(test_svg_context),
		cmocka_unit_test(test_left_to_pango),
		cmocka_unit_test(test_pixels_as_pango_draws),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
