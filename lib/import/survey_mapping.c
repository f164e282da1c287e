/* survey_mapping.c: surveys/NAME.yaml -> bp_survey_mapping (see the header). */
#include "import/survey_mapping.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/lang.h"
#include "core/yamldoc.h"

/* A whole number written plain; quoted "5" is text and refused, as yamldoc does. */
static bp_rc code_of(const bp_yaml_doc *doc, const bp_yaml_node *n, long *out, bp_error *err)
{
	const char *s = bp_yaml_scalar(n);
	if (!s || !*s)
		return bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "expected an answer code (a whole number), found %s",
		                    bp_yaml_describe(n));
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end)
		return bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "answer code '%s' is not a whole number", s);
	*out = v;
	return BP_OK;
}

/* A list of codes ([1, 2] or one per line) appended to codes[*n]. */
static bp_rc code_list(const bp_yaml_doc *doc, const bp_yaml_node *seq, const char *what,
                       long *codes, size_t *n, bp_error *err)
{
	if (!seq || bp_yaml_is_null(seq))
		return BP_OK;
	bp_rc rc = bp_yaml_expect(doc, seq, BP_YAML_SEQUENCE, what, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < bp_yaml_seq_len(seq); i++) {
		const bp_yaml_node *it = bp_yaml_seq_at(doc, seq, i);
		long v = 0;
		if ((rc = code_of(doc, it, &v, err)))
			return rc;
		if (*n >= BP_SURVEY_MAX_CODES)
			return bp_yaml_fail(doc, it, err, BP_ERR_CONFIG, "more than %d codes in %s",
			                    BP_SURVEY_MAX_CODES, what);
		codes[(*n)++] = v;
	}
	return BP_OK;
}

static int has_code(const long *codes, size_t n, long v)
{
	for (size_t i = 0; i < n; i++)
		if (codes[i] == v)
			return 1;
	return 0;
}

static bp_rc is_date(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                     const char **out, bp_error *err)
{
	bp_rc rc = bp_yaml_opt_str(doc, map, key, NULL, out, err);
	if (rc || !*out)
		return rc;
	const char *s = *out;
	int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			ok = 0;
	if (!ok)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, map, key), err, BP_ERR_CONFIG,
		                    "'%s' must be a date written YYYY-MM-DD, found '%s'", key, s);
	return BP_OK;
}

