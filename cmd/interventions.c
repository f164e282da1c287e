/* buurtpeil interventions list|check|effects|report */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/arena.h"
#include "core/numfmt.h"
#include "db/conn.h"
#include "db/pgutil.h"
#include "engine/custom_area.h"
#include "engine/effect.h"
#include "engine/indicator_def.h"
#include "engine/intervention.h"
#include "report/effect_report.h"

static const char usage[] =
	"usage: buurtpeil interventions list|check|effects|report [options]\n\n"
	"  list      list the interventions\n"
	"  check     read every definition and report the first error with its location;\n"
	"            indicators (and custom areas, with --areas) must exist\n"
	"  effects   store the registry in the database (a changed definition becomes a\n"
	"            new version) and estimate, for every intervention, indicator and\n"
	"            target area, the effect against comparable areas\n"
	"  report    the same, written as an effect report per intervention (HTML and\n"
	"            PDF) and an overview (index.html, overzicht.pdf) into --out\n\n"
	"  --dir DIR          the interventions folder (default: interventions)\n"
	"  --indicators DIR   the indicator definitions (default: indicators)\n"
	"  --areas DIR        the custom areas, to check custom area ids against\n"
	"  --id ID            effects: only this intervention\n"
	"  --k N              effects: at most N comparison areas (default 10)\n"
	"  --out DIR          report: the output folder (default: out/interventions)\n"
	"  --lang nl|en       report: the reports' language (default nl); en writes them in\n"
	"                     English, with a decimal point and <html lang=\"en\">\n";

static const char *num(char *buf, size_t size, double v)
{
	bp_numfmt_nl(buf, size, v, 2);
	return buf;
}

static void print_effect(const bp_intervention *iv, const bp_intervention_indicator *ind,
                         const bp_effect_result *r)
{
	char b1[64], b2[64];
	printf("%s%s: %s (%s beoogd), %s %s\n", iv->id, iv->example ? " (voorbeeld)" : "", ind->id,
	       ind->direction == BP_DIRECTION_UP ? "omhoog" : "omlaag", r->area_code,
	       r->area_name && strcmp(r->area_name, r->area_code) != 0 ? r->area_name : "");
	printf("  perioden:%s", r->n_periods ? "" : " geen");
	for (size_t i = 0; i < r->n_periods; i++)
		printf(" %s%s", r->years[i] >= iv->start_year && (i == 0 || r->years[i - 1] < iv->start_year) ? "| " : "",
		       r->periods[i]);
	printf("  (start %s: %d vóór, %d na)\n", iv->start, r->n_pre, r->n_post);
	if (r->n_comparisons > 0) {
		printf("  vergelijkingsgebieden (%zu van %zu):", r->n_comparisons, r->n_pool);
		for (size_t j = 0; j < r->n_comparisons; j++)
			printf("%s %s %s", j ? "," : "", r->comparisons[j].code, r->comparisons[j].name);
		printf("\n");
	}
	if (r->has_estimate)
		printf("  verschil-in-verschillen: %s\n", num(b1, sizeof(b1), r->estimate));
	if (r->has_placebo)
		printf("  placebo 5-95%%: %s tot %s; rang %d van %zu\n", num(b1, sizeof(b1), r->placebo_low),
		       num(b2, sizeof(b2), r->placebo_high), r->placebo_rank, r->n_comparisons + 1);
	if (r->has_analytic)
		printf("  90%%-interval uit de onzekerheid van de waarden: %s tot %s\n",
		       num(b1, sizeof(b1), r->analytic_low), num(b2, sizeof(b2), r->analytic_high));
	if (r->has_pretrend)
		printf("  trend vóór de start: verschil %s per jaar (%s)\n", num(b1, sizeof(b1), r->pretrend_diff),
		       r->pretrend_parallel ? "parallel" : "niet parallel");
	else if (r->has_related)
		printf("  trend vóór de start op %s (%zu jaren %d-%d): verschil %s per jaar, gestandaardiseerd %s (%s)\n",
		       r->related_id, r->related.n_years, r->related.first_year, r->related.last_year,
		       num(b1, sizeof(b1), r->related.diff), num(b2, sizeof(b2), r->related.std_drift),
		       r->related.parallel ? "vergelijkbaar" : "niet vergelijkbaar");
	else if (r->has_estimate)
		printf("  trend vóór de start: niet te toetsen (één periode vóór de start%s%s%s%s)\n",
		       r->related_id ? "; " : "", r->related_id ? r->related_id : "", r->related_id ? ": " : "",
		       r->related_why ? r->related_why : "");
	for (size_t j = 0; j < r->n_balance; j++)
		printf("  structuur %s: gestandaardiseerd verschil vóór %s, na %s%s\n", r->balance[j].name,
		       num(b1, sizeof(b1), r->balance[j].std_before), num(b2, sizeof(b2), r->balance[j].std_after),
		       j + 1 < r->n_balance ? "" : bp_balance_ok(r->balance, r->n_balance) ? " (in evenwicht)" : " (niet in evenwicht)");
	if (r->has_gemeente)
		printf("  tegen de rest van de gemeente (%zu gebieden): %s\n", r->gemeente_n,
		       num(b1, sizeof(b1), r->gemeente_estimate));
	if (r->has_synthetic) {
		printf("  synthetische vergelijking: %s (gewichten:", num(b1, sizeof(b1), r->synthetic_estimate));
		for (size_t j = 0; j < r->n_comparisons; j++)
			if (r->comparisons[j].weight >= 0.005)
				printf(" %s %s", r->comparisons[j].code, num(b2, sizeof(b2), r->comparisons[j].weight));
		printf(")\n");
	}
	printf("  oordeel: %s%s%s%s\n", bp_verdict_text(r->verdict), r->note ? " (" : "", r->note ? r->note : "",
	       r->note ? ")" : "");
}

