/*
 * asof.h: reports as they were (`report`/`publish --as-of DATE`, issue 19
 * item 5): the figures computed again from the vintages that were current
 * on DATE, without touching the current ones.
 *
 * A scratch database in the same cluster (buurtpeil_asof_PID) is made and
 * migrated; the inputs are copied into it from the live database (COPY
 * out, COPY in, streamed): the sources loaded (retrieved_at) on or before
 * DATE with their cells, intervals, borders, survey aggregates and
 * experiences, and what is no vintage (areas, variables, custom areas and
 * references, crosswalks, interventions).  Survey microdata
 * (survey_private) stay where they are: compute reads the aggregates.
 * Then compute runs there, on every indicator, and the caller writes its
 * reports from s->db; bp_asof_close drops the database.  Every table of
 * schema bp must be listed below as copied or as derived (recomputed, or
 * the run history): an unlisted one is an error, so a new table is not
 * silently left out.
 *
 * Needs CREATEDB (the embedded cluster's user has it).  A scratch database
 * left by a process that was killed is dropped by the next as-of.
 */
#ifndef BP_RUN_ASOF_H
#define BP_RUN_ASOF_H

#include "core/arena.h"
#include "core/error.h"
#include "db/conn.h"
#include "engine/pipeline.h"

typedef struct bp_asof {
	bp_db db;             /* the scratch database: conn, and conninfo for more connections */
	const char *live_conninfo;
	char name[64];        /* buurtpeil_asof_PID; "" when none was made */
	const char *label;    /* "Stand van 15 maart 2026: ..." for every page (report/html.h) */
	long sources;         /* vintages current on the date */
	bp_pipeline_result pipeline;
} bp_asof;

/*
 * Make the scratch database for date (YYYY-MM-DD) from live (migrated)
 * and compute in it.  On error nothing is left (the database is dropped).
 * Errors: BP_ERR_USAGE (not a date), BP_ERR_NOT_FOUND (no source loaded on
 * or before the date), BP_ERR_DB, and compute's.
 */
bp_rc bp_asof_open(const bp_db *live, const char *date, const bp_pipeline_input *in, bp_arena *a, bp_asof *s,
                   bp_error *err) BP_MUST_CHECK;

/* 1 when s is written YYYY-MM-DD (whether it is a day of the calendar, the server checks). */
int bp_asof_date_shaped(const char *s);

/* Close s->db and drop the scratch database. */
void bp_asof_close(const bp_db *live, bp_asof *s);

#endif
