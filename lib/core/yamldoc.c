#include "core/yamldoc.h"

#include "core/fsutil.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/fsutil.h"

struct bp_yaml_doc {
	yaml_document_t doc;
	const char *path;
	bp_arena *arena;
};

static void delete_doc(void *p)
{
	bp_yaml_doc *d = p;
	yaml_document_delete(&d->doc);
}

/* libyaml addresses nodes by a 1-based index into the document's node array. */
static bp_yaml_node *node_at(const bp_yaml_doc *doc, int index)
{
	if (!doc || index < 1 || index > doc->doc.nodes.top - doc->doc.nodes.start)
		return NULL;
	return doc->doc.nodes.start + index - 1;
}

static int scalar_eq(const bp_yaml_node *n, const char *s)
{
	size_t len = strlen(s);
	return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == len &&
	       memcmp(n->data.scalar.value, s, len) == 0;
}

/* ---- loading ----------------------------------------------------------- */

/*
 * Reader errors (bad UTF-8) carry a byte offset, not a mark; count lines
 * and characters up to it so that the error points at a place all the same.
 */
static void offset_to_position(const char *text, size_t len, size_t offset, long *line, long *column)
{
	*line = 1;
	*column = 1;
	for (size_t i = 0; i < offset && i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			(*line)++;
			*column = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*column)++;
		}
	}
}

/* The byte at a 0-based line and character column (libyaml's marks count characters). */
static char char_at(const char *text, size_t len, size_t line, size_t column)
{
	size_t i = 0;
	for (; i < len && line > 0; i++)
		if (text[i] == '\n')
			line--;
	for (; i < len; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		if (column == 0 || text[i] == '\n')
			break;
		column--;
	}
	return i < len && column == 0 ? text[i] : '\0';
}

static bp_rc syntax_error(const char *path, const char *text, size_t len,
                          const yaml_parser_t *p, bp_error *err)
{
	long line, column;
	const char *problem = p->problem ? p->problem : "unknown problem";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_INTERNAL, "out of memory while reading YAML");
	case YAML_READER_ERROR:
		offset_to_position(text, len, p->problem_offset, &line, &column);
		bp_error_at(err, path, line, column);
		if (p->problem_value != -1)
			bp_error_detail(err, "%s: #x%02X", problem, (unsigned)p->problem_value);
		else
			bp_error_detail(err, "%s", problem);
		bp_error_hint(err, "save the file as UTF-8");
		return bp_fail(err, BP_ERR_CONFIG, "the file is not valid UTF-8 text");
	default:
		break;
	}
	bp_error_at(err, path, (long)p->problem_mark.line + 1, (long)p->problem_mark.column + 1);
	if (p->context)
		bp_error_detail(err, "%s (line %ld, column %ld)", p->context,
		                (long)p->context_mark.line + 1, (long)p->context_mark.column + 1);
	/* Two mistakes libyaml reports only in its own terms: a tab in the
	 * indentation, and a value starting with a character YAML reserves. */
	char at = char_at(text, len, p->problem_mark.line, p->problem_mark.column);
	if (at == '\t')
		bp_error_hint(err, "indent with spaces; YAML does not allow tabs there");
	else if (at && strchr("%@`", at))
		bp_error_hint(err, "put the value in quotes, e.g. unit: \"%%\"");
	return bp_fail(err, BP_ERR_CONFIG, "YAML syntax error: %s", problem);
}

/*
 * YAML says keys are unique, but libyaml keeps both copies and a lookup
 * would silently take the first; a second `scale:` further down is then
 * ignored, which is exactly the edit someone meant to make.
 */
