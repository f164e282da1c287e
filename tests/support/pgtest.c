#include "pgtest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/migrate.h"
#include "pgtemplate_key.h"

void bp_test_tmpdir(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/bp-test-XXXXXX");
	if (!mkdtemp(buf)) {
		perror("mkdtemp");
		abort();
	}
	/* The server may run as another user (we are often root): let it in. */
	chmod(buf, 0755);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path);
}

void bp_test_rmtree(const char *dir)
{
	if (dir && dir[0])
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int bp_test_setup_tmpdir(void **state)
{
	char *dir = bp_xmalloc(256);
	bp_test_tmpdir(dir, 256);
	*state = dir;
	return 0;
}

int bp_test_teardown_tmpdir(void **state)
{
	bp_test_rmtree(*state);
	free(*state);
	return 0;
}

const char *bp_test_listing(const char *dir)
{
	static char out[4096];
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0) {
			if (out[0])
				strcat(out, ",");
			strcat(out, nm);
		}
		free(names[i]);
	}
	free(names);
	return out;
}

/* Open (initdb and start when the folder holds no cluster yet) and migrate;
 * prints the error and returns -1 when that fails. */
static int open_migrated(bp_testdb *t)
{
	bp_db_options opt = { .conninfo = NULL, .state_dir = t->dir };
	bp_error err = { 0 };
	if (bp_db_open(&t->db, &opt, &err) || bp_migrate(t->db.conn, NULL, &err)) {
		char buf[4096];
		bp_error_format(&err, buf, sizeof(buf));
		fprintf(stderr, "test database: %s\n", buf);
		return -1;
	}
	return 0;
}

/* cp -a FROM TO: the server's files keep their owner (the server's user
 * when we are root) and modes. */
static int copy_tree(const char *from, const char *to)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("cp", "cp", "-a", "--reflink=auto", "--", from, to, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "test database: cp -a %s %s failed\n", from, to);
		return -1;
	}
	return 0;
}

static int is_cluster(const char *pgdata)
{
	char v[4200];
	snprintf(v, sizeof(v), "%.4000s/PG_VERSION", pgdata);
	return access(v, F_OK) == 0;
}

/* Removes every template of another key (made before a migration or the
 * server's settings changed); the caller holds the lock. */
static void remove_other_templates(const char *base)
{
	DIR *d = opendir(base);
	if (!d)
		return;
	struct dirent *e;
	char path[4400];
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "lock") == 0 ||
		    strcmp(e->d_name, BP_TEST_TEMPLATE_KEY) == 0)
			continue;
		snprintf(path, sizeof(path), "%.4000s/%.255s", base, e->d_name);
		bp_test_rmtree(path);
	}
	closedir(d);
}

/* Makes the template: a cluster made and migrated exactly as a test's own
 * would be (in a folder under /tmp, which the server's user can reach),
 * stopped cleanly, its data folder copied to a temporary name beside the
 * final one and renamed into place, so that a reader never sees half of it. */
static int make_template(const char *base, const char *tpl)
{
	bp_testdb maker;
	memset(&maker, 0, sizeof(maker));
	bp_test_tmpdir(maker.dir, sizeof(maker.dir));
	int rc = open_migrated(&maker);
	bp_db_close(&maker.db);
	bp_error err = { 0 };
	/* Stopped also when the migration failed: no server outlives its folder. */
	if (maker.db.target == BP_DB_EMBEDDED && bp_cluster_stop(&maker.db.cluster, &err) != BP_OK) {
		char buf[4096];
		bp_error_format(&err, buf, sizeof(buf));
		fprintf(stderr, "test database: template: %s\n", buf);
		rc = -1;
	}
	if (rc == 0) {
		remove_other_templates(base);
		char from[4200], tmp[4200];
		snprintf(from, sizeof(from), "%.4000s/pgdata", maker.dir);
		snprintf(tmp, sizeof(tmp), "%.4000s.new", tpl);
		bp_test_rmtree(tmp);
		rc = copy_tree(from, tmp);
		if (rc == 0 && rename(tmp, tpl) != 0) {
			fprintf(stderr, "test database: rename %s: %s\n", tmp, strerror(errno));
			rc = -1;
		}
		if (rc)
			bp_test_rmtree(tmp);
	}
	bp_test_rmtree(maker.dir);
	return rc;
}

/*
 * The data folder of this build's template cluster (BP_BUILD_ROOT/pgtemplate/
 * KEY, KEY from pgtemplate_key.h), made by the first test program that
 * needs it; the others wait on a lock while it is made.  0 with its path in
 * out; 1 without BP_BUILD_ROOT (a test program run by hand: no template);
 * -1 when it cannot be made (printed).
 */
