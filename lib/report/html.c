#include "report/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bp_version.h"
#include "core/fsutil.h"
#include "report/assets.h"
#include "report/cite.h"
#include "report/definitions_page.h"

void bp_html_init(bp_html *h)
{
	bp_buf_init(&h->buf);
}

void bp_html_release(bp_html *h)
{
	bp_buf_release(&h->buf);
}

void bp_html_reset(bp_html *h)
{
	bp_buf_reset(&h->buf);
}

void bp_html_textn(bp_html *h, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++) {
		switch (s[i]) {
		case '&':  bp_buf_adds(&h->buf, "&amp;"); break;
		case '<':  bp_buf_adds(&h->buf, "&lt;"); break;
		case '>':  bp_buf_adds(&h->buf, "&gt;"); break;
		case '"':  bp_buf_adds(&h->buf, "&quot;"); break;
		case '\'': bp_buf_adds(&h->buf, "&#39;"); break;
		default:   bp_buf_addc(&h->buf, s[i]);
		}
	}
}

void bp_html_text(bp_html *h, const char *s)
{
	bp_html_textn(h, s, s ? strlen(s) : 0);
}

void bp_html_append(bp_html *h, const bp_html *frag)
{
	bp_buf_add(&h->buf, frag->buf.data, frag->buf.len);
}

void bp_html_tr_(bp_html *h, bp_lang lang, const char *s)
{
	const char *t = bp_tr(lang, s);
	bp_html_lit_(h, t, strlen(t));
}

void bp_html_lit_(bp_html *h, const char *s, size_t n)
{
	bp_buf_add(&h->buf, s, n);
}

void bp_html_asset(bp_html *h, const bp_asset *asset)
{
	bp_buf_add(&h->buf, asset->data, asset->len);
}

/*
 * printf whose %s arguments are escaped. glibc's printf has no hook for a
 * conversion of our own that works on a buffer (register_printf_specifier
 * changes %s for the whole process), so the format is walked here: each
 * conversion is cut out of the format with its flags, width and precision
 * and handed to snprintf with its one argument, except %s and %c, whose
 * text goes through the escaping. The format attribute makes the compiler
 * check the arguments' types as for printf.
 */
void bp_html_printf_(bp_html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			bp_buf_adds(&h->buf, p);
			break;
		}
		bp_buf_add(&h->buf, p, (size_t)(pct - p));
		if (pct[1] == '%') {
			bp_buf_addc(&h->buf, '%');
			p = pct + 2;
			continue;
		}
		/* flags, width, precision ('*' takes an int), length, conversion */
		const char *q = pct + 1;
		int width = -1, prec = -1, star_w = 0, star_p = 0;
		while (*q && strchr("-+ #0", *q))
			q++;
		if (*q == '*') {
			star_w = 1;
			width = va_arg(ap, int);
			q++;
		} else {
			while (*q >= '0' && *q <= '9')
				q++;
		}
		if (*q == '.') {
			q++;
			if (*q == '*') {
				star_p = 1;
				prec = va_arg(ap, int);
				q++;
			} else {
				prec = 0;
				while (*q >= '0' && *q <= '9')
					prec = prec * 10 + (*q++ - '0');
			}
		}
		int lng = 0; /* 0 int, 1 long, 2 long long, 3 size_t, -1 short */
		if (*q == 'h') {
			lng = -1;
			q++;
			if (*q == 'h')
				q++;
		} else if (*q == 'l') {
			lng = 1;
			q++;
			if (*q == 'l') {
				lng = 2;
				q++;
			}
		} else if (*q == 'z') {
			lng = 3;
			q++;
		}
		char conv = *q;
		if (!conv)
			break;
		p = q + 1;
		if (conv == 's') {
			const char *s = va_arg(ap, const char *);
			size_t n = s ? strlen(s) : 0;
			if (prec >= 0 && (size_t)prec < n)
				n = (size_t)prec;
			bp_html_textn(h, s, n);
			continue;
		}
		if (conv == 'c') {
			char c = (char)va_arg(ap, int);
			bp_html_textn(h, &c, 1);
			continue;
		}
		char spec[32];
		size_t sl = (size_t)(p - pct);
		if (sl >= sizeof(spec))
			break; /* no conversion of ours is that long */
		memcpy(spec, pct, sl);
		spec[sl] = '\0';
		char out[512];
		int n;
#define BP_HTML_FMT(v)                                                                 \
	(star_w && star_p ? snprintf(out, sizeof(out), spec, width, prec, v)           \
	 : star_w         ? snprintf(out, sizeof(out), spec, width, v)                 \
	 : star_p         ? snprintf(out, sizeof(out), spec, prec, v)                  \
	                  : snprintf(out, sizeof(out), spec, v))
		/* The spec is cut from a format the compiler checked. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		switch (conv) {
		case 'd': case 'i':
			n = lng == 1 ? BP_HTML_FMT(va_arg(ap, long))
			  : lng == 2 ? BP_HTML_FMT(va_arg(ap, long long))
			  : lng == 3 ? BP_HTML_FMT(va_arg(ap, size_t))
			             : BP_HTML_FMT(va_arg(ap, int));
			break;
		case 'u': case 'x': case 'X': case 'o':
			n = lng == 1 ? BP_HTML_FMT(va_arg(ap, unsigned long))
			  : lng == 2 ? BP_HTML_FMT(va_arg(ap, unsigned long long))
			  : lng == 3 ? BP_HTML_FMT(va_arg(ap, size_t))
			             : BP_HTML_FMT(va_arg(ap, unsigned));
			break;
		case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
			n = BP_HTML_FMT(va_arg(ap, double));
			break;
		default:
			n = 0; /* the format attribute refuses other conversions' misuse; none is used */
		}
