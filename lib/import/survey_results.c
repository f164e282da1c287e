/*
 * survey_results.c: area-level survey results from CSV (see the header), a
 * preset of `import table`: the mapping is read in its own format and
 * turned into a table mapping of the long form (topic = the indicator
 * column, bounds and respondents on the row), which table.c loads.
 */
#include "import/survey_results.h"

#include <string.h>

#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "import/areacode.h"
#include "import/table.h"
#include "import/table_mapping.h"

/* ------------------------------------------------------------------ mapping */

static bp_rc one_char(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      const char *const *choices, const char *values, char *out, bp_error *err)
{
	if (!bp_yaml_map_get(doc, map, key) || bp_yaml_is_null(bp_yaml_map_get(doc, map, key)))
		return BP_OK;
	int i;
	bp_rc rc = bp_yaml_req_choice(doc, map, key, choices, &i, err);
	if (rc == BP_OK)
		*out = values[i];
	return rc;
}

bp_rc bp_results_mapping_load(const char *path, bp_arena *a, bp_results_mapping **out, bp_error *err)
{
	static const char *const top_keys[] = { "survey", "csv", "columns", "area", "indicators", NULL };
	static const char *const survey_keys[] = { "name", "title", "period", "publisher", "licence", NULL };
	static const char *const csv_keys[] = { "separator", "decimal", "suppressed", NULL };
	static const char *const col_keys[] = { "area", "period", "indicator", "value", "respondents",
	                                        "lower", "upper", NULL };
	static const char *const area_keys[] = { "indeling_year", NULL };
	static const char *const ind_keys[] = { "variable", "title", "unit", "decimals", NULL };
	static const char *const seps[] = { ";", ",", "tab", NULL };
	static const char *const decs[] = { ".", ",", NULL };
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	bp_results_mapping *m = bp_arena_alloc(a, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->path = bp_arena_strdup(a, path);
	m->sep = ';';
	m->decimal = '.';
	const bp_yaml_node *root = bp_yaml_root(doc);
	if ((rc = bp_yaml_check_keys(doc, root, top_keys, err)))
		return rc;

	const bp_yaml_node *s = bp_yaml_map_get(doc, root, "survey");
	if (!s)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'survey'");
	if ((rc = bp_yaml_check_keys(doc, s, survey_keys, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "name", &m->name, err)) ||
	    (rc = bp_yaml_opt_str(doc, s, "title", m->name, &m->title, err)) ||
	    (rc = bp_yaml_opt_str(doc, s, "period", NULL, &m->period, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "publisher", &m->publisher, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "licence", &m->licence, err)))
		return rc;

	const bp_yaml_node *c = bp_yaml_map_get(doc, root, "csv");
	if (c && !bp_yaml_is_null(c)) {
		if ((rc = bp_yaml_check_keys(doc, c, csv_keys, err)) ||
		    (rc = one_char(doc, c, "separator", seps, ";,\t", &m->sep, err)) ||
		    (rc = one_char(doc, c, "decimal", decs, ".,", &m->decimal, err)) ||
		    (rc = bp_yaml_opt_strlist(doc, c, "suppressed", &m->suppressed, &m->n_suppressed, err)))
			return rc;
		if (m->sep == m->decimal)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, c, "decimal"), err, BP_ERR_CONFIG,
			                    "the decimal separator is also the field separator");
	}

	const bp_yaml_node *cols = bp_yaml_map_get(doc, root, "columns");
	if (!cols)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'columns'");
	if ((rc = bp_yaml_check_keys(doc, cols, col_keys, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "area", &m->col_area, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "period", NULL, &m->col_period, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "indicator", &m->col_indicator, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "value", &m->col_value, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "respondents", NULL, &m->col_respondents, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "lower", NULL, &m->col_lower, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "upper", NULL, &m->col_upper, err)))
		return rc;
	if (!m->col_period && !m->period)
		return bp_yaml_fail(doc, s, err, BP_ERR_CONFIG,
		                    "no period: give survey.period or a period column (columns.period)");

	const bp_yaml_node *ar = bp_yaml_map_get(doc, root, "area");
	if (!ar)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'area'");
	long year;
	if ((rc = bp_yaml_check_keys(doc, ar, area_keys, err)) ||
	    (rc = bp_yaml_req_int(doc, ar, "indeling_year", 1900, 2100, &year, err)))
		return rc;
	m->indeling_year = (int)year;

	const bp_yaml_node *inds = bp_yaml_map_get(doc, root, "indicators");
	if (!inds)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'indicators'");
	if ((rc = bp_yaml_expect(doc, inds, BP_YAML_MAPPING, "'indicators'", err)))
		return rc;
	m->n_indicators = bp_yaml_map_len(inds);
	if (m->n_indicators == 0)
		return bp_yaml_fail(doc, inds, err, BP_ERR_CONFIG, "no indicators are mapped");
	m->indicators = bp_arena_alloc(a, m->n_indicators * sizeof(*m->indicators));
	for (size_t i = 0; i < m->n_indicators; i++) {
		bp_results_indicator *ind = &m->indicators[i];
		const bp_yaml_node *k = bp_yaml_map_key_at(doc, inds, i);
		const bp_yaml_node *v = bp_yaml_map_value_at(doc, inds, i);
		ind->name = bp_yaml_scalar(k);
		ind->line = bp_yaml_line(k);
		ind->column = bp_yaml_column(k);
		if (!v || bp_yaml_is_null(v))
			return bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "indicator '%s' has no variable", ind->name);
		if ((rc = bp_yaml_check_keys(doc, v, ind_keys, err)) ||
		    (rc = bp_yaml_req_str(doc, v, "variable", &ind->variable, err)) ||
		    (rc = bp_yaml_opt_str(doc, v, "title", ind->name, &ind->title, err)) ||
		    (rc = bp_yaml_opt_str(doc, v, "unit", NULL, &ind->unit, err)) ||
		    (rc = bp_yaml_opt_int(doc, v, "decimals", 0, 10, -1, &ind->decimals, err)))
			return rc;
		/* Two names for one variable would make two cells of one key. */
		for (size_t j = 0; j < i; j++)
			if (strcmp(m->indicators[j].variable, ind->variable) == 0)
				return bp_yaml_fail(doc, bp_yaml_map_get(doc, v, "variable"), err, BP_ERR_CONFIG,
				                    "variable '%s' is mapped from '%s' and '%s'", ind->variable,
				                    m->indicators[j].name, ind->name);
	}
	*out = m;
	return BP_OK;
}

