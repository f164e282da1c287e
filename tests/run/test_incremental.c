/*
 * test_incremental.c: issue 19 item 2, the incremental run, in-process on a
 * real PostgreSQL (support/pgtest.c), two gemeenten with pages, PDFs, needs
 * overviews and the site:
 *
 *   - a second run with nothing changed rewrites no file: every file of the
 *     output folder (site included) keeps its inode, mtime and bytes;
 *   - a changed source of one gemeente (its own experiences file, which no
 *     comparison reads) rewrites files of that gemeente only;
 *   - the result equals a full re-render (run --full) byte for byte, PDFs
 *     included (they carry no creation date);
 *   - a full run with 2 workers (jobs: 2, core/workpool.h) writes the same
 *     files, byte for byte, as one with 1 (test_jobs); the site's wide
 *     profile charts of wijken are out/'s files (hard links, drawn once),
 *     and the site is the one `publish` draws from scratch, byte for byte.
 *
 * Each run is a process of its own, as from cron (see run()).
 *
 * OUT/runs.html is the one file that changes with every run (it lists this
 * run); the digests go to a folder of their own.  HTML footers say the day a
 * page was made: compared without that date, so a test that crosses
 * midnight does not fail.
 */
#define _GNU_SOURCE /* nftw's FTW_PHYS */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "core/manifest.h"
#include "pgtest.h"
#include "report/site.h"
#include "run/monitor_run.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
#define MAX_FILES 4096

typedef struct file_state {
	char rel[512];
	ino_t ino;
	struct timespec mtime;
	char sha[65];            /* of the bytes, an HTML footer's date left out */
} file_state;

typedef struct snapshot {
	size_t n;
	file_state f[MAX_FILES];
} snapshot;

static snapshot *walking;
static size_t root_len;

/* "Gemaakt met buurtpeil 0.1.0 op 06-12-2026.": the date goes, the rest is compared. */
static void hash_without_footer_date(const char *path, char sha[65])
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char text[8 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	assert_true(feof(f));
	fclose(f);
	text[n] = 0;
	const char *mark = " op ";
	char *at = strstr(text, "<p>Gemaakt met buurtpeil ");
	if (at && (at = strstr(at, mark)) && n - (size_t)(at - text) > 14)
		memset(at + strlen(mark), 'D', 10);
	bp_sha256_hex(text, n, sha);
}

static int one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	const char *rel = path + root_len + 1;
	if (strcmp(rel, "runs.html") == 0)
		return 0;
	assert_true(walking->n < MAX_FILES);
	file_state *fs = &walking->f[walking->n++];
	snprintf(fs->rel, sizeof(fs->rel), "%s", rel);
	fs->ino = st->st_ino;
	fs->mtime = st->st_mtim;
	hash_without_footer_date(path, fs->sha);
	return 0;
}

static int by_rel(const void *p, const void *q)
{
	return strcmp(((const file_state *)p)->rel, ((const file_state *)q)->rel);
}

static void take(snapshot *s, const char *out)
{
	s->n = 0;
	walking = s;
	root_len = strlen(out);
	assert_int_equal(nftw(out, one, 16, FTW_PHYS), 0);
	qsort(s->f, s->n, sizeof(*s->f), by_rel);
}

static const file_state *find(const snapshot *s, const char *rel)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->f[i].rel, rel) == 0)
			return &s->f[i];
	return NULL;
}

/* Whether the file was written again (another inode or mtime), or came or went. */
static int touched(const file_state *a, const file_state *b)
{
	return !a || !b || a->ino != b->ino || a->mtime.tv_sec != b->mtime.tv_sec || a->mtime.tv_nsec != b->mtime.tv_nsec;
}

/* Hilversum's experiences of the example file (GM0402's wijken), a source of that gemeente alone. */
static const char *write_experiences(const char *dir, const char *change)
{
	static char path[4096], from[4096];
	snprintf(path, sizeof(path), "%s/ervaringen-hilversum.csv", dir);
	snprintf(from, sizeof(from), "%s/experiences/voorbeeld-oss-hilversum.csv", getenv("BP_SOURCE_ROOT"));
	FILE *in = fopen(from, "rb"), *out = fopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char line[8192];
	int first = 1, rows = 0;
	while (fgets(line, sizeof(line), in)) {
		if (first || strncmp(line, "WK0402", 6) == 0 || strncmp(line, "BU0402", 6) == 0) {
			const char *at = !first && change ? strstr(line, "VOORBEELD (verzonnen).") : NULL;
			if (at && rows == 0)
				fprintf(out, "%.*sVOORBEELD (verzonnen, gewijzigd).%s", (int)(at - line), line,
				        at + strlen("VOORBEELD (verzonnen)."));
			else
				fputs(line, out);
			rows += !first;
		}
		first = 0;
	}
	fclose(in);
	fclose(out);
	assert_true(rows > 0);
	return path;
}

