/*
 * test_digest.c: the run digest (report/digest.c) against constructed
 * runs, through the engine's own comparisons (compare.c) and the run's
 * snapshots (run/snapshot.c, run/history.c): a value change whose
 * significance is computed here by hand, one within chance and one
 * without an interval (counted, not listed), a revised cell of a newer
 * vintage, an area entering and one leaving the worst decile of an
 * indicator with a polarity (higher-is-worse), and an intervention whose
 * verdict changed.
 *
 * The gemeente GM9901 has 20 wijken; wijk k has 10 + k % (interval +- 1)
 * in the first run, so the worst decile of the wijken's distribution
 * (percent rank >= 0.9 of 20: the two highest) is wijken 19 and 20; one
 * gemeente of the 342 of its indeling, so each line says "van de 20 wijken
 * in deze monitor met cijfers", not "van Nederland".  In the second run wijk 1
 * goes to 40 % (37-43), the highest: it enters, and wijk 19 (now 18th of
 * 20, rank 17/19 = 0.89) leaves; wijk 2 goes from 12 (11-13) to 14.5
 * (13.5-15.5), wijk 3 from 13 (12-14) to 14 (13-15), wijk 4 from 14
 * (13-15) to 14.2 without an interval.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "engine/compare.h"
#include "pgtest.h"
#include "report/digest.h"
#include "run/history.h"
#include "run/snapshot.h"

static void exec(PGconn *conn, const char *sql)
{
	PGresult *r = PQexec(conn, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	PQclear(r);
}

/* Wijk k's value (and interval, lo < 0: none) of the test indicator. */
static void set_value(PGconn *conn, int k, double v, double lo, double hi)
{
	char sql[512];
	if (lo < 0)
		snprintf(sql, sizeof(sql), "UPDATE bp.indicator_value SET value = %g, ci_low = NULL, ci_high = NULL "
		         "WHERE area_code = 'WK9901%02d'", v, k);
	else
		snprintf(sql, sizeof(sql), "UPDATE bp.indicator_value SET value = %g, ci_low = %g, ci_high = %g "
		         "WHERE area_code = 'WK9901%02d'", v, lo, hi, k);
	exec(conn, sql);
}

/* What a run leaves for the next digest: comparisons, flags, snapshots. */
static void snapshot(PGconn *conn, long run_id, bp_arena *a)
{
	bp_error err = { 0 };
	bp_compare_result cres;
	bp_run_history h = { conn, run_id, 0, 0 };
	const char *gem[] = { "GM9901" };
	if (bp_compare_indicators(conn, &cres, &err) || bp_run_history_flags(&h, gem, 1, a, &err) ||
	    bp_run_snapshot_values(&h, gem, 1, a, &err) || bp_run_snapshot_verdicts(&h, &err))
		fail_msg("%s (%s)", err.message, err.detail);
}

/* z of the change as the engine defines it (compare.c), computed here: se = width / (2 x 1.96). */
static const char *z_text(double v, double lo, double hi, double p, double plo, double phi)
{
	static char buf[4][32];
	static int i;
	double se = (hi - lo) / 3.919927969080108, sp = (phi - plo) / 3.919927969080108;
	double z = (v - p) / sqrt(se * se + sp * sp);
	char *b = buf[i++ % 4];
	snprintf(b, 32, "%.2f", z);
	*strchr(b, '.') = ',';
	return b;
}

