/*
 * yamldir.h: load a folder of YAML definitions, one item per *.yaml file.
 *
 * Shared by engine/custom_area.c (areas/), engine/intervention.c
 * (interventions/) and engine/composite.c,
 * which each own their item type, its parser and its sort; this file owns
 * only the folder walk: which files count, their order, and the check that
 * no two files define one id.
 */
#ifndef BP_CORE_YAMLDIR_H
#define BP_CORE_YAMLDIR_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/srcloc.h"

/* Parse the file at path into item (of the caller's type). */
typedef bp_rc (*bp_yamldir_load_fn)(const char *path, bp_arena *a, void *item, bp_error *err);

/* The id of item (of the caller's type) and where the file gave it. */
typedef const char *(*bp_yamldir_id_fn)(const void *item, const bp_srcloc **loc);

/*
 * Load every *.yaml file in dir (not hidden ones) in name order, so that the
 * first error does not depend on the file system, into an arena array of
 * item_size items: *items (NULL when there are none) and *n.  folder_what
 * and item_what name them in errors: "cannot open the {folder_what} folder",
 * "{item_what} id 'x' is already defined in FILE".  On failure *items is NULL
 * and *n is 0.
 */
bp_rc bp_yamldir_load(const char *dir, const char *folder_what, const char *item_what,
                      size_t item_size, bp_yamldir_load_fn load, bp_yamldir_id_fn id_of,
                      bp_arena *a, void **items, size_t *n, bp_error *err) BP_MUST_CHECK;

#endif
