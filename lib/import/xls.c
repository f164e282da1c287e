/* xls.c: a worksheet of an old .xls workbook as rows (freexl; see the header). */
#include "import/xls.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

int bp_xls_is_ole2(const char *data, size_t len)
{
	static const unsigned char magic[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	return len >= sizeof(magic) && memcmp(data, magic, sizeof(magic)) == 0;
}

/* freexl's codes in words a user can act on (it has no strerror of its own). */
static const char *reason(int code)
{
	switch (code) {
	case FREEXL_FILE_NOT_FOUND:
		return "cannot be opened";
	case FREEXL_INSUFFICIENT_MEMORY:
		return "is too large to read";
	case FREEXL_INVALID_CHARACTER:
	case FREEXL_UNSUPPORTED_CHARSET:
		return "has text in a character set freexl cannot convert";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "holds no workbook stream";
	default:
		return "is damaged or not an .xls workbook";
	}
}

static bp_rc fail(const char *path, bp_error *err, int code, const char *what)
{
	bp_error_at(err, path, 0, 0);
	return bp_fail(err, BP_ERR_PARSE, "the workbook %s (freexl: %s, code %d)", reason(code), what, code);
}

/*
 * A double as text in the fewest significant digits that read back as the
 * same double: the cell holds 45.8 as a binary double, and the table's
 * number parser (cbsvalue.c) must see what the author typed, not
 * 45.799999999999997.  By hand because neither libc nor GLib has a
 * shortest round-trip format (g_ascii_dtostr always writes 17 digits).
 */
static const char *shortest(bp_arena *a, double v)
{
	char s[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	return bp_arena_strdup(a, s);
}

static const char *cell_text(bp_arena *a, const FreeXL_CellValue *c)
{
	switch (c->type) {
	case FREEXL_CELL_INT:
		return bp_arena_printf(a, "%d", c->value.int_value);
	case FREEXL_CELL_DOUBLE:
		return shortest(a, c->value.double_value);
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		return bp_arena_strdup(a, c->value.text_value ? c->value.text_value : "");
	default:
		return "";
	}
}

/* The sheet's index by name (NULL: 0); else an error whose hint lists the sheets. */
static bp_rc find_sheet(const void *h, const char *path, const char *sheet, unsigned short *index, bp_error *err)
{
	unsigned int count = 0;
	int code = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count);
	if (code != FREEXL_OK)
		return fail(path, err, code, "the list of sheets");
	if (count == 0) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "the workbook has no worksheet");
	}
	bp_buf names;
	bp_buf_init(&names);
	for (unsigned int i = 0; i < count && i <= 0xFFFF; i++) {
		const char *name = NULL;
		if ((code = freexl_get_worksheet_name(h, (unsigned short)i, &name)) != FREEXL_OK) {
			bp_buf_release(&names);
			return fail(path, err, code, "a sheet's name");
		}
		if (!sheet || (name && strcmp(name, sheet) == 0)) {
			*index = (unsigned short)i;
			bp_buf_release(&names);
			return BP_OK;
		}
		bp_buf_printf(&names, "%s'%s'", i ? ", " : "", name ? name : "");
	}
	bp_error_at(err, path, 0, 0);
	bp_fail(err, BP_ERR_PARSE, "the workbook has no sheet '%s'", sheet);
	bp_error_hint(err, "its sheets: %s", names.data ? names.data : "");
	bp_buf_release(&names);
	return BP_ERR_PARSE;
}

bp_rc bp_xls_read(const char *path, const char *sheet, bp_arena *a, bp_xlsx_row_fn fn, void *ctx, bp_error *err)
{
	const void *h = NULL;
	int code = freexl_open(path, &h);
	if (code != FREEXL_OK) {
		/* freexl leaves a handle behind on some failures: closing NULL is harmless. */
		freexl_close(h);
		return fail(path, err, code, "open");
	}
	unsigned short index = 0;
	unsigned int rows = 0, protection = 0;
	unsigned short cols = 0;
	bp_rc rc = BP_OK;
	/* An obfuscated (password-protected) workbook opens, but its cells are scrambled. */
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &protection) == FREEXL_OK && protection == FREEXL_BIFF_OBFUSCATED) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the workbook is protected with a password");
		bp_error_hint(err, "save it again without a password, or as .xlsx or CSV");
		goto out;
	}
	if ((rc = find_sheet(h, path, sheet, &index, err)))
		goto out;
	if ((code = freexl_select_active_worksheet(h, index)) != FREEXL_OK ||
	    (code = freexl_worksheet_dimensions(h, &rows, &cols)) != FREEXL_OK) {
		rc = fail(path, err, code, "the sheet");
		goto out;
	}
	const char **cells = bp_arena_alloc(a, ((size_t)cols + 1) * sizeof(*cells));
	for (unsigned int r = 0; r < rows && rc == BP_OK; r++) {
		size_t n = 0;
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			if ((code = freexl_get_cell_value(h, r, c, &v)) != FREEXL_OK) {
				rc = fail(path, err, code, "a cell");
				goto out;
			}
			cells[c] = cell_text(a, &v);
			if (cells[c][0])
				n = (size_t)c + 1;
		}
		if (n)   /* as an .xlsx sheet: a row without cells is not delivered, a row ends at its last cell */
			rc = fn(ctx, cells, n, (long)r + 1, err);
	}
out:
	freexl_close(h);
	return rc;
}
