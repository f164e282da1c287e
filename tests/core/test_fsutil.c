/*
 * test_fsutil: atomic writes (the old content or the new, never a torn
 * file, never a stray temporary), mkdir -p, SHA-256 and path helpers.
 * Each test works in a fresh folder under /tmp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/fsutil.h"
#include "pgtest.h"

static const char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void write_plain(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_write_atomic_replaces(void **state)
{
	const char *dir = *state;
	char path[512];
	bp_error err = { 0 };
	snprintf(path, sizeof(path), "%s/report.html", dir);

	assert_int_equal(bp_file_write_atomic(path, "old report", 10, &err), BP_OK);
	assert_string_equal(slurp(path), "old report");
	assert_int_equal(bp_file_write_atomic(path, "new", 3, &err), BP_OK);
	assert_string_equal(slurp(path), "new");          /* replaced, not appended or overlaid */
	assert_string_equal(bp_test_listing(dir), "report.html");  /* no temporary left */

	/* Binary data with NULs is written as given. */
	static const char bin[] = { 'a', '\0', 'b', '\n', '\0' };
	assert_int_equal(bp_file_write_atomic(path, bin, sizeof(bin), &err), BP_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, sizeof(bin));

	/* Empty content gives an empty file. */
	assert_int_equal(bp_file_write_atomic(path, "", 0, &err), BP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_string_equal(bp_test_listing(dir), "report.html");
}

static void test_write_into_missing_folder(void **state)
{
	const char *dir = *state;
	char path[512];
	bp_error err = { 0 };
	snprintf(path, sizeof(path), "%s/no-such-folder/out.html", dir);

	assert_int_equal(bp_file_write_atomic(path, "x", 1, &err), BP_ERR_IO);
	assert_int_equal(err.rc, BP_ERR_IO);
	assert_string_equal(err.where, path);
	assert_non_null(strstr(err.message, "cannot write"));
	assert_string_equal(bp_test_listing(dir), "");   /* neither the folder nor a temporary */
}

static void test_tmpfile_abort_and_commit(void **state)
{
	const char *dir = *state;
	char path[512];
	bp_error err = { 0 };
	bp_tmpfile t;
	snprintf(path, sizeof(path), "%s/chart.svg", dir);

	/* Abort: the temporary goes, the final name never appears. */
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_OK);
	assert_string_equal(t.path, path);
	assert_int_not_equal(strcmp(t.tmp, path), 0);
	assert_non_null(strstr(t.tmp, dir));     /* beside the final name: same file system */
	write_plain(t.tmp, "half a chart");
	assert_int_equal(access(t.tmp, F_OK), 0);
	bp_tmpfile_abort(&t);
	assert_string_equal(bp_test_listing(dir), "");
	bp_tmpfile_abort(&t);                     /* twice is harmless */

	/* An existing file survives an aborted rewrite. */
	write_plain(path, "previous");
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_OK);
	write_plain(t.tmp, "torn");
	bp_tmpfile_abort(&t);
	assert_string_equal(slurp(path), "previous");
	assert_string_equal(bp_test_listing(dir), "chart.svg");

	/* Commit: the temporary becomes the final name; a later abort keeps it. */
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_OK);
	write_plain(t.tmp, "complete");
	assert_int_equal(bp_tmpfile_commit(&t, &err), BP_OK);
	bp_tmpfile_abort(&t);
	assert_string_equal(slurp(path), "complete");
	assert_string_equal(bp_test_listing(dir), "chart.svg");

	/* The temporary exists from begin on (created, never opened by name twice):
	 * a commit of one never written gives an empty file. */
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_OK);
	assert_int_equal(access(t.tmp, F_OK), 0);
	assert_int_equal(bp_tmpfile_commit(&t, &err), BP_OK);
	assert_string_equal(slurp(path), "");
}

/* A symbolic link planted at the old predictable temporary name (PATH.tmp-PID)
 * is not followed: the file it points to stays as it was. */
