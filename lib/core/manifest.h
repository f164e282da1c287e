/*
 * manifest.h: what an output folder was last written from.
 *
 * An incremental run (run/monitor_run.h) keeps, beside its outputs, one line
 * per output group: a key ("gemeente GM0828") and a value (the fingerprint
 * of the inputs it was rendered from, or the files it wrote).  When the
 * fingerprint of a group's inputs equals the manifest's, its files are left
 * as they are.  The file is written atomically and read whole; a missing
 * file is an empty manifest (everything is rendered).  Keys and values hold
 * no newline; keys no tab.
 */
#ifndef BP_CORE_MANIFEST_H
#define BP_CORE_MANIFEST_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct bp_manifest {
	bp_arena *a;          /* owns the strings (the caller's) */
	size_t n, cap;
	const char **key, **value;
} bp_manifest;

/* Read path (a missing file: an empty manifest); a line without a tab is an error at its line. */
bp_rc bp_manifest_load(const char *path, bp_arena *a, bp_manifest *m, bp_error *err) BP_MUST_CHECK;
/* An empty manifest. */
void bp_manifest_init(bp_manifest *m, bp_arena *a);
/* The value of key, or NULL. */
const char *bp_manifest_get(const bp_manifest *m, const char *key);
/* Set key (value NULL: remove it). */
void bp_manifest_set(bp_manifest *m, const char *key, const char *value);
/* Write it to path atomically, in key order. */
bp_rc bp_manifest_save(const bp_manifest *m, const char *path, bp_error *err) BP_MUST_CHECK;

#endif
