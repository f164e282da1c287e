#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void bp_error_clear(bp_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

static void vset(char *dst, const char *fmt, va_list ap)
{
	vsnprintf(dst, BP_ERROR_TEXT, fmt, ap);
}

bp_rc bp_fail(bp_error *err, bp_rc rc, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return rc;
	err->rc = rc;
	va_start(ap, fmt);
	vset(err->message, fmt, ap);
	va_end(ap);
	return rc;
}

void bp_error_at(bp_error *err, const char *where, long line, long column)
{
	if (!err)
		return;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	err->line = line;
	err->column = column;
}

void bp_error_row(bp_error *err, long row)
{
	if (err)
		err->row = row;
}

void bp_error_detail(bp_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vset(err->detail, fmt, ap);
	va_end(ap);
}

void bp_error_hint(bp_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vset(err->hint, fmt, ap);
	va_end(ap);
}

size_t bp_error_format(const bp_error *err, char *buf, size_t size)
{
	size_t n = 0;
	int w;

#define ADD(...) do { \
		w = snprintf(buf + n, size > n ? size - n : 0, __VA_ARGS__); \
		if (w > 0) n += (size_t)w; \
		if (n >= size) n = size ? size - 1 : 0; \
	} while (0)

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (err->where[0]) {
		ADD("%s", err->where);
		if (err->line > 0) {
			ADD(":%ld", err->line);
			if (err->column > 0)
				ADD(":%ld", err->column);
		}
		if (err->row > 0)
			ADD(" (row %ld)", err->row);
		ADD(": ");
	} else if (err->row > 0) {
		ADD("row %ld: ", err->row);
	}
	ADD("error: %s", err->message[0] ? err->message : bp_rc_name(err->rc));
	if (err->detail[0])
		ADD("\ndetail: %s", err->detail);
	if (err->hint[0])
		ADD("\nhint: %s", err->hint);
#undef ADD
	return n;
}

const char *bp_rc_name(bp_rc rc)
{
	switch (rc) {
	case BP_OK:           return "ok";
	case BP_ERR_USAGE:    return "usage";
	case BP_ERR_IO:       return "io";
	case BP_ERR_PARSE:    return "parse";
	case BP_ERR_CONFIG:   return "config";
	case BP_ERR_DB:       return "database";
	case BP_ERR_CLUSTER:  return "cluster";
	case BP_ERR_MISSING:  return "missing";
	case BP_ERR_NOT_FOUND:return "not-found";
	case BP_ERR_RENDER:   return "render";
	case BP_ERR_STALE:    return "stale";
	case BP_ERR_INTERNAL: return "internal";
	}
	return "unknown";
}