static void test_tmpfile_planted_link(void **state)
{
	const char *dir = *state;
	char path[512], victim[512], old_tmp[600];
	bp_error err = { 0 };
	snprintf(path, sizeof(path), "%s/report.pdf", dir);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(old_tmp, sizeof(old_tmp), "%s.tmp-%ld", path, (long)getpid());
	write_plain(victim, "precious");
	assert_int_equal(symlink(victim, old_tmp), 0);
	assert_int_equal(bp_file_write_atomic(path, "report", 6, &err), BP_OK);
	assert_string_equal(slurp(victim), "precious");
	assert_string_equal(slurp(path), "report");
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* The temporary's name cannot be guessed: two begins, two names. */
	bp_tmpfile a, b;
	assert_int_equal(bp_tmpfile_begin(&a, path, &err), BP_OK);
	assert_int_equal(bp_tmpfile_begin(&b, path, &err), BP_OK);
	assert_int_not_equal(strcmp(a.tmp, b.tmp), 0);
	assert_int_not_equal(strcmp(a.tmp, old_tmp), 0);
	bp_tmpfile_abort(&a);
	bp_tmpfile_abort(&b);
}

static void make_old(const char *path)
{
	struct timespec ts[2] = { { .tv_sec = time(NULL) - 7200 }, { .tv_sec = time(NULL) - 7200 } };
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* Temporaries of a killed run (old, nobody holding them) are removed by the
 * next write into their folder; a recent one, or one another writer holds,
 * stays, and so does anything that is not a temporary. */
static void test_tmpfile_stale_removed(void **state)
{
	const char *dir = *state;
	char stale[512], stale_new[512], recent[512], other[512], path[512];
	bp_error err = { 0 };
	snprintf(stale, sizeof(stale), "%s/GM0828.pdf.tmp-4242", dir);        /* the old PID names */
	snprintf(stale_new, sizeof(stale_new), "%s/WK082801.pdf.tmp-a1B2c3", dir);
	snprintf(recent, sizeof(recent), "%s/WK082802.pdf.tmp-777", dir);
	snprintf(other, sizeof(other), "%s/notes.tmp-file.txt", dir);
	write_plain(stale, "half");
	write_plain(stale_new, "half");
	write_plain(recent, "being written");
	write_plain(other, "mine");
	make_old(stale);
	make_old(stale_new);
	make_old(other);
	/* Another writer's temporary, held open while it writes, old or not. */
	bp_tmpfile held;
	snprintf(path, sizeof(path), "%s/held.pdf", dir);
	assert_int_equal(bp_tmpfile_begin(&held, path, &err), BP_OK);
	make_old(held.tmp);
	/* A fresh folder for this process: the next write cleans it once. */
	snprintf(path, sizeof(path), "%s/index.html", dir);
	assert_int_equal(bp_file_write_atomic(path, "x", 1, &err), BP_OK);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(stale_new, F_OK), -1);
	assert_int_equal(access(recent, F_OK), 0);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(access(held.tmp, F_OK), 0);
	bp_tmpfile_abort(&held);
}

