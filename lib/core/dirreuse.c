#include "core/dirreuse.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"

/* A copy of from at to with from's mtime: where link(2) cannot be used. */
static bp_rc copy_with_mtime(const char *from, const char *to, const struct stat *st, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	char *data;
	size_t len;
	bp_rc rc = bp_file_read_all(from, a, &data, &len, err);
	if (rc == BP_OK)
		rc = bp_file_write_atomic(to, data, len, err);
	if (rc == BP_OK) {
		struct timespec t[2] = { st->st_atim, st->st_mtim };
		if (utimensat(AT_FDCWD, to, t, 0) != 0) {
			bp_error_at(err, to, 0, 0);
			rc = bp_fail(err, BP_ERR_IO, "cannot set the time of the copy: %s", strerror(errno));
		}
	}
	bp_arena_free(a);
	return rc;
}

static bp_rc link_or_copy(const char *from, const char *to, const struct stat *st, bp_error *err)
{
	if (unlink(to) != 0 && errno != ENOENT) {
		bp_error_at(err, to, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot replace the staged file: %s", strerror(errno));
	}
	if (link(from, to) == 0)
		return BP_OK;
	if (errno != EXDEV && errno != EPERM && errno != EMLINK && errno != ENOTSUP) {
		bp_error_at(err, to, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot link %s: %s", from, strerror(errno));
	}
	return copy_with_mtime(from, to, st, err);
}

/* from (a regular file, st its lstat) into the staging folder as rel, making rel's folders. */
static bp_rc link_into(const bp_dirstage *s, const char *from, const struct stat *st, const char *rel, bp_error *err)
{
	char to[BP_PATH_MAX];
	if (snprintf(to, sizeof(to), "%s/%s", s->tmp, rel) >= (int)sizeof(to))
		return bp_fail(err, BP_ERR_IO, "path too long: %s", rel);
	char *slash = strrchr(to, '/');
	if (slash > to + strlen(s->tmp)) {
		*slash = 0;
		bp_rc rc = bp_mkdir_p(to, 0755, err);
		*slash = '/';
		if (rc)
			return rc;
	}
	return link_or_copy(from, to, st, err);
}

bp_rc bp_dirreuse_link(const bp_dirstage *s, const char *rel, bp_error *err)
{
	char from[BP_PATH_MAX];
	struct stat st;
	if (snprintf(from, sizeof(from), "%s/%s", s->dir, rel) >= (int)sizeof(from))
		return bp_fail(err, BP_ERR_IO, "path too long: %s", rel);
	if (lstat(from, &st) != 0 || !S_ISREG(st.st_mode))
		return bp_fail(err, BP_ERR_NOT_FOUND, "%s is not in the published folder", rel);
	return link_into(s, from, &st, rel, err);
}

bp_rc bp_dirreuse_link_from(const bp_dirstage *s, const char *from, const char *rel, bp_error *err)
{
	struct stat st;
	if (lstat(from, &st) != 0 || !S_ISREG(st.st_mode))
		return bp_fail(err, BP_ERR_NOT_FOUND, "%s is not there", from);
	return link_into(s, from, &st, rel, err);
}

/* Calls fn for every regular file below root/rel, with its path relative to root.  full_stat 0: only
 * st_ino of the struct is filled, from the folder listing (d_ino, d_type), without an lstat per file
 * (the snapshots of a site of thousands of files, taken once per gemeente); d_ino is the file's inode
 * as lstat gives it outside mount points, and snapshot and listing read it the same way. */
typedef void (*walk_fn)(void *ctx, const char *rel, const struct stat *st);

static void walk(const char *root, const char *rel, int full_stat, walk_fn fn, void *ctx)
{
	char path[BP_PATH_MAX];
	DIR *d = snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel) < (int)sizeof(path) ? opendir(path)
	                                                                                                 : NULL;
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char sub[BP_PATH_MAX], full[BP_PATH_MAX];
		struct stat st;
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name) >= (int)sizeof(sub))
			continue;
		if (!full_stat && (e->d_type == DT_REG || e->d_type == DT_DIR)) {
			memset(&st, 0, sizeof(st));
			st.st_ino = e->d_ino;
			st.st_mode = e->d_type == DT_REG ? S_IFREG : S_IFDIR;
		} else if (e->d_type != DT_UNKNOWN && e->d_type != DT_REG && e->d_type != DT_DIR) {
			continue;   /* a link, socket, device: neither walked nor listed */
		} else if (snprintf(full, sizeof(full), "%s/%s", root, sub) >= (int)sizeof(full) || lstat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(root, sub, full_stat, fn, ctx);
		else if (S_ISREG(st.st_mode))
			fn(ctx, sub, &st);
	}
	closedir(d);
}