static int effects(cli *c, const bp_intervention_set *set, const char *only, int k)
{
	bp_db db = { 0 };
	bp_error err = { 0 };
	bp_effect_options opt;
	int code = 0, added = 0, closed = 0, n = 0;
	bp_effect_cache *cache = NULL;
	bp_effect_options_default(&opt);
	if (k > 0)
		opt.k = k;

	if (only && !bp_intervention_find(set, only)) {
		fprintf(stderr, "buurtpeil: no intervention with id '%s'\n", only);
		return EXIT_JOB_FAILED;
	}
	if (cli_open_db(c, &db, 1, &err) || bp_interventions_store(db.conn, set, &added, &closed, &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
		goto out;
	}
	cli_info(c, "interventions: %zu defined, %d new %s, %d closed\n", set->n, added, BP_PL(added, "version", "versions"),
	         closed);
	/* Every estimate in one transaction, each indicator's values read once. */
	cache = bp_effect_cache_new();
	if (bp_pg_exec(db.conn, "BEGIN", &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
		goto out;
	}
	for (size_t i = 0; i < set->n; i++) {
		const bp_intervention *iv = &set->items[i];
		if (only && strcmp(iv->id, only) != 0)
			continue;
		for (size_t ki = 0; ki < iv->n_indicators; ki++) {
			for (size_t ai = 0; ai < iv->n_areas; ai++) {
				bp_arena *a = bp_arena_new();   /* one estimate, one arena */
				bp_effect_result r;
				if (bp_effect_estimate_cached(db.conn, cache, set, iv, ki, ai, &opt, a, &r, &err) ||
				    bp_effect_store(db.conn, iv->id, iv->indicators[ki].id, &r, &err)) {
					cli_print_error(&err);
					code = EXIT_JOB_FAILED;
					bp_arena_free(a);
					goto out;
				}
				if (n++)
					printf("\n");
				print_effect(iv, &iv->indicators[ki], &r);
				bp_arena_free(a);
			}
		}
	}
	if (bp_pg_exec(db.conn, "COMMIT", &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
	}
out:
	if (code && db.conn)
		bp_pg_rollback(db.conn);
	bp_effect_cache_free(cache);
	bp_db_close(&db);
	return code;
}

static int report(cli *c, const bp_intervention_set *set, const bp_indicator_set *inds, const char *out_dir,
                  int k, bp_lang lang)
{
	bp_db db = { 0 };
	bp_error err = { 0 };
	bp_effect_options opt;
	bp_effect_report_result res;
	bp_effect_options_default(&opt);
	if (k > 0)
		opt.k = k;
	bp_effect_report_options ro = { .dir = out_dir, .indicators = inds, .interventions = set, .effect = &opt,
	                                .read_only = 1, .lang = lang };
	long stored;
	/* Estimates stored first; the pages are written as buurtpeil_publish, which may not write. */
	if (cli_open_db(c, &db, 1, &err) || bp_effects_store_all(db.conn, set, &opt, &stored, &err) ||
	    bp_db_publish_role(db.conn, &err) || bp_report_interventions(db.conn, &ro, &res, &err)) {
		cli_print_error(&err);
		bp_db_close(&db);
		return EXIT_JOB_FAILED;
	}
	printf("%ld %s with %ld %s and the overview: %ld %s in %s\n", res.reports,
	       BP_PL(res.reports, "effect report", "effect reports"), res.estimates,
	       BP_PL(res.estimates, "estimate", "estimates"), res.files, BP_PL(res.files, "file", "files"), out_dir);
	bp_db_close(&db);
	return 0;
}

int cmd_interventions(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' }, { "indicators", required_argument, NULL, 'i' },
		{ "areas", required_argument, NULL, 'a' }, { "id", required_argument, NULL, 'n' },
		{ "k", required_argument, NULL, 'k' }, { "out", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' }, COMMON_LONG_OPTIONS, { 0 }
	};
	bp_lang lang = BP_LANG_NL;
	const char *dir = "interventions", *indicators = "indicators", *areas = NULL, *only = NULL;
	const char *out_dir = "out/interventions";
	int o, k = 0;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'd')
			dir = optarg;
		else if (o == 'i')
			indicators = optarg;
		else if (o == 'a')
			areas = optarg;
		else if (o == 'n')
			only = optarg;
		else if (o == 'o')
			out_dir = optarg;
		else if (o == 'l') {
			bp_error lerr = { 0 };
			if (bp_lang_parse(optarg, &lang, &lerr))
				return cli_usage_error(usage, "%s", lerr.message);
		}
		else if (o == 'k') {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 2 || v > 1000)
				return cli_usage_error(usage, "--k needs a whole number from 2 to 1000");
			k = (int)v;
		} else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage_error(usage, "interventions needs 'list', 'check', 'effects' or 'report'");
	const char *what = argv[optind];
	if (strcmp(what, "list") != 0 && strcmp(what, "check") != 0 && strcmp(what, "effects") != 0 &&
	    strcmp(what, "report") != 0)
		return cli_usage_error(usage, "interventions needs 'list', 'check', 'effects' or 'report'");

	bp_arena *a = bp_arena_new();
	bp_intervention_set set;
	bp_indicator_set inds;
	bp_custom_area_set cas = { 0 };
	bp_error err = { 0 };
	int code = 0;
	if (bp_interventions_load_dir(dir, a, &set, &err) ||
	    (strcmp(what, "list") != 0 && bp_indicators_load_dir(indicators, a, &inds, &err)) ||
	    (areas && bp_custom_areas_load_dir(areas, a, &cas, &err)) ||
	    (strcmp(what, "list") != 0 && bp_interventions_check_refs(&set, &inds, areas ? &cas : NULL, &err))) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
		goto out;
	}
	if (strcmp(what, "check") == 0) {
		printf("%zu %s in %s %s valid\n", set.n, BP_PL(set.n, "intervention", "interventions"), dir,
	       set.n == 1 ? "is" : "are");
	} else if (strcmp(what, "list") == 0) {
		for (size_t i = 0; i < set.n; i++) {
			const bp_intervention *v = &set.items[i];
			printf("%-32s %-18s %s..%-10s %s%s (", v->id, v->theme, v->start, v->end ? v->end : "",
			       v->name, v->example ? " [voorbeeld]" : "");
			for (size_t j = 0; j < v->n_areas; j++)
				printf("%s%s", j ? ", " : "", v->areas[j]);
			printf(")\n");
		}
	} else if (strcmp(what, "report") == 0) {
		code = report(c, &set, &inds, out_dir, k, lang);
	} else {
		code = effects(c, &set, only, k);
	}
out:
	bp_arena_free(a);
	return code;
}
