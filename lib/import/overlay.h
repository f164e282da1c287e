/*
 * overlay.h: the geometry shared by the crosswalks (crosswalk.c) and the
 * custom areas drawn as a polygon (custom_overlay.c), so that both
 * apportion by one set of rules: which parts of an area lie in which
 * other areas (GEOS STRtree candidates, prepared intersects, OverlayNG
 * intersections), identical borders within a tolerance, slivers dropped,
 * and the inhabitants of a part (each buurt's inhabitants spread evenly
 * over its surface).  Internal to import/: it hands out GEOS and GLib types.
 */
#ifndef BP_IMPORT_OVERLAY_H
#define BP_IMPORT_OVERLAY_H

#include <stddef.h>

#include <geos_c.h>
#include <glib.h>
#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/areacode.h"

typedef struct bp_ov_shape {
	const char *code;
	GEOSGeometry *g;
	const GEOSPreparedGeometry *prep;
	const char *hex;        /* the stored WKB as PostgreSQL's hex text: equal bytes are identical */
	double area;
	double pop;             /* weight areas only: inhabitants */
} bp_ov_shape;

typedef struct bp_ov_shapes {
	bp_ov_shape *v;
	size_t n;
	GEOSSTRtree *tree;
} bp_ov_shapes;

typedef struct bp_overlay {
	GEOSContextHandle_t h;
	bp_arena *a;
	char geos_msg[512];
	bp_ov_shapes from, to, weight;
} bp_overlay;

/* A to-area that meets the current from-area. */
typedef struct bp_ov_part {
	const bp_ov_shape *to;
	GEOSGeometry *g;       /* from ∩ to; NULL when identical */
	double area, weight;
	int identical;
} bp_ov_part;

/* GArray of part; GPtrArray of the tree's candidates (const bp_ov_shape *). */
typedef GArray bp_ov_parts;
typedef GPtrArray bp_ov_cands;


#define BP_OV_PART(p, k) (&g_array_index((p), bp_ov_part, (k)))
#define BP_OV_CAND(c, k) ((const bp_ov_shape *)g_ptr_array_index((c), (k)))

/* Start GEOS (its messages kept for the errors) and an arena; close frees
 * the three shape sets too.  A zeroed bp_overlay may be closed. */
bp_rc bp_overlay_open(bp_overlay *x, bp_error *err) BP_MUST_CHECK;
void bp_overlay_close(bp_overlay *x);

/* BP_ERR_INTERNAL "GEOS could not WHAT A [and B]", with GEOS's last message. */
bp_rc bp_overlay_geos_fail(bp_overlay *x, bp_error *err, const char *what, const char *a, const char *b);

/*
 * Read the current borders of one level and indeling into s, with a tree
 * over them; with period, only areas with inhabitants
 * (BP_CROSSWALK_WEIGHT_VARIABLE (crosswalk.h)) in that period, their number in pop.
 */
bp_rc bp_overlay_load(PGconn *conn, bp_overlay *x, bp_area_level level, int year, const char *period,
                      bp_ov_shapes *s, bp_error *err) BP_MUST_CHECK;

/* Shapes given as WKB (n of them, codes[i] for wkb[i] of len[i] bytes) into s,
 * with a tree over them. */
bp_rc bp_overlay_load_wkb(bp_overlay *x, size_t n, const char *const *codes, const unsigned char *const *wkb,
                          const size_t *len, bp_ov_shapes *s, bp_error *err) BP_MUST_CHECK;

/* Free s's shapes and tree, leaving it empty (to be loaded again). */
void bp_overlay_shapes_free(bp_overlay *x, bp_ov_shapes *s);

void bp_overlay_parts_clear(bp_overlay *x, bp_ov_parts *p);

/* Inhabitants of g under x->weight (code names g in errors); c is scratch. */
bp_rc bp_overlay_pop(bp_overlay *x, const GEOSGeometry *g, const char *code, bp_ov_cands *c, double *out,
                     bp_error *err) BP_MUST_CHECK;

/*
 * The parts of f in x->to: the intersections of at least tol × f's
 * surface.  With identical, a to-area equal to f (equal WKB, or a
 * symmetric difference of at most tol × the smaller surface) is its one
 * part, flagged identical, and the others are not looked at: to-areas that
 * tile (a crosswalk's) leave no room for another.  Without it (drawn areas,
 * which may overlap) every to-area is a part of its own.  c is scratch.
 */
bp_rc bp_overlay_parts(bp_overlay *x, const bp_ov_shape *f, double tol, int identical, bp_ov_parts *p,
                       bp_ov_cands *c, bp_error *err) BP_MUST_CHECK;

/* The buurt indeling whose borders and inhabitants weigh (to_year's, else
 * from_year's), its newest period; 0 and "" when neither has any. */
bp_rc bp_overlay_weight_year(PGconn *conn, int from_year, int to_year, int *year, char *period,
                             size_t period_size, bp_error *err) BP_MUST_CHECK;

#endif
