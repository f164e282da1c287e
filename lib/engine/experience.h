/*
 * experience.h: residents' and professionals' experiences (stories, quotes,
 * ratings) as other code reads them: only what may be published.
 *
 * Rows come from `buurtpeil import experiences` (lib/import/experiences.h,
 * sql/009_experiences.sql).  Every function here reads the view
 * bp.experience_published: rows without consent are never returned, and
 * rows with an e-mail address, phone number or name never reached the
 * database.  Everything returned lives in the caller's arena.
 */
#ifndef BP_ENGINE_EXPERIENCE_H
#define BP_ENGINE_EXPERIENCE_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct bp_experience {
	const char *area_code;        /* CBS code or "CU" + custom area id */
	int indeling_year;
	const char *theme;            /* as in the indicator definitions */
	const char *date;             /* YYYY-MM-DD */
	const char *role;             /* bewoner, professional, raadslid, vrijwilliger */
	const char *kind;             /* story, quote, rating */
	const char *text;             /* NULL for a rating without text */
	int rating;                   /* 1..10, 0: none */
	int example;                  /* a voorbeeld (fictional): say so wherever it is shown */
	const char *source_note;      /* where it was collected; may be NULL */
	const char *intervention_id;  /* the intervention it is about; may be NULL */
} bp_experience;

typedef struct bp_experience_query {
	const char *area_code;        /* NULL: every area */
	const char *gemeente_code;    /* NULL: every gemeente */
	const char *theme;            /* NULL: every theme */
	const char *intervention_id;  /* NULL: any (also none) */
	const char *from_date;        /* YYYY-MM-DD inclusive, NULL: open */
	const char *to_date;          /* YYYY-MM-DD inclusive, NULL: open */
	size_t limit;                 /* 0: all */
} bp_experience_query;

/*
 * The published experiences matching q, newest first (then by source and
 * row, so the order is stable).  *out is NULL when none match.
 */
bp_rc bp_experiences_query(PGconn *conn, const bp_experience_query *q, bp_arena *a,
                           bp_experience **out, size_t *n, bp_error *err) BP_MUST_CHECK;

/* Shorthand: the published experiences of one area and theme (theme NULL: all). */
bp_rc bp_experiences_for(PGconn *conn, const char *area_code, const char *theme, bp_arena *a,
                         bp_experience **out, size_t *n, bp_error *err) BP_MUST_CHECK;

/* Published ratings of an area and theme (NULL: all): their number and mean (0 when none). */
bp_rc bp_experience_rating_summary(PGconn *conn, const char *area_code, const char *theme,
                                   long *n, double *mean, bp_error *err) BP_MUST_CHECK;

/* Dutch words for output: "bewoner" -> "bewoner", "story" -> "verhaal", "quote" -> "citaat",
 * "rating" -> "waardering"; unknown values are returned as they are. */
const char *bp_experience_kind_label(const char *kind);
const char *bp_experience_role_label(const char *role);

/* The label every output shows beside an example: "voorbeeld". */
#define BP_EXAMPLE_LABEL "voorbeeld"

#endif
