/*
 * definitions_page.h: the site's definitions and method page
 * (SITE/definities.html), generated from the loaded indicator definitions
 * (the YAML files of indicators/) and the published figures.
 *
 * Per indicator, under the anchor #<indicator-id>: its title, what it is,
 * its formula in words (the definition's expressions with each variable
 * named by its title from bp.variable), its source line with the table id
 * (report/cite.h), the periods with published values in the monitor's
 * gemeenten, its polarity and unit, and when no value is published.  Then
 * the method in plain words (Dutch, or English in lang, where titles and
 * descriptions are the definitions' title.en and description.en): references (the gemeente, Nederland),
 * percentiles and over how many areas, composite indices and how their
 * ranks move with other weights, intervals and significance, effect
 * estimates, and a worked example computed from the monitor's own figures.
 * Only published figures are read (bp.indicator_value,
 * bp.indicator_comparison, bp.composite_*), never survey microdata.
 */
#ifndef BP_REPORT_DEFINITIONS_PAGE_H
#define BP_REPORT_DEFINITIONS_PAGE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/lang.h"
#include "engine/indicator_def.h"
#include "report/areadata.h"
#include "report/html.h"

/* The page's file name in the site's root folder. */
#define BP_DEFINITIONS_PAGE "definities.html"

/*
 * The link from a page in the site's root folder to the definition of
 * indicator id: "definities.html#<id>" (in a).  An id is [a-z0-9_]+
 * (indicator_def.h), so it needs no escaping in a URL or attribute.
 */
const char *bp_definitions_href(bp_arena *a, const char *indicator_id);

/*
 * The page's body (what goes between bp_html_page_begin and _end) into b:
 * the indicators of set and the method, with the periods, sources and the
 * worked example read from the published figures of the gemeenten whose
 * scopes (bp_area_scope_load) are scopes[0..n).  The worked example is the
 * first wijk (by code) of the first gemeente with a value of a percentage
 * ratio (an indicator with a favourable side first, then by id) that is
 * compared with its gemeente and ranked nationally; none when there is no
 * such value.  When a gemeente shows figures of a synthetic survey, the
 * page says so under its title (bp_synthetic_notice_html).  Errors: the
 * database's.
 */
bp_rc bp_definitions_html(PGconn *conn, const bp_indicator_set *set, const bp_area_scope *scopes, size_t n,
                          bp_lang lang, bp_arena *a, bp_html *b, bp_error *err) BP_MUST_CHECK;

#endif
