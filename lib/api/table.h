/*
 * table.h: a resource's JSON as a flat table, for the downloads (CSV, XLSX,
 * written by table/table.h as the site's are).
 *
 * The table is the body's first array member ("values", "areas", ...), one
 * row per element; nested objects become columns named with '_'
 * (comparisons_land_percentile), a list of words one cell ("2022, 2024"),
 * and a list of objects (the needs overview's items per area) one row per
 * object beside its parent's cells.  Columns are the union over the rows
 * in the order first seen; headers are Dutch where the key is known.
 */
#ifndef BP_API_TABLE_H
#define BP_API_TABLE_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"
#include "table/table.h"

typedef struct bp_api_table {
	size_t n_cols, n_rows;
	char **keys;         /* the flattened key of each column */
	const char **labels; /* its header (static, or the key) */
	json_t ***cells;     /* [row][col]: borrowed from the body, NULL when absent */
} bp_api_table;

/* Build from body (which must outlive the table); 0 when it holds no array. */
int bp_api_table_from(const json_t *body, bp_api_table *t);
void bp_api_table_free(bp_api_table *t);

struct bp_buf;
/* A list cell (an indicator's periods) as one text: "2022, 2024". */
void bp_api_cell_list(const json_t *list, struct bp_buf *out);

/* The table's cells as the download writers take them (table/table.h:
 * bp_table_csv, bp_table_xlsx), in a; labels and text borrowed from t and
 * its body. */
void bp_api_table_cells(const bp_api_table *t, bp_arena *a, bp_table *out);

#endif
