/*
 * dirreuse.h: files of a staged folder (core/dirstage.h) taken over from the
 * folder it replaces, so that a file whose inputs did not change keeps its
 * bytes, inode and mtime across a publish (incremental runs, issue 19).
 *
 * A writer that knows a group of files is unchanged links them from the
 * published folder into the staging folder (bp_dirreuse_link) instead of
 * writing them; it learns which files a group wrote by listing the staging
 * folder before and after (bp_dirreuse_snapshot, bp_dirreuse_written): one
 * snapshot for all the groups, brought up to date by each listing.
 * A file another output of the same run already holds (a PDF of the
 * reports, bp_dirreuse_link_from) is linked from there instead of drawn.
 * Before the commit, bp_dirreuse_relink replaces every file written this
 * time whose bytes equal the published file's with a link to that file.
 * Where a hard link is impossible (another file system, a file system
 * without links) the file is copied with its mtime.
 */
#ifndef BP_CORE_DIRREUSE_H
#define BP_CORE_DIRREUSE_H

#include <glib.h>

#include "core/arena.h"
#include "core/dirstage.h"
#include "core/error.h"

/* Link (or copy) the published rel into the staging folder.  BP_ERR_NOT_FOUND when the published
 * folder has no such file (the caller writes the group instead); a staged file of that name is replaced. */
bp_rc bp_dirreuse_link(const bp_dirstage *s, const char *rel, bp_error *err) BP_MUST_CHECK;

/* Link (or copy) the file from, outside both folders (another output of the same run, e.g. a PDF the
 * reports wrote), into the staging folder as rel.  BP_ERR_NOT_FOUND when from is not a regular file. */
bp_rc bp_dirreuse_link_from(const bp_dirstage *s, const char *from, const char *rel, bp_error *err) BP_MUST_CHECK;

/* The staged files now: relative path -> inode (free with g_hash_table_destroy). */
GHashTable *bp_dirreuse_snapshot(const bp_dirstage *s);

/* The staged files written since snap (new, or replaced: another inode), separated by spaces, in a; "" when
 * none; NULL when a name holds white space (such a group cannot be listed and is written every time).
 * snap is then the staged files now, for the next group: one listing per group, and only what is new
 * hashed (a snapshot per group walked and hashed the whole folder twice: for the whole country, ~350
 * groups over a folder growing to ~650,000 files, minutes of one thread while the workers waited). */
const char *bp_dirreuse_written(const bp_dirstage *s, GHashTable *snap, bp_arena *a);

/* snap with the staged file rel as it is now (a group linked rather than written, whose files are known). */
void bp_dirreuse_snapshot_add(const bp_dirstage *s, GHashTable *snap, const char *rel);

/* Every staged file written this time (not the published file's inode) whose bytes equal the published file's becomes a link
 * to the published file; *kept counts the files the staging folder now shares with it. */
bp_rc bp_dirreuse_relink(const bp_dirstage *s, long *kept, bp_error *err) BP_MUST_CHECK;

#endif
