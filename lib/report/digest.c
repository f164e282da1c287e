#include "report/digest.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "report/html.h"

/* One section: a heading and its lines, written as text and as HTML. */
typedef struct section {
	const char *title;
	const char *empty;      /* the line when there is none; NULL: the section is left out */
	PGresult *rows;         /* column 0: the line */
} section;

static void add_section(bp_buf *txt, bp_html *html, const section *s, long *changes)
{
	int n = s->rows ? PQntuples(s->rows) : 0;
	if (n == 0 && !s->empty)
		return;
	bp_buf_printf(txt, "\n%s\n", s->title);
	bp_html_printf(html, "<h2>%s</h2>\n<ul>\n", s->title);
	if (n == 0) {
		bp_buf_printf(txt, "- %s\n", s->empty);
		bp_html_printf(html, "<li>%s</li>\n", s->empty);
	}
	for (int i = 0; i < n; i++) {
		bp_buf_printf(txt, "- %s\n", PQgetvalue(s->rows, i, 0));
		bp_html_printf(html, "<li>%s</li>\n", PQgetvalue(s->rows, i, 0));
	}
	bp_html_lit(html, "</ul>\n");
	*changes += n;
}

/* The areas in the worst decile in run a and not in run b (the same gemeente), as lines. */
static bp_rc decile_moves(PGconn *conn, const char *a_run, const char *b_run, const char *gemeente, PGresult **out,
                          bp_error *err)
{
	const char *p[] = { a_run, b_run, gemeente };
	return bp_pg_query(conn,
		"SELECT coalesce(ar.name, f.area_code) || ' (' || f.area_code || '): ' || coalesce(i.title_nl, f.indicator_id) "
		"       || ', ' || f.period "
		"  FROM bp.run_flag f "
		"  LEFT JOIN bp.indicator i ON i.id = f.indicator_id "
		"  LEFT JOIN LATERAL (SELECT name FROM bp.area WHERE code = f.area_code "
		"                      ORDER BY indeling_year DESC LIMIT 1) ar ON true "
		" WHERE f.run_id = $1::bigint AND f.gemeente_code = $3 "
		"   AND NOT EXISTS (SELECT 1 FROM bp.run_flag g WHERE g.run_id = $2::bigint AND g.gemeente_code = $3 "
		"                      AND g.indicator_id = f.indicator_id AND g.area_code = f.area_code) "
		" ORDER BY coalesce(i.title_nl, f.indicator_id), f.area_code", 3, p, out, err);
}

