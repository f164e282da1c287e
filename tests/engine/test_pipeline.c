/*
 * test_pipeline: a whole compute run (engine/pipeline.c) on a real
 * PostgreSQL, with the second connection that builds the similar areas and
 * the indexes beside the other stages, against the same stages called one
 * after another.
 *
 * Data: the KWB 2024 StatLine export of Oss and Hilversum (tests/fixtures,
 * see test_compare), the repository's indicators/ (those without data are
 * skipped), and a composite over two of its KWB ratios written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "db/bulkindex.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "engine/pipeline.h"
#include "import/statline_csv.h"
#include "pgtest.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

static bp_testdb tdb;
static PGconn *conn;
static bp_arena *arena;
static bp_indicator_set set;
static bp_composite_set comps;
static char tmpdir[256];

#define q(...) bp_test_scalarf(conn, __VA_ARGS__)

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

static bp_rc run(int force, int with_helper, bp_pipeline_result *res, bp_error *err)
{
	PGconn *helper = NULL;
	if (with_helper && bp_db_connect(&tdb.db, &helper, err))
		return BP_ERR_DB;
	bp_pipeline_input in = { &set, &comps, 3, force };
	bp_rc rc = bp_compute_pipeline(conn, helper, &in, res, err);
	if (helper)
		PQfinish(helper);
	return rc;
}

/* run() that must succeed; what the error says otherwise. */
static void run_ok(int force, int with_helper, bp_pipeline_result *res, const char *what)
{
	bp_error err = { 0 };
	if (run(force, with_helper, res, &err)) {
		print_err(what, &err);
		fail();
	}
}

/*
 * Everything the stages wrote, as one digest: values to 9 significant
 * digits (the composites sum in an order that can move the last digit).
 */
static const char *digest(void)
{
	return q("SELECT md5((SELECT string_agg(concat_ws('|', indicator_id, area_code, period, "
	         "      to_char(value, '9.99999999EEEE'), suppressed_reason, status), ',' "
	         "      ORDER BY indicator_id, area_code, period) FROM bp.indicator_value) "
	         "  || (SELECT string_agg(concat_ws('|', composite_id, area_code, period, scheme, rank, n_ranked), ',' "
	         "      ORDER BY composite_id, area_code, period, scheme) FROM bp.composite_rank) "
	         "  || (SELECT string_agg(concat_ws('|', indicator_id, area_code, period, land_n, "
	         "      to_char(land_pct, '9.99999999EEEE'), gemeente_n, similar_n, similar_method), ',' "
	         "      ORDER BY indicator_id, area_code, period) FROM bp.comparison_rank) "
	         "  || (SELECT string_agg(concat_ws('|', area_code, rank, similar_code), ',' "
	         "      ORDER BY area_code, rank) FROM bp.similar_area))");
}

/* The primary keys and indexes the migrations made, all there. */
static void assert_keys(void)
{
	assert_string_equal(q("SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE contype = 'p' "
	                      "AND conrelid IN ('bp.indicator_value'::regclass, 'bp.composite_score'::regclass, "
	                      "'bp.comparison_rank'::regclass, 'bp.similar_area'::regclass)"),
	                    "comparison_rank_pkey,composite_score_pkey,indicator_value_pkey,similar_area_pkey");
	assert_string_equal(q("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'bp' "
	                      "AND tablename IN ('indicator_value', 'composite_score', 'similar_area')"),
	                    "composite_score_area_idx,composite_score_pkey,composite_score_ranking_idx,"
	                    "indicator_value_area_idx,"
	                    "indicator_value_gemeente_idx,indicator_value_pkey,similar_area_gemeente_idx,similar_area_pkey");
}

/*
 * The fixture's rows (AantalInwoners, 65 jaar of ouder):
 *   WK082801 Schadewijk 10575 1890; GM0828 Oss 94634 19769
 */
