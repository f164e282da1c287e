/*
 * monitor.h: the monitor configuration that `buurtpeil run --config FILE`
 * carries out: which gemeenten, which sources, where definitions live and
 * where outputs go.  Relative paths in the file are resolved against the
 * folder of the file itself, so a configuration works from any working
 * directory (cron runs from /).  Everything lives in the caller's arena.
 *
 *   name: Monitor Oss en Hilversum
 *   gemeenten: [GM0828, GM0402]   # or: gemeenten: all (every gemeente, config/nederland.yaml)
 *   sources:                  # each type and its keys: import/kinds.c (the registry)
 *                             # every type also takes mandatory: true (a failure fails the run)
 *     - type: statline-csv
 *       file: ../tests/fixtures/kwb-2024/kwb_2024_oss_hilversum.csv
 *       year: 2024            # optional: else taken from the file name
 *     - type: geojson         # wijk/buurt borders for the maps (import/geojson.h)
 *       file: ../tests/fixtures/geo/wijken_2024_oss_hilversum.geojson
 *     - type: cbs             # download over OData v3 (lib/import/odata3.c)
 *       table: 50090NED
 *       catalog: RIVM         # optional; base_url and where too
 *     - type: cbs-dump        # a cbsodata/cbsodataR folder (lib/import/cbsdump.c)
 *       dir: ../tests/fixtures/rivm-50090NED
 *     - type: geojson         # borders (lib/import/geojson.c)
 *       file: ../tests/fixtures/geo/wijken_2024_oss_hilversum.geojson
 *       year: 2024            # optional; level, tolerance, crs too
 *     - type: survey          # respondent file (lib/import/survey.c)
 *       file: ../tests/fixtures/survey/burgerpeiling-2022-SYNTHETIC-oss.sav
 *       mapping: ../surveys/burgerpeiling-2022.yaml
 *     - type: survey-results  # area-level results (lib/import/survey_results.c)
 *       file: results.csv
 *       mapping: results-mapping.yaml
 *     - type: kwb-csv         # KWB with short column names (lib/import/kwb_csv.h)
 *       file: kwb-2021-2022.csv
 *       mapping: ../mappings/kwb-kort.yaml
 *       skip: [2021:g_hhgro]  # optional: damaged columns of one year; year: for a file without a year column
 *     - type: experiences     # stories, quotes, ratings (lib/import/experiences.h)
 *       file: ../experiences/voorbeeld-oss-hilversum.csv
 *     - type: json            # nested JSON through a mapping (lib/import/json_records.h)
 *       file: GM0828.json
 *       mapping: ../mappings/woonikveilig-kwb2024.yaml
 *   indicators: ../indicators
 *   charts: ../charts
 *   output: ../out
 *   areas: ../areas           # optional: custom areas, one YAML file each
 *   interventions: ../interventions  # optional: effect reports into OUTPUT/interventions/
 *   publish_effects: false    # optional: effect reports also in OUT/site/interventions (default off)
 *   pdf: true                 # optional: A4 PDF profiles and overviews (default true)
 *   needs_overview: true      # optional: OUT/GM0000-behoeften.html/.pdf (default true)
 *   publish: true             # optional: the static site in OUT/site (default true)
 *   references:               # optional: custom reference areas for the comparisons
 *     - area: CUoss-dorpshuis-berghem  # any area code or a custom area CU<id>
 *       gemeente: GM0828      # optional: only for this gemeente's areas
 *   similar_k: 10             # optional: similar areas per area (0: none; default 10)
 *   on_change: [/usr/local/bin/mail-digest, --to, wijkteam@oss.nl]  # optional: given each digest's path
 *   lang: nl                  # optional: nl (default) or en, the language of the pages (run --lang overrides)
 *   jobs: 2                   # optional: publishing's workers (default 0: one per online core; run --jobs overrides)
 */
#ifndef BP_CONFIG_MONITOR_H
#define BP_CONFIG_MONITOR_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/lang.h"
#include "core/srcloc.h"
#include "import/registry.h"

/*
 * One source: a kind of the importer registry (import/registry.h) and the
 * values of its keys, checked as `buurtpeil import KIND` checks its options
 * (paths resolved against the configuration's folder).  Read them with
 * bp_import_str() and friends; cbs national: false reaches the importer as
 * args.monitor_gemeenten.
 */
typedef struct bp_monitor_source {
	const char *type;            /* the kind's name, e.g. "statline-csv" */
	const bp_importer *kind;
	bp_import_args args;
	bp_srcloc loc;
	/* mandatory: true: when it cannot be loaded the run fails, instead of
	 * going on with the figures loaded before, marked stale (run/monitor_run.h). */
	int mandatory;
} bp_monitor_source;

typedef struct bp_monitor_config {
	const char *path;            /* the configuration file itself */
	const char *name;
	const char **gemeenten;      /* trimmed CBS codes, e.g. "GM0828" */
	bp_srcloc *gemeente_locs;    /* [n_gemeenten] where each is listed; NULL for gemeenten: all */
	size_t n_gemeenten;
	/* gemeenten: all: every gemeente of the newest indeling the sources loaded; gemeenten
	 * is empty until the run resolves it (bp_monitor_resolve_gemeenten, run/monitor_run.h). */
	int all_gemeenten;
	long all_gemeenten_line;      /* where it says so (1-based), for an error after the sources load */
	bp_monitor_source *sources;
	size_t n_sources;
	const char *indicators_dir;  /* resolved */
	const char *charts_dir;      /* resolved */
	const char *output_dir;      /* resolved */
	const char *areas_dir;       /* custom areas (dorp, catchment); NULL = none */
	const char *interventions_dir; /* the .yaml files of interventions; NULL = none, no effect reports */
	int publish_effects;         /* effect reports on the published site (default 0: workgroup only) */
	int want_pdf, want_needs, want_site; /* parts of the report run; default 1 */
	int want_png;   /* out/'s profile pages: a PNG beside each SVG chart; default 1 */
	/* The site's wijk and buurt pages (README "Heel Nederland"): CSV/XLSX downloads under their tables
	 * (area_downloads, default 1); a buurt page's map of the gemeente's wijken with its wijk outlined
	 * rather than of its buurten (buurt_page_map: wijken; default 0); each profile and trend chart drawn
	 * once, in the narrow layout, for every screen (area_charts: narrow; default 0: wide and narrow). */
	int area_downloads, buurt_map_wijken, area_charts_narrow;
	/* Custom references (engine/compare.h): given (even empty), they replace the stored ones;
	 * absent, the stored ones (e.g. from compute --reference) stay. */
	int references_given;
	const char **ref_scopes;     /* [n]: a gemeente code, or NULL for every area */
	const char **ref_codes;      /* [n] */
	size_t n_references;
	int similar_k;               /* default BP_SIMILAR_DEFAULT_K */
	bp_lang lang;                /* lang: the pages' language (default Dutch) */
	int jobs;                    /* jobs: publishing's workers (core/workpool.h); 0: one per online core */
	/* on_change: [command, args...] (NULL: none): run per gemeente whose digest lists a
	 * change, with the digest's text file as its last argument. */
	const char **on_change;
	size_t n_on_change;
} bp_monitor_config;

/* Errors name the file, line and column (BP_ERR_CONFIG), or the file (BP_ERR_IO). */
bp_rc bp_monitor_config_load(const char *path, bp_arena *a, bp_monitor_config *out, bp_error *err) BP_MUST_CHECK;

#endif
