/*
 * mapchart.h: the figures behind the maps and the age-structure charts of
 * the reports, read from the database, and the HTML sections that show
 * them (figure with a text alternative, and the data as a table).
 *
 *   map: a ranking (report/ranking.h) joined to the newest borders of its
 *        areas (bp.area_geometry_current, geom_simple) -> bp_choropleth;
 *   age structure: the KWB age-group counts of an area, its gemeente and
 *        Nederland (bp.observation_current) -> bp_agestructure.
 *
 * Other report files (the published site, the PDF) use these as they are.
 */
#ifndef BP_REPORT_MAPCHART_H
#define BP_REPORT_MAPCHART_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "report/html.h"
#include "core/error.h"
#include "render/agestructure.h"
#include "render/choropleth.h"
#include "report/layout.h"
#include "report/ranking.h"
#include "report/report.h"

typedef struct bp_report_map {
	bp_choropleth chart;
	const bp_ranking *ranking;
	size_t *row_of;            /* [chart.n_areas] index into ranking->rows */
	size_t n_without_border;   /* areas of the ranking that have no border (not drawn) */
	int border_year;           /* the newest indeling of the borders drawn */
	int borders_other_year;    /* some borders are of another indeling than the figures */
	const char *alt;           /* text alternative for the picture */
	bp_lang lang;              /* the language of its texts and table */
} bp_report_map;

/*
 * The map of a ranking, highlight_code (may be NULL) outlined.
 * BP_ERR_NOT_FOUND (with a hint) when none of its areas has a border.
 */
bp_rc bp_report_map_build(PGconn *conn, const bp_ranking *r, const char *highlight_code, bp_arena *a,
                          bp_report_map *out, bp_error *err) BP_MUST_CHECK;
/* The same with its texts, legend and table in lang. */
bp_rc bp_report_map_build_lang(PGconn *conn, const bp_ranking *r, const char *highlight_code, bp_lang lang,
                               bp_arena *a, bp_report_map *out, bp_error *err) BP_MUST_CHECK;

/* The text alternative's sentence on figures of indeling figures_year drawn on borders of border_year
 * ("De cijfers horen bij de indeling van 2020; getekend op de grenzen van 2024 met dezelfde codes; ..."),
 * in lang; a map's and the maps through the years' alike. */
const char *bp_report_map_borders_sentence(bp_arena *a, bp_lang lang, int figures_year, int border_year);

/*
 * A section of the gemeente page for a layout entry of type map: writes
 * OUT/<gemeente>/<indicator>-kaart.<ext> for the layout's formats and
 * appends the figure and its table to b.  Without borders it appends a
 * note saying how to import them, and writes nothing.
 */
bp_rc bp_report_map_section(PGconn *conn, const bp_report_options *opt, const bp_layout_chart *lc,
                            const char *gemeente, bp_arena *a, bp_html *b, const char **sources,
                            bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/* Writes a chart (e.g. a wrapper of bp_choropleth_write) in one format to path. */
typedef bp_rc (*bp_chart_write_fn)(const void *chart, bp_image_format fmt, const char *path, bp_error *err);

/*
 * A figure of the gemeente page: writes the chart as OUT/<gemeente>/<stem>.<ext>
 * in the layout entry's formats and appends <figure> with the first non-PDF
 * file, the text alternative and a caption ending in links to every format
 * ("<what> als svg · png").
 */
bp_rc bp_report_layout_figure(const bp_report_options *opt, const bp_layout_chart *lc, const char *gemeente,
                              const char *stem, bp_chart_write_fn w, const void *chart, const char *alt,
                              const char *caption, const char *what, bp_arena *a, bp_html *b,
                              bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * A section of the gemeente page for a layout entry of type map_periods:
 * one map per period of the indicator (the last four) side by side as small
 * multiples with one set of classes, so that a colour means the same value
 * in every year; OUT/<gemeente>/<indicator>-kaarten.<ext>, and a table with a
 * column per period.  With a single period it says so and draws nothing.
 */
bp_rc bp_report_map_periods_section(PGconn *conn, const bp_report_options *opt, const bp_layout_chart *lc,
                                    const char *gemeente, bp_arena *a, bp_html *b, const char **sources,
                                    bp_report_result *res, bp_error *err) BP_MUST_CHECK;

typedef struct bp_report_ages {
	bp_agestructure chart;
	double share[3][BP_AGE_KWB_GROUPS]; /* area, gemeente, Nederland; NAN where unknown */
	bp_age_series refs[2];
	const char *period;
	const char *alt;
	const char *source_line;            /* the chart's: the tables of its counts, with the period */
	int found;                          /* 0: the area has no age-group counts (e.g. a custom area) */
	const char *groups[BP_AGE_KWB_GROUPS]; /* the rows' labels in lang */
	bp_lang lang;                       /* the language of its texts and table */
} bp_report_ages;

/* The age structure of area (in gemeente) for its latest period with counts;
 * source_line is cited only when the counts' sources are not known. */
bp_rc bp_report_ages_build(PGconn *conn, const char *area, const char *area_name, int indeling_year,
                           const char *gemeente, const char *gemeente_name, const char *source_line,
                           bp_arena *a, bp_report_ages *out, bp_error *err) BP_MUST_CHECK;
/* The same with its texts, numbers and table in lang. */
bp_rc bp_report_ages_build_lang(PGconn *conn, const char *area, const char *area_name, int indeling_year,
                                const char *gemeente, const char *gemeente_name, const char *source_line,
                                bp_lang lang, bp_arena *a, bp_report_ages *out, bp_error *err) BP_MUST_CHECK;

/* The table of an age structure (the text equivalent of the chart). */
void bp_report_ages_table(const bp_report_ages *g, bp_html *b);

/*
 * On the profile page of a wijk: its age structure against the gemeente and
 * Nederland, and the first wijk map of the layout with the wijk outlined;
 * each with its table.  Files OUT/<gemeente>/<code>-leeftijd.svg|.png and
 * <code>-kaart-<indicator>.svg|.png.  A section whose figures are missing
 * (custom areas, no borders imported) is left out; level is the area's
 * (bp.area_level): only a wijk can be among the map's wijken.
 */
bp_rc bp_report_area_extras(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                            const char *gemeente_name, const char *code, const char *level,
                            const char *name, int indeling_year,
                            const char *source_line, bp_arena *a, bp_html *b, bp_report_result *res,
                            bp_error *err) BP_MUST_CHECK;

#endif
