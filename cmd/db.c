/* buurtpeil db status|start|stop|psql|migrate */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/numfmt.h"
#include "db/migrate.h"

static const char usage[] =
	"usage: buurtpeil db status|start|stop|psql|migrate [--state-dir DIR | --db CONNINFO]\n\n"
	"  status   which database is used, whether it runs, its schema version\n"
	"  start    create (first use) and start the embedded cluster;\n"
	"           --primary: as a primary that streaming replicas can follow (wal_level replica)\n"
	"  stop     stop the embedded cluster\n"
	"  psql     open psql on the database (extra arguments go to psql after --)\n"
	"  migrate  apply the schema migrations that are missing (idempotent)\n";

static int do_status(cli *c)
{
	bp_db db;
	bp_error err = { 0 };
	if (bp_db_resolve(&db, &c->db, &err)) {
		cli_print_error(&err);
		return EXIT_JOB_FAILED;
	}
	printf("database: %s\n", db.description);
	if (db.target == BP_DB_EMBEDDED) {
		bp_cluster_state st;
		if (bp_cluster_status(&db.cluster, &st, &err)) {
			cli_print_error(&err);
			return EXIT_JOB_FAILED;
		}
		printf("server:   %s (PostgreSQL programs in %s, runs as %s)\n",
		       st == BP_CLUSTER_RUNNING ? "running" : st == BP_CLUSTER_STOPPED ? "stopped" : "not created yet",
		       db.cluster.bindir, db.cluster.run_user);
		if (st != BP_CLUSTER_RUNNING)
			return 0;
	}
	db.conn = PQconnectdb(db.conninfo);
	if (PQstatus(db.conn) != CONNECTION_OK) {
		printf("connection: failed: %s", PQerrorMessage(db.conn));
		bp_db_close(&db);
		return EXIT_JOB_FAILED;
	}
	int version = 0;
	if (bp_migrate_version(db.conn, &version, &err)) {
		cli_print_error(&err);
		bp_db_close(&db);
		return EXIT_JOB_FAILED;
	}
	printf("schema:   version %d\n", version);
	bp_db_close(&db);
	return 0;
}

int cmd_db(cli *c, int argc, char **argv)
{
	static const struct option opts[] = { COMMON_LONG_OPTIONS, { "primary", no_argument, NULL, 'p' }, { 0 } };
	int o, primary = 0;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'p')
			primary = 1;
		else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error(usage, "db needs an action");
	const char *action = argv[optind];
	if (primary && strcmp(action, "start") != 0)
		return cli_usage_error(usage, "--primary is an option of start");
	bp_error err = { 0 };
	bp_db db;

	if (strcmp(action, "status") == 0)
		return do_status(c);
	if (strcmp(action, "start") == 0 || strcmp(action, "stop") == 0) {
		if (bp_db_resolve(&db, &c->db, &err)) {
			cli_print_error(&err);
			return EXIT_JOB_FAILED;
		}
		if (db.target != BP_DB_EMBEDDED) {
			fprintf(stderr, "buurtpeil: a server is configured (%s); start and stop only manage the embedded cluster\n",
			        db.description);
			return EXIT_USAGE;
		}
		bp_rc rc = action[2] != 'a' ? bp_cluster_stop(&db.cluster, &err)
		           : primary ? bp_cluster_make_primary(&db.cluster, &err)
		                     : bp_cluster_ensure_running(&db.cluster, &err);
		if (rc) {
			cli_print_error(&err);
			return EXIT_JOB_FAILED;
		}
		cli_info(c, "embedded cluster in %s %s\n", db.cluster.state_dir,
		         action[2] == 'a' ? "is running" : "is stopped");
		return 0;
	}
	if (strcmp(action, "migrate") == 0) {
		if (cli_open_db(c, &db, 0, &err)) {
			cli_print_error(&err);
			return EXIT_JOB_FAILED;
		}
		int applied = 0, version = 0;
		bp_rc rc = bp_migrate(db.conn, &applied, &err);
		if (rc == BP_OK)
			rc = bp_migrate_version(db.conn, &version, &err);
		bp_db_close(&db);
		if (rc) {
			cli_print_error(&err);
			return EXIT_JOB_FAILED;
		}
		printf("schema at version %d (%d %s applied now)\n", version, applied, BP_PL(applied, "migration", "migrations"));
		return 0;
	}
	if (strcmp(action, "psql") == 0) {
		if (cli_open_db(c, &db, 0, &err)) {
			cli_print_error(&err);
			return EXIT_JOB_FAILED;
		}
		bp_db_close(&db);
		/* psql gets the same conninfo we used, then any extra arguments. */
		char *args[64];
		int n = 0;
		args[n++] = "psql";
		args[n++] = "-d";
		args[n++] = db.conninfo;
		int first = optind + 1;
		if (first < argc && strcmp(argv[first], "--") == 0)
			first++;   /* 'db psql -- -c ...': the rest is psql's */
		for (int i = first; i < argc && n < 63; i++)
			args[n++] = argv[i];
		args[n] = NULL;
		execvp("psql", args);
		fprintf(stderr, "buurtpeil: cannot run psql: install it with 'apt-get install postgresql-client'\n");
		return EXIT_JOB_FAILED;
	}
	return cli_usage_error(usage, "unknown db action '%s'", action);
}
