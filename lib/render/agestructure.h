/*
 * agestructure.h: the age structure of an area against its references:
 * one horizontal bar per age group (the area's share of its inhabitants),
 * a marker per reference (gemeente, Nederland) on the same row, and the
 * numbers in a column per series on the right, so nobody reads "14,8%" off
 * a bar.  Stages as in barchart.h: data -> layout (plain numbers) -> draw.
 */
#ifndef BP_RENDER_AGESTRUCTURE_H
#define BP_RENDER_AGESTRUCTURE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/canvas.h"

#define BP_AGE_RGB_BAR BP_RGB_BLUE   /* the area; references as in bp_ref_styles */
#define BP_AGE_MAX_REFS 4

/* The KWB age groups (CBS 85984NED), youngest first. */
#define BP_AGE_KWB_GROUPS 5
extern const char *const bp_age_kwb_groups[BP_AGE_KWB_GROUPS];

typedef struct bp_age_series {
	const char *label;      /* "Schadewijk", "Oss", "Nederland" */
	const double *share;    /* [n_groups] percent of the inhabitants; NAN = missing or secret */
} bp_age_series;

typedef struct bp_agestructure {
	const char *title;      /* "Leeftijdsopbouw van Schadewijk" */
	const char *subtitle;   /* "% van de inwoners, 1 januari 2024" */
	const char *source;
	const char *const *groups;  /* row labels, e.g. bp_age_kwb_groups */
	size_t n_groups;
	bp_age_series area;         /* drawn as bars */
	const bp_age_series *refs;  /* drawn as markers; at most BP_AGE_MAX_REFS */
	size_t n_refs;
	int decimals;               /* 0 = whole percent; 1 is usual */
	const char *missing_text;   /* NULL: "geen gegevens" */
	int width;                  /* 0 = 800 */
	double shared_max;          /* > 0: the scale reaches at least this (small multiples share it) */
	bp_lang lang;               /* the numbers' marks and the default missing text; 0: Dutch */
} bp_agestructure;

typedef struct bp_agestructure_layout {
	double width, height;
	double title_y, subtitle_y;
	double legend_y;
	double label_x, label_w;
	double plot_x0, plot_x1, plot_y0, plot_y1;
	double scale_max, tick_step;          /* the scale runs from 0 */
	int n_ticks, tick_decimals;
	double axis_y, source_y;
	double head_y;                        /* names over the value columns */
	double col_x[1 + BP_AGE_MAX_REFS];    /* right edge of each value column: area, refs */
	double row_h, bar_h;
	size_t n_groups;
	double *row_y;                        /* [n] top of each row */
	double *bar_x1;                       /* [n] end of the area's bar; NAN when missing */
	double *ref_x;                        /* [n_refs * n] marker of ref r in row i at [r*n+i]; NAN */
} bp_agestructure_layout;

bp_rc bp_agestructure_compute_layout(const bp_agestructure *chart, bp_arena *a,
                                     bp_agestructure_layout *lay, bp_error *err) BP_MUST_CHECK;
bp_rc bp_agestructure_render(const bp_agestructure *chart, bp_image_format fmt, unsigned char **out,
                             size_t *len, bp_error *err) BP_MUST_CHECK;
bp_rc bp_agestructure_write(const bp_agestructure *chart, bp_image_format fmt, const char *path,
                            bp_error *err) BP_MUST_CHECK;

/* For small multiples: lay out with the canvas's ink; draw without painting the background. */
bp_rc bp_agestructure_layout_with(const bp_agestructure *chart, const bp_ink *k, bp_arena *a,
                                  bp_agestructure_layout *lay, bp_error *err) BP_MUST_CHECK;
void bp_agestructure_draw(const bp_agestructure *chart, const bp_agestructure_layout *lay,
                          const bp_ink *k, cairo_t *cr);

/* The layout and drawing of this chart for the canvas (small multiples draw it in a cell). */
const bp_chart_ops *bp_agestructure_ops(void);

#endif
