#include "report/digest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/lang.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "report/cite.h"
#include "report/html.h"
#include "report/scope_label.h"

/* SQL: an indicator's title in the language $N ('nl' or 'en'): title_en where there is one. */
#define TITLE_L(I, ID, N) "coalesce(CASE WHEN $" N " = 'en' THEN nullif(" I ".title_en, '') END, " I ".title_nl, " ID ")"
/* SQL: a date as a reader of $N writes it ("2 juni 2026", "2 June 2026"). */
#define DATE_L(T, N) BP_SQL_DATE_IN(T, "$" N)

/* Lines listed per section; the rest are counted ("en nog N"): a digest is read, not searched. */
#define MAX_LINES 40

/* One section: a heading and its lines, written as text and as HTML. */
typedef struct section {
	const char *title;
	const char *empty;      /* the line when there is none; NULL: the section is left out */
	const char **lines;
	int n;
	const char *note;       /* a sentence after the list, or NULL */
} section;

static void add_section(bp_buf *txt, bp_html *html, const section *s, bp_lang L, long *changes)
{
	if (s->n == 0 && !s->empty)
		return;
	const char *title = bp_tr(L, s->title), *empty = bp_tr(L, s->empty);
	bp_buf_printf(txt, "\n%s\n", title);
	bp_html_printf(html, "<h2>%s</h2>\n<ul>\n", title);
	if (s->n == 0) {
		bp_buf_printf(txt, "- %s\n", empty);
		bp_html_printf(html, "<li>%s</li>\n", empty);
	}
	for (int i = 0; i < s->n && i < MAX_LINES; i++) {
		bp_buf_printf(txt, "- %s\n", s->lines[i]);
		bp_html_printf(html, "<li>%s</li>\n", s->lines[i]);
	}
	if (s->n > MAX_LINES) {
		if (L == BP_LANG_EN)
			bp_buf_printf(txt, "- and %d more\n", s->n - MAX_LINES);
		else
			bp_buf_printf(txt, "- en nog %d\n", s->n - MAX_LINES);
		bp_html_printf_l(html, L, "<li>en nog %d</li>\n", "<li>and %d more</li>\n", s->n - MAX_LINES);
	}
	bp_html_lit(html, "</ul>\n");
	if (s->note) {
		bp_buf_printf(txt, "%s\n", s->note);
		bp_html_printf(html, "<p>%s</p>\n", s->note);
	}
	*changes += s->n;
}

/* Column 0 of each row of a query, as the section's lines (in a). */
static bp_rc query_lines(PGconn *conn, const char *sql, int n, const char *const *p, bp_arena *a, section *s,
                         bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, sql, n, p, &r, err);
	if (rc)
		return rc;
	s->n = PQntuples(r);
	s->lines = bp_arena_alloc(a, ((size_t)s->n + 1) * sizeof(*s->lines));
	for (int i = 0; i < s->n; i++)
		s->lines[i] = bp_arena_strdup(a, PQgetvalue(r, i, 0));
	PQclear(r);
	return BP_OK;
}

/*
 * The areas in the worst decile in run a and not in run b (the same
 * gemeente), as lines, each saying what its tenth is of: the
 * distribution's scope (bp.distribution_scope) -- "van alle 3.150 wijken van
 * Nederland met cijfers" only when the areas ranked come from every
 * gemeente, else "van de 32 wijken in deze monitor met cijfers".  A heading
 * "van Nederland" over a monitor's own wijken would claim more than the
 * figures are.
 */
