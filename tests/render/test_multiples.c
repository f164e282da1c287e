/*
 * Tests for small multiples: cells placed by hand, classes shared over
 * maps computed by hand and seen in the pixels, shared age scales, a wrong
 * panel width, and the golden image of four maps of the wijken of Oss.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cairo.h>
#include <geos_c.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/multiples.h"
#include "rendertest.h"

#define SOURCE "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil"

/* A 1 x 1 km square with its south-west corner at (x, y), as WKB. */
static unsigned char *square(bp_arena *a, double x, double y, size_t *len)
{
	GEOSContextHandle_t h = GEOS_init_r();
	char wkt[256];
	snprintf(wkt, sizeof(wkt), "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x, y, x + 1000, y, x + 1000,
	         y + 1000, x, y + 1000, x, y);
	GEOSWKTReader *r = GEOSWKTReader_create_r(h);
	GEOSGeometry *g = GEOSWKTReader_read_r(h, r, wkt);
	GEOSWKBWriter *w = GEOSWKBWriter_create_r(h);
	unsigned char *b = GEOSWKBWriter_write_r(h, w, g, len);
	unsigned char *out = bp_arena_alloc(a, *len);
	memcpy(out, b, *len);
	GEOSFree_r(h, b);
	GEOSWKBWriter_destroy_r(h, w);
	GEOSGeom_destroy_r(h, g);
	GEOSWKTReader_destroy_r(h, r);
	GEOS_finish_r(h);
	return out;
}

