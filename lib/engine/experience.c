/* experience.c: published experiences for pages and reports (see the header). */
#include "engine/experience.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/pgutil.h"

static const char *dup_or_null(bp_arena *a, const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : bp_arena_strdup(a, PQgetvalue(r, row, col));
}

bp_rc bp_experiences_query(PGconn *conn, const bp_experience_query *q, bp_arena *a,
                           bp_experience **out, size_t *n, bp_error *err)
{
	*out = NULL;
	*n = 0;
	/* Every filter is a parameter; absent ones are NULL and match everything,
	 * so one statement text serves all combinations. */
	char limit[32] = "";
	if (q->limit)
		snprintf(limit, sizeof(limit), "%zu", q->limit);
	const char *p[] = { q->area_code, q->gemeente_code, q->theme, q->intervention_id,
	                    q->from_date, q->to_date, q->limit ? limit : NULL };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT area_code, indeling_year, theme, to_char(date, 'YYYY-MM-DD'), role, kind, text, "
		"       rating, example, source_note, intervention_id "
		"  FROM bp.experience_published "
		" WHERE ($1::text IS NULL OR area_code = $1) "
		"   AND ($2::text IS NULL OR gemeente_code = $2) "
		"   AND ($3::text IS NULL OR theme = $3) "
		"   AND ($4::text IS NULL OR intervention_id = $4) "
		"   AND ($5::date IS NULL OR date >= $5::date) "
		"   AND ($6::date IS NULL OR date <= $6::date) "
		" ORDER BY date DESC, source_id, row_number "
		" LIMIT $7::bigint", 7, p, &r, err);
	if (rc)
		return rc;
	size_t rows = (size_t)PQntuples(r);
	if (rows) {
		bp_experience *e = bp_arena_alloc(a, rows * sizeof(*e));
		for (size_t i = 0; i < rows; i++) {
			int k = (int)i;
			e[i].area_code = bp_arena_strdup(a, PQgetvalue(r, k, 0));
			if ((rc = bp_pg_int(r, k, 1, &e[i].indeling_year, err))) {
				PQclear(r);
				return rc;
			}
			e[i].theme = bp_arena_strdup(a, PQgetvalue(r, k, 2));
			e[i].date = bp_arena_strdup(a, PQgetvalue(r, k, 3));
			e[i].role = bp_arena_strdup(a, PQgetvalue(r, k, 4));
			e[i].kind = bp_arena_strdup(a, PQgetvalue(r, k, 5));
			e[i].text = dup_or_null(a, r, k, 6);
			e[i].rating = bp_pg_int_or(r, k, 7, 0);   /* a story or quote has no rating: 0 */
			e[i].example = PQgetvalue(r, k, 8)[0] == 't';
			e[i].source_note = dup_or_null(a, r, k, 9);
			e[i].intervention_id = dup_or_null(a, r, k, 10);
		}
		*out = e;
		*n = rows;
	}
	PQclear(r);
	return BP_OK;
}

bp_rc bp_experiences_for(PGconn *conn, const char *area_code, const char *theme, bp_arena *a,
                         bp_experience **out, size_t *n, bp_error *err)
{
	bp_experience_query q = { .area_code = area_code, .theme = theme };
	return bp_experiences_query(conn, &q, a, out, n, err);
}

bp_rc bp_experience_rating_summary(PGconn *conn, const char *area_code, const char *theme,
                                   long *n, double *mean, bp_error *err)
{
	*n = 0;
	*mean = 0;
	const char *p[] = { area_code, theme };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT count(rating), coalesce(avg(rating), 0) FROM bp.experience_published "
		" WHERE ($1::text IS NULL OR area_code = $1) AND ($2::text IS NULL OR theme = $2)",
		2, p, &r, err);
	if (rc)
		return rc;
	int has;   /* the mean of no ratings is NULL: 0, as the header says */
	rc = bp_pg_long(r, 0, 0, n, err);
	*mean = bp_pg_double(r, 0, 1, &has);
	PQclear(r);
	return rc;
}

const char *bp_experience_kind_label(const char *kind)
{
	if (strcmp(kind, "story") == 0)
		return "verhaal";
	if (strcmp(kind, "quote") == 0)
		return "citaat";
	if (strcmp(kind, "rating") == 0)
		return "waardering";
	return kind;
}

const char *bp_experience_role_label(const char *role)
{
	/* The stored roles are already the Dutch words; kept a function so that
	 * a later English or plural form changes one place. */
	return role;
}
