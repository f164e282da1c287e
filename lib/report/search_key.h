/*
 * search_key.h: what the site's search (assets/site.js) matches an area on.
 */
#ifndef BP_REPORT_SEARCH_KEY_H
#define BP_REPORT_SEARCH_KEY_H

#include "core/arena.h"
#include "report/areadata.h"

/*
 * The index row's data-zoek text for area ar of scope sc (in a): its name
 * and code, its wijk's name and code for a buurt, and the gemeente's name,
 * separated by " | ", lower case, accents and other marks transliterated to
 * ASCII ("West-Indiëkwartier" -> "west-indiekwartier").  site.js folds the
 * query the same way and ignores spaces, hyphens and apostrophes on both
 * sides, so "oss zuid" finds Oss-Zuid and "t wild" 't Wild.
 */
const char *bp_search_key(bp_arena *a, const bp_area_scope *sc, const bp_area_ref *ar);

#endif
