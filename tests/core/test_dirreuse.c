/*
 * test_dirreuse.c: files of a staged folder taken over from the published
 * one (core/dirreuse.h), and the manifest beside them (core/manifest.h):
 * a linked file is the published file (same inode and mtime), a file
 * written the same is linked before the switch, a file written otherwise
 * stays new, the list of files a writer wrote, and the manifest read back
 * as it was saved (key order, values with spaces, a missing file).
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
#include "core/dirreuse.h"
#include "core/dirstage.h"
#include "core/fsutil.h"
#include "core/manifest.h"
#include "pgtest.h"

static void put(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	bp_error err = { 0 };
	assert_true(snprintf(path, sizeof(path), "%s/%s", dir, rel) < (int)sizeof(path));
	char *slash = strrchr(path, '/');
	*slash = 0;
	assert_int_equal(bp_mkdir_p(path, 0755, &err), BP_OK);
	*slash = '/';
	assert_int_equal(bp_file_write_atomic(path, text, strlen(text), &err), BP_OK);
}

static ino_t ino(const char *dir, const char *rel)
{
	char path[4096];
	struct stat st;
	assert_true(snprintf(path, sizeof(path), "%s/%s", dir, rel) < (int)sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static void test_reuse(void **state)
{
	const char *tmp = *state;
	char site[4096];
	snprintf(site, sizeof(site), "%s/site", tmp);
	bp_error err = { 0 };
	bp_arena *a = bp_arena_new();

	/* The published site. */
	bp_dirstage s;
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	put(s.tmp, "GM0828.html", "oss");
	put(s.tmp, "img/kaart.svg", "<svg/>");
	put(s.tmp, "index.html", "index 1");
	put(s.tmp, "same.html", "same");
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	ino_t oss = ino(site, "GM0828.html"), map = ino(site, "img/kaart.svg"), same = ino(site, "same.html");

	/* The next: Oss linked, the rest written, one of them the same as before. */
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	assert_int_equal(bp_dirreuse_link(&s, "GM0828.html", &err), BP_OK);
	assert_int_equal(bp_dirreuse_link(&s, "img/kaart.svg", &err), BP_OK);
	assert_int_equal(bp_dirreuse_link(&s, "absent.html", &err), BP_ERR_NOT_FOUND);
	bp_error_clear(&err);
	GHashTable *before = bp_dirreuse_snapshot(&s);
	put(s.tmp, "index.html", "index 2");
	put(s.tmp, "same.html", "same");
	put(s.tmp, "img/kaart.svg", "<svg/>");   /* written over a linked file: a new inode */
	assert_string_equal(bp_dirreuse_written(&s, before, a), "img/kaart.svg index.html same.html");
	/* The same snapshot for the next group: it holds the files now, so only what that group writes is
	 * listed; a file it added itself (a group linked, not written) is not. */
	put(s.tmp, "img/b.svg", "<svg/>");
	put(s.tmp, "index.html", "index 2");   /* written again: another inode */
	put(s.tmp, "c.html", "c");
	bp_dirreuse_snapshot_add(&s, before, "c.html");
	assert_string_equal(bp_dirreuse_written(&s, before, a), "img/b.svg index.html");
	assert_string_equal(bp_dirreuse_written(&s, before, a), "");
	unlink(bp_arena_printf(a, "%s/img/b.svg", s.tmp));
	unlink(bp_arena_printf(a, "%s/c.html", s.tmp));
	g_hash_table_destroy(before);
	long kept = 0;
	assert_int_equal(bp_dirreuse_relink(&s, &kept, &err), BP_OK);
	assert_int_equal(kept, 3);   /* Oss linked; the map and same.html came out the same */
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	assert_true(ino(site, "GM0828.html") == oss);
	assert_true(ino(site, "img/kaart.svg") == map);
	assert_true(ino(site, "same.html") == same);
	const char *rel = "index.html";
	char path[4096], *data;
	size_t len;
	assert_true(snprintf(path, sizeof(path), "%s/%s", site, rel) < (int)sizeof(path));
	assert_int_equal(bp_file_read_all(path, a, &data, &len, &err), BP_OK);
	assert_string_equal(data, "index 2");

	/* A name with a space cannot be listed. */
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	before = bp_dirreuse_snapshot(&s);
	put(s.tmp, "a b.html", "x");
	assert_null(bp_dirreuse_written(&s, before, a));
	g_hash_table_destroy(before);
	bp_dirstage_abort(&s);
	bp_arena_free(a);
}

