/*
 * multiples.c: small multiples (see multiples.h).  The panels are laid out
 * and drawn by their own chart's ops (canvas.h), each clipped to its cell
 * and shifted there, so a panel looks exactly as the chart does alone.
 */
#include "render/multiples.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WIDTH 1200
#define DEFAULT_COLUMNS 2
#define ROW_GAP 8.0

static const bp_chart_ops *ops_of(bp_panel_kind k)
{
	switch (k) {
	case BP_PANEL_RANKING: return bp_barchart_ops();
	case BP_PANEL_TREND: return bp_trend_ops();
	case BP_PANEL_PROFILE: return bp_profile_ops();
	case BP_PANEL_AGES: return bp_agestructure_ops();
	case BP_PANEL_MAP: return bp_choropleth_ops();
	}
	return NULL;
}

static int columns_of(const bp_multiples *m)
{
	return m->columns > 0 ? m->columns : DEFAULT_COLUMNS;
}

int bp_multiples_panel_width(const bp_multiples *m)
{
	int w = m->width > 0 ? m->width : DEFAULT_WIDTH;
	return w / columns_of(m);
}

void bp_multiples_share_maps(bp_choropleth *maps, size_t n, bp_map_classes *out)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += maps[i].n_areas;
	double *v = calloc(total ? total : 1, sizeof(*v));
	size_t k = 0;
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < maps[i].n_areas; j++) {
			const bp_map_area *ar = &maps[i].areas[j];
			v[k++] = ar->status == BP_MAP_VALUE ? bp_value_shown(ar->value, maps[i].decimals) : NAN;
		}
	bp_map_classify(v, k, n ? maps[0].n_classes : 0, n ? maps[0].polarity : BP_MAP_NEUTRAL, out);
	free(v);
	for (size_t i = 0; i < n; i++)
		maps[i].shared_classes = out;
}

void bp_multiples_share_trends(bp_trend *trends, size_t n, double range[2])
{
	range[0] = INFINITY;
	range[1] = -INFINITY;
	for (size_t i = 0; i < n; i++)
		for (size_t s = 0; s < trends[i].n_series; s++)
			for (size_t t = 0; t < trends[i].n_periods; t++) {
				const bp_trend_series *se = &trends[i].series[s];
				const double v[3] = { se->value[t], se->ci_lo ? se->ci_lo[t] : NAN,
				                      se->ci_hi ? se->ci_hi[t] : NAN };
				for (int j = 0; j < 3; j++)
					if (isfinite(v[j])) {
						range[0] = fmin(range[0], v[j]);
						range[1] = fmax(range[1], v[j]);
					}
			}
	for (size_t i = 0; i < n; i++)
		trends[i].shared_range = range;
}

void bp_multiples_share_ages(bp_agestructure *ages, size_t n)
{
	double hi = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t g = 0; g < ages[i].n_groups; g++) {
			if (ages[i].area.share && isfinite(ages[i].area.share[g]))
				hi = fmax(hi, ages[i].area.share[g]);
			for (size_t r = 0; r < ages[i].n_refs; r++)
				if (ages[i].refs[r].share && isfinite(ages[i].refs[r].share[g]))
					hi = fmax(hi, ages[i].refs[r].share[g]);
		}
	for (size_t i = 0; i < n; i++)
		ages[i].shared_max = hi;
}

/* The panel's own width field, to check that the caller set it. */
static int width_of(const bp_panel *p)
{
	switch (p->kind) {
	case BP_PANEL_RANKING: return ((const bp_barchart *)p->chart)->width;
	case BP_PANEL_TREND: return ((const bp_trend *)p->chart)->width;
	case BP_PANEL_PROFILE: return ((const bp_profile *)p->chart)->width;
	case BP_PANEL_AGES: return ((const bp_agestructure *)p->chart)->width;
	case BP_PANEL_MAP: return ((const bp_choropleth *)p->chart)->width;
	}
	return -1;
}