static bp_rc check_mapping_keys(const bp_yaml_doc *doc, bp_error *err)
{
	for (yaml_node_t *n = doc->doc.nodes.start; n < doc->doc.nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		yaml_node_pair_t *pairs = n->data.mapping.pairs.start;
		size_t np = (size_t)(n->data.mapping.pairs.top - pairs);
		for (size_t i = 0; i < np; i++) {
			bp_yaml_node *k = node_at(doc, pairs[i].key);
			if (!k || k->type != YAML_SCALAR_NODE)
				return bp_yaml_fail(doc, k, err, BP_ERR_CONFIG,
				                    "a key must be text, found %s", bp_yaml_describe(k));
			for (size_t j = 0; j < i; j++) {
				bp_yaml_node *prev = node_at(doc, pairs[j].key);
				if (prev->data.scalar.length == k->data.scalar.length &&
				    memcmp(prev->data.scalar.value, k->data.scalar.value, k->data.scalar.length) == 0) {
					bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "duplicate key '%s'",
					             (const char *)k->data.scalar.value);
					bp_error_detail(err, "first written at line %ld, column %ld",
					                bp_yaml_line(prev), bp_yaml_column(prev));
					bp_error_hint(err, "a mapping holds each key once; remove or rename one of them");
					return BP_ERR_CONFIG;
				}
			}
		}
	}
	return BP_OK;
}

bp_rc bp_yaml_load_string(const char *name, const char *text, size_t len,
                          bp_arena *a, bp_yaml_doc **out, bp_error *err)
{
	yaml_parser_t parser;
	yaml_document_t extra;
	bp_rc rc = BP_OK;

	if (!yaml_parser_initialize(&parser)) {
		bp_error_at(err, name, 0, 0);
		return bp_fail(err, BP_ERR_INTERNAL, "out of memory while reading YAML");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);

	bp_yaml_doc *d = bp_arena_alloc(a, sizeof(*d));
	d->path = bp_arena_strdup(a, name);
	d->arena = a;
	/* On failure yaml_parser_load has already released what it built. */
	if (!yaml_parser_load(&parser, &d->doc)) {
		rc = syntax_error(d->path, text, len, &parser, err);
		goto out;
	}
	bp_arena_on_free(a, delete_doc, d);

	bp_yaml_node *root = yaml_document_get_root_node(&d->doc);
	if (!root || bp_yaml_is_null(root)) {
		bp_error_at(err, d->path, 0, 0);
		bp_error_hint(err, "the file holds no settings (only comments or nothing at all)");
		rc = bp_fail(err, BP_ERR_CONFIG, "empty document");
		goto out;
	}

	/* A second document would otherwise be ignored without a word, and
	 * with it any syntax error after the first one. */
	if (!yaml_parser_load(&parser, &extra)) {
		rc = syntax_error(d->path, text, len, &parser, err);
		goto out;
	}
	if (yaml_document_get_root_node(&extra)) {
		bp_error_at(err, d->path, (long)extra.start_mark.line + 1, (long)extra.start_mark.column + 1);
		bp_error_hint(err, "put each definition in a file of its own");
		rc = bp_fail(err, BP_ERR_CONFIG, "more than one YAML document in one file");
		yaml_document_delete(&extra);
		goto out;
	}
	yaml_document_delete(&extra);

	rc = check_mapping_keys(d, err);
	if (rc == BP_OK)
		*out = d;
out:
	yaml_parser_delete(&parser);
	return rc;
}

bp_rc bp_yaml_load_file(const char *path, bp_arena *a, bp_yaml_doc **out, bp_error *err)
{
	char *text;
	size_t len;
	bp_rc rc = bp_file_read_all(path, a, &text, &len, err);
	if (rc)
		return rc;
	return bp_yaml_load_string(path, text, len, a, out, err);
}

const char *bp_yaml_path(const bp_yaml_doc *doc)
{
	return doc->path;
}

bp_arena *bp_yaml_arena(const bp_yaml_doc *doc)
{
	return doc->arena;
}

bp_yaml_node *bp_yaml_root(const bp_yaml_doc *doc)
{
	/* The loader puts the root first. */
	return node_at(doc, 1);
}

/* ---- nodes --------------------------------------------------------------- */

