/*
 * gemeenten_all.h: `gemeenten: all` of a monitor configuration (config/
 * monitor.h), the whole country: the gemeenten are those of the newest
 * indeling year among the gemeenten the loaded sources brought (bp.area),
 * in code order.  The run asks after its sources are loaded, so the list
 * follows the data (342 gemeenten for KWB 2024) and no file has to name them.
 */
#ifndef BP_RUN_GEMEENTEN_ALL_H
#define BP_RUN_GEMEENTEN_ALL_H

#include <libpq-fe.h>

#include "config/monitor.h"
#include "core/arena.h"
#include "core/error.h"

/* When c->all_gemeenten, fill c->gemeenten and c->n_gemeenten (in a); else nothing.  No gemeente loaded: an
 * error (BP_ERR_NOT_FOUND) that says which sources could bring them. */
bp_rc bp_monitor_resolve_gemeenten(PGconn *conn, bp_monitor_config *c, bp_arena *a, bp_error *err) BP_MUST_CHECK;

/*
 * The gemeenten the configuration lists (not gemeenten: all) must be in bp.area once the sources are
 * loaded: a code that neither they nor an earlier import brought (a typo, GM0829 for GM0828) is
 * BP_ERR_NOT_FOUND at its place in the configuration, before compute and before anything is
 * written into the output folder (the reports would find it missing only after both).
 */
bp_rc bp_monitor_check_gemeenten(PGconn *conn, const bp_monitor_config *c, bp_error *err) BP_MUST_CHECK;

#endif
