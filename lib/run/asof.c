#include "run/asof.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "db/migrate.h"
#include "db/pgutil.h"

/*
 * The inputs, parents before children (the foreign keys are checked as each
 * COPY ends), each with the rows it keeps: a vintage's rows only when the
 * vintage was loaded on or before the date (pg_temp.asof_source, filled on
 * the copying session).
 */
#define ASOF_SOURCES "(SELECT id FROM pg_temp.asof_source)"
#define ASOF_SURVEYS "(SELECT id FROM bp.survey WHERE source_id IN " ASOF_SOURCES ")"
static const struct {
	const char *table;
	const char *where;  /* NULL: every row */
} copied[] = {
	{ "bp.variable", NULL },
	{ "bp.variable_label", NULL },
	{ "bp.indeling_gemeenten", NULL },
	{ "bp.source", "id IN " ASOF_SOURCES },
	{ "bp.area", NULL },   /* areas are no vintage: an area loaded later has no figures then */
	{ "bp.source_column", "source_id IN " ASOF_SOURCES },
	{ "bp.observation_row", "source_id IN " ASOF_SOURCES },
	{ "bp.observation", "source_id IN " ASOF_SOURCES },
	{ "bp.observation_interval", "source_id IN " ASOF_SOURCES },
	{ "bp.area_geometry", "source_id IN " ASOF_SOURCES },
	{ "bp.custom_area", NULL },
	{ "bp.custom_area_member", NULL },
	{ "bp.custom_reference", NULL },
	{ "bp.crosswalk", NULL },
	{ "bp.crosswalk_share", NULL },
	/* A drawn area's shares, like a crosswalk's, are of the borders as loaded now. */
	{ "bp.custom_area_polygon", NULL },
	{ "bp.custom_area_overlay", NULL },
	{ "bp.custom_area_overlay_share", NULL },
	{ "bp.survey", "source_id IN " ASOF_SOURCES },
	{ "bp.survey_question", "survey_id IN " ASOF_SURVEYS },
	{ "bp.survey_category", "survey_id IN " ASOF_SURVEYS },
	{ "bp.survey_aggregate", "survey_id IN " ASOF_SURVEYS },
	{ "bp.intervention", NULL },
	{ "bp.intervention_target", NULL },
	{ "bp.intervention_indicator", NULL },
	{ "bp.experience", "source_id IN " ASOF_SOURCES },
};

/* Made again by compute in the scratch database, or the live database's own record. */
static const char *const derived[] = {
	"indicator", "indicator_value", "indicator_value_translated", "comparison_basis", "comparison_rank",
	"comparison_scope", "composite_component", "composite_score", "similar_area", "similar_area_basis",
	"similar_area_pool",
	"bulk_pending", "intervention_effect", "intervention_effect_balance", "intervention_effect_related",
	"schema_migration",
	"run", "run_step", "run_source", "run_flag", "run_value", "run_verdict",
};

/* Every table of schema bp is copied or derived: BP_ERR_INTERNAL names one that is neither. */
static bp_rc check_tables(PGconn *conn, bp_arena *a, bp_error *err)
{
	const char *names[sizeof(copied) / sizeof(copied[0]) + sizeof(derived) / sizeof(derived[0])];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++)
		names[n++] = copied[i].table + 3;
	for (size_t i = 0; i < sizeof(derived) / sizeof(derived[0]); i++)
		names[n++] = derived[i];
	const char *p[] = { bp_pg_text_array(a, names, n) };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, "SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c "
	                             "  JOIN pg_namespace s ON s.oid = c.relnamespace "
	                             " WHERE s.nspname = 'bp' AND c.relkind IN ('r', 'p') "
	                             "   AND c.relname <> ALL ($1::text[])", 1, p, &r, err);
	if (!rc && !PQgetisnull(r, 0, 0))
		rc = bp_fail(err, BP_ERR_INTERNAL, "--as-of does not know what to do with table(s) bp.%s",
		             PQgetvalue(r, 0, 0));
	if (rc == BP_ERR_INTERNAL)
		bp_error_hint(err, "list each table in lib/run/asof.c as copied (an input) or derived (recomputed)");
	PQclear(r);
	return rc;
}

