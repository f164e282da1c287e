#include "table/table.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/buf.h"

/* A number format per count of decimals ("0.0"), made when first needed. */
typedef struct formats {
	lxw_workbook *wb;
	lxw_format *places[17];
} formats;

static lxw_format *places_format(formats *f, int places)
{
	if (places <= 0 || places > 16)
		return NULL;
	if (!f->places[places]) {
		char fmt[24] = "0";
		if (places > 1) {
			fmt[1] = '.';
			memset(fmt + 2, '0', (size_t)places - 1);
			fmt[places + 1] = '\0';
		}
		f->places[places] = workbook_add_format(f->wb);
		format_set_num_format(f->places[places], fmt);
	}
	return f->places[places];
}

static void write_cell(lxw_worksheet *ws, formats *f, lxw_row_t r, lxw_col_t c, const bp_cell *v)
{
	switch (v->kind) {
	case BP_CELL_EMPTY:
		break;
	case BP_CELL_TEXT:
		/* write_string never makes a formula of text: no ' needed here */
		worksheet_write_string(ws, r, c, v->text, NULL);
		break;
	case BP_CELL_INT:
		worksheet_write_number(ws, r, c, (double)v->i, NULL);
		break;
	case BP_CELL_REAL:
		worksheet_write_number(ws, r, c, v->d, places_format(f, v->places));
		break;
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

static int write_book(lxw_workbook *wb, const bp_table_book *bk)
{
	if (bk->title || bk->created) {
		/* libxlsxwriter takes char *, and copies it */
		lxw_doc_properties props = { .title = (char *)(uintptr_t)bk->title, .created = bk->created };
		if (workbook_set_properties(wb, &props) != LXW_NO_ERROR)
			return -1;
	}
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	formats f = { .wb = wb };
	for (size_t i = 0; i < bk->n; i++) {
		const bp_table *t = &bk->tables[i];
		lxw_worksheet *ws = workbook_add_worksheet(wb, bk->sheets[i]);
		if (!ws)   /* a name Excel refuses; ours are short words */
			return -1;
		for (size_t c = 0; c < t->n_cols; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, t->labels[c], bold);
		worksheet_freeze_panes(ws, 1, 0);
		for (size_t r = 0; r < t->n_rows; r++)
			for (size_t c = 0; c < t->n_cols; c++)
				write_cell(ws, &f, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cells[r][c]);
	}
	if (bk->n_notes) {
		lxw_worksheet *ws = workbook_add_worksheet(wb, bk->notes_sheet);
		if (!ws)
			return -1;
		for (size_t i = 0; i < bk->n_notes; i++) {
			worksheet_write_string(ws, (lxw_row_t)i, 0, bk->notes[i].key, bold);
			worksheet_write_string(ws, (lxw_row_t)i, 1, bk->notes[i].value, NULL);
		}
	}
	return 0;
}

char *bp_table_xlsx(const bp_table_book *bk, size_t *len)
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
		int bad = write_book(wb, bk);
		if (workbook_close(wb) == LXW_NO_ERROR && !bad)
			out = slurp(path, len);
	}
	unlink(path);
	return out;
}
