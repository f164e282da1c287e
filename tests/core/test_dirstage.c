/*
 * test_dirstage: a folder replaced as a whole (the published site).  The
 * reader sees the old folder or the new one, never a mix: an aborted writer
 * leaves the old folder as it was, a committed one leaves only the new files
 * (stale ones go), and no staging folder is left behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/dirstage.h"
#include "pgtest.h"

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_first_publish(void **state)
{
	const char *tmp = *state;
	char site[512];
	snprintf(site, sizeof(site), "%s/out/site", tmp); /* the parent does not exist yet */
	bp_dirstage s;
	bp_error err = { 0 };
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	put(s.tmp, "index.html", "nieuw");
	assert_int_equal(access(site, F_OK), -1); /* nothing visible before the commit */
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	assert_string_equal(bp_test_listing(site), "index.html");
	char out[512];
	snprintf(out, sizeof(out), "%s/out", tmp);
	assert_string_equal(bp_test_listing(out), "site");
	bp_dirstage_abort(&s); /* after a commit: nothing to do */
	assert_string_equal(bp_test_listing(site), "index.html");
}

static void test_replace_and_abort(void **state)
{
	const char *tmp = *state;
	char site[512], sub[600];
	snprintf(site, sizeof(site), "%s/site", tmp);
	snprintf(sub, sizeof(sub), "%s/site/img", tmp);
	assert_int_equal(mkdir(site, 0755), 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	put(site, "index.html", "oud");
	put(site, "WK999901.html", "een wijk die niet meer in de monitor zit");
	put(sub, "WK999901.svg", "<svg/>");

	/* A writer that fails half-way: the old site stays whole. */
	bp_dirstage s;
	bp_error err = { 0 };
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	put(s.tmp, "index.html", "half");
	bp_dirstage_abort(&s);
	assert_string_equal(bp_test_listing(site), "WK999901.html,img,index.html");
	assert_string_equal(bp_test_listing(tmp), "site");

	/* A writer that finishes: only its files, the stale page is gone. */
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	put(s.tmp, "index.html", "nieuw");
	put(s.tmp, "WK999902.html", "de nieuwe wijk");
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	assert_string_equal(bp_test_listing(site), "WK999902.html,index.html");
	assert_string_equal(bp_test_listing(tmp), "site");
	char path[600];
	snprintf(path, sizeof(path), "%s/index.html", site);
	FILE *f = fopen(path, "r");
	char text[16] = { 0 };
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "nieuw");
}

static void test_abandoned_staging_removed(void **state)
{
	const char *tmp = *state;
	char site[512], dead[600], live[600];
	snprintf(site, sizeof(site), "%s/site", tmp);
	/* A pid that cannot exist (above pid_max's ceiling of 2^22) and our parent's, which runs. */
	snprintf(dead, sizeof(dead), "%s/site.new-2147480000", tmp);
	snprintf(live, sizeof(live), "%s/site.new-%ld", tmp, (long)getppid());
	assert_int_equal(kill(2147480000, 0), -1);
	assert_int_equal(mkdir(dead, 0755), 0);
	put(dead, "index.html", "van een gestopte schrijver");
	assert_int_equal(mkdir(live, 0755), 0);
	bp_dirstage s;
	bp_error err = { 0 };
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	char want[600];
	snprintf(want, sizeof(want), "site,site.new-%ld", (long)getppid());
	assert_string_equal(bp_test_listing(tmp), want);
}

static void test_target_not_a_folder(void **state)
{
	const char *tmp = *state;
	char site[512];
	snprintf(site, sizeof(site), "%s/site", tmp);
	put(tmp, "site", "een bestand, geen map");
	bp_dirstage s;
	bp_error err = { 0 };
	assert_int_equal(bp_dirstage_begin(&s, site, &err), BP_OK);
	put(s.tmp, "index.html", "nieuw");
	assert_int_not_equal(bp_dirstage_commit(&s, &err), BP_OK);
	assert_string_equal(err.where, site);
	bp_dirstage_abort(&s);
	assert_string_equal(bp_test_listing(tmp), "site"); /* the file is untouched, no staging left */
}

/* out/site linked to a web server's folder: the folder it points to is
 * replaced, the link stays a link. */
static void test_symlinked_target(void **state)
{
	const char *tmp = *state;
	char www[512], link[512];
	snprintf(www, sizeof(www), "%s/www", tmp);
	snprintf(link, sizeof(link), "%s/site", tmp);
	assert_int_equal(mkdir(www, 0755), 0);
	put(www, "oud.html", "oud");
	assert_int_equal(symlink(www, link), 0);
	bp_dirstage s;
	bp_error err = { 0 };
	assert_int_equal(bp_dirstage_begin(&s, link, &err), BP_OK);
	put(s.tmp, "index.html", "nieuw");
	assert_int_equal(bp_dirstage_commit(&s, &err), BP_OK);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(bp_test_listing(www), "index.html");
	assert_string_equal(bp_test_listing(tmp), "site,www");
}

static void test_remove_tree_keeps_link_targets(void **state)
{
	const char *tmp = *state;
	char keep[512], tree[512], link[600];
	snprintf(keep, sizeof(keep), "%s/keep", tmp);
	snprintf(tree, sizeof(tree), "%s/tree", tmp);
	snprintf(link, sizeof(link), "%s/tree/to-keep", tmp);
	assert_int_equal(mkdir(keep, 0755), 0);
	put(keep, "precious.txt", "x");
	assert_int_equal(mkdir(tree, 0755), 0);
	assert_int_equal(symlink(keep, link), 0);
	bp_error err = { 0 };
	assert_int_equal(bp_remove_tree(tree, &err), BP_OK);
	assert_string_equal(bp_test_listing(tmp), "keep");
	assert_string_equal(bp_test_listing(keep), "precious.txt");
	assert_int_equal(bp_remove_tree(tree, &err), BP_OK); /* gone already: fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_publish, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_replace_and_abort, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_abandoned_staging_removed, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_target_not_a_folder, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_symlinked_target, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_remove_tree_keeps_link_targets, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
