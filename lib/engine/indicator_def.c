#include "engine/indicator_def.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "engine/expr.h"
#include <yaml.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"

static const char *const keys[] = {
	"id", "title", "description", "theme", "kind", "numerator", "denominator",
	"scale", "unit", "decimals", "polarity", "min_denominator", "source",
	"value", "base", "min_coverage", "survey", "question", "categories", "scores",
	"min_respondents", "role", NULL
};

static const char *const themes[] = {
	"sociale-veerkracht", "participatie", "demografie", "sociaal-economisch",
	"zorg-en-gezondheid", "voorzieningen", NULL
};

/* In the order of bp_polarity and bp_indicator_kind. */
static const char *const polarities[] = { "neutral", "higher-is-better", "higher-is-worse", NULL };
static const char *const kinds[] = { "ratio", "published_share", "survey_proportion", "survey_mean", NULL };
/* In the order of bp_indicator_role, after BP_ROLE_DEFAULT. */
static const char *const roles[] = { "need", "context", NULL };

const char *bp_role_name(bp_indicator_role r)
{
	return r == BP_ROLE_NEED ? roles[0] : r == BP_ROLE_CONTEXT ? roles[1] : NULL;
}

const char *bp_polarity_name(bp_polarity p)
{
	if ((size_t)p < sizeof(polarities) / sizeof(polarities[0]) - 1)
		return polarities[p];
	return "unknown";
}

const char *bp_kind_name(bp_indicator_kind k)
{
	if ((size_t)k < sizeof(kinds) / sizeof(kinds[0]) - 1)
		return kinds[k];
	return "unknown";
}

/* first: the allowed first characters; rest: the others. */
static int matches(const char *s, const char *first, const char *rest)
{
	return s[0] && strchr(first, s[0]) && strspn(s + 1, rest) == strlen(s + 1);
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGIT "0123456789"

static bp_srcloc loc_of(const bp_yaml_doc *doc, const bp_yaml_node *n)
{
	bp_srcloc l = { bp_yaml_path(doc), bp_yaml_line(n), bp_yaml_column(n), BP_TEXT_PLAIN };
	/* bp_yaml_node is libyaml's node: its style tells where the text starts
	 * relative to the node's mark (after a quote, or on the next line). */
	if (n && n->type == YAML_SCALAR_NODE) {
		switch (n->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
			l.style = BP_TEXT_QUOTED;
			break;
		case YAML_LITERAL_SCALAR_STYLE:
		case YAML_FOLDED_SCALAR_STYLE:
			l.style = BP_TEXT_BLOCK;
			break;
		default:
			break;
		}
	}
	return l;
}

/*
 * An expression (engine/expr.h): parsed here so that `indicators check`
 * reports its mistakes at the offending character, and kept as written;
 * *canon receives its canonical text for the hash.
 */
static bp_rc get_expression(const bp_yaml_doc *doc, const bp_yaml_node *root, const char *key,
                            const char **out, bp_srcloc *loc, const char **canon, bp_error *err)
{
	bp_rc rc = bp_yaml_req_str(doc, root, key, out, err);
	if (rc)
		return rc;
	bp_yaml_node *v = bp_yaml_map_get(doc, root, key);
	bp_arena *a = bp_yaml_arena(doc);
	bp_expr *e;
	size_t off = 0;
	*loc = loc_of(doc, v);
	if ((rc = bp_expr_parse(*out, a, &e, &off, err))) {
		long line, col;
		bp_expr_locate(*out, off, loc->style, loc->line, loc->column, &line, &col);
		bp_error_at(err, loc->file, line, col);
		bp_error_detail(err, "in '%s': %s", key, *out);
		bp_error_hint(err, "an expression combines variable codes and numbers with + - * / and "
		              "parentheses, sum(a, b, ...) and coalesce(a, b, ...)");
		return rc;
	}
	const char **vars;
	size_t nvars;
	bp_expr_variables(e, a, &vars, NULL, &nvars);
	if (nvars == 0) {
		bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "'%s' uses no variable code", key);
		bp_error_detail(err, "found %s", *out);
		return BP_ERR_CONFIG;
	}
	bp_buf b;
	bp_buf_init(&b);
	bp_expr_canonical(e, &b);
	*canon = bp_arena_strndup(a, b.data, b.len);
	bp_buf_release(&b);
	return BP_OK;
}

