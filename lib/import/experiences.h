/*
 * experiences.h: residents' and professionals' experiences (stories, quotes,
 * ratings) from CSV or YAML into bp.experience (sql/009_experiences.sql).
 *
 * CSV (, ; or tab, UTF-8 or Windows-1252), a header naming the columns in
 * English or Dutch, in any order:
 *   area (gebied)        CBS code (GM0828, WK082801, BU08280105) or a custom area id
 *   date (datum)         JJJJ-MM-DD
 *   theme (thema)        a theme of indicators/ (sociale-veerkracht, ...)
 *   role (rol)           bewoner, professional, raadslid or vrijwilliger
 *   kind (soort)         story|verhaal, quote|citaat, rating|waardering
 *   text (tekst)         required for a story or quote
 *   rating (waardering)  whole number 1..10; required for a rating
 *   consent (toestemming) ja/nee (also yes/no, true/false, 1/0): required in every row
 *   example (voorbeeld)  optional, same values: a fictional example
 *   source (bron)        optional: where it was collected (a meeting, a panel)
 *   intervention (interventie) optional: the intervention id it is about
 *   indeling_year (indeling) optional: else the newest indeling with the area
 * YAML (.yaml/.yml): `experiences:` a list of mappings with the same keys
 * (English names), and optionally at the top `example: true` (the default
 * for every item), `title` and `publisher`.
 *
 * Every row is checked; a problem names its data row, line and column:
 * a bad date, a rating outside 1..10 or not whole, an unknown role, kind or
 * theme, an unknown area code, a missing or unreadable consent, a story
 * without text, and personal data in the text or source (privacy.h: an
 * e-mail address, phone number, handle, street address or name; the value
 * is not repeated in the message).  A column whose name says it holds
 * personal data (naam, e-mail, telefoon, ...), an unknown column, or no
 * consent column refuses the file at the header.
 *
 * By default any problem refuses the whole file and the database is not
 * touched; with skip_invalid the valid rows are loaded and the problems
 * returned (no report file is written: it would copy refused personal data
 * to another place).  Loading is one transaction locked on the file's
 * checksum: the same bytes twice are loaded once.  A changed file of the
 * same name (the collection) replaces the rows loaded from it before.
 */
#ifndef BP_IMPORT_EXPERIENCES_H
#define BP_IMPORT_EXPERIENCES_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct bp_experiences_options {
	const char *path;
	int skip_invalid;
} bp_experiences_options;

typedef struct bp_experience_problem {
	long row;                /* data row, 1 = the first after the header (YAML: list item) */
	long line, column;       /* where the offending cell starts */
	const char *field;       /* the column as the file names it, "" for the whole row */
	const char *what;        /* the message, without the personal value */
} bp_experience_problem;

typedef struct bp_experiences_result {
	int already_loaded;
	long source_id;
	long rows;               /* data rows read */
	long loaded;             /* rows stored */
	long consented;          /* of those, publishable */
	long examples;           /* of those, marked example */
	long replaced;           /* rows of the collection's earlier file removed */
	long skipped;            /* rows left out (skip_invalid) */
	bp_experience_problem *problems;   /* in a, in file order */
	size_t n_problems;
} bp_experiences_result;

/* Problems and their texts are allocated in a (the caller's arena).
 * conn NULL: read and check only, against no areas (every code is unknown),
 * nothing loaded: the fuzz harness (tests/fuzz). */
bp_rc bp_import_experiences(PGconn *conn, const bp_experiences_options *opt, bp_arena *a,
                            bp_experiences_result *res, bp_error *err) BP_MUST_CHECK;

#endif
