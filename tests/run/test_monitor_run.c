/*
 * test_monitor_run.c: bp_monitor_run() in-process on a real PostgreSQL
 * (support/pgtest.c): the stages in their order, what each reports, the
 * second run that loads nothing, and a failing source that stops the run
 * before anything is written; issue 19: a source loaded before that fails
 * validation (kept, marked stale, nothing of it loaded), the same source
 * mandatory (the run fails), the history rows, and the monitor's lock.
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
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "pgtest.h"
#include "report/digest.h"
#include "report/report.h"
#include "report/runs_page.h"
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

/* A configuration in dir: experiences listed first, so the run must move them after the areas;
 * kwb_extra is more keys of the KWB source ("" for none). */
static const char *write_config_with(const char *dir, const char *kwb_path, const char *kwb_extra)
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
	        "    year: 2024\n%s"
	        "indicators: %s/indicators\n"
	        "charts: %s/charts\n"
	        "output: out\n"
	        "areas: %s/areas\n"
	        "pdf: false\n"
	        "needs_overview: false\n"
	        "publish: false\n",
	        root, kwb_path, kwb_extra, root, root, root);
	fclose(f);
	return path;
}

static const char *write_config(const char *dir, const char *kwb_path)
{
	return write_config_with(dir, kwb_path, "");
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
	assert_string_equal(events[areas].text, "areas: 1 custom area");
	assert_string_equal(events[page].gemeente, "GM0828");
	/* Its progress: the one gemeente of the configuration done, the pages so far (the index comes after),
	 * nothing left. */
	{
		char want[4096];
		long pages = -1, charts = -1;
		char page_word[16], chart_word[16];
		snprintf(want, sizeof(want), "report: %s/out/GM0828.html (1 of 1 gemeente; ", dir);
		assert_true(strncmp(events[page].text, want, strlen(want)) == 0);
		assert_int_equal(sscanf(events[page].text + strlen(want), "%ld %15[a-z] and %ld %15[a-z]", &pages, page_word,
		                        &charts, chart_word), 4);
		assert_string_equal(page_word, pages == 1 ? "page" : "pages");
		assert_string_equal(chart_word, charts == 1 ? "chart" : "charts");
		assert_true(pages >= 1 && pages < res.pages);
		assert_true(charts >= 1 && charts <= res.charts);
		assert_non_null(strstr(events[page].text, "; about 0 s left)"));
	}
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

/* A copy of the KWB fixture in dir (the source the tests then break). */
static const char *copy_kwb(const char *dir)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/kwb.csv", dir);
	FILE *in = fopen(bp_test_fixture(KWB), "rb"), *out = fopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	return path;
}

/* Line 5's seventh field becomes text: the file fails validation at line 5. */
static void break_kwb(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	char *line = text;
	for (int i = 1; i < 5; i++)
		line = strchr(line, '\n') + 1;
	char *field = line;
	for (int i = 0; i < 6; i++)
		field = strchr(field, ';') + 1;
	char *end = strchr(field, ';');
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(text, 1, (size_t)(field - text), f);
	fputs("veel", f);
	fputs(end, f);
	fclose(f);
}

/* Today's date as a reader writes it with these month names ("6 december 2026"), computed here. */
static const char *today_with(const char *const months[12], char buf[64])
{
	/* The server's clock and time zone decide the date it writes: ask it for the numbers only. */
	const char *ymd = bp_test_scalar(bp_test_db.db.conn, "SELECT to_char(now(), 'YYYY-MM-DD')");
	int y, m, d;
	assert_int_equal(sscanf(ymd, "%d-%d-%d", &y, &m, &d), 3);
	snprintf(buf, 64, "%d %s %d", d, months[m - 1], y);
	return buf;
}

/* As the Dutch citations write it. */
static const char *dutch_today(void)
{
	static const char *const months[] = { "januari", "februari", "maart", "april", "mei", "juni", "juli",
	                                      "augustus", "september", "oktober", "november", "december" };
	static char buf[64];
	return today_with(months, buf);
}

/* As an English reader writes it ("7 December 2026"). */
static const char *english_today(void)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
	                                      "August", "September", "October", "November", "December" };
	static char buf[64];
	return today_with(months, buf);
}

static const char *read_file(const char *path)
{
	static char text[4 << 20];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	return text;
}

