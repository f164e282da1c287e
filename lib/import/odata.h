/*
 * odata.h: what the two CBS OData importers (odata3.c, odata4.c) share.
 *
 * Both fetch JSON pages with http.c, trim CBS' padded keys, turn period
 * codes into periods, quote $filter literals, keep one record per area while
 * the pages stream by and write those areas at the end through load.c, and
 * recognise a vintage they loaded before.  Moved here from odata3.c when the
 * v4 importer arrived, unchanged in behaviour.  v3's data pages are not held
 * whole: bp_odata_stream_pages parses them (yajl) and COPYs their rows while
 * they arrive; v4 and all metadata still go through jansson whole.
 *
 * cbsdump.c (dump folders of the same v3 tables) uses it too: the topic
 * roles, the variable labels, the observation rows and the bp.source
 * bookkeeping below are one logic for all three, so that a dump and a
 * download of one table load the same way.  Each importer still owns its own
 * job: reading metadata, walking rows or pages, and its transaction.
 */
#ifndef BP_IMPORT_ODATA_H
#define BP_IMPORT_ODATA_H

#include <glib.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/progress.h"
#include "import/areacode.h"
#include "import/cbsvalue.h"
#include "import/http.h"

/* Right-trimmed arena copy (CBS pads keys and strings on the right). */
char *bp_odata_rtrim(bp_arena *a, const char *s);

/* The string member k of o, or NULL when absent or not a string. */
const char *bp_odata_jstr(json_t *o, const char *k);

/*
 * GET url and parse it as a JSON object into *out (caller decrefs).  A body
 * that is not JSON (a proxy's error page, a cut-off body curl did not
 * notice) is fetched again, up to max_attempts; each such repeat adds one to
 * *retries.  The page bytes go into sum when it is not NULL.  Errors: those
 * of bp_http_get, or BP_ERR_PARSE with where = url.
 */
bp_rc bp_odata_get_json(bp_http *h, int max_attempts, const char *url, bp_buf *body,
                        GChecksum *sum, json_t **out, long *retries, bp_error *err) BP_MUST_CHECK;

/*
 * How far next links are followed.  A server's links may never end (a page
 * naming itself, two pages naming each other, ever new links): every walk
 * over pages keeps the set of URLs it fetched and refuses a link back to one
 * of them, and stops after a number of pages or bytes.  The defaults are far
 * above what CBS serves (data: pages of 10,000 rows, the largest tables a few
 * thousand pages; metadata lists: a few pages, held in memory whole); 0 in a
 * field means its default.  Tests set small limits.
 */
typedef struct bp_odata_limits {
	long data_pages;         /* 0: BP_ODATA_MAX_DATA_PAGES */
	uint64_t data_bytes;     /* 0: BP_ODATA_MAX_DATA_BYTES */
	long list_pages;         /* 0: BP_ODATA_MAX_LIST_PAGES */
	uint64_t list_bytes;     /* 0: BP_ODATA_MAX_LIST_BYTES */
} bp_odata_limits;

#define BP_ODATA_MAX_DATA_PAGES 100000L
#define BP_ODATA_MAX_DATA_BYTES ((uint64_t)64 << 30)    /* 64 GiB, streamed, not held */
#define BP_ODATA_MAX_LIST_PAGES 1000L
#define BP_ODATA_MAX_LIST_BYTES ((uint64_t)256 << 20)   /* 256 MiB, held in memory */

/*
 * Every row of an entity set, from url on, following the link to the next
 * page (next_key: "odata.nextLink" in v3, "@odata.nextLink" in v4) with
 * bp_odata_get_json; *out is one array tied to the arena a (also after an
 * error, with the rows read so far).  A page without a 'value' list is
 * BP_ERR_PARSE at its url, and so is a next link back to a page read before
 * or past limits' list_pages/list_bytes (limits NULL: the defaults).
 */
bp_rc bp_odata_get_list(bp_http *h, int max_attempts, bp_arena *a, const char *url, const char *next_key,
                        const bp_odata_limits *limits, long *retries, json_t **out, bp_error *err) BP_MUST_CHECK;