static void test_shared_maps(void **state)
{
	rt_fixture *f = *state;
	/* Two maps of five squares in a row: values 1..5 and 6..10. */
	bp_map_area *ar[2];
	bp_choropleth maps[2];
	bp_multiples m = { .title = "Twee kaarten", .source = SOURCE, .columns = 2, .width = 1000 };
	assert_int_equal(bp_multiples_panel_width(&m), 500);
	for (int k = 0; k < 2; k++) {
		ar[k] = bp_arena_alloc(f->arena, 5 * sizeof(**ar));
		for (int i = 0; i < 5; i++) {
			ar[k][i].code = bp_arena_printf(f->arena, "A%d%d", k, i);
			ar[k][i].name = ar[k][i].code;
			ar[k][i].wkb = square(f->arena, 150000 + 1000 * i, 450000, &ar[k][i].wkb_len);
			ar[k][i].status = BP_MAP_VALUE;
			ar[k][i].value = 5 * k + i + 1;
		}
		maps[k] = (bp_choropleth){ .title = k ? "Tweede" : "Eerste", .polarity = BP_MAP_HIGHER_WORSE,
		                           .areas = ar[k], .n_areas = 5, .width = 500, .legend_below = 1 };
	}
	/* Shared over 1..10: ends at ranks 2, 4, 6, 8, 10 -> 2, 4, 6, 8, 10. */
	bp_map_classes shared;
	bp_multiples_share_maps(maps, 2, &shared);
	assert_int_equal(shared.n, 5);
	for (int j = 0; j < 5; j++)
		assert_true(shared.upper[j] == 2 * j + 2);
	assert_ptr_equal(maps[0].shared_classes, &shared);
	assert_ptr_equal(maps[1].shared_classes, &shared);

	bp_choropleth_layout l0, l1;
	bp_error err = { 0 };
	assert_int_equal(bp_choropleth_compute_layout(&maps[0], f->arena, &l0, &err), BP_OK);
	assert_int_equal(bp_choropleth_compute_layout(&maps[1], f->arena, &l1, &err), BP_OK);
	/* Each map counts its own areas: 1 2 | 3 4 | 5 and 6 | 7 8 | 9 10. */
	int c0[] = { 2, 2, 1, 0, 0 }, c1[] = { 0, 0, 1, 2, 2 };
	for (int j = 0; j < 5; j++) {
		assert_int_equal(l0.classes.count[j], c0[j]);
		assert_int_equal(l1.classes.count[j], c1[j]);
	}

	bp_panel p[2] = { { BP_PANEL_MAP, &maps[0] }, { BP_PANEL_MAP, &maps[1] } };
	m.panels = p;
	m.n_panels = 2;
	bp_multiples_layout lay;
	assert_int_equal(bp_multiples_compute_layout(&m, f->arena, &lay, &err), BP_OK);
	assert_true(lay.cell_x[0] == 0 && lay.cell_x[1] == 500);
	assert_true(lay.cell_y[0] == lay.cell_y[1]);
	unsigned char *png;
	size_t len;
	assert_int_equal(bp_multiples_render(&m, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	cairo_surface_t *s = rt_png_surface(png, len);
	double px, py;
	/* the first square of the second map (6: class 3 of 5) and its last (10: the darkest) */
	bp_choropleth_project(&l1, 150500, 450500, &px, &py);
	assert_int_equal(rt_pixel(s, lay.cell_x[1] + px, lay.cell_y[1] + py), 0xFD8D3C);
	bp_choropleth_project(&l1, 154500, 450500, &px, &py);
	assert_int_equal(rt_pixel(s, lay.cell_x[1] + px, lay.cell_y[1] + py), 0xA63603);
	/* the first map's first square (1): the lightest */
	bp_choropleth_project(&l0, 150500, 450500, &px, &py);
	assert_int_equal(rt_pixel(s, lay.cell_x[0] + px, lay.cell_y[0] + py), 0xFEEDDE);
	cairo_surface_destroy(s);
	free(png);

	/* a panel whose width is not the cell's */
	maps[1].width = 800;
	bp_error err2 = { 0 };
	assert_int_equal(bp_multiples_compute_layout(&m, f->arena, &lay, &err2), BP_ERR_RENDER);
	assert_non_null(strstr(err2.message, "panel 2"));
}

static void test_shared_ages(void **state)
{
	rt_fixture *f = *state;
	double a1[5] = { 10, 20, 30, 25, 15 }, a2[5] = { 12, 8, 20, 26, 34 };
	bp_agestructure g[2] = {
		{ .title = "A", .groups = bp_age_kwb_groups, .n_groups = 5, .area = { "A", a1 }, .width = 500 },
		{ .title = "B", .groups = bp_age_kwb_groups, .n_groups = 5, .area = { "B", a2 }, .width = 500 },
	};
	bp_multiples_share_ages(g, 2);
	assert_true(g[0].shared_max == 34 && g[1].shared_max == 34);
	bp_agestructure_layout l0, l1;
	bp_error err = { 0 };
	assert_int_equal(bp_agestructure_compute_layout(&g[0], f->arena, &l0, &err), BP_OK);
	assert_int_equal(bp_agestructure_compute_layout(&g[1], f->arena, &l1, &err), BP_OK);
	/* 0..34 in about 5 steps: 6,8 -> 10, so both run to 40 (A alone would stop at 30) */
	assert_true(l0.scale_max == 40 && l1.scale_max == 40);
}

/*
 * Four maps of the wijken of Oss, one per age group (KWB 2024, whole %),
 * each with its own classes: different age groups have different spreads.
 */
static void test_oss_grid_golden(void **state)
{
	rt_fixture *f = *state;
	rt_wijk *w;
	size_t n = rt_load_wijken(f->arena, "GM0828", &w);
	static const int groups[4] = { 0, 1, 3, 4 };
	static const char *const titles[4] = { "0 tot 15 jaar", "15 tot 25 jaar", "45 tot 65 jaar", "65 jaar of ouder" };
	bp_choropleth maps[4];
	bp_panel p[4];
	bp_multiples m = { .title = "Leeftijdsgroepen per wijk", .subtitle = "Wijken van Oss, 1 januari 2024, % van de inwoners",
	                   .source = SOURCE, .columns = 2, .width = 1000 };
	for (int k = 0; k < 4; k++) {
		bp_map_area *ar = bp_arena_alloc(f->arena, n * sizeof(*ar));
		for (size_t i = 0; i < n; i++) {
			ar[i] = (bp_map_area){ .code = w[i].code, .name = w[i].name, .wkb = w[i].wkb, .wkb_len = w[i].wkb_len,
			                       .status = BP_MAP_VALUE, .value = w[i].age[groups[k]] };
		}
		maps[k] = (bp_choropleth){ .title = titles[k], .unit = "%", .polarity = BP_MAP_NEUTRAL, .areas = ar,
		                           .n_areas = n, .width = bp_multiples_panel_width(&m), .legend_below = 1,
		                           .max_map_height = 220 };
		p[k] = (bp_panel){ BP_PANEL_MAP, &maps[k] };
	}
	m.panels = p;
	m.n_panels = 4;
	bp_multiples_layout lay;
	bp_error err = { 0 };
	assert_int_equal(bp_multiples_compute_layout(&m, f->arena, &lay, &err), BP_OK);
	/* second row starts under the taller of the first row's panels, 8 px apart */
	assert_true(lay.cell_y[2] == lay.cell_y[0] + fmax(lay.cell_h[0], lay.cell_h[1]) + 8);
	unsigned char *png;
	size_t len;
	assert_int_equal(bp_multiples_render(&m, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	rt_keep("multiples_oss.png", png, len);
	rt_golden("multiples_oss.png", png, len, 0.005);
	free(png);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shared_maps, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_shared_ages, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_oss_grid_golden, rt_setup, rt_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