static bp_rc load_question(const bp_yaml_doc *doc, const bp_yaml_node *qn, bp_survey_mapping *m,
                           const long *global_missing, size_t n_global, bp_survey_question *q,
                           bp_arena *a, bp_error *err)
{
	static const char *const keys[] = { "variable", "label", "theme", "categories", "missing", NULL };
	bp_rc rc = bp_yaml_check_keys(doc, qn, keys, err);
	if (rc)
		return rc;
	q->line = bp_yaml_line(qn);
	q->column = bp_yaml_column(qn);
	if ((rc = bp_yaml_req_str(doc, qn, "variable", &q->variable, err)) ||
	    (rc = bp_yaml_opt_str(doc, qn, "label", NULL, &q->label, err)) ||
	    (rc = bp_yaml_opt_str(doc, qn, "theme", NULL, &q->theme, err)))
		return rc;
	for (size_t i = 0; i < m->n_questions; i++)
		if (strcmp(m->questions[i].variable, q->variable) == 0)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, qn, "variable"), err, BP_ERR_CONFIG,
			                    "question '%s' is mapped twice", q->variable);
	if ((rc = code_list(doc, bp_yaml_map_get(doc, qn, "missing"), "'missing'", q->missing, &q->n_missing, err)))
		return rc;
	for (size_t i = 0; i < n_global; i++)
		if (!has_code(q->missing, q->n_missing, global_missing[i]) && q->n_missing < BP_SURVEY_MAX_CODES)
			q->missing[q->n_missing++] = global_missing[i];

	const bp_yaml_node *cats = bp_yaml_map_get(doc, qn, "categories");
	if (!cats)
		return bp_yaml_fail(doc, qn, err, BP_ERR_CONFIG, "question '%s' has no 'categories'", q->variable);
	if ((rc = bp_yaml_expect(doc, cats, BP_YAML_MAPPING, "'categories'", err)))
		return rc;
	q->n_categories = bp_yaml_map_len(cats);
	if (q->n_categories == 0)
		return bp_yaml_fail(doc, cats, err, BP_ERR_CONFIG, "question '%s' has no categories", q->variable);
	q->categories = bp_arena_alloc(a, q->n_categories * sizeof(*q->categories));
	for (size_t i = 0; i < q->n_categories; i++) {
		bp_survey_category *c = &q->categories[i];
		const bp_yaml_node *k = bp_yaml_map_key_at(doc, cats, i);
		const bp_yaml_node *v = bp_yaml_map_value_at(doc, cats, i);
		c->name = bp_yaml_scalar(k);
		if (!v || bp_yaml_is_null(v))
			return bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "category '%s' has no codes", c->name);
		if ((rc = code_list(doc, v, "a category", c->codes, &c->n_codes, err)))
			return rc;
		if (c->n_codes == 0)
			return bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "category '%s' has no codes", c->name);
		/* A code in two categories, or both answer and missing, would count twice or vanish. */
		for (size_t j = 0; j < c->n_codes; j++) {
			const bp_yaml_node *it = bp_yaml_seq_at(doc, v, j);
			if (has_code(q->missing, q->n_missing, c->codes[j]))
				return bp_yaml_fail(doc, it, err, BP_ERR_CONFIG,
				                    "code %ld of question '%s' is both a category and a missing code",
				                    c->codes[j], q->variable);
			for (size_t p = 0; p < i; p++)
				if (has_code(q->categories[p].codes, q->categories[p].n_codes, c->codes[j]))
					return bp_yaml_fail(doc, it, err, BP_ERR_CONFIG,
					                    "code %ld of question '%s' is in categories '%s' and '%s'",
					                    c->codes[j], q->variable, q->categories[p].name, c->name);
			if (has_code(c->codes, j, c->codes[j]))
				return bp_yaml_fail(doc, it, err, BP_ERR_CONFIG, "code %ld is listed twice", c->codes[j]);
		}
	}
	return BP_OK;
}

