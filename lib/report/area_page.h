/*
 * area_page.h: the profile page of one area (wijk, buurt or custom area),
 * the same page wherever it is published.
 *
 * The out/ report (profile_page.h: OUT/GM0828/WK082801.html) and the
 * published site (site.h: SITE/WK082801.html) both write an area's profile
 * through bp_area_page_write, from the same figures (areadata.h: the scope
 * and series of the gemeente): the key figures against the gemeente and
 * Nederland, a profile chart per theme with its table and the residents'
 * experiences of the theme, a trend chart per indicator with more than one
 * period with its table, and the experiences on other themes.  What differs
 * is where the page is (its frame, its links, whether charts also come as
 * PNG) — the place — and the sections only its output has (the caller's
 * extras: the out/ report's age structure and map, the site's map and
 * list of buurten), which the caller builds and the page puts after the
 * key figures.
 *
 * Chart files: <dir>/<img_dir><code>-profiel-<theme>.svg and
 * <code>-trend-<indicator>.svg (and .png when place->png; and
 * <stem>-smal.svg, the narrow variant, when place->narrow).
 */
#ifndef BP_REPORT_AREA_PAGE_H
#define BP_REPORT_AREA_PAGE_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "report/areadata.h"
#include "report/html.h"
#include "render/profile.h"
#include "render/trend.h"

/* The narrow variant's width: shown unscaled from a 372 px screen (main's
 * 16 px padding each side), and at 360 px its smallest text, the 11 px
 * source line, is still 10.6 px as displayed. */
#define BP_AREA_PAGE_NARROW_WIDTH 340
/* bp_area_page_place.narrow: the narrow drawing only. */
#define BP_AREA_PAGE_NARROW_ONLY 2

typedef struct bp_area_page_place {
	bp_html_style style;      /* the frame: the out/ report's or the site's */
	const char *dir;          /* the folder of the page and its charts */
	const char *img_dir;      /* the charts' folder relative to dir ("" or "img/"); the caller makes it */
	int png;                  /* each chart also as PNG, linked beside its SVG */
	const char *up;           /* from the page to the gemeente page and index: "../" or "" */
	const char *home_text;    /* the index's name in the breadcrumb ("Alle gemeenten") */
	const char *pdf_href;     /* a PDF of the profile, linked from the lead; NULL: none */
	const char *definitions;  /* the definitions page: each indicator's name links to its entry; NULL: none */
	int downloads;            /* each table's CSV and Excel download beside the page (report/downloads.h) */
	/* Each profile and trend chart also drawn BP_AREA_PAGE_NARROW_WIDTH wide
	 * (titles above the bars, the trend's legend below), which the browser
	 * shows through <picture> where the wide one does not fit: the site.
	 * BP_AREA_PAGE_NARROW_ONLY: the narrow drawing alone, as <stem>.svg, for
	 * every screen (a site of every gemeente: half the charts). */
	int narrow;
	long *pages, *charts;     /* counted as written */
	bp_lang lang;             /* the page's language, its charts' and their texts'; 0: Dutch */
	/* A folder where this run already drew this page's wide SVG charts (the site: out/GM0000/ of the same
	 * scope, same language and width): each is hard-linked from there instead of drawn again; one that is not
	 * there (or cannot be linked) is drawn.  NULL: every chart drawn. */
	const char *svg_from;
} bp_area_page_place;

/*
 * The table of key figures of an area (name) against its gemeente (with_gm;
 * the gemeente's own page leaves that out) and Nederland: per indicator of
 * sc its latest period with a value, the references and the differences,
 * and the line citing the sources of exactly the figures shown.  With
 * definitions (the definitions page's href; NULL: none) each indicator's
 * name links to its entry there.
 */
void bp_area_page_key_table(bp_html *b, bp_arena *a, const bp_area_scope *sc, const char *name,
                            const bp_area_series *s, int with_gm, const char *definitions);
/* The same in lang (the site's gemeente page in English). */
void bp_area_page_key_table_lang(bp_html *b, bp_arena *a, const bp_area_scope *sc, const char *name,
                                 const bp_area_series *s, int with_gm, const char *definitions, bp_lang lang);

/*
 * The charts of the page, for whoever draws them (the page here, the API's
 * charts on demand): a theme's profile (items and n from
 * bp_area_theme_items) against the gemeente, titled, subtitled with the
 * periods shown, citing exactly their sources and widened until the bars
 * have room; and an indicator's trend (d with at least one period) of the
 * area with its 95 % intervals, the gemeente and Nederland.  Texts in a.
 */
void bp_area_page_profile_chart(bp_arena *a, const bp_area_scope *sc, const char *name, const bp_area_series *s,
                                const char *theme, bp_profile_item *items, size_t n, bp_lang lang, bp_profile *out);
void bp_area_page_trend_chart(bp_arena *a, const bp_area_scope *sc, const char *name, const bp_area_series *d,
                              bp_lang lang, bp_trend *out);

/*
 * Write the profile page of area ar (its series s, as bp_area_series_load
 * gives them) and its charts at place pl; extras (may be NULL) goes right
 * after the key figures.  Errors: BP_ERR_DB, BP_ERR_IO, the renderer's.
 */
bp_rc bp_area_page_write(PGconn *conn, const bp_area_page_place *pl, const bp_area_scope *sc,
                         const bp_area_ref *ar, const bp_area_series *s, const bp_html *extras,
                         bp_error *err) BP_MUST_CHECK;

#endif
