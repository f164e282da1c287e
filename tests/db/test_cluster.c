/*
 * test_cluster: the embedded PostgreSQL cluster and the choice of server.
 *
 * Real servers throughout: a cluster in a state folder whose socket path is
 * exactly as long as Unix sockets allow (107 bytes), started, probed, stopped
 * and started again; a second cluster created by four processes at once;
 * and the order --db > DATABASE_URL > PG* > embedded, including that a
 * configured server never brings an embedded one along.  The server's
 * processes get cluster.c's malloc settings unless the user set them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/cluster.h"
#include "db/conn.h"
#include "pgtest.h"

static char root_dir[128];            /* holds every state folder of this program */
static char main_state[512];     /* the long-named cluster */
static char conc_state[512];     /* the cluster created concurrently */
static bp_cluster main_cluster;
static int main_started, conc_started;

static const char *const pg_env[] = {
	"DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE",
	"BUURTPEIL_PG_BINDIR", "BUURTPEIL_STATE"
};

static void clear_env(void)
{
	for (size_t i = 0; i < sizeof(pg_env) / sizeof(*pg_env); i++)
		unsetenv(pg_env[i]);
}

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

#define assert_ok(call, err) do { \
		bp_rc rc_ = (call); \
		if (rc_ != BP_OK) { print_err(#call, &(err)); fail(); } \
	} while (0)

static int group_setup(void **state)
{
	(void)state;
	clear_env();
	bp_test_tmpdir(root_dir, sizeof(root_dir));
	/* STATE/run/.s.PGSQL.5432 must fit sun_path[108] with its NUL:
	 * 107 = strlen(STATE) + strlen("/run") + strlen("/.s.PGSQL.5432"), so STATE has 89 bytes. */
	size_t pad = 89 - strlen(root_dir) - 1;
	char name[128];
	memset(name, 's', pad);
	name[pad] = '\0';
	/* A quote and spaces in the state folder's name: each means something in
	 * postgresql.conf or in its list of socket folders (a quote once broke the
	 * cluster's configuration). */
	memcpy(name, "it's q ", 7);
	snprintf(main_state, sizeof(main_state), "%s/%s", root_dir, name);
	assert_int_equal(strlen(main_state), 89);
	snprintf(conc_state, sizeof(conc_state), "%s/conc", root_dir);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_error err = { 0 };
	clear_env();
	if (main_started && bp_cluster_stop(&main_cluster, &err) != BP_OK)
		print_err("stop main cluster", &err);
	if (conc_started) {
		bp_cluster c;
		if (bp_cluster_init(&c, conc_state, &err) != BP_OK || bp_cluster_stop(&c, &err) != BP_OK)
			print_err("stop concurrent cluster", &err);
	}
	bp_test_rmtree(root_dir);
	return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static PGconn *connect_to(const bp_cluster *c, const char *dbname)
{
	char ci[BP_PATH_MAX + 128];
	bp_cluster_conninfo(c, dbname, ci, sizeof(ci));
	PGconn *conn = PQconnectdb(ci);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "connect %s: %s", ci, PQerrorMessage(conn));
		PQfinish(conn);
		fail();
	}
	return conn;
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

/* The first line of postmaster.pid: the postmaster's PID; 0 when absent. */
static long postmaster_pid(const bp_cluster *c)
{
	char path[BP_PATH_MAX + 32], line[64] = "";
	snprintf(path, sizeof(path), "%s/postmaster.pid", c->data_dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return atol(line);
}

static int path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int is_socket(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

static bp_cluster_state status_of(bp_cluster *c)
{
	bp_error err = { 0 };
	bp_cluster_state st = BP_CLUSTER_ABSENT;
	assert_ok(bp_cluster_status(c, &st, &err), err);
	return st;
}

/*
 * How many live server processes were started with "-D data_dir": only the
 * postmaster keeps its command line (its children rewrite theirs to
 * "postgres: checkpointer" and the like).  Zombies have an empty cmdline.
 */
static int count_postmasters(const char *data_dir)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		char path[300], args[8192];
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t len = fread(args, 1, sizeof(args) - 1, f);
		fclose(f);
		args[len] = '\0';
		if (len == 0)
			continue;
		const char *argv0 = strrchr(args, '/') ? strrchr(args, '/') + 1 : args;
		if (strcmp(argv0, "postgres") != 0)
			continue;
		for (size_t i = strlen(args) + 1; i < len; i += strlen(args + i) + 1)
			if (strcmp(args + i, data_dir) == 0)
				n++;
	}
	closedir(d);
	return n;
}

/* How often a text occurs in a file. */
static int count_in_file(const char *path, const char *needle)
{
	bp_arena *a = bp_arena_new();
	char *data = NULL;
	bp_error err = { 0 };
	int n = 0;
	if (bp_file_read_all(path, a, &data, NULL, &err) == BP_OK)
		for (const char *p = data; (p = strstr(p, needle)) != NULL; p += strlen(needle))
			n++;
	bp_arena_free(a);
	return n;
}

/* ---- no server needed ---------------------------------------------------- */

static void test_missing_binaries(void **state)
{
	(void)state;
	char empty[256];
	bp_cluster c;
	bp_error err = { 0 };
	bp_test_tmpdir(empty, sizeof(empty));
	setenv("BUURTPEIL_PG_BINDIR", empty, 1);
	bp_rc rc = bp_cluster_init(&c, main_state, &err);
	unsetenv("BUURTPEIL_PG_BINDIR");
	bp_test_rmtree(empty);
	assert_int_equal(rc, BP_ERR_MISSING);
	assert_int_equal(err.rc, BP_ERR_MISSING);
	assert_non_null(strstr(err.message, "apt-get install postgresql"));
	/* and nothing was created on disk */
	assert_false(path_exists(main_state));
}

/* A comma separates hosts for libpq, and pg_ctl starts the server through a
 * shell inside double quotes (no quoting of ours helps either): such a state
 * folder is refused at once, by name, instead of a server that cannot start
 * or be reached (or a command the shell would run). */
static void test_state_dir_refused_chars(void **state)
{
	(void)state;
	static const char *const bad[] = { "/tmp/bp,state", "/tmp/bp\"state", "/tmp/bp\\state", "/tmp/bp$(id)",
	                                   "/tmp/bp`id`", "/tmp/bp\nstate" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bp_cluster c;
		bp_error err = { 0 };
		assert_int_equal(bp_cluster_init(&c, bad[i], &err), BP_ERR_CLUSTER);
		assert_string_equal(err.where, bad[i]);
		assert_non_null(strstr(err.message, "state folder's path has"));
	}
}

static void test_state_dir_too_long(void **state)
{
	(void)state;
	bp_cluster c;
	bp_error err = { 0 };
	char longer[BP_PATH_MAX];

	/* One byte more than main_state: the socket path would need 108 bytes. */
	snprintf(longer, sizeof(longer), "%sx", main_state);
	assert_int_equal(bp_cluster_init(&c, longer, &err), BP_ERR_CLUSTER);
	assert_non_null(strstr(err.message, "socket"));
	assert_string_equal(err.where, longer);

	char very[300];
	memset(very, 'v', sizeof(very) - 1);
	very[0] = '/';
	very[sizeof(very) - 1] = '\0';
	bp_error_clear(&err);
	assert_int_equal(bp_cluster_init(&c, very, &err), BP_ERR_CLUSTER);
	assert_non_null(strstr(err.message, "socket"));

	/* The longest that fits is accepted. */
	assert_ok(bp_cluster_init(&c, main_state, &err), err);
	assert_false(path_exists(main_state));   /* init touches nothing on disk */
}

static void test_init_paths(void **state)
{
	(void)state;
	bp_cluster c;
	bp_error err = { 0 };
	assert_ok(bp_cluster_init(&c, "/tmp/bp-paths///", &err), err);
	assert_string_equal(c.state_dir, "/tmp/bp-paths");
	assert_string_equal(c.data_dir, "/tmp/bp-paths/pgdata");
	assert_string_equal(c.socket_dir, "/tmp/bp-paths/run");
	assert_string_equal(c.lock_file, "/tmp/bp-paths/lock");
	assert_string_equal(c.log_file, "/tmp/bp-paths/log/postgresql.log");
	if (geteuid() == 0)
		assert_int_not_equal(c.run_uid, 0);

	/* A relative folder is made absolute against the working folder. */
	char cwd[BP_PATH_MAX], want[BP_PATH_MAX + 16];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), "%s/rel/st", cwd);
	if (strlen(want) + strlen("/run/.s.PGSQL.5432") < 108) {
		assert_ok(bp_cluster_init(&c, "rel/st", &err), err);
		assert_string_equal(c.state_dir, want);
	}

	char ci[BP_PATH_MAX + 128];
	assert_ok(bp_cluster_init(&c, "/tmp/it's", &err), err);
	bp_cluster_conninfo(&c, NULL, ci, sizeof(ci));
	assert_string_equal(ci, "host='/tmp/it\\'s/run' port=5432 user=buurtpeil dbname=buurtpeil");
	bp_cluster_conninfo(&c, "postgres", ci, sizeof(ci));
	assert_string_equal(ci, "host='/tmp/it\\'s/run' port=5432 user=buurtpeil dbname=postgres");
}

