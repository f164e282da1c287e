/*
 * dirstage.h: a folder of many files replaced as a whole.
 *
 * A published site is hundreds of files that link to each other.  Written in
 * place, a failed run would leave new pages linking to old ones, and an area
 * that left the monitor would keep its page forever.  So the writer fills a
 * staging folder beside the target and, only when everything is written,
 * swaps it in: with renameat2(RENAME_EXCHANGE) the reader sees either the old
 * folder or the new one, never a mix and never none.  The target is owned by
 * the writer: files someone else put there go with the old folder.  A target
 * that is a symbolic link is replaced where it points (the link stays).
 */
#ifndef BP_CORE_DIRSTAGE_H
#define BP_CORE_DIRSTAGE_H

#include "core/error.h"
#include "core/fsutil.h"

typedef struct bp_dirstage {
	char dir[BP_PATH_MAX];  /* the folder that is replaced */
	char tmp[BP_PATH_MAX];  /* where the writer writes: DIR.new-PID */
} bp_dirstage;

/* Create the staging folder (and the target's parent).  Staging folders left
 * by writers that died (their pid is gone) are removed first. */
bp_rc bp_dirstage_begin(bp_dirstage *s, const char *dir, bp_error *err) BP_MUST_CHECK;
/* Swap the staging folder in and remove the old one. */
bp_rc bp_dirstage_commit(bp_dirstage *s, bp_error *err) BP_MUST_CHECK;
/* Remove the staging folder; the target is untouched.  Safe after a failed commit. */
void bp_dirstage_abort(bp_dirstage *s);

/* rm -rf path (no error when it does not exist); symbolic links are removed, not followed. */
bp_rc bp_remove_tree(const char *path, bp_error *err) BP_MUST_CHECK;

#endif