static const char *write_config(const char *dir)
{
	static char path[4096];
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(path, sizeof(path), "%s/monitor.yaml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	        "name: incremental\n"
	        "gemeenten: [GM0828, GM0402]\n"
	        "sources:\n"
	        "  - type: statline-csv\n"
	        "    file: %s\n"
	        "    year: 2024\n"
	        "  - type: experiences\n"
	        "    file: %s/ervaringen-hilversum.csv\n"
	        "indicators: %s/indicators\n"
	        "charts: %s/charts\n"
	        "output: out\n"
	        "areas: %s/areas\n"
	        "pdf: true\n"
	        "needs_overview: true\n"
	        "publish: true\n",
	        bp_test_fixture(KWB), dir, root, root, root);
	fclose(f);
	return path;
}

/* The site stage's line per gemeente of the last run (its progress on a terminal). */
typedef struct site_lines {
	int n;
	char text[4][600];
} site_lines;

static site_lines seen_site;

static void record_site(void *ctx, const bp_monitor_event *ev)
{
	(void)ctx;
	if (ev->stage == BP_STAGE_SITE && ev->gemeente && seen_site.n < 4)
		snprintf(seen_site.text[seen_site.n++], sizeof(seen_site.text[0]), "%s", ev->text);
}

/*
 * One run as `buurtpeil run` makes it: in a process of its own (forked, on a
 * connection of its own), so each starts with lib/render's process-wide text
 * caches empty, as a run from cron does.
 */
static void run(bp_monitor *m, bp_monitor_result *res)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&seen_site, 0, sizeof(seen_site));   /* the child starts with none; the parent gets its lines */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		bp_db db = bp_test_db.db;
		bp_error err = { 0 };
		bp_arena *a = bp_arena_new();
		int ok = bp_db_connect(&bp_test_db.db, &db.conn, &err) == BP_OK &&
		         bp_monitor_run(&db, m, record_site, NULL, a, res, &err) == BP_OK;
		if (!ok)
			fprintf(stderr, "run: %s (%s) at %s\n", err.message, err.detail, err.where);
		ok = ok && write(fds[1], res, sizeof(*res)) == (ssize_t)sizeof(*res) &&
		     write(fds[1], &seen_site, sizeof(seen_site)) == (ssize_t)sizeof(seen_site);
		_exit(ok ? 0 : 1);   /* no cmocka or atexit handlers of the parent in the child */
	}
	close(fds[1]);
	ssize_t got = read(fds[0], res, sizeof(*res));
	if (got == (ssize_t)sizeof(*res) && read(fds[0], &seen_site, sizeof(seen_site)) != (ssize_t)sizeof(seen_site))
		got = -1;
	close(fds[0]);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof(*res))
		fail_msg("the run failed (its error is above)");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* For the log only: the test asserts no time. */
	print_message("run%s: %.2f s, %ld output group(s) kept\n", m->full ? " --full" : "",
	              (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, res->kept);
}

