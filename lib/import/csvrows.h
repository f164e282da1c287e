/*
 * csvrows.h: read a CSV file row by row with libcsv, knowing where each row
 * starts, so that importers can point at FILE:LINE:COLUMN.
 *
 * libcsv reports fields and row ends but no positions; we feed it one
 * physical line at a time (so we know the line a row starts on) and, when
 * an error needs a column, re-scan the raw row with the same quoting rules.
 * Quoted fields may span lines (RFC 4180); CRLF and LF both end a row; blank
 * lines are no rows.  A NUL byte anywhere is BP_ERR_PARSE at its line and
 * column (fields are C strings: it would cut the field short unseen).
 */
#ifndef BP_IMPORT_CSVROWS_H
#define BP_IMPORT_CSVROWS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct bp_csv_row {
	const char *const *fields;   /* NUL-terminated copies, valid during the callback */
	const size_t *lens;
	const unsigned char *null;   /* 1 = empty and unquoted (R's NA, written as nothing) */
	size_t n;
	long line;                   /* the line the row starts on (1-based) */
	size_t offset;               /* its byte offset in the data */
	size_t index;                /* 0 for the first row */
} bp_csv_row;

/* Called per row; a non-zero return stops reading and is returned. */
typedef bp_rc (*bp_csv_row_fn)(void *ctx, const bp_csv_row *row, bp_error *err);

/*
 * A text file's bytes as UTF-8 for bp_csv_read: a leading BOM skipped, and
 * anything that is not UTF-8 read as Windows-1252 (what Excel writes),
 * converted into the arena (positions then count the decoded text).  Bytes
 * that are neither: BP_ERR_PARSE at path and the line where decoding stopped.
 */
bp_rc bp_csv_text_utf8(bp_arena *a, const char *path, const char **data, size_t *len, bp_error *err) BP_MUST_CHECK;

/*
 * Parse data[0..len) (a leading UTF-8 BOM is skipped by the caller) with
 * separator sep.  Malformed quoting is BP_ERR_PARSE at path:line; a file that
 * ends inside a quoted field is BP_ERR_PARSE at the opening quote.
 */
bp_rc bp_csv_read(const char *path, const char *data, size_t len, char sep,
                  bp_csv_row_fn fn, void *ctx, bp_error *err) BP_MUST_CHECK;

/*
 * The same, fed in pieces (a file read in chunks, never whole in memory):
 * new, feed as often as needed (a chunk may end anywhere, also inside a row
 * or a quoted field), finish (delivers a last row without line end), free.
 * A file that ends inside a quoted field is BP_ERR_PARSE at the line of the
 * row that was open.  NULL from new: libcsv could not start.
 */
typedef struct bp_csv_stream bp_csv_stream;
bp_csv_stream *bp_csv_stream_new(const char *path, char sep, bp_csv_row_fn fn, void *ctx);
bp_rc bp_csv_stream_feed(bp_csv_stream *s, const char *data, size_t len, bp_error *err) BP_MUST_CHECK;
bp_rc bp_csv_stream_finish(bp_csv_stream *s, bp_error *err) BP_MUST_CHECK;
void bp_csv_stream_free(bp_csv_stream *s);

/* The line and column (in characters, 1-based) where field `index` of the
 * row starting at data[row_offset] (on line row_line) begins. */
void bp_csv_field_position(const char *data, size_t len, size_t row_offset, long row_line,
                           size_t index, char sep, long *line, long *col);

/*
 * The column (in characters, 1-based) of the first quote on the line s[0..n)
 * (a row that begins there) that stands inside a field not beginning with
 * one (Kwartier "De Ruwert"), where libcsv's strict mode stops; *field its
 * field (0-based).  0 if the line has none.  bp_csv_read's error says so.
 */
long bp_csv_stray_quote(const char *s, size_t n, char sep, size_t *field);

/* Where the quoted field still open at the end of data[0..len) begins. */
void bp_csv_open_quote_position(const char *data, size_t len, long *line, long *col);

#endif
