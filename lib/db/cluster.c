#include "db/cluster.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/pgutil.h"

#define PG_PORT "5432"

static const char *const server_programs[] = { "initdb", "pg_ctl", "postgres" };

char *bp_cluster_default_state_dir(bp_arena *a)
{
	const char *s = getenv("BUURTPEIL_STATE");
	if (s && *s)
		return bp_arena_strdup(a, s);
	if (geteuid() == 0)
		return bp_arena_strdup(a, "/var/lib/buurtpeil");
	s = getenv("XDG_STATE_HOME");
	if (s && *s == '/')
		return bp_arena_printf(a, "%s/buurtpeil", s);
	s = getenv("HOME");
	if (!s || !*s) {
		struct passwd *pw = getpwuid(geteuid());
		s = pw ? pw->pw_dir : "/tmp";
	}
	return bp_arena_printf(a, "%s/.local/state/buurtpeil", s);
}

static int has_programs(const char *dir)
{
	char p[BP_PATH_MAX];
	for (size_t i = 0; i < sizeof(server_programs) / sizeof(*server_programs); i++) {
		snprintf(p, sizeof(p), "%.4000s/%s", dir, server_programs[i]);
		if (access(p, X_OK) != 0)
			return 0;
	}
	return 1;
}

/* Debian installs each major version under /usr/lib/postgresql/N/bin and puts
 * only wrappers on PATH: prefer the newest version found there. */
static int find_bindir(char *out, size_t size)
{
	const char *env = getenv("BUURTPEIL_PG_BINDIR");
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return has_programs(out);
	}
	DIR *d = opendir("/usr/lib/postgresql");
	long best = -1;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			char *end;
			long v = strtol(e->d_name, &end, 10);
			char dir[BP_PATH_MAX];
			if (end == e->d_name || *end)
				continue;
			snprintf(dir, sizeof(dir), "/usr/lib/postgresql/%.255s/bin", e->d_name);
			if (v > best && has_programs(dir)) {
				best = v;
				snprintf(out, size, "%s", dir);
			}
		}
		closedir(d);
	}
	if (best >= 0)
		return 1;
	const char *path = getenv("PATH");
	char *copy = bp_xstrdup(path ? path : "/usr/bin:/bin");
	int found = 0;
	for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		if (*dir && has_programs(dir)) {
			snprintf(out, size, "%s", dir);
			found = 1;
		}
	}
	free(copy);
	return found;
}

static bp_rc choose_user(bp_cluster *c, bp_error *err)
{
	if (geteuid() != 0) {
		struct passwd *pw = getpwuid(geteuid());
		c->run_uid = geteuid();
		c->run_gid = getegid();
		snprintf(c->run_user, sizeof(c->run_user), "%s", pw ? pw->pw_name : "self");
		return BP_OK;
	}
	const char *want = getenv("BUURTPEIL_PG_USER");
	const char *candidates[] = { want && *want ? want : "postgres", "nobody" };
	for (size_t i = 0; i < 2; i++) {
		struct passwd *pw = getpwnam(candidates[i]);
		if (pw && pw->pw_uid != 0) {
			c->run_uid = pw->pw_uid;
			c->run_gid = pw->pw_gid;
			snprintf(c->run_user, sizeof(c->run_user), "%s", pw->pw_name);
			return BP_OK;
		}
		if (want && *want && i == 0) {
			bp_fail(err, BP_ERR_CLUSTER, "BUURTPEIL_PG_USER names '%s', which is not an unprivileged user of this system", want);
			bp_error_hint(err, "PostgreSQL refuses to run as root; name an existing non-root user, or unset BUURTPEIL_PG_USER");
			return BP_ERR_CLUSTER;
		}
	}
	bp_fail(err, BP_ERR_CLUSTER, "no unprivileged user to run the PostgreSQL server as");
	bp_error_hint(err, "PostgreSQL refuses to run as root: create a user (adduser --system postgres) or set BUURTPEIL_PG_USER");
	return BP_ERR_CLUSTER;
}