static void test_resolve_database_url(void **state)
{
	(void)state;
	bp_db db;
	bp_error err = { 0 };
	bp_db_options opt = { .conninfo = NULL, .state_dir = main_state };
	clear_env();
	setenv("DATABASE_URL", "postgresql://someone@db.example/monitor", 1);
	assert_ok(bp_db_resolve(&db, &opt, &err), err);
	assert_int_equal(db.target, BP_DB_CONFIGURED);
	assert_string_equal(db.conninfo, "postgresql://someone@db.example/monitor");
	assert_non_null(strstr(db.description, "DATABASE_URL"));

	/* --db wins over DATABASE_URL (and over PG*). */
	setenv("PGHOST", "/nonexistent", 1);
	opt.conninfo = "host=/elsewhere dbname=x";
	assert_ok(bp_db_resolve(&db, &opt, &err), err);
	assert_int_equal(db.target, BP_DB_CONFIGURED);
	assert_string_equal(db.conninfo, "host=/elsewhere dbname=x");
	assert_non_null(strstr(db.description, "--db"));

	/* DATABASE_URL wins over PG*. */
	opt.conninfo = NULL;
	assert_ok(bp_db_resolve(&db, &opt, &err), err);
	assert_string_equal(db.conninfo, "postgresql://someone@db.example/monitor");
	clear_env();
	assert_false(path_exists(main_state));
}

