/*
 * areaname.h: find the area a table means by its code, its gemeentenummer or
 * its name, among the areas already loaded for one indeling (issue 21).
 *
 * Names are compared case-folded and trimmed.  A gemeente name may carry
 * CBS's region-type suffix, "Oss (GM)"; a name with another suffix ("Noord-
 * Brabant (PV)", "Politie Oost-Brabant (RE)") is a region of another type and
 * is skipped, not an error.  "Nederland" is the country.  Wijk and buurt
 * names are only unique within their gemeente, so they are looked up there.
 */
#ifndef BP_IMPORT_AREANAME_H
#define BP_IMPORT_AREANAME_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/areacode.h"

typedef struct bp_area_dir bp_area_dir;

typedef struct bp_area_found {
	const char *code;       /* "GM0828" */
	const char *gemeente;   /* its gemeente; NULL for Nederland */
	/* A region of another type (code NULL): a key for it that every table
	 * naming it alike derives alike, [A-Z0-9-]: the CBS key as written
	 * ("PV30", "RE07") or the title's type and name ("PV-NOORD-BRABANT"
	 * for "Noord-Brabant (PV)"); and its title where the cell gives one. */
	const char *other, *other_name;
} bp_area_found;

/* The areas of indeling year, read into a (freed with it). */
bp_rc bp_area_dir_load(PGconn *conn, int year, bp_arena *a, bp_area_dir **out, bp_error *err) BP_MUST_CHECK;

/* How many areas it holds (0: nothing loaded for the indeling). */
long bp_area_dir_size(const bp_area_dir *d);

/*
 * Resolve one cell.  Returns BP_OK with *found, or BP_OK with found->code
 * NULL and found->other set when the cell is of another region type (to be
 * skipped and counted, or loaded as a custom area);
 * BP_ERR_PARSE with a message (no location: the caller knows the cell) for an
 * unknown or ambiguous area, with a hint naming the candidates.
 *   by_code:   a CBS code, padded or not (a key of another region type,
 *              PV20, LD01, CR35, GG3714, is skipped)
 *   by_number: a gemeentenummer, "828" or "0828"
 *   by_name:   level BP_LEVEL_GEMEENTE (also "Nederland"), or wijk/buurt
 *              within gemeente (a code)
 */
bp_rc bp_area_dir_by_code(const bp_area_dir *d, const char *s, bp_area_found *found, bp_error *err) BP_MUST_CHECK;
bp_rc bp_area_dir_by_number(const bp_area_dir *d, const char *s, bp_area_found *found, bp_error *err) BP_MUST_CHECK;
bp_rc bp_area_dir_by_name(const bp_area_dir *d, const char *s, bp_area_level level, const char *gemeente,
                          bp_area_found *found, bp_error *err) BP_MUST_CHECK;

/* A gemeente given as number, code or name (a 'gemeente_column' cell). */
bp_rc bp_area_dir_gemeente(const bp_area_dir *d, const char *s, bp_area_found *found, bp_error *err) BP_MUST_CHECK;

#endif
