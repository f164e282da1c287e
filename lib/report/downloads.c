#include "report/downloads.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "core/lang.h"
#include "table/pagetables.h"
#include "table/table.h"

/*
 * The workbook's creation date is this fixed time (1980-01-01, the zip
 * format's first date, as reproducible builds use), not the time of
 * writing: an unchanged page then gives the same bytes, which incremental
 * runs rest on (files equal to the published ones are linked, not kept
 * twice), as the PDFs carry no /CreationDate.  The page's footer dates it.
 */
#define BP_DOWNLOADS_CREATED ((time_t)315532800)

/* The language of the page the tables were read from (<html lang>): the downloads' own words follow it. */
static bp_lang lang_of(const bp_page_tables *pt)
{
	return pt->lang && strcmp(pt->lang, "en") == 0 ? BP_LANG_EN : BP_LANG_NL;
}

/* What a table's CSV says below its rows: what it is, where from, the labels of its page. */
static bp_table_note *notes_of(const bp_page_tables *pt, size_t k, bp_arena *a, size_t *n)
{
	const bp_lang L = lang_of(pt);
	bp_table_note *nt = bp_arena_alloc(a, (pt->n_notices + 5) * sizeof(*nt));
	*n = 0;
	if (pt->tables[k].t.title)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Tabel"), pt->tables[k].t.title };
	if (pt->title)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Pagina"), pt->title };
	for (size_t i = 0; i < pt->n_notices; i++)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Let op"), pt->notices[i] };
	if (pt->tables[k].sources)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Bij de tabel"), pt->tables[k].sources };
	if (pt->footer)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Bron en licentie"), pt->footer };
	return nt;
}

/* The workbook's sheet "Bron": the page, each table's caption and sources, the notices, the footer. */
static bp_table_note *book_notes(const bp_page_tables *pt, bp_arena *a, size_t *n)
{
	const bp_lang L = lang_of(pt);
	bp_table_note *nt = bp_arena_alloc(a, (2 * pt->n + pt->n_notices + 3) * sizeof(*nt));
	*n = 0;
	if (pt->title)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Pagina"), pt->title };
	for (size_t i = 0; i < pt->n_notices; i++)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Let op"), pt->notices[i] };
	for (size_t k = 0; k < pt->n; k++) {
		nt[(*n)++] = (bp_table_note){ bp_arena_printf(a, "%s %zu", bp_tr(L, "Tabel"), k + 1),
		                              pt->tables[k].t.title ? pt->tables[k].t.title : "" };
		if (pt->tables[k].sources)
			nt[(*n)++] = (bp_table_note){ bp_arena_printf(a, "%s %zu", bp_tr(L, "Bij tabel"), k + 1),
			                              pt->tables[k].sources };
	}
	if (pt->footer)
		nt[(*n)++] = (bp_table_note){ bp_tr(L, "Bron en licentie"), pt->footer };
	return nt;
}

static bp_rc write_owned(const char *path, char *data, size_t len, long *files, bp_error *err)
{
	if (!data)
		return bp_fail(err, BP_ERR_IO, "%s: the download could not be made", path);
	bp_rc rc = bp_file_write_atomic(path, data, len, err);
	free(data);
	if (rc == BP_OK)
		++*files;
	return rc;
}

bp_rc bp_downloads_write(bp_html *page, const char *dir, const char *stem, long *files, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_page_tables pt;
	bp_html *links = NULL;
	bp_rc rc = bp_page_tables_read(page->buf.data, page->buf.len, bp_arena_printf(a, "%s.html", stem), a, &pt, err);
	if (rc || pt.n == 0)
		goto out;
	const char *ddir = bp_path_join(a, dir, BP_DOWNLOADS_DIR);
	links = bp_xcalloc(pt.n, sizeof(*links));
	for (size_t k = 0; k < pt.n; k++)
		bp_html_init(&links[k]);
	const char **sheets = bp_arena_alloc(a, pt.n * sizeof(*sheets));
	bp_table *tables = bp_arena_alloc(a, pt.n * sizeof(*tables));
	for (size_t k = 0; k < pt.n && rc == BP_OK; k++) {
		size_t nn, len;
		const bp_table_note *nt = notes_of(&pt, k, a, &nn);
		/* An English page's CSV in an English spreadsheet's format (',' and '.'), a Dutch one in Dutch Excel's */
		char *csv = bp_table_csv_styled(&pt.tables[k].t, nt, nn,
		                                lang_of(&pt) == BP_LANG_EN ? &bp_csv_english : &bp_csv_dutch, &len);
		rc = write_owned(bp_arena_printf(a, "%s/%s-%zu.csv", ddir, stem, k + 1), csv, len, files, err);
		sheets[k] = bp_arena_printf(a, "%s %zu", bp_tr(lang_of(&pt), "Tabel"), k + 1);
		tables[k] = pt.tables[k].t;
		/* In the page's own language (<html lang>, core/lang.h). */
		bp_html_printf_l(&links[k], lang_of(&pt),
		                 "<p class=\"download\">Deze tabel downloaden: <a href=\"%s/%s-%zu.csv\" "
		                 "download>CSV</a> · <a href=\"%s/%s.xlsx\" download>Excel</a> (alle tabellen "
		                 "van deze pagina, met de bronnen)</p>\n",
		                 "<p class=\"download\">Download this table: <a href=\"%s/%s-%zu.csv\" "
		                 "download>CSV</a> · <a href=\"%s/%s.xlsx\" download>Excel</a> (all tables "
		                 "of this page, with their sources)</p>\n",
		                 BP_DOWNLOADS_DIR, stem, k + 1, BP_DOWNLOADS_DIR, stem);
	}
	if (rc)
		goto out;
	size_t nn, len;
	const bp_table_note *nt = book_notes(&pt, a, &nn);
	const bp_table_book book = { .tables = tables, .sheets = sheets, .n = pt.n, .notes = nt, .n_notes = nn,
	                             .notes_sheet = bp_tr(lang_of(&pt), "Bron"), .title = pt.title,
	                             .created = BP_DOWNLOADS_CREATED };
	char *xlsx = bp_table_xlsx(&book, &len);
	rc = write_owned(bp_arena_printf(a, "%s/%s.xlsx", ddir, stem), xlsx, len, files, err);
	if (rc == BP_OK && bp_html_after_tables(page, links, pt.n) != 0)
		rc = bp_fail(err, BP_ERR_INTERNAL, "%s.html: its tables could not be matched to its markup", stem);
out:
	if (links) {
		for (size_t k = 0; k < pt.n; k++)
			bp_html_release(&links[k]);
		free(links);
	}
	bp_arena_free(a);
	return rc;
}
