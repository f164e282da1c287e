#include "api/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

/* Dutch headers for the keys the resources use; others keep their key. */
static const char *const labels_nl[][2] = {
	{ "code", "code" }, { "name", "naam" }, { "level", "niveau" }, { "indeling_year", "indeling" },
	{ "parent", "ligt in" }, { "gemeente", "gemeente" }, { "gemeente_name", "naam gemeente" },
	{ "id", "indicator" }, { "title", "titel" }, { "theme", "thema" }, { "kind", "soort" }, { "unit", "eenheid" },
	{ "decimals", "decimalen" }, { "polarity", "richting" }, { "source", "bron" }, { "role", "rol" },
	{ "periods", "perioden" }, { "synthetic", "synthetisch" }, { "indicator", "indicator" },
	{ "area_code", "gebied" }, { "area_name", "naam gebied" }, { "area_level", "niveau" },
	{ "area_gemeente", "gemeente" }, { "period", "periode" }, { "value", "waarde" },
	{ "interval_low", "ondergrens 95%" }, { "interval_high", "bovengrens 95%" }, { "interval_level", "betrouwbaarheid" },
	{ "status", "status" }, { "suppressed_reason", "reden onderdrukt" }, { "estimate", "schatting" },
	{ "model_estimate", "modelschatting" },
	/* what the interval is, or why there is none (engine/interval_basis.h) */
	{ "interval_basis", "soort interval" }, { "interval_note", "toelichting interval" },
	{ "comparisons_land_reference", "referentie land" }, { "comparisons_land_reference_value", "waarde land" },
	{ "comparisons_land_difference", "verschil met land" }, { "comparisons_land_percentile", "percentiel (in verdeling)" },
	{ "comparisons_land_n_ranked", "gebieden gerangschikt (verdeling)" },
	{ "comparisons_land_worst_decile", "slechtste 10% (verdeling)" },
	{ "comparisons_land_not_ranked_reason", "reden niet gerangschikt (verdeling)" },
	{ "comparisons_land_min_ranked", "minimum gebieden voor percentiel (verdeling)" },
	{ "comparisons_land_scope_national", "landelijke verdeling" }, { "comparisons_land_scope_n", "gebieden in verdeling" },
	/* the percentile's distribution in words: never "(land)" over one monitor's areas */
	{ "comparisons_land_scope_description", "verdeling" },
	{ "comparisons_gemeente_reference", "referentie gemeente" },
	{ "comparisons_gemeente_reference_value", "waarde gemeente" },
	/* a reference that is a survey estimate too, with its own interval */
	{ "comparisons_gemeente_reference_interval", "95%-interval gemeente" },
	{ "comparisons_gemeente_reference_interval_low", "ondergrens 95% gemeente" },
	{ "comparisons_gemeente_reference_interval_high", "bovengrens 95% gemeente" },
	{ "comparisons_gemeente_reference_interval_level", "betrouwbaarheid gemeente" },
	{ "comparisons_land_reference_interval", "95%-interval land" },
	{ "comparisons_land_reference_interval_low", "ondergrens 95% land" },
	{ "comparisons_land_reference_interval_high", "bovengrens 95% land" },
	{ "comparisons_land_reference_interval_level", "betrouwbaarheid land" },
	{ "comparisons_gemeente_difference", "verschil met gemeente" },
	{ "comparisons_gemeente_percentile", "percentiel (gemeente)" },
	{ "comparisons_gemeente_n_ranked", "gebieden gerangschikt (gemeente)" },
	{ "comparisons_gemeente_worst_decile", "slechtste 10% (gemeente)" },
	{ "comparisons_gemeente_not_ranked_reason", "reden niet gerangschikt (gemeente)" },
	{ "comparisons_gemeente_min_ranked", "minimum gebieden voor percentiel (gemeente)" },
	{ "comparisons_previous_period_period", "vorige periode" },
	{ "comparisons_previous_period_reference_value", "waarde vorige periode" },
	{ "comparisons_previous_period_difference", "verandering" },
	{ "comparisons_previous_period_significant", "verandering significant" },
	{ "needs", "aantal aandachtspunten" }, { "items_indicator", "indicator" }, { "items_title", "titel" },
	{ "items_theme_rank", "rang thema" }, { "items_period", "periode" }, { "items_unit", "eenheid" },
	{ "items_value", "waarde" }, { "items_gemeente_value", "waarde gemeente" },
	{ "items_gemeente_interval", "95%-interval gemeente" },
	{ "items_gemeente_interval_low", "ondergrens 95% gemeente" },
	{ "items_gemeente_interval_high", "bovengrens 95% gemeente" },
	{ "items_gemeente_interval_level", "betrouwbaarheid gemeente" },
	{ "items_relative_worse", "relatief slechter" }, { "items_interval_low", "ondergrens 95%" },
	{ "items_interval_high", "bovengrens 95%" }, { "items_interval_level", "betrouwbaarheid" },
	{ "items_percentile_value", "percentiel" }, { "items_percentile_n", "gebieden in verdeling" },
	{ "items_percentile_national", "landelijke verdeling" },
	{ "items_percentile_min_ranked", "minimum gebieden voor percentiel" }, { "items_by_percentile", "door percentiel" },
	{ "items_by_gemeente", "door verschil met gemeente" }, { "items_change", "verandering" },
	{ "items_previous_period", "verandering sinds" }, { "items_change_significant", "verandering significant" },
	{ "items_uncertainty", "soort onzekerheid" },
	{ "items_interval_basis", "soort interval" }, { "items_interval_note", "toelichting interval" },
	{ "items_source", "bron" }, { "items_synthetic", "synthetisch" },
	{ "items_model_estimate", "modelschatting" }, { "items_decimals", "decimalen" },
	/* a figure on another indeling (issue 22) and its note */
	{ "translated", "omgerekend" }, { "from_indeling_year", "omgerekend van indeling" }, { "note", "toelichting" },
	/* an object that is null in every row stands as one column */
	{ "interval", "95%-interval" }, { "comparisons_land", "vergelijking land" },
	{ "comparisons_gemeente", "vergelijking gemeente" }, { "comparisons_previous_period", "vergelijking vorige periode" },
	/* composites */
	{ "composite", "index" }, { "rank", "plaats" }, { "n_ranked", "gebieden gerangschikt" },
	{ "rank_interval", "95%-interval plaats" }, { "rank_interval_low", "ondergrens plaats (95%)" },
	{ "rank_interval_high", "bovengrens plaats (95%)" }, { "rank_interval_level", "betrouwbaarheid plaats" },
	{ "rank_over_weightings_min", "hoogste plaats bij andere wegingen" },
	{ "rank_over_weightings_max", "laagste plaats bij andere wegingen" },
	{ "rank_over_weightings_max_shift", "grootste verschuiving bij andere wegingen" },
	/* interventions and experiences */
	{ "version", "versie" }, { "description", "beschrijving" }, { "start_date", "startdatum" },
	{ "end_date", "einddatum" }, { "example", "voorbeeld" }, { "targets", "doelgebieden" }, { "effects", "effecten" },
	{ "indicators_indicator", "indicator" }, { "indicators_direction", "beoogde richting" }, { "area", "gebied" },
	{ "date", "datum" }, { "text", "tekst" }, { "rating", "rapportcijfer" }, { "source_note", "herkomst" },
	{ "intervention", "interventie" },
};