static void test_digest_changes(void **state)
{
	const char *dir = *state;
	PGconn *conn = bp_test_db.db.conn;
	bp_arena *a = bp_arena_new();
	exec(conn,
	     "INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	     " ('NL00', 2024, 'land', 'Nederland', NULL, NULL), "
	     " ('GM9901', 2024, 'gemeente', 'Testgemeente', 'NL00', 'GM9901');"
	     "INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
	     " SELECT 'WK9901' || to_char(k, 'FM00'), 2024, 'wijk', 'Wijk ' || to_char(k, 'FM00'), 'GM9901', 'GM9901' "
	     "   FROM generate_series(1, 20) k;"
	     "INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, definition_hash) "
	     " VALUES ('testzorg', 'Testzorg', 'zorg', 'published_share', '%', 1, 'higher-is-worse', 'h');"
	     "INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, ci_low, ci_high, "
	     "                                definition_hash, gemeente_code) "
	     " SELECT 'testzorg', 'WK9901' || to_char(k, 'FM00'), 2024, '2024', 10 + k, 9 + k, 11 + k, 'h', 'GM9901' "
	     "   FROM generate_series(1, 20) k;"
	     "INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, ci_low, ci_high, "
	     "                                definition_hash, gemeente_code) VALUES "
	     " ('testzorg', 'GM9901', 2024, '2024', 20, 19.5, 20.5, 'h', 'GM9901'), "
	     " ('testzorg', 'NL00', 2024, '2024', 18, NULL, NULL, 'h', NULL);"
	     "INSERT INTO bp.intervention (id, version, name, theme, start_date, partner, definition_hash) "
	     " VALUES ('buurtkamer', 1, 'Buurtkamer', 'zorg', '2022-01-01', 'Welzijn', 'h');"
	     "INSERT INTO bp.intervention_effect (intervention_id, version, indicator_id, area_code, n_pre, n_post, "
	     "                                    periods, comparison_areas, verdict, verdict_text) "
	     " VALUES ('buurtkamer', 1, 'testzorg', 'WK990101', 2, 1, '{}', '{}', 'no_difference', "
	     "         'geen verschil aantoonbaar');"
	     /* The first vintage of a table, with the cell the second revises. */
	     "INSERT INTO bp.variable (code, title) VALUES ('TestVar', 'Testvariabele');"
	     "INSERT INTO bp.source (id, publisher, table_id, title, location, retrieved_at, checksum, licence, importer) "
	     " VALUES (901, 'CBS', 'T1', 'Testtabel', 'a.csv', '2026-03-01 10:00+00', 'a', 'CC BY 4.0', 'test'), "
	     "        (902, 'CBS', 'T1', 'Testtabel', 'b.csv', '2026-06-01 10:00+00', 'b', 'CC BY 4.0', 'test');"
	     "INSERT INTO bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, "
	     "                            gemeente_code) VALUES "
	     " ('TestVar', 'WK990105', 2024, '2024', 901, 100, 'ok', 'GM9901'), "
	     " ('TestVar', 'WK990106', 2024, '2024', 901, 50, 'ok', 'GM9901'), "
	     " ('TestVar', 'WK990105', 2024, '2024', 902, 120, 'provisional', 'GM9901'), "
	     " ('TestVar', 'WK990106', 2024, '2024', 902, 50, 'ok', 'GM9901');"
	     "INSERT INTO bp.run (id, monitor, config_path, pid, started_at, ended_at, exit_status) VALUES "
	     " (71, 'digest-test', 'm.yaml', 1, '2026-03-02 10:00+00', '2026-03-02 10:05+00', 0);"
	     "INSERT INTO bp.run_source (run_id, seq, source_key, status, source_id) "
	     " VALUES (71, 1, 'test a.csv', 'fetched', 901)");
	snapshot(conn, 71, a);
	/* The flags of the first run: the two highest wijken. */
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(area_code, ',' ORDER BY area_code) FROM bp.run_flag "
	                                         "WHERE run_id = 71"), "WK990119,WK990120");

	/* The second run: a failed run between them does not count as the previous published one. */
	exec(conn, "INSERT INTO bp.run (id, monitor, config_path, pid, started_at, ended_at, exit_status) VALUES "
	           " (72, 'digest-test', 'm.yaml', 1, '2026-04-01 10:00+00', '2026-04-01 10:01+00', 1), "
	           " (73, 'digest-test', 'm.yaml', 1, '2026-06-02 10:00+00', NULL, NULL);"
	           "INSERT INTO bp.run_source (run_id, seq, source_key, status, source_id) "
	           " VALUES (73, 1, 'test b.csv', 'fetched', 902);"
	           "UPDATE bp.intervention_effect SET verdict = 'better', verdict_text = 'beter dan vergelijkbare gebieden'");
	set_value(conn, 1, 40, 37, 43);
	set_value(conn, 2, 14.5, 13.5, 15.5);
	set_value(conn, 3, 14, 13, 15);
	set_value(conn, 4, 14.2, -1, -1);
	snapshot(conn, 73, a);

	bp_digest d;
	bp_error err = { 0 };
	if (bp_digest_write(conn, 73, "digest-test", "GM9901", dir, BP_LANG_NL, a, &d, &err))
		fail_msg("%s (%s)", err.message, err.detail);
	char expect[8192];
	snprintf(expect, sizeof(expect),
	         "Wat is er veranderd: Testgemeente (GM9901)\n"
	         "Run 73 van 2 juni 2026, vergeleken met de vorige gepubliceerde run (71 van 2 maart 2026).\n\n"
	         "Nieuwe bronnen en perioden\n- CBS, Testtabel (T1): 2024\n\n"
	         "Herziene cijfers (een nieuwe versie van dezelfde tabel)\n"
	         "- Testvariabele, Wijk 05 (WK990105), 2024: 100 → 120 (voorlopig) (CBS T1, vorige versie 1 maart 2026)\n\n"
	         "Waarden die meer dan toevallig veranderden\n"
	         "- Testzorg, Wijk 01 (WK990101): 40,0 %% (95%%-interval 37,0–43,0) in 2024, was 11,0 %% "
	         "(95%%-interval 10,0–12,0) in 2024; verschil +29,0 (z = %s); ter vergelijking Testgemeente 20,0 %%, "
	         "Nederland 18,0 %% in 2024\n"
	         "- Testzorg, Wijk 02 (WK990102): 14,5 %% (95%%-interval 13,5–15,5) in 2024, was 12,0 %% "
	         "(95%%-interval 11,0–13,0) in 2024; verschil +2,5 (z = %s); ter vergelijking Testgemeente 20,0 %%, "
	         "Nederland 18,0 %% in 2024\n"
	         "Verder veranderde 1 waarde binnen de toevalsmarge. Verder veranderde 1 waarde zonder interval: "
	         "of dat verschil meer is dan toeval, valt niet te toetsen.\n\n"
	         "In het slechtste tiende gekomen\n- Wijk 01 (WK990101): Testzorg, 2024 (van de 20 wijken in deze monitor met cijfers)\n\n"
	         "Uit het slechtste tiende gegaan\n- Wijk 19 (WK990119): Testzorg, 2024 (van de 20 wijken in deze monitor met cijfers)\n\n"
	         "Interventies met een ander oordeel\n"
	         "- Buurtkamer, Testzorg, Wijk 01 (WK990101): was geen verschil aantoonbaar, nu beter dan vergelijkbare "
	         "gebieden\n",
	         z_text(40, 37, 43, 11, 10, 12), z_text(14.5, 13.5, 15.5, 12, 11, 13));
	FILE *f = fopen(d.txt_path, "rb");
	assert_non_null(f);
	static char text[65536];
	text[fread(text, 1, sizeof(text) - 1, f)] = 0;
	fclose(f);
	assert_string_equal(text, expect);
	/* Wijk 3's z (1.39) is within chance: the test's own arithmetic agrees. */
	assert_string_equal(z_text(14, 13, 15, 13, 12, 14), "1,39");
	assert_int_equal(d.changes, 7);

	/* The same digest in English (issue 20 item 7): every fixed word, the dates, the decimal point,
	 * the verdicts from the catalogue; names as written.  Written by hand from the Dutch above. */
	char *dir_en = bp_arena_printf(a, "%s/en", dir);
	bp_digest de;
	if (bp_digest_write(conn, 73, "digest-test", "GM9901", dir_en, BP_LANG_EN, a, &de, &err))
		fail_msg("%s (%s)", err.message, err.detail);
	char z1[32], z2[32];
	snprintf(z1, sizeof(z1), "%s", z_text(40, 37, 43, 11, 10, 12));
	snprintf(z2, sizeof(z2), "%s", z_text(14.5, 13.5, 15.5, 12, 11, 13));
	*strchr(z1, ',') = '.';
	*strchr(z2, ',') = '.';
	snprintf(expect, sizeof(expect),
	         "What changed: Testgemeente (GM9901)\n"
	         "Run 73 of 2 June 2026, compared with the previous published run (71 of 2 March 2026).\n\n"
	         "New sources and periods\n- CBS, Testtabel (T1): 2024\n\n"
	         "Revised figures (a new version of the same table)\n"
	         "- Testvariabele, Wijk 05 (WK990105), 2024: 100 → 120 (provisional) (CBS T1, previous version 1 March "
	         "2026)\n\n"
	         "Values that changed more than by chance\n"
	         "- Testzorg, Wijk 01 (WK990101): 40.0 %% (95%% interval 37.0–43.0) in 2024, was 11.0 %% "
	         "(95%% interval 10.0–12.0) in 2024; change +29.0 (z = %s); for comparison Testgemeente 20.0 %%, "
	         "the Netherlands 18.0 %% in 2024\n"
	         "- Testzorg, Wijk 02 (WK990102): 14.5 %% (95%% interval 13.5–15.5) in 2024, was 12.0 %% "
	         "(95%% interval 11.0–13.0) in 2024; change +2.5 (z = %s); for comparison Testgemeente 20.0 %%, "
	         "the Netherlands 18.0 %% in 2024\n"
	         "1 more value changed within the margin of chance. 1 more value changed without an interval: "
	         "whether that change is more than chance cannot be tested.\n\n"
	         "Entered the worst tenth\n- Wijk 01 (WK990101): Testzorg, 2024 (of the 20 districts in this monitor with figures)\n\n"
	         "Left the worst tenth\n- Wijk 19 (WK990119): Testzorg, 2024 (of the 20 districts in this monitor with figures)\n\n"
	         "Interventions with a different verdict\n"
	         "- Buurtkamer, Testzorg, Wijk 01 (WK990101): was no demonstrable difference, now better than similar areas\n",
	         z1, z2);
	f = fopen(de.txt_path, "rb");
	assert_non_null(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = 0;
	fclose(f);
	assert_string_equal(text, expect);
	assert_int_equal(de.changes, 7);
	f = fopen(de.html_path, "rb");
	assert_non_null(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = 0;
	fclose(f);
	assert_non_null(strstr(text, "<html lang=\"en\">"));
	assert_non_null(strstr(text, "<h1>What changed: Testgemeente (GM9901)</h1>"));

	/* Kept small: the snapshots of runs before the previous published one go. */
	exec(conn, "UPDATE bp.run SET ended_at = now(), exit_status = 0 WHERE id = 73;"
	           "INSERT INTO bp.run (id, monitor, config_path, pid) VALUES (74, 'digest-test', 'm.yaml', 1)");
	snapshot(conn, 74, a);
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(DISTINCT run_id::text, ',') FROM bp.run_value"),
	                    "73,74");
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(DISTINCT run_id::text, ',') FROM bp.run_verdict"),
	                    "73,74");
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(DISTINCT run_id::text, ',') FROM bp.run_flag"),
	                    "73,74");
	bp_arena_free(a);
}

