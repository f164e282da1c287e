/* migrations.h: the migrations embedded from sql/ at build time (tools/embed_sql.py). */
#ifndef BP_DB_MIGRATIONS_H
#define BP_DB_MIGRATIONS_H

#include <stddef.h>

typedef struct bp_migration {
	int version;        /* NNN of the file name */
	const char *name;   /* the rest of the file name, without .sql */
	const char *sql;    /* the file's text */
} bp_migration;

extern const bp_migration bp_migrations[]; /* ordered by version, 1..n */
extern const size_t bp_n_migrations;

#endif