bp_rc bp_survey_mapping_load(const char *path, bp_arena *a, bp_survey_mapping **out, bp_error *err)
{
	static const char *const top_keys[] = { "survey", "columns", "area", "missing", "questions", NULL };
	static const char *const survey_keys[] = { "name", "title", "period", "fieldwork", "publisher", "licence", NULL };
	static const char *const fw_keys[] = { "start", "end", NULL };
	static const char *const col_keys[] = { "respondent", "area", "weight", NULL };
	static const char *const area_keys[] = { "indeling_year", "codes", "lookup", NULL };
	static const char *const code_kinds[] = { "cbs", "lookup", NULL };
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	bp_survey_mapping *m = bp_arena_alloc(a, sizeof(*m));
	m->path = bp_arena_strdup(a, path);
	if ((rc = bp_file_sha256(path, m->hash, err)))
		return rc;
	const bp_yaml_node *root = bp_yaml_root(doc);
	if ((rc = bp_yaml_check_keys(doc, root, top_keys, err)))
		return rc;

	const bp_yaml_node *s = bp_yaml_map_get(doc, root, "survey");
	if (!s)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'survey'");
	if ((rc = bp_yaml_check_keys(doc, s, survey_keys, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "name", &m->name, err)) ||
	    (rc = bp_yaml_opt_str(doc, s, "title", m->name, &m->title, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "period", &m->period, err)) ||
	    (rc = bp_yaml_opt_str(doc, s, "publisher", BP_SURVEY_PUBLISHER_NL, &m->publisher, err)) ||
	    (rc = bp_yaml_opt_str(doc, s, "licence", BP_SURVEY_LICENCE_NL, &m->licence, err)))
		return rc;
	const bp_yaml_node *fw = bp_yaml_map_get(doc, s, "fieldwork");
	if (fw && !bp_yaml_is_null(fw)) {
		if ((rc = bp_yaml_check_keys(doc, fw, fw_keys, err)) ||
		    (rc = is_date(doc, fw, "start", &m->fieldwork_start, err)) ||
		    (rc = is_date(doc, fw, "end", &m->fieldwork_end, err)))
			return rc;
		if (m->fieldwork_start && m->fieldwork_end && strcmp(m->fieldwork_start, m->fieldwork_end) > 0)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, fw, "end"), err, BP_ERR_CONFIG,
			                    "fieldwork ends (%s) before it starts (%s)", m->fieldwork_end, m->fieldwork_start);
	}

	const bp_yaml_node *cols = bp_yaml_map_get(doc, root, "columns");
	if (!cols)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'columns'");
	if ((rc = bp_yaml_check_keys(doc, cols, col_keys, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "respondent", &m->col_respondent, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "area", &m->col_area, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "weight", NULL, &m->col_weight, err)))
		return rc;

	const bp_yaml_node *ar = bp_yaml_map_get(doc, root, "area");
	if (!ar)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'area'");
	long year;
	int kind;
	if ((rc = bp_yaml_check_keys(doc, ar, area_keys, err)) ||
	    (rc = bp_yaml_req_int(doc, ar, "indeling_year", 1900, 2100, &year, err)) ||
	    (rc = bp_yaml_req_choice(doc, ar, "codes", code_kinds, &kind, err)))
		return rc;
	m->indeling_year = (int)year;
	m->area_lookup = kind == 1;
	const bp_yaml_node *lk = bp_yaml_map_get(doc, ar, "lookup");
	if (m->area_lookup) {
		if (!lk)
			return bp_yaml_fail(doc, ar, err, BP_ERR_CONFIG, "'codes: lookup' needs a 'lookup' table");
		if ((rc = bp_yaml_expect(doc, lk, BP_YAML_MAPPING, "'lookup'", err)))
			return rc;
		m->n_lookup = bp_yaml_map_len(lk);
		m->lookup = bp_arena_alloc(a, (m->n_lookup + 1) * sizeof(*m->lookup));
		for (size_t i = 0; i < m->n_lookup; i++) {
			const bp_yaml_node *v = bp_yaml_map_value_at(doc, lk, i);
			m->lookup[i].key = bp_yaml_scalar(bp_yaml_map_key_at(doc, lk, i));
			m->lookup[i].code = bp_yaml_scalar(v);
			if (!m->lookup[i].code || !*m->lookup[i].code)
				return bp_yaml_fail(doc, v, err, BP_ERR_CONFIG, "lookup '%s' needs a CBS code, found %s",
				                    m->lookup[i].key, bp_yaml_describe(v));
		}
	} else if (lk) {
		return bp_yaml_fail(doc, lk, err, BP_ERR_CONFIG, "'lookup' is only read with 'codes: lookup'");
	}

	long global_missing[BP_SURVEY_MAX_CODES];
	size_t n_global = 0;
	if ((rc = code_list(doc, bp_yaml_map_get(doc, root, "missing"), "'missing'", global_missing, &n_global, err)))
		return rc;

	const bp_yaml_node *qs = bp_yaml_map_get(doc, root, "questions");
	if (!qs)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'questions'");
	if ((rc = bp_yaml_expect(doc, qs, BP_YAML_SEQUENCE, "'questions'", err)))
		return rc;
	size_t nq = bp_yaml_seq_len(qs);
	if (nq == 0)
		return bp_yaml_fail(doc, qs, err, BP_ERR_CONFIG, "'questions' is empty");
	m->questions = bp_arena_alloc(a, nq * sizeof(*m->questions));
	for (size_t i = 0; i < nq; i++) {
		rc = load_question(doc, bp_yaml_seq_at(doc, qs, i), m, global_missing, n_global,
		                   &m->questions[i], a, err);
		if (rc)
			return rc;
		m->n_questions++;
	}
	*out = m;
	return BP_OK;
}

int bp_survey_is_missing(const bp_survey_question *q, long code)
{
	return has_code(q->missing, q->n_missing, code);
}

int bp_survey_category_of(const bp_survey_question *q, long code)
{
	for (size_t i = 0; i < q->n_categories; i++)
		if (has_code(q->categories[i].codes, q->categories[i].n_codes, code))
			return (int)i;
	return -1;
}
