#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

static char empty[1];

void bp_buf_init(bp_buf *b)
{
	b->data = empty;
	b->len = 0;
	b->cap = 0;
}

void bp_buf_release(bp_buf *b)
{
	if (b->cap)
		free(b->data);
	bp_buf_init(b);
}

void bp_buf_reset(bp_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

void bp_buf_grow(bp_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	if (b->cap == 0) {
		b->data = bp_xmalloc(cap);
		b->data[0] = '\0';
	} else {
		b->data = bp_xrealloc(b->data, cap);
	}
	b->cap = cap;
}

void bp_buf_add(bp_buf *b, const void *p, size_t n)
{
	bp_buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void bp_buf_adds(bp_buf *b, const char *s)
{
	bp_buf_add(b, s, strlen(s));
}

void bp_buf_addc(bp_buf *b, char c)
{
	bp_buf_add(b, &c, 1);
}

void bp_buf_vprintf(bp_buf *b, const char *fmt, va_list ap)
{
	/* Formatted once into the room the buffer has (most texts fit); a second time only after growing. */
	va_list ap2;
	va_copy(ap2, ap);
	bp_buf_grow(b, 63);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		bp_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void bp_buf_printf(bp_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bp_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void bp_buf_add_html(bp_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':  bp_buf_adds(b, "&amp;"); break;
		case '<':  bp_buf_adds(b, "&lt;"); break;
		case '>':  bp_buf_adds(b, "&gt;"); break;
		case '"':  bp_buf_adds(b, "&quot;"); break;
		case '\'': bp_buf_adds(b, "&#39;"); break;
		default:   bp_buf_addc(b, *s);
		}
	}
}

char *bp_buf_detach(bp_buf *b, size_t *len)
{
	char *p;
	if (b->cap == 0)
		p = bp_xstrdup("");
	else
		p = b->data;
	if (len)
		*len = b->len;
	bp_buf_init(b);
	return p;
}
