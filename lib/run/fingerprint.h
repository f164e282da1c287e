/*
 * fingerprint.h: what an output was rendered from, as one hash, so that an
 * incremental run (run/monitor_run.h) renders again only the outputs whose
 * inputs changed.
 *
 * Three levels:
 *   common     the program itself (the SHA-256 of its executable: any change
 *              of code, templates, assets or version renders everything
 *              again), the configuration file and every file under the folders
 *              of declarative YAML it names (indicators, charts/layouts,
 *              custom areas, interventions)
 *   gemeente   common and, computed in SQL where the data are, everything of
 *              the gemeente a page of it can show: its areas (names, borders),
 *              indicator values and comparisons (ranks, percentiles, similar
 *              areas' references) with Nederland's and the gemeente's own
 *              values, the current observations (the age structure), the
 *              citations of its sources with their stale marks, its surveys,
 *              published experiences, similar areas and composites, and the
 *              small tables every page may read (indicators, variables,
 *              custom areas and references, interventions and their effects)
 *   index      OUT/index.html: common, the gemeenten and their names
 *   all        pages across gemeenten (the site's index, the effect reports): common, every gemeente's, and the data version of
 *              the whole database (each indicator's inputs fingerprint and
 *              the comparisons' basis), so a change anywhere renders them
 *
 * What a page shows that is not in its fingerprint: the footer's "Gemaakt
 * op <date>" (a page left alone was made on the date it says) and Cairo,
 * Pango and the fonts (shared libraries): run --full after upgrading them.
 * Ids of source vintages are left out where a new vintage with the same
 * figures shows the same page (a national file loaded again changes no
 * gemeente whose figures stayed).
 */
#ifndef BP_RUN_FINGERPRINT_H
#define BP_RUN_FINGERPRINT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "config/monitor.h"
#include "core/arena.h"
#include "core/error.h"

/* The length of a fingerprint: SHA-256 in hex digits. */
#define BP_FP_HEX 64

/* The common part, BP_FP_HEX hex digits, in a. */
bp_rc bp_fp_common(const bp_monitor_config *c, bp_arena *a, const char **fp, bp_error *err) BP_MUST_CHECK;

/* A gemeente's, with common folded in, in a. */
bp_rc bp_fp_gemeente(PGconn *conn, const char *common, const char *gemeente, bp_arena *a, const char **fp,
                     bp_error *err) BP_MUST_CHECK;

/* The pages across the gemeenten: common, fps[n] (the gemeenten's, in the configuration's order) and the data
 * version, in a. */
bp_rc bp_fp_all(PGconn *conn, const char *common, const char *const *gemeenten, const char *const *fps, size_t n,
                bp_arena *a, const char **fp, bp_error *err) BP_MUST_CHECK;

/* OUT/index.html: common, the gemeenten in their order and their names, in a. */
bp_rc bp_fp_index(PGconn *conn, const char *common, const char *const *gemeenten, size_t n, bp_arena *a,
                  const char **fp, bp_error *err) BP_MUST_CHECK;

#endif
