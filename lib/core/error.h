/*
 * error.h: the one error type of libbp.
 *
 * Every fallible function returns a bp_rc and, on failure, fills the
 * caller's bp_error: a message (what went wrong), an optional detail (the
 * evidence), an optional hint (what to do), and where: a file with line and
 * column, or a URL with a row.  The record is fixed-size so that filling it
 * never allocates and a caller can keep it on the stack; only cmd/ prints it.
 */
#ifndef BP_CORE_ERROR_H
#define BP_CORE_ERROR_H

#include <stddef.h>

typedef enum bp_rc {
	BP_OK = 0,
	BP_ERR_USAGE,       /* wrong command-line use */
	BP_ERR_IO,          /* a file or folder could not be read or written */
	BP_ERR_PARSE,       /* an input file is malformed */
	BP_ERR_CONFIG,      /* a YAML configuration or definition is invalid */
	BP_ERR_DB,          /* PostgreSQL refused a statement or a connection */
	BP_ERR_CLUSTER,     /* the embedded cluster could not be set up or run */
	BP_ERR_MISSING,     /* a program or package we need is not installed */
	BP_ERR_NOT_FOUND,   /* a named thing (area, indicator) does not exist */
	BP_ERR_RENDER,      /* Cairo/Pango could not draw or write a chart */
	BP_ERR_STALE,       /* derived data a reader needs are missing or out of date (run compute) */
	BP_ERR_INTERNAL     /* a bug: an invariant did not hold */
} bp_rc;

#define BP_ERROR_TEXT 1024

typedef struct bp_error {
	bp_rc rc;
	char message[BP_ERROR_TEXT]; /* one sentence, no trailing newline */
	char detail[BP_ERROR_TEXT];  /* evidence: the offending value, server text */
	char hint[BP_ERROR_TEXT];    /* what the user can do about it */
	char where[BP_ERROR_TEXT];   /* file path or URL; empty if none */
	long line;                   /* 1-based; 0 = not known */
	long column;                 /* 1-based; 0 = not known */
	long row;                    /* data row (1 = first data row); 0 = not known */
} bp_error;

#if defined(__GNUC__)
#define BP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define BP_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#else
#define BP_PRINTF(f, a)
#define BP_NONNULL(...)
#endif

/*
 * On the declaration of every public function that returns a bp_rc (C11 has
 * no attribute on a typedef that does this): a failure that nobody looks at
 * is a bug, so the compiler refuses the call whose result is dropped
 * (warnings are errors).  The error setters that exist to be returned
 * (bp_fail, bp_yaml_fail, bp_pg_fail) do not carry it: their rc is the one
 * the caller already decided on.
 */
#if defined(__GNUC__)
#define BP_MUST_CHECK __attribute__((warn_unused_result))
#else
#define BP_MUST_CHECK
#endif

/*
 * A result dropped on purpose, with a comment at the call saying why.  GCC
 * does not let a (void) cast silence warn_unused_result (GCC bug 66425), so
 * the result is passed here instead.
 */
static inline void bp_rc_ignore(bp_rc rc)
{
	(void)rc;
}

/* Reset to "no error". */
void bp_error_clear(bp_error *err);

/*
 * Record a failure and return rc, so that callers can write
 *     return bp_fail(err, BP_ERR_PARSE, "expected %d fields", n);
 * err may be NULL (the failure is then only returned).  The location and
 * detail fields are left as they are, so a location set earlier survives.
 */
bp_rc bp_fail(bp_error *err, bp_rc rc, const char *fmt, ...) BP_PRINTF(3, 4);

/* Set the location: a file (or URL) and a 1-based line and column (0 = unknown). */
void bp_error_at(bp_error *err, const char *where, long line, long column);
/* Set the data row of a table or page (0 = unknown). */
void bp_error_row(bp_error *err, long row);
void bp_error_detail(bp_error *err, const char *fmt, ...) BP_PRINTF(2, 3);
void bp_error_hint(bp_error *err, const char *fmt, ...) BP_PRINTF(2, 3);

/*
 * Render for a person, in the style of compilers and PostgreSQL:
 *     FILE:LINE:COLUMN: error: MESSAGE
 *     detail: ...
 *     hint: ...
 * Returns the number of bytes written (truncated to size - 1).
 */
size_t bp_error_format(const bp_error *err, char *buf, size_t size);

/* A stable short name for a code, e.g. "parse"; used in logs and tests. */
const char *bp_rc_name(bp_rc rc);

#endif
