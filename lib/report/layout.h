/*
 * layout.h: report layouts from the *.yaml files in charts/: which charts, for which
 * indicators, in which order, per report type.  Users change a report by
 * editing YAML, not C.
 *
 *   report: gemeente            # the report type this layout is for
 *   title: Wijken van {gemeente}
 *   charts:
 *     - type: ranking           # or map: a choropleth of the same figures;
 *                               # or map_periods: a map per period side by side
 *       indicator: aandeel_65_plus
 *       level: wijk             # which areas are ranked
 *       references: [gemeente, land]
 *       formats: [png, svg]
 */
#ifndef BP_REPORT_LAYOUT_H
#define BP_REPORT_LAYOUT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "engine/indicator_def.h"

typedef enum bp_chart_type {
	BP_CHART_RANKING,
	BP_CHART_MAP,        /* choropleth of the indicator over the level's areas (render/choropleth.h) */
	BP_CHART_MAP_PERIODS /* a map per period side by side, one set of classes (render/multiples.h) */
} bp_chart_type;

typedef struct bp_layout_chart {
	bp_chart_type type;
	const char *indicator;      /* indicator id (checked against the set by the caller) */
	const char *level;          /* "wijk" or "buurt" */
	const char **references;    /* "gemeente", "land" */
	size_t n_references;
	int want_png, want_svg, want_pdf;
	bp_srcloc loc;
} bp_layout_chart;

typedef struct bp_layout {
	const char *report;         /* report type, e.g. "gemeente" */
	const char *title;          /* may contain {gemeente} */
	bp_layout_chart *charts;
	size_t n_charts;
	bp_srcloc loc;
} bp_layout;

/* The indicator a chart names; NULL with the error at the layout's line when the set lacks it. */
const bp_indicator_def *bp_layout_indicator(const bp_layout_chart *lc, const bp_indicator_set *set, bp_error *err);

/* Load charts_dir/<report>.yaml.  Errors name file, line and column. */
bp_rc bp_layout_load(const char *charts_dir, const char *report, bp_arena *a,
                     bp_layout *out, bp_error *err) BP_MUST_CHECK;

#endif