/* One table from src into dst, streamed through this process. */
static bp_rc copy_table(PGconn *src, PGconn *dst, const char *table, const char *where, bp_error *err)
{
	char out_sql[512], in_sql[128];
	snprintf(out_sql, sizeof(out_sql), "COPY (SELECT * FROM %s%s%s) TO STDOUT (FORMAT binary)", table,
	         where ? " WHERE " : "", where ? where : "");
	snprintf(in_sql, sizeof(in_sql), "COPY %s FROM STDIN (FORMAT binary)", table);
	bp_rc rc = BP_OK;
	PGresult *r = PQexec(dst, in_sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = bp_pg_fail(err, dst, r, "as-of: cannot copy into the scratch database");
		PQclear(r);
		return rc;
	}
	PQclear(r);
	r = PQexec(src, out_sql);
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		rc = bp_pg_fail(err, src, r, "as-of: cannot read the live database");
		PQclear(r);
		PQputCopyEnd(dst, "source failed");
		PQclear(PQgetResult(dst));
		return rc;
	}
	PQclear(r);
	char *buf;
	int n;
	while ((n = PQgetCopyData(src, &buf, 0)) > 0) {
		int ok = PQputCopyData(dst, buf, n) == 1;
		PQfreemem(buf);
		if (!ok && !rc)
			rc = bp_pg_fail(err, dst, NULL, "as-of: copying into the scratch database failed");
	}
	while ((r = PQgetResult(src))) {
		if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = bp_pg_fail(err, src, r, "as-of: reading the live database failed");
		PQclear(r);
	}
	PQputCopyEnd(dst, rc ? "source failed" : NULL);
	while ((r = PQgetResult(dst))) {
		if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = bp_pg_fail(err, dst, r, "as-of: writing the scratch database failed");
		PQclear(r);
	}
	if (rc)
		bp_error_detail(err, "table %s", table);
	return rc;
}

int bp_asof_date_shaped(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* Scratch databases of as-of runs that ended without dropping theirs: nobody is connected to them. */
static void drop_leftovers(PGconn *conn)
{
	PGresult *r = PQexec(conn, "SELECT quote_ident(d.datname) FROM pg_database d "
	                           " WHERE d.datname ~ '^buurtpeil_asof_[0-9]+$' "
	                           "   AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)");
	for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r); i++) {
		char sql[160];
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", PQgetvalue(r, i, 0));
		PQclear(PQexec(conn, sql));   /* one still in use stays; it is not ours to force */
	}
	PQclear(r);
}

/* "k='v' k='v'": the scratch connection's own parameters, for bp_db_connect. */
static void conninfo_of(PGconn *conn, char *out, size_t size)
{
	PQconninfoOption *o = PQconninfo(conn);
	bp_buf b;
	bp_buf_init(&b);
	for (PQconninfoOption *x = o; x && x->keyword; x++) {
		if (!x->val || !x->val[0])
			continue;
		bp_buf_printf(&b, "%s%s='", b.len ? " " : "", x->keyword);
		for (const char *c = x->val; *c; c++)
			bp_buf_printf(&b, "%s%c", *c == '\'' || *c == '\\' ? "\\" : "", *c);
		bp_buf_adds(&b, "'");
	}
	snprintf(out, size, "%s", b.len ? b.data : "");
	bp_buf_release(&b);
	PQconninfoFree(o);
}

static bp_rc make_scratch(PGconn *src, const bp_db *live, bp_asof *s, bp_error *err)
{
	PGresult *r = NULL;
	/* The live database's encoding and collation: the same text order as the figures it made. */
	bp_rc rc = bp_pg_query(src, "SELECT 'CREATE DATABASE ' || quote_ident($1) || ' TEMPLATE template0 ENCODING ' "
	                            "       || quote_literal(pg_encoding_to_char(encoding)) || ' LC_COLLATE ' "
	                            "       || quote_literal(datcollate) || ' LC_CTYPE ' || quote_literal(datctype) "
	                            "  FROM pg_database WHERE datname = current_database()",
	                       1, (const char *[]){ s->name }, &r, err);
	if (!rc)
		rc = bp_pg_exec(src, PQgetvalue(r, 0, 0), err);
	PQclear(r);
	if (rc) {
		s->name[0] = 0;
		bp_error_hint(err, "--as-of computes in a scratch database of its own: the user needs CREATEDB");
		return rc;
	}
	const char *keys[] = { "dbname", "dbname", NULL }, *vals[] = { live->conninfo, s->name, NULL };
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(conn) != CONNECTION_OK) {
		rc = bp_pg_fail(err, conn, NULL, "as-of: cannot connect to the scratch database");
		PQfinish(conn);
		return rc;
	}
	s->db = *live;
	s->db.conn = NULL;
	conninfo_of(conn, s->db.conninfo, sizeof(s->db.conninfo));
	snprintf(s->db.description, sizeof(s->db.description), "scratch database %s (--as-of)", s->name);
	PQfinish(conn);
	if ((rc = bp_db_connect(&s->db, &s->db.conn, err)) || (rc = bp_migrate(s->db.conn, NULL, err)))
		return rc;
	/* The migrations seed some inputs (variables, labels, gemeenten per indeling): the live rows replace them. */
	bp_buf t;
	bp_buf_init(&t);
	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++)
		bp_buf_printf(&t, "%s%s", i ? ", " : "TRUNCATE ", copied[i].table);
	bp_buf_adds(&t, " CASCADE");
	rc = bp_pg_exec(s->db.conn, t.data, err);
	bp_buf_release(&t);
	for (size_t i = 0; !rc && i < sizeof(copied) / sizeof(copied[0]); i++)
		rc = copy_table(src, s->db.conn, copied[i].table, copied[i].where, err);
	return rc;
}

