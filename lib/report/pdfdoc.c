#include "report/pdfdoc.h"

#include <errno.h>
#include <unistd.h>

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>

#include "report/html.h"

#define RGB_TEXT   0x1A1A1A
#define RGB_SUBTLE 0x4D4D4D
#define RGB_RULE   0x0072B2
#define RGB_LINE   0xC8C8C8
#define RGB_TINT   0xEEF4FA
#define FOOTER_H   34.0
#define HEAD_H     24.0

static const struct { double size; PangoWeight weight; } STYLES[BP_PDF_N_STYLES] = {
	[BP_PDF_H1]        = { 20, PANGO_WEIGHT_BOLD },
	[BP_PDF_H2]        = { 13, PANGO_WEIGHT_BOLD },
	[BP_PDF_LEAD]      = { 10.5, PANGO_WEIGHT_NORMAL },
	[BP_PDF_BODY]      = { 9.5, PANGO_WEIGHT_NORMAL },
	[BP_PDF_SMALL]     = { 7.5, PANGO_WEIGHT_NORMAL },
	[BP_PDF_CELL]      = { 8.5, PANGO_WEIGHT_NORMAL },
	[BP_PDF_CELL_BOLD] = { 8.5, PANGO_WEIGHT_BOLD },
};

static double bottom(void)
{
	return BP_A4_HEIGHT - BP_PDF_MARGIN - FOOTER_H;
}

double bp_pdfdoc_width(const bp_pdfdoc *d)
{
	(void)d;
	return BP_A4_WIDTH - 2 * BP_PDF_MARGIN;
}

/*
 * text cut to at most max characters, with an ellipsis, and with its line
 * breaks made spaces when flat; g_free'd by the caller.  Names come from
 * outside files: invalid UTF-8 is repaired rather than let Pango warn.
 */
static gchar *fit_text(const char *text, long max, int flat)
{
	gchar *t = g_utf8_validate(text, -1, NULL) ? g_strdup(text) : g_utf8_make_valid(text, -1);
	if (g_utf8_strlen(t, -1) > max) {
		gchar *cut = g_utf8_substring(t, 0, max - 1);
		g_free(t);
		t = g_strconcat(cut, "…", NULL);
		g_free(cut);
	}
	if (flat)
		for (char *p = t; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	return t;
}

static PangoLayout *layout(bp_pdfdoc *d, enum bp_pdf_style st, const char *text, double width,
                           PangoAlignment align)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	pango_layout_set_font_description(l, d->font[st]);
	gchar *t = fit_text(text ? text : "", BP_PDF_MAX_CHARS, 0);
	pango_layout_set_text(l, t, -1);
	g_free(t);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	return l;
}

/* A layout of one paragraph (a cell, a heading) of at most max_lines lines,
 * the last ending in an ellipsis when the text is longer. */
static PangoLayout *layout_lines(bp_pdfdoc *d, enum bp_pdf_style st, const char *text, double width,
                                 PangoAlignment align, int max_lines)
{
	PangoLayout *l = layout(d, st, "", width, align);
	gchar *t = fit_text(text ? text : "", BP_PDF_MAX_CELL_CHARS, 1);
	pango_layout_set_text(l, t, -1);
	g_free(t);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_height(l, -max_lines);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void show(bp_pdfdoc *d, PangoLayout *l, double x, double y, unsigned rgb)
{
	bp_set_rgb(d->cr, rgb);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
}

static void page_footer(bp_pdfdoc *d)
{
	double w = bp_pdfdoc_width(d);
	cairo_t *cr = d->cr;
	bp_set_rgb(cr, RGB_LINE);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, BP_PDF_MARGIN, bottom() + 10);
	cairo_line_to(cr, BP_PDF_MARGIN + w, bottom() + 10);
	cairo_stroke(cr);
	char num[32];
	snprintf(num, sizeof(num), d->lang == BP_LANG_EN ? "Page %d" : "Pagina %d", d->page);
	PangoLayout *pl = layout(d, BP_PDF_SMALL, num, 60, PANGO_ALIGN_RIGHT);
	show(d, pl, BP_PDF_MARGIN + w - 60, bottom() + 15, RGB_SUBTLE);
	g_object_unref(pl);
	/* A report reproduced as of a date says so on every page (html.h). */
	const char *stamp = bp_html_stamp_lang(d->lang);
	gchar *text = stamp ? g_strdup_printf("%s %s", stamp, d->footer ? d->footer : "")
	                    : g_strdup(d->footer ? d->footer : "");
	PangoLayout *fl = layout(d, BP_PDF_SMALL, text, w - 70, PANGO_ALIGN_LEFT);
	g_free(text);
	show(d, fl, BP_PDF_MARGIN, bottom() + 15, RGB_SUBTLE);
	g_object_unref(fl);
}