static void test_incremental(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	static snapshot first, second, third, forced;
	char out[4096];
	snprintf(out, sizeof(out), "%s/out", dir);
	write_experiences(dir, NULL);
	assert_int_equal(bp_monitor_load(write_config(dir), a, &m, &err), BP_OK);
	m.digest_dir = bp_arena_printf(a, "%s/digests", dir);

	run(&m, &res);
	assert_int_equal(res.kept, 0);
	take(&first, out);
	/* Pages, charts and PDFs of both gemeenten, out/ and the site. */
	assert_non_null(find(&first, "GM0828.html"));
	assert_non_null(find(&first, "GM0402.html"));
	assert_non_null(find(&first, "site/GM0402.html"));
	assert_non_null(find(&first, "site/pdf/GM0828.pdf"));
	assert_non_null(find(&first, "site/.buurtpeil-manifest"));
	assert_true(first.n > 50);
	/* The site's progress: a line per gemeente in the configuration's order, the last with nothing left. */
	assert_int_equal(seen_site.n, 2);
	char want[4096];
	assert_true(snprintf(want, sizeof(want), "publish: %s/site/GM0828.html (1 of 2 gemeenten; ", out) < (int)sizeof(want));
	assert_true(strncmp(seen_site.text[0], want, strlen(want)) == 0);
	assert_true(snprintf(want, sizeof(want), "publish: %s/site/GM0402.html (2 of 2 gemeenten; ", out) < (int)sizeof(want));
	assert_true(strncmp(seen_site.text[1], want, strlen(want)) == 0);
	assert_non_null(strstr(seen_site.text[1], "; about 0 s left)"));
	/* Each PDF drawn once: the site's is the file the reports wrote (a hard link), byte for byte. */
	const file_state *pdf = find(&first, "GM0828.pdf"), *site_pdf = find(&first, "site/pdf/GM0828.pdf");
	assert_non_null(pdf);
	assert_true(site_pdf->ino == pdf->ino);
	assert_string_equal(site_pdf->sha, pdf->sha);

	/* Nothing changed: no file written, the output groups all kept (2 gemeenten, index, site). */
	sleep(1);   /* a file written again would get another mtime even on a coarse clock */
	run(&m, &res);
	take(&second, out);
	assert_int_equal(res.kept, 4);
	assert_int_equal(res.pages, 0);
	assert_int_equal(seen_site.n, 0);   /* the site left as it was: no gemeente to report */
	assert_int_equal(second.n, first.n);
	for (size_t i = 0; i < first.n; i++) {
		assert_string_equal(second.f[i].rel, first.f[i].rel);
		if (touched(&first.f[i], &second.f[i]))
			fail_msg("%s was written again with nothing changed", first.f[i].rel);
		assert_string_equal(second.f[i].sha, first.f[i].sha);
	}

	/* Hilversum's own experiences change: only files of GM0402 are written (the manifests say so). */
	write_experiences(dir, "change");
	run(&m, &res);
	take(&third, out);
	assert_int_equal(res.kept, 2);   /* GM0828 and OUT/index.html */
	long changed_bytes = 0;
	for (size_t i = 0; i < third.n; i++) {
		const file_state *was = find(&second, third.f[i].rel);
		if (!touched(was, &third.f[i]))
			continue;
		const char *rel = third.f[i].rel;
		if (!strstr(rel, "0402") && strcmp(rel, ".buurtpeil-manifest") != 0 &&
		    strcmp(rel, "site/.buurtpeil-manifest") != 0)
			fail_msg("%s was written again, but only Hilversum's inputs changed", rel);
		changed_bytes += was && strcmp(was->sha, third.f[i].sha) != 0;
	}
	for (size_t i = 0; i < second.n; i++)
		assert_non_null(find(&third, second.f[i].rel));   /* nothing went */
	assert_true(changed_bytes >= 1);   /* the page with the changed experience */
	const file_state *oss = find(&third, "GM0828/WK082801.html");
	assert_non_null(oss);
	assert_false(touched(find(&second, "GM0828/WK082801.html"), oss));

	/* The same as rendering everything again. */
	m.full = 1;
	run(&m, &res);
	assert_int_equal(res.kept, 0);
	take(&forced, out);
	assert_int_equal(forced.n, third.n);
	for (size_t i = 0; i < third.n; i++) {
		assert_string_equal(forced.f[i].rel, third.f[i].rel);
		if (strcmp(forced.f[i].sha, third.f[i].sha) != 0)
			fail_msg("%s differs from a full render", third.f[i].rel);
	}
	bp_arena_free(a);
}

/* The site as `buurtpeil publish` draws it, everything drawn (no reuse, no links), into dir, with 2 workers (each
 * gemeente's needs overview beside its area pages); in a process of its own as run(). */
static void publish_drawn(const bp_monitor *m, const char *dir)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		bp_db db = bp_test_db.db;
		bp_error err = { 0 };
		bp_site_result sres;
		const bp_site_options so = { .workers = bp_report_workers_for(&bp_test_db.db, 2) };
		int ok = bp_db_connect(&bp_test_db.db, &db.conn, &err) == BP_OK &&
		         bp_db_publish_role(db.conn, &err) == BP_OK &&
		         bp_site_publish_workers(db.conn, &m->indicators, &m->layout, m->cfg.gemeenten, m->cfg.n_gemeenten,
		                                 dir, NULL, &so,
		                                 m->cfg.lang, &sres, &err) == BP_OK;
		if (ok && sres.workers != 2) {
			ok = 0;
			snprintf(err.message, sizeof(err.message), "publish used %d worker(s), not 2", sres.workers);
		}
		if (!ok)
			fprintf(stderr, "publish: %s (%s) at %s\n", err.message, err.detail, err.where);
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("publish failed (its error is above)");
}