bp_rc bp_asof_open(const bp_db *live, const char *date, const bp_pipeline_input *in, bp_arena *a, bp_asof *s,
                   bp_error *err)
{
	memset(s, 0, sizeof(*s));
	s->live_conninfo = live->conninfo;
	if (!bp_asof_date_shaped(date)) {
		bp_fail(err, BP_ERR_USAGE, "--as-of '%s' is not a date", date);
		bp_error_hint(err, "write it as YYYY-MM-DD, e.g. --as-of 2026-03-15");
		return BP_ERR_USAGE;
	}
	PGconn *src = NULL;
	PGresult *r = NULL;
	bp_rc rc;
	if ((rc = check_tables(live->conn, a, err)) || (rc = bp_db_connect(live, &src, err)))
		return rc;
	drop_leftovers(src);
	/* The vintages loaded by the end of the day (the server's time zone, as every date it writes). */
	if ((rc = bp_pg_exec(src, "CREATE TEMP TABLE asof_source (id bigint PRIMARY KEY)", err)) ||
	    (rc = bp_pg_query(src, "WITH d AS (SELECT $1::date AS day), "
	                           "     i AS (INSERT INTO pg_temp.asof_source SELECT s.id FROM bp.source s, d "
	                           "             WHERE s.retrieved_at < (d.day + 1)::timestamptz RETURNING 1) "
	                           "SELECT (SELECT count(*) FROM i), 'Stand van ' || bp.dutch_date(day) "
	                           "       || ': de cijfers zoals ze op die dag bekend waren (de bronnen die buurtpeil "
	                           "toen had geladen).' FROM d",
	                      1, (const char *[]){ date }, &r, err)) ||
	    (rc = bp_pg_long(r, 0, 0, &s->sources, err)))
		goto out;
	s->label = bp_arena_strdup(a, PQgetvalue(r, 0, 1));
	if (s->sources == 0) {
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "no source had been loaded on %s", date);
		bp_error_hint(err, "'buurtpeil runs' and the table bp.source (retrieved_at) say when each was loaded");
		goto out;
	}
	snprintf(s->name, sizeof(s->name), "buurtpeil_asof_%ld", (long)getpid());
	if ((rc = make_scratch(src, live, s, err)))
		goto out;
	PGconn *helper = NULL;
	bp_error ignored = { 0 };   /* no second connection: the stages run one after another */
	if (bp_db_connect(&s->db, &helper, &ignored))
		helper = NULL;
	bp_pipeline_input pin = *in;
	pin.force = 1;
	rc = bp_compute_pipeline(s->db.conn, helper, &pin, &s->pipeline, err);
	if (helper)
		PQfinish(helper);
out:
	PQclear(r);
	PQfinish(src);
	if (rc)
		bp_asof_close(live, s);
	return rc;
}

void bp_asof_close(const bp_db *live, bp_asof *s)
{
	bp_db_close(&s->db);
	if (!s->name[0])
		return;
	PGconn *conn = NULL;
	bp_error ignored = { 0 };   /* the next as-of drops a database this could not */
	if (!bp_db_connect(live, &conn, &ignored)) {
		char sql[160];
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", s->name);
		bp_rc_ignore(bp_pg_exec(conn, sql, &ignored));
		PQfinish(conn);
	}
	s->name[0] = 0;
}
