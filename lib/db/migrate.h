/*
 * migrate.h: bring the schema up to date.
 *
 * The migrations (sql/NNN_name.sql, embedded at build time) are applied in
 * order, each once and in its own transaction, and recorded in
 * bp.schema_migration with a checksum.  Concurrent migrators wait for each
 * other on an advisory lock.  A migration whose text changed after it was
 * applied is an error: shipped migrations are history and never edited.
 */
#ifndef BP_DB_MIGRATE_H
#define BP_DB_MIGRATE_H

#include <libpq-fe.h>

#include "core/error.h"

/* Apply what is missing; *applied (may be NULL) receives how many were. */
bp_rc bp_migrate(PGconn *conn, int *applied, bp_error *err) BP_MUST_CHECK;

/* The highest applied version, 0 when none (or the table does not exist). */
bp_rc bp_migrate_version(PGconn *conn, int *version, bp_error *err) BP_MUST_CHECK;

#endif
