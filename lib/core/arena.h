/*
 * arena.h: memory that belongs to a phase (a run, a load, a page).
 *
 * Everything allocated from an arena is released at once by
 * bp_arena_free(); nothing in it is freed one by one.  Resources that are not
 * plain memory (a PGresult, a cairo_surface_t, a FILE *) can be tied to the
 * arena with bp_arena_on_free() so that ending the phase releases them too.
 *
 * Allocation failure is not recoverable in a batch tool: bp_xmalloc() and
 * the arena print one line and abort(), in one place (as redis' zmalloc does),
 * so that no caller has to test for NULL.
 */
#ifndef BP_CORE_ARENA_H
#define BP_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "core/error.h"

typedef struct bp_arena bp_arena;

/* malloc/realloc/strdup that abort on failure. */
void *bp_xmalloc(size_t n);
void *bp_xcalloc(size_t n, size_t size);
void *bp_xrealloc(void *p, size_t n);
char *bp_xstrdup(const char *s);

/* A new, empty arena; owned by the caller, released with bp_arena_free(). */
bp_arena *bp_arena_new(void);
/* Run the on-free callbacks in reverse order, then release all memory. NULL is fine. */
void bp_arena_free(bp_arena *a);

/* Zeroed memory aligned for any type; lives as long as the arena. */
void *bp_arena_alloc(bp_arena *a, size_t n);
char *bp_arena_strdup(bp_arena *a, const char *s);
char *bp_arena_strndup(bp_arena *a, const char *s, size_t n);
/* fmt is never NULL: said to the compiler, which then also knows that the null
 * check UBSan puts before vsnprintf has no path that passes NULL on (GCC 12 at
 * -O2 with ASan and UBSan warned of a "null format string" there). */
char *bp_arena_printf(bp_arena *a, const char *fmt, ...) BP_PRINTF(2, 3) BP_NONNULL(2);
char *bp_arena_vprintf(bp_arena *a, const char *fmt, va_list ap) BP_PRINTF(2, 0) BP_NONNULL(2);

/* Call fn(arg) when the arena is freed (last registered runs first). */
void bp_arena_on_free(bp_arena *a, void (*fn)(void *), void *arg);

#endif
