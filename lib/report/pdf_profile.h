/*
 * pdf_profile.h: the A4 PDF reports.
 *
 *   OUT/GM0828.pdf                 the gemeente overview: key figures against
 *                                  Nederland, per layout chart the ranking of
 *                                  its wijken with the table of values
 *   OUT/GM0828/WK082801.pdf        a district profile per wijk, buurt and
 *   OUT/GM0828/BU08280105.pdf      custom area: key figures against the
 *                                  gemeente and Nederland, a profile chart per
 *                                  theme, trends where there are periods
 *
 * Multi-page, Pango text, charts drawn onto the page by lib/render, Dutch
 * numbers, suppressed and missing values explained, sources cited on every
 * page.  Written atomically (report/pdfdoc.h).
 */
#ifndef BP_REPORT_PDF_PROFILE_H
#define BP_REPORT_PDF_PROFILE_H

#include <libpq-fe.h>

#include "core/error.h"
#include "report/areadata.h"
#include "render/profile.h"
#include "report/report.h"

/* The profile of one area of the scope into path. */
bp_rc bp_pdf_area_profile(PGconn *conn, const bp_area_scope *sc, const bp_area_ref *area, const char *path,
                          bp_lang lang, bp_error *err) BP_MUST_CHECK;

/* The gemeente overview into path (the ranking charts follow opt->layout). */
bp_rc bp_pdf_gemeente(PGconn *conn, const bp_report_options *opt, const bp_area_scope *sc, const char *path,
                      bp_lang lang, bp_error *err) BP_MUST_CHECK;

/* Every PDF of a gemeente into opt->output_dir (paths above); counts pages in res. */
bp_rc bp_report_pdfs(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                     bp_report_result *res, bp_error *err) BP_MUST_CHECK;

/* Widen a profile chart from `from` until its bars have room beside a long area name. */
void bp_profile_fit_width(bp_profile *chart, int from);

#endif