/*
 * The run digest keeps no "worst tenth" over fewer than
 * BP_COMPARE_MIN_DECILE_AREAS areas (run/history.c's filter, and the
 * engine's rule behind it, engine/compare.h).  Gemeente GM9902 has 12
 * wijken; Testgroot has a value in all 12 (wijk k: k), Testklein in wijken
 * 1-4 only (wijk k: k), each the only areas of its distribution at level
 * wijk.  First run: Testgroot's worst tenth (percent rank >= 0.9 of 12:
 * (r - 1) / 11 >= 0.9, r 11 and 12) is wijken 11 and 12; Testklein's 4
 * wijken are not ranked.  Second run: wijk 1 goes to 100 in both; in
 * Testgroot it is the highest and enters, wijk 11 (now 10th, 9/11 = 0.82)
 * leaves; in Testklein it would be "1 of 4", the top quarter, and must not
 * appear.  The filter itself is tried apart from the engine: the first
 * run's Testklein row of wijk 4 is flagged by hand (as ranks stored by an
 * older rule would be) before the flags are kept, and is not kept.
 */
static void test_digest_small_distribution(void **state)
{
	const char *dir = *state;
	PGconn *conn = bp_test_db.db.conn;
	bp_arena *a = bp_arena_new();
	exec(conn,
	     "INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	     " ('GM9902', 2024, 'gemeente', 'Kleingemeente', 'NL00', 'GM9902');"
	     "INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
	     " SELECT 'WK9902' || to_char(k, 'FM00'), 2024, 'wijk', 'Kwijk ' || to_char(k, 'FM00'), 'GM9902', 'GM9902' "
	     "   FROM generate_series(1, 12) k;"
	     "INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, definition_hash) VALUES "
	     " ('testgroot', 'Testgroot', 'zorg', 'published_share', '%', 1, 'higher-is-worse', 'h'), "
	     " ('testklein', 'Testklein', 'zorg', 'published_share', '%', 1, 'higher-is-worse', 'h');"
	     "INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, definition_hash, "
	     "                                gemeente_code) "
	     " SELECT 'testgroot', 'WK9902' || to_char(k, 'FM00'), 2024, '2024', k, 'h', 'GM9902' "
	     "   FROM generate_series(1, 12) k "
	     " UNION ALL SELECT 'testklein', 'WK9902' || to_char(k, 'FM00'), 2024, '2024', k, 'h', 'GM9902' "
	     "   FROM generate_series(1, 4) k;"
	     "INSERT INTO bp.run (id, monitor, config_path, pid, started_at, ended_at, exit_status) VALUES "
	     " (81, 'digest-small', 'm.yaml', 1, '2026-03-02 10:00+00', '2026-03-02 10:05+00', 0)");
	bp_error err = { 0 };
	bp_compare_result cres;
	const char *gem[] = { "GM9902" };
	if (bp_compare_indicators(conn, &cres, &err))
		fail_msg("%s (%s)", err.message, err.detail);
	/* the engine: a percentile and flag over 12, none over 4 (and the view says why) */
	assert_string_equal(bp_test_scalar(conn, "SELECT count(percentile) || '/' || count(*) || ' ' "
	                                         "|| min(not_ranked_reason) FROM bp.indicator_comparison "
	                                         "WHERE indicator_id = 'testklein' AND reference_kind IN ('land', 'gemeente')"),
	                    "0/8 too_few_areas");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(percentile) || ' ' || string_agg(area_code, ',' "
	                                         "ORDER BY area_code) FILTER (WHERE worst_decile) FROM bp.indicator_comparison "
	                                         "WHERE indicator_id = 'testgroot' AND reference_kind = 'land'"),
	                    "12 WK990211,WK990212");
	exec(conn, "UPDATE bp.comparison_rank SET land_flag = true, land_pct = 1 "
	           "WHERE indicator_id = 'testklein' AND area_code = 'WK990204'");
	bp_run_history h = { conn, 81, 0, 0 };
	if (bp_run_history_flags(&h, gem, 1, a, &err) || bp_run_snapshot_values(&h, gem, 1, a, &err) ||
	    bp_run_snapshot_verdicts(&h, &err))
		fail_msg("%s (%s)", err.message, err.detail);
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(indicator_id || ' ' || area_code, ',' "
	                                         "ORDER BY indicator_id, area_code) FROM bp.run_flag WHERE run_id = 81"),
	                    "testgroot WK990211,testgroot WK990212");

	exec(conn, "INSERT INTO bp.run (id, monitor, config_path, pid, started_at, ended_at, exit_status) VALUES "
	           " (83, 'digest-small', 'm.yaml', 1, '2026-06-02 10:00+00', NULL, NULL);"
	           "UPDATE bp.indicator_value SET value = 100 WHERE area_code = 'WK990201'");
	h.run_id = 83;
	if (bp_compare_indicators(conn, &cres, &err) || bp_run_history_flags(&h, gem, 1, a, &err) ||
	    bp_run_snapshot_values(&h, gem, 1, a, &err) || bp_run_snapshot_verdicts(&h, &err))
		fail_msg("%s (%s)", err.message, err.detail);
	for (int en = 0; en <= 1; en++) {
		bp_digest d;
		char *out = bp_arena_printf(a, "%s/klein-%d", dir, en);
		if (bp_digest_write(conn, 83, "digest-small", "GM9902", out, en ? BP_LANG_EN : BP_LANG_NL, a, &d, &err))
			fail_msg("%s (%s)", err.message, err.detail);
		static char text[65536];
		FILE *f = fopen(d.txt_path, "rb");
		assert_non_null(f);
		text[fread(text, 1, sizeof(text) - 1, f)] = 0;
		fclose(f);
		assert_non_null(strstr(text, en ? "Entered the worst tenth\n- Kwijk 01 (WK990201): Testgroot, 2024 (of the 12 "
		                                  "districts in this monitor with figures)\n\n"
		                                : "In het slechtste tiende gekomen\n- Kwijk 01 (WK990201): Testgroot, 2024 (van "
		                                  "de 12 wijken in deze monitor met cijfers)\n\n"));
		assert_non_null(strstr(text, en ? "Left the worst tenth\n- Kwijk 11 (WK990211): Testgroot, 2024"
		                                : "Uit het slechtste tiende gegaan\n- Kwijk 11 (WK990211): Testgroot, 2024"));
		/* Testklein's wijk 1 (1 of 4) and its hand-flagged wijk 4: in no tenth, entered or left */
		const char *into = strstr(text, en ? "Entered the worst tenth" : "In het slechtste tiende gekomen");
		assert_non_null(into);
		assert_null(strstr(into, ": Testklein"));
	}
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_digest_changes, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_digest_small_distribution, bp_test_setup_tmpdir,
		                                bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests_name("digest", tests, bp_test_db_setup, bp_test_db_teardown);
}
