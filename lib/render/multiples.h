/*
 * multiples.h: small multiples: a grid of charts of any kind of lib/render
 * (a trend per indicator, a map per indicator or per year, the age
 * structure of several wijken), under one title and one source line.
 *
 * Each panel is an ordinary chart drawn in its cell; its width must be
 * bp_multiples_panel_width() (set it before rendering).  Panels usually
 * leave out their own source (the grid has one).  Where panels show the
 * same quantity, share their scale with bp_multiples_share_*: the same
 * colour then means the same value in every map, the same height the same
 * share in every age structure.
 */
#ifndef BP_RENDER_MULTIPLES_H
#define BP_RENDER_MULTIPLES_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/agestructure.h"
#include "render/barchart.h"
#include "render/canvas.h"
#include "render/choropleth.h"
#include "render/profile.h"
#include "render/trend.h"

typedef enum bp_panel_kind {
	BP_PANEL_RANKING,  /* chart: const bp_barchart * */
	BP_PANEL_TREND,    /* const bp_trend * */
	BP_PANEL_PROFILE,  /* const bp_profile * */
	BP_PANEL_AGES,     /* const bp_agestructure * */
	BP_PANEL_MAP       /* const bp_choropleth * */
} bp_panel_kind;

typedef struct bp_panel {
	bp_panel_kind kind;
	const void *chart;
} bp_panel;

typedef struct bp_multiples {
	const char *title;
	const char *subtitle;
	const char *source;
	const bp_panel *panels;     /* row by row, left to right */
	size_t n_panels;
	int columns;                /* 0 = 2 */
	int width;                  /* of the whole grid; 0 = 1200 */
} bp_multiples;

typedef struct bp_multiples_layout {
	double width, height;
	double title_y, subtitle_y;
	double panel_w;
	size_t n_panels;
	double *cell_x, *cell_y;    /* [n] top left of each panel */
	double *cell_h;             /* [n] the panel's own height */
	void **panel_layout;        /* [n] each panel's layout, from its chart's ops */
	double source_y;
} bp_multiples_layout;

/* The width each panel must have: the grid's width split evenly. */
int bp_multiples_panel_width(const bp_multiples *m);

/* One set of classes over every area of every map; each map then points at it (out). */
void bp_multiples_share_maps(bp_choropleth *maps, size_t n, bp_map_classes *out);
/* One value range over every series of every trend (range[2] must outlive the charts). */
void bp_multiples_share_trends(bp_trend *trends, size_t n, double range[2]);
/* One scale (0 to the largest share) over every age structure. */
void bp_multiples_share_ages(bp_agestructure *ages, size_t n);

bp_rc bp_multiples_compute_layout(const bp_multiples *m, bp_arena *a, bp_multiples_layout *lay,
                                  bp_error *err) BP_MUST_CHECK;
bp_rc bp_multiples_render(const bp_multiples *m, bp_image_format fmt, unsigned char **out, size_t *len,
                          bp_error *err) BP_MUST_CHECK;
bp_rc bp_multiples_write(const bp_multiples *m, bp_image_format fmt, const char *path, bp_error *err) BP_MUST_CHECK;

#endif
