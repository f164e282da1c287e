/*
 * test_migrate: the schema's history against a real server.
 *
 * Every case runs on a database of its own, created in the throwaway
 * cluster with CREATE DATABASE, so that no case sees another's leftovers.
 * The expected migrations are counted independently from the sql/ folder
 * of the source tree (BP_SOURCE_ROOT), and their checksums computed from
 * the files themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/fsutil.h"
#include "db/migrate.h"
#include "pgtest.h"

static bp_testdb tdb;
static int db_counter;

/* The migrations as files: sql/NNN_name.sql, sorted. */
#define MAX_FILES 64
static char file_names[MAX_FILES][128];
static int n_files;

static int group_setup(void **state)
{
	(void)state;
	const char *root = getenv("BP_SOURCE_ROOT");
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/sql", root ? root : ".");
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		perror(dir);
		return -1;
	}
	regex_t re;
	regcomp(&re, "^[0-9]{3}_[a-z0-9_]+\\.sql$", REG_EXTENDED | REG_NOSUB);
	for (int i = 0; i < n; i++) {
		if (regexec(&re, names[i]->d_name, 0, NULL, 0) == 0 && n_files < MAX_FILES)
			snprintf(file_names[n_files++], sizeof(file_names[0]), "%.127s", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	regfree(&re);
	if (n_files < 1) {
		fprintf(stderr, "no migrations found in %s\n", dir);
		return -1;
	}
	return bp_testdb_start(&tdb);
}

static int group_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&tdb);
	return 0;
}

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

static void exec_ok(PGconn *conn, const char *sql)
{
	PGresult *r = PQexec(conn, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
		PQclear(r);
		fail();
	}
	PQclear(r);
}

/* A new, empty database in the test cluster; its name goes to name. */
static PGconn *fresh_database(char *name, size_t size)
{
	char sql[128], ci[BP_PATH_MAX + 128];
	snprintf(name, size, "mig_%d_%ld", ++db_counter, (long)getpid());
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	exec_ok(tdb.db.conn, sql);
	bp_cluster_conninfo(&tdb.db.cluster, name, ci, sizeof(ci));
	PGconn *conn = PQconnectdb(ci);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "connect %s: %s", ci, PQerrorMessage(conn));
		fail();
	}
	exec_ok(conn, "SET client_min_messages = warning");
	return conn;
}

static PGconn *connect_db(const char *name)
{
	char ci[BP_PATH_MAX + 128];
	bp_cluster_conninfo(&tdb.db.cluster, name, ci, sizeof(ci));
	PGconn *conn = PQconnectdb(ci);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "connect %s: %s", ci, PQerrorMessage(conn));
		fail();
	}
	exec_ok(conn, "SET client_min_messages = warning");
	return conn;
}

static int migrate_ok(PGconn *conn)
{
	bp_error err = { 0 };
	int applied = -1;
	bp_rc rc = bp_migrate(conn, &applied, &err);
	if (rc) {
		print_err("bp_migrate", &err);
		fail();
	}
	return applied;
}

static const char *expected_versions(void)
{
	static char buf[1024];
	buf[0] = '\0';
	for (int i = 0; i < n_files; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d", i ? "," : "", i + 1);
	return buf;
}

static void test_fresh_database(void **state)
{
	(void)state;
	char name[64];
	bp_error err = { 0 };
	int version = -1;
	PGconn *conn = fresh_database(name, sizeof(name));

	/* Nothing yet: version 0 even without the table. */
	assert_int_equal(bp_migrate_version(conn, &version, &err), BP_OK);
	assert_int_equal(version, 0);
	assert_string_equal(bp_test_scalar(conn, "SELECT to_regclass('bp.schema_migration') IS NULL"), "t");

	assert_int_equal(migrate_ok(conn), n_files);
	assert_int_equal(bp_migrate_version(conn, &version, &err), BP_OK);
	assert_int_equal(version, n_files);

	/* One row per file, versions 1..n, names and checksums of the files. */
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(version::text, ',' ORDER BY version) "
	                                         "FROM bp.schema_migration"), expected_versions());
	const char *root = getenv("BP_SOURCE_ROOT");
	for (int i = 0; i < n_files; i++) {
		char sql[256], path[4096], hex[65], want_name[128];
		snprintf(sql, sizeof(sql), "SELECT name || ' ' || checksum FROM bp.schema_migration WHERE version = %d", i + 1);
		snprintf(path, sizeof(path), "%.3000s/sql/%.127s", root ? root : ".", file_names[i]);
		assert_int_equal(bp_file_sha256(path, hex, &err), BP_OK);
		/* "001_core.sql" -> "core" */
		snprintf(want_name, sizeof(want_name), "%.*s %s",
		         (int)(strlen(file_names[i]) - 8), file_names[i] + 4, hex);
		assert_string_equal(bp_test_scalar(conn, sql), want_name);
	}

	/* The tables of the data model exist, and the KWB variables are there. */
	static const char *const tables[] = {
		"bp.source", "bp.area", "bp.variable", "bp.variable_label", "bp.observation",
		"bp.observation_current", "bp.indicator", "bp.indicator_value"
	};
	for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++) {
		char sql[128];
		snprintf(sql, sizeof(sql), "SELECT to_regclass('%s') IS NOT NULL", tables[i]);
		if (strcmp(bp_test_scalar(conn, sql), "t") != 0)
			fail_msg("table %s missing", tables[i]);
	}
	assert_string_equal(bp_test_scalar(conn, "SELECT title FROM bp.variable WHERE code = 'k_65JaarOfOuder'"),
	                    "65 jaar of ouder");
	assert_string_equal(bp_test_scalar(conn, "SELECT title FROM bp.variable WHERE code = 'AantalInwoners'"),
	                    "Aantal inwoners");
	PQfinish(conn);
}

