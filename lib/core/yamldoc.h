/*
 * yamldoc.h: YAML configuration files as documents whose every node knows
 * where it was written, so that a mistake in an indicator definition or a
 * layout is reported as FILE:LINE:COLUMN, pointing at the offending value.
 *
 * A thin layer over libyaml's document API (yaml_parser_load).  The document
 * and all strings read from it live as long as the arena it was loaded into;
 * nothing is freed one by one.  libyaml's types stay out of this header so
 * that callers need not include <yaml.h>.
 *
 * Loading is strict where YAML is lax: an empty file, a second document in
 * the same file, a non-text key and a key written twice in one mapping are
 * all errors, because each of these is, in a hand-edited file, a mistake.
 *
 * The typed getters read one key of a mapping:
 *     bp_yaml_req_*  the key must be present and have a value;
 *     bp_yaml_opt_*  an absent key, or one with no value (`key:`, `~`,
 *                    `null`), gives the default.
 * Each fails with BP_ERR_CONFIG located at the offending value, or at the
 * mapping itself when a required key is missing.  Numbers and booleans must
 * be written plain (unquoted): `"5"` is text in YAML, and accepting it would
 * hide the difference from whoever edits the file next.
 *
 * Positions are 1-based (libyaml counts from 0); columns count characters,
 * not bytes.
 */
#ifndef BP_CORE_YAMLDOC_H
#define BP_CORE_YAMLDOC_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct bp_yaml_doc bp_yaml_doc;
/* A node of a loaded document: libyaml's yaml_node_t, kept opaque. */
typedef struct yaml_node_s bp_yaml_node;

typedef enum bp_yaml_kind {
	BP_YAML_NONE,      /* no node (NULL) */
	BP_YAML_SCALAR,
	BP_YAML_SEQUENCE,
	BP_YAML_MAPPING
} bp_yaml_kind;

/* ---- loading ----------------------------------------------------------- */

/*
 * Parse path into a document owned by a.  A file that cannot be read gives
 * BP_ERR_IO; a syntax error, an empty document or a duplicate key gives
 * BP_ERR_CONFIG at the file, line and column where libyaml saw the problem.
 */
bp_rc bp_yaml_load_file(const char *path, bp_arena *a, bp_yaml_doc **out, bp_error *err) BP_MUST_CHECK;
/* The same for text already in memory; name is used in error locations. */
bp_rc bp_yaml_load_string(const char *name, const char *text, size_t len,
                          bp_arena *a, bp_yaml_doc **out, bp_error *err) BP_MUST_CHECK;

/* The file name the document was loaded from (as given). */
const char *bp_yaml_path(const bp_yaml_doc *doc);
/* The arena that owns the document. */
bp_arena *bp_yaml_arena(const bp_yaml_doc *doc);
/* The top node; never NULL for a loaded document. */
bp_yaml_node *bp_yaml_root(const bp_yaml_doc *doc);

/* ---- nodes --------------------------------------------------------------- */

bp_yaml_kind bp_yaml_kind_of(const bp_yaml_node *n);
int bp_yaml_is_scalar(const bp_yaml_node *n);
int bp_yaml_is_sequence(const bp_yaml_node *n);
int bp_yaml_is_mapping(const bp_yaml_node *n);
/* A plain `key:`, `~` or `null`: YAML's way of writing "no value". */
int bp_yaml_is_null(const bp_yaml_node *n);
/* For messages: "text", "a list", "a mapping", "no value". */
const char *bp_yaml_describe(const bp_yaml_node *n);

/* A scalar's text (NUL-terminated); NULL for anything else. */
const char *bp_yaml_scalar(const bp_yaml_node *n);
/* Where the node starts, 1-based; 0 for NULL. */
long bp_yaml_line(const bp_yaml_node *n);
long bp_yaml_column(const bp_yaml_node *n);

/* Mappings: the value under key (NULL if absent or n is not a mapping). */
bp_yaml_node *bp_yaml_map_get(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key);
/* The key node itself, for errors about the key rather than its value. */
bp_yaml_node *bp_yaml_map_key_node(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key);
/* Pairs in the order written: 0 for a non-mapping. */
size_t bp_yaml_map_len(const bp_yaml_node *map);
bp_yaml_node *bp_yaml_map_key_at(const bp_yaml_doc *doc, const bp_yaml_node *map, size_t i);
bp_yaml_node *bp_yaml_map_value_at(const bp_yaml_doc *doc, const bp_yaml_node *map, size_t i);

