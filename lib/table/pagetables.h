/*
 * pagetables.h: the tables of an HTML page as the page shows them, for the
 * downloads beside the site's pages.
 *
 * Read from the page itself (libxml2's HTML parser) rather than built again
 * beside each table's markup: a download then cannot say other figures,
 * labels or periods than its page, whichever of the dozen table writers of
 * lib/report made the table.  What is read:
 *
 *   - every <table>, in the order of the page: its <caption> the title,
 *     the last row of its <thead> (else a first row of <th> only) the
 *     header, every other <tr> a row (a colspan spreads as empty cells);
 *   - a cell of a numeric column (class "num" on the cell or its header) is
 *     a number as the page rounded it: "1.234,5", "−0,3", "+0,3 %-punt",
 *     "24,1 (20,3–27,9)".  A unit after the number goes to a column
 *     "HEADER: eenheid", an interval to "HEADER: ondergrens 95%-interval"
 *     and "...bovengrens..." (the pages' intervals are 95 %); "–" is empty;
 *     any other text (a suppressed figure's reason: "geheim (CBS)", "te
 *     weinig respondenten") leaves the cell empty and is said in a last
 *     column "status" as "HEADER: text", so a figure column holds figures only;
 *   - other cells: their text, whitespace collapsed;
 *   - per table the page's "bron" paragraphs that follow it (the sources of
 *     exactly its figures); per page the <h1>, the notices (p.let-op: a
 *     synthetic or translated figure, p.stand: a report as of a date) and the
 *     footer's first paragraph (sources and licence).
 */
#ifndef BP_TABLE_PAGETABLES_H
#define BP_TABLE_PAGETABLES_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "table/table.h"

typedef struct bp_page_table {
	bp_table t;
	const char *sources;   /* the "bron" paragraphs after it; NULL: none */
} bp_page_table;

typedef struct bp_page_tables {
	const char *title;     /* the page's <h1>; NULL: none */
	const char *lang;      /* <html lang>, e.g. "nl" or "en"; NULL: none */
	const char *footer;    /* the footer's first paragraph; NULL: none */
	const char **notices;  /* [n_notices] */
	size_t n_notices;
	bp_page_table *tables; /* [n] */
	size_t n;
} bp_page_tables;

/* The tables of the page html (len bytes, UTF-8; name for errors), in a.
 * BP_ERR_PARSE when libxml2 cannot make a document of it. */
bp_rc bp_page_tables_read(const char *html, size_t len, const char *name, bp_arena *a, bp_page_tables *out,
                          bp_error *err) BP_MUST_CHECK;

#endif