static void test_parallel_as_sequential(void **state)
{
	(void)state;
	bp_pipeline_result res;
	bp_error err = { 0 };
	char t0[64];
	snprintf(t0, sizeof(t0), "%s", q("SELECT clock_timestamp()"));
	run_ok(1, 1, &res, "pipeline");
	assert_int_equal(res.parallel, 1);
	/* Readers plan on the statistics of every table the run rewrote: each
	 * ANALYZEd by this run (autovacuum leaves them to it, sql/033), the
	 * values on the helper beside the ranks' finish (pipeline.c,
	 * compare_job), the similar areas in their own transaction. */
	assert_string_equal(q("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_stat_user_tables "
	                      "WHERE schemaname = 'bp' AND relname IN ('indicator_value', 'comparison_rank', "
	                      "'composite_score', 'similar_area') AND last_analyze >= '%s'", t0),
	                    "comparison_rank,composite_score,indicator_value,similar_area");
	/* The scores' statistics without the per-scheme arrays (sql/033). */
	assert_string_equal(q("SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_stats "
	                      "WHERE schemaname = 'bp' AND tablename = 'composite_score'"),
	                    "area_code,composite_id,gemeente_code,indeling_year,level,note,period,rank_high,rank_low");
	/* The values', ranks' and similar areas' statistics without the columns
	 * no reader filters, joins or groups on (sql/035). */
	assert_string_equal(q("SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_stats "
	                      "WHERE schemaname = 'bp' AND tablename = 'indicator_value'"),
	                    "area_code,denominator,estimate,gemeente_code,indeling_year,indicator_id,n_unweighted,"
	                    "numerator,period,status,survey_result,synthetic,value");
	assert_string_equal(q("SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_stats "
	                      "WHERE schemaname = 'bp' AND tablename = 'comparison_rank'"),
	                    "area_code,gemeente_flag,gemeente_n,gemeente_pct,indeling_year,indicator_id,land_flag,land_n,"
	                    "land_pct,level,period,prev_period,similar_n");
	assert_string_equal(q("SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_stats "
	                      "WHERE schemaname = 'bp' AND tablename = 'similar_area'"),
	                    "area_code,gemeente_code,indeling_year,level,rank,similar_code");
	/* the fixture's columns are inhabitants and five age groups: the five age-group ratios */
	assert_int_equal(res.indicators.computed, 5);
	assert_int_equal(res.composites.computed, 2);
	assert_true(res.similar.areas > 0);
	assert_true(res.compare.rows > 0);
	assert_keys();
	assert_true(fabs(strtod(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'aandeel_65_plus' "
	                          "AND area_code = 'WK082801'"), NULL) - 1890.0 / 10575.0 * 100.0) < 1e-9);
	assert_true(fabs(strtod(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'aandeel_65_plus' "
	                          "AND area_code = 'GM0828'"), NULL) - 19769.0 / 94634.0 * 100.0) < 1e-9);
	/* every wijk of Oss and Hilversum ranked on the composite, in each scheme */
	assert_string_equal(q("SELECT count(DISTINCT scheme) FROM bp.composite_rank WHERE composite_id = 't_jong_oud'"), "4");
	assert_string_equal(q("SELECT count(DISTINCT scheme) FROM bp.composite_rank WHERE composite_id = 't_middelbaar'"), "4");
	/* one score row per area and period holds the four schemes' ranks (sql/017) */
	assert_string_equal(q("SELECT string_agg(DISTINCT cardinality(scheme)::text, ',') FROM bp.composite_score"), "4");
	assert_string_equal(q("SELECT 4 * count(*) FROM bp.composite_score"), q("SELECT %ld", res.composites.ranks));
	assert_string_equal(q("SELECT count(*) FROM bp.composite_score WHERE composite_id = 't_jong_oud'"),
	                    q("SELECT count(*) FROM bp.composite_rank WHERE composite_id = 't_jong_oud' "
	                      "AND scheme = 'configured'"));
	/* both composites rank the same areas: every wijk and buurt with both components */
	assert_string_equal(q("SELECT count(*) FROM bp.composite_rank WHERE composite_id = 't_jong_oud'"),
	                    q("SELECT count(*) FROM bp.composite_rank WHERE composite_id = 't_middelbaar'"));
	assert_string_equal(q("SELECT count(*) FROM bp.similar_area WHERE area_code = 'WK082801'"), "3");
	/* the comparisons, ranked in two parts, have their basis: current */
	int current = 0;
	assert_int_equal(bp_compare_is_current(conn, &current, &err), BP_OK);
	assert_int_equal(current, 1);
	assert_string_equal(q("SELECT n_rows FROM bp.comparison_basis"), q("SELECT %ld", res.compare.rows));
	char parallel[64];
	snprintf(parallel, sizeof(parallel), "%s", digest());

	/* The same stages one after another, each with its own key handling. */
	bp_compute_result ir;
	bp_composite_result cr;
	bp_similar_result sr;
	bp_compare_result pr;
	if (bp_compute_indicators(conn, &set, 1, &ir, &err) || bp_compute_composites(conn, &comps, 1, &cr, &err) ||
	    bp_similar_areas_build(conn, 3, 1, &sr, &err) || bp_compare_indicators_changed(conn, 1, &pr, &err)) {
		print_err("sequential", &err);
		fail();
	}
	assert_string_equal(digest(), parallel);
	assert_int_equal(ir.values, res.indicators.values);
	assert_int_equal(cr.ranks, res.composites.ranks);
	assert_int_equal(pr.rows, res.compare.rows);
	assert_keys();

	/* Nothing changed since: nothing is rewritten, with or without the helper. */
	run_ok(0, 1, &res, "incremental");
	assert_int_equal(res.indicators.computed, 0);
	assert_int_equal(res.indicators.unchanged, ir.computed);
	assert_int_equal(res.composites.unchanged, 2);
	assert_int_equal(res.similar.unchanged, 1);
	assert_int_equal(res.compare.unchanged, 1);
	assert_string_equal(digest(), parallel);
}

