/*
 * intervention.h: the intervention registry, read from the .yaml files of
 * interventions/ (one per file) and kept in PostgreSQL with its history
 * (sql/006_interventions.sql).
 *
 *     id: oss-buurtkamer-schadewijk
 *     name: Buurtkamer Schadewijk
 *     description: Wekelijkse inloop voor ouderen.      # optional
 *     theme: sociale-veerkracht                         # as in indicators/
 *     areas: [WK082801, oss-dorpshuis-berghem]          # CBS codes or custom area ids
 *     start: 2014-09-01
 *     end: 2018-12-31                                   # optional
 *     indicators:
 *       - {id: eenzaamheid, direction: down}            # up | down
 *       - {id: mantelzorg, direction: up, pretrend_series: eenpersoonshuishoudens}   # optional
 *     partner: Stichting Welzijn Oss
 *     example: true                                     # optional: a voorbeeld, not a real programme
 *     match_on: [moeite_met_rondkomen]                  # optional: structure to match comparisons on
 *
 * A target area is a CBS code (GM, WK or BU with its digits) or the id of a
 * custom area (areas/), whose bp.area code is "CU" + id.  Everything
 * returned lives in the caller's arena.
 */
#ifndef BP_ENGINE_INTERVENTION_H
#define BP_ENGINE_INTERVENTION_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "engine/custom_area.h"
#include "engine/indicator_def.h"

typedef enum bp_direction {
	BP_DIRECTION_UP,
	BP_DIRECTION_DOWN
} bp_direction;

typedef struct bp_intervention_indicator {
	const char *id;            /* an indicator id (indicators/) */
	bp_direction direction;    /* the way the intervention means to move it */
	bp_srcloc loc;             /* the id's position */
	/* pretrend_series (optional): an indicator id of a more detailed related
	 * series (e.g. yearly KWB figures) on which effect.h checks the trends
	 * before the start when this indicator has fewer than two periods there */
	const char *pretrend_series;
	bp_srcloc pretrend_loc;
} bp_intervention_indicator;

typedef struct bp_intervention {
	const char *id;            /* [a-z0-9-]+, starts with a letter */
	const char *name;
	const char *description;   /* may be NULL */
	const char *theme;
	const char *partner;
	const char **areas;        /* as written: CBS code or custom area id */
	const char **area_codes;   /* the bp.area code: the CBS code, or "CU" + id */
	bp_srcloc *area_locs;
	size_t n_areas;
	const char *start;         /* YYYY-MM-DD */
	int start_year;
	const char *end;           /* YYYY-MM-DD, or NULL: still running */
	bp_intervention_indicator *indicators;
	size_t n_indicators;
	int example;               /* example: true (a voorbeeld) */
	/* match_on: indicator ids of structure (age, households, income, density)
	 * the comparison areas are matched on besides the indicator (effect.h) */
	const char **match_on;
	size_t n_match_on;
	bp_srcloc match_on_loc;
	bp_srcloc loc, id_loc;
	char hash[65];             /* SHA-256 (hex) of the canonical definition: a changed hash is a new version */
} bp_intervention;

typedef struct bp_intervention_set {
	bp_intervention *items;    /* sorted by id */
	size_t n;
} bp_intervention_set;

/*
 * Load every *.yaml in dir (sorted by name).  Syntax, missing or unknown
 * keys, a bad id, area code, date or direction, an end before the start,
 * an area or indicator listed twice and a duplicate id are BP_ERR_CONFIG at
 * FILE:LINE:COL.  A missing folder is BP_ERR_IO; an empty one an empty set.
 */
bp_rc bp_interventions_load_dir(const char *dir, bp_arena *a, bp_intervention_set *out, bp_error *err) BP_MUST_CHECK;
bp_rc bp_intervention_load_file(const char *path, bp_arena *a, bp_intervention *out, bp_error *err) BP_MUST_CHECK;
/* The same for text in memory; name stands for the file in error locations. */
bp_rc bp_intervention_load_string(const char *name, const char *text, bp_arena *a,
                                  bp_intervention *out, bp_error *err) BP_MUST_CHECK;

/*
 * Check references against the other definitions: every indicator must be
 * defined in indicators (and of the intervention's theme is not required:
 * a programme may aim at another theme's figure), every custom area id in
 * areas (NULL: custom area ids are not checked).  BP_ERR_CONFIG at the
 * reference's position.
 */
bp_rc bp_interventions_check_refs(const bp_intervention_set *set, const bp_indicator_set *indicators,
                                  const bp_custom_area_set *areas, bp_error *err) BP_MUST_CHECK;

/* Find by id; NULL if absent. */
const bp_intervention *bp_intervention_find(const bp_intervention_set *set, const char *id);
const char *bp_direction_name(bp_direction d); /* "up", "down" */

/*
 * Make bp.intervention hold these definitions (one transaction).  An
 * unchanged definition (same hash) is left alone; a changed one closes its
 * current version (valid_to = now()) and adds version + 1 with its targets
 * and indicators; an id no longer defined has its current version closed.
 * Old versions are never deleted.  *added and *closed (may be NULL) count
 * the versions added and closed.
 */
bp_rc bp_interventions_store(PGconn *conn, const bp_intervention_set *set, int *added, int *closed,
                             bp_error *err) BP_MUST_CHECK;

#endif
