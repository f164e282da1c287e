#include "report/layout.h"

#include <string.h>

#include "core/fsutil.h"
#include "core/yamldoc.h"

static const char *const top_keys[] = { "report", "title", "charts", NULL };
static const char *const chart_keys[] = { "type", "indicator", "level", "references", "formats", NULL };
static const char *const chart_types[] = { "ranking", "map", "map_periods", NULL };   /* in the order of bp_chart_type */
static const char *const levels[] = { "wijk", "buurt", NULL };
static const char *const reference_names[] = { "gemeente", "land", NULL };
static const char *const format_names[] = { "png", "svg", "pdf", NULL };

static int is_name(const char *s, const char *rest)
{
	return s[0] >= 'a' && s[0] <= 'z' && strspn(s + 1, rest) == strlen(s + 1);
}

/*
 * Each item from a fixed list, at most once: a repeated reference would be
 * drawn twice, a repeated format written twice.
 */
static bp_rc check_list(const bp_yaml_doc *doc, const bp_yaml_node *chart, const char *key,
                        const char *what, const char *const *choices, bp_error *err)
{
	bp_yaml_node *seq = bp_yaml_map_get(doc, chart, key);
	size_t n = bp_yaml_seq_len(seq);
	int idx;
	bp_rc rc;

	for (size_t i = 0; i < n; i++) {
		bp_yaml_node *item = bp_yaml_seq_at(doc, seq, i);
		if ((rc = bp_yaml_choice(doc, item, what, choices, &idx, err)))
			return rc;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(bp_yaml_scalar(bp_yaml_seq_at(doc, seq, j)), bp_yaml_scalar(item)) == 0)
				return bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "%s '%s' is listed twice",
				                    what, bp_yaml_scalar(item));
		}
	}
	return BP_OK;
}

static bp_rc load_chart(const bp_yaml_doc *doc, const bp_yaml_node *m, bp_layout_chart *c, bp_error *err)
{
	const char **formats;
	size_t n_formats;
	int type, level;
	bp_rc rc;

	memset(c, 0, sizeof(*c));
	if ((rc = bp_yaml_expect(doc, m, BP_YAML_MAPPING, "each chart", err)) ||
	    (rc = bp_yaml_check_keys(doc, m, chart_keys, err)) ||
	    (rc = bp_yaml_req_choice(doc, m, "type", chart_types, &type, err)) ||
	    (rc = bp_yaml_req_str(doc, m, "indicator", &c->indicator, err)))
		return rc;
	if (!is_name(c->indicator, "abcdefghijklmnopqrstuvwxyz0123456789_")) {
		bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "indicator"), err, BP_ERR_CONFIG,
		             "invalid indicator id '%s'", c->indicator);
		bp_error_hint(err, "use the id: of a file in indicators/, e.g. aandeel_65_plus");
		return BP_ERR_CONFIG;
	}
	if ((rc = bp_yaml_req_choice(doc, m, "level", levels, &level, err)) ||
	    (rc = bp_yaml_opt_strlist(doc, m, "references", &c->references, &c->n_references, err)) ||
	    (rc = check_list(doc, m, "references", "reference", reference_names, err)) ||
	    (rc = bp_yaml_req_strlist(doc, m, "formats", &formats, &n_formats, err)) ||
	    (rc = check_list(doc, m, "formats", "format", format_names, err)))
		return rc;
	if (n_formats == 0) {
		bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "formats"), err, BP_ERR_CONFIG,
		             "'formats' lists no format");
		bp_error_hint(err, "name at least one of png, svg, pdf");
		return BP_ERR_CONFIG;
	}
	c->type = (bp_chart_type)type;
	c->level = levels[level];
	for (size_t i = 0; i < n_formats; i++) {
		c->want_png |= strcmp(formats[i], "png") == 0;
		c->want_svg |= strcmp(formats[i], "svg") == 0;
		c->want_pdf |= strcmp(formats[i], "pdf") == 0;
	}
	c->loc.file = bp_yaml_path(doc);
	c->loc.line = bp_yaml_line(m);
	c->loc.column = bp_yaml_column(m);
	return BP_OK;
}

