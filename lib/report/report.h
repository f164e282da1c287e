/*
 * report.h: HTML reports written into an output folder.
 *
 *   OUT/index.html            the gemeenten of the run, with links
 *   OUT/GM0828.html           a gemeente: per chart of the layout its chart
 *                             and a table of its wijken, references and sources
 *   OUT/GM0828/<indicator>.png|.svg
 *   OUT/GM0828/WK082801.html  a profile per wijk and custom area, linked from
 *                             the gemeente page (report/profile_page.h)
 * Every file is written to a temporary name and renamed when complete.
 * Pages cite their sources (CBS, CC BY 4.0) and speak Dutch, or English
 * with bp_report_options.lang.
 */
#ifndef BP_REPORT_REPORT_H
#define BP_REPORT_REPORT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/buf.h"
#include "report/html.h"
#include "core/error.h"
#include "engine/indicator_def.h"
#include "report/layout.h"
#include "report/workers.h"

typedef struct bp_report_options {
	const char *output_dir;
	const bp_indicator_set *indicators;
	const bp_layout *layout;        /* the 'gemeente' layout */
	const char *effects_href;       /* the interventions overview, linked from the index; NULL: none */
	const char *site_href;          /* the published site's index, linked from the index; NULL: none */
	bp_lang lang;                   /* the pages' and PDFs' language (not yet the needs overview's); 0: Dutch */
	bp_report_workers workers;      /* the profile pages' and PDFs' workers; { 0 }: the calling thread alone */
	/* 1: the profile pages' charts as SVG only, without the PNG beside each (the configuration's png: false:
	 * ~85% of a whole-country out/ is those PNGs, which a browser does not need). */
	int no_png;
	/* The sources of the gemeente's rankings, read once for its page's sections and profiles' maps
	 * (ranking.h); set by bp_report_gemeente on its copy of the options, NULL otherwise. */
	struct bp_ranking_cites *ranking_cites;
	/* Where bp_report_needs keeps each overview for the site (needs_report.h); NULL: freed once written. */
	struct bp_needs_kept *needs_kept;
} bp_report_options;

typedef struct bp_report_result {
	long pages;
	long charts;                    /* image files written */
} bp_report_result;

/* The page of one gemeente and its charts. */
bp_rc bp_report_gemeente(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                         bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * A gemeente's files of out/ as run and report write them: its page with
 * the profiles (bp_report_gemeente), with pdf its PDFs (bp_report_pdfs),
 * with needs its needs overview (bp_report_needs), written beside the PDFs
 * on a worker of its own (report/workers.h): the same files for any number.
 */
bp_rc bp_report_gemeente_files(PGconn *conn, const bp_report_options *opt, const char *gemeente, int pdf, int needs,
                               bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/* OUT/index.html linking the gemeente pages (names looked up in the database). */
bp_rc bp_report_index(PGconn *conn, const bp_report_options *opt, const char *const *gemeenten,
                      size_t n, bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/* list plus the citations of more ("a; b"), each once; NULL list = none yet. */
const char *bp_report_cite_add(bp_arena *a, const char *list, const char *more);

#endif