/*
 * Issue 19 item 1: the source loaded before fails validation on the next run.
 * The run goes on (res.stale 1), nothing of the broken file is loaded, the
 * page cites the KWB table with the stale note, and the history says so.
 */
static void test_stale_source(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	PGconn *conn = bp_test_db.db.conn;
	PQclear(PQexec(conn, "RESET ROLE"));   /* as a new session: the run before ended as buurtpeil_publish */
	const char *kwb = copy_kwb(dir);
	const char *cfg = write_config(dir, kwb);
	assert_int_equal(bp_monitor_load(cfg, a, &m, &err), BP_OK);
	if (bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err))
		fail_msg("first run: %s (%s)", err.message, err.detail);
	assert_int_equal(res.stale, 0);
	PQclear(PQexec(conn, "RESET ROLE"));
	char before[128];
	snprintf(before, sizeof(before), "%s", bp_test_scalar(conn,
	         "SELECT (SELECT count(*) FROM bp.source) || ',' || (SELECT count(*) FROM bp.observation_all)"));
	assert_string_equal(bp_test_scalarf(conn, "SELECT exit_status FROM bp.run WHERE id = %ld", res.run_id), "0");

	break_kwb(kwb);
	n_events = 0;
	bp_rc rc = bp_monitor_run(&bp_test_db.db, &m, record, NULL, a, &res, &err);
	if (rc)
		fail_msg("second run: %s (%s)", err.message, err.detail);
	assert_int_equal(res.stage, BP_STAGE_DONE);
	assert_int_equal(res.stale, 1);
	assert_int_equal(res.loaded, 0);
	assert_int_equal(res.unchanged, 1);   /* the experiences */
	PQclear(PQexec(conn, "RESET ROLE"));
	/* Not half-loaded: not one row of the broken file. */
	assert_string_equal(bp_test_scalar(conn,
	                    "SELECT (SELECT count(*) FROM bp.source) || ',' || (SELECT count(*) FROM bp.observation_all)"),
	                    before);
	assert_string_equal(bp_test_scalarf(conn, "SELECT exit_status FROM bp.run WHERE id = %ld", res.run_id), "3");
	assert_string_equal(bp_test_scalarf(conn, "SELECT status FROM bp.run_source WHERE run_id = %ld AND "
	                                          "source_key LIKE 'statline-csv %%'", res.run_id), "stale");
	const char *error = bp_test_scalarf(conn, "SELECT error FROM bp.run_source WHERE run_id = %ld AND "
	                                          "source_key LIKE 'statline-csv %%'", res.run_id);
	assert_non_null(strstr(error, "kwb.csv:5:"));
	assert_non_null(strstr(error, "'veel'"));
	/* Every stage recorded, each once, in order. */
	assert_string_equal(bp_test_scalarf(conn, "SELECT string_agg(stage, ',' ORDER BY seq) FROM bp.run_step "
	                                          "WHERE run_id = %ld", res.run_id),
	                    "sources,areas,experiences,compute,effects,publish role,reports,digest");

	/* The page cites KWB with the note: updated until today's first run, today's attempt failed. */
	char html[4096];
	snprintf(html, sizeof(html), "%s/out/GM0828.html", dir);
	const char *page = read_file(html);
	char note[256];
	snprintf(note, sizeof(note), "(bijgewerkt tot %s; de laatste poging op %s mislukte)", dutch_today(),
	         dutch_today());
	if (!strstr(page, note)) {
		const char *m1 = strstr(page, "mislukte"), *b = strstr(page, "Bron:");
		fail_msg("no '%s' in the page; near 'mislukte': %.300s; first 'Bron:': %.300s", note,
		         m1 ? (m1 - page > 200 ? m1 - 200 : page) : "(none)", b ? b : "(none)");
	}
	/* In English the page and the digest give the note in English, from its dates (not a
	 * translation of the Dutch sentence), and no Dutch word of it. */
	{
		char en_dir[2048], en_note[256];
		snprintf(en_dir, sizeof(en_dir), "%s/out-en", dir);
		snprintf(en_note, sizeof(en_note), "(updated to %s; the last attempt on %s failed)", english_today(),
		         english_today());
		bp_report_options ro = { .output_dir = en_dir, .indicators = &m.indicators, .layout = &m.layout,
		                         .lang = BP_LANG_EN, .no_png = 1 };
		bp_report_result rr = { 0 };
		assert_int_equal(mkdir(en_dir, 0755), 0);
		if (bp_report_gemeente(conn, &ro, "GM0828", &rr, &err))
			fail_msg("English page: %s (%s)", err.message, err.detail);
		snprintf(html, sizeof(html), "%s/GM0828.html", en_dir);
		const char *en_page = read_file(html);
		if (!strstr(en_page, en_note)) {
			const char *f = strstr(en_page, "failed"), *b = strstr(en_page, "Source:");
			fail_msg("no '%s' in the English page; near 'failed': %.300s; first 'Source:': %.300s", en_note,
			         f ? (f - en_page > 200 ? f - 200 : en_page) : "(none)", b ? b : "(none)");
		}
		assert_null(strstr(en_page, "bijgewerkt"));
		assert_null(strstr(en_page, "mislukte"));
		bp_digest dg;
		assert_int_equal(bp_digest_write(conn, res.run_id, m.cfg.name, "GM0828", en_dir, BP_LANG_EN, a, &dg, &err),
		                 BP_OK);
		snprintf(html, sizeof(html), "%s/GM0828-wijzigingen.txt", en_dir);
		const char *digest = read_file(html);
		snprintf(en_note, sizeof(en_note), ": updated to %s; the last attempt on %s failed", english_today(),
		         english_today());
		if (!strstr(digest, en_note))
			fail_msg("no '%s' in the English digest:\n%s", en_note, digest);
		assert_null(strstr(digest, "mislukte"));
		snprintf(html, sizeof(html), "%s/out/GM0828.html", dir);
	}
	/* The failing source's event carries its error. */
	int ev = find(BP_STAGE_SOURCES, "statline-csv");
	assert_int_equal(ev, -1);   /* no import event: it did not load */
	int warned = 0;
	for (size_t i = 0; i < n_events; i++)
		warned |= events[i].stage == BP_STAGE_SOURCES && strstr(events[i].text, "marked stale") != NULL;
	assert_true(warned);

	/* The maintainer's page in out/ (not the site): this run, its outcome, its stages with
	 * durations and the stale source with its error. */
	char runs_html[4096], h2[64];
	snprintf(runs_html, sizeof(runs_html), "%s/out/runs.html", dir);
	const char *runs = read_file(runs_html);
	snprintf(h2, sizeof(h2), "<h2>Run %ld</h2>", res.run_id);
	const char *this_run = strstr(runs, h2);
	assert_non_null(this_run);
	assert_non_null(strstr(this_run, "uitkomst: gepubliceerd, met verouderde bronnen."));
	assert_non_null(strstr(this_run, "<tr><td>compute</td><td>"));
	assert_non_null(strstr(this_run, "kwb.csv</td><td>verouderd</td><td>"));
	assert_non_null(strstr(this_run, "kwb.csv:5:"));
	snprintf(runs_html, sizeof(runs_html), "%s/out/site/runs.html", dir);
	assert_int_equal(access(runs_html, F_OK), -1);
	/* The same page in English (run --lang en): the outcome and a source's status in English words. */
	snprintf(runs_html, sizeof(runs_html), "%s/runs-en.html", dir);
	assert_int_equal(bp_report_runs_page(conn, m.cfg.name, 50, runs_html, BP_LANG_EN, &err), BP_OK);
	runs = read_file(runs_html);
	this_run = strstr(runs, h2);
	assert_non_null(strstr(runs, "<html lang=\"en\">"));
	assert_non_null(this_run);
	assert_non_null(strstr(this_run, "outcome: published, with stale sources."));
	assert_non_null(strstr(this_run, "kwb.csv</td><td>stale</td><td>"));
	assert_null(strstr(runs, "uitkomst"));
	assert_null(strstr(runs, "Bronnen"));

	/* Fixed again: fresh, and the note is gone. */
	copy_kwb(dir);
	assert_int_equal(bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err), BP_OK);
	assert_int_equal(res.stale, 0);
	assert_int_equal(res.unchanged, 2);
	assert_null(strstr(read_file(html), "mislukte"));
	PQclear(PQexec(conn, "RESET ROLE"));
	bp_arena_free(a);
}