static void test_resolve_libpq_env(void **state)
{
	(void)state;
	static const char *const names[] = { "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE" };
	bp_db db;
	bp_error err = { 0 };
	bp_db_options opt = { .conninfo = NULL, .state_dir = main_state };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		clear_env();
		setenv(names[i], "x", 1);
		assert_ok(bp_db_resolve(&db, &opt, &err), err);
		assert_int_equal(db.target, BP_DB_CONFIGURED);
		assert_string_equal(db.conninfo, "");     /* libpq takes it from the environment */
		assert_non_null(strstr(db.description, names[i]));
		unsetenv(names[i]);
	}
	clear_env();
}

static void test_resolve_embedded(void **state)
{
	(void)state;
	bp_db db;
	bp_error err = { 0 };
	bp_db_options opt = { .conninfo = NULL, .state_dir = main_state };
	char want_host[BP_PATH_MAX + 16];
	/* libpq's quoting: a backslash before a quote or a backslash. */
	char quoted[BP_PATH_MAX];
	size_t q = 0;
	for (const char *p = main_state; *p && q + 2 < sizeof(quoted); p++) {
		if (*p == '\'' || *p == '\\')
			quoted[q++] = '\\';
		quoted[q++] = *p;
	}
	quoted[q] = '\0';
	snprintf(want_host, sizeof(want_host), "host='%s/run'", quoted);

	clear_env();
	assert_ok(bp_db_resolve(&db, &opt, &err), err);
	assert_int_equal(db.target, BP_DB_EMBEDDED);
	assert_string_equal(db.cluster.state_dir, main_state);
	assert_non_null(strstr(db.conninfo, want_host));
	assert_non_null(strstr(db.conninfo, "dbname=buurtpeil"));

	/* Empty variables count as unset (the test harness sets DATABASE_URL=''),
	 * and so does an empty --db. */
	setenv("DATABASE_URL", "", 1);
	setenv("PGHOST", "", 1);
	opt.conninfo = "";
	assert_ok(bp_db_resolve(&db, &opt, &err), err);
	assert_int_equal(db.target, BP_DB_EMBEDDED);
	assert_non_null(strstr(db.conninfo, want_host));

	/* Without --state-dir: $BUURTPEIL_STATE. */
	clear_env();
	setenv("BUURTPEIL_STATE", "/tmp/bp-from-env", 1);
	opt.conninfo = NULL;
	opt.state_dir = NULL;
	assert_ok(bp_db_resolve(&db, &opt, &err), err);
	assert_int_equal(db.target, BP_DB_EMBEDDED);
	assert_string_equal(db.cluster.state_dir, "/tmp/bp-from-env");
	assert_non_null(strstr(db.conninfo, "host='/tmp/bp-from-env/run'"));
	clear_env();
	assert_false(path_exists(main_state));   /* resolve touches no disk */
}

