/*
 * choropleth.h: a map of one indicator over the wijken or buurten of a
 * gemeente, drawn from the imported borders (bp.area_geometry.geom_simple:
 * WKB in RD New), north-up, one metre as long across as up.
 *
 * Values fall into at most 5 quantile classes (equal numbers of areas per
 * class; see bp_map_classify), coloured on a sequential palette that is safe
 * for colour-blind readers and runs from light (favourable) to dark
 * (unfavourable), so its direction follows the indicator's polarity; a
 * neutral indicator runs light (low) to dark (high) in another hue.  Missing
 * areas are grey, suppressed ones grey and hatched, both explained in the
 * legend; the profile's own area gets a thick outline.
 *
 * Stages as in barchart.h: data -> classes and layout (plain numbers,
 * testable) -> draw with Cairo into PNG, SVG or PDF.
 */
#ifndef BP_RENDER_CHOROPLETH_H
#define BP_RENDER_CHOROPLETH_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "render/canvas.h"

#define BP_MAP_MAX_CLASSES 5

#define BP_MAP_RGB_MISSING 0xD9D9D9 /* fill of areas without a value (also under the hatching) */
#define BP_MAP_RGB_HATCH   0x737373 /* hatching of suppressed areas */
#define BP_MAP_RGB_BORDER  0xFFFFFF /* between areas */
#define BP_MAP_RGB_OUTLINE 0x1A1A1A /* the highlighted area */

typedef enum bp_map_status {
	BP_MAP_VALUE,      /* value holds the figure */
	BP_MAP_MISSING,    /* no figure published */
	BP_MAP_SUPPRESSED  /* kept secret by the source (too few inhabitants or respondents) */
} bp_map_status;

typedef enum bp_map_polarity { /* as bp_profile_polarity */
	BP_MAP_HIGHER_BETTER,
	BP_MAP_HIGHER_WORSE,
	BP_MAP_NEUTRAL
} bp_map_polarity;

typedef struct bp_map_area {
	const char *code;            /* "WK082801": named in errors */
	const char *name;            /* "Schadewijk": in the legend when highlighted */
	const unsigned char *wkb;    /* Polygon or MultiPolygon in RD New (any byte order) */
	size_t wkb_len;
	bp_map_status status;
	double value;                /* used when status is BP_MAP_VALUE (a NAN counts as missing) */
	int highlight;               /* nonzero: the area of the profile, outlined */
} bp_map_area;

typedef struct bp_choropleth {
	const char *title;           /* "Inwoners van 65 jaar of ouder" */
	const char *subtitle;        /* "Wijken van Oss, 2024": the period belongs here */
	const char *source;          /* "Bron: CBS, ... (CC BY 4.0); bewerking buurtpeil" */
	const char *legend_title;    /* "% van de inwoners"; may be NULL */
	const char *unit;            /* after the numbers of the legend, e.g. "%"; may be NULL */
	int decimals;                /* digits after the comma in the legend */
	const char *count_noun;      /* "wijken": the legend counts areas per class; NULL: no counts */
	const char *count_noun_one;  /* "wijk": for a count of 1; NULL: count_noun */
	const char *suppressed_text; /* NULL: "geheim (te weinig inwoners)" */
	bp_map_polarity polarity;
	int n_classes;               /* 0 = 5; at most BP_MAP_MAX_CLASSES */
	const bp_map_area *areas;
	size_t n_areas;
	int width;                   /* pixels (PNG) or points; 0 = 800 */
	int max_map_height;          /* 0 = as tall as the map is wide */
	int legend_below;            /* nonzero: the legend under the map (narrow grids) */
	const struct bp_map_classes *shared_classes; /* breaks and colours from outside (small
	                               multiples share them); NULL: from this map's values */
	bp_lang lang;                /* the legend's numbers and fixed words; 0: Dutch */
} bp_choropleth;

/*
 * Quantile classes: the finite values sorted, class k (0-based) ends at the
 * value of rank round((k+1)*n/K) (1-based), so that each class holds about
 * n/K areas; equal values stay in one class, so classes whose end repeats
 * are merged and fewer than K remain.  A value belongs to the first class
 * whose upper end is >= it.  lower/upper are the smallest and largest value
 * in each class (the legend shows these: no range claims values that are
 * not there).
 */
