/*
 * crosswalk.h: how the areas of one indeling lie in those of another
 * (sql/021_crosswalk.sql), computed with GEOS from the borders in
 * bp.area_geometry, so that values can be carried across boundary changes.
 *
 * It lives in import/ because that is the folder linked with GEOS and libpq
 * both (lib/meson.build): it reads what the geojson importer stored and
 * writes a derived table.  The engine reads bp.crosswalk_share as SQL only.
 *
 * For one level and two indeling years (from, to), every from-area is
 * compared with the to-areas whose bounding boxes meet its own (a GEOS
 * STRtree):
 *   identical  the two shapes differ by at most tolerance × the smaller
 *              area (their symmetric difference), or their WKB is equal:
 *              one row, share 1, whatever the codes;
 *   otherwise  the intersections; parts smaller than tolerance × the
 *              from-area are slivers of two generalisations of one border
 *              and dropped; the rest get share = weight(from ∩ to) /
 *              Σ weight, so a from-area's shares add up to 1 (what lies
 *              in no to-area, e.g. sea, is left out).
 * The weight is the number of inhabitants (method 'population') when the
 * level has finer areas (wijk, gemeente: buurten) with borders and
 * AantalInwoners in one indeling: each buurt's inhabitants spread evenly
 * over its surface (dasymetric weighting; CBS squares are not loaded, so
 * a buurt is the finest unit).  The buurt indeling chosen is to's, else
 * from's: where people lived at one of the two times, not at a third.  Without one, and always for buurten,
 * the weight is the surface in m² (method 'area'); a from-area in which the
 * buurten count no inhabitants falls back to its surface too (counted).
 */
#ifndef BP_IMPORT_CROSSWALK_H
#define BP_IMPORT_CROSSWALK_H

#include <libpq-fe.h>

#include "core/buf.h"
#include "core/error.h"
#include "import/areacode.h"

/* Share of an area: identical borders, and the size of a dropped sliver. */
#define BP_CROSSWALK_DEFAULT_TOLERANCE 0.01
/* The figure that weighs: KWB's inhabitants. */
#define BP_CROSSWALK_WEIGHT_VARIABLE "AantalInwoners"

typedef struct bp_crosswalk_options {
	bp_area_level level;   /* gemeente, wijk or buurt */
	int from_year, to_year;
	double tolerance;      /* 0 = BP_CROSSWALK_DEFAULT_TOLERANCE; else (0, 0.5) */
	int area_only;         /* weigh by surface even when inhabitants are known */
} bp_crosswalk_options;

typedef struct bp_crosswalk_result {
	long id;               /* bp.crosswalk(id) */
	int population;        /* method 'population' (else 'area') */
	int weight_year;       /* the buurten's indeling, method 'population' */
	char weight_period[32];
	long n_from, n_to, n_identical, n_unmatched, n_area_fallback, n_shares;
} bp_crosswalk_result;

/*
 * Build (or rebuild) the crosswalk in one transaction, read and written at
 * one snapshot.  BP_ERR_USAGE for a bad level, equal years or tolerance;
 * BP_ERR_NOT_FOUND when either year has no borders of the level (the hint
 * says which import is missing); BP_ERR_INTERNAL when GEOS fails on a pair
 * (the detail names both codes).
 */
bp_rc bp_crosswalk_build(PGconn *conn, const bp_crosswalk_options *opt,
                         bp_crosswalk_result *res, bp_error *err) BP_MUST_CHECK;

/* Append one line per stored crosswalk to out (Dutch, for people). */
bp_rc bp_crosswalk_list(PGconn *conn, bp_buf *out, bp_error *err) BP_MUST_CHECK;

/*
 * Append the shares of one crosswalk to out: one line per from-area and
 * to-area, tab-separated (van, naar, aandeel, gewicht, oppervlakte m²,
 * gelijk), identical ones only when all is set; gemeente (a GM code or
 * NULL) limits it to the from-areas of that gemeente's code.  BP_ERR_NOT_FOUND
 * when the crosswalk has not been built.
 */
bp_rc bp_crosswalk_show(PGconn *conn, bp_area_level level, int from_year, int to_year,
                        const char *gemeente, int all, bp_buf *out, bp_error *err) BP_MUST_CHECK;

#endif
