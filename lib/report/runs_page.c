#include "report/runs_page.h"

#include <stdio.h>
#include <string.h>

#include "db/pgutil.h"
#include "report/html.h"

/* What a run's exit status means, in the words of the README (Dutch; bp_tr gives the English). */
static const char *outcome(PGresult *r, int i)
{
	if (PQgetisnull(r, i, 3))
		return "afgebroken of nog bezig";
	const char *s = PQgetvalue(r, i, 4);
	return !strcmp(s, "0") ? "gelukt, alle bronnen actueel"
	     : !strcmp(s, "3") ? "gepubliceerd, met verouderde bronnen"
	                       : "mislukt";
}

static const char *status_nl(const char *s)
{
	return !strcmp(s, "fetched") ? "opgehaald" : !strcmp(s, "unchanged") ? "ongewijzigd"
	     : !strcmp(s, "stale") ? "verouderd" : "mislukt";
}

bp_rc bp_report_runs_page(PGconn *conn, const char *monitor, int last, const char *path, bp_lang lang,
                          bp_error *err)
{
	const bp_lang L = lang;
	char n[16];
	snprintf(n, sizeof(n), "%d", last);
	const char *p[] = { monitor, n };
	PGresult *runs = NULL, *steps = NULL, *srcs = NULL;
	/* The runs, then their stages and sources, each ordered by run so one pass reads them. */
	bp_rc rc = bp_pg_query(conn,
		"SELECT id, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS'), "
		"       coalesce(to_char(ended_at, 'YYYY-MM-DD HH24:MI:SS'), ''), ended_at, exit_status, "
		"       coalesce(split_part(error, E'\\n', 1), '') "
		"  FROM bp.run WHERE monitor = $1 ORDER BY id DESC LIMIT $2::int", 2, p, &runs, err);
	if (!rc)
		rc = bp_pg_query(conn,
			"SELECT s.run_id, s.stage, to_char(s.seconds, 'FM999990.0'), s.summary FROM bp.run_step s "
			" WHERE s.run_id IN (SELECT id FROM bp.run WHERE monitor = $1 ORDER BY id DESC LIMIT $2::int) "
			" ORDER BY s.run_id DESC, s.seq", 2, p, &steps, err);
	if (!rc)
		rc = bp_pg_query(conn,
			"SELECT s.run_id, s.source_key, s.status, coalesce(split_part(s.error, E'\\n', 1), '') "
			"  FROM bp.run_source s "
			" WHERE s.run_id IN (SELECT id FROM bp.run WHERE monitor = $1 ORDER BY id DESC LIMIT $2::int) "
			" ORDER BY s.run_id DESC, s.seq", 2, p, &srcs, err);
	if (rc)
		goto out;
	bp_html h;
	bp_html_init(&h);
	bp_html_page page = { BP_HTML_REPORT, bp_tr(L, "Verloop van de runs"), L };
	bp_html_page_begin(&h, &page);
	bp_html_printf_l(&h, L, "<h1>Verloop van de runs: %s</h1>\n<p>Voor beheerders, niet voor publicatie. "
	                        "De laatste %d runs, nieuwste eerst; <code>buurtpeil runs</code> toont hetzelfde.</p>\n",
	                 "<h1>The runs: %s</h1>\n<p>For maintainers, not for publication. "
	                 "The last %d runs, newest first; <code>buurtpeil runs</code> shows the same.</p>\n",
	                 monitor, last);
	int js = 0, jr = 0;
	for (int i = 0; i < PQntuples(runs); i++) {
		const char *id = PQgetvalue(runs, i, 0);
		bp_html_printf_l(&h, L, "<section>\n<h2>Run %s</h2>\n<p>Begin %s; einde %s; uitkomst: %s.</p>\n",
		                 "<section>\n<h2>Run %s</h2>\n<p>Start %s; end %s; outcome: %s.</p>\n", id,
		                 PQgetvalue(runs, i, 1), PQgetisnull(runs, i, 3) ? bp_tr(L, "geen") : PQgetvalue(runs, i, 2),
		                 bp_tr(L, outcome(runs, i)));
		if (PQgetvalue(runs, i, 5)[0])
			bp_html_printf_l(&h, L, "<p>Fout: %s</p>\n", "<p>Error: %s</p>\n", PQgetvalue(runs, i, 5));
		bp_html_tr(&h, L, "<table>\n<caption>Stappen</caption>\n<tr><th scope=\"col\">Stap</th>"
		                  "<th scope=\"col\">Duur (s)</th><th scope=\"col\">Wat de stap meldde</th></tr>\n");
		for (; js < PQntuples(steps) && !strcmp(PQgetvalue(steps, js, 0), id); js++)
			bp_html_printf(&h, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", PQgetvalue(steps, js, 1),
			               PQgetvalue(steps, js, 2), PQgetvalue(steps, js, 3));
		bp_html_tr(&h, L, "</table>\n<table>\n<caption>Bronnen</caption>\n<tr><th scope=\"col\">Bron</th>"
		                  "<th scope=\"col\">Toestand</th><th scope=\"col\">Fout</th></tr>\n");
		for (; jr < PQntuples(srcs) && !strcmp(PQgetvalue(srcs, jr, 0), id); jr++)
			bp_html_printf(&h, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", PQgetvalue(srcs, jr, 1),
			               bp_tr(L, status_nl(PQgetvalue(srcs, jr, 2))), PQgetvalue(srcs, jr, 3));
		bp_html_lit(&h, "</table>\n</section>\n");
	}
	bp_html_page_end(&h, &page, NULL, NULL);
	rc = bp_html_write(&h, path, err);
	bp_html_release(&h);
out:
	PQclear(runs);
	PQclear(steps);
	PQclear(srcs);
	return rc;
}
