#include "table/table.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

/* Hand-written rather than libcsv: libcsv writes fields with its own
 * quoting but knows neither the BOM, the decimal comma nor the guard
 * against formulas, which are what this writer is for. */

const bp_csv_style bp_csv_dutch = { ';', ',' }, bp_csv_english = { ',', '.' };

/* Text cells quoted when needed; a leading = + - @ gets a ' so that a
 * spreadsheet never runs a name as a formula. */
static void csv_text(bp_buf *b, const char *s, char sep)
{
	const char special[] = { sep, '"', '\r', '\n', '\0' };
	int quote = strpbrk(s, special) != NULL;
	if (quote)
		bp_buf_addc(b, '"');
	if (strchr("=+-@", s[0]) && s[0])
		bp_buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			bp_buf_addc(b, '"');
		bp_buf_addc(b, *p);
	}
	if (quote)
		bp_buf_addc(b, '"');
}

static void csv_cell(bp_buf *b, const bp_cell *v, const bp_csv_style *st)
{
	char num[64];
	switch (v->kind) {
	case BP_CELL_EMPTY:
		break;
	case BP_CELL_TEXT:
		csv_text(b, v->text, st->sep);
		break;
	case BP_CELL_INT:
		bp_buf_printf(b, "%lld", v->i);
		break;
	case BP_CELL_REAL:
		/* as rounded, else every digit the value has; the style's decimal mark (snprintf
		 * writes '.': buurtpeil never sets LC_NUMERIC) */
		if (v->places > 0 && v->places <= 16)
			snprintf(num, sizeof(num), "%.*f", v->places - 1, v->d);
		else
			snprintf(num, sizeof(num), "%.15g", v->d);
		for (char *p = num; *p; p++)
			if (*p == '.')
				*p = st->decimal;
		bp_buf_adds(b, num);
		break;
	}
}

char *bp_table_csv(const bp_table *t, const bp_table_note *notes, size_t n_notes, size_t *len)
{
	return bp_table_csv_styled(t, notes, n_notes, &bp_csv_dutch, len);
}

char *bp_table_csv_styled(const bp_table *t, const bp_table_note *notes, size_t n_notes, const bp_csv_style *st,
                          size_t *len)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "\xEF\xBB\xBF");
	for (size_t c = 0; c < t->n_cols; c++) {
		if (c)
			bp_buf_addc(&b, st->sep);
		csv_text(&b, t->labels[c], st->sep);
	}
	bp_buf_adds(&b, "\r\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			if (c)
				bp_buf_addc(&b, st->sep);
			csv_cell(&b, &t->cells[r][c], st);
		}
		bp_buf_adds(&b, "\r\n");
	}
	if (n_notes)
		bp_buf_adds(&b, "\r\n");
	for (size_t i = 0; i < n_notes; i++) {
		csv_text(&b, notes[i].key, st->sep);
		bp_buf_addc(&b, st->sep);
		csv_text(&b, notes[i].value, st->sep);
		bp_buf_adds(&b, "\r\n");
	}
	return bp_buf_detach(&b, len);
}