bp_yaml_kind bp_yaml_kind_of(const bp_yaml_node *n)
{
	if (!n)
		return BP_YAML_NONE;
	switch (n->type) {
	case YAML_SCALAR_NODE:   return BP_YAML_SCALAR;
	case YAML_SEQUENCE_NODE: return BP_YAML_SEQUENCE;
	case YAML_MAPPING_NODE:  return BP_YAML_MAPPING;
	default:                 return BP_YAML_NONE;
	}
}

int bp_yaml_is_scalar(const bp_yaml_node *n)   { return bp_yaml_kind_of(n) == BP_YAML_SCALAR; }
int bp_yaml_is_sequence(const bp_yaml_node *n) { return bp_yaml_kind_of(n) == BP_YAML_SEQUENCE; }
int bp_yaml_is_mapping(const bp_yaml_node *n)  { return bp_yaml_kind_of(n) == BP_YAML_MAPPING; }

int bp_yaml_is_null(const bp_yaml_node *n)
{
	if (!bp_yaml_is_scalar(n) || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return n->data.scalar.length == 0 || scalar_eq(n, "~") || scalar_eq(n, "null") ||
	       scalar_eq(n, "Null") || scalar_eq(n, "NULL");
}

const char *bp_yaml_describe(const bp_yaml_node *n)
{
	if (!n || bp_yaml_is_null(n))
		return "no value";
	switch (bp_yaml_kind_of(n)) {
	case BP_YAML_SCALAR:   return "text";
	case BP_YAML_SEQUENCE: return "a list";
	case BP_YAML_MAPPING:  return "a mapping";
	case BP_YAML_NONE:     break;
	}
	return "no value";
}

const char *bp_yaml_scalar(const bp_yaml_node *n)
{
	return bp_yaml_is_scalar(n) ? (const char *)n->data.scalar.value : NULL;
}

long bp_yaml_line(const bp_yaml_node *n)
{
	return n ? (long)n->start_mark.line + 1 : 0;
}

long bp_yaml_column(const bp_yaml_node *n)
{
	return n ? (long)n->start_mark.column + 1 : 0;
}

static long find_pair(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key)
{
	if (!bp_yaml_is_mapping(map))
		return -1;
	const yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
	long np = (long)(map->data.mapping.pairs.top - pairs);
	for (long i = 0; i < np; i++)
		if (scalar_eq(node_at(doc, pairs[i].key), key))
			return i;
	return -1;
}

bp_yaml_node *bp_yaml_map_get(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key)
{
	long i = find_pair(doc, map, key);
	return i < 0 ? NULL : node_at(doc, map->data.mapping.pairs.start[i].value);
}

bp_yaml_node *bp_yaml_map_key_node(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key)
{
	long i = find_pair(doc, map, key);
	return i < 0 ? NULL : node_at(doc, map->data.mapping.pairs.start[i].key);
}

size_t bp_yaml_map_len(const bp_yaml_node *map)
{
	if (!bp_yaml_is_mapping(map))
		return 0;
	return (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
}

bp_yaml_node *bp_yaml_map_key_at(const bp_yaml_doc *doc, const bp_yaml_node *map, size_t i)
{
	if (i >= bp_yaml_map_len(map))
		return NULL;
	return node_at(doc, map->data.mapping.pairs.start[i].key);
}

bp_yaml_node *bp_yaml_map_value_at(const bp_yaml_doc *doc, const bp_yaml_node *map, size_t i)
{
	if (i >= bp_yaml_map_len(map))
		return NULL;
	return node_at(doc, map->data.mapping.pairs.start[i].value);
}

size_t bp_yaml_seq_len(const bp_yaml_node *seq)
{
	if (!bp_yaml_is_sequence(seq))
		return 0;
	return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

bp_yaml_node *bp_yaml_seq_at(const bp_yaml_doc *doc, const bp_yaml_node *seq, size_t i)
{
	if (i >= bp_yaml_seq_len(seq))
		return NULL;
	return node_at(doc, seq->data.sequence.items.start[i]);
}

/* ---- errors -------------------------------------------------------------- */

bp_rc bp_yaml_fail(const bp_yaml_doc *doc, const bp_yaml_node *node, bp_error *err,
                   bp_rc rc, const char *fmt, ...)
{
	char msg[BP_ERROR_TEXT];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bp_error_at(err, doc ? doc->path : NULL, bp_yaml_line(node), bp_yaml_column(node));
	return bp_fail(err, rc, "%s", msg);
}

static const char *kind_noun(bp_yaml_kind k)
{
	switch (k) {
	case BP_YAML_SCALAR:   return "text";
	case BP_YAML_SEQUENCE: return "a list";
	case BP_YAML_MAPPING:  return "a mapping";
	case BP_YAML_NONE:     break;
	}
	return "nothing";
}

bp_rc bp_yaml_expect(const bp_yaml_doc *doc, const bp_yaml_node *node, bp_yaml_kind want,
                     const char *what, bp_error *err)
{
	if (node && bp_yaml_kind_of(node) == want && !(want == BP_YAML_SCALAR && bp_yaml_is_null(node)))
		return BP_OK;
	return bp_yaml_fail(doc, node, err, BP_ERR_CONFIG, "%s must be %s, found %s",
	                    what, kind_noun(want), bp_yaml_describe(node));
}

/* Edit distance, for "did you mean"; long words are not worth a suggestion. */
static size_t edit_distance(const char *s, const char *t)
{
	enum { MAXW = 64 };
	size_t ls = strlen(s), lt = strlen(t);
	size_t row[MAXW + 1];

	if (ls > MAXW || lt > MAXW)
		return (size_t)-1;
	for (size_t j = 0; j <= lt; j++)
		row[j] = j;
	for (size_t i = 1; i <= ls; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lt; j++) {
			size_t up = row[j];
			size_t best = diag + (s[i - 1] != t[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lt];
}

static void hint_choices(bp_error *err, const char *word, const char *const *choices, const char *label)
{
	bp_buf b;
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	for (size_t i = 0; choices[i]; i++) {
		size_t d = edit_distance(word, choices[i]);
		if (d < best_d) {
			best_d = d;
			best = choices[i];
		}
	}
	bp_buf_init(&b);
	/* Two edits catch a typo or a swapped pair without suggesting nonsense for short words. */
	if (best && best_d <= 2 && best_d < strlen(best))
		bp_buf_printf(&b, "did you mean '%s'? ", best);
	bp_buf_printf(&b, "%s: ", label);
	for (size_t i = 0; choices[i]; i++)
		bp_buf_printf(&b, "%s%s", i ? ", " : "", choices[i]);
	bp_error_hint(err, "%s", b.data);
	bp_buf_release(&b);
}

bp_rc bp_yaml_check_keys(const bp_yaml_doc *doc, const bp_yaml_node *map,
                         const char *const *allowed, bp_error *err)
{
	bp_rc rc;
	if (!bp_yaml_is_mapping(map))
		return bp_yaml_fail(doc, map, err, BP_ERR_CONFIG,
		                    "expected a mapping (key: value lines), found %s", bp_yaml_describe(map));
	size_t n = bp_yaml_map_len(map);
	for (size_t i = 0; i < n; i++) {
		bp_yaml_node *k = bp_yaml_map_key_at(doc, map, i);
		const char *name = bp_yaml_scalar(k);
		size_t j;
		for (j = 0; allowed[j]; j++)
			if (scalar_eq(k, allowed[j]))
				break;
		if (allowed[j])
			continue;
		rc = bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "unknown key '%s'", name ? name : "?");
		hint_choices(err, name ? name : "", allowed, "allowed keys");
		return rc;
	}
	return BP_OK;
}

/* ---- typed getters ------------------------------------------------------- */

/*
 * The value under key, or NULL when it is absent or written as "no value".
 * A required key that is absent fails at the mapping (there is nothing
 * else to point at); one without a value fails at the key.
 */
static bp_rc lookup(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                    int required, bp_yaml_node **val, bp_error *err)
{
	*val = NULL;
	if (!bp_yaml_is_mapping(map))
		return bp_yaml_fail(doc, map, err, BP_ERR_CONFIG,
		                    "expected a mapping with key '%s', found %s", key, bp_yaml_describe(map));
	long i = find_pair(doc, map, key);
	if (i < 0) {
		if (required)
			return bp_yaml_fail(doc, map, err, BP_ERR_CONFIG, "missing key '%s'", key);
		return BP_OK;
	}
	bp_yaml_node *v = node_at(doc, map->data.mapping.pairs.start[i].value);
	if (bp_yaml_is_null(v)) {
		if (required)
			return bp_yaml_fail(doc, node_at(doc, map->data.mapping.pairs.start[i].key), err,
			                    BP_ERR_CONFIG, "'%s' has no value", key);
		return BP_OK;
	}
	*val = v;
	return BP_OK;
}

static bp_rc text_of(const bp_yaml_doc *doc, const bp_yaml_node *v, const char *what,
                     const char **out, bp_error *err)
{
	if (!bp_yaml_is_scalar(v))
		return bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "%s must be text, found %s",
		                    what, bp_yaml_describe(v));
	/* A "\0" escape would cut the C string short without anyone noticing. */
	if (strlen((const char *)v->data.scalar.value) != v->data.scalar.length)
		return bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "%s contains a NUL character", what);
	*out = (const char *)v->data.scalar.value;
	return BP_OK;
}

static bp_rc str_get(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                     int required, const char *def, const char **out, bp_error *err)
{
	bp_yaml_node *v;
	char what[160];
	bp_rc rc = lookup(doc, map, key, required, &v, err);
	if (rc)
		return rc;
	if (!v) {
		*out = def;
		return BP_OK;
	}
	snprintf(what, sizeof(what), "'%s'", key);
	return text_of(doc, v, what, out, err);
}

bp_rc bp_yaml_req_str(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      const char **out, bp_error *err)
{
	return str_get(doc, map, key, 1, NULL, out, err);
}

bp_rc bp_yaml_opt_str(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      const char *def, const char **out, bp_error *err)
{
	return str_get(doc, map, key, 0, def, out, err);
}

bp_rc bp_yaml_req_text(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                       const char **out, bp_error *err)
{
	bp_rc rc = bp_yaml_req_str(doc, map, key, out, err);
	if (rc == BP_OK && !(*out)[0])
		rc = bp_yaml_fail(doc, bp_yaml_map_get(doc, map, key), err, BP_ERR_CONFIG, "'%s' must not be empty", key);
	return rc;
}

bp_rc bp_yaml_nl_en(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key, int required,
                    const char **nl, const char **en, bp_error *err)
{
	static const char *const keys[] = { "nl", "en", NULL };
	bp_yaml_node *t = bp_yaml_map_get(doc, map, key);
	bp_rc rc;
	*nl = *en = NULL;
	if (!bp_yaml_is_mapping(t))
		return str_get(doc, map, key, required, NULL, nl, err);
	if ((rc = bp_yaml_check_keys(doc, t, keys, err)) ||
	    (rc = bp_yaml_req_str(doc, t, "nl", nl, err)))
		return rc;
	return bp_yaml_opt_str(doc, t, "en", NULL, en, err);
}

/* Numbers and booleans: a plain scalar; anything else fails as "must be <noun>". */
static bp_rc plain_text(const bp_yaml_doc *doc, const bp_yaml_node *v, const char *key,
                        const char *noun, const char **out, bp_error *err)
{
	if (!bp_yaml_is_scalar(v)) {
		bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' must be %s", key, noun);
		bp_error_detail(err, "found %s", bp_yaml_describe(v));
		return BP_ERR_CONFIG;
	}
	if (v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' must be %s", key, noun);
		bp_error_detail(err, "found the quoted text \"%s\"", (const char *)v->data.scalar.value);
		bp_error_hint(err, "leave out the quotes");
		return BP_ERR_CONFIG;
	}
	*out = (const char *)v->data.scalar.value;
	return BP_OK;
}

static bp_rc not_a(const bp_yaml_doc *doc, const bp_yaml_node *v, const char *key,
                   const char *noun, const char *s, bp_error *err)
{
	bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' must be %s", key, noun);
	bp_error_detail(err, "found '%s'", s);
	return BP_ERR_CONFIG;
}

static bp_rc int_get(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                     int required, long min, long max, long def, long *out, bp_error *err)
{
	bp_yaml_node *v;
	const char *s;
	bp_rc rc = lookup(doc, map, key, required, &v, err);
	if (rc)
		return rc;
	if (!v) {
		*out = def;
		return BP_OK;
	}
	if ((rc = plain_text(doc, v, key, "a whole number", &s, err)))
		return rc;

	/* strtol alone would take "12abc", "0x1f" and " 7"; only decimal digits are a number here. */
	const char *p = s + (*s == '+' || *s == '-');
	if (!*p || strspn(p, "0123456789") != strlen(p))
		return not_a(doc, v, key, "a whole number", s, err);
	errno = 0;
	long x = strtol(s, NULL, 10);
	if (errno == ERANGE || x < min || x > max) {
		if (max == LONG_MAX)
			bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' must be %ld or more", key, min);
		else if (min == LONG_MIN)
			bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' must be %ld or less", key, max);
		else
			bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' must be between %ld and %ld", key, min, max);
		bp_error_detail(err, "found %s", s);
		return BP_ERR_CONFIG;
	}
	*out = x;
	return BP_OK;
}

bp_rc bp_yaml_req_int(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      long min, long max, long *out, bp_error *err)
{
	return int_get(doc, map, key, 1, min, max, 0, out, err);
}

bp_rc bp_yaml_opt_int(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      long min, long max, long def, long *out, bp_error *err)
{
	return int_get(doc, map, key, 0, min, max, def, out, err);
}

/* [+-] digits [. digits] [e [+-] digits], at least one digit before the exponent. */
static int is_decimal(const char *s)
{
	const char *p = s + (*s == '+' || *s == '-');
	size_t whole = strspn(p, "0123456789"), frac = 0;
	p += whole;
	if (*p == '.') {
		frac = strspn(p + 1, "0123456789");
		p += 1 + frac;
	}
	if (whole + frac == 0)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		p += (*p == '+' || *p == '-');
		size_t ex = strspn(p, "0123456789");
		if (ex == 0)
			return 0;
		p += ex;
	}
	return *p == '\0';
}

static bp_rc double_get(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                        int required, double def, double *out, bp_error *err)
{
	bp_yaml_node *v;
	const char *s;
	bp_rc rc = lookup(doc, map, key, required, &v, err);
	if (rc)
		return rc;
	if (!v) {
		*out = def;
		return BP_OK;
	}
	if ((rc = plain_text(doc, v, key, "a number", &s, err)))
		return rc;
	if (!is_decimal(s)) {
		rc = not_a(doc, v, key, "a number", s, err);
		if (strchr(s, ','))
			bp_error_hint(err, "write a decimal point, not a comma (1.5, not 1,5)");
		return rc;
	}
	/* g_ascii_strtod ignores LC_NUMERIC: a Dutch locale must not turn "1.5" into 1. */
	double x = g_ascii_strtod(s, NULL);
	if (!isfinite(x))
		return not_a(doc, v, key, "a finite number", s, err);
	*out = x;
	return BP_OK;
}

bp_rc bp_yaml_req_double(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                         double *out, bp_error *err)
{
	return double_get(doc, map, key, 1, 0.0, out, err);
}

bp_rc bp_yaml_opt_double(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                         double def, double *out, bp_error *err)
{
	return double_get(doc, map, key, 0, def, out, err);
}

static bp_rc bool_get(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      int required, int def, int *out, bp_error *err)
{
	bp_yaml_node *v;
	const char *s;
	bp_rc rc = lookup(doc, map, key, required, &v, err);
	if (rc)
		return rc;
	if (!v) {
		*out = def;
		return BP_OK;
	}
	if ((rc = plain_text(doc, v, key, "true or false", &s, err)))
		return rc;
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
		*out = 1;
		return BP_OK;
	}
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
		*out = 0;
		return BP_OK;
	}
	return not_a(doc, v, key, "true or false", s, err);
}

