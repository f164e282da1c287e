#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "db/migrate.h"

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
			cli_info(c, "schema: %d migration(s) applied\n", applied);
	}
	return BP_OK;
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
