#define _GNU_SOURCE /* syncfs */
#include "core/fsutil.h"

#include <ctype.h>
#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <zlib.h>

/* The process's umask, read without changing it (umask(2) would, for a
 * moment, for every thread). */
static mode_t read_umask(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	unsigned m = 022;
	int found = 0;
	if (f) {
		char line[256];
		while (!found && fgets(line, sizeof(line), f))
			found = sscanf(line, "Umask: %o", &m) == 1;
		fclose(f);
	}
	if (!found) {
		mode_t old = umask(022);
		umask(old);
		m = old;
	}
	return (mode_t)m;
}

/* Read once per process (reading /proc/self/status for every file was four
 * system calls per chart): nothing in buurtpeil sets the umask; a caller
 * that does calls bp_umask_changed.  -1: not read yet. */
static gint cached_umask = -1;

static mode_t current_umask(void)
{
	gint m = g_atomic_int_get(&cached_umask);
	if (m < 0) {
		m = (gint)read_umask();
		g_atomic_int_set(&cached_umask, m);
	}
	return (mode_t)m;
}

void bp_umask_changed(void)
{
	g_atomic_int_set(&cached_umask, (gint)read_umask());
}

/* Whether name is a temporary of bp_tmpfile_begin: ...tmp-X with X 1 to 16
 * letters or digits (six random ones now, a pid in older versions). */
static int tmp_name(const char *name)
{
	const char *p = strstr(name, ".tmp-");
	if (!p)
		return 0;
	while (strstr(p + 1, ".tmp-"))
		p = strstr(p + 1, ".tmp-");
	p += 5;
	size_t n = strlen(p);
	if (n < 1 || n > 16 || p == name + 5)
		return 0;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p))
			return 0;
	return 1;
}

/* A temporary is stale when older than this and nobody holds its lock: the
 * age covers the moment between another writer's creation and its flock. */
#define STALE_SECONDS 60

/* Remove the stale temporaries in folder dir, once per folder and process. */
static void remove_stale(const char *dir)
{
	static GMutex lock;
	static GHashTable *done;
	g_mutex_lock(&lock);
	if (!done)
		done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int first = !g_hash_table_contains(done, dir);
	if (first)
		g_hash_table_add(done, g_strdup(dir));
	g_mutex_unlock(&lock);
	if (!first)
		return;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	time_t now = time(NULL);
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (!tmp_name(e->d_name))
			continue;
		struct stat st;
		if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
		    now - st.st_mtime < STALE_SECONDS)
			continue;
		int fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* A lock we get is one nobody holds: its writer is gone. */
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			(void)unlinkat(dfd, e->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/* The folders whose files are made durable as a whole (bp_fsync_defer_under) and the fresh folders
 * (bp_fresh_folder_under), at most a few of each at once. */
#define MAX_DEFERRED 8
static GMutex deferred_lock;
static char *deferred[MAX_DEFERRED], *fresh[MAX_DEFERRED];

static void folder_add(char **list, const char *dir)
{
	g_mutex_lock(&deferred_lock);
	for (int i = 0; i < MAX_DEFERRED; i++)
		if (!list[i]) {
			list[i] = g_strdup(dir);
			break;
		}
	g_mutex_unlock(&deferred_lock);
}

static void folder_remove(char **list, const char *dir)
{
	g_mutex_lock(&deferred_lock);
	for (int i = 0; i < MAX_DEFERRED; i++)
		if (list[i] && strcmp(list[i], dir) == 0) {
			g_free(list[i]);
			list[i] = NULL;
			break;
		}
	g_mutex_unlock(&deferred_lock);
}

/* Whether path is under one of list's folders. */
static int folder_under(char **list, const char *path)
{
	int yes = 0;
	g_mutex_lock(&deferred_lock);
	for (int i = 0; i < MAX_DEFERRED && !yes; i++) {
		size_t n = list[i] ? strlen(list[i]) : 0;
		yes = n && strncmp(path, list[i], n) == 0 && path[n] == '/';
	}
	g_mutex_unlock(&deferred_lock);
	return yes;
}

void bp_fsync_defer_under(const char *dir) { folder_add(deferred, dir); }
void bp_fsync_defer_end(const char *dir) { folder_remove(deferred, dir); }
void bp_fresh_folder_under(const char *dir) { folder_add(fresh, dir); }
void bp_fresh_folder_end(const char *dir) { folder_remove(fresh, dir); }

bp_rc bp_tmpfile_begin_mode(bp_tmpfile *t, const char *path, mode_t mode, bp_error *err)
{
	t->fd = -1;
	t->mode = mode;
	t->direct = 0;
	t->tmp[0] = '\0';
	int n1 = snprintf(t->path, sizeof(t->path), "%s", path);
	int n2 = snprintf(t->tmp, sizeof(t->tmp), "%s.tmp-XXXXXX", path);
	if (n1 < 0 || n2 < 0 || (size_t)n2 >= sizeof(t->tmp)) {
		t->tmp[0] = '\0';
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "output path is too long");
	}
	/* In a fresh folder (a staging folder that nobody reads before its writer swaps it in whole) a new file is
	 * written under its own name: no temporary, lock or rename (two directory changes per file in folders of
	 * up to ~200,000 files: the site's img/), no stale temporaries to look for.  A name that exists (linked
	 * from the published folder) is replaced the usual way, never written through. */
	if (folder_under(fresh, path)) {
		t->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (t->fd >= 0) {
			t->direct = 1;
			memcpy(t->tmp, t->path, (size_t)n1 + 1);   /* what abort removes */
			return BP_OK;
		}
		if (errno != EEXIST) {
			int e = errno;
			t->tmp[0] = '\0';
			bp_error_at(err, path, 0, 0);
			return bp_fail(err, BP_ERR_IO, "cannot write: %s", strerror(e));
		}
	}
	const char *slash = strrchr(path, '/');
	char dir[BP_PATH_MAX];
	snprintf(dir, sizeof(dir), "%.*s", slash ? (slash == path ? 1 : (int)(slash - path)) : 1, slash ? path : ".");
	remove_stale(dir);
	/* mkostemp: O_CREAT|O_EXCL with a random name, 0600 until commit. */
	t->fd = mkostemp(t->tmp, O_CLOEXEC);
	if (t->fd < 0) {
		int e = errno;
		t->tmp[0] = '\0';
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot write: %s", strerror(e));
	}
	(void)flock(t->fd, LOCK_EX | LOCK_NB);
	return BP_OK;
}

