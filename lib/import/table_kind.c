/*
 * table_kind.c: the registry's `table` kind (import table FILE --mapping M):
 * any table through a mapping (table.h), one file plus one row in
 * registry.c, as ARCHITECTURE.md describes adding a kind.
 */
#include "import/kinds.h"

#include "import/table.h"

static bp_rc run_table(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                       bp_error *err)
{
	bp_table_options o = { .path = bp_import_str(args, "file"), .mapping = bp_import_str(args, "mapping") };
	bp_table_result r;
	bp_rc rc = bp_import_table(conn, &o, a, &r, err);
	if (rc)
		return rc;
	sum->source_id = r.base.source_id;
	sum->already_loaded = r.base.already_loaded;
	bp_import_count(sum, r.base.areas, "areas");
	bp_import_count(sum, r.base.observations, "observations");
	if (r.base.already_loaded)
		return BP_OK;
	sum->line = bp_arena_printf(a, "%ld rows: %ld observations of %ld areas for indeling %d loaded (source %ld)",
	                            r.base.rows, r.base.observations, r.base.areas, r.base.year, r.base.source_id);
	if (r.intervals)
		bp_import_note(sum, a, "  %ld figures with their interval or respondent count", r.intervals);
	if (r.skipped_rows)
		bp_import_note(sum, a, "  %ld rows of another region type (provincie, landsdeel, ...) skipped",
		               r.skipped_rows);
	if (r.custom_rows)
		bp_import_note(sum, a, "  %ld rows of another region type loaded as %ld custom areas", r.custom_rows,
		               r.custom_areas);
	if (r.duplicate_rows)
		bp_import_note(sum, a, "  %ld rows repeated earlier ones exactly (first at line %ld), loaded once",
		               r.duplicate_rows, r.first_duplicate_line);
	if (r.unmapped_rows)
		bp_import_note(sum, a, "  %ld rows of topics the mapping does not name, not loaded", r.unmapped_rows);
	return BP_OK;
}

const bp_importer bp_importer_table = {
	.kind = "table",
	.summary =
		"Load any table (CSV, wide or long) as its publisher made it, through a mapping:\n"
		"which column holds the area (code, gemeentenummer or name), the period, each\n"
		"measure (column -> variable), bounds and respondent counts or a Marges-style\n"
		"dimension, and the source (publisher, title, table, URL, licence) cited on the\n"
		"pages.  Areas come from those already loaded for the indeling.  One\n"
		"transaction; the same file with the same mapping twice is loaded once.\n",
	.keys = {
		{ "file", BP_KEY_PATH, BP_KEY_ARG | BP_KEY_REQUIRED, "FILE", "the table to load", NULL },
		{ "mapping", BP_KEY_PATH, BP_KEY_REQUIRED, "MAPPING.yaml", "the mapping (required)", NULL },
	},
	.run = run_table,
};
