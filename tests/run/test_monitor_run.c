/*
 * test_monitor_run.c: bp_monitor_run() in-process on a real PostgreSQL
 * (support/pgtest.c): the stages in their order, what each reports, the
 * second run that loads nothing, and a failing source that stops the run
 * before anything is written.
 *
 * Known values: the KWB 2024 fixture has 184 rows (NL00, GM0828 and GM0402
 * with their wijken and buurten), 8 figures each (tests/import/
 * test_statline_csv.c counts the same file); experiences/voorbeeld-oss-
 * hilversum.csv has 12 rows, 2 without consent (its PROVENANCE.md); areas/
 * holds one custom area.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "pgtest.h"
#include "run/monitor_run.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
#define MAX_EVENTS 256

typedef struct seen {
	bp_monitor_stage stage;
	char text[512];
	const char *kind;      /* import events: the source's kind */
	int already_loaded;
	long n[2];
	const char *unit[2];
	char gemeente[8];
} seen;

static seen events[MAX_EVENTS];
static size_t n_events;

static void record(void *ctx, const bp_monitor_event *ev)
{
	(void)ctx;
	assert_true(n_events < MAX_EVENTS);
	seen *s = &events[n_events++];
	memset(s, 0, sizeof(*s));
	s->stage = ev->stage;
	snprintf(s->text, sizeof(s->text), "%s", ev->text);
	if (ev->import) {
		s->kind = ev->source->kind->kind;
		s->already_loaded = ev->import->already_loaded;
		for (size_t i = 0; i < 2 && i < ev->import->n_counts; i++) {
			s->n[i] = ev->import->counts[i].n;
			s->unit[i] = ev->import->counts[i].unit;
		}
	}
	if (ev->gemeente)
		snprintf(s->gemeente, sizeof(s->gemeente), "%s", ev->gemeente);
}

/* The index of the first event of that stage (and kind, when not NULL), or -1. */
static int find(bp_monitor_stage stage, const char *kind)
{
	for (size_t i = 0; i < n_events; i++)
		if (events[i].stage == stage && (!kind || (events[i].kind && strcmp(events[i].kind, kind) == 0)))
			return (int)i;
	return -1;
}

/* A configuration in dir: experiences listed first, so the run must move them after the areas. */
static const char *write_config(const char *dir, const char *kwb_path)
{
	static char path[4096];
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(path, sizeof(path), "%s/monitor.yaml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	        "name: in-process\n"
	        "gemeenten: [GM0828]\n"
	        "sources:\n"
	        "  - type: experiences\n"
	        "    file: %s/experiences/voorbeeld-oss-hilversum.csv\n"
	        "  - type: statline-csv\n"
	        "    file: %s\n"
	        "    year: 2024\n"
	        "indicators: %s/indicators\n"
	        "charts: %s/charts\n"
	        "output: out\n"
	        "areas: %s/areas\n"
	        "pdf: false\n"
	        "needs_overview: false\n"
	        "publish: false\n",
	        root, kwb_path, root, root, root);
	fclose(f);
	return path;
}

static void test_run_twice(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	const char *cfg = write_config(dir, bp_test_fixture(KWB));

	assert_int_equal(bp_monitor_load(cfg, a, &m, &err), BP_OK);
	n_events = 0;
	bp_rc rc = bp_monitor_run(&bp_test_db.db, &m, record, NULL, a, &res, &err);
	if (rc)
		fail_msg("run: %s (%s)", err.message, err.detail);
	assert_int_equal(res.stage, BP_STAGE_DONE);
	assert_int_equal(res.loaded, 2);
	assert_int_equal(res.unchanged, 0);
	assert_int_equal(res.custom_areas, 1);

	/* The order: KWB (sources), the custom area, then the experiences, compute, the page. */
	int kwb = find(BP_STAGE_SOURCES, "statline-csv"), areas = find(BP_STAGE_AREAS, NULL);
	int exp = find(BP_STAGE_EXPERIENCES, "experiences"), comp = find(BP_STAGE_COMPUTE, NULL);
	int page = find(BP_STAGE_REPORTS, NULL);
	assert_true(kwb == 0);
	assert_true(kwb < areas && areas < exp && exp < comp && comp < page);
	assert_int_equal(find(BP_STAGE_SOURCES, "experiences"), -1);
	assert_int_equal(find(BP_STAGE_SITE, NULL), -1);   /* publish: false */
	for (size_t i = 1; i < n_events; i++)
		assert_true(events[i - 1].stage <= events[i].stage);

	/* What each source loaded, with its units. */
	assert_int_equal(events[kwb].n[0], 184);
	assert_string_equal(events[kwb].unit[0], "areas");
	assert_int_equal(events[kwb].n[1], 184 * 8);
	assert_string_equal(events[kwb].unit[1], "observations");
	assert_int_equal(events[exp].n[0], 12);
	assert_string_equal(events[exp].unit[0], "experiences");
	assert_int_equal(events[exp].n[1], 10);
	assert_string_equal(events[areas].text, "areas: 1 custom area(s)");
	assert_string_equal(events[page].gemeente, "GM0828");
	char html[4096];
	snprintf(html, sizeof(html), "%s/out/GM0828.html", dir);
	assert_int_equal(access(html, R_OK), 0);
	snprintf(html, sizeof(html), "%s/out/index.html", dir);
	assert_int_equal(access(html, R_OK), 0);
	assert_true(res.pages >= 2);
	/* The run ended as buurtpeil_publish, which may not read bp.experience: this fails. */
	PGresult *r = PQexec(bp_test_db.db.conn, "SELECT count(*) FROM bp.experience");
	assert_int_not_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);
	PQclear(PQexec(bp_test_db.db.conn, "RESET ROLE"));   /* as a new session */
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT count(*) FROM bp.experience"), "12");

	/* Again, as cron would the next week: every source recognised, nothing loaded. */
	n_events = 0;
	assert_int_equal(bp_monitor_run(&bp_test_db.db, &m, record, NULL, a, &res, &err), BP_OK);
	assert_int_equal(res.loaded, 0);
	assert_int_equal(res.unchanged, 2);
	assert_int_equal(events[find(BP_STAGE_SOURCES, "statline-csv")].already_loaded, 1);
	assert_int_equal(events[find(BP_STAGE_EXPERIENCES, "experiences")].already_loaded, 1);
	assert_int_equal(res.pipeline.indicators.computed, 0);   /* inputs unchanged: nothing recomputed */
	bp_arena_free(a);
}

/* A source that cannot be read stops the run in the sources stage: no page, the entry named. */
static void test_failing_source(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	char missing[4096];
	snprintf(missing, sizeof(missing), "%s/absent.csv", dir);
	const char *cfg = write_config(dir, missing);
	assert_int_equal(bp_monitor_load(cfg, a, &m, &err), BP_OK);
	n_events = 0;
	bp_rc rc = bp_monitor_run(&bp_test_db.db, &m, record, NULL, a, &res, &err);
	assert_int_equal(rc, BP_ERR_IO);
	assert_int_equal(res.stage, BP_STAGE_SOURCES);
	assert_int_equal(n_events, 0);
	assert_non_null(strstr(err.where, "absent.csv"));
	char html[4096];
	snprintf(html, sizeof(html), "%s/out/GM0828.html", dir);
	assert_int_not_equal(access(html, R_OK), 0);
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_failing_source, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_run_twice, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests_name("monitor run", tests, bp_test_db_setup, bp_test_db_teardown);
}