/*
 * A definition that names an unknown variable stops a --force run before
 * anything is written: every definition is checked before the comparisons
 * are emptied or a key dropped, and the helper's similar areas (rebuilt
 * meanwhile, the same) were waited for.
 */
static void test_failure_keeps_values_and_keys(void **state)
{
	(void)state;
	bp_pipeline_result res;
	bp_error err = { 0 };
	run_ok(1, 1, &res, "pipeline");
	char before[64], values[32];
	snprintf(before, sizeof(before), "%s", digest());
	snprintf(values, sizeof(values), "%s", q("SELECT count(*) FROM bp.indicator_value"));

	char path[512];
	snprintf(path, sizeof(path), "%s/zz_onbekend.yaml", tmpdir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("id: zz_onbekend\ntitle: Onbekend\ntheme: demografie\nkind: ratio\n"
	      "numerator: GeenVariabele\ndenominator: AantalInwoners\nunit: \"%\"\ndecimals: 1\n"
	      "polarity: neutral\nsource: test\n", f);
	fclose(f);
	bp_indicator_set bad;
	bad.n = set.n + 1;
	bad.items = bp_arena_alloc(arena, bad.n * sizeof(*bad.items));
	memcpy(bad.items, set.items, set.n * sizeof(*set.items));
	if (bp_indicator_load_file(path, arena, &bad.items[set.n], &err)) {
		print_err("definition", &err);
		fail();
	}
	bp_indicator_set good = set;
	set = bad;
	bp_rc rc = run(1, 1, &res, &err);
	set = good;
	assert_int_equal(rc, BP_ERR_CONFIG);
	assert_non_null(strstr(err.message, "GeenVariabele"));
	assert_int_equal(err.line, 5);
	assert_int_equal(err.column, 12);
	assert_keys();
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value"), values);
	/* values, composite ranks, comparisons and similar areas: all as they were, still current */
	assert_string_equal(digest(), before);
	int current = 0;
	assert_int_equal(bp_compare_is_current(conn, &current, &err), BP_OK);
	assert_int_equal(current, 1);
	run_ok(0, 0, &res, "again");
	assert_int_equal(res.compare.unchanged, 1);
	assert_string_equal(digest(), before);
}

/*
 * A part of the comparisons that fails (a trigger refuses the ranks of one
 * indicator, then of every one: one part, then both) stops the run with
 * the server's error; the other part does not wait for ever, the ranks are
 * left empty with their key and without a basis, every other key and index
 * is back, and the next run rebuilds the same comparisons.
 */
static void test_failed_comparison_part(void **state)
{
	(void)state;
	bp_pipeline_result res;
	bp_error err = { 0 };
	run_ok(1, 1, &res, "pipeline");
	char before[64];
	snprintf(before, sizeof(before), "%s", digest());
	const char *conds[] = { "NEW.indicator_id = 'aandeel_65_plus'", "true" };
	for (int i = 0; i < 2; i++) {
		bp_error e = { 0 };
		char sql[512];
		/* a trigger function both sessions see: in public, dropped below */
		snprintf(sql, sizeof(sql),
		         "CREATE OR REPLACE FUNCTION public.bp_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
		         "$$BEGIN IF %s THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END$$", conds[i]);
		assert_int_equal(bp_pg_exec(conn, sql, &e), BP_OK);
		assert_int_equal(bp_pg_exec(conn, "CREATE TRIGGER bp_test_refuse BEFORE INSERT ON bp.comparison_rank "
		                                  "FOR EACH ROW EXECUTE FUNCTION public.bp_test_refuse()", &e), BP_OK);
		bp_rc rc = run(1, 1, &res, &err);
		assert_int_equal(bp_pg_exec(conn, "DROP TRIGGER bp_test_refuse ON bp.comparison_rank", &e), BP_OK);
		assert_int_equal(bp_pg_exec(conn, "DROP FUNCTION public.bp_test_refuse()", &e), BP_OK);
		assert_int_equal(rc, BP_ERR_DB);
		assert_non_null(strstr(err.message, "refused by the test"));
		assert_keys();
		assert_string_equal(q("SELECT count(*) FROM bp.comparison_rank"), "0");
		assert_string_equal(q("SELECT count(*) FROM bp.comparison_basis"), "0");
		int current = 1;
		assert_int_equal(bp_compare_is_current(conn, &current, &e), BP_OK);
		assert_int_equal(current, 0);
		run_ok(0, 1, &res, "again");
		assert_int_equal(res.compare.unchanged, 0);
		assert_string_equal(digest(), before);
	}
}

/*
 * Issue 24: a compute --force killed after dropping bp.indicator_value's key
 * and indexes (the process dies: its connection ends, its bulk lock with it)
 * left the table without them, and a following compute said ok.  Now the
 * drop is recorded (bp.bulk_pending) and the next command builds them: the
 * repair every command runs, or the next compute itself.  While another
 * session holds the bulk lock (a compute at work) the repair leaves them.
 */
static void test_killed_rewrite_repaired(void **state)
{
	(void)state;
	bp_pipeline_result res;
	bp_error err = { 0 };
	run_ok(1, 0, &res, "pipeline");
	const char *before = bp_arena_strdup(arena, digest());
	int repaired = -1;

	/* A compute that dropped the keys and died: its own connection, closed. */
	for (int via_compute = 0; via_compute < 2; via_compute++) {
		PGconn *doomed = NULL;
		assert_int_equal(bp_db_connect(&tdb.db, &doomed, &err), BP_OK);
		assert_int_equal(bp_bulk_lock(doomed, &err), BP_OK);
		assert_int_equal(bp_indicator_values_prepare_rewrite(doomed, &err), BP_OK);
		assert_string_equal(q("SELECT count(*) FROM pg_indexes WHERE tablename = 'indicator_value'"), "0");
		assert_string_equal(q("SELECT count(*) FROM bp.bulk_pending"), "3");
		/* Still at work (holding the lock): a repair leaves its tables alone. */
		assert_int_equal(bp_bulk_repair(conn, 0, &repaired, &err), BP_OK);
		assert_int_equal(repaired, 0);
		assert_string_equal(q("SELECT count(*) FROM pg_indexes WHERE tablename = 'indicator_value'"), "0");
		int pid = PQbackendPID(doomed);
		PQfinish(doomed); /* killed */
		/* The server ends the session (and its lock) a moment after the
		 * client is gone; a command that comes before that leaves the keys
		 * to the next one.  Wait for it, without a deadline that load could
		 * break: the session always ends. */
		while (strcmp(q("SELECT count(*) FROM pg_stat_activity WHERE pid = %d", pid), "0") != 0)
			usleep(20 * 1000);
		if (via_compute) {
			/* The next compute builds them before it starts (and computes as before). */
			run_ok(0, 0, &res, "compute after a killed one");
		} else {
			/* Any command: cli_open_db's repair. */
			assert_int_equal(bp_bulk_repair(conn, 0, &repaired, &err), BP_OK);
			assert_int_equal(repaired, 1);
		}
		assert_string_equal(q("SELECT count(*) FROM bp.bulk_pending"), "0");
		assert_keys();
		run_ok(1, 1, &res, "forced again");
		assert_string_equal(digest(), before);
	}
}

/*
 * Above 8 MB of values the comparisons' split counts them on a 10 % sample
 * of the pages (compare.c, split_indicators): an indicator on pages the
 * sample misses must still be ranked, in one part or the other.  The table
 * is padded with 80,000 values of an indicator outside the set (kept
 * through --force as another indicator's), so the fixture's few hundred
 * values lie on a few dozen of its ~1,000 pages, most of them not sampled.
 * Every value has its rank row ("one row per value", compare_rank.c), and
 * the fixture's ranks are those of the unpadded run.
 */
static void test_split_on_sample(void **state)
{
	(void)state;
	bp_pipeline_result res;
	bp_error err = { 0 };
	static const char ranks_sql[] =
		"SELECT md5(string_agg(concat_ws('|', indicator_id, area_code, period, land_n, "
		"  to_char(land_pct, '9.99999999EEEE'), gemeente_n, similar_n), ',' "
		"  ORDER BY indicator_id, area_code, period)) FROM bp.comparison_rank WHERE indicator_id <> 'zz_pad'";
	run_ok(1, 1, &res, "pipeline");
	const char *before = bp_arena_strdup(arena, q(ranks_sql));
	assert_int_equal(bp_pg_exec(conn,
		"INSERT INTO bp.indicator SELECT (jsonb_populate_record(i, '{\"id\": \"zz_pad\"}')).* "
		"  FROM bp.indicator i WHERE i.id = 'aandeel_65_plus'; "
		"INSERT INTO bp.area (code, indeling_year, level, name) "
		"  SELECT 'BUPAD' || g, 2099, 'buurt', 'Opvulling ' || g FROM generate_series(1, 20000) g; "
		"INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, numerator, "
		"  denominator, status, definition_hash) "
		"  SELECT 'zz_pad', 'BUPAD' || g, 2099, p::text, g % 97, g % 97, 100, 'ok', 'pad' "
		"  FROM generate_series(1, 20000) g, generate_series(2020, 2023) p", &err), BP_OK);
	run_ok(1, 1, &res, "padded");
	assert_true(strtol(q("SELECT pg_relation_size('bp.indicator_value')"), NULL, 10) > 8388608);
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 'zz_pad'"), "80000");
	assert_string_equal(q("SELECT count(*) FROM bp.comparison_rank WHERE indicator_id = 'zz_pad'"), "80000");
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value v WHERE NOT EXISTS (SELECT 1 FROM "
	                      "bp.comparison_rank r WHERE r.indicator_id = v.indicator_id AND r.area_code = v.area_code "
	                      "AND r.indeling_year = v.indeling_year AND r.period = v.period)"), "0");
	assert_string_equal(q(ranks_sql), before);
	assert_keys();
	assert_int_equal(bp_pg_exec(conn, "DELETE FROM bp.indicator WHERE id = 'zz_pad'; "
	                                  "DELETE FROM bp.area WHERE indeling_year = 2099", &err), BP_OK);
}

