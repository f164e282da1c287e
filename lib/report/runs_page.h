/*
 * runs_page.h: OUT/runs.html, the maintainer's page of the run history
 * (issue 19, item 3): the recent runs of bp.run with their stages and
 * sources, for whoever looks after the monitor without a shell.  It lives
 * in the output folder, never in the published site (OUT/site): errors name
 * files and servers.
 */
#ifndef BP_REPORT_RUNS_PAGE_H
#define BP_REPORT_RUNS_PAGE_H

#include <libpq-fe.h>

#include "core/error.h"
#include "core/lang.h"

/*
 * The last `last` runs of monitor, newest first: start, end, outcome, each
 * stage with its duration, each source fetched/unchanged/stale/failed with
 * its error's first line, in lang (the stages' summaries and the errors are
 * the command line's, in English).  Written atomically to path.  Errors:
 * BP_ERR_DB, BP_ERR_IO.
 */
bp_rc bp_report_runs_page(PGconn *conn, const char *monitor, int last, const char *path, bp_lang lang,
                          bp_error *err) BP_MUST_CHECK;

#endif
