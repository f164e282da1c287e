"""The test of a value against its gemeente's (lib/engine/reference_test.h), written out again in
Python from the stored rows, for the tests that check the pages and the API against it.

differs(a, lo, hi, g, glo, ghi, a_sum_w, g_sum_w): may the difference between the area's value a
(95% interval lo..hi) and the gemeente's g (its own interval glo..ghi, None: none) not be chance?
Without the gemeente's interval: g outside lo..hi.  With it: the area is part of the gemeente, so
var(a - g) = var(g) + (1 - 2w) var(a), w the area's share of the gemeente's summed weights of
respondents (0 where either sum is unknown: the independent, stricter test); each se is the interval's
half-width on the side of the difference, 1.96 on both sides of the comparison, and var(a - g) is at
least (1 - w)^2 var(a).
"""


def differs(a, lo, hi, g, glo, ghi, a_sum_w=None, g_sum_w=None):
    if glo is None or ghi is None:
        return g < lo or g > hi
    w = a_sum_w / g_sum_w if a_sum_w is not None and g_sum_w else 0.0
    if not 0 <= w <= 1:
        w = 0.0
    ha, hg = (a - lo, ghi - g) if a > g else (hi - a, g - glo)
    return abs(a - g) > max(hg * hg + (1 - 2 * w) * ha * ha, (1 - w) ** 2 * ha * ha) ** 0.5
