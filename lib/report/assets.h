/*
 * assets.h: the stylesheets and scripts of the pages, files under
 * lib/report/assets/ embedded at build time (tools/embed_assets.py), as the
 * migrations are. Edit the files, not C strings.
 */
#ifndef BP_REPORT_ASSETS_H
#define BP_REPORT_ASSETS_H

#include <stddef.h>

typedef struct bp_asset {
	const char *name; /* the file's name, e.g. "site.css" */
	const char *data; /* its bytes, NUL-terminated */
	size_t len;
} bp_asset;

/* The one stylesheet of every page: inline in the out/ reports, site.css of
 * the published site. Its colours are custom properties, so that
 * tests can read each pair and check its contrast (WCAG 2.1 AA: 4.5:1 for
 * text, 3:1 for the focus ring): --tekst/--achtergrond 17.4,
 * --subtiel/--achtergrond 8.5, --link/--achtergrond 7.6, --link/--rij 7.1,
 * --kop-tekst/--kop 7.6, --focus/--achtergrond 3.9 (non-text).
 * overflow-wrap:anywhere on body: a name from a file without spaces (a
 * 6,000-character buurt name) wraps inside its cell or heading instead of
 * widening the page; the HTML keeps the whole (escaped) name. */
extern const bp_asset bp_asset_pages_css;
extern const bp_asset bp_asset_site_js;    /* site.js: the index table's sorting and filtering */

#endif