/* mandatory: true: the same failure fails the run, recorded as failed with exit status 1. */
/* Centrum-Noord (BU08280001) gets 690 of its 695 inhabitants aged 65 or over (was 230). */
static void age_centrum_noord(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	const char *from = ";695;335;360;40;75;210;150;230\r\n", *to = ";695;335;360;1;1;1;2;690\r\n";
	char *at = strstr(text, from);
	assert_non_null(at);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(text, 1, (size_t)(at - text), f);
	fputs(to, f);
	fputs(at + strlen(from), f);
	fclose(f);
}

/*
 * Issue 19 item 4: the digest of what changed since the previous published
 * run, and the on_change hook (cp, no shell) given its path.
 */
static void test_digest(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	PGconn *conn = bp_test_db.db.conn;
	PQclear(PQexec(conn, "RESET ROLE"));
	const char *kwb = copy_kwb(dir);
	char extra[8192], hook[2048], digest[4096], hooked[4096];
	snprintf(hook, sizeof(hook), "%s/hook", dir);
	assert_int_equal(mkdir(hook, 0755), 0);
	snprintf(extra, sizeof(extra), "on_change: [cp, -t, %s]\n", hook);
	const char *cfg = write_config_with(dir, kwb, "");
	FILE *f = fopen(cfg, "a");
	fputs(extra, f);
	fclose(f);
	snprintf(digest, sizeof(digest), "%s/digests/GM0828-wijzigingen.txt", dir);
	snprintf(hooked, sizeof(hooked), "%s/GM0828-wijzigingen.txt", hook);
	assert_int_equal(bp_monitor_load(cfg, a, &m, &err), BP_OK);
	m.digest_dir = bp_arena_printf(a, "%s/digests", dir);

	/* A baseline run, then one with nothing changed: an empty digest, no hook. */
	assert_int_equal(bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err), BP_OK);
	PQclear(PQexec(conn, "RESET ROLE"));
	unlink(hooked);
	assert_int_equal(bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err), BP_OK);
	PQclear(PQexec(conn, "RESET ROLE"));
	assert_non_null(strstr(read_file(digest), "Nieuwe bronnen en perioden\n- geen\n"));
	assert_int_equal(res.digest_changes, 0);
	assert_int_equal(access(hooked, F_OK), -1);

	/* The constructed change. */
	age_centrum_noord(kwb);
	assert_int_equal(bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err), BP_OK);
	PQclear(PQexec(conn, "RESET ROLE"));
	const char *text = bp_arena_strdup(a, read_file(digest));   /* read_file's buffer is shared */
	/* The new vintage of the KWB table, its one period (2024) not new; the five cells of
	 * Centrum-Noord that age_centrum_noord changed, each from the fixture's figure to the
	 * new one; the five age shares of the buurt moved, but KWB counts have no interval, so
	 * no change is called significant; no other change. */
	char expect[4096];
	snprintf(expect, sizeof(expect), "Wat is er veranderd: Oss (GM0828)\n"
	         "Run %ld van %s, vergeleken met de vorige gepubliceerde run (%ld van %s).\n\n"
	         "Nieuwe bronnen en perioden\n- CBS, Kerncijfers wijken en buurten 2024 (85984NED): 2024\n\n"
	         "Herziene cijfers (een nieuwe versie van dezelfde tabel)\n"
	         "- 0 tot 15 jaar, Centrum-Noord (BU08280001), 2024: 40 → 1 (CBS 85984NED, vorige versie %s)\n"
	         "- 15 tot 25 jaar, Centrum-Noord (BU08280001), 2024: 75 → 1 (CBS 85984NED, vorige versie %s)\n"
	         "- 25 tot 45 jaar, Centrum-Noord (BU08280001), 2024: 210 → 1 (CBS 85984NED, vorige versie %s)\n"
	         "- 45 tot 65 jaar, Centrum-Noord (BU08280001), 2024: 150 → 2 (CBS 85984NED, vorige versie %s)\n"
	         "- 65 jaar of ouder, Centrum-Noord (BU08280001), 2024: 230 → 690 (CBS 85984NED, vorige versie %s)\n\n"
	         "Waarden die meer dan toevallig veranderden\n- geen\n"
	         "Verder veranderden 5 waarden zonder interval: of dat verschil meer is dan toeval, valt niet te "
	         "toetsen.\n\n"
	         "In het slechtste tiende gekomen\n- geen\n\n"
	         "Uit het slechtste tiende gegaan\n- geen\n\n"
	         "Interventies met een ander oordeel\n- geen\n",
	         res.run_id, dutch_today(), res.run_id - 1, dutch_today(), dutch_today(), dutch_today(), dutch_today(),
	         dutch_today(), dutch_today());
	assert_string_equal(text, expect);
	assert_int_equal(res.digest_changes, 6);
	snprintf(expect, sizeof(expect), "%s/digests/GM0828-wijzigingen.html", dir);
	const char *html = read_file(expect);
	assert_non_null(strstr(html, "<h1>Wat is er veranderd: Oss (GM0828)</h1>"));
	assert_non_null(strstr(html, "<h2>Nieuwe bronnen en perioden</h2>\n<ul>\n"
	                             "<li>CBS, Kerncijfers wijken en buurten 2024 (85984NED): 2024</li>\n</ul>"));
	/* The hook got the digest's path (cp copied it). */
	assert_string_equal(read_file(hooked), text);
	bp_arena_free(a);
}

