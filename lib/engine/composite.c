/*
 * composite.c: composite indices from indicator values: definitions, and
 * each composite's transaction.
 *
 * Per composite, for every area (not Nederland), level, indeling and
 * period: the normalised score of each component, then the weighted
 * aggregate under every weighting scheme, and ranks, computed in C from
 * one read of the components' values (composite_calc.c) and written to
 * bp.indicator_value and bp.composite_score (the view bp.composite_rank).
 * The steps, as in the OECD/JRC Handbook:
 *
 *   orientation  every component is turned so that higher means "more of
 *                the index's direction": x' = s x with s = +1 when the
 *                component's polarity equals the index's, else -1.
 *   normalise    among the areas with a value of the same level, indeling,
 *                period (and draw):
 *                  z-score     (x' - mean) / population sd (0 when sd = 0)
 *                  min-max     100 (x' - min) / (max - min) (50 when max = min)
 *                  percentile  100 x percent_rank of x' (ties: lowest rank)
 *                  index       100 + s x 100 (x - r) / |r|, r the reference
 *                              area's value (default NL00) in the base period
 *                              (default: the same period), as Rotterdam's
 *                              Wijkprofiel (100 = the city in the base year);
 *                              for s = +1 that is 100 x / r.
 *   aggregate    arithmetic: sum(w score) / sum(w) over the components with a
 *                value.  exponential (English Indices of Deprivation 2019,
 *                technical report, section 3.8): per component the need rank
 *                R = cume_dist by need (1/N least need ... 1 most need), then
 *                X = -23 ln(1 - R (1 - exp(-100/23))), which stretches the
 *                worst tail so that much need on one component is not
 *                cancelled by little need on another; A = sum(w X) / sum(w)
 *                is a need score (0..100), and the index is A for a
 *                higher-is-worse index, 100 - A for a higher-is-better one.
 *                The exponential transformation uses ranks by definition, so
 *                it takes normalisation: percentile.
 *   coverage     components with a value / components with a weight > 0;
 *                below min_coverage no value (suppressed_reason low_coverage).
 *                The weights of the present components are renormalised.
 *   flat         a component whose values in a level, indeling and period
 *                cannot be normalised (one area, or every area the same:
 *                no spread) gets the score above (0, 50, ...), which says
 *                nothing about the area; an area whose every weighted
 *                component is flat there has no value (suppressed_reason
 *                too_few_to_normalise, "te weinig gebieden met verschillende
 *                waarden om te normaliseren"), no interval and no rank,
 *                rather than a 0 with [0, 0] (a custom area alone in its
 *                level, a monitor's one gemeente).  index is never flat: it
 *                compares with the reference, not with the other areas.
 *   rank         1 = most need (lowest value of a higher-is-better index),
 *                ties share the lowest rank, among the areas with a value of
 *                the same level, indeling and period.
 *   translated   where an area has no native value of a component in a
 *                period, the value a crosswalk or drawn area's overlay
 *                carried into its indeling (same period; native wins).  A
 *                composite built from one is a translated value
 *                (bp.indicator_value_translated, method 'composite', the
 *                components' note), normalised and ranked only among the
 *                areas of its level, indeling and period whose composite is
 *                translated too: never against native values, which have
 *                comparisons that translated values do not.
 *   schemes      'configured', 'equal' (every weight 1) and 'without:<id>'
 *                per component (the configured weights of the others); only
 *                with two or more components.
 *   simulation   only when some component value has a 95% interval: draw d
 *                = 1..draws replaces each such value x by x + se z, se =
 *                (ci_high - ci_low) / (2 x 1.96) and z a standard normal from
 *                Box-Muller over hashtextextended(area/period/component/d,
 *                seed): reproducible for a seed, independent of the order in
 *                which PostgreSQL visits rows (random() with setseed() would
 *                not be under parallel plans).  Each draw is normalised and
 *                ranked again; the value's and the rank's 2.5 and 97.5 %
 *                quantiles over the draws are the intervals (ci_low/ci_high
 *                of the value, rank_low/rank_high in bp.composite_rank).
 */