static void new_page(bp_pdfdoc *d)
{
	if (d->page > 0) {
		page_footer(d);
		cairo_show_page(d->cr);
	}
	d->page++;
	d->y = BP_PDF_MARGIN;
	if (d->running_head) {
		double w = bp_pdfdoc_width(d);
		PangoLayout *l = layout(d, BP_PDF_SMALL, d->running_head, w, PANGO_ALIGN_LEFT);
		show(d, l, BP_PDF_MARGIN, d->y - 22, RGB_SUBTLE);
		g_object_unref(l);
		bp_set_rgb(d->cr, RGB_RULE);
		cairo_set_line_width(d->cr, 1.5);
		cairo_move_to(d->cr, BP_PDF_MARGIN, d->y - 8);
		cairo_line_to(d->cr, BP_PDF_MARGIN + w, d->y - 8);
		cairo_stroke(d->cr);
		d->y += HEAD_H - 16;
	}
}

/* cairo's writer: straight into the temporary file bp_tmpfile created, never
 * reopened by name (cairo's own fopen would follow whatever is there now). */
static cairo_status_t write_tmp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

bp_rc bp_pdfdoc_open(bp_pdfdoc *d, const char *path, const char *title, const char *running_head,
                     const char *footer, bp_error *err)
{
	memset(d, 0, sizeof(*d));
	d->err = err;
	d->title = title;
	d->running_head = running_head;
	d->footer = footer;
	/* Before the file: a PDF of empty boxes must not replace a good one. */
	bp_rc rc = bp_fonts_check(err);
	if (rc) {
		bp_error_at(err, path, 0, 0);
		return rc;
	}
	rc = bp_tmpfile_begin(&d->tmp, path, err);
	if (rc)
		return rc;
	d->out = bp_tmpfile_fdopen(&d->tmp, err);
	if (!d->out) {
		bp_tmpfile_abort(&d->tmp);
		return BP_ERR_IO;
	}
	/* One write per 64 KiB, not per piece (a PDF was ~1,000 write calls). */
	setvbuf(d->out, NULL, _IOFBF, 1 << 16);
	d->surface = cairo_pdf_surface_create_for_stream(write_tmp, d->out, BP_A4_WIDTH, BP_A4_HEIGHT);
	cairo_status_t st = cairo_surface_status(d->surface);
	if (st) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot write the PDF: %s", cairo_status_to_string(st));
		bp_pdfdoc_abort(d);
		return rc;
	}
	if (title)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "buurtpeil");
	/* No /CreationDate (an empty date makes Cairo leave it out): the same figures give the same
	 * bytes, so an incremental run can tell an unchanged PDF, and the date a reader needs is the
	 * data's, which the document states. */
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
	d->cr = cairo_create(d->surface);
	for (int i = 0; i < BP_PDF_N_STYLES; i++) {
		PangoFontDescription *fd = pango_font_description_new();
		pango_font_description_set_family(fd, "DejaVu Sans");
		pango_font_description_set_weight(fd, STYLES[i].weight);
		pango_font_description_set_absolute_size(fd, STYLES[i].size * PANGO_SCALE);
		d->font[i] = fd;
	}
	new_page(d);
	return BP_OK;
}

static void release(bp_pdfdoc *d)
{
	for (int i = 0; i < BP_PDF_N_STYLES; i++)
		if (d->font[i])
			pango_font_description_free(d->font[i]);
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->surface)
		cairo_surface_destroy(d->surface);
	memset(d->font, 0, sizeof(d->font));
	d->cr = NULL;
	d->surface = NULL;
}

/* Close the stream; 1 when everything written reached the file. */
static int close_out(bp_pdfdoc *d)
{
	int ok = d->out && fclose(d->out) == 0;
	d->out = NULL;
	return ok;
}

void bp_pdfdoc_abort(bp_pdfdoc *d)
{
	if (d->surface)
		cairo_surface_finish(d->surface);
	release(d);
	(void)close_out(d);
	bp_tmpfile_abort(&d->tmp);
}

bp_rc bp_pdfdoc_close(bp_pdfdoc *d)
{
	if (d->rc == BP_OK) {
		page_footer(d);
		cairo_show_page(d->cr);
		cairo_destroy(d->cr);
		d->cr = NULL;
		cairo_surface_finish(d->surface);
		cairo_status_t st = cairo_surface_status(d->surface);
		if (st) {
			bp_error_at(d->err, d->tmp.path, 0, 0);
			d->rc = bp_fail(d->err, BP_ERR_IO, "cannot write the PDF: %s", cairo_status_to_string(st));
		}
	}
	bp_rc rc = d->rc;
	release(d);
	if (!close_out(d) && rc == BP_OK) {
		bp_error_at(d->err, d->tmp.path, 0, 0);
		rc = bp_fail(d->err, BP_ERR_IO, "cannot write the PDF: %s", strerror(errno));
	}
	if (rc == BP_OK)
		rc = bp_tmpfile_commit(&d->tmp, d->err);
	if (rc)
		bp_tmpfile_abort(&d->tmp);
	return rc;
}

