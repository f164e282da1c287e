#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE (glibc 2.28+) */
#include "core/dirstage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

bp_rc bp_remove_tree(const char *path, bp_error *err)
{
	struct stat st;
	if (lstat(path, &st) != 0 && errno == ENOENT)
		return BP_OK;
	/* FTW_DEPTH: a folder's entries before the folder; FTW_PHYS: a link is
	 * removed as a link, never the tree it points to. */
	if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot remove the folder: %s", strerror(errno));
	}
	return BP_OK;
}

/* Staging folders of writers that were killed (SIGKILL, power loss) would
 * otherwise pile up beside the target; one whose pid still runs is another
 * writer's and stays. */
static void remove_abandoned(const char *dir)
{
	char parent[BP_PATH_MAX], prefix[BP_PATH_MAX];
	const char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	if (slash)
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - dir) ? (int)(slash - dir) : 1, dir);
	else
		snprintf(parent, sizeof(parent), ".");
	int n = snprintf(prefix, sizeof(prefix), "%s.new-", base);
	DIR *d = opendir(parent);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (strncmp(e->d_name, prefix, (size_t)n) != 0)
			continue;
		char *end;
		long pid = strtol(e->d_name + n, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char path[BP_PATH_MAX];
		if (snprintf(path, sizeof(path), "%s/%s", parent, e->d_name) < (int)sizeof(path)) {
			bp_error ignored = { 0 };
			/* Best effort: a leftover we cannot remove now is tried again by the next run. */
			bp_rc_ignore(bp_remove_tree(path, &ignored));
		}
	}
	closedir(d);
}

bp_rc bp_dirstage_begin(bp_dirstage *s, const char *dir, bp_error *err)
{
	/* A site folder that is a symbolic link (to a web server's root, say) is
	 * replaced where it points: swapping the link itself would leave the web
	 * root as it was and turn the link into a folder. */
	char *real = NULL;
	struct stat st;
	if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(dir, NULL)) != NULL)
		dir = real;
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	int bad = len == 0 || snprintf(s->dir, sizeof(s->dir), "%.*s", (int)len, dir) >= (int)sizeof(s->dir) ||
	          snprintf(s->tmp, sizeof(s->tmp), "%s.new-%ld", s->dir, (long)getpid()) >= (int)sizeof(s->tmp);
	if (bad) {
		s->tmp[0] = '\0';
		bp_error_at(err, dir, 0, 0);
		bp_fail(err, BP_ERR_IO, "the folder name is empty or too long");
	}
	free(real);
	if (bad)
		return BP_ERR_IO;
	const char *slash = strrchr(s->dir, '/');
	if (slash && slash != s->dir) {
		char parent[BP_PATH_MAX];
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - s->dir), s->dir);
		bp_rc rc = bp_mkdir_p(parent, 0755, err);
		if (rc) {
			s->tmp[0] = '\0';
			return rc;
		}
	}
	remove_abandoned(s->dir);
	bp_rc rc = bp_remove_tree(s->tmp, err);
	if (rc == BP_OK && mkdir(s->tmp, 0755) != 0) {
		bp_error_at(err, s->tmp, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot create the staging folder: %s", strerror(errno));
	}
	if (rc) {
		s->tmp[0] = '\0';
	} else {
		bp_fsync_defer_under(s->tmp);   /* made durable at once by commit */
		bp_fresh_folder_under(s->tmp);  /* empty, and nobody reads it before commit: files under their names */
	}
	return rc;
}

bp_rc bp_dirstage_commit(bp_dirstage *s, bp_error *err)
{
	/* Every file of the new folder on disk before a reader can see it (the writers skipped the fsync
	 * per file, fsutil.h): one syncfs instead of thousands of fsyncs. */
	bp_rc synced = bp_sync_folder(s->tmp, err);
	if (synced)
		return synced;
	bp_fsync_defer_end(s->tmp);
	bp_fresh_folder_end(s->tmp);
	/* No target yet (or an empty one): a plain rename is atomic. */
	if (rename(s->tmp, s->dir) == 0) {
		s->tmp[0] = '\0';
		return BP_OK;
	}
	if (errno != EEXIST && errno != ENOTEMPTY) {
		bp_error_at(err, s->dir, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot move the new folder into place: %s", strerror(errno));
	}
	struct stat st;
	if (stat(s->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		bp_error_at(err, s->dir, 0, 0);
		return bp_fail(err, BP_ERR_IO, "exists but is not a folder");
	}
	/* After the exchange s->tmp holds the old folder. */
	if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->dir, RENAME_EXCHANGE) != 0) {
		if (errno != EINVAL && errno != ENOSYS) {
			bp_error_at(err, s->dir, 0, 0);
			return bp_fail(err, BP_ERR_IO, "cannot swap the new folder in: %s", strerror(errno));
		}
		/* A file system without the exchange: two renames, with a moment
		 * between them in which the target does not exist. */
		char old[BP_PATH_MAX];
		if (snprintf(old, sizeof(old), "%s.old-%ld", s->dir, (long)getpid()) >= (int)sizeof(old) ||
		    rename(s->dir, old) != 0) {
			bp_error_at(err, s->dir, 0, 0);
			return bp_fail(err, BP_ERR_IO, "cannot move the old folder aside: %s", strerror(errno));
		}
		if (rename(s->tmp, s->dir) != 0) {
			int e = errno;
			(void)rename(old, s->dir);
			bp_error_at(err, s->dir, 0, 0);
			return bp_fail(err, BP_ERR_IO, "cannot move the new folder into place: %s", strerror(e));
		}
		memcpy(s->tmp, old, sizeof(old));
	}
	bp_rc rc = bp_remove_tree(s->tmp, err);
	s->tmp[0] = '\0';
	return rc;
}

void bp_dirstage_abort(bp_dirstage *s)
{
	if (s->tmp[0]) {
		bp_fsync_defer_end(s->tmp);
		bp_fresh_folder_end(s->tmp);
		bp_error ignored = { 0 };
		/* Abort runs after the failure that matters; a staging folder left
		 * behind is removed by the next begin (its pid is gone by then). */
		bp_rc_ignore(bp_remove_tree(s->tmp, &ignored));
		s->tmp[0] = '\0';
	}
}
