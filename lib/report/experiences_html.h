/*
 * experiences_html.h: the published experiences of an area and theme as an
 * HTML block, for the profile pages and the effect reports.
 *
 * Only what lib/engine/experience.h returns (consented rows, no personal
 * data), newest first, each with its kind, role and date in Dutch, the
 * waardering where given, and "voorbeeld" before every example.  Nothing is
 * written when there are none.
 */
#ifndef BP_REPORT_EXPERIENCES_HTML_H
#define BP_REPORT_EXPERIENCES_HTML_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/buf.h"
#include "report/html.h"
#include "core/error.h"
#include "engine/experience.h"

/* "12 maart 2015" for "2015-03-12" (the text as it is when it is no date). */
const char *bp_date_nl(bp_arena *a, const char *iso);

/* One <li> per experience (at most max, 0: all) in a <ul>, with a line above
 * it saying how many there are and the mean waardering. */
void bp_experiences_html(bp_html *b, bp_arena *a, const bp_experience *e, size_t n, size_t max);
/* The same in lang: the words around the experiences (their own text stays as written). */
void bp_experiences_html_lang(bp_html *b, bp_arena *a, const bp_experience *e, size_t n, size_t max, bp_lang lang);

/*
 * The block for an area and theme: <h3>Ervaringen</h3>, the note that they
 * are published with consent and without names, and the list.
 */
bp_rc bp_experiences_section(PGconn *conn, const char *area_code, const char *theme, size_t max, bp_lang lang,
                             bp_arena *a, bp_html *b, bp_error *err) BP_MUST_CHECK;

/*
 * The experiences of an area on every theme not in shown[0..n_shown) (the
 * themes that have figures on the page, where bp_experiences_section put
 * theirs), grouped by theme under one <section>.
 */
bp_rc bp_experiences_other_themes(PGconn *conn, const char *area_code, const char *const *shown, size_t n_shown,
                                  size_t max, bp_lang lang, bp_arena *a, bp_html *b, bp_error *err) BP_MUST_CHECK;

#endif