static bp_rc get_variable(const bp_yaml_doc *doc, const bp_yaml_node *root, const char *key,
                          const char **out, bp_srcloc *loc, bp_error *err)
{
	bp_rc rc = bp_yaml_req_str(doc, root, key, out, err);
	if (rc)
		return rc;
	bp_yaml_node *v = bp_yaml_map_get(doc, root, key);
	if (!matches(*out, LOWER UPPER, LOWER UPPER DIGIT "_")) {
		bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "invalid variable code '%s' in '%s'", *out, key);
		bp_error_hint(err, "a variable code is a CBS column key without its _N suffix, "
		              "e.g. AantalInwoners or k_65JaarOfOuder");
		return BP_ERR_CONFIG;
	}
	*loc = loc_of(doc, v);
	return BP_OK;
}

static bp_rc not_empty(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                       const char *value, bp_error *err)
{
	if (value && value[0])
		return BP_OK;
	return bp_yaml_fail(doc, bp_yaml_map_get(doc, map, key), err, BP_ERR_CONFIG,
	                    "'%s' must not be empty", key);
}

/*
 * Every field that affects what the indicator means or shows, in a fixed
 * order, each as name, length and bytes: reordering keys or editing a
 * comment leaves it alike, changing any value does not.  Numbers are
 * written round-trip exact and locale-free, so 100 and 100.0 are one value.
 * The version line lets the format change without old hashes colliding.
 * `role` is left out: it changes what the needs overview does with the
 * values, not the values (compute stores it beside the hash every run).
 * `description.en` is left out too: the pages read it from the YAML and
 * nothing stores it, so adding a translation needs no recomputation.
 */
static void compute_hash(bp_indicator_def *d, const char *num_canon, const char *den_canon,
                         const char *base_canon)
{
	bp_buf b;
	char num[G_ASCII_DTOSTR_BUF_SIZE];

	bp_buf_init(&b);
	bp_buf_adds(&b, "buurtpeil-indicator/1\n");
#define STR(name, v) do { \
		if (v) bp_buf_printf(&b, "%s=%zu:%s\n", name, strlen(v), (v)); \
		else   bp_buf_printf(&b, "%s=null\n", name); \
	} while (0)
#define DBL(name, v) bp_buf_printf(&b, "%s=%s\n", name, g_ascii_dtostr(num, sizeof(num), (v)))
	STR("id", d->id);
	STR("kind", bp_kind_name(d->kind));
	STR("title_nl", d->title_nl);
	STR("title_en", d->title_en);
	STR("description", d->description);
	STR("theme", d->theme);
	STR("unit", d->unit);
	bp_buf_printf(&b, "decimals=%d\n", d->decimals);
	STR("polarity", bp_polarity_name(d->polarity));
	STR("source", d->source);
	/* Canonical expressions: a plain variable code is its own canonical
	 * text, so hashes from before expressions existed still hold. */
	STR("numerator", num_canon);
	STR("denominator", den_canon);
	DBL("scale", d->scale);
	DBL("min_denominator", d->min_denominator);
	/* Fields added later appear only when set, for the same reason. */
	if (d->kind == BP_KIND_PUBLISHED_SHARE) {
		STR("value", d->value);
		STR("base", base_canon);
		/* Since the shares read survey results' respondents (issue 16):
		 * every share's hash changed once, so its values are recomputed
		 * with their intervals. */
		DBL("min_respondents", d->min_respondents);
	}
	if (d->min_coverage != BP_DEFAULT_MIN_COVERAGE)
		DBL("min_coverage", d->min_coverage);
	if (d->kind == BP_KIND_SURVEY_PROPORTION || d->kind == BP_KIND_SURVEY_MEAN) {
		STR("survey", d->survey);
		STR("question", d->question);
		for (size_t i = 0; i < d->n_categories; i++) {
			STR("category", d->categories[i]);
			if (d->scores)
				DBL("score", d->scores[i]);
		}
		DBL("min_respondents", d->min_respondents);
	}
