/*
 * test_sortdef: BP_SORT_DEFINE sorts like qsort with the same total order
 * (the records of the engine's sorts: a key with many ties, a double with
 * NaN, the record's index last), for sizes around the insertion-sort limit
 * and large, and for sorted, reversed, all-tied and random input; and a
 * sort that puts one record out of place fails the comparison.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/float8.h"
#include "core/sortdef.h"

typedef struct {
	uint64_t key;
	double v;
	uint32_t idx;
} rec;

static int cmp(const void *pa, const void *pb)
{
	const rec *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	int c = bp_float8_cmp(a->v, b->v);
	if (c)
		return c;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static inline int less(const rec *a, const rec *b)
{
	return cmp(a, b) < 0;
}

BP_SORT_DEFINE(sort_recs, rec, less)

/* A deterministic generator (the test must not depend on rand()'s). */
static uint64_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

static void fill(rec *a, size_t n, int shape, uint64_t *s)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t r = next(s);
		a[i].key = shape == 2 ? 7 : r % 13;                          /* many ties on the key */
		a[i].v = r % 17 == 0 ? NAN : (double)(long)(next(s) % 50) - 25; /* ties on the value, NaN */
		a[i].idx = (uint32_t)i;
	}
	if (shape == 1 || shape == 3) {
		qsort(a, n, sizeof(*a), cmp);
		if (shape == 3)
			for (size_t i = 0; i < n / 2; i++) {
				rec t = a[i];
				a[i] = a[n - 1 - i];
				a[n - 1 - i] = t;
			}
	}
}

static void test_as_qsort(void **state)
{
	(void)state;
	const size_t sizes[] = { 0, 1, 2, 3, 15, 16, 17, 18, 33, 100, 1000, 65537, 200000 };
	uint64_t s = 42;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++)
		for (int shape = 0; shape < 4; shape++) { /* random, sorted, one key, reversed */
			size_t n = sizes[k];
			rec *a = malloc((n ? n : 1) * sizeof(*a)), *b = malloc((n ? n : 1) * sizeof(*b));
			assert_non_null(a);
			assert_non_null(b);
			fill(a, n, shape, &s);
			memcpy(b, a, n * sizeof(*a));
			qsort(a, n, sizeof(*a), cmp);
			sort_recs(b, n);
			for (size_t i = 0; i < n; i++) {
				assert_int_equal(a[i].idx, b[i].idx);
				assert_true(a[i].key == b[i].key);
			}
			free(a);
			free(b);
		}
}

/* The check above sees a wrong order: two records swapped after the sort. */
static void test_check_sees_a_swap(void **state)
{
	(void)state;
	uint64_t s = 7;
	rec a[40], b[40];
	fill(a, 40, 0, &s);
	memcpy(b, a, sizeof(a));
	qsort(a, 40, sizeof(*a), cmp);
	sort_recs(b, 40);
	rec t = b[3];
	b[3] = b[30];
	b[30] = t;
	int same = 1;
	for (size_t i = 0; i < 40; i++)
		same &= a[i].idx == b[i].idx;
	assert_false(same);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_qsort),
		cmocka_unit_test(test_check_sees_a_swap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
