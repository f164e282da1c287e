#include "engine/custom_polygon.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "core/buf.h"

static const char *const keys[] = { "crs", "coordinates", NULL };

/* One coordinate: a plain decimal number (g_ascii_strtod: not the locale's comma). */
static bp_rc coord(const bp_yaml_doc *doc, const bp_yaml_node *n, double *out, bp_error *err)
{
	const char *s = bp_yaml_is_scalar(n) ? bp_yaml_scalar(n) : NULL;
	char *end = NULL;
	double x = s && *s ? g_ascii_strtod(s, &end) : NAN;
	if (!s || !*s || !end || *end || !isfinite(x))
		return bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "a coordinate must be a number, not %s",
		                    s ? s : bp_yaml_describe(n));
	*out = x;
	return BP_OK;
}

static bp_rc ring(const bp_yaml_doc *doc, const bp_yaml_node *r, bp_buf *json, bp_error *err)
{
	bp_rc rc = bp_yaml_expect(doc, r, BP_YAML_SEQUENCE, "a ring (a list of [x, y] points)", err);
	if (rc)
		return rc;
	size_t n = bp_yaml_seq_len(r);
	if (n < 4)
		return bp_yaml_fail(doc, r, err, BP_ERR_CONFIG, "a ring needs at least 4 points (the first repeated "
		                    "at the end), not %zu", n);
	double first[2] = { 0, 0 }, xy[2] = { 0, 0 };
	bp_buf_addc(json, '[');
	for (size_t i = 0; i < n; i++) {
		bp_yaml_node *p = bp_yaml_seq_at(doc, r, i);
		if ((rc = bp_yaml_expect(doc, p, BP_YAML_SEQUENCE, "a point ([x, y])", err)))
			return rc;
		if (bp_yaml_seq_len(p) != 2)
			return bp_yaml_fail(doc, p, err, BP_ERR_CONFIG, "a point is [x, y]: two numbers, not %zu",
			                    bp_yaml_seq_len(p));
		if ((rc = coord(doc, bp_yaml_seq_at(doc, p, 0), &xy[0], err)) ||
		    (rc = coord(doc, bp_yaml_seq_at(doc, p, 1), &xy[1], err)))
			return rc;
		if (i == 0)
			memcpy(first, xy, sizeof(first));
		else if (i == n - 1 && (xy[0] != first[0] || xy[1] != first[1]))
			return bp_yaml_fail(doc, p, err, BP_ERR_CONFIG, "a ring must end at its first point "
			                    "[%.17g, %.17g]", first[0], first[1]);
		/* %.17g: the number read back is the number written. */
		bp_buf_printf(json, "%s[%.17g,%.17g]", i ? "," : "", xy[0], xy[1]);
	}
	bp_buf_addc(json, ']');
	return BP_OK;
}

bp_rc bp_custom_polygon_parse(const bp_yaml_doc *doc, const bp_yaml_node *node, bp_custom_polygon *out,
                              bp_error *err)
{
	bp_arena *a = bp_yaml_arena(doc);
	memset(out, 0, sizeof(*out));
	out->loc = (bp_srcloc){ bp_yaml_path(doc), bp_yaml_line(node), bp_yaml_column(node), BP_TEXT_PLAIN };
	bp_rc rc;
	if ((rc = bp_yaml_expect(doc, node, BP_YAML_MAPPING, "'polygon'", err)) ||
	    (rc = bp_yaml_check_keys(doc, node, keys, err)) ||
	    (rc = bp_yaml_opt_str(doc, node, "crs", BP_CUSTOM_POLYGON_CRS, &out->crs, err)))
		return rc;
	bp_yaml_node *rings = bp_yaml_map_get(doc, node, "coordinates");
	if (!rings)
		return bp_yaml_fail(doc, node, err, BP_ERR_CONFIG, "'polygon' needs 'coordinates': a list of rings, "
		                    "the outer ring first");
	if ((rc = bp_yaml_expect(doc, rings, BP_YAML_SEQUENCE, "'coordinates' (a list of rings)", err)))
		return rc;
	out->n_rings = bp_yaml_seq_len(rings);
	if (out->n_rings == 0)
		return bp_yaml_fail(doc, rings, err, BP_ERR_CONFIG, "'coordinates' must hold at least the outer ring");
	bp_buf json;
	bp_buf_init(&json);
	bp_buf_addc(&json, '[');
	for (size_t i = 0; i < out->n_rings && !rc; i++) {
		if (i)
			bp_buf_addc(&json, ',');
		rc = ring(doc, bp_yaml_seq_at(doc, rings, i), &json, err);
	}
	bp_buf_addc(&json, ']');
	if (!rc)
		out->coordinates = bp_arena_strdup(a, json.data);
	bp_buf_release(&json);
	return rc;
}
