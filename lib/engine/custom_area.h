/*
 * custom_area.h: areas a user defines as a list of buurten or wijken, read
 * from the .yaml files of areas/ (one per file) and stored as bp.area rows of level
 * 'custom' (code 'CU' + id, parent the gemeente) with their members in
 * bp.custom_area_member (sql/003_custom_areas.sql).
 *
 *     id: oss-dorpshuis-berghem
 *     name: Verzorgingsgebied dorpshuis Berghem
 *     gemeente: GM0828
 *     kind: verzorgingsgebied      # dorp | kern | verzorgingsgebied
 *     indeling_year: 2024
 *     members: [BU08281000, BU08281001]
 *
 * compute.c computes a custom area's values from its members' summed
 * numerators and denominators.  Instead of members an area may be drawn:
 * 'polygon' (custom_polygon.h), stored in bp.custom_area_polygon; it gets
 * its values, all marked translated, through import/custom_overlay.c's
 * shares and engine/translate.c.  Everything returned lives in the caller's arena.
 */
#ifndef BP_ENGINE_CUSTOM_AREA_H
#define BP_ENGINE_CUSTOM_AREA_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "engine/custom_polygon.h"
#include "engine/indicator_def.h"

typedef struct bp_custom_area {
	const char *id;            /* [a-z0-9-]+, starts with a letter */
	const char *code;          /* "CU" + id: the bp.area code */
	const char *name;
	const char *gemeente;      /* GM code */
	const char *kind;          /* dorp, kern or verzorgingsgebied */
	long indeling_year;
	const char **members;      /* buurt (BU) or wijk (WK) codes; none when drawn */
	bp_srcloc *member_locs;
	size_t n_members;
	bp_custom_polygon polygon; /* when drawn: coordinates not NULL */
	bp_srcloc loc, id_loc, gemeente_loc;
} bp_custom_area;

typedef struct bp_custom_area_set {
	bp_custom_area *items;     /* sorted by id */
	size_t n;
} bp_custom_area_set;

/*
 * Load every *.yaml in dir.  Syntax, missing or unknown keys, a bad id or
 * code, a member of another gemeente (by its code), a member listed twice,
 * both or neither of members and polygon, a bad polygon and a duplicate id
 * are BP_ERR_CONFIG at FILE:LINE:COL.  An empty folder
 * gives an empty set.
 */
bp_rc bp_custom_areas_load_dir(const char *dir, bp_arena *a, bp_custom_area_set *out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_custom_area_load_file(const char *path, bp_arena *a, bp_custom_area *out, bp_error *err) BP_MUST_CHECK;

/*
 * Make the database hold exactly these custom areas (one transaction):
 * each area and its members are written; custom areas no longer defined are
 * removed with their indicator values.  A member or gemeente not in
 * bp.area for the indeling year, or a member whose wijk is also a member
 * (counted twice), is BP_ERR_CONFIG at the member's position; nothing is
 * changed then.
 */
bp_rc bp_custom_areas_store(PGconn *conn, const bp_custom_area_set *set, bp_error *err) BP_MUST_CHECK;

#endif
