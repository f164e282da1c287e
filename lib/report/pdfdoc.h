/*
 * pdfdoc.h: a flowing multi-page A4 document on Cairo's PDF surface, for
 * the PDF reports (district profiles, gemeente overview, needs overview).
 *
 * Text is set with Pango in DejaVu Sans; charts are drawn straight onto the
 * page by their own drawing code (bp_canvas_draw_at), so they stay vector
 * and searchable.  Content flows down the page; whatever does not fit on
 * what is left of a page starts the next one, and tables repeat their
 * header there.  Every page carries a footer with the source line and the
 * page number.  The file is written to a temporary name and renamed only
 * when the document is complete (bp_tmpfile).
 *
 * Text is bounded, so that no name from a file can stretch a page or stop
 * the document from ending: every text is cut at BP_PDF_MAX_CHARS
 * characters, a table cell at BP_PDF_MAX_CELL_CHARS characters and
 * BP_PDF_MAX_CELL_LINES lines, a heading at BP_PDF_MAX_HEADING_LINES lines,
 * each with an ellipsis (…) where it is cut; the data keep the whole text.
 * A paragraph or row still taller than what is left of a page is clipped at
 * the page's bottom, never moved to the next page twice.
 *
 * Errors are sticky: the first one is kept in the document and returned by
 * bp_pdfdoc_close, so callers can lay out a page without checking each call.
 */
#ifndef BP_REPORT_PDFDOC_H
#define BP_REPORT_PDFDOC_H

#include <stddef.h>

#include <cairo.h>
#include <stdio.h>
#include <pango/pangocairo.h>

#include "core/error.h"
#include "core/fsutil.h"
#include "render/canvas.h"

#define BP_A4_WIDTH  595.28   /* points */
#define BP_A4_HEIGHT 841.89
#define BP_PDF_MARGIN 50.0

#define BP_PDF_MAX_CHARS 4000         /* any text */
#define BP_PDF_MAX_CELL_CHARS 400     /* a table cell or heading, before the line limit */
#define BP_PDF_MAX_CELL_LINES 6       /* a table cell */
#define BP_PDF_MAX_HEADING_LINES 3    /* a heading (H1, H2) */

enum bp_pdf_style {
	BP_PDF_H1, BP_PDF_H2, BP_PDF_LEAD, BP_PDF_BODY, BP_PDF_SMALL, BP_PDF_CELL, BP_PDF_CELL_BOLD,
	BP_PDF_N_STYLES
};

typedef struct bp_pdfdoc {
	bp_tmpfile tmp;
	FILE *out;                 /* on tmp, buffered: Cairo writes a PDF in thousands of small pieces */
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontDescription *font[BP_PDF_N_STYLES];
	const char *title;         /* for the metadata and for errors (names the area) */
	const char *running_head;  /* small line at the top of every page */
	const char *footer;        /* the source line, at the bottom of every page */
	double y;                  /* where the next block starts */
	int page;                  /* 1-based; 0 before the first */
	bp_rc rc;                  /* the first error, or BP_OK */
	bp_error *err;
	bp_lang lang;              /* the page numbers' and the stamp's language; open sets Dutch */
} bp_pdfdoc;

/* Start a document at path (its folder must exist); title goes into the metadata. */
bp_rc bp_pdfdoc_open(bp_pdfdoc *d, const char *path, const char *title, const char *running_head,
                     const char *footer, bp_error *err) BP_MUST_CHECK;
/* Finish, check, and rename into place; on error nothing is left behind. */
bp_rc bp_pdfdoc_close(bp_pdfdoc *d) BP_MUST_CHECK;
/* Throw the document away (after an error of the caller's own). */
void bp_pdfdoc_abort(bp_pdfdoc *d);

/* The width of the text column. */
double bp_pdfdoc_width(const bp_pdfdoc *d);
/* Start a new page unless h points still fit on this one. */
void bp_pdfdoc_need(bp_pdfdoc *d, double h);
void bp_pdfdoc_space(bp_pdfdoc *d, double h);
/* A paragraph in a style, wrapped to the column, in rgb (0xRRGGBB); keeps a
 * heading together with the next keep_with points. */
void bp_pdfdoc_text(bp_pdfdoc *d, enum bp_pdf_style st, const char *text, unsigned rgb, double keep_with);
/* A paragraph on a tinted box, for notices ("synthetische gegevens"). */
void bp_pdfdoc_note(bp_pdfdoc *d, const char *text);
/* A chart of lib/render drawn at the column width (never wider than it is).
 * A chart that cannot be laid out fails the document at its path, with the
 * document's title (which names the area) in the detail. */
void bp_pdfdoc_chart(bp_pdfdoc *d, const bp_chart_ops *ops, const void *chart);

/*
 * A table: n_cols columns of relative widths (summing to anything), aligns
 * 'l' or 'r', a header row and n_rows rows of cells (row-major, NULL = "").
 * Rows flagged in bold[] (may be NULL) are set bold (references).
 */
void bp_pdfdoc_table(bp_pdfdoc *d, size_t n_cols, const double *widths, const char *aligns,
                     const char *const *head, const char *const *cells, size_t n_rows, const int *bold);
/* The same with notes[r] (NULL or "": none) as a line of its own across the
 * columns under row r, kept on the row's page: a text too long for a
 * column of a full table (the needs overview's "why"). */
void bp_pdfdoc_table_notes(bp_pdfdoc *d, size_t n_cols, const double *widths, const char *aligns,
                           const char *const *head, const char *const *cells, size_t n_rows, const int *bold,
                           const char *const *notes);

#endif
