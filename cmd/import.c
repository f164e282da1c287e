/* buurtpeil import KIND ARG [options]: options and help come from the importer registry */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/progress.h"
#include "import/registry.h"

/* Seconds on a clock that never jumps: the rate must not go negative at a clock change. */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress_state {
	double started;
	int drawn;     /* a line was drawn: end it before the summary */
} progress_state;

/* The line is redrawn in place; ESC[K clears what a longer earlier line left behind. */
static void progress(void *ctx, const bp_progress *p)
{
	progress_state *ps = ctx;
	char line[200];
	bp_progress_format(line, sizeof(line), p, now_s() - ps->started);
	fprintf(stderr, "\rbuurtpeil: %s\033[K", line);
	fflush(stderr);
	ps->drawn = 1;
}

/*
 * Every option any kind takes, once: getopt sees them all, and a kind then
 * refuses the ones that are not its own (with the ones that are).  val is
 * OPT_KEY + the index into names.
 */
#define OPT_KEY 1000
#define MAX_OPTS 64

typedef struct cli_opts {
	struct option opts[MAX_OPTS + 8];
	char names[MAX_OPTS][48];
	int has_arg[MAX_OPTS];
	int n;
} cli_opts;

static void build_options(cli_opts *o)
{
	static const struct option common[] = { COMMON_LONG_OPTIONS, { 0 } };
	memset(o, 0, sizeof(*o));
	for (size_t i = 0; bp_importers[i]; i++) {
		for (int k = 0; k < BP_IMPORT_MAX_KEYS && bp_importers[i]->keys[k].name; k++) {
			const bp_import_key *key = &bp_importers[i]->keys[k];
			char name[48];
			if (key->flags & (BP_KEY_ARG | BP_KEY_CONFIG_ONLY))
				continue;
			bp_import_key_option(key, name, sizeof(name));
			int j = 0;
			while (j < o->n && strcmp(o->names[j], name) != 0)
				j++;
			if (j < o->n || o->n == MAX_OPTS)
				continue;
			snprintf(o->names[j], sizeof(o->names[j]), "%s", name);
			o->opts[j] = (struct option){ o->names[j], key->type == BP_KEY_BOOL ? no_argument : required_argument,
			                               NULL, OPT_KEY + j };
			o->n++;
		}
	}
	for (int i = 0; common[i].name; i++)
		o->opts[o->n + i] = common[i];
}

/* "--year, --skip and --mapping": what a kind takes, for a refusal. */
static const char *options_of(const bp_importer *imp, bp_arena *a)
{
	const char *s = "";
	char opt[48];
	for (int k = 0; k < BP_IMPORT_MAX_KEYS && imp->keys[k].name; k++)
		if (!(imp->keys[k].flags & (BP_KEY_ARG | BP_KEY_CONFIG_ONLY)))
			s = bp_arena_printf(a, "%s%s--%s", s, s[0] ? ", " : "",
			                    bp_import_key_option(&imp->keys[k], opt, sizeof(opt)));
	return s[0] ? s : "no options";
}

static const char *kinds_list(bp_arena *a)
{
	const char *s = "";
	for (size_t i = 0; bp_importers[i]; i++)
		s = bp_arena_printf(a, "%s%s%s", s, i ? ", " : "", bp_importers[i]->kind);
	return s;
}

/* Load and print what was loaded; on failure the error and that nothing was loaded. */
static int import_run(cli *c, bp_import_args *args, bp_arena *a)
{
	bp_error err = { 0 };
	bp_db db;
	bp_import_summary sum;
	progress_state ps = { now_s(), 0 };
	if (isatty(STDERR_FILENO) && !c->quiet) {
		args->progress = progress;
		args->progress_ctx = &ps;
	}
	if (cli_open_db(c, &db, 1, &err)) {
		cli_print_error(&err);
		return EXIT_JOB_FAILED;
	}
	bp_rc rc = bp_import_run(db.conn, args, a, &sum, &err);
	bp_db_close(&db);
	if (ps.drawn)
		fputc('\n', stderr);
	if (rc && !sum.committed) {
		cli_print_error(&err);
		fprintf(stderr, "buurtpeil: nothing was loaded\n");
		return rc == BP_ERR_USAGE ? EXIT_USAGE : EXIT_JOB_FAILED;
	}
	for (size_t i = 0; i < sum.n_warnings; i++)
		fprintf(stderr, "%s\n", sum.warnings[i]);
	if (sum.already_loaded)
		printf("%s: already loaded (source %ld); nothing to do%s\n", sum.what, sum.source_id,
		       sum.synthetic ? " [SYNTHETIC data]" : "");
	else
		printf("%s: %s\n", sum.what, sum.line);
	for (size_t i = 0; i < sum.n_notes; i++)
		printf("%s\n", sum.notes[i]);
	if (rc) {
		cli_print_error(&err);
		return EXIT_JOB_FAILED;
	}
	return 0;
}