/*
 * sql/033: no insert-triggered autovacuum of the four tables compute
 * rewrites and analyses itself, and of no other table; composite_score's
 * per-scheme arrays without statistics, its other columns at the default.
 */
static void test_derived_tables_left_to_compute(void **state)
{
	(void)state;
	char name[64];
	PGconn *conn = fresh_database(name, sizeof(name));
	migrate_ok(conn);
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c "
	                                         "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'bp' "
	                                         "AND 'autovacuum_vacuum_insert_threshold=-1' = ANY(c.reloptions)"),
	                    "comparison_rank,composite_score,indicator_value,similar_area");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
	                                         "ON n.oid = c.relnamespace WHERE n.nspname = 'bp' "
	                                         "AND c.reloptions IS NOT NULL AND c.relkind = 'r'"), "4");
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(attname || '=' || attstattarget, ',' ORDER BY attnum) "
	                                         "FROM pg_attribute WHERE attrelid = 'bp.composite_score'::regclass "
	                                         "AND attnum > 0 AND NOT attisdropped AND attstattarget <> -1"),
	                    "scheme=0,value=0,rank=0,n_ranked=0");
	PQfinish(conn);
}

static void test_second_run_applies_nothing(void **state)
{
	(void)state;
	char name[64];
	PGconn *conn = fresh_database(name, sizeof(name));
	assert_int_equal(migrate_ok(conn), n_files);
	const char *at = bp_test_scalar(conn, "SELECT max(applied_at)::text FROM bp.schema_migration");
	char first_applied[64];
	snprintf(first_applied, sizeof(first_applied), "%s", at);

	assert_int_equal(migrate_ok(conn), 0);
	assert_int_equal(migrate_ok(conn), 0);
	char count[16];
	snprintf(count, sizeof(count), "%d", n_files);
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.schema_migration"), count);
	assert_string_equal(bp_test_scalar(conn, "SELECT max(applied_at)::text FROM bp.schema_migration"),
	                    first_applied);

	/* applied may be NULL */
	bp_error err = { 0 };
	assert_int_equal(bp_migrate(conn, NULL, &err), BP_OK);
	PQfinish(conn);
}

static void test_tampered_checksum(void **state)
{
	(void)state;
	char name[64];
	bp_error err = { 0 };
	PGconn *conn = fresh_database(name, sizeof(name));
	assert_int_equal(migrate_ok(conn), n_files);

	char saved[65];
	snprintf(saved, sizeof(saved), "%s", bp_test_scalar(conn, "SELECT checksum FROM bp.schema_migration WHERE version = 1"));
	exec_ok(conn, "UPDATE bp.schema_migration SET checksum = 'x' WHERE version = 1");

	int applied = -1;
	assert_int_equal(bp_migrate(conn, &applied, &err), BP_ERR_DB);
	assert_int_equal(err.rc, BP_ERR_DB);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(err.message, "changed after it was applied"));
	char want_where[160];
	snprintf(want_where, sizeof(want_where), "sql/%s", file_names[0]);
	assert_string_equal(err.where, want_where);
	assert_true(err.hint[0] != '\0');

	/* The advisory lock was released: another session can take it at once. */
	PGconn *other = connect_db(name);
	assert_string_equal(bp_test_scalar(other, "SELECT pg_try_advisory_lock(727100142)"), "t");
	PQfinish(other);

	/* Restored, it is accepted again. */
	char sql[160];
	snprintf(sql, sizeof(sql), "UPDATE bp.schema_migration SET checksum = '%s' WHERE version = 1", saved);
	exec_ok(conn, sql);
	assert_int_equal(migrate_ok(conn), 0);
	PQfinish(conn);
}

