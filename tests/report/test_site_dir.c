/*
 * test_site_dir: publish replaces its folder whole, so it refuses a folder
 * it did not write (bp_site_check_out_dir): a folder with someone's files is
 * refused naming the folder, unless forced; a new, empty or marked folder
 * (or a site of a version before the marker) is fine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "report/assets.h"
#include "report/site.h"
#include "pgtest.h"

static void put(const char *dir, const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("x", f);
	fclose(f);
}

static void test_out_dir(void **state)
{
	const char *tmp = *state;
	char dir[1024];
	bp_error err = { 0 };

	snprintf(dir, sizeof(dir), "%s/new", tmp);
	assert_int_equal(bp_site_check_out_dir(dir, 0, &err), BP_OK);    /* not there yet */
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(bp_site_check_out_dir(dir, 0, &err), BP_OK);    /* empty */

	/* Someone's folder: refused, with the folder and the way out named. */
	snprintf(dir, sizeof(dir), "%s/home", tmp);
	assert_int_equal(mkdir(dir, 0755), 0);
	put(dir, "belastingaangifte.pdf");
	put(dir, "index.html");
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_site_check_out_dir(dir, 0, &err), BP_ERR_USAGE);
	assert_string_equal(err.where, dir);
	assert_non_null(strstr(err.message, "not a site buurtpeil published"));
	assert_non_null(strstr(err.hint, "--force"));
	assert_int_equal(bp_site_check_out_dir(dir, 1, &err), BP_OK);    /* forced */

	/* The marker lets it through. */
	put(dir, BP_SITE_MARKER);
	assert_int_equal(bp_site_check_out_dir(dir, 0, &err), BP_OK);

	/* A site of an earlier version (no marker yet): index.html, site.css, site.js. */
	snprintf(dir, sizeof(dir), "%s/old-site", tmp);
	assert_int_equal(mkdir(dir, 0755), 0);
	put(dir, "index.html");
	put(dir, "site.css");
	put(dir, "site.js");
	put(dir, "WK082801.html");
	assert_int_equal(bp_site_check_out_dir(dir, 0, &err), BP_OK);

	/* A file where the folder should be. */
	snprintf(dir, sizeof(dir), "%s/file", tmp);
	put(tmp, "file");
	assert_int_equal(bp_site_check_out_dir(dir, 1, &err), BP_ERR_USAGE);
}

/* A name without spaces (6,000 characters) wraps instead of widening the
 * page (issue 24): the stylesheet lets any word break. */
static void test_css_wraps_long_names(void **state)
{
	(void)state;
	const char *body = strstr(bp_asset_pages_css.data, "body{");
	assert_non_null(body);
	const char *end = strchr(body, '}');
	const char *wrap = strstr(body, "overflow-wrap:anywhere");
	assert_non_null(wrap);
	assert_true(wrap < end);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_out_dir, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test(test_css_wraps_long_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