/* ------------------------------------------------------------------ the preset */

/*
 * The results mapping as a table mapping.  What survey-results always
 * meant is kept: an empty cell, '.' and the mapping's suppressed texts are
 * "unknown or secret"; an indicator the mapping does not name and a code
 * that is no gemeente, wijk or buurt are errors; every bad row is listed
 * (each up to its first problem) and nothing is loaded; the source is
 * cited with the survey's name as its table; the vintage is the file's
 * bytes alone (no mapping bytes: a reworded title is not a new vintage).
 */
static void as_table(const bp_results_mapping *m, bp_arena *a, bp_table_mapping *t)
{
	memset(t, 0, sizeof(*t));
	t->path = m->path;
	t->arena = a;
	t->importer = "survey-results";
	t->publisher = m->publisher;
	t->table_id = m->name;
	t->title = m->title;
	t->licence = m->licence;
	t->indeling = m->indeling_year;
	if (m->col_period)
		t->period_column = m->col_period;
	else
		t->period = m->period;
	t->sep = m->sep;
	t->decimal_comma = m->decimal == ',';
	t->area_by = BP_TABLE_AREA_CODE;
	t->area_column = m->col_area;
	t->area_level = BP_LEVEL_GEMEENTE;
	t->other_error = 1;
	t->strict_topics = 1;
	t->collect = 1;
	const char **unknown = bp_arena_alloc(a, (m->n_suppressed + 2) * sizeof(*unknown));
	unknown[0] = "";
	unknown[1] = ".";
	for (size_t i = 0; i < m->n_suppressed; i++)
		unknown[2 + i] = m->suppressed[i];
	t->unknown = unknown;
	t->n_unknown = m->n_suppressed + 2;
	t->topic_column = m->col_indicator;
	t->value_column = m->col_value;
	t->lower_column = m->col_lower;
	t->upper_column = m->col_upper;
	t->respondents_column = m->col_respondents;
	t->n_measures = m->n_indicators;
	t->measures = bp_arena_alloc(a, m->n_indicators * sizeof(*t->measures));
	for (size_t i = 0; i < m->n_indicators; i++) {
		const bp_results_indicator *ind = &m->indicators[i];
		bp_table_measure *f = &t->measures[i];
		memset(f, 0, sizeof(*f));
		f->column = ind->name;
		f->variable = ind->variable;
		f->title = ind->title;
		f->unit = ind->unit;
		f->decimals = (int)ind->decimals;
		f->line = ind->line;
		f->col = ind->column;
	}
}

bp_rc bp_import_survey_results(PGconn *conn, const bp_survey_results_options *opt,
                               bp_survey_results_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	bp_results_mapping *m = NULL;
	bp_table_mapping t;
	bp_table_result r;
	bp_rc rc = bp_results_mapping_load(opt->mapping_path, a, &m, err);
	if (rc == BP_OK) {
		as_table(m, a, &t);
		rc = bp_import_table_mapped(conn, opt->path, &t, a, &r, err);
		res->problems = r.problems;
	}
	if (rc == BP_OK) {
		res->already_loaded = r.base.already_loaded;
		res->source_id = r.base.source_id;
		res->rows = r.base.rows;
		res->observations = r.base.observations;
		res->suppressed = r.unknown;
		res->intervals = r.intervals;
	}
	bp_arena_free(a);
	return rc;
}