bp_rc bp_cluster_init(bp_cluster *c, const char *state_dir, bp_error *err)
{
	memset(c, 0, sizeof(*c));
	if (state_dir[0] == '/') {
		snprintf(c->state_dir, sizeof(c->state_dir), "%s", state_dir);
	} else {
		char cwd[BP_PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)))
			return bp_fail(err, BP_ERR_IO, "cannot tell the current folder: %s", strerror(errno));
		snprintf(c->state_dir, sizeof(c->state_dir), "%.2000s/%.2000s", cwd, state_dir);
	}
	size_t n = strlen(c->state_dir);
	while (n > 1 && c->state_dir[n - 1] == '/')
		c->state_dir[--n] = '\0';
	snprintf(c->data_dir, sizeof(c->data_dir), "%.4000s/pgdata", c->state_dir);
	snprintf(c->socket_dir, sizeof(c->socket_dir), "%.4000s/run", c->state_dir);
	snprintf(c->log_file, sizeof(c->log_file), "%.4000s/log/postgresql.log", c->state_dir);
	snprintf(c->lock_file, sizeof(c->lock_file), "%.4000s/lock", c->state_dir);

	/* libpq reads host=a,b as two hosts, whatever the quoting; pg_ctl starts
	 * the server with a shell command that puts the paths in double quotes
	 * (so " \ $ ` would be read by the shell).  A quote, spaces and the rest
	 * are fine (postgresql.conf is quoted in write_server_config). */
	const char *bad = strpbrk(c->state_dir, ",\"\\$`\n\r");
	if (bad) {
		bp_error_at(err, c->state_dir, 0, 0);
		bp_fail(err, BP_ERR_CLUSTER, "the state folder's path has %s, which %s",
		        *bad == ',' ? "a comma" : *bad == '\n' || *bad == '\r' ? "a line break" : "a shell character",
		        *bad == ',' ? "libpq reads as a list of hosts" : "pg_ctl's shell would read");
		bp_error_hint(err, "choose a --state-dir without , \" \\ $ ` or line breaks");
		return BP_ERR_CLUSTER;
	}
	/* The socket's path must fit sockaddr_un.sun_path (107 bytes on Linux). */
	struct sockaddr_un sun;
	if (strlen(c->socket_dir) + strlen("/.s.PGSQL." PG_PORT) >= sizeof(sun.sun_path)) {
		bp_error_at(err, c->state_dir, 0, 0);
		bp_fail(err, BP_ERR_CLUSTER, "state folder path is too long for a Unix socket");
		bp_error_hint(err, "choose a shorter --state-dir (the socket path must stay under %zu bytes)",
		              sizeof(sun.sun_path));
		return BP_ERR_CLUSTER;
	}
	if (!find_bindir(c->bindir, sizeof(c->bindir))) {
		bp_fail(err, BP_ERR_MISSING,
		        "the PostgreSQL server programs (initdb, pg_ctl, postgres) are not installed: "
		        "install them with 'apt-get install postgresql', or configure an existing server with --db");
		bp_error_hint(err, "BUURTPEIL_PG_BINDIR can name the folder that holds them");
		return BP_ERR_MISSING;
	}
	return choose_user(c, err);
}

extern char **environ;

/*
 * glibc's malloc for the server's processes, as the environment of the
 * pg_ctl that starts it (mallopt(3): MALLOC_MMAP_THRESHOLD_,
 * MALLOC_TRIM_THRESHOLD_; PostgreSQL has no setting of its own for this).
 * By default a backend gets each large block (a sort's memory, an index
 * build's) from a fresh mmap and gives it back when freed, so every sort
 * and index build of compute --force faulted its pages in again: on the
 * bench machine's VM a page fault costs microseconds of system time, and
 * the two backends of a compute --force over all of Nederland took
 * 115,000-118,000 faults.  With blocks up to 32 MB from the heap and up to
 * 256 MB of freed heap kept, the next statement reuses them: 63,000-70,000
 * faults, most of the rest each backend's first touch of the shared
 * buffers (bench/RESULTS.md).  A backend keeps at most what it once used
 * until it exits.  Variables the user set are left as they are.
 */