static void snap_one(void *ctx, const char *rel, const struct stat *st)
{
	g_hash_table_insert(ctx, g_strdup(rel), g_memdup2(&st->st_ino, sizeof(st->st_ino)));
}

GHashTable *bp_dirreuse_snapshot(const bp_dirstage *s)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	walk(s->tmp, "", 0, snap_one, h);
	return h;
}

typedef struct written_ctx {
	GHashTable *snap;
	GPtrArray *names;
	int spaces;
} written_ctx;

static void written_one(void *ctx, const char *rel, const struct stat *st)
{
	written_ctx *w = ctx;
	ino_t *was = g_hash_table_lookup(w->snap, rel);
	if (was && *was == st->st_ino)
		return;
	w->spaces |= strpbrk(rel, " \t\n\r") != NULL;
	g_ptr_array_add(w->names, g_strdup(rel));
	if (was)
		*was = st->st_ino;
	else
		snap_one(w->snap, rel, st);
}

static gint by_name(gconstpointer p, gconstpointer q)
{
	return strcmp(*(char *const *)p, *(char *const *)q);
}

void bp_dirreuse_snapshot_add(const bp_dirstage *s, GHashTable *snap, const char *rel)
{
	char path[BP_PATH_MAX];
	struct stat st;
	if (snprintf(path, sizeof(path), "%s/%s", s->tmp, rel) < (int)sizeof(path) && lstat(path, &st) == 0 &&
	    S_ISREG(st.st_mode))
		g_hash_table_replace(snap, g_strdup(rel), g_memdup2(&st.st_ino, sizeof(st.st_ino)));
}

const char *bp_dirreuse_written(const bp_dirstage *s, GHashTable *snap, bp_arena *a)
{
	written_ctx w = { snap, g_ptr_array_new_with_free_func(g_free), 0 };
	walk(s->tmp, "", 0, written_one, &w);
	g_ptr_array_sort(w.names, by_name);   /* the manifest the same from run to run */
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < w.names->len; i++)
		g_string_append_printf(out, "%s%s", i ? " " : "", (char *)g_ptr_array_index(w.names, i));
	const char *r = w.spaces ? NULL : bp_arena_strdup(a, out->str);
	g_string_free(out, TRUE);
	g_ptr_array_free(w.names, TRUE);
	return r;
}

typedef struct relink_ctx {
	const bp_dirstage *s;
	long kept;
	bp_rc rc;
	bp_error *err;
} relink_ctx;

/* Whether two files of the same size hold the same bytes. */
static int same_bytes(const char *p, const char *q)
{
	FILE *f = fopen(p, "rb"), *g = fopen(q, "rb");
	int same = f && g;
	char b1[65536], b2[65536];
	while (same) {
		size_t n = fread(b1, 1, sizeof(b1), f), m = fread(b2, 1, sizeof(b2), g);
		same = n == m && memcmp(b1, b2, n) == 0;
		if (n < sizeof(b1))
			break;
	}
	/* A short read is the end only without an error: two failed reads are "equal" so far. */
	same = same && !ferror(f) && !ferror(g);
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	return same;
}

static void relink_one(void *ctx, const char *rel, const struct stat *st)
{
	relink_ctx *r = ctx;
	char old[BP_PATH_MAX], staged[BP_PATH_MAX];
	struct stat ost;
	if (r->rc || snprintf(old, sizeof(old), "%s/%s", r->s->dir, rel) >= (int)sizeof(old) ||
	    snprintf(staged, sizeof(staged), "%s/%s", r->s->tmp, rel) >= (int)sizeof(staged) ||
	    lstat(old, &ost) != 0 || !S_ISREG(ost.st_mode))
		return;
	if (ost.st_ino == st->st_ino && ost.st_dev == st->st_dev) {
		r->kept++;   /* linked by the writer */
		return;
	}
	/* Also a file with more links (bp_dirreuse_link_from: shared with another output folder): the
	 * published file's inode and mtime are what an unchanged file keeps. */
	if (ost.st_size != st->st_size || !same_bytes(old, staged))
		return;
	r->rc = link_or_copy(old, staged, &ost, r->err);
	if (r->rc == BP_OK)
		r->kept++;
}

bp_rc bp_dirreuse_relink(const bp_dirstage *s, long *kept, bp_error *err)
{
	relink_ctx r = { s, 0, BP_OK, err };
	walk(s->tmp, "", 1, relink_one, &r);
	*kept = r.kept;
	return r.rc;
}