/* Files with respondent data are private (0600); others follow the umask. */
static void test_write_modes(void **state)
{
	const char *dir = *state;
	char path[512];
	bp_error err = { 0 };
	struct stat st;
	snprintf(path, sizeof(path), "%s/skipped.csv", dir);
	assert_int_equal(bp_file_write_atomic_mode(path, "r1", 2, 0600, &err), BP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s/index.html", dir);
	mode_t old = umask(022);
	bp_umask_changed();
	assert_int_equal(bp_file_write_atomic(path, "p", 1, &err), BP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* Another umask, told: the next file follows it. */
	umask(077);
	bp_umask_changed();
	snprintf(path, sizeof(path), "%s/private.html", dir);
	assert_int_equal(bp_file_write_atomic(path, "p", 1, &err), BP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	umask(old);
	bp_umask_changed();
}

/* In a fresh folder (bp_fresh_folder_under, a staging folder) a new file is created under its own name, with
 * its mode; a name that exists (a hard link to a published file) is replaced, never written through; an
 * aborted write leaves nothing.  Outside the folder, and after its end, files go through temporaries. */
static void test_fresh_folder(void **state)
{
	const char *dir = *state;
	char fresh[512], path[600], linked[600], published[600], other[600];
	bp_error err = { 0 };
	bp_tmpfile t;
	struct stat st;
	snprintf(fresh, sizeof(fresh), "%s/stage", dir);
	assert_int_equal(mkdir(fresh, 0755), 0);
	mode_t old = umask(022);
	bp_umask_changed();
	bp_fresh_folder_under(fresh);

	/* A new name: begin creates it there, no temporary beside it. */
	snprintf(path, sizeof(path), "%s/chart.svg", fresh);
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_OK);
	assert_string_equal(t.tmp, path);
	assert_string_equal(bp_test_listing(fresh), "chart.svg");
	assert_int_equal(bp_tmpfile_write(&t, "<svg/>", 6, &err), BP_OK);
	assert_int_equal(bp_tmpfile_commit(&t, &err), BP_OK);
	assert_string_equal(slurp(path), "<svg/>");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(bp_file_write_atomic_mode(path, "x", 1, 0600, &err), BP_OK);   /* exists: replaced */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_string_equal(bp_test_listing(fresh), "chart.svg");

	/* A name linked from a published file: the published file keeps its bytes. */
	snprintf(published, sizeof(published), "%s/published.html", dir);
	snprintf(linked, sizeof(linked), "%s/page.html", fresh);
	write_plain(published, "published");
	assert_int_equal(link(published, linked), 0);
	assert_int_equal(bp_file_write_atomic(linked, "staged", 6, &err), BP_OK);
	assert_string_equal(slurp(published), "published");
	assert_string_equal(slurp(linked), "staged");

	/* Abort: the half-written file goes. */
	snprintf(path, sizeof(path), "%s/torn.svg", fresh);
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_OK);
	assert_int_equal(bp_tmpfile_write(&t, "<sv", 3, &err), BP_OK);
	bp_tmpfile_abort(&t);
	assert_string_equal(bp_test_listing(fresh), "chart.svg,page.html");

	/* Beside the folder (a name that only starts with it) and after its end: a temporary as everywhere. */
	snprintf(other, sizeof(other), "%s-other.svg", fresh);
	assert_int_equal(bp_tmpfile_begin(&t, other, &err), BP_OK);
	assert_int_not_equal(strcmp(t.tmp, other), 0);
	bp_tmpfile_abort(&t);
	bp_fresh_folder_end(fresh);
	snprintf(path, sizeof(path), "%s/later.svg", fresh);
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_OK);
	assert_int_not_equal(strcmp(t.tmp, path), 0);
	bp_tmpfile_abort(&t);
	umask(old);
	bp_umask_changed();
}

static void test_tmpfile_path_too_long(void **state)
{
	(void)state;
	static char path[BP_PATH_MAX + 10];
	bp_error err = { 0 };
	bp_tmpfile t;
	memset(path, 'a', BP_PATH_MAX - 4);
	path[0] = '/';
	path[BP_PATH_MAX - 4] = '\0';
	assert_int_equal(bp_tmpfile_begin(&t, path, &err), BP_ERR_IO);
	assert_non_null(strstr(err.message, "too long"));
}

static void test_mkdir_p(void **state)
{
	const char *dir = *state;
	char path[512], file[512];
	bp_error err = { 0 };
	struct stat st;
	mode_t old = umask(022);

	snprintf(path, sizeof(path), "%s/a/b/c/d", dir);
	assert_int_equal(bp_mkdir_p(path, 0750, &err), BP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0750);
	snprintf(file, sizeof(file), "%s/a/b", dir);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0750);   /* the intermediate ones too */

	/* Again: nothing to do, no error; a trailing slash is fine. */
	assert_int_equal(bp_mkdir_p(path, 0750, &err), BP_OK);
	snprintf(path, sizeof(path), "%s/a/b/c/d/e/", dir);
	assert_int_equal(bp_mkdir_p(path, 0755, &err), BP_OK);
	snprintf(path, sizeof(path), "%s/a/b/c/d/e", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	/* A file in the way: an IO error, at the path. */
	snprintf(file, sizeof(file), "%s/plain", dir);
	write_plain(file, "x");
	assert_int_equal(bp_mkdir_p(file, 0755, &err), BP_ERR_IO);
	assert_string_equal(err.where, file);
	snprintf(path, sizeof(path), "%s/plain/sub", dir);
	assert_int_equal(bp_mkdir_p(path, 0755, &err), BP_ERR_IO);

	/* An empty path names no folder. */
	assert_int_equal(bp_mkdir_p("", 0755, &err), BP_ERR_IO);

	/* "/" exists already. */
	assert_int_equal(bp_mkdir_p("/", 0755, &err), BP_OK);
	umask(old);
}

