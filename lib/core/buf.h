/*
 * buf.h: a growable byte string that is always NUL-terminated.
 * Lifecycle as in git's strbuf: bp_buf_init() / bp_buf_release(); the buffer
 * owns its memory until bp_buf_detach() hands it (malloc'ed) to the caller.
 */
#ifndef BP_CORE_BUF_H
#define BP_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/error.h"

typedef struct bp_buf {
	char *data; /* never NULL after init */
	size_t len;
	size_t cap;
} bp_buf;

void bp_buf_init(bp_buf *b);
void bp_buf_release(bp_buf *b);
void bp_buf_reset(bp_buf *b);   /* len = 0, keep the memory */
void bp_buf_grow(bp_buf *b, size_t extra);
void bp_buf_add(bp_buf *b, const void *p, size_t n);
void bp_buf_adds(bp_buf *b, const char *s);
void bp_buf_addc(bp_buf *b, char c);
void bp_buf_printf(bp_buf *b, const char *fmt, ...) BP_PRINTF(2, 3);
void bp_buf_vprintf(bp_buf *b, const char *fmt, va_list ap);
/* Append s escaped for HTML text and attribute values (& < > " '). */
void bp_buf_add_html(bp_buf *b, const char *s);
char *bp_buf_detach(bp_buf *b, size_t *len);

#endif