static bp_rc decile_moves(PGconn *conn, const char *a_run, const char *b_run, const char *gemeente, bp_lang L,
                          bp_arena *a, section *s, bp_error *err)
{
	const char *p[] = { a_run, b_run, gemeente, bp_lang_code(L) };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT coalesce(ar.name, f.area_code) || ' (' || f.area_code || '): ' || " TITLE_L("i", "f.indicator_id", "4") " "
		"       || ', ' || f.period, ar.level, sc.n_ranked, sc.national "
		"  FROM bp.run_flag f "
		"  LEFT JOIN bp.indicator i ON i.id = f.indicator_id "
		"  LEFT JOIN LATERAL (SELECT name, level::text AS level, indeling_year FROM bp.area WHERE code = f.area_code "
		"                      ORDER BY indeling_year DESC LIMIT 1) ar ON true "
		"  LEFT JOIN bp.distribution_scope sc ON sc.indicator_id = f.indicator_id AND sc.level = ar.level "
		"       AND sc.indeling_year = ar.indeling_year AND sc.period = f.period "
		" WHERE f.run_id = $1::bigint AND f.gemeente_code = $3 "
		"   AND NOT EXISTS (SELECT 1 FROM bp.run_flag g WHERE g.run_id = $2::bigint AND g.gemeente_code = $3 "
		"                      AND g.indicator_id = f.indicator_id AND g.area_code = f.area_code) "
		" ORDER BY " TITLE_L("i", "f.indicator_id", "4") ", f.area_code", 4, p, &r, err);
	if (rc)
		return rc;
	s->n = PQntuples(r);
	s->lines = bp_arena_alloc(a, ((size_t)s->n + 1) * sizeof(*s->lines));
	for (int i = 0; i < s->n; i++) {
		const char *line = PQgetvalue(r, i, 0);
		if (PQgetisnull(r, i, 2) || PQgetisnull(r, i, 1)) { /* no scope (yet): no claim about it */
			s->lines[i] = bp_arena_strdup(a, line);
			continue;
		}
		const char *scope = bp_scope_phrase_lang(a, PQgetvalue(r, i, 1), atol(PQgetvalue(r, i, 2)),
		                                         strcmp(PQgetvalue(r, i, 3), "t") == 0, L);
		s->lines[i] = bp_arena_printf(a, L == BP_LANG_EN ? "%s (of %s)" : "%s (van %s)", line, scope);
	}
	PQclear(r);
	return BP_OK;
}

/*
 * Cells that a vintage loaded since the previous published run (by this
 * run or a failed one after it) changed against the vintage before it
 * (bp.observation_revision, sql/016).  The view's window is partitioned by
 * publisher, table and area (among others), so filters on those reach the
 * tables under it; the gemeente is given as its areas' codes (an array: a
 * filter on gemeente_code, no partition key, would first number every cell
 * of a national table, 12 s instead of 0.4 s for one gemeente on the demo).
 */