#include "engine/composite.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "db/bulkindex.h"
#include "db/pgutil.h"
#include "engine/composite_calc.h"
#include "core/yamldir.h"

static const char *const keys[] = {
	"id", "title", "description", "theme", "polarity", "normalisation", "index", "aggregation",
	"min_coverage", "components", "uncertainty", "unit", "decimals", "source", NULL
};
static const char *const component_keys[] = { "indicator", "weight", "polarity", NULL };
static const char *const themes[] = {
	"sociale-veerkracht", "participatie", "demografie", "sociaal-economisch",
	"zorg-en-gezondheid", "voorzieningen", NULL
};
/* In the order of bp_polarity (neutral first, refused for an index). */
static const char *const polarities[] = { "neutral", "higher-is-better", "higher-is-worse", NULL };
static const char *const normalisations[] = { "z-score", "min-max", "percentile", "index", NULL };
static const char *const aggregations[] = { "arithmetic", "exponential", NULL };

const char *bp_normalisation_name(bp_normalisation n)
{
	return (size_t)n < 4 ? normalisations[n] : "unknown";
}

const char *bp_aggregation_name(bp_aggregation a)
{
	return (size_t)a < 2 ? aggregations[a] : "unknown";
}

static bp_srcloc loc_of(const bp_yaml_doc *doc, const bp_yaml_node *n)
{
	bp_srcloc l = { bp_yaml_path(doc), bp_yaml_line(n), bp_yaml_column(n), BP_TEXT_PLAIN };
	return l;
}

static int id_ok(const char *s)
{
	return s[0] >= 'a' && s[0] <= 'z' && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

static bp_rc parse_components(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_composite_def *d, bp_error *err)
{
	bp_yaml_node *cs = bp_yaml_map_get(doc, root, "components");
	bp_arena *a = bp_yaml_arena(doc);
	bp_rc rc;
	if (!cs)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'components'");
	if ((rc = bp_yaml_expect(doc, cs, BP_YAML_SEQUENCE, "'components'", err)))
		return rc;
	d->n_components = bp_yaml_seq_len(cs);
	if (d->n_components == 0)
		return bp_yaml_fail(doc, cs, err, BP_ERR_CONFIG, "'components' must list at least one indicator");
	d->components = bp_arena_alloc(a, d->n_components * sizeof(*d->components));
	memset(d->components, 0, d->n_components * sizeof(*d->components));
	double total = 0;
	for (size_t i = 0; i < d->n_components; i++) {
		bp_composite_component *c = &d->components[i];
		bp_yaml_node *n = bp_yaml_seq_at(doc, cs, i);
		int pol = 0;
		if ((rc = bp_yaml_expect(doc, n, BP_YAML_MAPPING, "each component", err)) ||
		    (rc = bp_yaml_check_keys(doc, n, component_keys, err)) ||
		    (rc = bp_yaml_req_str(doc, n, "indicator", &c->indicator, err)) ||
		    (rc = bp_yaml_opt_double(doc, n, "weight", 1.0, &c->weight, err)))
			return rc;
		c->loc = loc_of(doc, bp_yaml_map_get(doc, n, "indicator"));
		if (c->weight < 0)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, "weight"), err, BP_ERR_CONFIG,
			                    "a weight must be 0 or more");
		total += c->weight;
		if (bp_yaml_map_get(doc, n, "polarity")) {
			if ((rc = bp_yaml_req_choice(doc, n, "polarity", polarities, &pol, err)))
				return rc;
			if (pol == BP_POLARITY_NEUTRAL)
				return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, "polarity"), err, BP_ERR_CONFIG,
				                    "a component needs a direction: higher-is-better or higher-is-worse");
			c->polarity = (bp_polarity)pol;
			c->polarity_set = 1;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(d->components[j].indicator, c->indicator) == 0)
				return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, "indicator"), err, BP_ERR_CONFIG,
				                    "component '%s' is listed twice", c->indicator);
	}
	if (total <= 0)
		return bp_yaml_fail(doc, cs, err, BP_ERR_CONFIG, "at least one component needs a weight above 0");
	return BP_OK;
}