void bp_pdfdoc_need(bp_pdfdoc *d, double h)
{
	if (d->rc)
		return;
	if (d->y + h > bottom() && d->y > BP_PDF_MARGIN + HEAD_H)
		new_page(d);
}

void bp_pdfdoc_space(bp_pdfdoc *d, double h)
{
	d->y += h;
}

void bp_pdfdoc_text(bp_pdfdoc *d, enum bp_pdf_style st, const char *text, unsigned rgb, double keep_with)
{
	if (d->rc)
		return;
	double w = bp_pdfdoc_width(d);
	PangoLayout *l = st == BP_PDF_H1 || st == BP_PDF_H2
	                 ? layout_lines(d, st, text, w, PANGO_ALIGN_LEFT, BP_PDF_MAX_HEADING_LINES)
	                 : layout(d, st, text, w, PANGO_ALIGN_LEFT);
	double h = layout_height(l);
	bp_pdfdoc_need(d, h + keep_with);
	if (st == BP_PDF_H2 && d->y > BP_PDF_MARGIN + HEAD_H)
		d->y += 8;
	/* A paragraph taller than what is left of the page (only one of about
	 * BP_PDF_MAX_CHARS with many line breaks can be) is clipped at its
	 * bottom rather than drawn over the footer and off the page. */
	if (d->y + h > bottom()) {
		cairo_save(d->cr);
		cairo_rectangle(d->cr, 0, d->y, BP_A4_WIDTH, bottom() - d->y);
		cairo_clip(d->cr);
		show(d, l, BP_PDF_MARGIN, d->y, rgb);
		cairo_restore(d->cr);
		h = bottom() - d->y;
	} else {
		show(d, l, BP_PDF_MARGIN, d->y, rgb);
	}
	g_object_unref(l);
	d->y += h + (st == BP_PDF_H1 ? 6 : st == BP_PDF_H2 ? 5 : 5);
}

void bp_pdfdoc_note(bp_pdfdoc *d, const char *text)
{
	if (d->rc)
		return;
	double w = bp_pdfdoc_width(d), pad = 6;
	PangoLayout *l = layout(d, BP_PDF_BODY, text, w - 2 * pad - 4, PANGO_ALIGN_LEFT);
	double h = layout_height(l) + 2 * pad;
	bp_pdfdoc_need(d, h);
	bp_set_rgb(d->cr, RGB_TINT);
	cairo_rectangle(d->cr, BP_PDF_MARGIN, d->y, w, h);
	cairo_fill(d->cr);
	bp_set_rgb(d->cr, RGB_RULE);
	cairo_rectangle(d->cr, BP_PDF_MARGIN, d->y, 3, h);
	cairo_fill(d->cr);
	show(d, l, BP_PDF_MARGIN + pad + 4, d->y + pad, RGB_TEXT);
	g_object_unref(l);
	d->y += h + 8;
}

void bp_pdfdoc_chart(bp_pdfdoc *d, const bp_chart_ops *ops, const void *chart)
{
	if (d->rc)
		return;
	double w = bp_pdfdoc_width(d), h = 0;
	d->rc = bp_canvas_measure(ops, chart, w, &h, d->err);
	if (d->rc == BP_OK) {
		bp_pdfdoc_need(d, h);
		d->rc = bp_canvas_draw_at(ops, chart, d->cr, BP_PDF_MARGIN, d->y, w, &h, d->err);
	}
	if (d->rc) {
		/* The chart knows its width, not whose page it is on: a run of
		 * hundreds of PDFs must say which one (and so which area) failed. */
		if (d->err && !d->err->where[0])
			bp_error_at(d->err, d->tmp.path, 0, 0);
		if (d->err && d->title) {
			char was[BP_ERROR_TEXT];
			snprintf(was, sizeof(was), "%s", d->err->detail);
			bp_error_detail(d->err, "%s%sin the PDF '%s'", was, was[0] ? "; " : "", d->title);
		}
		return;
	}
	d->y += h + 10;
}

/* One row: the height it needs, and drawn when draw is set; note (NULL or
 * "": none) as a line of its own across all columns under the cells. */