static bp_rc revisions(PGconn *conn, const char *run, const char *prev, const char *monitor, const char *gemeente,
                       bp_lang L, bp_arena *a, section *s, bp_error *err)
{
	const char *p[] = { run, prev, gemeente, monitor, bp_lang_code(L) };
	/* $5: the language; the cell's words and its decimal mark in it */
#define EN "$5 = 'en'"
#define CELL(V, S) \
	"CASE WHEN " V " IS NULL THEN CASE " S " WHEN 'unknown_or_secret' " \
	"       THEN CASE WHEN " EN " THEN 'confidential or unknown' ELSE 'geheim of onbekend' END " \
	"       ELSE CASE WHEN " EN " THEN 'not applicable' ELSE 'niet van toepassing' END END " \
	"     ELSE CASE WHEN " EN " THEN trim_scale(" V "::numeric)::text " \
	"               ELSE replace(trim_scale(" V "::numeric)::text, '.', ',') END " \
	"          || CASE " S " WHEN 'provisional' THEN CASE WHEN " EN " THEN ' (provisional)' ELSE ' (voorlopig)' END " \
	"          WHEN 'revised_provisional' THEN CASE WHEN " EN " THEN ' (revised provisional)' " \
	"                                           ELSE ' (nader voorlopig)' END ELSE '' END END"
	return query_lines(conn,
		"SELECT coalesce(v.title, r.variable_code) || ', ' || coalesce(ar.name, r.area_code) || ' (' || r.area_code "
		"       || '), ' || r.period || ': ' || "
		CELL("r.previous_value", "r.previous_status")
		" || ' → ' || "
		CELL("r.value", "r.status")
		" || ' (' || s.publisher || coalesce(' ' || s.table_id, '') "
		"       || CASE WHEN " EN " THEN ', previous version ' ELSE ', vorige versie ' END "
		"       || " DATE_L("ps.retrieved_at", "5") " || ')' "
		"  FROM (SELECT DISTINCT rs.source_id FROM bp.run_source rs JOIN bp.run x ON x.id = rs.run_id "
		"         WHERE x.monitor = $4 AND rs.status = 'fetched' AND rs.source_id IS NOT NULL "
		"           AND x.id <= $1::bigint AND x.id > coalesce($2::bigint, $1::bigint - 1)) f "
		"  JOIN bp.source s ON s.id = f.source_id "
		"  JOIN LATERAL (SELECT * FROM bp.observation_revision o WHERE o.publisher = s.publisher "
		"                   AND o.table_id IS NOT DISTINCT FROM s.table_id AND o.source_id = s.id "
		"                   AND o.area_code = ANY (ARRAY(SELECT code FROM bp.area "
		"                                                 WHERE gemeente_code = $3 OR code = $3))) r ON true "
		"  JOIN bp.source ps ON ps.id = r.previous_source_id "
		"  LEFT JOIN bp.variable v ON v.code = r.variable_code "
		"  LEFT JOIN bp.area ar ON ar.code = r.area_code AND ar.indeling_year = r.indeling_year "
		" ORDER BY coalesce(v.title, r.variable_code), r.area_code, r.period", 5, p, a, s, err);
#undef CELL
#undef EN
}

/* Verdicts of interventions on the gemeente's areas that differ from the previous published run's;
 * the verdict texts (the engine's, bp_verdict_text) in L from the catalogue. */
static bp_rc verdicts(PGconn *conn, const char *run, const char *prev, const char *gemeente, bp_lang L, bp_arena *a,
                      section *s, bp_error *err)
{
	const char *p[] = { run, prev, gemeente, bp_lang_code(L) };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT coalesce(iv.name, c.intervention_id) || ', ' || " TITLE_L("i", "c.indicator_id", "4") " || ', ' "
		"       || coalesce(ar.name, c.area_code) || ' (' || c.area_code || ')', p.verdict_text, c.verdict_text "
		"  FROM bp.run_verdict c "
		"  JOIN bp.run_verdict p ON p.run_id = $2::bigint AND p.intervention_id = c.intervention_id "
		"   AND p.indicator_id = c.indicator_id AND p.area_code = c.area_code "
		"  JOIN LATERAL (SELECT name, gemeente_code FROM bp.area WHERE code = c.area_code "
		"                 ORDER BY indeling_year DESC LIMIT 1) ar ON true "
		"  LEFT JOIN bp.intervention iv ON iv.id = c.intervention_id AND iv.valid_to IS NULL "
		"  LEFT JOIN bp.indicator i ON i.id = c.indicator_id "
		" WHERE c.run_id = $1::bigint AND ar.gemeente_code = $3 AND p.verdict <> c.verdict "
		" ORDER BY 1", 4, p, &r, err);
	if (rc)
		return rc;
	s->n = PQntuples(r);
	s->lines = bp_arena_alloc(a, ((size_t)s->n + 1) * sizeof(*s->lines));
	for (int i = 0; i < s->n; i++)
		s->lines[i] = bp_arena_printf(a, L == BP_LANG_EN ? "%s: was %s, now %s" : "%s: was %s, nu %s",
		                              PQgetvalue(r, i, 0), bp_tr(L, PQgetvalue(r, i, 1)),
		                              bp_tr(L, PQgetvalue(r, i, 2)));
	PQclear(r);
	return BP_OK;
}

typedef struct moved {
	double z;
	const char *line;
} moved;

