/*
 * site.h: the published site for council members (`buurtpeil publish`), a
 * static folder that works from file:// or any plain web server:
 *
 *   SITE/index.html            search, filters and a sortable table of every
 *                              area of the gemeenten (inline data, small
 *                              vanilla JavaScript, no network)
 *   SITE/<code>.html           a page per wijk, buurt and custom area
 *   SITE/<gemeente>.html       a page per gemeente against Nederland
 *   SITE/behoeften-<gm>.html   the needs overview
 *   SITE/definities.html       definitions and method (report/definitions_page.h),
 *                              linked from every page's header
 *   SITE/pdf/<code>.pdf        the A4 profiles (none with bp_site_options.no_pdf);
 *                              SITE/img/<code>-<theme>.svg the charts
 *   SITE/data/<page>-<n>.csv   each table of a page as CSV, SITE/data/<page>.xlsx all of
 *                              them as a workbook, linked under each table (report/downloads.h)
 *   SITE/site.css, site.js
 *
 * Accessible (WCAG 2.1 AA): lang="nl", a skip link, every chart with a text
 * alternative and its figures in a table, headings in order, sortable
 * headers that are buttons with aria-sort, a visible focus, colours whose
 * contrast site.css documents and tests check.  Only published figures:
 * read through report/areadata.h, never from survey microdata; figures of
 * synthetic surveys are labelled on every page that shows them.
 */
#ifndef BP_REPORT_SITE_H
#define BP_REPORT_SITE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/error.h"
#include "report/report.h"
#include "report/workers.h"

typedef struct bp_site_result {
	long pages;     /* HTML */
	long files;     /* charts, PDFs, assets */
	long areas;
	int unchanged;  /* bp_site_publish_reuse: nothing changed, the folder was not touched */
	long gemeenten_kept; /* ... gemeenten whose files were linked from the published site */
	long kept;      /* ... files the new site shares with the old (linked, or rendered the same) */
	int workers;    /* the most workers that wrote a gemeente's area pages (bp_site_reuse.workers) */
} bp_site_result;

/*
 * Write the site for the gemeenten into dir.  The site is built in a staging
 * folder beside dir and swapped in whole when complete (core/dirstage.h):
 * a failure leaves the previous site as it was, and pages of areas no longer
 * in the monitor disappear.  effects_dir, when not NULL, holds effect reports
 * (bp_report_interventions) to publish as SITE/interventions/, linked from
 * the index; NULL publishes none.
 */
bp_rc bp_site_publish(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                      const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                      bp_lang lang, bp_site_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The same, but dir is replaced even when it is not a site buurtpeil wrote
 * (publish --force).  bp_site_publish refuses such a folder: see
 * bp_site_check_out_dir.
 */
bp_rc bp_site_publish_force(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                            const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                            bp_lang lang, bp_site_result *res, bp_error *err) BP_MUST_CHECK;

/* How bp_site_publish_workers publishes. */
typedef struct bp_site_options {
	int force;                     /* 1: as bp_site_publish_force, else as bp_site_publish */
	bp_report_workers workers;     /* the area pages' workers (report/workers.h); { 0 }: this thread alone */
	/* After each gemeente (NULL: nothing), as bp_site_reuse.progress. */
	void (*progress)(void *ctx, const char *gemeente, size_t done, size_t n, const bp_site_result *res);
	void *ctx;
	int no_pdf;                    /* 1: no A4 PDFs and no links to them (the configuration's pdf: false) */
	/* For a site of many gemeenten, lighter wijk and buurt pages (the configuration's area_downloads: false
	 * and buurt_page_map: wijken): 1: no CSV/XLSX downloads under their tables (the index's download has
	 * every area's latest figures); 1: a buurt page's map shows the gemeente's wijken with its wijk outlined,
	 * not every buurt (a map of n buurten on each of n pages). */
	int no_area_downloads, buurt_map_wijken;
	/* 1: each chart of a wijk or buurt page drawn once, in the narrow layout (bp_area_page_place.narrow
	 * BP_AREA_PAGE_NARROW_ONLY), for every screen: half the charts to draw and store (the configuration's
	 * area_charts: narrow). */
	int narrow_only;
} bp_site_options;

/* bp_site_publish or bp_site_publish_force with workers and progress: the same files for any number. */
bp_rc bp_site_publish_workers(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                              const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                              const bp_site_options *o, bp_lang lang, bp_site_result *res,
                              bp_error *err) BP_MUST_CHECK;

/*
 * Incremental publishing (run/monitor_run.h): fingerprints[n] of the
 * gemeenten's inputs and fingerprint of the whole site's (run/fingerprint.h).
 * The site keeps them in SITE/.buurtpeil-manifest (core/manifest.h) with the
 * files each gemeente wrote.  When fingerprint equals the published one the
 * folder is left as it is (res->unchanged).  Otherwise the site is staged as
 * above, but a gemeente whose fingerprint is unchanged is not rendered: its
 * files are linked from the published folder (core/dirreuse.h) and only its
 * rows and map on the index are made; before the switch every file that came
 * out the same as the published one is linked too, so unchanged files keep
 * their inode and mtime.  full: render everything.
 */
typedef struct bp_site_reuse {
	const char *const *fingerprints;
	const char *fingerprint;
	int full;
	/* Where this run's reports wrote the PDFs (pdf_profile.h: DIR/GM.pdf, DIR/GM/CODE.pdf) of the gemeenten
	 * with pdfs_written[g], from the same session: the site links those files rather than drawing them again
	 * (the same function on the same scope, so the same bytes), and the wide SVG charts of its wijk profiles
	 * (bp_area_page_place.svg_from), also with no_pdf.  NULL: the site draws its PDFs and charts. */
	const char *pdf_dir;
	const int *pdfs_written;
	bp_lang pdf_lang;   /* the language those reports were written in: linked only into a site of the same */
	int no_pdf;         /* 1: the site without PDFs, as bp_site_options.no_pdf (the configuration's pdf: false) */
	int no_area_downloads, buurt_map_wijken, narrow_only;   /* as bp_site_options */
	/* Called after each gemeente (rendered or kept) with the result so far; NULL: none. */
	void (*progress)(void *ctx, const char *gemeente, size_t done, size_t n, const bp_site_result *res);
	void *ctx;
	/* The area pages' workers (report/workers.h); { 0 }: the calling thread alone.  The same files for any. */
	bp_report_workers workers;
	/* The needs overviews the reports of the same session kept (needs_report.h): a gemeente's page is
	 * written from its overview in the site's language, which is then released; NULL: each read again. */
	struct bp_needs_kept *needs;
} bp_site_reuse;

bp_rc bp_site_publish_reuse(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                            const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                            const bp_site_reuse *reuse, bp_lang lang, bp_site_result *res, bp_error *err) BP_MUST_CHECK;

/* The manifest inside a published site. */
#define BP_SITE_MANIFEST ".buurtpeil-manifest"

/* The file in a published site that says buurtpeil wrote the folder. */
#define BP_SITE_MARKER ".buurtpeil-site"

/*
 * Whether publishing may replace dir (everything in it goes): yes when it
 * does not exist, is empty, holds BP_SITE_MARKER, or holds index.html,
 * site.css and site.js (a site of a version before the marker), or when
 * force.  Otherwise BP_ERR_USAGE naming dir: a folder someone else filled
 * (a home folder, a web root with other content) is never emptied by
 * mistake.
 */
bp_rc bp_site_check_out_dir(const char *dir, int force, bp_error *err) BP_MUST_CHECK;

#endif
