/*
 * test_arena: phase memory.  Many allocations of mixed sizes stay intact,
 * aligned to 16 and zeroed; strings are copied; printf formats; the
 * on-free callbacks run at bp_arena_free, last registered first, each once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

#define N_ALLOC 20000

/* Sizes 0..N that cross the 32 KiB first block many times, plus some large ones. */
static size_t size_for(size_t i)
{
	if (i % 997 == 0)
		return 100000 + i;  /* bigger than a block: gets a block of its own */
	return (i * 37) % 300;
}

static void test_many_allocations(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	static unsigned char *ptrs[N_ALLOC];

	for (size_t i = 0; i < N_ALLOC; i++) {
		size_t n = size_for(i);
		unsigned char *p = bp_arena_alloc(a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(p[k], 0);   /* zeroed */
		memset(p, (int)(i & 0xff), n);
		ptrs[i] = p;
	}
	/* Nothing overlapped: every block still holds its own pattern. */
	for (size_t i = 0; i < N_ALLOC; i++) {
		size_t n = size_for(i);
		for (size_t k = 0; k < n; k++)
			if (ptrs[i][k] != (unsigned char)(i & 0xff))
				fail_msg("allocation %zu byte %zu overwritten", i, k);
	}
	/* Zero-byte requests give distinct, usable pointers too. */
	void *z1 = bp_arena_alloc(a, 0), *z2 = bp_arena_alloc(a, 0);
	assert_non_null(z1);
	assert_non_null(z2);
	assert_ptr_not_equal(z1, z2);
	bp_arena_free(a);
}

static void test_alignment_for_odd_sizes(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	for (size_t n = 1; n <= 64; n++) {
		char *p = bp_arena_alloc(a, n);
		char *q = bp_arena_alloc(a, 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal((uintptr_t)q % 16, 0);
		assert_true(q >= p + n || q + 1 <= p);   /* disjoint */
	}
	/* A double and a long double can live there. */
	long double *ld = bp_arena_alloc(a, sizeof(long double) * 3);
	ld[2] = 1.5L;
	assert_true(ld[2] == 1.5L);
	bp_arena_free(a);
}

static void test_strings(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	char src[] = "Schadewijk";
	char *s = bp_arena_strdup(a, src);
	assert_string_equal(s, "Schadewijk");
	assert_ptr_not_equal(s, src);
	src[0] = 'X';                      /* a copy, not an alias */
	assert_string_equal(s, "Schadewijk");

	assert_null(bp_arena_strdup(a, NULL));
	assert_string_equal(bp_arena_strdup(a, ""), "");

	char *n = bp_arena_strndup(a, "WK082801  ", 8);
	assert_string_equal(n, "WK082801");
	assert_int_equal(strlen(n), 8);

	char *p = bp_arena_printf(a, "%s %s: %d/%d = %.4f", "GM0828", "Oss", 19769, 94634, 19769.0 / 94634.0 * 100);
	assert_string_equal(p, "GM0828 Oss: 19769/94634 = 20.8900");

	/* Longer than the first block: printf must size the buffer itself. */
	char *big = bp_arena_printf(a, "%*s|", 50000, "x");
	assert_int_equal(strlen(big), 50001);
	assert_int_equal(big[49999], 'x');
	assert_int_equal(big[50000], '|');
	assert_int_equal(big[0], ' ');

	assert_string_equal(bp_arena_printf(a, "%s", ""), "");
	bp_arena_free(a);
}

/* The callbacks append their number to a log; the log shows order and count. */
struct cb_log {
	int order[16];
	int n;
};

struct cb_arg {
	struct cb_log *log;
	int id;
};

static void record(void *p)
{
	struct cb_arg *arg = p;
	arg->log->order[arg->log->n++] = arg->id;
}

static void test_on_free_reverse_once(void **state)
{
	(void)state;
	struct cb_log log = { { 0 }, 0 };
	struct cb_arg args[5];
	bp_arena *a = bp_arena_new();

	for (int i = 0; i < 5; i++) {
		args[i].log = &log;
		args[i].id = i + 1;
		bp_arena_on_free(a, record, &args[i]);
		bp_arena_alloc(a, 40000);   /* interleave with allocations and new blocks */
	}
	assert_int_equal(log.n, 0);        /* nothing runs before the free */
	bp_arena_free(a);
	assert_int_equal(log.n, 5);        /* each exactly once */
	for (int i = 0; i < 5; i++)
		assert_int_equal(log.order[i], 5 - i);
}

/* A callback may use arena memory: it runs before the blocks are released. */
static void read_arena_string(void *p)
{
	char **pp = p;
	static char copy[64];
	snprintf(copy, sizeof(copy), "%s", pp[0]);
	pp[1] = copy;
}

static void test_on_free_sees_arena_memory(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	char *slots[2] = { bp_arena_strdup(a, "still here"), NULL };
	bp_arena_on_free(a, read_arena_string, slots);
	bp_arena_free(a);
	assert_non_null(slots[1]);
	assert_string_equal(slots[1], "still here");
}

static void test_free_null_and_empty(void **state)
{
	(void)state;
	bp_arena_free(NULL);
	bp_arena_free(bp_arena_new());
}

static void test_x_helpers(void **state)
{
	(void)state;
	char *s = bp_xstrdup("Hilversum");
	assert_string_equal(s, "Hilversum");
	s = bp_xrealloc(s, 100);
	assert_string_equal(s, "Hilversum");
	free(s);
	int *z = bp_xcalloc(8, sizeof(int));
	for (int i = 0; i < 8; i++)
		assert_int_equal(z[i], 0);
	free(z);
	free(bp_xmalloc(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_allocations),
		cmocka_unit_test(test_alignment_for_odd_sizes),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_on_free_reverse_once),
		cmocka_unit_test(test_on_free_sees_arena_memory),
		cmocka_unit_test(test_free_null_and_empty),
		cmocka_unit_test(test_x_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