/* Canonical text of everything that changes the values, hashed. */
static void compute_hash(bp_composite_def *d)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "composite v1\nid=%s\ntitle_nl=%s\ntitle_en=%s\ntheme=%s\nunit=%s\ndecimals=%d\n"
	              "polarity=%s\nnormalisation=%s\naggregation=%s\nreference=%s\nbase=%s\nmin_coverage=%.17g\n"
	              "draws=%ld\nseed=%ld\nsource=%s\n",
	              d->id, d->title_nl, d->title_en ? d->title_en : "", d->theme, d->unit, d->decimals,
	              bp_polarity_name(d->polarity), bp_normalisation_name(d->normalisation),
	              bp_aggregation_name(d->aggregation), d->index_reference,
	              d->index_base_period ? d->index_base_period : "", d->min_coverage, d->draws, d->seed, d->source);
	for (size_t i = 0; i < d->n_components; i++)
		bp_buf_printf(&b, "component=%s weight=%.17g polarity=%s\n", d->components[i].indicator,
		              d->components[i].weight, d->components[i].polarity_set ?
		              bp_polarity_name(d->components[i].polarity) : "");
	bp_sha256_hex(b.data, b.len, d->hash);
	bp_buf_release(&b);
}

static bp_rc parse_def(const bp_yaml_doc *doc, bp_composite_def *d, bp_error *err)
{
	bp_yaml_node *root = bp_yaml_root(doc);
	int theme, pol, norm = 0, agg = 0;
	long decimals;
	bp_rc rc;

	memset(d, 0, sizeof(*d));
	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "a composite index definition", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, keys, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "id", &d->id, err)))
		return rc;
	d->loc = loc_of(doc, root);
	bp_yaml_node *idn = bp_yaml_map_get(doc, root, "id");
	d->id_loc = loc_of(doc, idn);
	if (!id_ok(d->id)) {
		bp_yaml_fail(doc, idn, err, BP_ERR_CONFIG, "invalid composite id '%s'", d->id);
		bp_error_hint(err, "an id starts with a lower-case letter and holds only a-z, 0-9 and _");
		return BP_ERR_CONFIG;
	}
	if ((rc = bp_yaml_nl_en(doc, root, "title", 1, &d->title_nl, &d->title_en, err)) ||
	    (rc = bp_yaml_nl_en(doc, root, "description", 0, &d->description, &d->description_en, err)) ||
	    (rc = bp_yaml_req_choice(doc, root, "theme", themes, &theme, err)) ||
	    (rc = bp_yaml_req_choice(doc, root, "polarity", polarities, &pol, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "unit", "index", &d->unit, err)) ||
	    (rc = bp_yaml_opt_int(doc, root, "decimals", 0, 6, 1, &decimals, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "source", &d->source, err)) ||
	    (rc = bp_yaml_opt_double(doc, root, "min_coverage", 0.75, &d->min_coverage, err)))
		return rc;
	d->theme = themes[theme];
	d->decimals = (int)decimals;
	if (pol == BP_POLARITY_NEUTRAL)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "polarity"), err, BP_ERR_CONFIG,
		                    "an index needs a direction: higher-is-better or higher-is-worse");
	d->polarity = (bp_polarity)pol;
	if (d->min_coverage <= 0 || d->min_coverage > 1)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "min_coverage"), err, BP_ERR_CONFIG,
		                    "'min_coverage' must be above 0 and at most 1");
	if (bp_yaml_map_get(doc, root, "normalisation") &&
	    (rc = bp_yaml_req_choice(doc, root, "normalisation", normalisations, &norm, err)))
		return rc;
	if (bp_yaml_map_get(doc, root, "aggregation") &&
	    (rc = bp_yaml_req_choice(doc, root, "aggregation", aggregations, &agg, err)))
		return rc;
	d->normalisation = (bp_normalisation)norm;
	d->aggregation = (bp_aggregation)agg;
	if (d->aggregation == BP_AGG_EXPONENTIAL && d->normalisation != BP_NORM_PERCENTILE)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "aggregation"), err, BP_ERR_CONFIG,
		                    "the exponential transformation works on ranks: it needs normalisation: percentile");

	d->index_reference = "NL00";
	bp_yaml_node *ix = bp_yaml_map_get(doc, root, "index");
	if (ix && d->normalisation != BP_NORM_INDEX)
		return bp_yaml_fail(doc, bp_yaml_map_key_node(doc, root, "index"), err, BP_ERR_CONFIG,
		                    "'index' belongs to normalisation: index");
	if (ix) {
		static const char *const ix_keys[] = { "reference", "base_period", NULL };
		if ((rc = bp_yaml_check_keys(doc, ix, ix_keys, err)) ||
		    (rc = bp_yaml_opt_str(doc, ix, "reference", "NL00", &d->index_reference, err)) ||
		    (rc = bp_yaml_opt_str(doc, ix, "base_period", NULL, &d->index_base_period, err)))
			return rc;
	}
	d->draws = 200;
	d->seed = 1;
	bp_yaml_node *un = bp_yaml_map_get(doc, root, "uncertainty");
	if (un) {
		static const char *const un_keys[] = { "draws", "seed", NULL };
		if ((rc = bp_yaml_check_keys(doc, un, un_keys, err)) ||
		    (rc = bp_yaml_opt_int(doc, un, "draws", 0, 10000, 200, &d->draws, err)) ||
		    (rc = bp_yaml_opt_int(doc, un, "seed", 0, 2147483647L, 1, &d->seed, err)))
			return rc;
	}
	if ((rc = parse_components(doc, root, d, err)))
		return rc;
	compute_hash(d);
	return BP_OK;
}