#undef STR
#undef DBL
	bp_sha256_hex(b.data, b.len, d->hash);
	bp_buf_release(&b);
}

/* A survey's name as in the mapping (burgerpeiling-2022), a category's (soms_eenzaam). */
static bp_rc check_name(const bp_yaml_doc *doc, const bp_yaml_node *n, const char *what,
                        const char *s, const char *rest, bp_error *err)
{
	if (matches(s, LOWER DIGIT, rest))
		return BP_OK;
	bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "invalid %s '%s'", what, s);
	bp_error_hint(err, "use the name exactly as in the survey mapping (surveys/*.yaml)");
	return BP_ERR_CONFIG;
}

/*
 * survey, question, and categories (proportion) or scores (mean).  Whether
 * they exist is known only to the database (the mapping the survey was
 * imported with): compute.c checks that and points back here.
 */
static bp_rc parse_survey(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_indicator_def *d,
                          const bp_publication_rules *rules, bp_error *err)
{
	bp_arena *a = bp_yaml_arena(doc);
	bp_rc rc;

	if ((rc = bp_yaml_req_str(doc, root, "survey", &d->survey, err)) ||
	    (rc = check_name(doc, bp_yaml_map_get(doc, root, "survey"), "survey name", d->survey,
	                     LOWER DIGIT "_-", err)) ||
	    (rc = get_variable(doc, root, "question", &d->question, &d->question_loc, err)) ||
	    (rc = bp_yaml_opt_double(doc, root, "min_respondents", rules->min_respondents, &d->min_respondents, err)))
		return rc;
	d->survey_loc = loc_of(doc, bp_yaml_map_get(doc, root, "survey"));
	if (d->min_respondents < 0.0) {
		bp_yaml_node *n = bp_yaml_map_get(doc, root, "min_respondents");
		bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "'min_respondents' must be 0 or more");
		bp_error_detail(err, "found %s", bp_yaml_scalar(n));
		return BP_ERR_CONFIG;
	}
	if (d->kind == BP_KIND_SURVEY_PROPORTION) {
		bp_yaml_node *list = bp_yaml_map_get(doc, root, "categories");
		if ((rc = bp_yaml_req_strlist(doc, root, "categories", &d->categories, &d->n_categories, err)) ||
		    (rc = bp_yaml_opt_double(doc, root, "scale", 1.0, &d->scale, err)))
			return rc;
		d->categories_loc = loc_of(doc, list);
		if (d->n_categories == 0)
			return bp_yaml_fail(doc, list, err, BP_ERR_CONFIG, "'categories' must name at least one category");
		for (size_t i = 0; i < d->n_categories; i++)
			if ((rc = check_name(doc, bp_yaml_seq_at(doc, list, i), "category", d->categories[i],
			                     LOWER DIGIT "_", err)))
				return rc;
		if (d->scale <= 0.0)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "scale"), err, BP_ERR_CONFIG,
			                    "'scale' must be greater than 0");
	} else {
		bp_yaml_node *map = bp_yaml_map_get(doc, root, "scores");
		if (!map)
			return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'scores'");
		if ((rc = bp_yaml_expect(doc, map, BP_YAML_MAPPING, "'scores'", err)))
			return rc;
		d->categories_loc = loc_of(doc, map);
		d->n_categories = bp_yaml_map_len(map);
		/* A mean of one category is that category's score everywhere. */
		if (d->n_categories < 2)
			return bp_yaml_fail(doc, map, err, BP_ERR_CONFIG,
			                    "'scores' must give a score to at least two categories");
		d->categories = bp_arena_alloc(a, d->n_categories * sizeof(*d->categories));
		d->scores = bp_arena_alloc(a, d->n_categories * sizeof(*d->scores));
		for (size_t i = 0; i < d->n_categories; i++) {
			bp_yaml_node *k = bp_yaml_map_key_at(doc, map, i);
			const char *name = bp_yaml_scalar(k);
			if (!name)
				return bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "a category name must be text");
			if ((rc = check_name(doc, k, "category", name, LOWER DIGIT "_", err)) ||
			    (rc = bp_yaml_req_double(doc, map, name, &d->scores[i], err)))
				return rc;
			d->categories[i] = name;
		}
		d->scale = 1.0;
	}
	for (size_t i = 0; i < d->n_categories; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(d->categories[i], d->categories[j]) == 0)
				return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, d->scores ? "scores" : "categories"),
				                    err, BP_ERR_CONFIG, "category '%s' is listed twice", d->categories[i]);
	return BP_OK;
}