static int template_dir(char *out, size_t size)
{
	const char *root = getenv("BP_BUILD_ROOT");
	if (!root || !*root)
		return 1;
	char base[4096], lock[4200];
	snprintf(base, sizeof(base), "%.4000s/pgtemplate", root);
	snprintf(out, size, "%.4000s/%s", base, BP_TEST_TEMPLATE_KEY);
	if (is_cluster(out))
		return 0;
	if (mkdir(base, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "test database: mkdir %s: %s\n", base, strerror(errno));
		return -1;
	}
	snprintf(lock, sizeof(lock), "%s/lock", base);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		fprintf(stderr, "test database: lock %s: %s\n", lock, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = is_cluster(out) ? 0 : make_template(base, out);
	close(fd);   /* releases the lock */
	return rc;
}

/*
 * A copy of the template instead of initdb and every migration per test
 * program (seconds of fsync and CPU each, times two builds; bench/RESULTS.md,
 * test suite): the copy gets its own socket folder (the last setting in
 * postgresql.conf wins), then starts as any stopped cluster, and bp_migrate
 * still checks every applied migration's checksum.
 */
int bp_testdb_start(bp_testdb *t)
{
	memset(t, 0, sizeof(*t));
	bp_test_tmpdir(t->dir, sizeof(t->dir));
	char tpl[4096];
	int have = template_dir(tpl, sizeof(tpl));
	if (have < 0)
		return -1;
	if (have == 0) {
		char pgdata[512], conf[600];
		snprintf(pgdata, sizeof(pgdata), "%s/pgdata", t->dir);
		if (copy_tree(tpl, pgdata) != 0)
			return -1;
		/* bp_test_tmpdir's names (/tmp/bp-test-XXXXXX) need no quoting. */
		snprintf(conf, sizeof(conf), "%s/postgresql.conf", pgdata);
		FILE *f = fopen(conf, "a");
		int bad = !f;
		if (f) {
			bad = fprintf(f, "\n# a copy of the tests' template cluster\n"
			                 "unix_socket_directories = '\"%s/run\"'\n", t->dir) < 0;
			bad |= fclose(f) != 0;
		}
		if (bad) {
			fprintf(stderr, "test database: %s: %s\n", conf, strerror(errno));
			return -1;
		}
	}
	return open_migrated(t);
}

void bp_testdb_stop(bp_testdb *t)
{
	bp_error err = { 0 };
	bp_db_close(&t->db);
	if (t->db.target == BP_DB_EMBEDDED && bp_cluster_stop(&t->db.cluster, &err) != BP_OK) {
		char buf[4096];
		bp_error_format(&err, buf, sizeof(buf));
		fprintf(stderr, "test database: %s\n", buf);
	}
	bp_test_rmtree(t->dir);
}

const char *bp_test_scalar(PGconn *conn, const char *sql)
{
	static char buf[8192];
	PGresult *r = PQexec(conn, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "query failed: %s\n%s", sql, PQerrorMessage(conn));
		PQclear(r);
		fail();
	}
	if (PQntuples(r) == 0 || PQgetisnull(r, 0, 0))
		buf[0] = '\0';
	else
		snprintf(buf, sizeof(buf), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return buf;
}

const char *bp_test_scalarf(PGconn *conn, const char *fmt, ...)
{
	char sql[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return bp_test_scalar(conn, sql);
}

const char *bp_test_fixture(const char *name)
{
	static char buf[4096];
	const char *root = getenv("BP_FIXTURES");
	snprintf(buf, sizeof(buf), "%s/%s", root ? root : "tests/fixtures", name);
	return buf;
}

bp_testdb bp_test_db;

int bp_test_db_setup(void **state)
{
	(void)state;
	return bp_testdb_start(&bp_test_db) == 0 ? 0 : -1;
}

int bp_test_db_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&bp_test_db);
	return 0;
}

const char *bp_test_write_filef(const char *dir, const char *name, const char *fmt, ...)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	va_list ap;
	va_start(ap, fmt);
	int ok = vfprintf(f, fmt, ap) >= 0;
	va_end(ap);
	ok = fclose(f) == 0 && ok;
	assert_true(ok);
	return path;
}

char *bp_test_pdf_text_raw(const char *path)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, n = 0;
	char *s = malloc(cap);
	for (size_t got; (got = fread(s + n, 1, cap - n - 1, p)) > 0;) {
		n += got;
		if (cap - n < 4096)
			s = realloc(s, cap *= 2);
	}
	s[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return s;
}

char *bp_test_svg_words(const unsigned char *svg, size_t len)
{
	char *t = malloc(len + 1), *o = t;
	if (!t)
		abort();
	int in_tag = 0, space = 0;
	for (size_t i = 0; i < len; i++) {
		char c = (char)svg[i];
		if (c == '<' || c == '>' || in_tag || c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			in_tag = c == '<' ? 1 : c == '>' ? 0 : in_tag;
			space = 1;
			continue;
		}
		if (space && o > t)
			*o++ = ' ';
		space = 0;
		*o++ = c;
	}
	*o = '\0';
	return t;
}

char *bp_test_pdf_text(const char *path)
{
	char *s = bp_test_pdf_text_raw(path);
	size_t n = 0;
	int space = 0;
	/* In place: the result is never longer than the raw text. */
	for (const char *c = s; *c; c++) {
		if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\f' || *c == '\r') {
			space = 1;
			continue;
		}
		if (space && n)
			s[n++] = ' ';
		space = 0;
		s[n++] = *c;
	}
	s[n] = '\0';
	return s;
}