/* '2020JJ00' -> '2020'; other period codes (quarters, months) are kept trimmed. */
const char *bp_odata_period(bp_arena *a, const char *raw);

/* The last four-digit number in s ('2024', '2012, 2016, 2020' -> 2020); 0 if none. */
int bp_odata_year_in(const char *s);

/* Append v as an OData string literal: quoted, an inner quote doubled. */
void bp_odata_add_quoted(GString *s, const char *v);

/* Add to a data request's $filter f: keep only member keep of dimension
 * dim_key, as '(Dim eq 'key')', joined to what f holds with 'and'. */
void bp_odata_filter_member(GString *f, const char *dim_key, const char *keep);

/* Add to f: only the regions that are the values of region_keep (raw
 * keys), '(Geo eq 'a' or Geo eq 'b')', sorted so that the same request gives
 * the same URL (the URL identifies the vintage). */
void bp_odata_filter_regions(GString *f, GHashTable *region_keep, const char *geo_key);

/* SQL for a Modified text parameter P as timestamptz: with a UTC offset
 * (v4 may send one) as given, without one (v3) as Amsterdam time. */
#define BP_ODATA_MODIFIED_SQL(P) \
	"(CASE WHEN " P "::text ~ 'T.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN " P "::text::timestamptz " \
	"ELSE " P "::text::timestamp AT TIME ZONE 'Europe/Amsterdam' END)"

/* What an importer keeps per area while pages stream by. */
typedef struct bp_odata_area {
	bp_area_code ac;
	const char *name;
	const char *indeling;    /* NULL when absent or '.' */
	long row;                /* the first data row that named it */
} bp_odata_area;

/*
 * Stage the areas (a hash of code -> bp_odata_area*) and merge them with
 * the parent check of load.c, for indeling year; a missing parent is
 * reported at url with its data row.  Inside the caller's transaction.
 */
bp_rc bp_odata_write_areas(PGconn *conn, GHashTable *areas, int year, const char *url, bp_error *err) BP_MUST_CHECK;

/*
 * The id of a vintage loaded before by importer: same publisher, table,
 * Modified and data URL; 0 when none (or when modified is NULL: then only
 * the checksum can tell).  Modified without a UTC offset is Amsterdam time.
 */
bp_rc bp_odata_find_vintage(PGconn *conn, const char *importer, const char *publisher,
                            const char *table_id, const char *modified, const char *url,
                            long *id, bp_error *err) BP_MUST_CHECK;

/* One data page (root, fetched from url): check it and COPY its cells; pa
 * is freed after the page, so only what the importer keeps elsewhere stays. */
typedef bp_rc (*bp_odata_page_fn)(void *ctx, PGconn *conn, json_t *root, const char *url,
                                  bp_buf *copy, bp_arena *pa, bp_error *err);

/* How bp_odata_read_pages fetches and reports; the importer's own fields. */
typedef struct bp_odata_pager {
	bp_http *http;
	int max_attempts;
	long *retries;            /* see bp_odata_get_json */
	const char *next_key;     /* 'odata.nextLink' (v3), '@odata.nextLink' (v4) */
	GChecksum *sum;           /* every page's bytes */
	bp_odata_page_fn page;
	void *ctx;                /* for page */
	long *pages;              /* counted after each page */
	const long *rows;         /* the importer's row count, for progress */
	const long *expected_rows; /* rows expected in all (<= 0 or NULL: unknown), for progress */
	bp_progress_fn progress;  /* NULL: none */
	void *progress_ctx;
	const bp_odata_limits *limits; /* data_pages, data_bytes; NULL: the defaults */
} bp_odata_pager;

/*
 * Page by page from url0, following next_key: fetch, parse, hand to
 * p->page (with conn and the reused buffer copy), free.  A next link to a
 * page read before (the page itself, or any earlier one), or one past the
 * limits, is BP_ERR_PARSE at the page holding it (it would never end).
 */
bp_rc bp_odata_read_pages(const bp_odata_pager *p, PGconn *conn, const char *url0, bp_buf *copy, bp_error *err) BP_MUST_CHECK;