static int by_abs_z(const void *x, const void *y)
{
	double a = fabs(((const moved *)x)->z), b = fabs(((const moved *)y)->z);
	return a < b ? 1 : a > b ? -1 : 0;
}

/* "23,4 %" ("23.4 %" in English), or "–" for NULL. */
static const char *figure(bp_arena *a, bp_lang L, PGresult *r, int row, int col, int decimals, const char *unit)
{
	if (PQgetisnull(r, row, col))
		return "–";
	char buf[64];
	bp_numfmt(L, buf, sizeof(buf), atof(PQgetvalue(r, row, col)), decimals);
	return bp_arena_printf(a, "%s%s%s", buf, *unit ? " " : "", unit);
}

/* " (95%-interval 21,0–25,8)" (" (95% interval 21.0–25.8)"), or "" without one. */
static const char *interval(bp_arena *a, bp_lang L, PGresult *r, int row, int col, int decimals)
{
	if (PQgetisnull(r, row, col) || PQgetisnull(r, row, col + 1))
		return "";
	char lo[64], hi[64];
	bp_numfmt(L, lo, sizeof(lo), atof(PQgetvalue(r, row, col)), decimals);
	bp_numfmt(L, hi, sizeof(hi), atof(PQgetvalue(r, row, col + 1)), decimals);
	return bp_arena_printf(a, L == BP_LANG_EN ? " (95%% interval %s–%s)" : " (95%%-interval %s–%s)", lo, hi);
}

static double cell(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NAN : atof(PQgetvalue(r, row, col));
}

/*
 * The values of the gemeente's areas that moved since the previous
 * published run (bp.run_value, sql/025) by more than chance, with the
 * engine's test (bp_change_z, the test of the change since the previous
 * period), most significant first; with the interval of both and the
 * gemeente's and Nederland's value as references.  Changes that cannot be
 * tested (no interval) or are within chance are counted in the note.
 */