static bp_rc parse_def(const bp_yaml_doc *doc, bp_indicator_def *d, bp_srcloc *id_loc,
                       const bp_publication_rules *rules, bp_error *err)
{
	bp_yaml_node *root = bp_yaml_root(doc);
	long decimals;
	int theme, kind, polarity;
	bp_rc rc;

	memset(d, 0, sizeof(*d));
	/* Unknown keys first: a misspelt `numerater` should be named as such,
	 * not reported as a missing `numerator`. */
	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "an indicator definition", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, keys, err)))
		return rc;
	d->loc = loc_of(doc, root);

	if ((rc = bp_yaml_req_str(doc, root, "id", &d->id, err)))
		return rc;
	bp_yaml_node *idn = bp_yaml_map_get(doc, root, "id");
	if (!matches(d->id, LOWER, LOWER DIGIT "_")) {
		bp_yaml_fail(doc, idn, err, BP_ERR_CONFIG, "invalid indicator id '%s'", d->id);
		bp_error_hint(err, "an id starts with a lower-case letter and holds only a-z, 0-9 and _, "
		              "e.g. aandeel_65_plus");
		return BP_ERR_CONFIG;
	}
	*id_loc = loc_of(doc, idn);

	/* A plain string is the Dutch text: a definition of one's own needs no English. */
	if ((rc = bp_yaml_nl_en(doc, root, "title", 1, &d->title_nl, &d->title_en, err)) ||
	    (rc = not_empty(doc, root, "title", d->title_nl, err)) ||
	    (rc = bp_yaml_nl_en(doc, root, "description", 0, &d->description, &d->description_en, err)) ||
	    (rc = bp_yaml_req_choice(doc, root, "theme", themes, &theme, err)) ||
	    (rc = bp_yaml_req_choice(doc, root, "kind", kinds, &kind, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "unit", &d->unit, err)) ||
	    (rc = bp_yaml_req_int(doc, root, "decimals", 0, 6, &decimals, err)) ||
	    (rc = bp_yaml_req_choice(doc, root, "polarity", polarities, &polarity, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "source", &d->source, err)) ||
	    (rc = not_empty(doc, root, "source", d->source, err)))
		return rc;
	d->theme = themes[theme];
	d->kind = (bp_indicator_kind)kind;
	d->decimals = (int)decimals;
	d->polarity = (bp_polarity)polarity;
	bp_yaml_node *role = bp_yaml_map_get(doc, root, "role");
	if (role) {
		int r;
		if ((rc = bp_yaml_choice(doc, role, "role", roles, &r, err)))
			return rc;
		d->role = r == 0 ? BP_ROLE_NEED : BP_ROLE_CONTEXT;
		/* A need has a worse side; a neutral indicator has none to flag. */
		if (d->role == BP_ROLE_NEED && d->polarity == BP_POLARITY_NEUTRAL) {
			bp_yaml_fail(doc, role, err, BP_ERR_CONFIG, "'role: need' wants a polarity with a worse side");
			bp_error_hint(err, "set polarity to higher-is-better or higher-is-worse, or leave role out");
			return BP_ERR_CONFIG;
		}
	}

	const char *num_canon = NULL, *den_canon = NULL, *base_canon = NULL;
	if ((rc = bp_yaml_opt_double(doc, root, "min_coverage", BP_DEFAULT_MIN_COVERAGE, &d->min_coverage, err)))
		return rc;
	if (d->min_coverage < 0.0 || d->min_coverage > 1.0) {
		bp_yaml_node *n = bp_yaml_map_get(doc, root, "min_coverage");
		bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "'min_coverage' must be between 0 and 1");
		bp_error_detail(err, "found %s", bp_yaml_scalar(n));
		return BP_ERR_CONFIG;
	}
	/* Keys of another kind are mistakes, not silently ignored fields. */
	static const char *const specific[] = { "numerator", "denominator", "scale", "min_denominator",
		"value", "base", "survey", "question", "categories", "scores", "min_respondents", NULL };
	static const char *const own[][8] = {
		[BP_KIND_RATIO] = { "numerator", "denominator", "scale", "min_denominator", NULL },
		[BP_KIND_PUBLISHED_SHARE] = { "value", "base", "min_denominator", "min_respondents", NULL },
		[BP_KIND_SURVEY_PROPORTION] = { "survey", "question", "categories", "scale", "min_respondents", NULL },
		[BP_KIND_SURVEY_MEAN] = { "survey", "question", "scores", "min_respondents", NULL },
	};
	for (size_t i = 0; specific[i]; i++) {
		bp_yaml_node *k = bp_yaml_map_key_node(doc, root, specific[i]);
		int allowed = 0;
		for (size_t j = 0; own[d->kind][j]; j++)
			allowed |= strcmp(own[d->kind][j], specific[i]) == 0;
		if (k && !allowed)
			return bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "'%s' does not belong to kind %s",
			                    specific[i], bp_kind_name(d->kind));
	}

	switch (d->kind) {
	case BP_KIND_PUBLISHED_SHARE:
		if ((rc = get_variable(doc, root, "value", &d->value, &d->value_loc, err)) ||
		    (rc = get_expression(doc, root, "base", &d->base, &d->base_loc, &base_canon, err)) ||
		    (rc = bp_yaml_opt_double(doc, root, "min_denominator", 0.0, &d->min_denominator, err)) ||
		    /* For a share published with its respondents (survey results). */
		    (rc = bp_yaml_opt_double(doc, root, "min_respondents", rules->min_respondents,
		                             &d->min_respondents, err)))
			return rc;
		d->scale = 1.0;
		if (d->min_respondents < 0.0) {
			bp_yaml_node *n = bp_yaml_map_get(doc, root, "min_respondents");
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "'min_respondents' must be 0 or more");
			bp_error_detail(err, "found %s", bp_yaml_scalar(n));
			return BP_ERR_CONFIG;
		}
		if (d->min_denominator < 0.0) {
			bp_yaml_node *n = bp_yaml_map_get(doc, root, "min_denominator");
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "'min_denominator' must be 0 or more");
			bp_error_detail(err, "found %s", bp_yaml_scalar(n));
			return BP_ERR_CONFIG;
		}
		break;
	case BP_KIND_RATIO:
		if ((rc = get_expression(doc, root, "numerator", &d->numerator, &d->numerator_loc, &num_canon, err)) ||
		    (rc = get_expression(doc, root, "denominator", &d->denominator, &d->denominator_loc, &den_canon, err)) ||
		    (rc = bp_yaml_opt_double(doc, root, "scale", 1.0, &d->scale, err)) ||
		    (rc = bp_yaml_opt_double(doc, root, "min_denominator", rules->min_denominator,
		                             &d->min_denominator, err)))
			return rc;
		if (d->scale <= 0.0) {
			bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "scale"), err, BP_ERR_CONFIG,
			             "'scale' must be greater than 0");
			bp_error_detail(err, "found %s", bp_yaml_scalar(bp_yaml_map_get(doc, root, "scale")));
			return BP_ERR_CONFIG;
		}
		if (d->min_denominator < 0.0) {
			bp_yaml_node *n = bp_yaml_map_get(doc, root, "min_denominator");
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "'min_denominator' must be 0 or more");
			bp_error_detail(err, "found %s", bp_yaml_scalar(n));
			return BP_ERR_CONFIG;
		}
		break;
	case BP_KIND_SURVEY_PROPORTION:
	case BP_KIND_SURVEY_MEAN:
		if ((rc = parse_survey(doc, root, d, rules, err)))
			return rc;
		break;
	}
	compute_hash(d, num_canon, den_canon, base_canon);
	return BP_OK;
}

