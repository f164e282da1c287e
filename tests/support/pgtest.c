#include "pgtest.h"

#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/migrate.h"

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

int bp_testdb_start(bp_testdb *t)
{
	memset(t, 0, sizeof(*t));
	bp_test_tmpdir(t->dir, sizeof(t->dir));
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
