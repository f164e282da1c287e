/* buurtpeil serve */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/server.h"
#include "cmd.h"
#include "core/arena.h"
#include "config/monitor.h"
#include "db/pgutil.h"
#include "engine/indicator_def.h"

static const char usage[] =
	"usage: buurtpeil serve [--listen ADDR:PORT] [--indicators DIR] [--threads N] [--db-connections N]\n"
	"                       [--cors ORIGIN] [--max-age SECONDS] [--timeout SECONDS]\n"
	"                       [--per-ip N] [--rate N] [--version-check MS] [--cache-mib N]\n"
	"                       [--effects] [--config FILE] [--no-access-log]\n\n"
	"Answer the read-only HTTP API (/api/v1/, described at /api/v1/openapi.json) over\n"
	"the database, as the publishing role: the figures 'publish' would publish, never\n"
	"survey microdata.  Runs until SIGTERM or SIGINT, then finishes the requests under\n"
	"way.  One JSON line per request on stderr (the access log).\n"
	"  --indicators DIR     the definitions, for the charts (default: indicators)\n"
	"  --listen ADDR:PORT   IPv4 address and port (default 127.0.0.1:8080; port 0: any\n"
	"                       free port, printed on stdout)\n"
	"  --threads N          HTTP worker threads (default 2)\n"
	"  --db-connections N   at most N connections to the database (default 4)\n"
	"  --cors ORIGIN        allow browsers on ORIGIN (e.g. https://dashboard.example.nl, or *)\n"
	"  --max-age SECONDS    Cache-Control max-age of data answers (default 60)\n"
	"  --timeout SECONDS    drop a connection idle this long (default 10)\n"
	"  --per-ip N           at most N connections per client address (default 64; 0: no limit)\n"
	"  --rate N             at most N requests per client address and minute, N at once\n"
	"                       (429 with Retry-After beyond; default 0: no limit)\n"
	"  --version-check MS   look for new data (a new run) at most every MS milliseconds\n"
	"                       (default 1000; 0: on every request)\n"
	"  --cache-mib N        keep up to N MiB of answers in memory until the data change (default 32)\n"
	"  --config FILE        a monitor configuration (as for run): only its gemeenten are in the\n"
	"                       catalogue, its indicators and publish_effects are taken\n"
	"  --effects            serve the interventions' effect estimates and verdicts (as a monitor's\n"
	"                       publish_effects: true; default: the registry without them)\n";

static int number(const char *s, int min, int max, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (!*s || *end || errno || n < min || n > max)
		return 0;
	*out = (int)n;
	return 1;
}

int cmd_serve(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "db-connections", required_argument, NULL, 'n' },
		{ "cors", required_argument, NULL, 'c' },
		{ "max-age", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "per-ip", required_argument, NULL, 'p' },
		{ "no-access-log", no_argument, NULL, 'L' },
		{ "version-check", required_argument, NULL, 'V' },
		{ "cache-mib", required_argument, NULL, 'C' },
		{ "rate", required_argument, NULL, 'r' },
		{ "indicators", required_argument, NULL, 'i' },
		{ "effects", no_argument, NULL, 'e' },
		{ "config", required_argument, NULL, 'f' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	bp_api_options o = { .port = 8080, .threads = 2, .db_connections = 4, .max_age = 60, .timeout = 10,
	                     .per_ip = 64, .access_log = stderr, .version_check_ms = 1000, .cache_mib = 32 };
	char addr[64] = "127.0.0.1";
	const char *indicators = NULL, *config = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': {
			const char *colon = strrchr(optarg, ':');
			if (!colon || (size_t)(colon - optarg) >= sizeof(addr) || !number(colon + 1, 0, 65535, &o.port))
				return cli_usage_error(usage, "--listen wants ADDR:PORT, e.g. 127.0.0.1:8080");
			if (colon > optarg)
				snprintf(addr, sizeof(addr), "%.*s", (int)(colon - optarg), optarg);
			break;
		}
		case 't':
			if (!number(optarg, 1, 256, &o.threads))
				return cli_usage_error(usage, "--threads wants a number from 1 to 256");
			break;
		case 'n':
			if (!number(optarg, 1, 256, &o.db_connections))
				return cli_usage_error(usage, "--db-connections wants a number from 1 to 256");
			break;
		case 'c': o.cors_origin = optarg; break;
		case 'm':
			if (!number(optarg, 0, 31536000, &o.max_age))
				return cli_usage_error(usage, "--max-age wants seconds");
			break;
		case 'T':
			if (!number(optarg, 1, 3600, &o.timeout))
				return cli_usage_error(usage, "--timeout wants seconds from 1 to 3600");
			break;
		case 'p':
			if (!number(optarg, 0, 100000, &o.per_ip))
				return cli_usage_error(usage, "--per-ip wants a number");
			break;
		case 'L': o.access_log = NULL; break;
		case 'i': indicators = optarg; break;
		case 'e': o.effects = 1; break;
		case 'f': config = optarg; break;
		case 'V':
			if (!number(optarg, 0, 3600000, &o.version_check_ms))
				return cli_usage_error(usage, "--version-check wants milliseconds");
			break;
		case 'r':
			if (!number(optarg, 0, 100000000, &o.rate_per_minute))
				return cli_usage_error(usage, "--rate wants requests per minute");
			break;
		case 'C':
			if (!number(optarg, 1, 65536, &o.cache_mib))
				return cli_usage_error(usage, "--cache-mib wants a number of MiB");
			break;
		default:
			if (!cli_common_option(c, opt, usage))
				return cli_usage_error(usage, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(usage, "serve takes no arguments");
	o.address = addr;

	/* SIGTERM and SIGINT are waited for here, never delivered to a worker. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_api_server *s = NULL;
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	o.indicators = &set;
	/* No migration: serve only reads (a standby cannot be written). */
	bp_monitor_config cfg;
	if (config) {
		if (bp_monitor_config_load(config, a, &cfg, &err)) {
			cli_print_error(&err);
			bp_arena_free(a);
			return EXIT_JOB_FAILED;
		}
		/* What this monitor's publish publishes: its gemeenten, its effects setting. */
		/* gemeenten: all: NULL, every gemeente with values. */
		o.gemeenten = cfg.all_gemeenten ? NULL : bp_pg_text_array(a, cfg.gemeenten, cfg.n_gemeenten);
		o.effects |= cfg.publish_effects;
		if (!indicators)
			indicators = cfg.indicators_dir;
	}
	if (bp_indicators_load_dir(indicators ? indicators : "indicators", a, &set, &err) || cli_open_db(c, &db, 0, &err) ||
	    bp_api_start(&db, &o, &s, &err)) {
		cli_print_error(&err);
		bp_db_close(&db);
		bp_arena_free(a);
		return EXIT_JOB_FAILED;
	}
	printf("listening on http://%s:%d/api/v1/\n", addr, bp_api_port(s));
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	cli_info(c, "serve: %s, finishing the requests under way\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	bp_api_stop(s);
	bp_db_close(&db);
	bp_arena_free(a);
	return 0;
}