static bp_rc value_changes(PGconn *conn, const char *run, const char *prev, const char *gemeente,
                           const char *gemeente_name, bp_lang L, bp_arena *a, section *s, bp_error *err)
{
	const char *p[] = { run, prev, gemeente, bp_lang_code(L) };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT " TITLE_L("i", "c.indicator_id", "4") ", coalesce(i.unit, ''), coalesce(i.decimals, 1), "
		"       coalesce(ar.name, c.area_code), c.area_code, "
		"       c.period, c.value, c.ci_low, c.ci_high, p.period, p.value, p.ci_low, p.ci_high, "
		"       g.value, nl.value, "
		"       (SELECT count(*) FROM bp.run_value q WHERE q.run_id = $2::bigint AND q.gemeente_code = $3) "
		"  FROM bp.run_value c "
		"  JOIN bp.run_value p ON p.run_id = $2::bigint AND p.gemeente_code = c.gemeente_code "
		"   AND p.indicator_id = c.indicator_id AND p.area_code = c.area_code "
		"  LEFT JOIN bp.indicator i ON i.id = c.indicator_id "
		"  LEFT JOIN bp.area ar ON ar.code = c.area_code AND ar.indeling_year = c.indeling_year "
		"  LEFT JOIN bp.run_value g ON g.run_id = c.run_id AND g.gemeente_code = c.gemeente_code "
		"   AND g.indicator_id = c.indicator_id AND g.area_code = c.gemeente_code AND g.period = c.period "
		"   AND c.area_code <> c.gemeente_code "
		"  LEFT JOIN bp.indicator_value nl ON nl.indicator_id = c.indicator_id AND nl.area_code = 'NL00' "
		"   AND nl.indeling_year = c.indeling_year AND nl.period = c.period "
		" WHERE c.run_id = $1::bigint AND c.gemeente_code = $3 "
		"   AND (c.period <> p.period OR c.value <> p.value) "
		" ORDER BY 1, c.area_code", 4, p, &r, err);
	if (rc)
		return rc;
	int n = PQntuples(r), untested = 0, chance = 0;
	moved *m = bp_arena_alloc(a, ((size_t)n + 1) * sizeof(*m));
	s->n = 0;
	for (int i = 0; i < n; i++) {
		double v = cell(r, i, 6), pv = cell(r, i, 10), z;
		if (!bp_change_z(v, bp_change_se(cell(r, i, 7), cell(r, i, 8)), pv,
		                 bp_change_se(cell(r, i, 11), cell(r, i, 12)), &z)) {
			untested++;
			continue;
		}
		if (fabs(z) <= BP_CHANGE_Z_CRITICAL) {
			chance++;
			continue;
		}
		int dec = 1;   /* an indicator no longer defined: one decimal */
		bp_error unread = { 0 };
		if (!PQgetisnull(r, i, 2) && bp_pg_int(r, i, 2, &dec, &unread))
			dec = 1;
		const char *unit = bp_tr(L, PQgetvalue(r, i, 1));
		char d[64], zs[64];
		bp_numfmt(L, d, sizeof(d), v - pv, dec);
		bp_numfmt(L, zs, sizeof(zs), z, 2);
		const char *nl_word = L == BP_LANG_EN ? "the Netherlands" : "Nederland";
		const char *refs = PQgetisnull(r, i, 13)
			? bp_arena_printf(a, "%s %s", nl_word, figure(a, L, r, i, 14, dec, unit))
			: bp_arena_printf(a, "%s %s, %s %s", gemeente_name, figure(a, L, r, i, 13, dec, unit), nl_word,
			                  figure(a, L, r, i, 14, dec, unit));
		m[s->n].z = z;
		m[s->n++].line = bp_arena_printf(a, L == BP_LANG_EN
		                                 ? "%s, %s (%s): %s%s in %s, was %s%s in %s; change %s%s (z = %s); "
		                                   "for comparison %s in %s"
		                                 : "%s, %s (%s): %s%s in %s, was %s%s in %s; verschil %s%s (z = %s); "
		                                   "ter vergelijking %s in %s",
		                                 PQgetvalue(r, i, 0), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4),
		                                 figure(a, L, r, i, 6, dec, unit), interval(a, L, r, i, 7, dec),
		                                 PQgetvalue(r, i, 5), figure(a, L, r, i, 10, dec, unit),
		                                 interval(a, L, r, i, 11, dec), PQgetvalue(r, i, 9),
		                                 v > pv && strpbrk(d, "123456789") ? "+" : "", d, zs, refs,
		                                 PQgetvalue(r, i, 5));
	}
	qsort(m, (size_t)s->n, sizeof(*m), by_abs_z);
	s->lines = bp_arena_alloc(a, ((size_t)s->n + 1) * sizeof(*s->lines));
	for (int i = 0; i < s->n; i++)
		s->lines[i] = m[i].line;
	/* Counted, not listed; the count's verb and noun singular or plural. */
	if (chance)
		s->note = L == BP_LANG_EN
			? bp_arena_printf(a, "%d more %s changed within the margin of chance.", chance,
			                  chance == 1 ? "value" : "values")
			: bp_arena_printf(a, "Verder %s %d %s binnen de toevalsmarge.", chance == 1 ? "veranderde" : "veranderden",
			                  chance, chance == 1 ? "waarde" : "waarden");
	if (untested) {
		const char *more = L == BP_LANG_EN
			? bp_arena_printf(a, "%d more %s changed without an interval: whether that change is more than "
			                  "chance cannot be tested.", untested, untested == 1 ? "value" : "values")
			: bp_arena_printf(a, "Verder %s %d %s zonder interval: of dat verschil meer is dan toeval, valt niet "
			                  "te toetsen.", untested == 1 ? "veranderde" : "veranderden", untested,
			                  untested == 1 ? "waarde" : "waarden");
		s->note = s->note ? bp_arena_printf(a, "%s %s", s->note, more) : more;
	}
	/* A run from before the snapshots (or one without values) has nothing to compare with. */
	if (n == 0 && !strcmp(PQntuples(r) ? PQgetvalue(r, 0, 15) : "0", "0"))
		s->empty = "niet te vergelijken: de vorige gepubliceerde run bewaarde geen waarden";
	PQclear(r);
	return BP_OK;
}