bp_rc bp_composite_load_file(const char *path, bp_arena *a, bp_composite_def *out, bp_error *err)
{
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	return parse_def(doc, out, err);
}

static bp_rc load_item(const char *path, bp_arena *a, void *item, bp_error *err)
{
	return bp_composite_load_file(path, a, item, err);
}

static const char *item_id(const void *item, const bp_srcloc **loc)
{
	const bp_composite_def *x = item;
	*loc = &x->id_loc;
	return x->id;
}

static int cmp_def(const void *x, const void *y)
{
	return strcmp(((const bp_composite_def *)x)->id, ((const bp_composite_def *)y)->id);
}

bp_rc bp_composites_load_dir(const char *dir, bp_arena *a, bp_composite_set *out, bp_error *err)
{
	*out = (bp_composite_set){ 0 };
	/* No composites folder: no composites (the folder is optional). */
	DIR *dh = opendir(dir);
	if (!dh && errno == ENOENT)
		return BP_OK;
	if (dh)
		closedir(dh);
	void *items = NULL;
	size_t n = 0;
	bp_rc rc = bp_yamldir_load(dir, "composites", "composite index", sizeof(bp_composite_def),
	                           load_item, item_id, a, &items, &n, err);
	if (rc)
		return rc;
	out->items = items;
	out->n = n;
	if (n > 1)
		qsort(out->items, n, sizeof(*out->items), cmp_def);
	return BP_OK;
}

bp_rc bp_composites_resolve(bp_composite_set *set, const bp_indicator_set *indicators, bp_error *err)
{
	for (size_t i = 0; i < set->n; i++) {
		bp_composite_def *d = &set->items[i];
		if (bp_indicator_find(indicators, d->id)) {
			bp_error_at(err, d->id_loc.file, d->id_loc.line, d->id_loc.column);
			return bp_fail(err, BP_ERR_CONFIG, "composite id '%s' is also an indicator id", d->id);
		}
		for (size_t j = 0; j < d->n_components; j++) {
			bp_composite_component *c = &d->components[j];
			const bp_indicator_def *ind = bp_indicator_find(indicators, c->indicator);
			if (!ind) {
				bp_error_at(err, c->loc.file, c->loc.line, c->loc.column);
				bp_fail(err, BP_ERR_CONFIG, "unknown indicator '%s'", c->indicator);
				bp_error_hint(err, "components are indicator ids of indicators/*.yaml "
				              "('buurtpeil indicators list'); a composite cannot be a component");
				return BP_ERR_CONFIG;
			}
			if (!c->polarity_set) {
				if (ind->polarity == BP_POLARITY_NEUTRAL) {
					bp_error_at(err, c->loc.file, c->loc.line, c->loc.column);
					bp_fail(err, BP_ERR_CONFIG, "indicator '%s' is neutral: say in the component "
					        "which direction counts, e.g. polarity: higher-is-better", c->indicator);
					return BP_ERR_CONFIG;
				}
				c->polarity = ind->polarity;
			}
		}
	}
	return BP_OK;
}