bp_rc bp_tmpfile_begin(bp_tmpfile *t, const char *path, bp_error *err)
{
	return bp_tmpfile_begin_mode(t, path, 0666 & ~current_umask(), err);
}

FILE *bp_tmpfile_fdopen(bp_tmpfile *t, bp_error *err)
{
	int fd = t->fd >= 0 ? dup(t->fd) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		bp_error_at(err, t->path, 0, 0);
		bp_fail(err, BP_ERR_IO, "cannot write: %s", strerror(e));
	}
	return f;
}

bp_rc bp_tmpfile_write(bp_tmpfile *t, const void *data, size_t n, bp_error *err)
{
	const char *p = data;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(t->fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;
			bp_error_at(err, t->path, 0, 0);
			bp_tmpfile_abort(t);
			return bp_fail(err, BP_ERR_IO, "cannot write: %s", strerror(e));
		}
		off += (size_t)w;
	}
	return BP_OK;
}

bp_rc bp_sync_folder(const char *dir, bp_error *err)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || syncfs(dfd) != 0) {
		int e = errno;
		if (dfd >= 0)
			close(dfd);
		bp_error_at(err, dir, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot write the folder's files to disk: %s", strerror(e));
	}
	close(dfd);
	return BP_OK;
}

bp_rc bp_tmpfile_commit(bp_tmpfile *t, bp_error *err)
{
	if (!t->tmp[0] || t->fd < 0) {
		bp_error_at(err, t->path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot move the finished file into place: no temporary file");
	}
	/* Without fsync a crash after rename can leave an empty file under the final name.  In a folder
	 * made durable as a whole that is the folder's writer's to do, once (a site: thousands of files,
	 * each fsync a journal commit). */
	if (!folder_under(deferred, t->path))
		(void)fsync(t->fd);
	if (t->direct) {
		/* Created under its name with its mode (less the umask: set again only if that took bits off). */
		if ((t->mode & current_umask()) && fchmod(t->fd, t->mode) != 0) {
			int e = errno;
			bp_tmpfile_abort(t);
			bp_error_at(err, t->path, 0, 0);
			return bp_fail(err, BP_ERR_IO, "cannot set the file's permissions: %s", strerror(e));
		}
	} else if (fchmod(t->fd, t->mode) != 0 || rename(t->tmp, t->path) != 0) {
		int e = errno;
		bp_tmpfile_abort(t);
		bp_error_at(err, t->path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot move the finished file into place: %s", strerror(e));
	}
	close(t->fd);
	t->fd = -1;
	t->tmp[0] = '\0';
	return BP_OK;
}

void bp_tmpfile_abort(bp_tmpfile *t)
{
	if (t->tmp[0])
		(void)unlink(t->tmp);
	t->tmp[0] = '\0';
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

bp_rc bp_file_write_atomic_mode(const char *path, const void *data, size_t n, mode_t mode, bp_error *err)
{
	bp_tmpfile t;
	bp_rc rc = bp_tmpfile_begin_mode(&t, path, mode, err);
	if (rc)
		return rc;
	if ((rc = bp_tmpfile_write(&t, data, n, err)))
		return rc;
	return bp_tmpfile_commit(&t, err);
}

bp_rc bp_file_write_atomic(const char *path, const void *data, size_t n, bp_error *err)
{
	return bp_file_write_atomic_mode(path, data, n, 0666 & ~current_umask(), err);
}

bp_rc bp_file_read_all(const char *path, bp_arena *a, char **data, size_t *len, bp_error *err)
{
	FILE *f = fopen(path, "rb");
	bp_rc rc = BP_OK;
	if (!f) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot open: %s", strerror(errno));
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "not a regular file");
		goto out;
	}
	char *p = bp_arena_alloc(a, (size_t)st.st_size + 1);
	size_t got = fread(p, 1, (size_t)st.st_size, f);
	if (got != (size_t)st.st_size || ferror(f)) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot read: %s", strerror(errno));
		goto out;
	}
	p[got] = '\0';
	*data = p;
	if (len)
		*len = got;
out:
	fclose(f);
	return rc;
}

