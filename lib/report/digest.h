/*
 * digest.h: what changed, for the workgroup (issue 19, item 4): per
 * gemeente a short digest, plain text and HTML, of what moved since the
 * previous published run of the same monitor (one that ended with exit
 * status 0 or 3):
 *   - the sources this run loaded with their periods in the gemeente (a
 *     period no other vintage of the same table had there is "nieuw"), and
 *     the sources kept stale;
 *   - revised cells: a vintage loaded since then (by this run or a failed
 *     one in between) changed a cell of the vintage before it of the same
 *     table (bp.observation_revision, sql/016);
 *   - values of the gemeente's areas (each indicator at its latest period)
 *     that moved more than chance, by the engine's test of a change
 *     (bp_change_z, engine/compare.h), most significant first, with both
 *     intervals and the gemeente's and Nederland's value; changes within
 *     chance or without an interval are counted, not listed;
 *   - areas that entered or left the nationwide worst decile of an
 *     indicator at its latest period (bp.run_flag, sql/023);
 *   - interventions on the gemeente's areas whose verdict changed.
 * The previous run's values and verdicts are its snapshot (bp.run_value,
 * bp.run_verdict, sql/025; run/snapshot.h).  A section lists at most 40
 * lines and counts the rest.
 */
#ifndef BP_REPORT_DIGEST_H
#define BP_REPORT_DIGEST_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/lang.h"

typedef struct bp_digest {
	const char *txt_path;     /* DIR/GM0828-wijzigingen.txt */
	const char *html_path;    /* DIR/GM0828-wijzigingen.html */
	long changes;             /* lines listed: 0 when nothing moved */
} bp_digest;

/*
 * Write the digest of run run_id of monitor for gemeente into dir (made if
 * missing), both files atomically, in lang (the file names stay Dutch, as
 * the other outputs' do).  Paths live in a.  Errors: BP_ERR_DB, BP_ERR_IO.
 */
bp_rc bp_digest_write(PGconn *conn, long run_id, const char *monitor, const char *gemeente, const char *dir,
                      bp_lang lang, bp_arena *a, bp_digest *out, bp_error *err) BP_MUST_CHECK;

#endif