/* ---- computation ----------------------------------------------------------- */

static const char upsert_indicator_sql[] =
	"INSERT INTO bp.indicator (id, title_nl, title_en, theme, kind, unit, decimals, polarity, source_text, "
	"  definition_file, definition_hash, inputs_fingerprint, computed_at) "
	"VALUES ($1, $2, $3, $4, 'composite', $5, $6, $7, $8, $9, $10, $11, now()) "
	"ON CONFLICT (id) DO UPDATE SET title_nl = EXCLUDED.title_nl, title_en = EXCLUDED.title_en, "
	"  theme = EXCLUDED.theme, kind = EXCLUDED.kind, unit = EXCLUDED.unit, decimals = EXCLUDED.decimals, "
	"  polarity = EXCLUDED.polarity, source_text = EXCLUDED.source_text, definition_file = EXCLUDED.definition_file, "
	"  definition_hash = EXCLUDED.definition_hash, inputs_fingerprint = EXCLUDED.inputs_fingerprint, "
	"  computed_at = EXCLUDED.computed_at";

/*
 * What a composite is made of besides its definition: per component its
 * definition hash, inputs fingerprint and computed_at (set whenever compute
 * rewrites its values, and only then); and the crosswalks and drawn areas'
 * overlays, which decide the components' translated values
 * (composite_calc.c reads them): a crosswalk built again is a new row.
 * $1 text[] component ids.
 */
static const char inputs_fingerprint_sql[] =
	"SELECT coalesce(string_agg(c.id || ':' || coalesce(i.definition_hash, '') || ':' "
	"         || coalesce(i.inputs_fingerprint, '') || ':' || coalesce(extract(epoch FROM i.computed_at)::text, ''), "
	"         ',' ORDER BY c.k), '') "
	"       || ' x:' || (SELECT coalesce(string_agg(x.id || '@' || extract(epoch FROM x.built_at), ',' ORDER BY x.id), '') "
	"                     FROM bp.crosswalk x) "
	"       || ' o:' || (SELECT coalesce(string_agg(o.id || '@' || extract(epoch FROM o.built_at), ',' ORDER BY o.id), "
	"                                    '') FROM bp.custom_area_overlay o) "
	"  FROM unnest($1::text[]) WITH ORDINALITY AS c(id, k) LEFT JOIN bp.indicator i ON i.id = c.id";

/* A PostgreSQL array literal of the items (ids hold [a-z0-9_], numbers are printed by us). */
static void array_add(bp_buf *b, const char *item)
{
	bp_buf_printf(b, "%s%s", b->len > 1 ? "," : "", item);
}

