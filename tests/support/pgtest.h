/*
 * pgtest.h: a real, throwaway PostgreSQL cluster for one test program.
 *
 * bp_testdb_start() makes a fresh state folder under /tmp, puts a copy of
 * the build's template cluster there (BP_BUILD_ROOT/pgtemplate/KEY: made
 * once, by the first test program that needs it, exactly as the library
 * makes a user's cluster, and migrated; KEY changes with the migrations and
 * the library's server settings), lets the library start it and migrates
 * (a check of the checksums on a copy).  Without BP_BUILD_ROOT (a test
 * program run by hand) the library makes the cluster itself.
 * bp_testdb_stop() stops the server and removes the folder.  No mock
 * anywhere: the tests speak to PostgreSQL.
 */
#ifndef BP_TEST_PGTEST_H
#define BP_TEST_PGTEST_H

#include <libpq-fe.h>

#include "core/error.h"   /* BP_PRINTF */
#include "db/conn.h"

typedef struct bp_testdb {
	char dir[256];
	bp_db db;
} bp_testdb;

/* 0 on success; prints the error and returns -1 otherwise. */
int bp_testdb_start(bp_testdb *t);
void bp_testdb_stop(bp_testdb *t);

/*
 * One cluster for a whole cmocka group: pass bp_test_db_setup and
 * bp_test_db_teardown as the group's setup and teardown; bp_test_db is the
 * cluster in between.
 */
extern bp_testdb bp_test_db;
int bp_test_db_setup(void **state);
int bp_test_db_teardown(void **state);

/* The first cell of a query's result, as text ("" for NULL); aborts the test on error. */
const char *bp_test_scalar(PGconn *conn, const char *sql);

/* The same for a query built like printf (the same static buffer). */
const char *bp_test_scalarf(PGconn *conn, const char *fmt, ...) BP_PRINTF(2, 3);

/* A path under tests/fixtures (BP_FIXTURES); static buffer. */
const char *bp_test_fixture(const char *name);

/* The text of a PDF (pdftotext -enc UTF-8), with every run of white space made
 * one space, so that a sentence wrapped over lines or cells still matches;
 * malloc'd.  Aborts the test when pdftotext fails. */
char *bp_test_pdf_text(const char *path);
/* The words of an SVG chart (svg, len bytes): its tags as spaces, every run
 * of white space one space, so that a note wrapped over lines still matches;
 * malloc'd. */
char *bp_test_svg_words(const unsigned char *svg, size_t len);
/* The same text as pdftotext writes it (lines, and a form feed after each
 * page), for tests of layout and page breaks; malloc'd. */
char *bp_test_pdf_text_raw(const char *path);

/* A fresh temporary folder (mkdtemp) and its recursive removal. */
void bp_test_tmpdir(char *buf, size_t size);
void bp_test_rmtree(const char *dir);
/* cmocka setup/teardown: *state is a fresh folder under /tmp (malloc'd), removed after. */
int bp_test_setup_tmpdir(void **state);
int bp_test_teardown_tmpdir(void **state);
/* The names in a folder, sorted and joined by ','; "" when empty (static buffer). */
const char *bp_test_listing(const char *dir);

/* Write dir/name from a format like printf (a configuration for a test); the path (static buffer).
 * Aborts the test when it cannot be written. */
const char *bp_test_write_filef(const char *dir, const char *name, const char *fmt, ...) BP_PRINTF(3, 4);

#endif
