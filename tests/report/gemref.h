/*
 * gemref.h: what the tests of a gemeente's own interval (report/
 * reference_interval, report/reference_test) share: failing with the
 * error's text, looking for text in a page or PDF, the pages' escaping,
 * and the database and directory they set up and leave.
 */
#ifndef BP_TESTS_GEMREF_H
#define BP_TESTS_GEMREF_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "report/areadata.h"

extern PGconn *bp_gemref_conn;
extern char bp_gemref_tmpdir[256];

/* Fail the test with err's text when rc is an error. */
void bp_gemref_must(bp_rc rc, const char *what, const bp_error *err);
/* Fail unless hay holds needle. */
void bp_gemref_contains(const char *hay, const char *needle);
/* s as the pages escape text (bp_html_text): "area's" is "area&#39;s" in the HTML; in a. */
const char *bp_gemref_esc(bp_arena *a, const char *s);
/* The file at path, in a. */
const char *bp_gemref_read(bp_arena *a, const char *path);
/* The text of a PDF through pdftotext, white space made one space, in a. */
const char *bp_gemref_pdf_text(bp_arena *a, const char *path);
/* How often needle stands in hay. */
int bp_gemref_count(const char *hay, const char *needle);
/* The needs overview's reason of a row worse than a gemeente with an interval of its own, as written
 * (report/needs_report.c NEEDS_BOTH_WORSE), in English (en) or Dutch. */
const char *bp_gemref_why_both(int en);
/* The area of sc with this code (fails the test when there is none). */
const bp_area_ref *bp_gemref_area(const bp_area_scope *sc, const char *code);
/* A database of its own (bp_gemref_conn) and a temporary directory; and away with both (kept with BP_TEST_KEEP). */
int bp_gemref_setup(void **state);
int bp_gemref_teardown(void **state);

#endif