bp_rc bp_yaml_req_bool(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                       int *out, bp_error *err)
{
	return bool_get(doc, map, key, 1, 0, out, err);
}

bp_rc bp_yaml_opt_bool(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                       int def, int *out, bp_error *err)
{
	return bool_get(doc, map, key, 0, def, out, err);
}

static bp_rc strlist_get(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                         int required, const char ***out, size_t *n, bp_error *err)
{
	bp_yaml_node *v;
	char what[160];
	bp_rc rc = lookup(doc, map, key, required, &v, err);
	if (rc)
		return rc;
	*out = NULL;
	*n = 0;
	if (!v)
		return BP_OK;
	if (!bp_yaml_is_sequence(v)) {
		bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' must be a list, found %s",
		             key, bp_yaml_describe(v));
		bp_error_hint(err, "write [a, b] or one '- a' per line");
		return BP_ERR_CONFIG;
	}
	size_t len = bp_yaml_seq_len(v);
	const char **items = len ? bp_arena_alloc(doc->arena, len * sizeof(*items)) : NULL;
	snprintf(what, sizeof(what), "each item of '%s'", key);
	for (size_t i = 0; i < len; i++) {
		bp_yaml_node *item = bp_yaml_seq_at(doc, v, i);
		if (bp_yaml_is_null(item))
			return bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "%s must be text, found no value", what);
		if ((rc = text_of(doc, item, what, &items[i], err)))
			return rc;
	}
	*out = items;
	*n = len;
	return BP_OK;
}