/* A file of another output of the same run (the reports' PDF) linked into the staged site, and the published
 * site's file of the same bytes preferred before the switch. */
static void test_link_from(void **state)
{
	const char *tmp = *state;
	char site[4096], out[4096], from[4096];
	snprintf(site, sizeof(site), "%s/site", tmp);
	snprintf(out, sizeof(out), "%s/out", tmp);
	assert_true(snprintf(from, sizeof(from), "%s/GM0828/BU1.pdf", out) < (int)sizeof(from));
	bp_error err = { 0 };
	put(out, "GM0828/BU1.pdf", "pdf 1");
	put(out, "GM0828/BU2.pdf", "pdf 2");

	bp_dirstage s;
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	assert_int_equal(bp_dirreuse_link_from(&s, from, "pdf/BU1.pdf", &err), BP_OK);
	assert_true(ino(s.tmp, "pdf/BU1.pdf") == ino(out, "GM0828/BU1.pdf"));
	assert_int_equal(bp_dirreuse_link_from(&s, "/nonexistent/BU3.pdf", "pdf/BU3.pdf", &err), BP_ERR_NOT_FOUND);
	bp_error_clear(&err);
	char absent[4096];
	assert_true(snprintf(absent, sizeof(absent), "%s/pdf/BU3.pdf", s.tmp) < (int)sizeof(absent));
	assert_int_equal(access(absent, F_OK), -1);
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	ino_t published = ino(site, "pdf/BU1.pdf");

	/* The reports write it again (a new inode, the same bytes): the site keeps the published file. */
	put(out, "GM0828/BU1.pdf", "pdf 1");
	assert_true(ino(out, "GM0828/BU1.pdf") != published);
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	assert_int_equal(bp_dirreuse_link_from(&s, from, "pdf/BU1.pdf", &err), BP_OK);
	assert_true(snprintf(from, sizeof(from), "%s/GM0828/BU2.pdf", out) < (int)sizeof(from));
	assert_int_equal(bp_dirreuse_link_from(&s, from, "pdf/BU2.pdf", &err), BP_OK);
	long kept = 0;
	assert_int_equal(bp_dirreuse_relink(&s, &kept, &err), BP_OK);
	assert_int_equal(kept, 1);   /* BU1 as published; BU2 is new */
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	assert_true(ino(site, "pdf/BU1.pdf") == published);
	assert_true(ino(site, "pdf/BU2.pdf") == ino(out, "GM0828/BU2.pdf"));
}

static void test_manifest(void **state)
{
	const char *tmp = *state;
	char path[4096];
	snprintf(path, sizeof(path), "%s/manifest", tmp);
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_manifest m;
	assert_int_equal(bp_manifest_load(path, a, &m, &err), BP_OK);   /* missing: empty */
	assert_int_equal(m.n, 0);
	bp_manifest_set(&m, "site", "abc");
	bp_manifest_set(&m, "files GM0828", "GM0828.html img/a.svg");
	bp_manifest_set(&m, "gemeente GM0828", "old");
	bp_manifest_set(&m, "gemeente GM0828", "def");
	bp_manifest_set(&m, "index", "gone");
	bp_manifest_set(&m, "index", NULL);
	assert_int_equal(bp_manifest_save(&m, path, &err), BP_OK);
	char *data;
	size_t len;
	assert_int_equal(bp_file_read_all(path, a, &data, &len, &err), BP_OK);
	const char *body = strchr(data, '\n') + 1;   /* after the comment line */
	assert_string_equal(body, "files GM0828\tGM0828.html img/a.svg\ngemeente GM0828\tdef\nsite\tabc\n");
	bp_manifest back;
	assert_int_equal(bp_manifest_load(path, a, &back, &err), BP_OK);
	assert_string_equal(bp_manifest_get(&back, "gemeente GM0828"), "def");
	assert_string_equal(bp_manifest_get(&back, "files GM0828"), "GM0828.html img/a.svg");
	assert_null(bp_manifest_get(&back, "index"));
	/* A line without a tab: an error at its line. */
	FILE *f = fopen(path, "a");
	fputs("broken line\n", f);
	fclose(f);
	assert_int_equal(bp_manifest_load(path, a, &back, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 5);
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reuse, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_link_from, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_manifest, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
