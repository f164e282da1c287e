#include "core/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks grow geometrically; a large request gets a block of its own. */
#define BLOCK_MIN (32u * 1024u)
#define ALIGN     16u

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *arg;
};

struct bp_arena {
	struct block *head;
	struct cleanup *cleanups;
	size_t next_size;
};

static void out_of_memory(size_t n)
{
	fprintf(stderr, "buurtpeil: out of memory (asked for %zu bytes)\n", n);
	abort();
}

void *bp_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *bp_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *bp_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *bp_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(bp_xmalloc(n), s, n);
}

bp_arena *bp_arena_new(void)
{
	bp_arena *a = bp_xcalloc(1, sizeof(*a));
	a->next_size = BLOCK_MIN;
	return a;
}

void bp_arena_free(bp_arena *a)
{
	if (!a)
		return;
	while (a->cleanups) {
		struct cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->arg);
		free(c);
	}
	while (a->head) {
		struct block *b = a->head;
		a->head = b->next;
		free(b);
	}
	free(a);
}

void *bp_arena_alloc(bp_arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);

	if (need == 0)
		need = ALIGN;
	if (!b || b->size - b->used < need) {
		size_t size = a->next_size;
		if (size < need)
			size = need;
		else if (a->next_size < 8u * 1024u * 1024u)
			a->next_size *= 2;
		b = bp_xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *bp_arena_strndup(bp_arena *a, const char *s, size_t n)
{
	char *p = bp_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *bp_arena_strdup(bp_arena *a, const char *s)
{
	return s ? bp_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bp_arena_vprintf(bp_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	/* A one-byte buffer rather than NULL: GCC 12 with sanitizers warns on NULL. */
	char probe[1];
	int n = vsnprintf(probe, sizeof(probe), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = bp_arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *bp_arena_printf(bp_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = bp_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void bp_arena_on_free(bp_arena *a, void (*fn)(void *), void *arg)
{
	struct cleanup *c = bp_xmalloc(sizeof(*c));
	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
}
