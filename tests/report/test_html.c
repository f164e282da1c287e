/*
 * test_html: the page model (report/html.h). Every %s of bp_html_printf is
 * escaped, also with a precision; numbers keep printf's formatting; the
 * frame escapes the title and sources. Expected strings written by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/html.h"

#define HOSTILE "<script>alert(\"x\")</script> & 'Q'"
#define ESCAPED "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Q&#39;"

static void test_printf_escapes(void **state)
{
	(void)state;
	bp_html h;
	bp_html_init(&h);
	bp_html_printf(&h, "<td data-v=\"%s\">%s</td>", HOSTILE, "a<b");
	assert_string_equal(h.buf.data, "<td data-v=\"" ESCAPED "\">a&lt;b</td>");
	bp_html_reset(&h);
	/* a precision cuts before escaping */
	bp_html_printf(&h, "%.3s|%.*s|%c", "&&&&", 2, "<<<", '"');
	assert_string_equal(h.buf.data, "&amp;&amp;&amp;|&lt;&lt;|&quot;");
	bp_html_release(&h);
}

static void test_printf_numbers(void **state)
{
	(void)state;
	bp_html h;
	bp_html_init(&h);
	char want[256];
	snprintf(want, sizeof(want), "%d %5ld %zu %lld %u %x %.1f %.10g %g 100%% %-3d|", -7, 42L, (size_t)9, 1LL << 40,
	         3u, 255u, 2.25, 1.0 / 3, 1e-9, 5);
	bp_html_printf(&h, "%d %5ld %zu %lld %u %x %.1f %.10g %g 100%% %-3d|", -7, 42L, (size_t)9, 1LL << 40, 3u, 255u,
	               2.25, 1.0 / 3, 1e-9, 5);
	assert_string_equal(h.buf.data, want);
	bp_html_release(&h);
}

static void test_text_lit_choose_append(void **state)
{
	(void)state;
	bp_html h, frag;
	bp_html_init(&h);
	bp_html_init(&frag);
	bp_html_lit(&frag, "<em>");
	bp_html_text(&frag, HOSTILE);
	bp_html_lit(&frag, "</em>");
	bp_html_choose(&h, 1, "<th>", "<td>");
	bp_html_choose(&h, 0, "<th>", "<td>");
	bp_html_append(&h, &frag);
	assert_string_equal(h.buf.data, "<th><td><em>" ESCAPED "</em>");
	bp_html_release(&frag);
	bp_html_release(&h);
}

static void test_frame(void **state)
{
	(void)state;
	bp_html h;
	bp_html_init(&h);
	const bp_html_page report = { BP_HTML_REPORT, "Titel " HOSTILE };
	bp_html_page_begin(&h, &report);
	bp_html_page_end(&h, &report, "Bron " HOSTILE, NULL);
	assert_non_null(strstr(h.buf.data, "<title>Titel " ESCAPED "</title>\n<style>"));
	assert_non_null(strstr(h.buf.data, "<p>Bron: Bron " ESCAPED "; bewerking buurtpeil. "));
	/* the stylesheet is the embedded file, inline */
	assert_non_null(strstr(h.buf.data, ":root{--tekst:"));
	assert_null(strstr(h.buf.data, "<script"));
	bp_html_reset(&h);

	const bp_html_page site = { BP_HTML_SITE, HOSTILE };
	bp_html_page_begin(&h, &site);
	bp_html_page_end(&h, &site, HOSTILE, NULL);
	/* site.js on every page of the site, deferred, and the only script */
	assert_non_null(strstr(h.buf.data, "<title>" ESCAPED "</title>\n<link rel=\"stylesheet\" href=\"site.css\">\n"
	                                   "<script src=\"site.js\" defer></script>\n</head>"));
	assert_non_null(strstr(h.buf.data, "<footer class=\"site\">\n<p>Bron: " ESCAPED "; bewerking buurtpeil."));
	assert_null(strstr(strstr(h.buf.data, "<script") + 1, "<script"));
	bp_html_release(&h);
}

static void test_inline_svg(void **state)
{
	(void)state;
	bp_html h;
	bp_html_init(&h);
	const char svg[] = "<?xml version=\"1.0\"?>\n<svg width=\"1\"><g id=\"glyph-0\"/><use href=\"#glyph-0\"/></svg>";
	bp_html_inline_svg(&h, svg, sizeof(svg) - 1, "c1-", "Grafiek " HOSTILE);
	assert_string_equal(h.buf.data, "<svg role=\"img\" aria-label=\"Grafiek " ESCAPED "\" class=\"chart\" "
	                                "width=\"1\"><g id=\"c1-glyph-0\"/><use href=\"#c1-glyph-0\"/></svg>\n");
	bp_html_release(&h);
}

/* A map's links go last inside its root, unprefixed; the root is a group, so they stay in the accessibility tree. */
static void test_inline_svg_links(void **state)
{
	(void)state;
	bp_html h, links;
	bp_html_init(&h);
	bp_html_init(&links);
	bp_html_printf(&links, "<a href=\"W.html\"><title>%s</title><path d=\"M0 0Z\"/></a>", HOSTILE);
	const char svg[] = "<?xml version=\"1.0\"?>\n<svg width=\"1\"><g id=\"clip1\"/><use href=\"#clip1\"/></svg>\n";
	bp_html_inline_svg_links(&h, svg, sizeof(svg) - 1, "k-", "Kaart " HOSTILE, &links);
	assert_string_equal(h.buf.data, "<svg role=\"group\" aria-label=\"Kaart " ESCAPED "\" class=\"chart\" "
	                                "width=\"1\"><g id=\"k-clip1\"/><use href=\"#k-clip1\"/><a href=\"W.html\"><title>"
	                                ESCAPED "</title><path d=\"M0 0Z\"/></a></svg>\n");
	bp_html_release(&links);
	bp_html_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_escapes),
		cmocka_unit_test(test_printf_numbers),
		cmocka_unit_test(test_text_lit_choose_append),
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_inline_svg),
		cmocka_unit_test(test_inline_svg_links),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
