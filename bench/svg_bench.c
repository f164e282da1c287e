/*
 * svg_bench.c: each chart kind drawn as SVG, for callgrind and byte checks (not a test).
 *
 *   bp-svg-bench KIND N [DIR]   KIND: ranking, trend, profile, map, age, trend-narrow,
 *                               profile-narrow, map-narrow or all; draws it N times as
 *                               SVG and prints "KIND bytes digest"; with DIR, writes
 *                               each kind's SVG there (KIND.svg) for a byte comparison
 *
 * The narrow ones as an area page's phone variant (its width, stacked or legend below).
 * Instructions per chart: callgrind's total at N=11 less that at N=1, over 10
 * (the fonts and the map's borders are loaded once).  The charts are those of
 * tests/render/test_svg.c (rendertest.c's rt_svg_*; the map: rt_oss_map, the
 * wijken of Oss from tests/fixtures, so BP_FIXTURES must name that folder);
 * built beside the render tests because it shares rendertest.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/agestructure.h"
#include "render/barchart.h"
#include "render/choropleth.h"
#include "render/profile.h"
#include "render/trend.h"
#include "rendertest.h"

static bp_bar bars[25];
static const double age_area[5] = { 15.1, 10.2, 24.3, 27.5, 22.9 }, age_oss[5] = { 16.0, 11.1, 23.5, 28.2, 21.2 },
                    age_nl[5] = { 15.4, 12.0, 25.3, 26.8, 20.5 };
static const bp_age_series age_refs[] = { { "Oss", age_oss }, { "Nederland", age_nl } };

/* One drawing of kind into out; 0 when kind is unknown. */
static int draw(rt_fixture *f, const char *kind, unsigned char **out, size_t *len)
{
	static bp_choropleth map;
	static int have_map;
	int narrow = strstr(kind, "-narrow") != NULL;
	const bp_chart_ops *ops;
	const void *chart;
	const char *title;
	bp_barchart b;
	bp_trend t;
	bp_profile p;
	bp_agestructure g;
	bp_choropleth m;
	if (!strcmp(kind, "ranking")) {
		b = rt_svg_ranking(bars);
		ops = bp_barchart_ops(), chart = &b, title = b.title;
	} else if (!strncmp(kind, "trend", 5)) {
		t = rt_svg_trend();
		if (narrow) {
			t.width = 340;
			t.legend_below = 1;
		}
		ops = bp_trend_ops(), chart = &t, title = t.title;
	} else if (!strncmp(kind, "profile", 7)) {
		p = rt_svg_profile();
		if (narrow) {
			p.width = 340;
			p.stacked = 1;
		}
		ops = bp_profile_ops(), chart = &p, title = p.title;
	} else if (!strcmp(kind, "age")) {
		g = (bp_agestructure){ .title = "Leeftijdsopbouw van Schadewijk",
		                       .subtitle = "% van de inwoners, 1 januari 2024", .source = "Bron: CBS",
		                       .groups = bp_age_kwb_groups, .n_groups = BP_AGE_KWB_GROUPS,
		                       .area = { "Schadewijk", age_area }, .refs = age_refs, .n_refs = 2,
		                       .decimals = 1, .width = 800 };
		ops = bp_agestructure_ops(), chart = &g, title = g.title;
	} else if (!strncmp(kind, "map", 3)) {
		if (!have_map) {
			bp_map_area *areas;
			map = rt_oss_map(f, &areas);
			have_map = 1;
		}
		m = map;
		if (narrow) {
			m.width = 360;
			m.legend_below = 1;
		}
		ops = bp_choropleth_ops(), chart = &m, title = m.title;
	} else {
		return 0;
	}
	bp_error err = { 0 };
	if (bp_canvas_render(ops, chart, title, BP_IMAGE_SVG, out, len, &err) != BP_OK) {
		fprintf(stderr, "%s: %s\n", kind, err.message);
		exit(1);
	}
	return 1;
}

int main(int argc, char **argv)
{
	static const char *const all[] = { "ranking", "trend", "trend-narrow", "profile", "profile-narrow",
		                           "age", "map", "map-narrow" };
	if (argc < 3) {
		fprintf(stderr, "usage: bp-svg-bench KIND N [DIR]\n");
		return 2;
	}
	rt_fixture f = { .arena = bp_arena_new() };
	int n = atoi(argv[2]);
	int every = !strcmp(argv[1], "all");
	for (size_t k = 0; k < (every ? sizeof(all) / sizeof(all[0]) : 1); k++) {
		const char *kind = every ? all[k] : argv[1];
		unsigned long long h = 14695981039346656037ull;
		size_t len = 0;
		for (int i = 0; i < n; i++) {
			unsigned char *svg;
			if (!draw(&f, kind, &svg, &len)) {
				fprintf(stderr, "unknown kind %s\n", kind);
				return 2;
			}
			for (size_t j = 0; j < len; j++)
				h = (h ^ svg[j]) * 1099511628211ull;
			if (argc > 3 && i == 0) {
				char path[512];
				snprintf(path, sizeof(path), "%s/%s.svg", argv[3], kind);
				FILE *fp = fopen(path, "wb");
				if (!fp || fwrite(svg, 1, len, fp) != len || fclose(fp)) {
					perror(path);
					return 1;
				}
			}
			free(svg);
		}
		printf("%s %zu %016llx\n", kind, len, h);
	}
	bp_arena_free(f.arena);
	return 0;
}