typedef struct given {
	int opt;              /* index into cli_opts.names */
	const char *value;    /* NULL for a flag */
} given;

static int parse_and_run(cli *c, int argc, char **argv, bp_arena *a)
{
	static cli_opts co;
	static given seen[256];
	size_t n_seen = 0;
	int help = 0, o;
	const char *overview = bp_importer_help(NULL, a);
	build_options(&co);
	while ((o = getopt_long(argc, argv, "qh", co.opts, NULL)) != -1) {
		if (o >= OPT_KEY && o < OPT_KEY + co.n) {
			if (n_seen == sizeof(seen) / sizeof(seen[0]))
				return cli_usage_error(overview, "too many options");
			seen[n_seen++] = (given){ o - OPT_KEY, optarg };
		} else if (o == 'h') {
			help = 1;   /* after the kind is known: its own help */
		} else if (!cli_common_option(c, o, overview)) {
			return cli_usage_error(overview, "unknown option");
		}
	}
	if (argc - optind < 1) {
		if (help) {
			fputs(overview, stdout);
			return 0;
		}
		return cli_usage_error(overview, "import needs a kind (%s)", kinds_list(a));
	}
	const bp_importer *imp = bp_importer_find(argv[optind]);
	if (!imp)
		return cli_usage_error(overview, "unknown kind '%s' (known: %s)", argv[optind], kinds_list(a));
	const char *usage = bp_importer_help(imp, a);
	if (help) {
		fputs(usage, stdout);
		return 0;
	}

	bp_import_args args = { .kind = imp };
	bp_error e = { 0 };
	for (size_t i = 0; i < n_seen; i++) {
		const char *name = co.names[seen[i].opt];
		int k = -1;
		for (int j = 0; j < BP_IMPORT_MAX_KEYS && imp->keys[j].name && k < 0; j++) {
			char opt[48];
			if (!(imp->keys[j].flags & (BP_KEY_ARG | BP_KEY_CONFIG_ONLY)) &&
			    strcmp(bp_import_key_option(&imp->keys[j], opt, sizeof(opt)), name) == 0)
				k = j;
		}
		if (k < 0)
			return cli_usage_error(usage, "--%s is not an option of import %s (it takes %s)", name, imp->kind,
			                       options_of(imp, a));
		if (args.v[k].given && !(imp->keys[k].flags & BP_KEY_MANY))
			return cli_usage_error(usage, "--%s is given twice (import %s takes one)", name, imp->kind);
		if (imp->keys[k].type == BP_KEY_BOOL)
			args.v[k] = (bp_import_value){ .given = 1, .num = 1 };
		else if (bp_import_value_set(&imp->keys[k], seen[i].value, a, &args.v[k], &e))
			return cli_usage_error(usage, "--%s %s", name, e.message);
	}
	for (int k = 0; k < BP_IMPORT_MAX_KEYS && imp->keys[k].name; k++) {
		const bp_import_key *key = &imp->keys[k];
		char opt[48];
		if (key->flags & BP_KEY_ARG) {
			if (argc - optind != 2)
				return cli_usage_error(usage, "import %s needs one %s", imp->kind, key->metavar);
			if (bp_import_value_set(key, argv[optind + 1], a, &args.v[k], &e))
				return cli_usage_error(usage, "%s %s", key->metavar, e.message);
		} else if ((key->flags & BP_KEY_REQUIRED) && !args.v[k].given) {
			return cli_usage_error(usage, "import %s needs --%s %s", imp->kind,
			                       bp_import_key_option(key, opt, sizeof(opt)), key->metavar);
		}
	}
	return import_run(c, &args, a);
}

int cmd_import(cli *c, int argc, char **argv)
{
	bp_arena *a = bp_arena_new();
	int code = parse_and_run(c, argc, argv, a);
	bp_arena_free(a);
	return code;
}