#pragma GCC diagnostic pop
#undef BP_HTML_FMT
		if (n > 0)
			bp_buf_add(&h->buf, out, (size_t)n < sizeof(out) ? (size_t)n : sizeof(out) - 1);
	}
	va_end(ap);
}

void bp_html_asset_inline(bp_html *h, const bp_asset *asset)
{
	/* The file's final newline is the editor's: <style> closes on the line of the last rule. */
	size_t n = asset->len;
	if (n && asset->data[n - 1] == '\n')
		n--;
	bp_buf_add(&h->buf, asset->data, n);
}

/*
 * A chart of our renderer inlined. Cairo's SVG holds no text (Pango draws
 * glyphs), so it goes in as is. Cairo's SVG names its glyphs and clips "glyph-0-1", "clip-1" in every
 * file: inlined twice in one page, the second chart would draw the first
 * one's glyphs.  Each inline SVG gets its ids (and references) prefixed.
 */
static void inline_svg(bp_html *b, const char *svg, size_t len, const char *prefix, const char *label,
                       int group, const bp_html *inner, const char *cls)
{
	const char *p = strstr(svg, "<svg");
	if (!p)
		return;
	const char *end = svg + len;
	/* inner goes before the root's end tag, the last "</svg>" of the file */
	const char *close = NULL;
	for (const char *q = p; (q = strstr(q, "</svg>")) != NULL && q < end; q++)
		close = q;
	if (inner && close)
		end = close;
	bp_html_choose(b, group, "<svg role=\"group\" aria-label=\"", "<svg role=\"img\" aria-label=\"");
	bp_html_text(b, label);
	bp_html_lit(b, "\" class=\"chart");
	if (cls) {
		bp_html_lit(b, " ");
		bp_html_text(b, cls);
	}
	bp_html_lit(b, "\"");
	p += 4;
	static const char *const pats[] = { "id=\"", "href=\"#", "url(#" };
	while (p < end) {
		size_t k;
		for (k = 0; k < 3; k++)
			if ((size_t)(end - p) >= strlen(pats[k]) && strncmp(p, pats[k], strlen(pats[k])) == 0)
				break;
		if (k < 3) {
			bp_buf_adds(&b->buf, pats[k]);
			bp_html_text(b, prefix);
			p += strlen(pats[k]);
		} else {
			bp_buf_addc(&b->buf, *p++);
		}
	}
	if (inner && close) {
		bp_html_append(b, inner);
		bp_buf_adds(&b->buf, "</svg>");
	}
	bp_buf_addc(&b->buf, '\n');
}

void bp_html_inline_svg(bp_html *b, const char *svg, size_t len, const char *prefix, const char *alt)
{
	inline_svg(b, svg, len, prefix, alt, 0, NULL, NULL);
}

void bp_html_inline_svg_class(bp_html *b, const char *svg, size_t len, const char *prefix, const char *alt,
                              const char *cls)
{
	inline_svg(b, svg, len, prefix, alt, 0, NULL, cls);
}

void bp_html_inline_svg_links(bp_html *b, const char *svg, size_t len, const char *prefix, const char *label,
                              const bp_html *links)
{
	inline_svg(b, svg, len, prefix, label, 1, links, NULL);
}

/* ---- The frame ------------------------------------------------------------- */

static char stamp[256];
static char stamp_en[256];

void bp_html_set_stamp(const char *text)
{
	snprintf(stamp, sizeof(stamp), "%s", text ? text : "");
}

void bp_html_set_stamp_en(const char *text)
{
	snprintf(stamp_en, sizeof(stamp_en), "%s", text ? text : "");
}

const char *bp_html_stamp(void)
{
	return stamp[0] ? stamp : NULL;
}

const char *bp_html_stamp_lang(bp_lang lang)
{
	const char *s = lang == BP_LANG_EN && stamp_en[0] ? stamp_en : stamp;
	return s[0] ? s : NULL;
}

static void page_stamp(bp_html *h, bp_lang lang)
{
	const char *s = bp_html_stamp_lang(lang);
	if (s)
		bp_html_printf(h, "<p class=\"stand\"><strong>%s</strong></p>\n", s);
}