static bp_rc compute_one(PGconn *conn, const bp_composite_def *d, int force, int values_emptied,
                         bp_composite_result *res, bp_error *err)
{
	char fp[65];
	bp_buf ids;
	PGresult *r = NULL;
	bp_composite_calc *calc = NULL;
	bp_rc rc;
	int in_tx = 0;

	bp_buf_init(&ids);
	bp_buf_adds(&ids, "{");
	for (size_t i = 0; i < d->n_components; i++)
		array_add(&ids, d->components[i].indicator);
	bp_buf_adds(&ids, "}");

	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto out;
	in_tx = 1;
	{
		const char *p[] = { d->id };
		if ((rc = bp_pg_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.indicator:' || $1, 0))",
		                      1, p, NULL, err)))
			goto out;
	}
	{
		const char *p[] = { ids.data };
		if ((rc = bp_pg_query(conn, inputs_fingerprint_sql, 1, p, &r, err)))
			goto out;
		bp_sha256_hex(PQgetvalue(r, 0, 0), strlen(PQgetvalue(r, 0, 0)), fp);
		PQclear(r);
		r = NULL;
	}
	if (!force) {
		const char *p[] = { d->id, d->hash, fp };
		/* Ranks missing while the values remain (UNLOGGED before sql/024,
		 * emptied by a crash): the composite is computed again. */
		if ((rc = bp_pg_query(conn, "SELECT 1 FROM bp.indicator WHERE id = $1 AND kind = 'composite' "
		                            "AND definition_hash = $2 AND inputs_fingerprint = $3 "
		                            "AND EXISTS (SELECT 1 FROM bp.composite_score WHERE composite_id = $1)",
		                      3, p, &r, err)))
			goto out;
		int same = PQntuples(r) > 0;
		PQclear(r);
		r = NULL;
		if (same) {
			res->unchanged++;
			rc = bp_pg_exec(conn, "COMMIT", err);
			in_tx = 0;
			goto out;
		}
	}
	/*
	 * The components' values are read in one join of tens of thousands of
	 * rows (composite_calc.c): PostgreSQL misestimates such joins into
	 * nested loops (compare.c), and a statement run once gains nothing from
	 * JIT compilation.
	 */
	int any = 0, intervals = 0;
	if ((rc = bp_pg_exec(conn, "SET LOCAL enable_nestloop = off", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL jit = off", err)) ||
	    (rc = bp_composite_calc_read(conn, d, &calc, err)))
		goto out;
	bp_composite_calc_inputs(calc, &any, &intervals);
	{
		const char *p[] = { d->id };
		if ((!values_emptied &&
		     (rc = bp_pg_query(conn, "DELETE FROM bp.indicator_value WHERE indicator_id = $1", 1, p, NULL, err))) ||
		    (rc = bp_pg_query(conn, "DELETE FROM bp.indicator_value_translated WHERE indicator_id = $1", 1, p, NULL,
		                      err)) ||
		    (rc = bp_pg_query(conn, "DELETE FROM bp.composite_score WHERE composite_id = $1", 1, p, NULL, err)) ||
		    (rc = bp_pg_query(conn, "DELETE FROM bp.composite_component WHERE composite_id = $1", 1, p, NULL, err)))
			goto out;
	}
	if (!any) {
		if (res->n_skipped_ids < BP_COMPOSITE_MAX_NOTES)
			res->skipped_ids[res->n_skipped_ids++] = d->id;
		res->skipped++;
		rc = bp_pg_exec(conn, "COMMIT", err);
		in_tx = 0;
		goto out;
	}
	{
		char decimals[16];
		snprintf(decimals, sizeof(decimals), "%d", d->decimals);
		const char *p[] = { d->id, d->title_nl, d->title_en, d->theme, d->unit, decimals,
		                    bp_polarity_name(d->polarity), d->source, d->loc.file, d->hash, fp };
		if ((rc = bp_pg_query(conn, upsert_indicator_sql, 11, p, NULL, err)))
			goto out;
	}
	for (size_t i = 0; i < d->n_components; i++) {
		char pos[32], w[64];
		snprintf(pos, sizeof(pos), "%zu", i + 1);
		snprintf(w, sizeof(w), "%.17g", d->components[i].weight);
		const char *p[] = { d->id, pos, d->components[i].indicator, w, bp_polarity_name(d->components[i].polarity) };
		if ((rc = bp_pg_query(conn, "INSERT INTO bp.composite_component (composite_id, position, indicator_id, weight, "
		                            "polarity) VALUES ($1, $2, $3, $4, $5)", 5, p, NULL, err)))
			goto out;
	}
	int simulate = intervals && d->draws > 0;
	long values = 0, ranks = 0;
	if ((rc = bp_composite_calc_write(conn, calc, simulate, &values, &ranks, err))) {
		bp_error_at(err, d->loc.file, d->loc.line, d->loc.column);
		goto out;
	}
	res->values += values;
	res->ranks += ranks;
	rc = bp_pg_exec(conn, "COMMIT", err);
	in_tx = 0;
	if (rc == BP_OK) {
		res->computed++;
		res->simulated += simulate;
	}
out:
	if (rc && in_tx)
		bp_pg_rollback(conn);
	PQclear(r);
	bp_composite_calc_free(calc);
	bp_buf_release(&ids);
	return rc;
}

static const bp_bulk_index rank_indexes[] = {
	{ "composite_score_area_idx", "area_code, indeling_year" },
	{ "composite_score_ranking_idx", "composite_id, level, indeling_year, period, gemeente_code" },
};

/* The key and indexes of bp.composite_score as sql/017, sql/028 and sql/032 left them. */
const bp_bulk_table bp_composite_score_indexes = {
	"bp.composite_score", { "composite_score_pkey", "composite_id, area_code, indeling_year, period" },
	rank_indexes, sizeof(rank_indexes) / sizeof(*rank_indexes)
};

bp_rc bp_composite_ranks_prepare_rewrite(PGconn *conn, bp_error *err)
{
	/*
	 * Every composite is about to be rewritten: TRUNCATE its scores (104,000
	 * rows with 570,000 ranks for all of Nederland) at once instead of
	 * deleting them per composite; those of a composite no longer configured
	 * go with them.
	 */
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = bp_pg_exec(conn, "TRUNCATE bp.composite_score", err)) ||
	    (rc = bp_bulk_drop_indexes(conn, &bp_composite_score_indexes, err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		bp_pg_rollback(conn);
	return rc;
}

/*
 * Readers plan on the scores' statistics the moment compute commits, and
 * autovacuum has nothing left to analyse (sql/033; its ANALYZE of the
 * whole table came after every compute --force).  The per-scheme arrays
 * have no statistics (sql/033), the rest of the table ~0.05 s for all of
 * Nederland.
 */
bp_rc bp_composite_scores_index(PGconn *conn, bp_error *err)
{
	bp_rc rc = bp_bulk_build_indexes(conn, &bp_composite_score_indexes, err);
	return rc ? rc : bp_bulk_analyze(conn, "bp.composite_score", err);
}

bp_rc bp_compute_composite_values(PGconn *conn, const bp_composite_set *set, int force, bp_composite_result *res,
                                  bp_error *err)
{
	bp_rc rc = BP_OK;
	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < set->n && rc == BP_OK; i++)
		rc = compute_one(conn, &set->items[i], force, set->values_emptied, res, err);
	return rc;
}

bp_rc bp_compute_composites(PGconn *conn, const bp_composite_set *set, int force, bp_composite_result *res,
                            bp_error *err)
{
	/*
	 * With force the ranks are written without their key and index, built
	 * once at the end (a sorted build instead of a btree insertion per row
	 * and index: about a third of writing the ranks), also after a failure.
	 */
	int rewrite = force && set->n > 0;
	bp_rc rc;
	memset(res, 0, sizeof(*res));
	if (rewrite && (rc = bp_composite_ranks_prepare_rewrite(conn, err)))
		return rc;
	rc = bp_compute_composite_values(conn, set, force, res, err);
	if (rewrite && rc == BP_OK)
		rc = bp_composite_scores_index(conn, err);
	if (rewrite)
		bp_bulk_restore_after(conn, &bp_composite_score_indexes, &rc, err);
	return rc;
}

/* ---- the rank-stability figures as text ------------------------------------ */

static const char stability_sql[] =
	"SELECT s.composite_id, i.title_nl, s.period, s.scheme, s.n_areas, s.median_abs_shift, s.max_abs_shift, "
	"       round(s.rank_correlation::numeric, 3) "
	"  FROM bp.composite_stability s JOIN bp.indicator i ON i.id = s.composite_id "
	" WHERE s.level = $1 AND s.period = (SELECT max(period) FROM bp.composite_score r "
	"                                     WHERE r.composite_id = s.composite_id AND r.level = $1) "
	" ORDER BY s.composite_id, s.scheme = 'equal' DESC, s.scheme";

static const char areas_sql[] =
	"SELECT c.composite_id, c.area_code, a.name, c.value, c.rank, c.n_ranked, g.rank_min, g.rank_max, "
	"       c.rank_low, c.rank_high, i.decimals, c.period, c.note "
	"  FROM bp.composite_rank c JOIN bp.indicator i ON i.id = c.composite_id "
	"  JOIN bp.area a ON a.code = c.area_code AND a.indeling_year = c.indeling_year "
	"  LEFT JOIN bp.composite_rank_range g ON g.composite_id = c.composite_id AND g.area_code = c.area_code "
	"       AND g.indeling_year = c.indeling_year AND g.period = c.period "
	" WHERE c.scheme = 'configured' AND c.level = $1 AND c.gemeente_code = $2 "
	"   AND c.period = (SELECT max(period) FROM bp.composite_score r WHERE r.composite_id = c.composite_id "
	"                    AND r.level = $1) "
	" ORDER BY c.composite_id, c.rank NULLS LAST, c.area_code";

bp_rc bp_composites_report(PGconn *conn, const char *gemeente, const char *level, bp_buf *out, bp_error *err)
{
	PGresult *s = NULL, *r = NULL;
	const char *p[] = { level, gemeente };
	bp_rc rc;
	if ((rc = bp_pg_query(conn, stability_sql, 1, p, &s, err)) ||
	    (rc = bp_pg_query(conn, areas_sql, 2, p, &r, err)))
		goto out;
	if (PQntuples(r) == 0 && PQntuples(s) == 0) {
		bp_buf_printf(out, "no composite values for level %s of %s: run 'buurtpeil compute' "
		              "(composites need their components' data)\n", level, gemeente);
		goto out;
	}
	const char *prev = "";
	int si = 0, ns = PQntuples(s);
	for (int i = 0; i < PQntuples(r); i++) {
		const char *id = PQgetvalue(r, i, 0);
		if (strcmp(id, prev) != 0) {
			prev = id;
			bp_buf_printf(out, "%s%s, %s, %s: rank 1 = most need among %s %s areas of this level\n",
			              i ? "\n" : "", id, level, PQgetvalue(r, i, 11), PQgetvalue(r, i, 5),
			              "ranked");
			bp_buf_adds(out, "  rank stability against the configured weights (all ranked areas):\n");
			while (si < ns && strcmp(PQgetvalue(s, si, 0), id) < 0)
				si++;
			for (; si < ns && strcmp(PQgetvalue(s, si, 0), id) == 0; si++)
				bp_buf_printf(out, "    %-32s areas %s, median |shift| %s, max |shift| %s, rank correlation %s\n",
				              PQgetvalue(s, si, 3), PQgetvalue(s, si, 4), PQgetvalue(s, si, 5),
				              PQgetvalue(s, si, 6), PQgetvalue(s, si, 7));
			bp_buf_printf(out, "  areas of %s (value, rank, range over the weightings, simulation 95%%):\n", gemeente);
		}
		int dec;
		if ((rc = bp_pg_int(r, i, 10, &dec, err)))
			goto out;
		bp_buf_printf(out, "    %-10s %-32.32s ", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
		if (PQgetisnull(r, i, 3)) {
			bp_buf_adds(out, "no value (too few components)\n");
			continue;
		}
		bp_buf_printf(out, "%8.*f  rank %s", dec, strtod(PQgetvalue(r, i, 3), NULL), PQgetvalue(r, i, 4));
		if (!PQgetisnull(r, i, 6))
			bp_buf_printf(out, "  range %s-%s", PQgetvalue(r, i, 6), PQgetvalue(r, i, 7));
		if (!PQgetisnull(r, i, 8))
			bp_buf_printf(out, "  simulation %.0f-%.0f", strtod(PQgetvalue(r, i, 8), NULL),
			              strtod(PQgetvalue(r, i, 9), NULL));
		/* built from translated values: ranked among such areas only (composite_calc.c) */
		if (!PQgetisnull(r, i, 12))
			bp_buf_printf(out, "  %s, rank of %s such areas", PQgetvalue(r, i, 12), PQgetvalue(r, i, 5));
		bp_buf_addc(out, '\n');
	}
out:
	PQclear(s);
	PQclear(r);
	return rc;
}
