/*
 * custom_overlay.h: the shares of every indeling's areas in the custom
 * areas drawn as a polygon (bp.custom_area_polygon, from areas/ through
 * engine/custom_area.c), into bp.custom_area_overlay(_share)
 * (sql/029_custom_polygon.sql), by the crosswalks' own rules (overlay.h).
 *
 * For each drawn area, each level (gemeente, wijk, buurt) and each indeling
 * whose borders of that level are loaded: for each area meeting the polygon,
 * share = weight(area ∩ polygon) / weight(area), where the weight is the
 * inhabitants (the buurten with AantalInwoners of the drawn area's
 * indeling, else of that indeling, each buurt's spread over its surface;
 * method 'population') or, for buurten and without such buurten, the
 * surface (method 'area'); an area in which the buurten count nobody is
 * weighed by surface (n_area_fallback).  Parts under tolerance × the area
 * are slivers of two drawings of one border, dropped.  A level and
 * indeling whose areas cover less than (1 - tolerance) of the polygon (its
 * borders loaded for part of it only) gets no overlay.  The polygon is
 * taken to RD New with PROJ from its crs.
 */
#ifndef BP_IMPORT_CUSTOM_OVERLAY_H
#define BP_IMPORT_CUSTOM_OVERLAY_H

#include <libpq-fe.h>

#include "core/error.h"

typedef struct bp_custom_overlay_result {
	long polygons;   /* drawn areas */
	long overlays;   /* (area, level, indeling) with at least one share */
	long shares;
	long uncovered;  /* (area, level, indeling) left out: its areas cover less than 1 - tolerance of it */
} bp_custom_overlay_result;

/*
 * Rebuild every overlay in one transaction (what the previous build wrote
 * goes).  A crs PROJ does not know, a polygon GEOS finds invalid (a ring
 * crossing itself) or without surface: BP_ERR_CONFIG at the polygon's
 * FILE:LINE:COL; nothing is changed then.  No drawn areas: BP_OK, nothing.
 * tolerance 0: BP_CROSSWALK_DEFAULT_TOLERANCE.
 */
bp_rc bp_custom_overlay_build(PGconn *conn, double tolerance, bp_custom_overlay_result *res,
                              bp_error *err) BP_MUST_CHECK;

#endif
