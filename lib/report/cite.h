/*
 * cite.h: which sources the figures of a chart, table or page come from.
 *
 * A chart cites exactly the sources of the figures it shows, each with its
 * table id and the periods shown ("RIVM, Gezondheid per wijk en buurt
 * (50090NED), 2020, CC BY 4.0"), not every source of the gemeente: the age
 * chart is KWB 2024, and a reader must not be sent to RIVM for it.
 *
 * bp_cite_index_load() finds, once per gemeente, which bp.source fed each
 * indicator in each period: the indicator's input variables in
 * bp.observation_all (the newest vintage of each table), and for survey
 * kinds the survey's source through bp.survey.  One query each, so a run
 * over many areas does not scan observations per page.  A bp_cite then
 * collects what one chart shows and writes its source line.
 */
#ifndef BP_REPORT_CITE_H
#define BP_REPORT_CITE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/lang.h"
#include "engine/indicator_def.h"

/* SQL: the citation of bp.source alias S without licence, "CBS, Kerncijfers ... (85984NED)". */
#define BP_SQL_SOURCE_HEAD(S) "(" S ".publisher || ', ' || " S ".title || coalesce(' (' || " S ".table_id || ')', ''))"

/* SQL: the timestamptz T as a reader of L (an SQL expression, 'nl' or 'en')
 * writes the date: "2 juni 2026" (bp.dutch_date, sql/022), "2 June 2026". */
#define BP_SQL_DATE_IN(T, L) \
	"(CASE WHEN " L " = 'en' THEN to_char(" T ", 'FMDD FMMonth YYYY') ELSE bp.dutch_date(" T ") END)"

/* SQL: the note of a stale source (bp.source_stale alias ST) in the language
 * L, an SQL expression that is 'nl' or 'en' (a parameter, bp_lang_code):
 * "bijgewerkt tot 1 december 2026; de laatste poging op 6 december 2026
 * mislukte" (the view's note), "updated to 1 December 2026; the last attempt
 * on 6 December 2026 failed", from the view's two dates (to_char's Month
 * without TM is English whatever the server's locale).  Made in the query
 * in the language of the page, so that no page translates a Dutch sentence. */
#define BP_SQL_STALE_NOTE(ST, L) \
	"(CASE WHEN " L " = 'en' THEN 'updated to ' || " BP_SQL_DATE_IN(ST ".current_at", L) " || " \
	"'; the last attempt on ' || " BP_SQL_DATE_IN(ST ".failed_at", L) " || ' failed' ELSE " ST ".note END)"

/* SQL: the licence of bp.source alias S, and when the latest attempt to
 * refresh the source failed (bp.source_stale, run/monitor_run.h) the note
 * that says so, in the language L (as BP_SQL_STALE_NOTE): "CC BY 4.0
 * (bijgewerkt tot 1 december 2026; de laatste poging op 6 december 2026
 * mislukte)".  Every citation selects this instead of S.licence, so every
 * page, chart and PDF that cites a stale source says it. */
#define BP_SQL_SOURCE_LICENCE_IN(S, L) \
	"(" S ".licence || coalesce((SELECT ' (' || " BP_SQL_STALE_NOTE("st", L) " || ')' FROM bp.source_stale st " \
	"                             WHERE st.source_id = " S ".id), ''))"
/* The same in Dutch (what the incremental run's fingerprint compares). */
#define BP_SQL_SOURCE_LICENCE(S) BP_SQL_SOURCE_LICENCE_IN(S, "'nl'")

typedef struct bp_cite_src {
	const char *publisher;   /* "RIVM": names a period's source in a subtitle */
	const char *head;        /* "RIVM, Gezondheid per wijk en buurt (50090NED)" */
	const char *licence;     /* "CC BY 4.0"; NULL or "": none given */
	int model;               /* the figures cited are model estimates (report/areadata.h BP_MODEL_WORD):
	                          * the citation says so, for a chart seen without its page */
} bp_cite_src;

/* The values of indicator defs[def] in period came from src. */
typedef struct bp_cite_use {
	size_t def;
	const char *period;
	const bp_cite_src *src;
} bp_cite_use;

typedef struct bp_cite_index {
	const bp_indicator_def *const *defs;
	size_t n_defs;
	bp_cite_use *uses;
	size_t n_uses;
} bp_cite_index;