bp_rc bp_file_read_all_gz(const char *path, bp_arena *a, char **data, size_t *len, bp_error *err)
{
	size_t n = strlen(path);
	if (n < 3 || strcmp(path + n - 3, ".gz") != 0)
		return bp_file_read_all(path, a, data, len, err);
	/* zlib's gzread: the gzip container and its CRC are checked by the library
	 * (a truncated or damaged file is an error, never short data). */
	gzFile f = gzopen(path, "rb");
	if (!f) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot open: %s", strerror(errno));
	}
	size_t cap = 1 << 20, got = 0;
	char *buf = malloc(cap);
	bp_rc rc = BP_OK;
	for (;;) {
		if (!buf) {
			rc = bp_fail(err, BP_ERR_IO, "out of memory");
			break;
		}
		if (cap - got < (1 << 16)) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				continue;
			}
			buf = nb;
			cap *= 2;
		}
		int r = gzread(f, buf + got, (unsigned)(cap - got - 1));
		if (r < 0) {
			int zerr = 0;
			const char *msg = gzerror(f, &zerr);
			bp_error_at(err, path, 0, 0);
			rc = bp_fail(err, BP_ERR_PARSE, "cannot decompress: %s", msg ? msg : "gzip error");
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (gzclose(f) != Z_OK && rc == BP_OK) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "cannot decompress: the gzip stream is damaged or cut off");
	}
	if (rc == BP_OK) {
		char *p = bp_arena_alloc(a, got + 1);
		memcpy(p, buf, got);
		p[got] = '\0';
		*data = p;
		if (len)
			*len = got;
	}
	free(buf);
	return rc;
}

bp_rc bp_mkdir_p(const char *path, mode_t mode, bp_error *err)
{
	char buf[BP_PATH_MAX];
	if (!path[0]) /* the loop below starts at buf + 1 */
		return bp_fail(err, BP_ERR_IO, "cannot create a folder with an empty name");
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "path is too long");
	}
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, mode) != 0 && errno != EEXIST) {
				bp_error_at(err, buf, 0, 0);
				return bp_fail(err, BP_ERR_IO, "cannot create folder: %s", strerror(errno));
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "exists but is not a folder");
	}
	return BP_OK;
}

bp_rc bp_file_sha256(const char *path, char hex[65], bp_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot open: %s", strerror(errno));
	}
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	unsigned char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		g_checksum_update(ck, chunk, (gssize)n);
	bp_rc rc = BP_OK;
	if (ferror(f)) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot read: %s", strerror(errno));
	} else {
		snprintf(hex, 65, "%s", g_checksum_get_string(ck));
	}
	g_checksum_free(ck);
	fclose(f);
	return rc;
}

void bp_sha256_hex(const void *data, size_t n, char hex[65])
{
	gchar *s = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, n);
	snprintf(hex, 65, "%s", s);
	g_free(s);
}

char *bp_path_join(bp_arena *a, const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !dir[0])
		return bp_arena_strdup(a, name);
	size_t n = strlen(dir);
	return bp_arena_printf(a, "%s%s%s", dir, (n && dir[n - 1] == '/') ? "" : "/", name);
}

char *bp_path_dirname(bp_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return bp_arena_strdup(a, ".");
	if (slash == path)
		return bp_arena_strdup(a, "/");
	return bp_arena_strndup(a, path, (size_t)(slash - path));
}

int bp_path_safe_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

char *bp_path_slug(bp_arena *a, const char *s)
{
	char *o = bp_arena_strdup(a, s);
	for (char *p = o; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			*p = '-';
	return o;
}
