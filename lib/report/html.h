/*
 * html.h: the page model every HTML output of lib/report goes through.
 *
 * A bp_html is a page, or a fragment of one, being built. Text reaches it
 * only in ways that cannot forget to escape it:
 *
 *   bp_html_text(h, s)             s escaped (& < > " '), for text and
 *                                  attribute values alike
 *   bp_html_printf(h, "FMT", ...)  FMT is a string literal: the markup is
 *                                  ours; every %s argument is escaped
 *   bp_html_lit(h, "<p>")          a string literal as is
 *   bp_html_append(h, frag)        a fragment another bp_html built
 *
 * A literal is enforced by the compiler ("" s: a char pointer does not
 * compile), so text from the database or a file can only come in escaped,
 * whichever function a page uses ("escaped by construction"). The one way to
 * add markup that is not a literal is bp_html_append of a fragment built the
 * same way, and bp_html_asset for the stylesheets and scripts embedded at
 * build time (report/assets.h).
 *
 * The frame every page shares (head, stylesheet, breadcrumb, h1, notices,
 * footer with sources and licence) is bp_html_page_begin/_end.
 */
#ifndef BP_REPORT_HTML_H
#define BP_REPORT_HTML_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/lang.h"
#include "report/assets.h"

typedef struct bp_html {
	bp_buf buf; /* the bytes written; read them (data, len), never add to them */
} bp_html;

void bp_html_init(bp_html *h);
void bp_html_release(bp_html *h);
void bp_html_reset(bp_html *h);

void bp_html_text(bp_html *h, const char *s);
/* The first n bytes of s, escaped. */
void bp_html_textn(bp_html *h, const char *s, size_t n);
void bp_html_append(bp_html *h, const bp_html *frag);

#define bp_html_lit(h, s) bp_html_lit_((h), "" s "", sizeof(s) - 1)
/* One of two literals: bp_html_choose(h, head, "<th>", "<td>"). */
#define bp_html_choose(h, cond, s1, s2) \
	((cond) ? bp_html_lit_((h), "" s1 "", sizeof(s1) - 1) : bp_html_lit_((h), "" s2 "", sizeof(s2) - 1))
/* Conversions: %s (escaped; with a precision: that many bytes), %c (escaped),
 * %d %i %u %x with h/l/ll/z, %f %e %g, %%. Flags and widths as in printf. */
#define bp_html_printf(h, ...) bp_html_printf_((h), "" __VA_ARGS__)

/*
 * A fixed text in the page's language (core/lang.h): the Dutch msgid is a
 * literal, and so is its English in the catalogue, so markup in either is
 * ours.  Written as is, like bp_html_lit.
 */
#define bp_html_tr(h, lang, s) bp_html_tr_((h), (lang), "" s "")
/*
 * A sentence with values in the page's language: both formats literals,
 * each checked by the compiler against the arguments (-Wformat=2), which a
 * format from a catalogue could not be; arguments escaped as bp_html_printf.
 */
#define bp_html_printf_l(h, lang, nl, en, ...) \
	((lang) == BP_LANG_EN ? bp_html_printf_((h), "" en, __VA_ARGS__) : bp_html_printf_((h), "" nl, __VA_ARGS__))

void bp_html_lit_(bp_html *h, const char *s, size_t n);
void bp_html_tr_(bp_html *h, bp_lang lang, const char *s);
void bp_html_printf_(bp_html *h, const char *fmt, ...) BP_PRINTF(2, 3);

/* An embedded asset (report/assets.h): CSS or script of our own, as is. */
void bp_html_asset(bp_html *h, const bp_asset *asset);
/* The same without the file's final newline, inside <style>...</style>. */
void bp_html_asset_inline(bp_html *h, const bp_asset *asset);

/* An SVG written by lib/render (Cairo: glyphs, no text), inlined from its
 * <svg on, with role="img", aria-label alt (escaped) and every id prefixed
 * with prefix (two charts on one page must not share glyph ids). */
void bp_html_inline_svg(bp_html *h, const char *svg, size_t len, const char *prefix, const char *alt);
/* The same with a second class beside "chart" (cls, a plain word): the
 * stylesheet shows one of a chart's wide and narrow drawings ("breed",
 * "smal") by the screen's width. */
void bp_html_inline_svg_class(bp_html *h, const char *svg, size_t len, const char *prefix, const char *alt,
                              const char *cls);
/*
 * The same for a chart whose parts are links (the site's maps): role="group"
 * with aria-label label, not "img" (an img's children are presentational, so
 * its links would be hidden from assistive technology), and links (built
 * with this model) as the last children of the root, drawn over the chart.
 */
void bp_html_inline_svg_links(bp_html *h, const char *svg, size_t len, const char *prefix, const char *label,
                              const bp_html *links);

/*
 * frags[k] after the k-th </table> of the page h (after the scrolling
 * wrapper's </div> when it closes right there): the site's download links
 * under each table (report/downloads.h), added once the page is whole
 * because the tables are read from the page itself.  Fragments are built
 * with this model, so the page stays escaped by construction.  n must be
 * the number of tables in h; otherwise h is left as it is and -1 returned.
 */
int bp_html_after_tables(bp_html *h, const bp_html *frags, size_t n);

/* ---- The frame ------------------------------------------------------------- */

typedef enum bp_html_style {
	BP_HTML_REPORT,  /* the out/ reports: the stylesheet inline */
	BP_HTML_SITE,    /* the published site: site.css beside the page, a header and skip link */
} bp_html_style;

typedef struct bp_html_page {
	bp_html_style style;
	const char *title;          /* <title> */
	bp_lang lang;               /* <html lang> and the frame's texts; 0: Dutch */
} bp_html_page;

/*
 * A line every page states at its top, and every PDF page in its footer
 * (pdfdoc.c): "Stand van 15 maart 2026: ..." for a report reproduced from
 * the vintages of that date (`report`/`publish --as-of`, run/asof.h).
 * Process-wide, like the renderer's text caches: set by cmd/ before the
 * pages are written, NULL (the default) for none.  The text is copied.
 */
void bp_html_set_stamp(const char *text);
/* The same line for the pages written in English ("As of 15 March 2026: ..."); unset: the Dutch one. */
void bp_html_set_stamp_en(const char *text);
const char *bp_html_stamp(void);
/* The line for a page or PDF in lang (the Dutch one where no English was set); NULL: none. */
const char *bp_html_stamp_lang(bp_lang lang);

/* <!DOCTYPE html> up to and including <main> (and the stamp, when set). */
void bp_html_page_begin(bp_html *h, const bp_html_page *p);
/* </main>, the footer citing sources ("Bron: ...; bewerking buurtpeil",
 * CC BY 4.0; NULL: none) and the date, </html>. script_href: a script
 * loaded at the end of the body (NULL: none). */
void bp_html_page_end(bp_html *h, const bp_html_page *p, const char *sources, const char *script_href);

/* Writes the page to path (atomically). */
bp_rc bp_html_write(const bp_html *h, const char *path, bp_error *err) BP_MUST_CHECK;

#endif
