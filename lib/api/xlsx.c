#include "api/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/buf.h"

static void write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, json_t *v)
{
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v)) {
		/* write_string never makes a formula of text: no ' needed here */
		worksheet_write_string(ws, r, c, json_string_value(v), NULL);
	} else if (json_is_number(v)) {
		worksheet_write_number(ws, r, c, json_number_value(v), NULL);
	} else if (json_is_boolean(v)) {
		worksheet_write_string(ws, r, c, json_is_true(v) ? "ja" : "nee", NULL);
	} else if (json_is_array(v)) {
		bp_buf b;
		bp_buf_init(&b);
		bp_api_cell_list(v, &b);
		worksheet_write_string(ws, r, c, b.data, NULL);
		bp_buf_release(&b);
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	bp_buf b;
	bp_buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bp_buf_add(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		bp_buf_release(&b);
		return NULL;
	}
	return bp_buf_detach(&b, len);
}

char *bp_api_table_xlsx(const bp_api_table *t, const char *sheet, size_t *len)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/buurtpeil-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);   /* reserves a private name (mode 0600) */
	if (fd < 0)
		return NULL;
	close(fd);
	char *out = NULL;
	lxw_workbook *wb = workbook_new(path);
	if (wb) {
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
		if (!ws) {   /* a name Excel refuses; ours are short words */
			workbook_close(wb);
			unlink(path);
			return NULL;
		}
		lxw_format *bold = workbook_add_format(wb);
		format_set_bold(bold);
		for (size_t c = 0; c < t->n_cols; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, t->labels[c], bold);
		worksheet_freeze_panes(ws, 1, 0);
		for (size_t r = 0; r < t->n_rows; r++)
			for (size_t c = 0; c < t->n_cols; c++)
				write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, t->cells[r][c]);
		if (workbook_close(wb) == LXW_NO_ERROR)
			out = slurp(path, len);
	}
	unlink(path);
	return out;
}
