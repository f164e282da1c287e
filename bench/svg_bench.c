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
 * tests/render/test_svg.c (the map: the wijken of Oss from tests/fixtures, so
 * BP_FIXTURES must name that folder); built beside the render tests because
 * it shares their fixture loader (rendertest.c).
 */
#include <math.h>
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

static const char *const names[25] = {
	"Schadewijk", "Centrum", "Ruwaard", "Berghem", "Megen, Haren en Macharen", "Oss-Zuid",
	"Oss-West", "Oss-Noord", "Heesch", "Nistelrode", "Vorstenbosch", "Geffen", "Lith",
	"Maren-Kessel", "Oijen & Teeffelen", "Ravenstein", "Herpen", "Overlangel", "Keent",
	"Huisseling", "Neerloon", "Demen", "Dieden", "Deursen <Dennenburg>", "Industrieterreinen-Noord",
};
static bp_bar bars[25];
static bp_refline refs[] = { { "Oss", 20.0 }, { "Nederland", 21.4 } };
static const char *const periods[] = { "2016", "2018", "2020", "2022" };
static const double wijk[] = { 12.5, NAN, 14.25, 15.0 }, gem[] = { 11.0, 11.5, 12.0, 12.75 },
                    land[] = { 10.0, 10.5, 10.75, 11.0 };
static bp_trend_series series[] = {
	{ "Schadewijk", wijk, NULL, NULL }, { "Oss", gem, NULL, NULL }, { "Nederland", land, NULL, NULL },
};
static const bp_profile_item items[] = {
	{ "Eenzaam (matig of ernstig)", 45.8, 47.0, BP_PROFILE_HIGHER_WORSE, "%", 1, NULL },
	{ "Ervaren gezondheid goed of zeer goed", 72.9, 75.0, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	{ "Wekelijkse sporters", 51.0, 50.6, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	{ "Mantelzorger, minstens 3 maanden of minstens 8 uur per week aan iemand in de eigen kring",
	  NAN, 14.2, BP_PROFILE_HIGHER_WORSE, "%", 1, "geheim (te weinig respondenten)" },
	{ "Bevolkingsdichtheid", 2400, 280, BP_PROFILE_NEUTRAL, "", 0, NULL },
};
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
		for (int i = 0; i < 25; i++)
			bars[i] = (bp_bar){ names[i], i == 3 ? NAN : 8 + fmod(i * 7.3, 29), i == 3 ? "geheim" : NULL, i == 2 };
		b = (bp_barchart){ .title = "Inwoners van 65 jaar of ouder", .subtitle = "25 kernen, % van de inwoners",
		                   .source = "Bron: CBS (KWB 2024)", .unit = "%", .decimals = 1, .bars = bars,
		                   .n_bars = 25, .refs = refs, .n_refs = 2, .width = 800 };
		ops = bp_barchart_ops(), chart = &b, title = b.title;
	} else if (!strncmp(kind, "trend", 5)) {
		t = (bp_trend){ .title = "Huishoudens met een laag inkomen", .subtitle = "Schadewijk, Oss en Nederland",
		                .source = "Bron: CBS", .unit = "%", .decimals = 1, .periods = periods, .n_periods = 4,
		                .series = series, .n_series = 3, .width = narrow ? 340 : 640, .legend_below = narrow };
		ops = bp_trend_ops(), chart = &t, title = t.title;
	} else if (!strncmp(kind, "profile", 7)) {
		p = (bp_profile){ .title = "Welzijn in Schadewijk", .subtitle = "Schadewijk tegenover Oss",
		                  .source = "Bron: GGD", .area = "Schadewijk", .reference = "Oss", .items = items,
		                  .n_items = sizeof(items) / sizeof(items[0]), .width = narrow ? 340 : 800,
		                  .stacked = narrow };
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