static bp_rc load_one(const char *path, bp_arena *a, bp_indicator_def *out,
                      bp_srcloc *id_loc, const bp_publication_rules *rules, bp_error *err)
{
	bp_yaml_doc *doc;
	bp_indicator_def d;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	if ((rc = parse_def(doc, &d, id_loc, rules, err)))
		return rc;
	*out = d;
	return BP_OK;
}

bp_rc bp_indicator_load_file(const char *path, bp_arena *a, bp_indicator_def *out, bp_error *err)
{
	bp_srcloc id_loc;
	bp_publication_rules rules;
	bp_publication_rules_default(&rules);
	return load_one(path, a, out, &id_loc, &rules, err);
}

void bp_publication_rules_default(bp_publication_rules *out)
{
	out->min_respondents = BP_DEFAULT_MIN_RESPONDENTS;
	out->min_denominator = BP_DEFAULT_MIN_DENOMINATOR;
	out->file = NULL;
}

bp_rc bp_publication_rules_load(const char *path, bp_arena *a, bp_publication_rules *out, bp_error *err)
{
	static const char *const top[] = { "publication", NULL };
	static const char *const rule_keys[] = { "min_respondents", "min_denominator", NULL };
	bp_yaml_doc *doc;
	bp_rc rc;

	bp_publication_rules_default(out);
	if ((rc = bp_yaml_load_file(path, a, &doc, err)))
		return rc;
	bp_yaml_node *root = bp_yaml_root(doc);
	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "the publication rules", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, top, err)))
		return rc;
	bp_yaml_node *p = bp_yaml_map_get(doc, root, "publication");
	if (!p)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'publication'");
	if ((rc = bp_yaml_check_keys(doc, p, rule_keys, err)) ||
	    (rc = bp_yaml_opt_double(doc, p, "min_respondents", BP_DEFAULT_MIN_RESPONDENTS, &out->min_respondents, err)) ||
	    (rc = bp_yaml_opt_double(doc, p, "min_denominator", BP_DEFAULT_MIN_DENOMINATOR, &out->min_denominator, err)))
		return rc;
	for (size_t i = 0; rule_keys[i]; i++) {
		double v = i ? out->min_denominator : out->min_respondents;
		if (v < 0.0) {
			bp_yaml_node *n = bp_yaml_map_get(doc, p, rule_keys[i]);
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "'%s' must be 0 or more", rule_keys[i]);
			bp_error_detail(err, "found %s", bp_yaml_scalar(n));
			return BP_ERR_CONFIG;
		}
	}
	out->file = bp_arena_strdup(a, path);
	return BP_OK;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int cmp_def(const void *x, const void *y)
{
	return strcmp(((const bp_indicator_def *)x)->id, ((const bp_indicator_def *)y)->id);
}