static void test_newer_version_recorded(void **state)
{
	(void)state;
	char name[64], sql[200];
	bp_error err = { 0 };
	int version = 0;
	PGconn *conn = fresh_database(name, sizeof(name));
	assert_int_equal(migrate_ok(conn), n_files);

	snprintf(sql, sizeof(sql), "INSERT INTO bp.schema_migration (version, name, checksum) "
	                           "VALUES (%d, 'from_the_future', 'abc')", n_files + 1);
	exec_ok(conn, sql);
	assert_int_equal(bp_migrate(conn, NULL, &err), BP_ERR_DB);
	assert_non_null(strstr(err.message, "newer"));
	char want[32];
	snprintf(want, sizeof(want), "%d", n_files + 1);
	assert_non_null(strstr(err.message, want));

	assert_int_equal(bp_migrate_version(conn, &version, &err), BP_OK);
	assert_int_equal(version, n_files + 1);
	PQfinish(conn);
}

/* A migration that fails is rolled back whole and not recorded. */
static void test_failed_migration_rolls_back(void **state)
{
	(void)state;
	char name[64];
	bp_error err = { 0 };
	PGconn *conn = fresh_database(name, sizeof(name));

	/* A table in the way of one of the last statements of the first migration. */
	exec_ok(conn, "CREATE SCHEMA bp");
	exec_ok(conn, "CREATE TABLE bp.indicator_value (in_the_way int)");

	int applied = -1;
	assert_int_equal(bp_migrate(conn, &applied, &err), BP_ERR_DB);
	assert_int_equal(applied, 0);
	char want_where[160];
	snprintf(want_where, sizeof(want_where), "sql/%s", file_names[0]);
	assert_string_equal(err.where, want_where);
	assert_non_null(strstr(err.message, "migration failed"));
	assert_non_null(strstr(err.message, "indicator_value"));   /* the server's own words */

	/* Nothing of it stayed (bp.source came earlier in the same file), nothing
	 * was recorded, and the session is usable (not in an aborted transaction). */
	assert_int_equal(PQtransactionStatus(conn), PQTRANS_IDLE);
	assert_string_equal(bp_test_scalar(conn, "SELECT to_regclass('bp.source') IS NULL"), "t");
	assert_string_equal(bp_test_scalar(conn, "SELECT to_regclass('bp.area') IS NULL"), "t");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.schema_migration"), "0");

	/* Out of the way, everything applies. */
	exec_ok(conn, "DROP TABLE bp.indicator_value");
	assert_int_equal(migrate_ok(conn), n_files);
	PQfinish(conn);
}

/* Two processes migrate one fresh database at once: the work is done once. */
static void test_concurrent_migrators(void **state)
{
	(void)state;
	char name[64];
	PGconn *conn = fresh_database(name, sizeof(name));
	PQfinish(conn);

	enum { N = 3 };
	int gate[2];
	pid_t kids[N];
	assert_int_equal(pipe(gate), 0);
	fflush(NULL);
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			char b, ci[BP_PATH_MAX + 128];
			bp_error err = { 0 };
			int applied = -1;
			close(gate[1]);
			bp_cluster_conninfo(&tdb.db.cluster, name, ci, sizeof(ci));
			PGconn *c = PQconnectdb(ci);
			if (PQstatus(c) != CONNECTION_OK)
				_exit(100);
			PQclear(PQexec(c, "SET client_min_messages = warning"));
			while (read(gate[0], &b, 1) < 0 && errno == EINTR)
				;
			if (bp_migrate(c, &applied, &err) != BP_OK) {
				print_err("child bp_migrate", &err);
				_exit(101);
			}
			PQfinish(c);
			_exit(applied);
		}
	}
	close(gate[0]);
	close(gate[1]);
	int total = 0, zeros = 0;
	for (int i = 0; i < N; i++) {
		int status = 0;
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		int applied = WEXITSTATUS(status);
		assert_true(applied <= n_files);
		total += applied;
		zeros += applied == 0;
	}
	assert_int_equal(total, n_files);
	assert_int_equal(zeros, N - 1);

	conn = connect_db(name);
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(version::text, ',' ORDER BY version) "
	                                         "FROM bp.schema_migration"), expected_versions());
	PQfinish(conn);
}

static void test_test_database_is_migrated(void **state)
{
	(void)state;
	bp_error err = { 0 };
	int version = 0;
	assert_int_equal(bp_migrate_version(tdb.db.conn, &version, &err), BP_OK);
	assert_int_equal(version, n_files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_database),
		cmocka_unit_test(test_derived_tables_left_to_compute),
		cmocka_unit_test(test_second_run_applies_nothing),
		cmocka_unit_test(test_tampered_checksum),
		cmocka_unit_test(test_newer_version_recorded),
		cmocka_unit_test(test_failed_migration_rolls_back),
		cmocka_unit_test(test_concurrent_migrators),
		cmocka_unit_test(test_test_database_is_migrated),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