static double table_row(bp_pdfdoc *d, size_t n_cols, const double *x, const double *cw, const char *aligns,
                        const char *const *cells, const char *note, enum bp_pdf_style st, int draw)
{
	const double pad = 3;
	double h = 0;
	if (note && *note && n_cols > 0) {
		double below = table_row(d, n_cols, x, cw, aligns, cells, NULL, st, draw);
		double across = x[n_cols - 1] + cw[n_cols - 1] - x[0];
		PangoLayout *l = layout_lines(d, BP_PDF_CELL, note, across - 2 * pad, PANGO_ALIGN_LEFT,
		                              BP_PDF_MAX_CELL_LINES);
		h = layout_height(l) + pad;
		if (draw)
			show(d, l, x[0] + pad, d->y + below - pad, RGB_SUBTLE);
		g_object_unref(l);
		return below + h;
	}
	PangoLayout *ls[64];
	for (size_t c = 0; c < n_cols && c < 64; c++) {
		ls[c] = layout_lines(d, st, cells[c], cw[c] - 2 * pad, aligns[c] == 'r' ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
		                     BP_PDF_MAX_CELL_LINES);
		double lh = layout_height(ls[c]);
		if (lh > h)
			h = lh;
	}
	h += 2 * pad;
	for (size_t c = 0; c < n_cols && c < 64; c++) {
		if (draw)
			show(d, ls[c], x[c] + pad, d->y + pad, RGB_TEXT);
		g_object_unref(ls[c]);
	}
	return h;
}

static void rule(bp_pdfdoc *d, double y, double width, unsigned rgb)
{
	bp_set_rgb(d->cr, rgb);
	cairo_set_line_width(d->cr, width);
	cairo_move_to(d->cr, BP_PDF_MARGIN, y);
	cairo_line_to(d->cr, BP_PDF_MARGIN + bp_pdfdoc_width(d), y);
	cairo_stroke(d->cr);
}

void bp_pdfdoc_table(bp_pdfdoc *d, size_t n_cols, const double *widths, const char *aligns,
                     const char *const *head, const char *const *cells, size_t n_rows, const int *bold)
{
	bp_pdfdoc_table_notes(d, n_cols, widths, aligns, head, cells, n_rows, bold, NULL);
}

void bp_pdfdoc_table_notes(bp_pdfdoc *d, size_t n_cols, const double *widths, const char *aligns,
                           const char *const *head, const char *const *cells, size_t n_rows, const int *bold,
                           const char *const *notes)
{
	if (d->rc || n_cols == 0 || n_cols > 64)
		return;
	double total = 0, w = bp_pdfdoc_width(d);
	double x[64], cw[64];
	for (size_t c = 0; c < n_cols; c++)
		total += widths[c];
	double at = BP_PDF_MARGIN;
	for (size_t c = 0; c < n_cols; c++) {
		x[c] = at;
		cw[c] = w * widths[c] / total;
		at += cw[c];
	}
	double hh = table_row(d, n_cols, x, cw, aligns, head, NULL, BP_PDF_CELL_BOLD, 0);
	double first = n_rows ? table_row(d, n_cols, x, cw, aligns, cells, notes ? notes[0] : NULL, BP_PDF_CELL, 0) : 0;
	bp_pdfdoc_need(d, hh + first);
	int new_head = 1;
	size_t moved = (size_t)-1;   /* the row last moved to a new page */
	for (size_t r = 0; r <= n_rows; r++) {
		if (new_head) {
			table_row(d, n_cols, x, cw, aligns, head, NULL, BP_PDF_CELL_BOLD, 1);
			d->y += hh;
			rule(d, d->y, 0.8, RGB_TEXT);
			new_head = 0;
		}
		if (r == n_rows)
			break;
		const char *const *row = cells + r * n_cols;
		const char *note = notes ? notes[r] : NULL;
		enum bp_pdf_style st = bold && bold[r] ? BP_PDF_CELL_BOLD : BP_PDF_CELL;
		double h = table_row(d, n_cols, x, cw, aligns, row, note, st, 0);
		/* A row is moved to a new page once: one that does not fit under the
		 * header of a fresh page either (cells are cut at
		 * BP_PDF_MAX_CELL_LINES lines, so only with a very tall header) is
		 * drawn there clipped, never moved again (that looped forever). */
		if (d->y + h > bottom() && moved != r) {
			int page = d->page;
			bp_pdfdoc_need(d, h);
			new_head = d->page != page;
			if (new_head) {
				moved = r;
				r--;  /* this row again, under the repeated header */
				continue;
			}
		}
		if (d->y + h > bottom()) {
			cairo_save(d->cr);
			cairo_rectangle(d->cr, 0, d->y, BP_A4_WIDTH, bottom() - d->y);
			cairo_clip(d->cr);
			table_row(d, n_cols, x, cw, aligns, row, note, st, 1);
			cairo_restore(d->cr);
			d->y = bottom();
			rule(d, d->y, 0.4, RGB_LINE);
			continue;
		}
		table_row(d, n_cols, x, cw, aligns, row, note, st, 1);
		d->y += h;
		rule(d, d->y, 0.4, RGB_LINE);
	}
	d->y += 8;
}