bp_rc bp_digest_write(PGconn *conn, long run_id, const char *monitor, const char *gemeente, const char *dir,
                      bp_arena *a, bp_digest *out, bp_error *err)
{
	char id[32];
	snprintf(id, sizeof(id), "%ld", run_id);
	memset(out, 0, sizeof(*out));
	section sec[4] = {
		{ "Nieuwe bronnen en perioden", "geen", NULL },
		{ "Verouderde bronnen (de laatste poging mislukte)", NULL, NULL },
		{ "In het slechtste tiende van Nederland gekomen", "geen", NULL },
		{ "Uit het slechtste tiende van Nederland gegaan", "geen", NULL },
	};
	PGresult *head = NULL;
	bp_buf txt;
	bp_html html;
	bp_buf_init(&txt);
	bp_html_init(&html);
	const char *ph[] = { id, monitor, gemeente };
	/* This run, the gemeente's name, and the previous published run of the monitor. */
	bp_rc rc = bp_pg_query(conn,
		"SELECT bp.dutch_date(r.started_at), "
		"       coalesce((SELECT name FROM bp.area WHERE code = $3 ORDER BY indeling_year DESC LIMIT 1), $3), "
		"       p.id, bp.dutch_date(p.started_at) "
		"  FROM bp.run r LEFT JOIN LATERAL (SELECT id, started_at FROM bp.run x WHERE x.monitor = $2 "
		"         AND x.id < r.id AND x.exit_status IN (0, 3) ORDER BY x.id DESC LIMIT 1) p ON true "
		" WHERE r.id = $1::bigint", 3, ph, &head, err);
	if (rc)
		goto out;
	if (PQntuples(head) != 1) {
		rc = bp_fail(err, BP_ERR_INTERNAL, "digest: run %ld is not recorded", run_id);
		goto out;
	}
	const char *prev = PQgetisnull(head, 0, 2) ? NULL : PQgetvalue(head, 0, 2);
	const char *ps[] = { id, gemeente };
	/* Sources loaded by this run with their periods in the gemeente; a period no other
	 * vintage of the same table has there is new. */
	if ((rc = bp_pg_query(conn,
		"SELECT s.publisher || ', ' || s.title || coalesce(' (' || s.table_id || ')', '') || "
		"       coalesce(': ' || (SELECT string_agg(x.period || CASE WHEN x.new THEN ' (nieuw)' ELSE '' END, ', ' "
		"                                          ORDER BY x.period) "
		"          FROM (SELECT DISTINCT o.period, NOT EXISTS (SELECT 1 FROM bp.observation_all q "
		"                       JOIN bp.source t ON t.id = q.source_id "
		"                      WHERE q.gemeente_code = $2 AND q.period = o.period AND t.id <> s.id "
		"                        AND t.publisher = s.publisher "
		"                        AND coalesce(t.table_id, t.title) = coalesce(s.table_id, s.title)) AS new "
		"                  FROM bp.observation_all o WHERE o.source_id = s.id AND o.gemeente_code = $2) x), '') "
		"  FROM bp.run_source rs JOIN bp.source s ON s.id = rs.source_id "
		" WHERE rs.run_id = $1::bigint AND rs.status = 'fetched' ORDER BY rs.seq", 2, ps, &sec[0].rows, err)) ||
	    (rc = bp_pg_query(conn,
		"SELECT s.publisher || ', ' || s.title || coalesce(' (' || s.table_id || ')', '') || ': ' || st.note "
		"  FROM bp.run_source rs JOIN bp.source s ON s.id = rs.source_id "
		"  JOIN bp.source_stale st ON st.source_id = s.id "
		" WHERE rs.run_id = $1::bigint AND rs.status = 'stale' ORDER BY rs.seq", 1, ps, &sec[1].rows, err)))
		goto out;
	if (prev && ((rc = decile_moves(conn, id, prev, gemeente, &sec[2].rows, err)) ||
	             (rc = decile_moves(conn, prev, id, gemeente, &sec[3].rows, err))))
		goto out;

	const char *name = PQgetvalue(head, 0, 1);
	char since[256];
	if (prev)
		snprintf(since, sizeof(since), "Run %ld van %s, vergeleken met de vorige gepubliceerde run (%s van %s).",
		         run_id, PQgetvalue(head, 0, 0), prev, PQgetvalue(head, 0, 3));
	else
		snprintf(since, sizeof(since), "Run %ld van %s. Er is geen eerdere gepubliceerde run om mee te vergelijken; "
		         "de volgende samenvatting noemt wat er tot dan verandert.", run_id, PQgetvalue(head, 0, 0));
	bp_buf_printf(&txt, "Wat is er veranderd: %s (%s)\n%s\n", name, gemeente, since);
	char title[256];
	snprintf(title, sizeof(title), "Wat is er veranderd: %s (%s)", name, gemeente);
	bp_html_page page = { BP_HTML_REPORT, title };
	bp_html_page_begin(&html, &page);
	bp_html_printf(&html, "<h1>%s</h1>\n<p>%s</p>\n", title, since);
	for (int i = 0; i < 4; i++)
		if (prev || i < 2)
			add_section(&txt, &html, &sec[i], &out->changes);
	bp_html_page_end(&html, &page, NULL, NULL);

	out->txt_path = bp_arena_printf(a, "%s/%s-wijzigingen.txt", dir, gemeente);
	out->html_path = bp_arena_printf(a, "%s/%s-wijzigingen.html", dir, gemeente);
	if ((rc = bp_mkdir_p(dir, 0755, err)) ||
	    (rc = bp_file_write_atomic(out->txt_path, txt.data, txt.len, err)) ||
	    (rc = bp_html_write(&html, out->html_path, err)))
		goto out;
out:
	for (int i = 0; i < 4; i++)
		PQclear(sec[i].rows);
	PQclear(head);
	bp_buf_release(&txt);
	bp_html_release(&html);
	return rc;
}
