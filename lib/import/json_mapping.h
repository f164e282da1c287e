/*
 * json_mapping.h: the mapping that tells `import json` where the figures
 * are in a nested JSON document (mappings/NAME.yaml).
 *
 *   source:                      # bp.source: where the figures came from
 *     publisher: CBS
 *     table: 85984NED
 *     title: Kerncijfers wijken en buurten 2024, via woonikveilig.nl
 *     licence: CC BY 4.0
 *     url: https://github.com/loukanton/woonikveilig     # optional
 *   period: 2024                 # of every field that does not say otherwise
 *   indeling: 2024               # the areas' indeling year
 *   records:                     # one or more sets of records
 *     - path: wijken[]           # absent: the document itself
 *       code: code               # the field holding the area code, or
 *       # fixed_code: GM0828     #   one code for the (single) record
 *       name: name               # optional: names areas new to the database
 *       fields:
 *         - {field: demografie.inkomenPerInwoner, variable: GemiddeldInkomenPerInwoner}
 *         - {field: gezondheid.trend.2012, variable: X, period: 2012, scale: 1}
 *     - path: buurten[]
 *       ...
 *
 * A set without `fields` only brings its areas (wijken for the buurten of
 * another set, when the database has none yet).
 * Paths are dot-separated object keys; a key followed by `[]` (or a lone
 * `[]` for a document that is a list) means "each element of that list".
 * A field path has no `[]`: it names one value inside one record.  A
 * variable not in bp.variable needs `title` (and may give `unit`,
 * `decimals`) so that the load can create it.  Every mistake is
 * BP_ERR_CONFIG at the mapping's file, line and column.
 */
#ifndef BP_IMPORT_JSON_MAPPING_H
#define BP_IMPORT_JSON_MAPPING_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

/* One step of a path: an object key, then optionally every list element. */
typedef struct bp_json_step {
	const char *key;         /* NULL: the node itself (a lone `[]`) */
	int each;                /* `[]`: every element of the list found there */
} bp_json_step;

typedef struct bp_json_field {
	const char *field;       /* as written, for messages */
	const char **keys;       /* the dotted keys */
	size_t n_keys;
	const char *variable;
	const char *period;      /* the mapping's period unless overridden */
	double scale;            /* value x scale; 1 by default */
	const char *title, *unit;/* for a variable that does not exist yet */
	int decimals;            /* -1: not given */
	long line, column;       /* of the field's variable, for errors found at load time */
} bp_json_field;

typedef struct bp_json_recordset {
	const char *path;        /* as written ("" for the document) */
	bp_json_step *steps;
	size_t n_steps;
	const char **code_keys;  /* the code field's keys, or NULL with fixed_code */
	size_t n_code_keys;
	const char *code_field;  /* as written */
	const char *fixed_code;
	const char **name_keys;  /* NULL: no name field */
	size_t n_name_keys;
	const char *name_field;
	bp_json_field *fields;
	size_t n_fields;
} bp_json_recordset;

typedef struct bp_json_mapping {
	const char *path;        /* the mapping file, as given */
	const char *publisher, *table_id, *title, *licence, *url;
	const char *period;
	int indeling;
	bp_json_recordset *sets;
	size_t n_sets;
	char *bytes;             /* the file's bytes: they enter the load's checksum */
	size_t n_bytes;
} bp_json_mapping;

/* Load and check path into *out, everything in arena a. */
bp_rc bp_json_mapping_load(const char *path, bp_arena *a, bp_json_mapping *out, bp_error *err) BP_MUST_CHECK;

#endif