/* Each wide profile chart of a wijk drawn once: the site's file is out/'s (in the first run: a later one
 * links the published site's file of the same bytes instead, to keep its inode and mtime). */
static void check_drawn_once(const snapshot *t)
{
	int linked = 0;
	for (size_t i = 0; i < t->n; i++) {
		const char *rel = t->f[i].rel;
		if (strncmp(rel, "site/img/WK", 11) != 0 || !strstr(rel, "-profiel-") || strstr(rel, "-smal."))
			continue;
		char gm[4096];
		snprintf(gm, sizeof(gm), "GM%.4s/%s", rel + 11, rel + strlen("site/img/"));
		const file_state *o = find(t, gm);
		assert_non_null(o);
		if (o->ino != t->f[i].ino)
			fail_msg("%s was drawn again: not the file %s", rel, gm);
		linked++;
	}
	assert_true(linked > 10);
}

/* And the site is what drawing everything gives (its PDFs and charts linked from out/ included). */
static void check_as_drawn(const bp_monitor *m, const snapshot *t, const char *dir, const char *name)
{
	static snapshot drawn;
	char dir_drawn[4096];
	snprintf(dir_drawn, sizeof(dir_drawn), "%s/%s", dir, name);
	publish_drawn(m, dir_drawn);
	take(&drawn, dir_drawn);
	size_t compared = 0;
	for (size_t i = 0; i < t->n; i++) {
		const char *rel = t->f[i].rel;
		if (strncmp(rel, "site/", 5) != 0 || strstr(rel, "/.buurtpeil-"))
			continue;
		const file_state *d = find(&drawn, rel + 5);
		if (!d)
			fail_msg("%s is not in the site publish draws", rel);
		if (strcmp(d->sha, t->f[i].sha) != 0)
			fail_msg("%s differs from the site publish draws", rel);
		compared++;
	}
	assert_true(compared > 100);
}

/* Publishing's workers change nothing in what is written: the tree of 2 workers is that of 1. */
static void test_jobs(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	static snapshot one_worker, two_workers;
	char out[4096];
	snprintf(out, sizeof(out), "%s/out", dir);
	write_experiences(dir, NULL);
	assert_int_equal(bp_monitor_load(write_config(dir), a, &m, &err), BP_OK);
	m.digest_dir = bp_arena_printf(a, "%s/digests", dir);
	m.full = 1;
	m.cfg.jobs = 1;
	run(&m, &res);
	assert_int_equal(res.site_workers, 1);
	take(&one_worker, out);
	long pages = res.pages;
	m.cfg.jobs = 2;
	run(&m, &res);
	assert_int_equal(res.site_workers, 2);
	take(&two_workers, out);
	assert_int_equal(res.pages, pages);
	/* The site's progress still a line per gemeente, in order, with workers. */
	assert_int_equal(seen_site.n, 2);
	assert_non_null(strstr(seen_site.text[0], "GM0828.html (1 of 2 gemeenten; "));
	assert_non_null(strstr(seen_site.text[1], "GM0402.html (2 of 2 gemeenten; "));
	assert_true(one_worker.n > 50);
	assert_int_equal(two_workers.n, one_worker.n);
	for (size_t i = 0; i < one_worker.n; i++) {
		assert_string_equal(two_workers.f[i].rel, one_worker.f[i].rel);
		if (strcmp(two_workers.f[i].sha, one_worker.f[i].sha) != 0)
			fail_msg("%s differs between 1 and 2 workers", one_worker.f[i].rel);
	}
	check_drawn_once(&one_worker);
	check_as_drawn(&m, &two_workers, dir, "drawn");
	/* In English (lang: en) the site links out/'s files too: the reports are English in the same run. */
	static snapshot english;
	m.cfg.lang = BP_LANG_EN;
	run(&m, &res);
	take(&english, out);
	check_drawn_once(&english);
	check_as_drawn(&m, &english, dir, "drawn-en");
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_incremental, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_jobs, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests_name("incremental run", tests, bp_test_db_setup, bp_test_db_teardown);
}
