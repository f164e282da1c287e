/*
 * sortdef.h: a sort of small records with the comparison inlined.
 *
 * BP_SORT_DEFINE(name, T, less) defines
 *
 *   static void name(T *a, size_t n);
 *
 * which sorts a[0 .. n) ascending by less(const T *x, const T *y), an
 * expression or inline function that must be a strict total order (no two
 * records equal: the callers break ties on the record's own index), so
 * that the result is the one sorted order, the same as qsort's with the
 * matching comparison (test_sortdef checks that against qsort).
 *
 * Why hand-written and not qsort: glibc's qsort calls the comparison
 * through a pointer and its merge sort moves records word by word; the
 * engine's hot sorts (compare_rank.c, composite_calc.c: ~220,000 records
 * per comparison part, ~50,000 per composite and scheme over all of
 * Nederland) were a quarter of compute's client instructions
 * (bench/RESULTS.md).  No Debian library offers a typed inline sort for C.
 * Quicksort with Hoare's partition around the middle record, the median
 * of the first, middle and last put there first (sorted and reversed
 * input stay n log n), insertion sort below 16 records, the smaller side
 * recursed into (depth log n).
 */
#ifndef BP_CORE_SORTDEF_H
#define BP_CORE_SORTDEF_H

#include <stddef.h>

#define BP_SORT_DEFINE(name, T, less)                                              \
	static void name##_small(T *a, size_t n)                                       \
	{                                                                              \
		for (size_t i = 1; i < n; i++) {                                           \
			T x = a[i];                                                            \
			size_t j = i;                                                          \
			for (; j > 0 && less(&x, &a[j - 1]); j--)                              \
				a[j] = a[j - 1];                                                   \
			a[j] = x;                                                              \
		}                                                                          \
	}                                                                              \
	static void name(T *a, size_t n)                                               \
	{                                                                              \
		while (n > 16) {                                                           \
			size_t m = n / 2;                                                      \
			T t;                                                                   \
			if (less(&a[m], &a[0])) {                                              \
				t = a[m]; a[m] = a[0]; a[0] = t;                                   \
			}                                                                      \
			if (less(&a[n - 1], &a[m])) {                                          \
				t = a[m]; a[m] = a[n - 1]; a[n - 1] = t;                           \
				if (less(&a[m], &a[0])) {                                          \
					t = a[m]; a[m] = a[0]; a[0] = t;                               \
				}                                                                  \
			}                                                                      \
			const T pivot = a[m];                                                  \
			size_t i = 0, j = n - 1;                                               \
			for (;;) {                                                             \
				while (less(&a[i], &pivot))                                        \
					i++;                                                           \
				while (less(&pivot, &a[j]))                                        \
					j--;                                                           \
				if (i >= j)                                                        \
					break;                                                         \
				t = a[i]; a[i] = a[j]; a[j] = t;                                   \
				i++;                                                               \
				j--;                                                               \
			}                                                                      \
			/* a[0 .. j] <= pivot <= a[j + 1 .. n), both sides non-empty */        \
			size_t left = j + 1;                                                   \
			if (left < n - left) {                                                 \
				name(a, left);                                                     \
				a += left;                                                         \
				n -= left;                                                         \
			} else {                                                               \
				name(a + left, n - left);                                          \
				n = left;                                                          \
			}                                                                      \
		}                                                                          \
		name##_small(a, n);                                                        \
	}

#endif
