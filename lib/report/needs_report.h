/*
 * needs_report.h: the needs overview for the programming workgroup, as HTML
 * and as A4 PDF:
 *
 *   OUT/GM0828-behoeften.html, OUT/GM0828-behoeften.pdf
 *
 * It opens with the periods read per source and a summary per area and
 * theme (how many indicators markedly worse, and which).  Then per theme
 * (the theme with the most signals first), the wijken and custom areas
 * that score markedly worse than their reference on its indicators (the
 * rule of engine/needs.h), each with its value and its own period, the
 * gemeente's value it was compared with, the relative difference, its
 * percentile of need, its 95% interval where one exists (else why not: a
 * registration count, a model estimate whose margins were not loaded) and
 * the change since its previous period with its significance.  Context
 * figures (role: context: distances, density) follow apart, never as
 * signals; so do indicators with figures for the gemeente as a whole only
 * (bp_needs_whole), the gemeente against Nederland with their intervals.  Areas without any signal are listed too, so that absence reads
 * as checked, not forgotten.
 */
#ifndef BP_REPORT_NEEDS_REPORT_H
#define BP_REPORT_NEEDS_REPORT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "report/html.h"
#include "core/error.h"
#include "engine/needs.h"
#include "report/areadata.h"
#include "report/report.h"

typedef struct bp_needs_row {
	const char *theme;
	const char *area_code, *area_name, *area_level;
	const char *indicator_id, *title, *unit;
	const char *period;               /* the value's own period (indicators differ) */
	const char *note;                 /* the value not measured on these borders: "omgerekend van indeling 2020"; NULL */
	int decimals;
	int synthetic;
	double value, gemeente_value, relative_worse, percentile;
	double gemeente_ci_lo, gemeente_ci_hi; /* the gemeente's own 95% interval (a survey estimate of it); NAN: none */
	long percentile_n;                /* areas ranked for the percentile (-1: unknown) */
	int percentile_national;          /* ranked among all of Nederland (else the monitor's areas) */
	const char *reference_name;       /* the gemeente compared with ... */
	const char *reference_period;     /* ... and its value's period (the row's) */
	double ci_lo, ci_hi;              /* NAN: no interval; uncertainty says why */
	bp_needs_uncertainty uncertainty;
	int survey_figure;                /* a published survey result (respondents or a survey-results table), not
	                                   * buurtpeil's aggregate: its missing interval is the survey's, not a register's */
	int model_index;                  /* a composite index built from RIVM's model estimates: marked so */
	double change;                    /* NAN: no previous period, or no value there */
	int change_sig;                   /* 1, 0, -1 not tested (no intervals) */
	const char *previous_period;      /* the previous period with a row; NULL: none */
	const char *why;                  /* Dutch: why it is flagged */
} bp_needs_row;

/*
 * An indicator that can signal but has no value for any wijk or custom area
 * of the gemeente: a gemeente-level table (a CBS survey table with Marges,
 * loaded by `import table`).  No area can be ranked on it, so the overview
 * shows the gemeente as a whole against Nederland, each with its 95%
 * interval, and cites the table it came from.
 */
typedef struct bp_needs_whole {
	const char *indicator_id, *title, *unit;
	const char *period;               /* the gemeente's latest period with a value */
	int decimals, synthetic;
	double value, ci_lo, ci_hi;       /* the gemeente; NAN: no value / no interval */
	double nl, nl_ci_lo, nl_ci_hi;    /* Nederland in the same period; NAN: none */
	const char *verdict;              /* Dutch: how the gemeente's interval lies against Nederland */
	const char *source;               /* the citation of this indicator in that period */
} bp_needs_whole;

