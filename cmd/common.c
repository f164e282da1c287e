#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/numfmt.h"
#include "db/bulkindex.h"
#include "db/migrate.h"
#include "engine/compare.h"
#include "engine/similar.h"
#include "report/html.h"

int cli_common_option(cli *c, int opt, const char *usage)
{
	switch (opt) {
	case OPT_DB:
		c->db.conninfo = optarg;
		return 1;
	case OPT_STATE_DIR:
		c->db.state_dir = optarg;
		return 1;
	case 'q':
		c->quiet = 1;
		return 1;
	case 'h':
		fputs(usage, stdout);
		exit(0);
	}
	return 0;
}

void cli_print_error(const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT + 256];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "buurtpeil: %s\n", buf);
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	fputs("buurtpeil: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	fputs(usage, stderr);
	return EXIT_USAGE;
}

bp_rc cli_open_db(cli *c, bp_db *db, int migrate, bp_error *err)
{
	bp_rc rc = bp_db_open(db, &c->db, err);
	if (rc)
		return rc;
	if (migrate) {
		int applied = 0;
		rc = bp_migrate(db->conn, &applied, err);
		if (rc) {
			bp_db_close(db);
			return rc;
		}
		if (applied)
			cli_info(c, "schema: %d %s applied\n", applied, BP_PL(applied, "migration", "migrations"));
		/* Keys a killed compute left dropped are built before anything reads (sql/019). */
		int repaired = 0;
		rc = bp_bulk_repair(db->conn, 0, &repaired, err);
		if (rc) {
			bp_db_close(db);
			return rc;
		}
		if (repaired)
			cli_info(c, "note: %d table(s) got back the keys and indexes an interrupted compute had dropped\n",
			          repaired);
	}
	return BP_OK;
}

bp_rc cli_compute(bp_db *db, const bp_pipeline_input *in, bp_pipeline_result *res, bp_error *err)
{
	PGconn *helper = NULL;
	bp_error ignored = { 0 };   /* max_connections reached: no helper, not a failure */
	if (bp_db_connect(db, &helper, &ignored))
		helper = NULL;
	bp_rc rc = bp_compute_pipeline(db->conn, helper, in, res, err);
	if (helper)
		PQfinish(helper);
	return rc;
}

void cli_info(const cli *c, const char *fmt, ...)
{
	va_list ap;
	if (c->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int cli_report_args_parse(cli *c, int argc, char **argv, const char *usage, const char *name,
                          cli_report_args *r)
{
	static const struct option opts[] = {
		{ "gemeente", required_argument, NULL, 'g' },
		{ "out", required_argument, NULL, 'o' },
		{ "indicators", required_argument, NULL, 'i' },
		{ "charts", required_argument, NULL, 'c' },
		{ "effects", required_argument, NULL, 'e' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "lang", required_argument, NULL, 'l' },
		{ "jobs", required_argument, NULL, 'j' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	const size_t max = sizeof(r->gemeenten) / sizeof(r->gemeenten[0]);
	r->n = 0;
	r->indicators = "indicators";
	r->charts = "charts";
	r->effects = NULL;
	r->as_of = NULL;
	r->lang = BP_LANG_NL;
	r->jobs = 0;
	int o;
	bp_error lerr = { 0 };
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (o) {
		case 'g':
			if (r->n == max)
				return cli_usage_error(usage, "at most %zu gemeenten per %s run", max, name);
			r->gemeenten[r->n++] = optarg;
			break;
		case 'o': r->out = optarg; break;
		case 'i': r->indicators = optarg; break;
		case 'c': r->charts = optarg; break;
		case 'a': r->as_of = optarg; break;
		case 'l':
			if (bp_lang_parse(optarg, &r->lang, &lerr))
				return cli_usage_error(usage, "%s", lerr.message);
			break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 1 || v > 256)
				return cli_usage_error(usage, "--jobs takes a number of workers from 1 to 256");
			r->jobs = (int)v;
			break;
		}
		case 'e':
			if (strcmp(name, "publish") != 0)
				return cli_usage_error(usage, "--effects belongs to publish");
			r->effects = optarg;
			break;
		default:
			if (!cli_common_option(c, o, usage))
				return cli_usage_error(usage, "unknown option");
		}
	}
	if (r->n == 0 || optind != argc)
		return cli_usage_error(usage, "%s needs at least one --gemeente", name);
	if (r->as_of && !bp_asof_date_shaped(r->as_of))
		return cli_usage_error(usage, "--as-of takes a date written YYYY-MM-DD, e.g. 2026-03-15");
	return 0;
}

bp_rc cli_as_of(cli *c, bp_db *db, const cli_report_args *args, const bp_indicator_set *set, bp_arena *a,
                bp_asof *s, PGconn **conn, bp_error *err)
{
	memset(s, 0, sizeof(*s));
	*conn = db->conn;
	if (!args->as_of)
		return BP_OK;
	bp_composite_set comps = { 0 };
	bp_rc rc;
	if ((rc = bp_composites_load_dir(bp_arena_printf(a, "%s/composites", args->indicators), a, &comps, err)) ||
	    (rc = bp_composites_resolve(&comps, set, err)))
		return rc;
	cli_info(c, "as of %s: computing from the vintages of that date in a scratch database\n", args->as_of);
	bp_pipeline_input in = { set, &comps, BP_SIMILAR_DEFAULT_K, 1 };
	if ((rc = bp_asof_open(db, args->as_of, &in, a, s, err)))
		return rc;
	cli_info(c, "as of %s: %ld source(s), %ld indicator(s) computed\n", args->as_of, s->sources,
	         s->pipeline.indicators.computed);
	bp_html_set_stamp(s->label);
	/* The English pages' line: the date as an English reader writes it (args->as_of is YYYY-MM-DD, checked). */
	int y = 0, m = 0, d = 0;
	char date[64];
	if (sscanf(args->as_of, "%d-%d-%d", &y, &m, &d) == 3 && bp_date_fmt(BP_LANG_EN, date, sizeof(date), y, m, d))
		bp_html_set_stamp_en(bp_arena_printf(a, "As of %s: the figures as they were known on that day (the "
		                                        "sources buurtpeil had loaded by then).", date));
	*conn = s->db.conn;
	return BP_OK;
}

double cli_seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}