static void test_sha256(void **state)
{
	const char *dir = *state;
	char path[512], hex[65];
	bp_error err = { 0 };

	/* FIPS 180-2 test vectors. */
	snprintf(path, sizeof(path), "%s/abc.txt", dir);
	write_plain(path, "abc");
	assert_int_equal(bp_file_sha256(path, hex, &err), BP_OK);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	bp_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	snprintf(path, sizeof(path), "%s/empty.txt", dir);
	write_plain(path, "");
	assert_int_equal(bp_file_sha256(path, hex, &err), BP_OK);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	bp_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	/* One million 'a': more than one read chunk. */
	snprintf(path, sizeof(path), "%s/million.txt", dir);
	char *a = bp_xmalloc(1000000);
	memset(a, 'a', 1000000);
	assert_int_equal(bp_file_write_atomic(path, a, 1000000, &err), BP_OK);
	assert_int_equal(bp_file_sha256(path, hex, &err), BP_OK);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);

	snprintf(path, sizeof(path), "%s/absent.txt", dir);
	assert_int_equal(bp_file_sha256(path, hex, &err), BP_ERR_IO);
	assert_string_equal(err.where, path);
}

static void test_read_all(void **state)
{
	const char *dir = *state;
	char path[512];
	bp_error err = { 0 };
	bp_arena *ar = bp_arena_new();
	char *data = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/in.txt", dir);
	write_plain(path, "regel 1\nregel 2\n");
	assert_int_equal(bp_file_read_all(path, ar, &data, &len, &err), BP_OK);
	assert_int_equal(len, 16);
	assert_string_equal(data, "regel 1\nregel 2\n");
	assert_int_equal(data[len], '\0');

	assert_int_equal(bp_file_read_all(dir, ar, &data, &len, &err), BP_ERR_IO);   /* a folder */
	snprintf(path, sizeof(path), "%s/absent.txt", dir);
	assert_int_equal(bp_file_read_all(path, ar, &data, &len, &err), BP_ERR_IO);
	assert_string_equal(err.where, path);
	bp_arena_free(ar);
}

static void test_path_join_dirname(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_path_join(a, "out", "oss.html"), "out/oss.html");
	assert_string_equal(bp_path_join(a, "out/", "oss.html"), "out/oss.html");
	assert_string_equal(bp_path_join(a, "/var/lib/buurtpeil", "pgdata"), "/var/lib/buurtpeil/pgdata");
	assert_string_equal(bp_path_join(a, "out", "/etc/abs"), "/etc/abs");
	assert_string_equal(bp_path_join(a, "", "name"), "name");
	assert_string_equal(bp_path_join(a, NULL, "name"), "name");
	assert_string_equal(bp_path_join(a, "/", "name"), "/name");
	assert_string_equal(bp_path_join(a, "a/b", "c/d.yaml"), "a/b/c/d.yaml");

	assert_string_equal(bp_path_dirname(a, "config/demo.yaml"), "config");
	assert_string_equal(bp_path_dirname(a, "/a/b/c.txt"), "/a/b");
	assert_string_equal(bp_path_dirname(a, "demo.yaml"), ".");
	assert_string_equal(bp_path_dirname(a, "/demo.yaml"), "/");
	assert_string_equal(bp_path_dirname(a, ""), ".");
	bp_arena_free(a);
}

/* Area codes become file names only when nothing in them could leave the folder. */
static void test_safe_name_and_slug(void **state)
{
	(void)state;
	assert_true(bp_path_safe_name("WK082801"));
	assert_true(bp_path_safe_name("CU-wijkhuis_de_Ruwaard"));
	assert_false(bp_path_safe_name(""));
	assert_false(bp_path_safe_name("../etc"));
	assert_false(bp_path_safe_name("GM0828/x"));
	assert_false(bp_path_safe_name("Oss Centrum"));
	assert_false(bp_path_safe_name("caf\xC3\xA9"));   /* é: not ASCII */
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_path_slug(a, "sociale-veerkracht"), "sociale-veerkracht");
	assert_string_equal(bp_path_slug(a, "zorg en gezondheid/2024"), "zorg-en-gezondheid-2024");
	assert_string_equal(bp_path_slug(a, "caf\xC3\xA9"), "caf--");
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_atomic_replaces, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_write_into_missing_folder, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_tmpfile_abort_and_commit, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test(test_tmpfile_path_too_long),
		cmocka_unit_test_setup_teardown(test_tmpfile_planted_link, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_tmpfile_stale_removed, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_write_modes, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_fresh_folder, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_mkdir_p, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_sha256, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_read_all, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test(test_path_join_dirname),
		cmocka_unit_test(test_safe_name_and_slug),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