typedef struct builder {
	bp_api_table *t;
	size_t cap_cols;
	int survey;           /* the first pass: only note which keys hold objects */
	size_t n_obj, cap_obj;
	char **obj_keys;      /* keys that are an object in some row (interval, ...) */
} builder;

static int is_obj_key(const builder *b, const char *key)
{
	for (size_t i = 0; i < b->n_obj; i++)
		if (strcmp(b->obj_keys[i], key) == 0)
			return 1;
	return 0;
}

static void note_obj_key(builder *b, const char *key)
{
	if (is_obj_key(b, key))
		return;
	if (b->n_obj == b->cap_obj) {
		b->cap_obj = b->cap_obj ? 2 * b->cap_obj : 16;
		b->obj_keys = bp_xrealloc(b->obj_keys, b->cap_obj * sizeof(*b->obj_keys));
	}
	b->obj_keys[b->n_obj++] = bp_xstrdup(key);
}

static size_t column(builder *b, const char *key)
{
	bp_api_table *t = b->t;
	for (size_t i = 0; i < t->n_cols; i++)
		if (strcmp(t->keys[i], key) == 0)
			return i;
	if (t->n_cols == b->cap_cols) {
		b->cap_cols = b->cap_cols ? 2 * b->cap_cols : 32;
		t->keys = bp_xrealloc(t->keys, b->cap_cols * sizeof(*t->keys));
		t->labels = bp_xrealloc(t->labels, b->cap_cols * sizeof(*t->labels));
		/* rows made so far get the new width when the table is finished */
	}
	t->keys[t->n_cols] = bp_xstrdup(key);
	t->labels[t->n_cols] = t->keys[t->n_cols];
	for (size_t i = 0; i < sizeof(labels_nl) / sizeof(labels_nl[0]); i++)
		if (strcmp(labels_nl[i][0], key) == 0)
			t->labels[t->n_cols] = labels_nl[i][1];
	return t->n_cols++;
}