bp_rc bp_digest_write(PGconn *conn, long run_id, const char *monitor, const char *gemeente, const char *dir,
                      bp_lang L, bp_arena *a, bp_digest *out, bp_error *err)
{
	char id[32];
	snprintf(id, sizeof(id), "%ld", run_id);
	memset(out, 0, sizeof(*out));
	enum { NEW, STALE, REVISED, VALUES, INTO, OUT_OF, VERDICTS, N_SECTIONS };
	section sec[N_SECTIONS] = {
		[NEW] = { "Nieuwe bronnen en perioden", "geen", NULL, 0, NULL },
		[STALE] = { "Verouderde bronnen (de laatste poging mislukte)", NULL, NULL, 0, NULL },
		[REVISED] = { "Herziene cijfers (een nieuwe versie van dezelfde tabel)", "geen", NULL, 0, NULL },
		[VALUES] = { "Waarden die meer dan toevallig veranderden", "geen", NULL, 0, NULL },
		[INTO] = { "In het slechtste tiende gekomen", "geen", NULL, 0, NULL },
		[OUT_OF] = { "Uit het slechtste tiende gegaan", "geen", NULL, 0, NULL },
		[VERDICTS] = { "Interventies met een ander oordeel", "geen", NULL, 0, NULL },
	};
	PGresult *head = NULL;
	bp_buf txt;
	bp_html html;
	bp_buf_init(&txt);
	bp_html_init(&html);
	const char *ph[] = { id, monitor, gemeente, bp_lang_code(L) };
	/* This run, the gemeente's name, and the previous published run of the monitor. */
	bp_rc rc = bp_pg_query(conn,
		"SELECT " DATE_L("r.started_at", "4") ", "
		"       coalesce((SELECT name FROM bp.area WHERE code = $3 ORDER BY indeling_year DESC LIMIT 1), $3), "
		"       p.id, " DATE_L("p.started_at", "4") " "
		"  FROM bp.run r LEFT JOIN LATERAL (SELECT id, started_at FROM bp.run x WHERE x.monitor = $2 "
		"         AND x.id < r.id AND x.exit_status IN (0, 3) ORDER BY x.id DESC LIMIT 1) p ON true "
		" WHERE r.id = $1::bigint", 4, ph, &head, err);
	if (rc)
		goto out;
	if (PQntuples(head) != 1) {
		rc = bp_fail(err, BP_ERR_INTERNAL, "digest: run %ld is not recorded", run_id);
		goto out;
	}
	const char *prev = PQgetisnull(head, 0, 2) ? NULL : PQgetvalue(head, 0, 2);
	const char *name = PQgetvalue(head, 0, 1);
	const char *ps[] = { id, gemeente, bp_lang_code(L) };
	const char *pl[] = { id, bp_lang_code(L) };
	/* Sources loaded by this run with their periods in the gemeente; a period no other
	 * vintage of the same table has there is new. */
	if ((rc = query_lines(conn,
		"SELECT s.publisher || ', ' || s.title || coalesce(' (' || s.table_id || ')', '') || "
		"       coalesce(': ' || (SELECT string_agg(x.period || CASE WHEN NOT x.new THEN '' "
		"                                                         WHEN $3 = 'en' THEN ' (new)' ELSE ' (nieuw)' END, ', ' "
		"                                          ORDER BY x.period) "
		"          FROM (SELECT DISTINCT o.period, NOT EXISTS (SELECT 1 FROM bp.observation_all q "
		"                       JOIN bp.source t ON t.id = q.source_id "
		"                      WHERE q.gemeente_code = $2 AND q.period = o.period AND t.id <> s.id "
		"                        AND t.publisher = s.publisher "
		"                        AND coalesce(t.table_id, t.title) = coalesce(s.table_id, s.title)) AS new "
		"                  FROM bp.observation_all o WHERE o.source_id = s.id AND o.gemeente_code = $2) x), '') "
		"  FROM bp.run_source rs JOIN bp.source s ON s.id = rs.source_id "
		" WHERE rs.run_id = $1::bigint AND rs.status = 'fetched' ORDER BY rs.seq", 3, ps, a, &sec[NEW], err)) ||
	    (rc = query_lines(conn,
		"SELECT s.publisher || ', ' || s.title || coalesce(' (' || s.table_id || ')', '') || ': ' || "
		"       " BP_SQL_STALE_NOTE("st", "$2") " "
		"  FROM bp.run_source rs JOIN bp.source s ON s.id = rs.source_id "
		"  JOIN bp.source_stale st ON st.source_id = s.id "
		" WHERE rs.run_id = $1::bigint AND rs.status = 'stale' ORDER BY rs.seq", 2, pl, a, &sec[STALE], err)) ||
	    (rc = revisions(conn, id, prev, monitor, gemeente, L, a, &sec[REVISED], err)))
		goto out;
	if (prev && ((rc = value_changes(conn, id, prev, gemeente, name, L, a, &sec[VALUES], err)) ||
	             (rc = decile_moves(conn, id, prev, gemeente, L, a, &sec[INTO], err)) ||
	             (rc = decile_moves(conn, prev, id, gemeente, L, a, &sec[OUT_OF], err)) ||
	             (rc = verdicts(conn, id, prev, gemeente, L, a, &sec[VERDICTS], err))))
		goto out;

	const char *since;
	if (prev)
		since = bp_arena_printf(a, L == BP_LANG_EN
		                        ? "Run %ld of %s, compared with the previous published run (%s of %s)."
		                        : "Run %ld van %s, vergeleken met de vorige gepubliceerde run (%s van %s).",
		                        run_id, PQgetvalue(head, 0, 0), prev, PQgetvalue(head, 0, 3));
	else
		since = bp_arena_printf(a, L == BP_LANG_EN
		                        ? "Run %ld of %s. There is no earlier published run to compare with; the next "
		                          "digest names what changes until then."
		                        : "Run %ld van %s. Er is geen eerdere gepubliceerde run om mee te vergelijken; "
		                          "de volgende samenvatting noemt wat er tot dan verandert.",
		                        run_id, PQgetvalue(head, 0, 0));
	const char *title = bp_arena_printf(a, L == BP_LANG_EN ? "What changed: %s (%s)" : "Wat is er veranderd: %s (%s)",
	                                    name, gemeente);
	bp_buf_printf(&txt, "%s\n%s\n", title, since);
	bp_html_page page = { BP_HTML_REPORT, title };
	page.lang = L;
	bp_html_page_begin(&html, &page);
	bp_html_printf(&html, "<h1>%s</h1>\n<p>%s</p>\n", title, since);
	/* Without an earlier run only what this run loaded can be news. */
	for (int i = 0; i < N_SECTIONS; i++)
		if (prev || i == NEW || i == STALE || i == REVISED)
			add_section(&txt, &html, &sec[i], L, &out->changes);
	bp_html_page_end(&html, &page, NULL, NULL);

	out->txt_path = bp_arena_printf(a, "%s/%s-wijzigingen.txt", dir, gemeente);
	out->html_path = bp_arena_printf(a, "%s/%s-wijzigingen.html", dir, gemeente);
	if ((rc = bp_mkdir_p(dir, 0755, err)) ||
	    (rc = bp_file_write_atomic(out->txt_path, txt.data, txt.len, err)) ||
	    (rc = bp_html_write(&html, out->html_path, err)))
		goto out;
out:
	PQclear(head);
	bp_buf_release(&txt);
	bp_html_release(&html);
	return rc;
}