static void test_mandatory_source(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	PGconn *conn = bp_test_db.db.conn;
	PQclear(PQexec(conn, "RESET ROLE"));   /* as a new session: the run before ended as buurtpeil_publish */
	const char *kwb = copy_kwb(dir);
	const char *cfg = write_config_with(dir, kwb, "    mandatory: true\n");
	assert_int_equal(bp_monitor_load(cfg, a, &m, &err), BP_OK);
	assert_int_equal(bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err), BP_OK);
	PQclear(PQexec(conn, "RESET ROLE"));
	break_kwb(kwb);
	bp_rc rc = bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_int_equal(res.stage, BP_STAGE_SOURCES);
	assert_non_null(strstr(err.where, "kwb.csv"));
	assert_int_equal(err.line, 5);
	assert_string_equal(bp_test_scalarf(conn, "SELECT exit_status || ' ' || (ended_at IS NOT NULL) FROM bp.run "
	                                          "WHERE id = %ld", res.run_id), "1 true");
	assert_string_equal(bp_test_scalarf(conn, "SELECT status FROM bp.run_source WHERE run_id = %ld AND "
	                                          "source_key LIKE 'statline-csv %%'", res.run_id), "failed");
	bp_arena_free(a);
}

/* A second run of a monitor while its lock is held is refused before it does anything; the lock
 * goes with the session that held it. */