/* Sequences: 0 / NULL for a non-sequence or an index out of range. */
size_t bp_yaml_seq_len(const bp_yaml_node *seq);
bp_yaml_node *bp_yaml_seq_at(const bp_yaml_doc *doc, const bp_yaml_node *seq, size_t i);

/* ---- errors -------------------------------------------------------------- */

/*
 * Record a failure located at node (or at the file alone when node is NULL)
 * and return rc:
 *     return bp_yaml_fail(doc, node, err, BP_ERR_CONFIG, "unknown theme '%s'", s);
 */
bp_rc bp_yaml_fail(const bp_yaml_doc *doc, const bp_yaml_node *node, bp_error *err,
                   bp_rc rc, const char *fmt, ...) BP_PRINTF(5, 6);

/*
 * Fail unless node is of kind want; what names it in the message
 * ("the document", "'sources'", "each source").
 */
bp_rc bp_yaml_expect(const bp_yaml_doc *doc, const bp_yaml_node *node, bp_yaml_kind want,
                     const char *what, bp_error *err) BP_MUST_CHECK;

/*
 * Fail at the first key of map that is not in allowed (NULL-terminated):
 * "unknown key 'numerater'", hint "did you mean 'numerator'? allowed keys: ...".
 * Also fails if map is not a mapping.
 */
bp_rc bp_yaml_check_keys(const bp_yaml_doc *doc, const bp_yaml_node *map,
                         const char *const *allowed, bp_error *err) BP_MUST_CHECK;

/*
 * A mapping file (json and table mappings): its bytes (kept by the caller for
 * the load's checksum), parsed, its root a mapping with only the allowed keys.
 */
bp_rc bp_yaml_load_mapping_file(const char *path, const char *const *allowed, bp_arena *a, char **bytes,
                                size_t *n_bytes, bp_yaml_doc **doc, const bp_yaml_node **root,
                                bp_error *err) BP_MUST_CHECK;

/* ---- typed getters for one key of a mapping -------------------------------- */

bp_rc bp_yaml_req_str(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      const char **out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_yaml_opt_str(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      const char *def, const char **out, bp_error *err) BP_MUST_CHECK;
/* As bp_yaml_req_str, and an empty text is an error at its value: "'title' must not be empty". */
bp_rc bp_yaml_req_text(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                       const char **out, bp_error *err) BP_MUST_CHECK;

/*
 * A text in Dutch and maybe English: a plain string is the Dutch text (*en
 * NULL); a mapping {nl: ..., en: ...} has a Dutch text and an optional
 * English one, and no other keys.  required: a missing key is an error,
 * else both stay NULL.  The definitions' titles and descriptions.
 */
bp_rc bp_yaml_nl_en(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key, int required,
                    const char **nl, const char **en, bp_error *err) BP_MUST_CHECK;

/* Whole numbers in decimal; outside [min, max] is an error at the value. */
bp_rc bp_yaml_req_int(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      long min, long max, long *out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_yaml_opt_int(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      long min, long max, long def, long *out, bp_error *err) BP_MUST_CHECK;

/* Finite decimal numbers (point, not comma; exponent allowed). */
bp_rc bp_yaml_req_double(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                         double *out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_yaml_opt_double(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                         double def, double *out, bp_error *err) BP_MUST_CHECK;

/* true or false (also True/TRUE/False/FALSE); not yes/no, which YAML 1.2 reads as text. */
bp_rc bp_yaml_req_bool(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                       int *out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_yaml_opt_bool(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                       int def, int *out, bp_error *err) BP_MUST_CHECK;

/*
 * A list of text items, as `[a, b]` or one `- a` per line.  *out is an
 * array of *n strings in the document's arena (NULL when *n is 0).  An
 * absent optional key gives an empty list.
 */
bp_rc bp_yaml_req_strlist(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                          const char ***out, size_t *n, bp_error *err) BP_MUST_CHECK;
bp_rc bp_yaml_opt_strlist(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                          const char ***out, size_t *n, bp_error *err) BP_MUST_CHECK;

/*
 * A value from a fixed list (NULL-terminated): *index is its position.
 * Anything else fails at the value: "unknown theme 'x'" (what = "theme"),
 * hint "allowed values: ...".  bp_yaml_choice works on any node, e.g. an
 * item of a list.
 */
bp_rc bp_yaml_choice(const bp_yaml_doc *doc, const bp_yaml_node *node, const char *what,
                     const char *const *choices, int *index, bp_error *err) BP_MUST_CHECK;
bp_rc bp_yaml_req_choice(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                         const char *const *choices, int *index, bp_error *err) BP_MUST_CHECK;

#endif
