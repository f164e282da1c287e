/*
 * test_pdfdoc: text too long for a page.  A table cell holding a
 * 6,000-character buurt name made bp_pdfdoc_table loop forever (a row taller
 * than a page was put back for the next page, again and again); a heading as
 * long did not end either.  Now a cell, a heading and a paragraph are cut
 * with an ellipsis at their documented maximum (pdfdoc.h), the document ends
 * and its text still starts with the name.  An alarm turns a loop into a
 * failure.  Read back with pdftotext (poppler-utils).  And a chart's value
 * label on a page: its halo is a box, not stroked glyph outlines.
 */
#define _GNU_SOURCE   /* memmem: a PDF is bytes, not a string */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "render/canvas.h"
#include "report/pdfdoc.h"
#include "pgtest.h"

/* A name of n characters: words (wrap) or one long word (no break at all). */
static char *long_name(size_t n, int words)
{
	char *s = malloc(n + 1);
	static const char w[] = "Oosterhout ";
	for (size_t i = 0; i < n; i++)
		s[i] = words ? w[i % (sizeof(w) - 1)] : (char)('a' + i % 26);
	memcpy(s, "Begin", 5);
	s[n] = '\0';
	return s;
}

static int pages_of(const char *text)
{
	int n = 0;
	for (const char *p = text; (p = strchr(p, '\f')) != NULL; p++)
		n++;
	return n;
}

static void test_huge_cell(void **state)
{
	const char *dir = *state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/huge.pdf", dir);
	alarm(60);   /* a loop fails the test instead of hanging it */
	for (int words = 0; words <= 1; words++) {
		char *name = long_name(6000, words);
		bp_error err = { 0 };
		bp_pdfdoc d;
		assert_int_equal(bp_pdfdoc_open(&d, path, "test", "kop", "bron", &err), BP_OK);
		const double widths[] = { 3, 1 };
		/* A header of two lines or more: the page left under it is what made the loop. */
		const char *head[] = { "Gebied", "Waarde in procenten van alle inwoners" };
		const char *cells[] = { "Wijk 01", "12,5", name, "13,0", "Wijk 02", "14,1" };
		bp_pdfdoc_table(&d, 2, widths, "lr", head, cells, 3, NULL);
		bp_pdfdoc_text(&d, BP_PDF_H1, name, 0x1A1A1A, 0);
		bp_pdfdoc_text(&d, BP_PDF_BODY, name, 0x1A1A1A, 0);
		assert_int_equal(bp_pdfdoc_close(&d), BP_OK);
		char *text = bp_test_pdf_text_raw(path);
		assert_non_null(strstr(text, "Begin"));
		assert_non_null(strstr(text, "Wijk 02"));       /* the rows after it are there */
		assert_true(pages_of(text) <= 4);
		assert_non_null(strstr(text, "…"));             /* cut, and visibly so */
		free(text);
		free(name);
	}
	alarm(0);
}

/* A chart that cannot be laid out (as a profile chart with a 71-character area
 * name once could not): the error names the PDF and its title, so the area. */
static bp_rc narrow_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay, double *width,
                           double *height, bp_error *err)
{
	(void)chart;
	(void)k;
	(void)a;
	(void)lay;
	(void)height;
	return bp_fail(err, BP_ERR_RENDER, "chart width %g leaves no room for the bars beside the titles and values",
	               *width);
}

static void never_draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	(void)chart;
	(void)lay;
	(void)k;
	(void)cr;
}

static void test_chart_error_names_document(void **state)
{
	const char *dir = *state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/WK082801.pdf", dir);
	bp_error err = { 0 };
	bp_pdfdoc d;
	assert_int_equal(bp_pdfdoc_open(&d, path, "Stadsdeel Oss-Noord met de Ruwaard (Oss): gebiedsprofiel", "kop",
	                                "bron", &err), BP_OK);
	const bp_chart_ops ops = { narrow_layout, never_draw };
	int chart = 0;
	bp_pdfdoc_chart(&d, &ops, &chart);
	assert_int_equal(bp_pdfdoc_close(&d), BP_ERR_RENDER);
	assert_string_equal(err.where, path);
	assert_non_null(strstr(err.detail, "Stadsdeel Oss-Noord met de Ruwaard (Oss)"));
	assert_int_equal(access(path, F_OK), -1);
}

/* A chart of one value label with its halo, as the bar charts draw their values. */
static bp_rc label_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay, double *width,
                          double *height, bp_error *err)
{
	(void)chart;
	(void)k;
	(void)a;
	(void)lay;
	(void)err;
	*width = 200;
	*height = 40;
	return BP_OK;
}

static void label_draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	(void)chart;
	(void)lay;
	PangoLayout *l = bp_text(k, BP_F_VALUE, "68,9 %", 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
	bp_show_with_halo(cr, l, 10, 10, BP_RGB_TEXT);
	g_object_unref(l);
}

/* Curve operators (a line ending in " c") in the PDF's content streams: each
 * stream inflated, the binary ones (the font programs) left out. */
static long curves_in(const char *pdf, size_t len)
{
	long n = 0;
	for (const char *p = pdf; (p = memmem(p, len - (size_t)(p - pdf), "stream\n", 7)) != NULL;) {
		p += 7;
		const char *end = memmem(p, len - (size_t)(p - pdf), "endstream", 9);
		assert_non_null(end);
		uLongf cap = 1 << 22;
		unsigned char *raw = malloc(cap);
		if (uncompress(raw, &cap, (const Bytef *)p, (uLong)(end - p)) == Z_OK) {
			int text = 1;
			for (uLongf i = 0; i < cap && text; i++)
				text = raw[i] == '\n' || raw[i] == '\r' || (raw[i] >= ' ' && raw[i] < 127);
			for (uLongf i = 0; text && i + 2 < cap; i++)
				n += raw[i] == ' ' && raw[i + 1] == 'c' && (raw[i + 2] == '\n' || raw[i + 2] == ' ');
		}
		free(raw);
		p = end + 9;   /* past "endstream", which ends in "stream" too */
	}
	return n;
}

/*
 * Issue 23 item 2: on a PDF page a label's halo is a box, not its glyphs'
 * outlines stroked (Cairo writes those as path data, every glyph again: two
 * thirds of a profile PDF's bytes).  The label itself is text, as before.
 */
static void test_halo_is_a_box(void **state)
{
	const char *dir = *state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/halo.pdf", dir);
	bp_error err = { 0 };
	bp_pdfdoc d;
	assert_int_equal(bp_pdfdoc_open(&d, path, "test", "kop", "bron", &err), BP_OK);
	const bp_chart_ops ops = { label_layout, label_draw };
	int chart = 0;
	bp_pdfdoc_chart(&d, &ops, &chart);
	assert_int_equal(bp_pdfdoc_close(&d), BP_OK);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char pdf[1 << 20];
	size_t len = fread(pdf, 1, sizeof(pdf), f);
	fclose(f);
	assert_true(len > 0 && len < sizeof(pdf));
	assert_int_equal(curves_in(pdf, len), 0);
	char *text = bp_test_pdf_text_raw(path);
	assert_non_null(strstr(text, "68,9"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_huge_cell, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_chart_error_names_document, bp_test_setup_tmpdir,
		                                bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_halo_is_a_box, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