/* ---- the main cluster ------------------------------------------------------ */

static void test_fresh_absent_then_running(void **state)
{
	(void)state;
	bp_error err = { 0 };
	char sock[BP_PATH_MAX + 32];

	assert_ok(bp_cluster_init(&main_cluster, main_state, &err), err);
	assert_int_equal(status_of(&main_cluster), BP_CLUSTER_ABSENT);
	/* stop on a folder that does not exist is a no-op */
	assert_ok(bp_cluster_stop(&main_cluster, &err), err);
	assert_false(path_exists(main_state));

	main_started = 1;
	assert_ok(bp_cluster_ensure_running(&main_cluster, &err), err);
	assert_int_equal(status_of(&main_cluster), BP_CLUSTER_RUNNING);

	snprintf(sock, sizeof(sock), "%s/run/.s.PGSQL.5432", main_state);
	assert_int_equal(strlen(sock), 107);
	assert_true(is_socket(sock));

	char tmp[BP_PATH_MAX + 32];
	snprintf(tmp, sizeof(tmp), "%s/pgdata.new", main_state);
	assert_false(path_exists(tmp));

	PGconn *conn = connect_to(&main_cluster, NULL);
	assert_string_equal(bp_test_scalar(conn, "SHOW listen_addresses"), "");   /* no TCP */
	assert_string_equal(bp_test_scalar(conn, "SELECT inet_server_addr() IS NULL"), "t");
	/* a private server: bulk rewrites without WAL, temporary tables in memory */
	assert_string_equal(bp_test_scalar(conn, "SHOW wal_level"), "minimal");
	assert_string_equal(bp_test_scalar(conn, "SHOW temp_buffers"), "256MB");
	assert_string_equal(bp_test_scalar(conn, "SHOW lc_collate"), "C");
	assert_string_equal(bp_test_scalar(conn, "SELECT current_database()"), "buurtpeil");
	assert_string_equal(bp_test_scalar(conn, "SELECT current_user"), "buurtpeil");
	assert_string_equal(bp_test_scalar(conn, "SELECT current_setting('data_directory')"),
	                    main_cluster.data_dir);
	assert_string_equal(bp_test_scalar(conn, "SELECT pg_encoding_to_char(encoding) FROM pg_database "
	                                         "WHERE datname = current_database()"), "UTF8");
	long pid = postmaster_pid(&main_cluster);
	assert_true(pid > 0);
	assert_int_equal(kill((pid_t)pid, 0), 0);
	assert_int_equal(count_postmasters(main_cluster.data_dir), 1);
	PQfinish(conn);
}