static const char *const server_malloc_env[] = { "MALLOC_MMAP_THRESHOLD_=33554432",
                                                 "MALLOC_TRIM_THRESHOLD_=268435456" };
#define N_SERVER_MALLOC_ENV (sizeof(server_malloc_env) / sizeof(server_malloc_env[0]))

/* environ plus server_malloc_env where unset; NULL-terminated, freed by the caller (the strings are not). */
static char **server_env(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = bp_xmalloc((n + N_SERVER_MALLOC_ENV + 1) * sizeof(*env));
	memcpy(env, environ, n * sizeof(*env));
	for (size_t i = 0; i < N_SERVER_MALLOC_ENV; i++) {
		const char *v = server_malloc_env[i];
		size_t name = (size_t)(strchr(v, '=') - v) + 1;
		size_t j = 0;
		while (j < n && strncmp(env[j], v, name) != 0)
			j++;
		if (j == n)
			env[n++] = (char *)v;
	}
	env[n] = NULL;
	return env;
}

/*
 * Run a server program as the server's user and wait for it.  Its output
 * (stdout and stderr) is collected into out for error messages.  Returns
 * the exit status, or -1 if it could not be started.  env: the program's
 * environment (NULL: ours).
 */
static int run_as_server_user_env(const bp_cluster *c, char *const argv[], char *const env[], bp_buf *out)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		/* Child: only async-signal-safe calls from here to exec. */
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0) {
			dup2(devnull, 0);
			close(devnull);
		}
		if (geteuid() == 0) {
			if (setgroups(0, NULL) != 0 || setgid(c->run_gid) != 0 || setuid(c->run_uid) != 0) {
				static const char msg[] = "cannot drop root privileges\n";
				(void)!write(2, msg, sizeof(msg) - 1);
				_exit(125);
			}
		}
		/* Root's working folder may be closed to the server's user. */
		if (chdir(c->state_dir) != 0 && chdir("/") != 0)
			_exit(125);
		execve(argv[0], argv, env ? env : environ);
		_exit(127);
	}
	close(fds[1]);
	char chunk[4096];
	ssize_t r;
	while ((r = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out)
			bp_buf_add(out, chunk, (size_t)r);
	}
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_as_server_user(const bp_cluster *c, char *const argv[], bp_buf *out)
{
	return run_as_server_user_env(c, argv, NULL, out);
}

/* A pg_ctl that starts the server: with server_malloc_env. */
static int run_server_start(const bp_cluster *c, char *const argv[], bp_buf *out)
{
	char **env = server_env();
	int code = run_as_server_user_env(c, argv, env, out);
	free(env);
	return code;
}

/* The last few lines of a program's output, as the error's detail. */
static void set_detail_from_output(bp_error *err, const bp_buf *out)
{
	const char *s = out->data;
	size_t len = out->len;
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	size_t start = len > 600 ? len - 600 : 0;
	if (len)
		bp_error_detail(err, "%.*s", (int)(len - start), s + start);
}

static char *prog(const bp_cluster *c, const char *name, char *buf)
{
	snprintf(buf, BP_PATH_MAX, "%.4000s/%s", c->bindir, name);
	return buf;
}