static void test_lock(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	const char *cfg = write_config(dir, bp_test_fixture(KWB));
	assert_int_equal(bp_monitor_load(cfg, a, &m, &err), BP_OK);
	PQclear(PQexec(bp_test_db.db.conn, "RESET ROLE"));
	/* Another session holding the lock: what a run in another process holds (history.c). */
	PGconn *other = NULL;
	assert_int_equal(bp_db_connect(&bp_test_db.db, &other, &err), BP_OK);
	assert_string_equal(bp_test_scalar(other, "SELECT pg_try_advisory_lock(1651535221, hashtext('in-process'))"), "t");
	const char *runs_before = bp_test_scalar(bp_test_db.db.conn, "SELECT count(*) FROM bp.run");
	long n_runs = atol(runs_before);
	n_events = 0;
	bp_rc rc = bp_monitor_run(&bp_test_db.db, &m, record, NULL, a, &res, &err);
	assert_int_equal(rc, BP_ERR_DB);
	assert_string_equal(err.message, "another run of monitor 'in-process' is in progress");
	assert_int_equal(n_events, 0);
	assert_int_equal(atol(bp_test_scalar(bp_test_db.db.conn, "SELECT count(*) FROM bp.run")), n_runs);
	PQfinish(other);   /* the holder ends, however it ends: the lock goes with its session */
	rc = bp_monitor_run(&bp_test_db.db, &m, NULL, NULL, a, &res, &err);
	if (rc)
		fail_msg("run after the lock was released: %s", err.message);
	PQclear(PQexec(bp_test_db.db.conn, "RESET ROLE"));
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_failing_source, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_run_twice, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_stale_source, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_mandatory_source, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_digest, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_lock, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests_name("monitor run", tests, bp_test_db_setup, bp_test_db_teardown);
}
