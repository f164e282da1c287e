/*
 * cmd.h: what the subcommands share.  Only cmd/ prints or exits; lib/
 * returns errors for us to print.
 */
#ifndef BP_CMD_H
#define BP_CMD_H

#include <getopt.h>

#include "core/error.h"
#include "core/lang.h"
#include "db/conn.h"
#include "engine/pipeline.h"
#include "run/asof.h"

/* Exit codes: 0 success, 1 the job failed, 2 wrong usage, 3 (run) published with stale sources. */
#define EXIT_JOB_FAILED 1
#define EXIT_USAGE      2
#define EXIT_STALE      3

typedef struct cli {
	bp_db_options db;     /* --db, --state-dir */
	int quiet;            /* -q: only errors and the summary */
} cli;

typedef struct command {
	const char *name;
	int (*fn)(cli *c, int argc, char **argv);
	const char *summary;
} command;

int cmd_db(cli *c, int argc, char **argv);
int cmd_import(cli *c, int argc, char **argv);
int cmd_indicators(cli *c, int argc, char **argv);
int cmd_interventions(cli *c, int argc, char **argv);
int cmd_compute(cli *c, int argc, char **argv);
int cmd_crosswalk(cli *c, int argc, char **argv);
int cmd_composites(cli *c, int argc, char **argv);
int cmd_needs(cli *c, int argc, char **argv);
int cmd_render(cli *c, int argc, char **argv);
int cmd_report(cli *c, int argc, char **argv);
int cmd_publish(cli *c, int argc, char **argv);
int cmd_run(cli *c, int argc, char **argv);
int cmd_serve(cli *c, int argc, char **argv);
int cmd_runs(cli *c, int argc, char **argv);

/*
 * The options every command accepts, for getopt_long tables:
 * --db, --state-dir, --quiet, --help.  Command-specific options use
 * values from 'a' upwards; these use 1000+.
 */
enum { OPT_DB = 1000, OPT_STATE_DIR, OPT_QUIET, OPT_HELP };
#define COMMON_LONG_OPTIONS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "state-dir", required_argument, NULL, OPT_STATE_DIR }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }

/* Handle a common option; returns 1 if it was one (help prints usage and exits 0). */
int cli_common_option(cli *c, int opt, const char *usage);

/* Print an error the way all commands do: "buurtpeil: FILE:LINE:COL: error: ..." */
void cli_print_error(const bp_error *err);

/* Print usage to stderr and return EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...) BP_PRINTF(2, 3);

/* What report and publish take: --gemeente (repeatable, at least one),
 * --out, --indicators, --charts, --jobs and the common options. */
typedef struct cli_report_args {
	const char *gemeenten[256];
	size_t n;
	const char *out, *indicators, *charts;
	const char *effects; /* publish --effects DIR: effect reports to put on the site */
	const char *as_of;   /* --as-of DATE: the figures as the vintages of that date give them; NULL: now */
	bp_lang lang;        /* --lang nl|en: the language of the pages (default Dutch) */
	int jobs;            /* --jobs N: the pages' workers (0: one per online core) */
} cli_report_args;

/* Parse them for command `name` (out: its default); 0 to go on, else the
 * exit code (the usage error is printed). */
int cli_report_args_parse(cli *c, int argc, char **argv, const char *usage, const char *name,
                          cli_report_args *r);

/*
 * --as-of: compute the indicators of dir (and dir/composites) from the
 * vintages current on args->as_of in a scratch database (run/asof.h) and
 * stamp every page with the date; *conn is then its connection, else the
 * live one.  bp_asof_close(db, s) when done (also when args->as_of is NULL).
 */
bp_rc cli_as_of(cli *c, bp_db *db, const cli_report_args *args, const bp_indicator_set *set, bp_arena *a,
                bp_asof *s, PGconn **conn, bp_error *err) BP_MUST_CHECK;

/* Open the database (starting the embedded cluster if that is the target)
 * and, when migrate is set, bring the schema up to date. */
bp_rc cli_open_db(cli *c, bp_db *db, int migrate, bp_error *err) BP_MUST_CHECK;

/* The compute stages (engine/pipeline.c) on db's connection, with a second
 * connection for the work that can run beside them when the server gives
 * one (else one stage after another, the same results). */
bp_rc cli_compute(bp_db *db, const bp_pipeline_input *in, bp_pipeline_result *res, bp_error *err) BP_MUST_CHECK;


/* Progress for people: printed only when not quiet. */
void cli_info(const cli *c, const char *fmt, ...) BP_PRINTF(2, 3);

struct timespec;
/* Seconds on the monotonic clock since t0. */
double cli_seconds_since(const struct timespec *t0);

#endif