static bp_rc pg_ctl_status(bp_cluster *c, bp_cluster_state *st, bp_error *err)
{
	char p[BP_PATH_MAX], ver[BP_PATH_MAX];
	snprintf(ver, sizeof(ver), "%.4000s/PG_VERSION", c->data_dir);
	if (access(ver, F_OK) != 0) {
		*st = BP_CLUSTER_ABSENT;
		return BP_OK;
	}
	char *argv[] = { prog(c, "pg_ctl", p), "status", "-D", c->data_dir, NULL };
	bp_buf out;
	bp_buf_init(&out);
	int code = run_as_server_user(c, argv, &out);
	bp_rc rc = BP_OK;
	if (code == 0)
		*st = BP_CLUSTER_RUNNING;
	else if (code == 3)
		*st = BP_CLUSTER_STOPPED;
	else {
		bp_error_at(err, c->data_dir, 0, 0);
		rc = bp_fail(err, BP_ERR_CLUSTER, "cannot tell whether the embedded PostgreSQL server runs (pg_ctl status exited %d)", code);
		set_detail_from_output(err, &out);
	}
	bp_buf_release(&out);
	return rc;
}

bp_rc bp_cluster_status(bp_cluster *c, bp_cluster_state *out, bp_error *err)
{
	return pg_ctl_status(c, out, err);
}

static int open_lock(const bp_cluster *c, bp_error *err)
{
	int fd = open(c->lock_file, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		bp_error_at(err, c->lock_file, 0, 0);
		bp_fail(err, BP_ERR_IO, "cannot open the cluster's lock file: %s", strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			bp_error_at(err, c->lock_file, 0, 0);
			bp_fail(err, BP_ERR_IO, "cannot lock the cluster: %s", strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

static void close_lock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

static bp_rc make_owned_dir(const bp_cluster *c, const char *path, mode_t mode, bp_error *err)
{
	if (mkdir(path, mode) != 0 && errno != EEXIST) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot create folder: %s", strerror(errno));
	}
	if (geteuid() == 0 && chown(path, c->run_uid, c->run_gid) != 0) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot hand the folder to user %s: %s", c->run_user, strerror(errno));
	}
	if (chmod(path, mode) != 0) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot set the folder's permissions: %s", strerror(errno));
	}
	return BP_OK;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path);
}

/* The server's user must be able to reach the state folder: as root we
 * test that in a child that has dropped its privileges, as the server would. */
static bp_rc check_reachable(const bp_cluster *c, bp_error *err)
{
	if (geteuid() != 0)
		return BP_OK;
	char *argv[] = { "/bin/test", "-x", (char *)c->state_dir, NULL };
	if (access(argv[0], X_OK) != 0)
		argv[0] = "/usr/bin/test";
	int code = run_as_server_user(c, argv, NULL);
	if (code == 0)
		return BP_OK;
	bp_error_at(err, c->state_dir, 0, 0);
	bp_fail(err, BP_ERR_CLUSTER, "the PostgreSQL server runs as user '%s', who cannot reach the state folder", c->run_user);
	bp_error_hint(err, "give every folder above it search permission for others (chmod o+x), or choose --state-dir elsewhere (for example under /var/lib)");
	return BP_ERR_CLUSTER;
}

