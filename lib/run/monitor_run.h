/*
 * monitor_run.h: carry out a monitor configuration (`buurtpeil run`), the
 * scheduled job, in the library so that it is tested in-process.
 *
 * bp_monitor_load() reads everything that needs no database (the
 * configuration, indicator and composite definitions, the layout, the
 * interventions), so a mistake there is found before anything is loaded.
 * bp_monitor_run() then takes the stages in this order, on the caller's
 * connection:
 *
 *   sources       every source through its importer (import/registry.h), in
 *                 the order listed, except those that must wait for the areas
 *   areas         the custom areas (areas:), then the custom references
 *   experiences   the sources flagged BP_IMPORTER_AFTER_AREAS: rows may be
 *                 about a custom area
 *   compute       indicators, composites, similar areas, comparisons
 *   effects       the effect estimates are stored while the session may write
 *   publish role  from here on as buurtpeil_publish: aggregates, never microdata
 *   reports       per gemeente its page, its PDFs and its needs overview, then
 *                 the index; only those whose inputs changed (below)
 *   interventions the effect reports (OUT/interventions)
 *   site          the static site (OUT/site)
 *   digest        per gemeente what changed since the previous published run
 *                 (report/digest.h) into m->digest_dir (NULL: OUT), and the
 *                 configuration's on_change command for each that lists a change
 *
 * Incremental: each output group has a fingerprint of its inputs
 * (run/fingerprint.h): per gemeente its pages, charts and PDFs, and the pages
 * across gemeenten (index, effect reports, the site's index).  OUT holds
 * the fingerprints it was last written from (OUT/.buurtpeil-manifest, core/
 * manifest.h), the site its own (inside the folder, so it switches with
 * it).  A group whose fingerprint is unchanged is not rendered: its files in
 * OUT stay as they are, and the staged site gets them by hard link from the
 * published one (report/site.h).  A group is taken out of the manifest
 * before it is rendered, so a run killed half-way renders it again next
 * time.  m->full renders everything (run --full).
 *
 * Error policy: a source that cannot be fetched or read (an outage, a file
 * that fails validation) does not stop the run when an earlier run loaded
 * it: its importer's transaction is rolled back, so nothing of the broken
 * attempt stays, the figures loaded before are used and every citation of
 * them says "bijgewerkt tot ...; de laatste poging op ... mislukte"
 * (bp.source_stale, report/cite.c), and res->stale counts it.  A source
 * marked mandatory, or never loaded by a run, fails the run as any other
 * stage does: the first stage that fails stops it.  A failing source's
 * error names the configuration entry when the importer named no file of
 * its own.
 *
 * Every run is recorded (run/history.h: the run, each stage with its
 * duration and lines, each source with fetched/unchanged/stale/failed and
 * its error) and holds the monitor's lock: a second run of the same monitor
 * is refused before it touches anything.
 */
#ifndef BP_RUN_MONITOR_RUN_H
#define BP_RUN_MONITOR_RUN_H

#include <stddef.h>

#include "config/monitor.h"
#include "core/arena.h"
#include "core/error.h"
#include "db/conn.h"
#include "engine/composite.h"
#include "engine/effect.h"
#include "engine/indicator_def.h"
#include "engine/intervention.h"
#include "engine/pipeline.h"
#include "import/registry.h"
#include "report/layout.h"

typedef enum bp_monitor_stage {
	BP_STAGE_SOURCES,
	BP_STAGE_AREAS,
	BP_STAGE_EXPERIENCES,
	BP_STAGE_COMPUTE,
	BP_STAGE_EFFECTS,
	BP_STAGE_PUBLISH_ROLE,
	BP_STAGE_REPORTS,
	BP_STAGE_INTERVENTIONS,
	BP_STAGE_SITE,
	BP_STAGE_DIGEST,
	BP_STAGE_DONE
} bp_monitor_stage;

/* "sources", "areas", ...: for messages and tests. */
const char *bp_monitor_stage_name(bp_monitor_stage s);

/* A configuration with its definitions, read without the database. */
typedef struct bp_monitor {
	bp_monitor_config cfg;
	bp_indicator_set indicators;
	bp_composite_set composites;
	bp_layout layout;
	bp_intervention_set interventions;   /* empty without interventions: */
	bp_effect_options effect;
	const char *digest_dir;              /* set by the caller (run --digest-to); NULL: the output folder */
	int full;                            /* render every output, unchanged inputs or not (run --full) */
} bp_monitor;

bp_rc bp_monitor_load(const char *config_path, bp_arena *a, bp_monitor *m, bp_error *err) BP_MUST_CHECK;

/* One step done: text is the line a terminal shows ("import: FILE: 12 areas, ..."). */
typedef struct bp_monitor_event {
	bp_monitor_stage stage;
	const char *text;
	const bp_monitor_source *source;     /* sources, experiences: the entry */
	const bp_import_summary *import;     /* sources, experiences: what it loaded */
	const char *gemeente;                /* reports: the gemeente done */
	const char *error;                   /* a source kept stale: why its attempt failed (formatted) */
} bp_monitor_event;

typedef void (*bp_monitor_progress_fn)(void *ctx, const bp_monitor_event *ev);

typedef struct bp_monitor_result {
	long run_id;                         /* its row in bp.run */
	long loaded, unchanged;              /* sources */
	long stale;                          /* sources that failed, their earlier figures kept */
	long sources_then;                   /* bp_monitor_run_as_of: the vintages current on the date */
	long custom_areas;
	bp_pipeline_result pipeline;
	long pages, charts;                  /* reports and site */
	long effect_reports, estimates;
	long site_areas;
	int site_workers;                    /* the site's area pages: how many workers wrote them */
	long kept;                           /* output groups left as they were (inputs unchanged): gemeenten,
	                                        index, effect reports, the site as a whole */
	long digest_changes;                 /* lines of change over the gemeenten' digests */
	bp_monitor_stage stage;              /* BP_STAGE_DONE, or the stage that failed */
} bp_monitor_result;

/*
 * Run m on db (migrated; the session is switched to the publish role on the
 * way and stays so).  progress may be NULL.  Texts and summaries live in a.
 */
bp_rc bp_monitor_run(const bp_db *db, const bp_monitor *m, bp_monitor_progress_fn progress, void *ctx,
                     bp_arena *a, bp_monitor_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The run as of date (YYYY-MM-DD; `run --as-of`): the monitor's reports, PDFs,
 * needs overviews, index, effect reports and site as the vintages loaded by
 * the end of that day give them (run/asof.h: computed in a scratch
 * database, every page stamped "Stand van ..."), written whole into
 * bp_monitor_as_of_dir, never into the live output or its site.  Nothing is
 * fetched or stored: no sources, custom areas or references (today's, as
 * the last run stored them, like report --as-of), no run history or lock,
 * no digest.  res->stage says where it failed.  Errors are bp_asof_open's
 * (BP_ERR_NOT_FOUND: nothing was loaded by then) and the reports'.
 */
bp_rc bp_monitor_run_as_of(const bp_db *live, const bp_monitor *m, const char *date, bp_monitor_progress_fn progress,
                           void *ctx, bp_arena *a, bp_monitor_result *res, bp_error *err) BP_MUST_CHECK;

/* OUT/stand-DATE: where the run as of date writes. */
const char *bp_monitor_as_of_dir(const bp_monitor *m, const char *date, bp_arena *a);

#endif