/* A row under construction: (column, cell) pairs. */
typedef struct row {
	size_t n, cap;
	size_t *col;
	json_t **cell;
} row;

static void row_put(builder *b, row *r, const char *key, json_t *cell)
{
	/* A null where other rows have an object (an interval) is the absence
	 * of its columns, not a column of its own. */
	if (b->survey || (json_is_null(cell) && is_obj_key(b, key)))
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 32;
		r->col = bp_xrealloc(r->col, r->cap * sizeof(*r->col));
		r->cell = bp_xrealloc(r->cell, r->cap * sizeof(*r->cell));
	}
	r->col[r->n] = column(b, key);
	r->cell[r->n++] = cell;
}

/* The scalar cells of obj, nested objects flattened; the first array of
 * objects is returned for the caller to expand. */
static json_t *flatten(builder *b, row *r, const char *prefix, json_t *obj)
{
	json_t *expand = NULL;
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		char key[256];
		snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "_" : "", k);
		if (json_is_object(v)) {
			if (b->survey)
				note_obj_key(b, key);
			json_t *e = flatten(b, r, key, v);
			if (!expand)
				expand = e;
		} else if (json_is_array(v) && json_array_size(v) && json_is_object(json_array_get(v, 0))) {
			if (!expand)
				expand = v;
		} else if (json_is_array(v) && json_array_size(v) == 0) {
			continue;   /* no rows below (an area without needs), or an empty list */
		} else {
			row_put(b, r, key, v);
		}
	}
	return expand;
}

/* Rows are kept as (column, cell) pairs until every column is known. */
typedef struct rows {
	size_t n, cap;
	row *r;
} rows;

static void keep(rows *rs, const row *r)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 64;
		rs->r = bp_xrealloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	row *c = &rs->r[rs->n++];
	c->n = c->cap = r->n;
	c->col = bp_xmalloc((r->n + 1) * sizeof(*c->col));
	c->cell = bp_xmalloc((r->n + 1) * sizeof(*c->cell));
	memcpy(c->col, r->col, r->n * sizeof(*c->col));
	memcpy(c->cell, r->cell, r->n * sizeof(*c->cell));
}

/* The key under which obj holds the array sub (the prefix of its columns). */
static const char *key_of(json_t *obj, const json_t *sub)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
		if (v == sub)
			return k;
	return "items";
}

int bp_api_table_from(const json_t *body, bp_api_table *t)
{
	memset(t, 0, sizeof(*t));
	json_t *list = NULL;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)body, k, v) {
		if (json_is_array(v)) {
			list = v;
			break;
		}
	}
	if (!list)
		return 0;
	builder b = { t, 0, 1, 0, 0, NULL };
	rows rs = { 0 };
	row r = { 0 };
	size_t i;
	json_t *el;
	json_array_foreach(list, i, el) {
		if (json_is_object(el)) {
			json_t *sub = flatten(&b, &r, "", el);
			size_t j;
			json_t *se;
			json_array_foreach(sub, j, se)
				if (json_is_object(se))
					flatten(&b, &r, key_of(el, sub), se);
		}
	}
	b.survey = 0;
	json_array_foreach(list, i, el) {
		if (!json_is_object(el))
			continue;
		r.n = 0;
		json_t *sub = flatten(&b, &r, "", el);
		if (!sub || json_array_size(sub) == 0) {
			keep(&rs, &r);
			continue;
		}
		size_t parent_n = r.n, j;
		const char *prefix = key_of(el, sub);
		json_t *se;
		json_array_foreach(sub, j, se) {
			r.n = parent_n;
			if (json_is_object(se))
				flatten(&b, &r, prefix, se);
			keep(&rs, &r);
		}
	}
	free(r.col);
	free(r.cell);
	for (size_t o = 0; o < b.n_obj; o++)
		free(b.obj_keys[o]);
	free(b.obj_keys);
	t->n_rows = rs.n;
	t->cells = bp_xcalloc(rs.n + 1, sizeof(*t->cells));
	for (size_t ri = 0; ri < rs.n; ri++) {
		t->cells[ri] = bp_xcalloc(t->n_cols + 1, sizeof(**t->cells));
		for (size_t c = 0; c < rs.r[ri].n; c++)
			t->cells[ri][rs.r[ri].col[c]] = rs.r[ri].cell[c];
		free(rs.r[ri].col);
		free(rs.r[ri].cell);
	}
	free(rs.r);
	return 1;
}