/* The sources of defs[n] in the gemeente (in a; defs must outlive out), their notes in lang. */
bp_rc bp_cite_index_load(PGconn *conn, const char *gemeente, const bp_indicator_def *const *defs, size_t n,
                         bp_lang lang, bp_arena *a, bp_cite_index *out, bp_error *err) BP_MUST_CHECK;

/* The words a synthetic survey's citation carries (bp_cite_sources_lang gives them in English). */
#define BP_CITE_SYNTHETIC_NL "synthetische gegevens"
#define BP_CITE_SYNTHETIC_NOTE_NL \
	BP_CITE_SYNTHETIC_NL ": gegenereerd voor test en demonstratie, geen antwoorden van echte inwoners"

/* The words after the citation of a source whose figures shown are model estimates. */
#define BP_CITE_MODEL_NL ", modelschatting"

/* What one chart, table or page shows. */
typedef struct bp_cite {
	const bp_cite_index *ix;  /* may be NULL: only fallbacks and bp_cite_add */
	bp_arena *a;
	size_t n, cap;
	bp_cite_src *src;         /* [n] with ... */
	const char **period;      /* [n] (NULL: no period known) */
	bp_lang lang;             /* the words of the line and lists ("Source:", " and "); bp_cite_init: Dutch */
} bp_cite;

void bp_cite_init(bp_cite *c, const bp_cite_index *ix, bp_arena *a);
/* The figures of d in period (NULL: every period with an observation of
 * its inputs, a published share's base included).  Without a known source
 * the definition's own `source:` text is cited.  When d's values are model
 * estimates (bp_def_is_model_estimate) the source is cited as one. */
void bp_cite_def(bp_cite *c, const bp_indicator_def *d, const char *period);
/* A source known to the caller (the age chart's KWB table). */
void bp_cite_add(bp_cite *c, const bp_cite_src *src, const char *period);
/* "CBS, Kerncijfers ... (85984NED), 2024, CC BY 4.0; RIVM, ... (50090NED), modelschatting, 2020, CC BY 4.0"
 * (BP_CITE_MODEL_NL after a source of model estimates, in c->lang); "" when empty. */
const char *bp_cite_sources(const bp_cite *c);
/* "Bron: <sources>; bewerking buurtpeil" ("Source: <sources>; processed by buurtpeil" in English). */
const char *bp_cite_line(const bp_cite *c);
/*
 * A list of citations as a reader of lang gets it: the fixed Dutch words
 * buurtpeil adds to a citation (a synthetic survey's "synthetische
 * gegevens: ...", the survey licence, BP_CITE_MODEL_NL) in lang (from the
 * catalogue); publishers and titles stay as they are, as names do.  A stale
 * source's note is not among them: the query gives it in the page's
 * language (BP_SQL_SOURCE_LICENCE_IN).  Dutch: sources itself.  NULL stays NULL.
 */
const char *bp_cite_sources_lang(bp_arena *a, const char *sources, bp_lang lang);
/*
 * Adds to *b (a list of citations joined by "; ", maybe empty) the
 * citations of list that *b does not hold yet: the sources line of a page
 * over several gemeenten (the site's index) names each source once, not once
 * per gemeente.  The pieces compared are the parts between "; " outside
 * parentheses (a stale note's "; " stays inside its citation), and the
 * synthetic note goes with the piece before it, so that each synthetic
 * survey keeps its own.  A title's own "; " before a digit (RIVM's
 * "Gezondheid per wijk en buurt; 2012/2016/2020") does not cut its citation:
 * the same table cited with other periods is a citation of its own, whole.
 */
void bp_cite_sources_union(bp_buf *b, const char *list);
/*
 * list (citations joined by "; ", in lang) with each source once: citations
 * that differ only in their periods ("RIVM, ... (50090NED), modelschatting,
 * 2020, CC BY 4.0" and the same with "2012, 2016 en 2020") become one with
 * the union of the periods, in place of the first.  The footer of a page
 * whose sections each cite what they show (report's gemeente page).  The
 * periods are the run of parts between ", " that are periods (a digit
 * first, no space; the last may be joined by " en "/" and ").  In a; NULL
 * stays NULL.
 */
const char *bp_cite_sources_merged(bp_arena *a, const char *list, bp_lang lang);
/* The periods shown: "2022"; mixed, each with its publishers: "2020 (RIVM) en 2022 (CBS)"; "" when none. */
const char *bp_cite_periods(const bp_cite *c);

#endif
