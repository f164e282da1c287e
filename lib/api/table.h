/*
 * table.h: a resource's JSON as a flat table, for the downloads (CSV, XLSX).
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

typedef struct bp_api_table {
	size_t n_cols, n_rows;
	char **keys;         /* the flattened key of each column */
	const char **labels; /* its header (static, or the key) */
	json_t ***cells;     /* [row][col]: borrowed from the body, NULL when absent */
} bp_api_table;

/* Build from body (which must outlive the table); 0 when it holds no array. */
int bp_api_table_from(const json_t *body, bp_api_table *t);
void bp_api_table_free(bp_api_table *t);

/* CSV as Dutch Excel reads it: UTF-8 with BOM, ';', decimal comma, CRLF.
 * malloc'd; *len its length. */
char *bp_api_table_csv(const bp_api_table *t, size_t *len);

struct bp_buf;
/* A list cell (an indicator's periods) as one text: "2022, 2024". */
void bp_api_cell_list(const json_t *list, struct bp_buf *out);

/* The same as an Excel workbook (libxlsxwriter): one sheet named sheet,
 * a bold frozen header row, figures as numbers.  libxlsxwriter 1.1.4 writes
 * only to a file, so it goes through a private temporary file that is
 * removed before returning.  malloc'd; NULL when it could not be written. */
char *bp_api_table_xlsx(const bp_api_table *t, const char *sheet, size_t *len);

#endif