static bp_rc write_server_config(const bp_cluster *c, const char *data_dir, bp_error *err)
{
	char path[BP_PATH_MAX];
	snprintf(path, sizeof(path), "%.4000s/postgresql.conf", data_dir);
	FILE *f = fopen(path, "a");
	if (!f) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot configure the new cluster: %s", strerror(errno));
	}
	/* The folder is one entry of a list (double-quoted, so that spaces
	 * stay; bp_cluster_init refuses '"'), inside a configuration string (a
	 * quote doubled, a backslash escaped): a state folder named "it's" once
	 * ended the string early and the server did not start. */
	bp_buf q;
	bp_buf_init(&q);
	bp_buf_adds(&q, "'\"");
	for (const char *s = c->socket_dir; *s; s++) {
		if (*s == '"')
			bp_buf_addc(&q, '"');
		if (*s == '\'' || *s == '\\')
			bp_buf_addc(&q, *s);
		bp_buf_addc(&q, *s);
	}
	bp_buf_adds(&q, "\"'");
	fprintf(f,
	        "\n# --- set by buurtpeil: a private server, reachable only through its Unix socket\n"
	        "listen_addresses = ''\n"
	        "unix_socket_directories = %s\n"
	        "unix_socket_permissions = 0700\n"
	        "port = " PG_PORT "\n"
	        "max_connections = 40\n"
	        "logging_collector = off\n"
	        "log_min_messages = warning\n"
	        "# no replica will ever read this server's WAL: a table written in the\n"
	        "# transaction that created or truncated it (compute --force) is not\n"
	        "# WAL-logged but synced at COMMIT\n"
	        "wal_level = minimal\n"
	        "max_wal_senders = 0\n"
	        "# compute's temporary tables (up to 40 MB for all of Nederland) stay in memory\n"
	        "temp_buffers = 256MB\n",
	        q.data);
	bp_buf_release(&q);
	if (fclose(f) != 0) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot configure the new cluster: %s", strerror(errno));
	}
	return BP_OK;
}

/* initdb into a fresh folder beside the final one and rename it into place,
 * so an interrupted initdb never leaves a half-made cluster under pgdata. */