void bp_html_page_begin(bp_html *h, const bp_html_page *p)
{
	bp_html_printf(h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", bp_lang_code(p->lang));
	bp_html_lit(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	bp_html_text(h, p->title);
	if (p->style == BP_HTML_SITE) {
		/* site.js on every page of the site (deferred: it runs on the whole
		 * page): the index's search and columns, every page's table of
		 * contents and scrolling tables. */
		bp_html_lit(h, "</title>\n<link rel=\"stylesheet\" href=\"site.css\">\n"
		               "<script src=\"site.js\" defer></script>\n</head>\n<body>\n"
		               "<a class=\"skip\" href=\"#inhoud\">");
		bp_html_tr(h, p->lang, "Naar de inhoud");
		bp_html_lit(h, "</a>\n<header class=\"site\"><a href=\"index.html\">");
		bp_html_tr(h, p->lang, "Wijken in cijfers");
		bp_html_lit(h, "</a><a class=\"definities\" href=\"" BP_DEFINITIONS_PAGE "\">");
		bp_html_tr(h, p->lang, "Definities en methode");
		bp_html_lit(h, "</a></header>\n<main id=\"inhoud\" tabindex=\"-1\">\n");
		page_stamp(h, p->lang);
		return;
	}
	bp_html_lit(h, "</title>\n<style>");
	bp_html_asset_inline(h, &bp_asset_pages_css);
	bp_html_lit(h, "</style>\n</head>\n<body>\n<main>\n");
	page_stamp(h, p->lang);
}

void bp_html_page_end(bp_html *h, const bp_html_page *p, const char *sources, const char *script_href)
{
	char date[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	if (p->lang == BP_LANG_EN)
		bp_date_fmt(p->lang, date, sizeof(date), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	else
		strftime(date, sizeof(date), "%d-%m-%Y", &tm);
	/* A synthetic survey's citation in the page's language (names stay as they are); a Dutch page needs no arena. */
	bp_arena *a = p->lang == BP_LANG_NL ? NULL : bp_arena_new();
	sources = bp_cite_sources_lang(a, sources, p->lang);
	if (p->style == BP_HTML_SITE) {
		bp_html_printf_l(h, p->lang,
		                 "</main>\n<footer class=\"site\">\n<p>Bron: %s; bewerking buurtpeil. "
		                 "Cijfers van CBS en RIVM vallen onder de licentie "
		                 "<a href=\"https://creativecommons.org/licenses/by/4.0/deed.nl\">CC BY 4.0</a>. "
		                 "Alleen gepubliceerde cijfers: waar een bron een cijfer geheimhoudt of een gebied te "
		                 "weinig inwoners heeft, staat de reden in plaats van een getal.</p>\n",
		                 "</main>\n<footer class=\"site\">\n<p>Source: %s; processed by buurtpeil. "
		                 "Figures of CBS and RIVM are licensed under "
		                 "<a href=\"https://creativecommons.org/licenses/by/4.0/deed.en\">CC BY 4.0</a>. "
		                 "Published figures only: where a source keeps a figure confidential or an area has too "
		                 "few inhabitants, the reason stands in place of a number.</p>\n", sources);
	} else {
		bp_html_lit(h, "</main>\n<footer class=\"bron\">\n<p>");
		if (sources)
			bp_html_printf_l(h, p->lang, "Bron: %s; bewerking buurtpeil. ",
			                 "Source: %s; processed by buurtpeil. ", sources);
		bp_html_tr(h, p->lang, "De open data van CBS en RIVM vallen onder de licentie "
		                       "<a href=\"https://creativecommons.org/licenses/by/4.0/deed.nl\">CC BY 4.0</a>.</p>\n");
	}
	bp_arena_free(a);
	bp_html_printf_l(h, p->lang, "<p>Gemaakt met buurtpeil %s op %s.</p>\n</footer>\n",
	                 "<p>Made with buurtpeil %s on %s.</p>\n</footer>\n", BP_VERSION, date);
	if (script_href)
		bp_html_printf(h, "<script src=\"%s\"></script>\n", script_href);
	bp_html_lit(h, "</body>\n</html>\n");
}

bp_rc bp_html_write(const bp_html *h, const char *path, bp_error *err)
{
	return bp_file_write_atomic(path, h->buf.data, h->buf.len, err);
}

int bp_html_after_tables(bp_html *h, const bp_html *frags, size_t n)
{
	static const char close[] = "</table>", wrapper[] = "\n</div>";
	size_t found = 0;
	for (const char *p = h->buf.data; (p = strstr(p, close)) != NULL; p += sizeof(close) - 1)
		found++;
	if (found != n)
		return -1;
	bp_buf out;
	bp_buf_init(&out);
	const char *from = h->buf.data;
	for (size_t k = 0; k < n; k++) {
		const char *at = strstr(from, close) + sizeof(close) - 1;
		if (strncmp(at, wrapper, sizeof(wrapper) - 1) == 0)
			at += sizeof(wrapper) - 1;
		bp_buf_add(&out, from, (size_t)(at - from));
		bp_buf_addc(&out, '\n');
		bp_buf_add(&out, frags[k].buf.data, frags[k].buf.len);
		from = at;
		if (*from == '\n')
			from++;   /* the fragment ends its own line */
	}
	bp_buf_adds(&out, from);
	bp_buf_release(&h->buf);
	h->buf = out;
	return 0;
}