static bp_rc load_charts(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_arena *a,
                         bp_layout *l, bp_error *err)
{
	bp_yaml_node *seq = bp_yaml_map_get(doc, root, "charts");
	bp_rc rc;

	if (!seq)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'charts'");
	if ((rc = bp_yaml_expect(doc, seq, BP_YAML_SEQUENCE, "'charts'", err)))
		return rc;
	size_t n = bp_yaml_seq_len(seq);
	if (n == 0)
		return bp_yaml_fail(doc, seq, err, BP_ERR_CONFIG, "'charts' lists no chart");
	l->charts = bp_arena_alloc(a, n * sizeof(*l->charts));
	for (size_t i = 0; i < n; i++) {
		bp_layout_chart *c = &l->charts[i];
		if ((rc = load_chart(doc, bp_yaml_seq_at(doc, seq, i), c, err)))
			return rc;
		/* Two charts of one indicator and level would be written to one file name. */
		for (size_t j = 0; j < i; j++) {
			const bp_layout_chart *p = &l->charts[j];
			if (p->type == c->type && !strcmp(p->indicator, c->indicator) && !strcmp(p->level, c->level)) {
				bp_yaml_fail(doc, bp_yaml_seq_at(doc, seq, i), err, BP_ERR_CONFIG,
				             "a %s of '%s' per %s is already in this layout",
				             chart_types[c->type], c->indicator, c->level);
				bp_error_detail(err, "first at line %ld, column %ld", p->loc.line, p->loc.column);
				return BP_ERR_CONFIG;
			}
		}
	}
	l->n_charts = n;
	return BP_OK;
}

const bp_indicator_def *bp_layout_indicator(const bp_layout_chart *lc, const bp_indicator_set *set, bp_error *err)
{
	const bp_indicator_def *d = bp_indicator_find(set, lc->indicator);
	if (!d) {
		bp_error_at(err, lc->loc.file, lc->loc.line, lc->loc.column);
		bp_fail(err, BP_ERR_CONFIG, "the layout names indicator '%s', which is not defined", lc->indicator);
		bp_error_hint(err, "define it in indicators/%s.yaml or correct the layout", lc->indicator);
	}
	return d;
}

bp_rc bp_layout_load(const char *charts_dir, const char *report, bp_arena *a,
                     bp_layout *out, bp_error *err)
{
	bp_layout l;
	bp_yaml_doc *doc;
	const char *report_in_file;
	bp_rc rc;

	memset(&l, 0, sizeof(l));
	/* The name becomes part of a path: nothing that could leave charts_dir. */
	if (!report || !is_name(report, "abcdefghijklmnopqrstuvwxyz0123456789_-")) {
		bp_error_at(err, charts_dir, 0, 0);
		return bp_fail(err, BP_ERR_USAGE, "invalid report type '%s'", report ? report : "");
	}
	const char *path = bp_path_join(a, charts_dir, bp_arena_printf(a, "%s.yaml", report));
	if ((rc = bp_yaml_load_file(path, a, &doc, err))) {
		if (rc == BP_ERR_IO)
			bp_error_hint(err, "a report of type '%s' needs a layout file %s", report, path);
		return rc;
	}
	bp_yaml_node *root = bp_yaml_root(doc);
	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "a report layout", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, top_keys, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "report", &report_in_file, err)))
		return rc;
	/* A copied file whose report: was not updated would silently stand in for another report. */
	if (strcmp(report_in_file, report) != 0) {
		bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "report"), err, BP_ERR_CONFIG,
		             "this layout is for report '%s', but the file is %s.yaml", report_in_file, report);
		bp_error_hint(err, "write report: %s, or rename the file", report);
		return BP_ERR_CONFIG;
	}
	if ((rc = bp_yaml_req_str(doc, root, "title", &l.title, err)))
		return rc;
	if (!l.title[0])
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "title"), err, BP_ERR_CONFIG,
		                    "'title' must not be empty");
	if ((rc = load_charts(doc, root, a, &l, err)))
		return rc;
	l.report = report_in_file;
	l.loc.file = bp_yaml_path(doc);
	l.loc.line = bp_yaml_line(root);
	l.loc.column = bp_yaml_column(root);
	*out = l;
	return BP_OK;
}