bp_rc bp_yaml_req_strlist(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                          const char ***out, size_t *n, bp_error *err)
{
	return strlist_get(doc, map, key, 1, out, n, err);
}

bp_rc bp_yaml_opt_strlist(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                          const char ***out, size_t *n, bp_error *err)
{
	return strlist_get(doc, map, key, 0, out, n, err);
}

bp_rc bp_yaml_choice(const bp_yaml_doc *doc, const bp_yaml_node *node, const char *what,
                     const char *const *choices, int *index, bp_error *err)
{
	char label[160];
	const char *s;

	snprintf(label, sizeof(label), "'%s'", what);
	if (bp_yaml_is_null(node))
		return bp_yaml_fail(doc, node, err, BP_ERR_CONFIG, "%s has no value", label);
	bp_rc rc = text_of(doc, node, label, &s, err);
	if (rc)
		return rc;
	for (int i = 0; choices[i]; i++) {
		if (!strcmp(s, choices[i])) {
			*index = i;
			return BP_OK;
		}
	}
	rc = bp_yaml_fail(doc, node, err, BP_ERR_CONFIG, "unknown %s '%s'", what, s);
	hint_choices(err, s, choices, "allowed values");
	return rc;
}

bp_rc bp_yaml_req_choice(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                         const char *const *choices, int *index, bp_error *err)
{
	bp_yaml_node *v;
	bp_rc rc = lookup(doc, map, key, 1, &v, err);
	if (rc)
		return rc;
	return bp_yaml_choice(doc, v, key, choices, index, err);
}

bp_rc bp_yaml_load_mapping_file(const char *path, const char *const *allowed, bp_arena *a, char **bytes,
                                size_t *n_bytes, bp_yaml_doc **doc, const bp_yaml_node **root, bp_error *err)
{
	bp_rc rc = bp_file_read_all(path, a, bytes, n_bytes, err);
	if (rc || (rc = bp_yaml_load_string(path, *bytes, *n_bytes, a, doc, err)))
		return rc;
	*root = bp_yaml_root(*doc);
	if ((rc = bp_yaml_expect(*doc, *root, BP_YAML_MAPPING, "the mapping", err)))
		return rc;
	return bp_yaml_check_keys(*doc, *root, allowed, err);
}