static bp_rc create_cluster(bp_cluster *c, bp_error *err)
{
	char tmp[BP_PATH_MAX], p[BP_PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%.4000s/pgdata.new", c->state_dir);
	(void)nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);

	bp_rc rc = make_owned_dir(c, tmp, 0700, err);
	if (rc)
		return rc;
	/* Collation C: the same order as C.UTF-8 (glibc's C.UTF-8 sorts by code
	 * point, which is UTF-8's byte order), but PostgreSQL 15 compares with
	 * memcmp instead of strcoll: every key, index and sort on area and
	 * indicator codes is that much cheaper (bench/RESULTS.md, compute).
	 * Character classes stay C.UTF-8, so upper() and ILIKE know é. */
	char *argv[] = { prog(c, "initdb", p), "-D", tmp, "-U", BP_CLUSTER_SUPERUSER,
	                 "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--lc-collate=C",
	                 "--no-instructions", NULL };
	bp_buf out;
	bp_buf_init(&out);
	int code = run_as_server_user(c, argv, &out);
	if (code != 0) {
		bp_error_at(err, c->data_dir, 0, 0);
		rc = bp_fail(err, BP_ERR_CLUSTER, "initdb could not create the embedded cluster (exit %d)", code);
		set_detail_from_output(err, &out);
		goto out;
	}
	rc = write_server_config(c, tmp, err);
	if (rc)
		goto out;
	if (rename(tmp, c->data_dir) != 0) {
		bp_error_at(err, c->data_dir, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot move the new cluster into place: %s", strerror(errno));
	}
out:
	if (rc)
		(void)nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	bp_buf_release(&out);
	return rc;
}

static bp_rc start_server(bp_cluster *c, bp_error *err)
{
	char p[BP_PATH_MAX];
	char *argv[] = { prog(c, "pg_ctl", p), "start", "-D", c->data_dir, "-l", c->log_file,
	                 "-w", "-t", "120", "-s", NULL };
	bp_buf out;
	bp_buf_init(&out);
	int code = run_server_start(c, argv, &out);
	bp_rc rc = BP_OK;
	if (code != 0) {
		bp_error_at(err, c->log_file, 0, 0);
		rc = bp_fail(err, BP_ERR_CLUSTER, "the embedded PostgreSQL server did not start (pg_ctl exit %d)", code);
		set_detail_from_output(err, &out);
		bp_error_hint(err, "the server log named above says why");
	}
	bp_buf_release(&out);
	return rc;
}

static bp_rc ensure_database(bp_cluster *c, bp_error *err)
{
	char ci[BP_PATH_MAX + 128];
	bp_cluster_conninfo(c, "postgres", ci, sizeof(ci));
	PGconn *conn = PQconnectdb(ci);
	bp_rc rc = BP_OK;
	PGresult *r = NULL;
	if (PQstatus(conn) != CONNECTION_OK) {
		rc = bp_pg_fail(err, conn, NULL, "cannot connect to the embedded server");
		goto out;
	}
	const char *params[] = { BP_CLUSTER_DBNAME };
	rc = bp_pg_query(conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, params, &r, err);
	if (rc)
		goto out;
	if (PQntuples(r) == 0)
		rc = bp_pg_exec(conn, "CREATE DATABASE " BP_CLUSTER_DBNAME, err);
out:
	PQclear(r);
	PQfinish(conn);
	return rc;
}

bp_rc bp_cluster_ensure_running(bp_cluster *c, bp_error *err)
{
	bp_rc rc = bp_mkdir_p(c->state_dir, 0755, err);
	if (rc)
		return rc;
	int lock = open_lock(c, err);
	if (lock < 0)
		return err ? err->rc : BP_ERR_IO;

	bp_cluster_state st;
	char logdir[BP_PATH_MAX];
	snprintf(logdir, sizeof(logdir), "%.4000s/log", c->state_dir);
	rc = check_reachable(c, err);
	if (rc)
		goto out;
	rc = make_owned_dir(c, c->socket_dir, 0700, err);
	if (rc == BP_OK)
		rc = make_owned_dir(c, logdir, 0700, err);
	if (rc == BP_OK)
		rc = pg_ctl_status(c, &st, err);
	if (rc)
		goto out;
	if (st == BP_CLUSTER_ABSENT) {
		rc = create_cluster(c, err);
		if (rc)
			goto out;
		st = BP_CLUSTER_STOPPED;
	}
	if (st == BP_CLUSTER_STOPPED) {
		rc = start_server(c, err);
		if (rc)
			goto out;
	}
	rc = ensure_database(c, err);
out:
	close_lock(lock);
	return rc;
}

/* The postmaster's process id from DATA/postmaster.pid, or 0. */
static pid_t postmaster_pid(const bp_cluster *c)
{
	char path[BP_PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/postmaster.pid", c->data_dir);
	FILE *f = fopen(path, "r");
	long pid = 0;
	if (f) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return pid > 0 ? (pid_t)pid : 0;
}

/* Whether PID is a process that has not exited (a zombie has). */
static int process_alive(pid_t pid)
{
	char path[64], stat[256];
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(stat, 1, sizeof(stat) - 1, f);
	fclose(f);
	stat[n] = '\0';
	const char *paren = strrchr(stat, ')');   /* the name may hold spaces and parentheses */
	return !(paren && paren[1] == ' ' && paren[2] == 'Z');
}

/*
 * pg_ctl stop -w returns when the postmaster has removed postmaster.pid,
 * which it does on its way out, before the process has ended: on a loaded
 * machine the process was still there when the caller went on (a restart,
 * a removed state folder, a test counting servers).  Wait for it to end:
 * 10 ms steps, at most a minute (not an error after that: pg_ctl said it
 * stopped, and the pid file is gone).
 */
static void wait_for_exit(pid_t pid)
{
	const struct timespec step = { 0, 10 * 1000 * 1000 };
	for (int i = 0; pid > 0 && i < 6000 && process_alive(pid); i++)
		nanosleep(&step, NULL);
}

bp_rc bp_cluster_stop(bp_cluster *c, bp_error *err)
{
	if (access(c->state_dir, F_OK) != 0)
		return BP_OK;
	int lock = open_lock(c, err);
	if (lock < 0)
		return err ? err->rc : BP_ERR_IO;
	bp_cluster_state st;
	bp_rc rc = pg_ctl_status(c, &st, err);
	if (rc == BP_OK && st == BP_CLUSTER_RUNNING) {
		pid_t pid = postmaster_pid(c);
		char p[BP_PATH_MAX];
		char *argv[] = { prog(c, "pg_ctl", p), "stop", "-D", c->data_dir, "-m", "fast",
		                 "-w", "-t", "120", "-s", NULL };
		bp_buf out;
		bp_buf_init(&out);
		int code = run_as_server_user(c, argv, &out);
		if (code != 0) {
			bp_error_at(err, c->data_dir, 0, 0);
			rc = bp_fail(err, BP_ERR_CLUSTER, "the embedded PostgreSQL server did not stop (pg_ctl exit %d)", code);
			set_detail_from_output(err, &out);
		} else {
			wait_for_exit(pid);
		}
		bp_buf_release(&out);
	}
	close_lock(lock);
	return rc;
}

bp_rc bp_cluster_make_primary(bp_cluster *c, bp_error *err)
{
	bp_rc rc = bp_cluster_ensure_running(c, err);
	if (rc)
		return rc;
	int lock = open_lock(c, err);
	if (lock < 0)
		return err ? err->rc : BP_ERR_IO;
	char ci[BP_PATH_MAX + 128];
	bp_cluster_conninfo(c, "postgres", ci, sizeof(ci));
	PGconn *conn = PQconnectdb(ci);
	PGresult *r = NULL;
	int restart = 0;
	if (PQstatus(conn) != CONNECTION_OK) {
		rc = bp_pg_fail(err, conn, NULL, "cannot connect to the embedded server");
		goto out;
	}
	rc = bp_pg_query(conn, "SELECT current_setting('wal_level') = 'minimal' "
	                       "OR current_setting('max_wal_senders')::int = 0", 0, NULL, &r, err);
	if (rc)
		goto out;
	restart = PQgetvalue(r, 0, 0)[0] == 't';
	/* In postgresql.auto.conf, which overrides the settings written at
	 * creation: the cluster stays a primary across restarts.  initdb's
	 * pg_hba.conf already admits replication over the socket (trust, like
	 * every other connection on a socket only the owner can open). */
	if (restart && ((rc = bp_pg_exec(conn, "ALTER SYSTEM SET wal_level = 'replica'", err)) ||
	                (rc = bp_pg_exec(conn, "ALTER SYSTEM SET max_wal_senders = 4", err))))
		goto out;
out:
	PQclear(r);
	PQfinish(conn);
	if (rc == BP_OK && restart) {
		/* wal_level takes effect only at a start. */
		char p[BP_PATH_MAX];
		char *argv[] = { prog(c, "pg_ctl", p), "restart", "-D", c->data_dir, "-l", c->log_file, "-m", "fast",
		                 "-w", "-t", "120", "-s", NULL };
		bp_buf o;
		bp_buf_init(&o);
		int code = run_server_start(c, argv, &o);
		if (code != 0) {
			bp_error_at(err, c->log_file, 0, 0);
			rc = bp_fail(err, BP_ERR_CLUSTER, "the embedded PostgreSQL server did not restart as a primary "
			                                  "(pg_ctl exit %d)", code);
			set_detail_from_output(err, &o);
		}
		bp_buf_release(&o);
	}
	close_lock(lock);
	return rc;
}

void bp_cluster_conninfo(const bp_cluster *c, const char *dbname, char *buf, size_t size)
{
	/* Quote for libpq's key='value' syntax: backslash and single quote. */
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "host='");
	for (const char *s = c->socket_dir; *s; s++) {
		if (*s == '\'' || *s == '\\')
			bp_buf_addc(&b, '\\');
		bp_buf_addc(&b, *s);
	}
	bp_buf_printf(&b, "' port=" PG_PORT " user=" BP_CLUSTER_SUPERUSER " dbname=%s",
	              dbname ? dbname : BP_CLUSTER_DBNAME);
	snprintf(buf, size, "%s", b.data);
	bp_buf_release(&b);
}
