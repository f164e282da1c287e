/*
 * ranking.h: the figures behind a ranking chart and its table: one
 * indicator for the areas of one level within a gemeente, with the gemeente
 * and Nederland as references, for one period (default: the latest).
 * Reads computed indicator values only; everything lives in the caller's arena.
 */
#ifndef BP_REPORT_RANKING_H
#define BP_REPORT_RANKING_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "report/html.h"
#include "core/error.h"
#include "engine/indicator_def.h"
#include "render/barchart.h"
#include "report/cite.h"

typedef struct bp_ranking_row {
	const char *code;
	const char *name;
	double value;              /* NAN when not published */
	double numerator;          /* NAN when unknown */
	double denominator;
	const char *suppressed;    /* reason code or NULL */
	double ci_lo, ci_hi;       /* the value's 95% interval (a table's margins, a survey's); NAN: none */
} bp_ranking_row;

typedef struct bp_ranking {
	const bp_indicator_def *def;
	const char *gemeente_code;
	const char *gemeente_name;
	const char *level;         /* "wijk" or "buurt" */
	const char *period;        /* e.g. "2024" */
	int indeling_year;
	bp_ranking_row *rows;      /* ordered: highest value first, unpublished last, then by name */
	size_t n_rows;
	bp_ranking_row gemeente;   /* the reference values */
	bp_ranking_row land;
	const char *numerator_title;   /* e.g. "65 jaar of ouder" (from bp.variable) */
	const char *denominator_title; /* e.g. "Aantal inwoners" */
	const char *sources;       /* citation, e.g. "CBS, Kerncijfers wijken en buurten 2024 (85984NED), 2024, CC BY 4.0" */
	bp_cite cite;              /* the same as parts, for a figure over several periods (mapseries.c) */
	int synthetic;             /* a value shown is from a synthetic survey: title and table say "synthetisch" */
} bp_ranking;

/*
 * Load the ranking.  period NULL = the latest period with values for the
 * gemeente.  BP_ERR_NOT_FOUND when the gemeente or the values are absent
 * (hint: import and compute first).
 */
bp_rc bp_ranking_load(PGconn *conn, const bp_indicator_def *def, const char *gemeente,
                      const char *level, const char *period, bp_arena *a,
                      bp_ranking *out, bp_error *err) BP_MUST_CHECK;
/* The same with its citations in lang (a stale source's note, BP_SQL_SOURCE_LICENCE_IN). */
bp_rc bp_ranking_load_lang(PGconn *conn, const bp_indicator_def *def, const char *gemeente,
                           const char *level, const char *period, bp_lang lang, bp_arena *a,
                           bp_ranking *out, bp_error *err) BP_MUST_CHECK;

/*
 * The sources of one gemeente's rankings, read once for all of them (on
 * first use, from several threads each on its own connection): which
 * tables fed the variables of defs in each indeling and period of the
 * gemeente's observations.  Without it each ranking cites its sources with
 * a statement of its own over the gemeente's observations (~9 ms; a
 * gemeente page's charts and each wijk profile's map: 37 per gemeente).
 */
typedef struct bp_ranking_cites bp_ranking_cites;
bp_ranking_cites *bp_ranking_cites_new(const char *gemeente, const bp_indicator_def *const *defs, size_t n,
                                       bp_lang lang);
void bp_ranking_cites_free(bp_ranking_cites *c);

/* bp_ranking_load_lang citing from cites; with its own statement where cites is NULL, of another gemeente or
 * language, or does not read every variable of def. */
bp_rc bp_ranking_load_cited(PGconn *conn, const bp_indicator_def *def, const char *gemeente,
                            const char *level, const char *period, bp_lang lang, bp_ranking_cites *cites,
                            bp_arena *a, bp_ranking *out, bp_error *err) BP_MUST_CHECK;

/* Fill a chart description from a ranking (strings in the arena). */
void bp_ranking_chart(const bp_ranking *r, bp_arena *a, bp_barchart *chart);
/* The same in lang (the English site's gemeente PDF). */
void bp_ranking_chart_lang(const bp_ranking *r, bp_arena *a, bp_lang lang, bp_barchart *chart);

/*
 * The citation of the surveys behind the survey indicators among defs, for
 * one gemeente: "publisher, title; ..."; where any of their values there is
 * synthetic (bp.indicator_value.synthetic) it says "synthetische gegevens"
 * too.  *out NULL when no survey indicator is among them or nothing was imported.
 */
bp_rc bp_report_survey_citation(PGconn *conn, const bp_indicator_def *const *defs, size_t n,
                                 const char *gemeente, bp_arena *a, const char **out, bp_error *err) BP_MUST_CHECK;

/*
 * The surveys behind the survey indicators among defs, for one gemeente, by
 * name ("publisher, title; ..."), and whether any of their values there is
 * synthetic.  *names NULL when none.
 */
bp_rc bp_report_survey_names(PGconn *conn, const bp_indicator_def *const *defs, size_t n, const char *gemeente,
                             bp_arena *a, const char **names, int *synthetic, bp_error *err) BP_MUST_CHECK;

/* The source line printed under charts and pages. */
const char *bp_ranking_source_line(const bp_ranking *r, bp_arena *a);
/* The same in lang ("Source: ...; processed by buurtpeil"). */
const char *bp_ranking_source_line_lang(const bp_ranking *r, bp_arena *a, bp_lang lang);

/*
 * A page section for a layout entry whose indicator has no values for the
 * gemeente (its source is not loaded, or not for this level): the heading
 * and a sentence saying so, so that one layout serves every monitor.
 */
void bp_report_no_values_section(bp_html *b, const bp_indicator_def *d, const char *level, bp_lang lang);

#endif
