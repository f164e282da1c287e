/*
 * profile_page.h: a district profile page per wijk and per custom area of a
 * gemeente, linked from the gemeente page:
 *
 *   OUT/GM0828/WK082801.html              per indicator of the layout: the value,
 *                                         the gemeente and Nederland with the
 *                                         differences (bp.indicator_comparison)
 *   OUT/GM0828/WK082801-profiel-<theme>.svg|.png   a profile chart per theme,
 *                                         against the gemeente (render/profile.h)
 *   OUT/GM0828/WK082801-trend-<indicator>.svg|.png  where the indicator has
 *                                         more than one period (render/trend.h)
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