static int group_setup(void **state)
{
	(void)state;
	bp_statline_options opt = { .path = bp_test_fixture(FIXTURE) };
	bp_import_result res;
	bp_error err = { 0 };
	char dir[512], path[600], path2[600];
	const char *root = getenv("BP_SOURCE_ROOT");
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	arena = bp_arena_new();
	bp_test_tmpdir(tmpdir, sizeof(tmpdir));
	snprintf(dir, sizeof(dir), "%s/indicators", root ? root : ".");
	snprintf(path, sizeof(path), "%s/t_jong_oud.yaml", tmpdir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("id: t_jong_oud\ntitle: Test\ntheme: demografie\npolarity: higher-is-worse\n"
	      "normalisation: z-score\nsource: test\ncomponents:\n"
	      "  - {indicator: aandeel_65_plus, polarity: higher-is-worse}\n"
	      "  - {indicator: aandeel_0_tot_15, polarity: higher-is-better, weight: 2}\n", f);
	fclose(f);
	/* a second composite: the helper computes the second half of the set */
	snprintf(path2, sizeof(path2), "%s/t_middelbaar.yaml", tmpdir);
	if (!(f = fopen(path2, "w")))
		return -1;
	fputs("id: t_middelbaar\ntitle: Test 2\ntheme: demografie\npolarity: higher-is-better\n"
	      "normalisation: percentile\naggregation: exponential\nsource: test\ncomponents:\n"
	      "  - {indicator: aandeel_25_tot_45, polarity: higher-is-better}\n"
	      "  - {indicator: aandeel_45_plus, polarity: higher-is-worse}\n", f);
	fclose(f);
	if (bp_import_statline_csv(conn, &opt, &res, &err) ||
	    bp_indicators_load_dir(dir, arena, &set, &err) ||
	    bp_composites_load_dir(tmpdir, arena, &comps, &err) ||
	    bp_composites_resolve(&comps, &set, &err)) {
		print_err("setup", &err);
		return -1;
	}
	remove(path);   /* the folder is reused for a bad definition */
	remove(path2);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_test_rmtree(tmpdir);
	bp_arena_free(arena);
	bp_testdb_stop(&tdb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_as_sequential),
		cmocka_unit_test(test_failure_keeps_values_and_keys),
		cmocka_unit_test(test_failed_comparison_part),
		cmocka_unit_test(test_killed_rewrite_repaired),
		cmocka_unit_test(test_split_on_sample),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
