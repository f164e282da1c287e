/*
 * kinds.h: the importers of the registry (registry.c's table).  The
 * built-in ones are adapters in kinds.c over each importer's own options and
 * result; a new kind defines its descriptor in its own file and adds a line
 * here.
 */
#ifndef BP_IMPORT_KINDS_H
#define BP_IMPORT_KINDS_H

#include "import/registry.h"

extern const bp_importer bp_importer_statline_csv;   /* kinds.c */
extern const bp_importer bp_importer_kwb_csv;        /* kinds.c */
extern const bp_importer bp_importer_cbs_dump;       /* kinds.c */
extern const bp_importer bp_importer_survey;         /* kinds.c */
extern const bp_importer bp_importer_survey_results; /* kinds.c */
extern const bp_importer bp_importer_experiences;    /* kinds.c */
extern const bp_importer bp_importer_json;           /* kinds.c */
extern const bp_importer bp_importer_geojson;        /* kinds.c */
extern const bp_importer bp_importer_cbs;            /* kinds.c */
extern const bp_importer bp_importer_table;          /* table_kind.c */

#endif
