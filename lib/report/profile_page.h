/*
 * profile_page.h: the out/ report's profile page per wijk and custom area of
 * a gemeente, linked from the gemeente page: the area's page as every
 * output shows it (report/area_page.h), with the report's own sections (its
 * age structure and the layout's wijk map, report/mapchart.h):
 *
 *   OUT/GM0828/WK082801.html
 *   OUT/GM0828/WK082801-profiel-<theme>.svg|.png, -trend-<indicator>.svg|.png,
 *   -leeftijd.svg|.png, -kaart-<indicator>.svg|.png
 *
 * Read from bp.indicator_value and bp.indicator_comparison: run compute and
 * bp_compare_indicators first.  Every file is written atomically.
 */
#ifndef BP_REPORT_PROFILE_PAGE_H
#define BP_REPORT_PROFILE_PAGE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "report/report.h"

typedef struct bp_profile_pages {
	const char **codes;   /* the areas that got a page, OUT/<gemeente>/<code>.html */
	const char **names;   /* [n] their names */
	size_t n;             /* wijken first, then custom areas */
	size_t n_custom;      /* of which custom areas */
} bp_profile_pages;

/* The pages of every wijk and custom area of the gemeente (latest indeling);
 * out lists them (in arena a). */
bp_rc bp_report_profiles(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                         const char *gemeente_name, bp_arena *a, bp_profile_pages *out,
                         bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The same page for every buurt of the gemeente (OUT/<gemeente>/BU....html
 * and its charts), not linked from the gemeente page: 14,574 pages for
 * Nederland, written by bench/render.sh to time the district profile.
 */
bp_rc bp_report_buurt_profiles(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                               const char *gemeente_name, bp_arena *a, bp_profile_pages *out,
                               bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/* 1 when code has a page in p. */
int bp_profile_pages_has(const bp_profile_pages *p, const char *code);

#endif
