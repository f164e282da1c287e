/*
 * fsutil.h: files written so that a reader never sees half of one.
 *
 * Outputs go to a temporary name in the same folder and are renamed over the
 * final name only when complete (rename(2) is atomic within a file system),
 * so an interrupted run leaves the previous report in place, never a torn one.
 *
 * The temporary is PATH.tmp-XXXXXX with six random characters, created with
 * O_CREAT|O_EXCL (mkostemp): a name nobody can guess, and a file or link
 * planted under it makes the creation fail instead of being followed (a
 * planted link once made a run as root overwrite another file).  The writer
 * holds an flock on it until commit or abort.  Temporaries of a killed run
 * (a name PATH.tmp-X..., a regular file, older than a minute, no lock held)
 * are removed by the first write of the process into their folder.
 */
#ifndef BP_CORE_FSUTIL_H
#define BP_CORE_FSUTIL_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/arena.h"
#include "core/error.h"

#define BP_PATH_MAX 4096

typedef struct bp_tmpfile {
	char path[BP_PATH_MAX]; /* the final name */
	char tmp[BP_PATH_MAX];  /* where the writer writes (created, empty, by begin) */
	int fd;                 /* open on tmp with the lock; -1 when none */
	mode_t mode;            /* the final file's permissions */
	int direct;             /* tmp is the final name: begin created it there (a fresh folder, below) */
} bp_tmpfile;

/* Create an empty temporary file beside path (the folder must exist); the
 * final file gets 0666 less the umask.  A writer writes through
 * bp_tmpfile_fdopen (or opens tmp by name: it exists and is its own). */
bp_rc bp_tmpfile_begin(bp_tmpfile *t, const char *path, bp_error *err) BP_MUST_CHECK;
/* The same with the final file's permissions (0600 for respondent data). */
bp_rc bp_tmpfile_begin_mode(bp_tmpfile *t, const char *path, mode_t mode, bp_error *err) BP_MUST_CHECK;
/* A stream writing the temporary file (on a copy of t->fd); the caller fcloses it before commit. */
FILE *bp_tmpfile_fdopen(bp_tmpfile *t, bp_error *err);
/* Write all of data[0..n) to the temporary file (one write(2) for most sizes); on failure the temporary
 * is removed (bp_tmpfile_abort). */
bp_rc bp_tmpfile_write(bp_tmpfile *t, const void *data, size_t n, bp_error *err) BP_MUST_CHECK;
/* fsync the temporary file, set its mode and rename it to the final name. */
bp_rc bp_tmpfile_commit(bp_tmpfile *t, bp_error *err) BP_MUST_CHECK;
/* Remove the temporary file, if any; safe to call after a failed commit. */
void bp_tmpfile_abort(bp_tmpfile *t);

/*
 * Files committed under dir (a staging folder, core/dirstage.h) are not
 * fsynced one by one: the folder's writer makes them durable together
 * (syncfs) before the folder is swapped in, which is the moment a reader
 * can see them.  bp_fsync_defer_end: fsync per file again.  Thread-safe.
 */
void bp_fsync_defer_under(const char *dir);
void bp_fsync_defer_end(const char *dir);
/*
 * dir is fresh: made empty by its writer, read by nobody until the writer
 * swaps it in whole (a staging folder, core/dirstage.h).  bp_tmpfile_begin
 * creates a new file under dir at its final name (O_EXCL; an existing name
 * goes through a temporary as elsewhere), so that commit renames nothing.
 * A file being written is there under its name, partly written, until
 * commit: for a folder that is only ever published whole.  Thread-safe.
 */
void bp_fresh_folder_under(const char *dir);
void bp_fresh_folder_end(const char *dir);
/* Everything written on dir's file system on disk (syncfs): what a deferring writer calls. */
bp_rc bp_sync_folder(const char *dir, bp_error *err) BP_MUST_CHECK;

/* Files get 0666 less the umask read at the process's first write; a program that sets its umask
 * afterwards calls this (buurtpeil itself never sets it). */
void bp_umask_changed(void);

/* Write data to path atomically (bp_tmpfile underneath). */
bp_rc bp_file_write_atomic(const char *path, const void *data, size_t n, bp_error *err) BP_MUST_CHECK;
/* The same with the file's permissions (0600: respondent data). */
bp_rc bp_file_write_atomic_mode(const char *path, const void *data, size_t n, mode_t mode, bp_error *err) BP_MUST_CHECK;

/* Read a whole file into arena memory (NUL-terminated; *len excludes the NUL). */
bp_rc bp_file_read_all(const char *path, bp_arena *a, char **data, size_t *len, bp_error *err) BP_MUST_CHECK;

/*
 * The same for a file that may be gzip-compressed: PATH.gz is read through
 * zlib (and *len is the uncompressed size); a file that is not gzip is read
 * as it is.  The data are what a reader parses and checksums, so the same
 * table compressed or not is the same vintage.
 */
bp_rc bp_file_read_all_gz(const char *path, bp_arena *a, char **data, size_t *len, bp_error *err) BP_MUST_CHECK;

/* mkdir -p with mode for the folders it creates. */
bp_rc bp_mkdir_p(const char *path, mode_t mode, bp_error *err) BP_MUST_CHECK;

/* SHA-256 of a file's bytes as 64 lower-case hex digits plus NUL. */
bp_rc bp_file_sha256(const char *path, char hex[65], bp_error *err) BP_MUST_CHECK;

/* SHA-256 of a byte string, as above. */
void bp_sha256_hex(const void *data, size_t n, char hex[65]);

/* Join a folder and a relative name; absolute names are returned as they are. */
char *bp_path_join(bp_arena *a, const char *dir, const char *name);
/* The folder part of a path ("." when it has none). */
char *bp_path_dirname(bp_arena *a, const char *path);

/* Whether a code may become a file name as it is: not empty, only ASCII
 * letters, digits, '-' and '_' (no '/', no '..', nothing a shell or URL
 * would read otherwise). */
int bp_path_safe_name(const char *s);
/* s with every other character replaced by '-' (in a), for names made of
 * free text such as a theme. */
char *bp_path_slug(bp_arena *a, const char *s);

#endif