/* One cell of a streamed data row, as the page has it. */
typedef enum {
	BP_ODATA_CELL_NULL,
	BP_ODATA_CELL_STRING,    /* val: the unescaped text, NUL-terminated */
	BP_ODATA_CELL_OTHER      /* a number, boolean, object or list: val is "" */
} bp_odata_cell_type;

typedef struct bp_odata_cell {
	const char *key;         /* NUL-terminated */
	const char *val;
	size_t val_len;
	bp_odata_cell_type type;
} bp_odata_cell;

/* One complete row object of a streamed page (its n cells in page order):
 * check it and append its COPY text to copy.  The cells live until the
 * next row; pa is freed after the page (or a restarted attempt of it). */
typedef bp_rc (*bp_odata_row_fn)(void *ctx, const bp_odata_cell *cells, size_t n, const char *url,
                                 bp_buf *copy, bp_arena *pa, bp_error *err);

/* COPY text is sent in chunks of about this size. */
#define BP_ODATA_COPY_CHUNK ((size_t)1 << 20)

/* How bp_odata_stream_pages fetches, parses and loads; the importer's fields. */
typedef struct bp_odata_streamer {
	bp_http *http;
	int max_attempts;
	long *retries;            /* see bp_odata_get_json */
	const char *next_key;     /* 'odata.nextLink' (v3), '@odata.nextLink' (v4) */
	GChecksum **sum;          /* every page's bytes; replaced by an updated copy after each page */
	const char *copy_sql;     /* COPY ... FROM STDIN for the rows' text */
	size_t copy_chunk;        /* bytes per PQputCopyData; 0: BP_ODATA_COPY_CHUNK */
	bp_odata_row_fn row;
	/* Before a page's first attempt (restore 0: remember the importer's
	 * counts) and when a partly read attempt is thrown away (restore 1:
	 * go back to them). */
	void (*page_state)(void *ctx, int restore);
	void *ctx;                /* for row and page_state */
	long *pages;              /* counted after each page */
	const long *rows;         /* the importer's row count, for progress and errors */
	const long *expected_rows; /* rows expected in all (<= 0 or NULL: unknown), for progress */
	bp_progress_fn progress;  /* NULL: none */
	void *progress_ctx;
	const bp_odata_limits *limits; /* data_pages, data_bytes; NULL: the defaults */
} bp_odata_streamer;

/*
 * Like bp_odata_read_pages, without holding a page: each page's JSON is
 * parsed (yajl) while libcurl receives it, each row goes to s->row as its
 * object closes, and the COPY text is sent with s->copy_sql in chunks of
 * about 1 MB while the download runs.  Inside the caller's transaction,
 * each page is one SAVEPOINT: a page that has to be fetched again (an
 * attempt cut off after part of its body, or an answer that is not JSON,
 * up to s->max_attempts as bp_odata_get_json) is rolled back to it first,
 * so no row is loaded twice.  The same errors as bp_odata_get_json and
 * bp_odata_read_pages, plus 'the page has no 'value' list' and 'a row of
 * the page is not an object' (at the row after *s->rows).
 */
bp_rc bp_odata_stream_pages(const bp_odata_streamer *s, PGconn *conn, const char *url0, bp_error *err) BP_MUST_CHECK;

/* A string hash with keys the caller owns, destroyed with the arena. */
GHashTable *bp_odata_str_hash(bp_arena *a);

/* Decref j when the arena is freed (lists kept for the whole import). */
void bp_odata_arena_json(bp_arena *a, json_t *j);

/* What a v3 topic (a DataProperties entry of Type Topic) is to an importer. */
typedef enum {
	BP_TOPIC_MEASURE,        /* a figure: one observation per cell */
	BP_TOPIC_GEMEENTENAAM,   /* String: the gemeente's name */
	BP_TOPIC_SOORT,          /* String: SoortRegio */
	BP_TOPIC_CODERING,       /* String: Codering */
	BP_TOPIC_INDELING,       /* String: IndelingswijzigingGemeenteWijkBuurt */
	BP_TOPIC_TEXT            /* any other String topic: skipped */
} bp_odata_topic_role;

