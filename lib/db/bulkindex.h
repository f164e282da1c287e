/*
 * bulkindex.h: a table's key and indexes dropped before a bulk rewrite and
 * built again afterwards.
 *
 * Writing hundreds of thousands of rows into a table with a key and indexes
 * costs a btree insertion per row and index; building them afterwards is
 * one sort each (measured on all of Nederland: 440,000 indicator values
 * with their key and two indexes 3.2 s, without them 0.5 s plus 1.6 s to
 * build them).  The build takes the table's SHARE lock only, so readers in
 * other sessions go on meanwhile; attaching the key afterwards is a catalog
 * change (ACCESS EXCLUSIVE, for a moment).  The names are those the
 * migrations gave, so the catalog looks the same afterwards.
 */
#ifndef BP_DB_BULKINDEX_H
#define BP_DB_BULKINDEX_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/error.h"

typedef struct bp_bulk_index {
	const char *name;       /* unqualified; in the table's schema (bp) */
	const char *columns;    /* "gemeente_code, indicator_id" */
} bp_bulk_index;

typedef struct bp_bulk_table {
	const char *table;      /* "bp.indicator_value" */
	bp_bulk_index key;      /* the primary key: constraint and index name, columns */
	const bp_bulk_index *indexes;
	size_t n_indexes;
} bp_bulk_table;

/* Drop the key and indexes (those that exist), in the caller's transaction
 * (or on their own, outside one). */
bp_rc bp_bulk_drop_indexes(PGconn *conn, const bp_bulk_table *t, bp_error *err) BP_MUST_CHECK;

/* Build the key's unique index and the indexes that are missing, in a
 * transaction of its own; then bp_bulk_attach_key. */
bp_rc bp_bulk_build_indexes(PGconn *conn, const bp_bulk_table *t, bp_error *err) BP_MUST_CHECK;

/* One of them, in a transaction of its own: i = -1 the key's unique index,
 * else indexes[i].  CREATE INDEX takes the SHARE lock, which does not
 * conflict with itself: two sessions can build two indexes of one table at
 * once. */
bp_rc bp_bulk_build_index(PGconn *conn, const bp_bulk_table *t, int i, bp_error *err) BP_MUST_CHECK;

/* The same in the caller's transaction (which then also attaches the key). */
bp_rc bp_bulk_build_indexes_here(PGconn *conn, const bp_bulk_table *t, bp_error *err) BP_MUST_CHECK;

/* Make the key's index the primary key again (when it is not already). */
bp_rc bp_bulk_attach_key(PGconn *conn, const bp_bulk_table *t, bp_error *err) BP_MUST_CHECK;

/*
 * ANALYZE a table the caller has just written and committed, its own
 * writes' counts flushed first to the cumulative statistics: PostgreSQL
 * sends a session's counts at most once a second, so counts sent after the
 * ANALYZE would count as changes since it, and autovacuum would analyse
 * the whole table once more (sql/033 leaves these tables to compute).
 * Outside a transaction.
 */
bp_rc bp_bulk_analyze(PGconn *conn, const char *table, bp_error *err) BP_MUST_CHECK;

/* Only the flush, for a session whose writes another session ANALYZEs. */
bp_rc bp_bulk_flush_counts(PGconn *conn, bp_error *err) BP_MUST_CHECK;

/* Both, for callers that wait for nothing in between. */
bp_rc bp_bulk_restore_indexes(PGconn *conn, const bp_bulk_table *t, bp_error *err) BP_MUST_CHECK;

/*
 * The same at the end of a rewrite whose outcome is *rc: the table gets its
 * key and indexes back in any case; a failure to do so becomes *rc unless
 * the rewrite failed already (that first error is the one reported).
 */
void bp_bulk_restore_after(PGconn *conn, const bp_bulk_table *t, bp_rc *rc, bp_error *err);

/*
 * Crash safety (sql/019): every drop records what it dropped in
 * bp.bulk_pending in the same transaction, every build removes its row.
 * A run that drops keys holds the bulk lock (a session advisory lock,
 * released by the server when the process dies) from before the drop until
 * the builds; bp_bulk_repair builds whatever a run that no longer holds it
 * left pending.  Every command calls it after migrating (cmd/common.c), so a
 * kill -9 during compute --force is followed by tables with their keys.
 */
bp_rc bp_bulk_lock(PGconn *conn, bp_error *err) BP_MUST_CHECK;
void bp_bulk_unlock(PGconn *conn);

/* Build what is pending, in one transaction per table; *repaired = tables
 * repaired.  held: the caller holds the bulk lock (compute); else the lock
 * is tried, and when a run holds it nothing is done (that run builds them). */
bp_rc bp_bulk_repair(PGconn *conn, int held, int *repaired, bp_error *err) BP_MUST_CHECK;

#endif