static int is_definition_name(const char *name)
{
	size_t n = strlen(name);
	/* Hidden names are editor leftovers (.#x.yaml locks, ._x.yaml from macOS). */
	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0 &&
	       strcmp(name, BP_PUBLICATION_FILE) != 0;
}

bp_rc bp_indicators_load_dir(const char *dir, bp_arena *a, bp_indicator_set *out, bp_error *err)
{
	DIR *dh = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	bp_indicator_def *items = NULL;
	bp_srcloc *id_locs = NULL;
	bp_rc rc = BP_OK;

	if (!dh) {
		bp_error_at(err, dir, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot open the indicator folder: %s", strerror(errno));
	}
	for (;;) {
		errno = 0;
		struct dirent *de = readdir(dh);
		if (!de) {
			if (errno) {
				bp_error_at(err, dir, 0, 0);
				rc = bp_fail(err, BP_ERR_IO, "cannot read the indicator folder: %s", strerror(errno));
				goto out;
			}
			break;
		}
		if (!is_definition_name(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = bp_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = bp_path_join(a, dir, de->d_name);
	}
	if (n == 0) {
		bp_error_at(err, dir, 0, 0);
		bp_error_hint(err, "put one indicator definition per file, named like aandeel_65_plus.yaml");
		rc = bp_fail(err, BP_ERR_CONFIG, "no indicator definitions (*.yaml) in the folder");
		goto out;
	}
	/* readdir order depends on the file system; errors and ids must not. */
	qsort(names, n, sizeof(*names), cmp_str);

	/* The rules first: they give the definitions their default minimums. */
	{
		const char *rules_path = bp_path_join(a, dir, BP_PUBLICATION_FILE);
		if (access(rules_path, F_OK) == 0) {
			if ((rc = bp_publication_rules_load(rules_path, a, &out->publication, err)))
				goto out;
		} else {
			bp_publication_rules_default(&out->publication);
		}
	}

	items = bp_arena_alloc(a, n * sizeof(*items));
	id_locs = bp_xcalloc(n, sizeof(*id_locs));
	for (size_t i = 0; i < n; i++) {
		if ((rc = load_one(names[i], a, &items[i], &id_locs[i], &out->publication, err)))
			goto out;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(items[j].id, items[i].id) != 0)
				continue;
			bp_error_at(err, id_locs[i].file, id_locs[i].line, id_locs[i].column);
			bp_error_detail(err, "first defined at %s:%ld:%ld",
			                id_locs[j].file, id_locs[j].line, id_locs[j].column);
			bp_error_hint(err, "every indicator needs an id of its own; rename one of them");
			rc = bp_fail(err, BP_ERR_CONFIG, "indicator id '%s' is already defined in %s",
			             items[i].id, id_locs[j].file);
			goto out;
		}
	}
	qsort(items, n, sizeof(*items), cmp_def);
	out->items = items;
	out->n = n;
out:
	free(id_locs);
	free(names);
	closedir(dh);
	return rc;
}

const bp_indicator_def *bp_indicator_find(const bp_indicator_set *set, const char *id)
{
	size_t lo = 0, hi = set ? set->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(set->items[mid].id, id);
		if (c == 0)
			return &set->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t bp_indicator_variables(const bp_indicator_def *d, bp_arena *a, const char ***codes)
{
	const char *texts[] = { d->numerator, d->denominator, d->value, d->base };
	size_t n = 0, cap = 8;
	const char **out = bp_arena_alloc(a, cap * sizeof(*out));
	for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++) {
		if (!texts[t])
			continue;
		bp_expr *e;
		size_t off;
		bp_error ignored = { 0 };
		const char **vars;
		size_t nv;
		/* Loaded definitions parse (bp_indicator_load_file checked them). */
		if (bp_expr_parse(texts[t], a, &e, &off, &ignored) != BP_OK)
			continue;
		bp_expr_variables(e, a, &vars, NULL, &nv);
		for (size_t i = 0; i < nv; i++) {
			int seen = 0;
			for (size_t j = 0; j < n && !seen; j++)
				seen = strcmp(out[j], vars[i]) == 0;
			if (seen)
				continue;
			if (n == cap) {
				const char **grown = bp_arena_alloc(a, 2 * cap * sizeof(*grown));
				memcpy(grown, out, n * sizeof(*out));
				out = grown;
				cap *= 2;
			}
			out[n++] = vars[i];
		}
	}
	*codes = out;
	return n;
}