static bp_rc layout_with(const bp_multiples *m, const bp_ink *k, bp_arena *a, bp_multiples_layout *lay,
                         bp_error *err)
{
	memset(lay, 0, sizeof(*lay));
	if (!m || !m->panels || m->n_panels == 0)
		return bp_fail(err, BP_ERR_RENDER, "small multiples need at least one panel");
	size_t n = m->n_panels, cols = (size_t)columns_of(m);
	double width = m->width > 0 ? m->width : DEFAULT_WIDTH;
	int pw = bp_multiples_panel_width(m);
	lay->width = width;
	lay->panel_w = pw;
	lay->n_panels = n;
	lay->cell_x = bp_arena_alloc(a, n * sizeof(double));
	lay->cell_y = bp_arena_alloc(a, n * sizeof(double));
	lay->cell_h = bp_arena_alloc(a, n * sizeof(double));
	lay->panel_layout = bp_arena_alloc(a, n * sizeof(void *));
	bp_frame fr;
	bp_frame_place(k, m->title, m->subtitle, width, &fr);
	lay->title_y = fr.title_y;
	lay->subtitle_y = fr.subtitle_y;
	for (size_t i = 0; i < n; i++) {
		const bp_panel *p = &m->panels[i];
		const bp_chart_ops *ops = ops_of(p->kind);
		if (!ops || !p->chart)
			return bp_fail(err, BP_ERR_RENDER, "panel %zu of the small multiples has no chart", i + 1);
		if (width_of(p) != pw)
			return bp_fail(err, BP_ERR_RENDER, "panel %zu is %d wide, the grid's cells %d", i + 1,
			               width_of(p), pw);
		double w, h;
		bp_rc rc = ops->layout(p->chart, k, a, &lay->panel_layout[i], &w, &h, err);
		if (rc) {
			bp_error_detail(err, "in panel %zu of the small multiples", i + 1);
			return rc;
		}
		lay->cell_h[i] = h;
	}
	/* Rows as tall as their tallest panel, so panels of a row start level. */
	double y = fr.body_y - BP_MARGIN; /* panels bring their own top margin */
	for (size_t r0 = 0; r0 < n; r0 += cols) {
		double rh = 0;
		for (size_t i = r0; i < n && i < r0 + cols; i++) {
			lay->cell_x[i] = (double)(i - r0) * pw;
			lay->cell_y[i] = y;
			rh = fmax(rh, lay->cell_h[i]);
		}
		y += rh + ROW_GAP;
	}
	lay->source_y = y + 4;
	lay->height = ceil(lay->source_y + bp_source_height(k, m->source, width) + BP_MARGIN);
	return BP_OK;
}

bp_rc bp_multiples_compute_layout(const bp_multiples *m, bp_arena *a, bp_multiples_layout *lay,
                                  bp_error *err)
{
	bp_ink k = { 0 };
	bp_ink_open(&k);
	bp_rc rc = layout_with(m, &k, a, lay, err);
	bp_ink_close(&k);
	return rc;
}

static void draw(const bp_multiples *m, const bp_multiples_layout *lay, const bp_ink *k, cairo_t *cr)
{
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_paint(cr);
	bp_frame fr = { lay->title_y, lay->subtitle_y, 0 };
	bp_frame_draw(k, cr, m->title, m->subtitle, lay->width, &fr);
	for (size_t i = 0; i < lay->n_panels; i++) {
		cairo_save(cr);
		cairo_translate(cr, lay->cell_x[i], lay->cell_y[i]);
		/* A panel paints its own background: the clip keeps that inside its cell. */
		cairo_rectangle(cr, 0, 0, lay->panel_w, lay->cell_h[i]);
		cairo_clip(cr);
		ops_of(m->panels[i].kind)->draw(m->panels[i].chart, lay->panel_layout[i], k, cr);
		cairo_restore(cr);
	}
	bp_source_draw(k, cr, m->source, lay->width, lay->source_y);
}

static bp_rc ops_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay, double *width,
                        double *height, bp_error *err)
{
	bp_multiples_layout *l = bp_arena_alloc(a, sizeof(*l));
	bp_rc rc = layout_with(chart, k, a, l, err);
	*lay = l;
	*width = l->width;
	*height = l->height;
	return rc;
}

static void ops_draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	draw(chart, lay, k, cr);
}

static const bp_chart_ops MULTIPLES_OPS = { ops_layout, ops_draw };

bp_rc bp_multiples_render(const bp_multiples *m, bp_image_format fmt, unsigned char **out, size_t *len,
                          bp_error *err)
{
	return bp_canvas_render(&MULTIPLES_OPS, m, m ? m->title : NULL, fmt, out, len, err);
}

bp_rc bp_multiples_write(const bp_multiples *m, bp_image_format fmt, const char *path, bp_error *err)
{
	return bp_canvas_write(&MULTIPLES_OPS, m, m ? m->title : NULL, fmt, path, err);
}
