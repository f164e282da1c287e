/*
 * effect_report.h: the reports on interventions for the programming
 * workgroup, written into one folder (in a run: OUT/interventions/):
 *
 *   DIR/index.html, DIR/overzicht.pdf   every intervention: what runs where
 *                                       (area, theme, start/end, partner),
 *                                       which indicators moved which way, the
 *                                       verdicts, links to the effect reports
 *   DIR/<id>.html, DIR/<id>.pdf         the effect report of one intervention:
 *                                       per indicator and target area the
 *                                       target against its comparison over
 *                                       time (start marked, before shaded),
 *                                       the estimate with its intervals, the
 *                                       placebo distribution, the pre-trend
 *                                       check, the comparison areas by name,
 *                                       the verdict, and the experiences of the
 *                                       same area and theme beside them
 *
 * HTML pages are self-contained (inline SVG), printable and lang="nl" (or "en"
 * in English: bp_effect_report_options.lang); PDFs
 * are A4 (render/pdfdoc.h).  Every chart has a text alternative and its
 * data as a table.  Examples (example: true) say "voorbeeld" everywhere.
 * The estimates come from engine/effect.h and are stored as a side effect
 * (bp.intervention_effect), with the registry itself.
 */
#ifndef BP_REPORT_EFFECT_REPORT_H
#define BP_REPORT_EFFECT_REPORT_H

#include <libpq-fe.h>

#include "core/error.h"
#include "core/lang.h"
#include "engine/effect.h"
#include "engine/indicator_def.h"
#include "engine/intervention.h"

/* Cited in every page and chart. */
#define BP_EFFECT_SOURCES "CBS, RIVM (CC BY 4.0)"

typedef struct bp_effect_report_options {
	const char *dir;                          /* created when missing */
	const bp_indicator_set *indicators;
	const bp_intervention_set *interventions;
	const bp_effect_options *effect;          /* NULL: the defaults */
	/* 1: the registry and estimates were stored before (bp_effects_store_all)
	 * and this connection may not write (the publishing role): estimate for
	 * the pages only.  0: store them too. */
	int read_only;
	bp_lang lang;                             /* the reports' language (README "English"); 0: Dutch */
} bp_effect_report_options;

typedef struct bp_effect_report_result {
	long reports;     /* interventions with an effect report */
	long estimates;   /* indicator x target area estimates */
	long files;       /* files written, the overview included */
} bp_effect_report_result;

/* Store the registry (unless read_only), estimate every effect and write every report and the overview. */
bp_rc bp_report_interventions(PGconn *conn, const bp_effect_report_options *opt,
                              bp_effect_report_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * Copy the pages and PDFs of reports_dir into site_dir (created): how the
 * published site gets the effect reports when the monitor says so
 * (publish_effects).  The site is rebuilt whole each time (bp_site_publish),
 * so turning the setting off unpublishes them.
 */
bp_rc bp_effect_reports_copy(const char *reports_dir, const char *site_dir, bp_error *err) BP_MUST_CHECK;

/*
 * The language the reports in reports_dir were written in, read from its
 * index.html (<html lang="en">): publish --effects copies a folder written
 * earlier, perhaps in another language than the site's, and the site's link
 * says "in Dutch" only when they are.  Dutch when unreadable.
 */
bp_lang bp_effect_reports_lang(const char *reports_dir);

#endif