/* A v3 topic as odata3.c and cbsdump.c read it from DataProperties. */
typedef struct bp_odata_topic {
	const char *key;         /* 'Eenzaam_28' */
	const char *code;        /* 'Eenzaam'; may become the mapped code of its label */
	const char *title, *unit;
	int decimals;
	bp_odata_topic_role role;
} bp_odata_topic;

/*
 * Set t->role from the topic's Datatype and t->code.  A measure whose code
 * is already in codes (one table's measure codes so far) keeps its full key
 * as code instead, so two figures are not merged; its code is then added.
 */
void bp_odata_topic_classify(bp_odata_topic *t, const char *datatype, GHashTable *codes);

/*
 * A text cell s of topic role for area ar (NULL s: nothing): the first
 * Gemeentenaam names a gemeente, the first indeling change that is not '.'
 * is kept.  Trimmed copies go into arena a.
 */
void bp_odata_area_text(bp_arena *a, bp_odata_area *ar, bp_odata_topic_role role, const char *s);

/*
 * The code mapped to label ('{table}/{key}') in bp.variable_label before,
 * by hand or by an earlier load, copied into a; *code is left alone when
 * there is none.
 */
bp_rc bp_odata_map_label(PGconn *conn, bp_arena *a, const char *label, const char **code, bp_error *err) BP_MUST_CHECK;

/*
 * Insert the variable code (when new) and its label with origin (when new);
 * what exists already is left as it is.
 */
bp_rc bp_odata_register_variable(PGconn *conn, const char *code, const char *title, const char *unit,
                                 int decimals, const char *label, const char *origin, bp_error *err) BP_MUST_CHECK;

/*
 * For each measure topic: map its label '{table_id}/{key}' (changing its
 * code when mapped before) and register it with origin
 * 'CBS {table_id} DataProperties'.  Shared by odata3.c and cbsdump.c so a
 * dump and a download of one table give the same variables.
 */
bp_rc bp_odata_write_topics(PGconn *conn, bp_arena *a, const char *table_id,
                            bp_odata_topic *topics, size_t n_topics, bp_error *err) BP_MUST_CHECK;

/*
 * Append one bp.observation row in COPY text format to b.  No value (NULL)
 * unless has_value; gemeente NULL for areas above the gemeente.
 */
void bp_odata_add_observation(bp_buf *b, const char *variable_code, const char *area_code,
                              const char *year_s, const char *period, const char *source_s,
                              int has_value, double value, bp_value_status status, const char *gemeente);

/* COPY the rows bp_odata_add_observation wrote into b to bp.observation. */
bp_rc bp_odata_copy_observations(PGconn *conn, const bp_buf *b, bp_error *err) BP_MUST_CHECK;

/*
 * Start loading a download inside the caller's transaction: take the lock
 * on the table ('odata3:{id}' or 'odata4:{id}' as lock_key: a second load
 * of it waits, then sees the first), then either *existing = the vintage
 * loaded before (bp_odata_find_vintage; the caller commits and is done) or
 * a new bp.source row *source_id whose checksum is a placeholder unique to
 * the transaction, keeping UNIQUE (publisher, table_id, checksum) satisfied
 * until bp_odata_settle_source.  modified is read as BP_ODATA_MODIFIED_SQL,
 * or always as Amsterdam time when modified_is_local (v3 sends no offset).
 */
bp_rc bp_odata_start_vintage(PGconn *conn, const char *importer, const char *lock_key, const char *publisher,
                             const char *table_id, const char *title, const char *url,
                             const char *modified, int modified_is_local,
                             long *existing, long *source_id, bp_error *err) BP_MUST_CHECK;

/*
 * The download is complete: when the same bytes (checksum hex) of the table
 * were stored before, *existing is their source id and nothing is written
 * (a new Modified over the same bytes); otherwise *existing is 0 and
 * source_s gets its checksum and row count.
 */
bp_rc bp_odata_settle_source(PGconn *conn, const char *publisher, const char *table_id, const char *hex,
                             long rows, const char *source_s, long *existing, bp_error *err) BP_MUST_CHECK;

#endif