void bp_api_table_free(bp_api_table *t)
{
	for (size_t i = 0; i < t->n_cols; i++)
		free(t->keys[i]);
	for (size_t i = 0; i < t->n_rows; i++)
		free(t->cells[i]);
	free(t->keys);
	free(t->labels);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

void bp_api_cell_list(const json_t *list, bp_buf *out)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (i)
			bp_buf_adds(out, ", ");
		if (json_is_string(e))
			bp_buf_adds(out, json_string_value(e));
	}
}

/* A JSON cell as the writers take it: a list (an indicator's periods) and
 * a yes/no as the text the CSV always had, numbers as they are. */
static bp_cell cell_of(const json_t *v, bp_arena *a)
{
	if (!v || json_is_null(v))
		return (bp_cell){ .kind = BP_CELL_EMPTY };
	if (json_is_string(v))
		return (bp_cell){ .kind = BP_CELL_TEXT, .text = json_string_value(v) };
	if (json_is_integer(v))
		return (bp_cell){ .kind = BP_CELL_INT, .i = (long long)json_integer_value(v) };
	if (json_is_real(v))
		return (bp_cell){ .kind = BP_CELL_REAL, .d = json_real_value(v) };
	if (json_is_boolean(v))
		return (bp_cell){ .kind = BP_CELL_TEXT, .text = json_is_true(v) ? "ja" : "nee" };
	if (json_is_array(v)) {
		bp_buf b;
		bp_buf_init(&b);
		bp_api_cell_list(v, &b);
		bp_cell c = { .kind = BP_CELL_TEXT, .text = bp_arena_strdup(a, b.data ? b.data : "") };
		bp_buf_release(&b);
		return c;
	}
	return (bp_cell){ .kind = BP_CELL_EMPTY };   /* an object: flattened into columns before */
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A column in the indicator's unit: the value, its interval, a reference's
 * value and the difference to it (not a percentile, a count or a rank); a
 * needs item's ("items_"): its value, interval, the gemeente's value and
 * interval and the change since the previous period (not relative_worse, a
 * fraction). */
static int in_unit(const char *key)
{
	if (strncmp(key, "items_", 6) == 0) {
		key += 6;
		if (strcmp(key, "gemeente_value") == 0 || strcmp(key, "gemeente_interval_low") == 0 ||
		    strcmp(key, "gemeente_interval_high") == 0 || strcmp(key, "change") == 0)
			return 1;
	}
	return strcmp(key, "value") == 0 || strcmp(key, "interval_low") == 0 || strcmp(key, "interval_high") == 0 ||
	       ends_with(key, "_reference_value") || ends_with(key, "_difference") ||
	       ends_with(key, "_reference_interval_low") || ends_with(key, "_reference_interval_high");
}

void bp_api_table_cells(const bp_api_table *t, bp_arena *a, bp_table *out)
{
	*out = (bp_table){ .n_cols = t->n_cols, .n_rows = t->n_rows, .labels = t->labels };
	out->cells = bp_arena_alloc(a, (t->n_rows + 1) * sizeof(*out->cells));
	size_t dec_col = t->n_cols;
	for (size_t c = 0; c < t->n_cols; c++)
		if (strcmp(t->keys[c], "decimals") == 0 || strcmp(t->keys[c], "items_decimals") == 0)
			dec_col = c;
	for (size_t r = 0; r < t->n_rows; r++) {
		out->cells[r] = bp_arena_alloc(a, (t->n_cols + 1) * sizeof(**out->cells));
		/* A row with its indicator's decimals (a value's) writes the figures in
		 * its unit with them, as the pages and the site's downloads do: a
		 * difference of two stored doubles has float noise in its 15th digit
		 * ("0,600000000000001" for 45,8 - 45,2) that no source gave. */
		const json_t *dc = dec_col < t->n_cols ? t->cells[r][dec_col] : NULL;
		long long dec = dc && json_is_integer(dc) ? json_integer_value(dc) : -1;
		for (size_t c = 0; c < t->n_cols; c++) {
			out->cells[r][c] = cell_of(t->cells[r][c], a);
			if (out->cells[r][c].kind == BP_CELL_REAL && dec >= 0 && dec <= 15 && in_unit(t->keys[c]))
				out->cells[r][c].places = (int)dec + 1;
		}
	}
}