typedef struct bp_needs_overview {
	const char *gemeente, *gemeente_name;
	const char *period;               /* the newest period read (the rows have their own) */
	const char *periods_text;         /* Dutch: each source with the periods read from it */
	bp_needs_period *periods;         /* distinct source and period, by period; NULL source never */
	size_t n_periods;
	double relative, percentile;
	const char *sources;              /* as cited, without "Bron: " */
	const char *source_line;
	const char **themes;              /* themes with signals, most first */
	int *theme_count;
	size_t n_themes;
	bp_needs_row *rows;               /* by theme (as above), then percentile and relative difference */
	size_t n_rows;
	int any_national, any_monitor;    /* rows ranked among all of Nederland / among the monitor's areas only */
	int any_gemeente_interval;        /* a row's gemeente value has an interval of its own: the notes say what is tested */
	int any_share_unknown;            /* ... and its test did not know the area's share of the gemeente's estimate:
	                                   * the notes say it took the two as independent */
	/* The summary: areas with signals (wijken, then custom areas; most first) x themes. */
	const char **sum_codes, **sum_names;
	int *sum_total;
	int *sum_theme;                   /* [n_sum * n_themes], in the order of themes */
	size_t n_sum;
	bp_needs_row *context;            /* context figures (role: context): by area, then indicator; no signals */
	size_t n_context;
	const char **quiet_codes, **quiet_names; /* areas checked without any signal */
	size_t n_quiet;
	const char **checked;             /* indicators that can signal (favourable side, not context), with their mark */
	size_t n_checked;
	bp_needs_whole *whole;            /* checked indicators with values for the gemeente as a whole only */
	size_t n_whole;
	int any_synthetic;
	const char *synthetic_notice;     /* "Let op: ..." naming the surveys, or NULL: right under the title */
	const char *synthetic_notice_surveys; /* the surveys it names (may be NULL) */
	bp_lang lang;                     /* the language of its texts (the "Dutch" fields above are in it) */
} bp_needs_overview;

bp_rc bp_needs_overview_load(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_arena *a,
                             bp_needs_overview *out, bp_error *err) BP_MUST_CHECK;
/* The same with its texts in lang (titles from title.en, numbers and words in English): what
 * bp_needs_overview_html and _pdf then write. */
bp_rc bp_needs_overview_load_lang(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_lang lang,
                                  bp_arena *a, bp_needs_overview *out, bp_error *err) BP_MUST_CHECK;

/* The body of the HTML overview (from <h1> on); area names link to
 * area_href with %s replaced by the code (NULL: no links). */
void bp_needs_overview_html(const bp_needs_overview *o, const char *area_href, bp_arena *a, bp_html *b);
/* The same, the area pages linked being in area_lang (hreflang="nl" on the links when they are Dutch
 * and the overview is not). */
void bp_needs_overview_html_lang(const bp_needs_overview *o, const char *area_href, bp_lang area_lang, bp_arena *a,
                                 bp_html *b);

bp_rc bp_needs_overview_pdf(const bp_needs_overview *o, const char *path, bp_error *err) BP_MUST_CHECK;

/*
 * The needs overviews of a run's gemeenten, kept from the reports for the
 * site: each read once (its statements over the gemeente's wijken and
 * custom areas, and its scope: ~0.2 s of the server's per gemeente), not
 * once for OUT/ and again for the site.  bp_report_needs with
 * opt->needs_kept keeps the overview of a gemeente of the list in lang;
 * the site (bp_site_reuse.needs) writes its page from it and releases it.
 * Slots of different gemeenten may be used from different threads.
 */
typedef struct bp_needs_kept bp_needs_kept;
bp_needs_kept *bp_needs_kept_new(const char *const *gemeenten, size_t n, bp_lang lang);
/* The overview kept of gemeente in lang; NULL: none (not kept, another language, released). */
const bp_needs_overview *bp_needs_kept_find(const bp_needs_kept *k, const char *gemeente, bp_lang lang);
/* Its memory freed (the overview no longer asked for). */
void bp_needs_kept_release(bp_needs_kept *k, const char *gemeente);
void bp_needs_kept_free(bp_needs_kept *k);

/* OUT/<gemeente>-behoeften.html and .pdf. */
bp_rc bp_report_needs(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                      bp_report_result *res, bp_error *err) BP_MUST_CHECK;

#endif