static void test_server_runs_unprivileged(void **state)
{
	(void)state;
	struct stat st;
	PGconn *conn = connect_to(&main_cluster, NULL);
	const char *dd = bp_test_scalar(conn, "SELECT current_setting('data_directory')");
	char data_dir[BP_PATH_MAX];
	snprintf(data_dir, sizeof(data_dir), "%s", dd);
	PQfinish(conn);

	assert_int_equal(stat(data_dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	if (geteuid() != 0) {
		assert_int_equal(st.st_uid, geteuid());
		return;
	}
	assert_int_not_equal(st.st_uid, 0);
	assert_int_equal(st.st_uid, main_cluster.run_uid);

	/* The postmaster process itself: /proc/PID belongs to its user. */
	char proc[64];
	long pid = postmaster_pid(&main_cluster);
	snprintf(proc, sizeof(proc), "/proc/%ld", pid);
	assert_int_equal(stat(proc, &st), 0);
	assert_int_not_equal(st.st_uid, 0);
	assert_int_equal(st.st_uid, main_cluster.run_uid);

	/* The socket folder is private to the server's user. */
	char run[BP_PATH_MAX + 8];
	snprintf(run, sizeof(run), "%s/run", main_state);
	assert_int_equal(stat(run, &st), 0);
	assert_int_equal(st.st_uid, main_cluster.run_uid);
	assert_int_equal(st.st_mode & 0777, 0700);
}

/*
 * The environment of the postmaster (/proc/PID/environ, readable by the
 * server's user and root; a backend's shows its process title instead),
 * which its backends inherit with the malloc settings read from it at
 * its start: 1 when it holds the line want, 0 when not, -1 when it cannot
 * be read.
 */
static int server_env_has(const char *want)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/environ", postmaster_pid(&main_cluster));
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char env[65536];
	size_t n = fread(env, 1, sizeof(env) - 1, f);
	fclose(f);
	env[n] = '\0';
	int found = 0;
	for (size_t at = 0; at < n; at += strlen(env + at) + 1)
		found |= strcmp(env + at, want) == 0;
	return found;
}

/* glibc's malloc keeps a backend's large blocks for its next statement (cluster.c, server_malloc_env). */
static void test_server_malloc_env(void **state)
{
	(void)state;
	int mmap = server_env_has("MALLOC_MMAP_THRESHOLD_=33554432");
	if (mmap < 0)
		skip();
	assert_int_equal(mmap, 1);
	assert_int_equal(server_env_has("MALLOC_TRIM_THRESHOLD_=268435456"), 1);
}

static void test_second_ensure_is_noop(void **state)
{
	(void)state;
	bp_error err = { 0 };
	long before = postmaster_pid(&main_cluster);
	assert_true(before > 0);
	assert_ok(bp_cluster_ensure_running(&main_cluster, &err), err);
	assert_int_equal(postmaster_pid(&main_cluster), before);
	assert_int_equal(count_postmasters(main_cluster.data_dir), 1);
	assert_int_equal(count_in_file(main_cluster.log_file, "ready to accept connections"), 1);

	/* A bp_cluster of the same folder, as another command would build it. */
	bp_cluster again;
	assert_ok(bp_cluster_init(&again, main_state, &err), err);
	assert_int_equal(status_of(&again), BP_CLUSTER_RUNNING);
	assert_ok(bp_cluster_ensure_running(&again, &err), err);
	assert_int_equal(postmaster_pid(&main_cluster), before);
}

static void test_configured_server_makes_no_cluster(void **state)
{
	(void)state;
	bp_error err = { 0 };
	char fresh[BP_PATH_MAX], pgdata[BP_PATH_MAX + 16], ci[BP_PATH_MAX + 128];
	snprintf(fresh, sizeof(fresh), "%s/unused", root_dir);
	snprintf(pgdata, sizeof(pgdata), "%s/pgdata", fresh);
	bp_cluster_conninfo(&main_cluster, NULL, ci, sizeof(ci));

	clear_env();
	setenv("DATABASE_URL", ci, 1);
	bp_db db;
	bp_db_options opt = { .conninfo = NULL, .state_dir = fresh };
	bp_rc rc = bp_db_open(&db, &opt, &err);
	unsetenv("DATABASE_URL");
	if (rc)
		print_err("bp_db_open", &err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(db.target, BP_DB_CONFIGURED);
	assert_string_equal(bp_test_scalar(db.conn, "SELECT current_setting('data_directory')"),
	                    main_cluster.data_dir);
	bp_db_close(&db);
	assert_null(db.conn);
	assert_false(path_exists(pgdata));
	assert_false(path_exists(fresh));

	/* The same through --db. */
	opt.conninfo = ci;
	assert_ok(bp_db_open(&db, &opt, &err), err);
	assert_int_equal(db.target, BP_DB_CONFIGURED);
	bp_db_close(&db);
	assert_false(path_exists(fresh));

	/* A configured server that is not there: a database error with a hint, still no cluster. */
	opt.conninfo = "host=/nonexistent-bp-socket-dir dbname=x connect_timeout=2";
	bp_error_clear(&err);
	assert_int_equal(bp_db_open(&db, &opt, &err), BP_ERR_DB);
	assert_null(db.conn);
	assert_non_null(strstr(err.hint, "DATABASE_URL"));
	assert_false(path_exists(fresh));
}

static void test_stop_and_start_keep_data(void **state)
{
	(void)state;
	bp_error err = { 0 };
	char sock[BP_PATH_MAX + 32];
	snprintf(sock, sizeof(sock), "%s/run/.s.PGSQL.5432", main_state);

	PGconn *conn = connect_to(&main_cluster, NULL);
	exec_ok(conn, "CREATE TABLE kept (id int PRIMARY KEY, name text)");
	exec_ok(conn, "INSERT INTO kept VALUES (1, 'Schadewijk'), (2, 'Ruwaard')");
	PQfinish(conn);

	assert_ok(bp_cluster_stop(&main_cluster, &err), err);
	assert_int_equal(status_of(&main_cluster), BP_CLUSTER_STOPPED);
	assert_false(is_socket(sock));
	assert_int_equal(count_postmasters(main_cluster.data_dir), 0);

	/* Stopping a stopped cluster is fine. */
	assert_ok(bp_cluster_stop(&main_cluster, &err), err);
	assert_int_equal(status_of(&main_cluster), BP_CLUSTER_STOPPED);

	/* A malloc variable the user set is the server's, the other one is still added. */
	assert_int_equal(setenv("MALLOC_TRIM_THRESHOLD_", "1048576", 1), 0);
	bp_rc started = bp_cluster_ensure_running(&main_cluster, &err);
	unsetenv("MALLOC_TRIM_THRESHOLD_");
	assert_ok(started, err);
	int own = server_env_has("MALLOC_TRIM_THRESHOLD_=1048576");
	if (own >= 0) {
		assert_int_equal(own, 1);
		assert_int_equal(server_env_has("MALLOC_TRIM_THRESHOLD_=268435456"), 0);
		assert_int_equal(server_env_has("MALLOC_MMAP_THRESHOLD_=33554432"), 1);
	}
	assert_ok(bp_cluster_stop(&main_cluster, &err), err);

	assert_ok(bp_cluster_ensure_running(&main_cluster, &err), err);
	assert_int_equal(status_of(&main_cluster), BP_CLUSTER_RUNNING);
	assert_true(is_socket(sock));
	assert_int_equal(count_postmasters(main_cluster.data_dir), 1);
	conn = connect_to(&main_cluster, NULL);
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(name, ',' ORDER BY id) FROM kept"),
	                    "Schadewijk,Ruwaard");
	PQfinish(conn);
}

/* ---- concurrency ----------------------------------------------------------- */

static void test_concurrent_ensure_running(void **state)
{
	(void)state;
	enum { N = 4 };
	int gate[2];
	pid_t kids[N];
	assert_int_equal(pipe(gate), 0);
	conc_started = 1;
	fflush(NULL);
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			char b;
			bp_cluster c;
			bp_error err = { 0 };
			close(gate[1]);
			/* Wait at the gate so that all four start together. */
			while (read(gate[0], &b, 1) < 0 && errno == EINTR)
				;
			bp_rc rc = bp_cluster_init(&c, conc_state, &err);
			if (rc == BP_OK)
				rc = bp_cluster_ensure_running(&c, &err);
			if (rc)
				print_err("child ensure_running", &err);
			_exit(rc == BP_OK ? 0 : 10 + (int)rc);
		}
	}
	close(gate[0]);
	close(gate[1]);   /* open the gate */

	for (int i = 0; i < N; i++) {
		int status = 0;
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}

	bp_cluster c;
	bp_error err = { 0 };
	char tmp[BP_PATH_MAX + 32];
	assert_ok(bp_cluster_init(&c, conc_state, &err), err);
	assert_int_equal(status_of(&c), BP_CLUSTER_RUNNING);
	snprintf(tmp, sizeof(tmp), "%s/pgdata.new", conc_state);
	assert_false(path_exists(tmp));
	long pid = postmaster_pid(&c);
	assert_true(pid > 0);
	assert_int_equal(kill((pid_t)pid, 0), 0);
	assert_int_equal(count_postmasters(c.data_dir), 1);
	/* One server start, one cluster created. */
	assert_int_equal(count_in_file(c.log_file, "ready to accept connections"), 1);

	PGconn *conn = connect_to(&c, NULL);
	exec_ok(conn, "CREATE TABLE t (x int)");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM pg_database WHERE datname = 'buurtpeil'"), "1");
	PQfinish(conn);

	assert_ok(bp_cluster_stop(&c, &err), err);
	assert_int_equal(status_of(&c), BP_CLUSTER_STOPPED);
	conc_started = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_binaries),
		cmocka_unit_test(test_state_dir_too_long),
		cmocka_unit_test(test_state_dir_refused_chars),
		cmocka_unit_test(test_init_paths),
		cmocka_unit_test(test_resolve_database_url),
		cmocka_unit_test(test_resolve_libpq_env),
		cmocka_unit_test(test_resolve_embedded),
		cmocka_unit_test(test_fresh_absent_then_running),
		cmocka_unit_test(test_server_runs_unprivileged),
		cmocka_unit_test(test_server_malloc_env),
		cmocka_unit_test(test_second_ensure_is_noop),
		cmocka_unit_test(test_configured_server_makes_no_cluster),
		cmocka_unit_test(test_stop_and_start_keep_data),
		cmocka_unit_test(test_concurrent_ensure_running),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