typedef struct bp_map_classes {
	int n;                                  /* 0 when no area has a value */
	double lower[BP_MAP_MAX_CLASSES];
	double upper[BP_MAP_MAX_CLASSES];
	int count[BP_MAP_MAX_CLASSES];
	unsigned rgb[BP_MAP_MAX_CLASSES];       /* fill of each class, polarity applied */
} bp_map_classes;

/* values[n]: NAN ones are skipped.  k: wanted classes (0 = 5).  Pass the
 * values as shown (bp_value_shown with the map's decimals), as the map's
 * layout does: equal figures on the page are then one class, and no class
 * label ends where the next begins. */
void bp_map_classify(const double *values, size_t n, int k, bp_map_polarity pol,
                     bp_map_classes *out);
/*
 * Digits the legend shows: decimals, or one or two more when a class would
 * otherwise seem to end where the next begins ("9,2 - 17,9%" and
 * "17,9 - 20,3%" for 17,88 and 17,94).
 */
int bp_map_legend_decimals(const bp_map_classes *c, int decimals);
/* Class of v (-1: not finite or outside every class). */
int bp_map_class_of(const bp_map_classes *c, double v);

typedef struct bp_map_ring {
	size_t n;          /* points */
	const double *xy;  /* RD New metres, x y x y ... */
} bp_map_ring;

typedef struct bp_choropleth_layout {
	double width, height;
	double title_y, subtitle_y;
	double map_x, map_y, map_w, map_h;   /* the drawn map (the bounding box of all areas) */
	double scale;                        /* pixels per metre, the same across and up */
	double rd_xmin, rd_ymax;             /* RD New of the map's top left corner */
	double scalebar_y, scalebar_len_px;  /* under the map */
	double scalebar_m;                   /* metres the scale bar stands for */
	double legend_x, legend_y;
	double source_y;
	bp_map_classes classes;
	size_t n_areas;
	int *cls;                            /* [n] class of each area; -1 missing, -2 suppressed */
	size_t *n_rings;                     /* [n] */
	bp_map_ring **rings;                 /* [n][n_rings] */
	int n_missing, n_suppressed;
	long highlighted;                    /* index of the (first) highlighted area, -1 none */
} bp_choropleth_layout;

/* Where an RD New coordinate lands on the picture. */
void bp_choropleth_project(const bp_choropleth_layout *lay, double x, double y,
                           double *px, double *py);

/*
 * Parse every border (GEOS), classify and place.  BP_ERR_PARSE naming the
 * area code when a border is not a Polygon or MultiPolygon WKB;
 * BP_ERR_RENDER when there is nothing to draw or the chart is too narrow.
 */
bp_rc bp_choropleth_compute_layout(const bp_choropleth *chart, bp_arena *a,
                                   bp_choropleth_layout *lay, bp_error *err) BP_MUST_CHECK;
bp_rc bp_choropleth_render(const bp_choropleth *chart, bp_image_format fmt, unsigned char **out,
                           size_t *len, bp_error *err) BP_MUST_CHECK;
bp_rc bp_choropleth_write(const bp_choropleth *chart, bp_image_format fmt, const char *path,
                          bp_error *err) BP_MUST_CHECK;

/*
 * Area i's rings as SVG path data ("M x y L x y ... Z", whole pixels of
 * the picture, a point equal to the one before left out; filled even-odd as
 * drawn), appended to out; nothing when it has no border.  For pages that lay a link over each drawn area
 * (the site's maps): the same layout and projection as the drawing.
 */
void bp_choropleth_area_svg_path(const bp_choropleth_layout *lay, size_t i, bp_buf *out);

/* For small multiples: lay out with the canvas's ink, draw at the current origin. */
bp_rc bp_choropleth_layout_with(const bp_choropleth *chart, const bp_ink *k, bp_arena *a,
                                bp_choropleth_layout *lay, bp_error *err) BP_MUST_CHECK;
void bp_choropleth_draw(const bp_choropleth *chart, const bp_choropleth_layout *lay,
                        const bp_ink *k, cairo_t *cr);

/* The layout and drawing of this chart for the canvas (small multiples draw it in a cell). */
const bp_chart_ops *bp_choropleth_ops(void);

#endif
