/* fuzz_privacy: the personal-data filter (bp_privacy_scan) over any text:
 * GLib's PCRE with the filter's patterns, the elfproef and the name list. */
#include "fuzz_support.h"

#include <glib.h>
#include <stdlib.h>

#include "core/arena.h"
#include "import/privacy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Compiled once: the patterns are the filter's, not the input. Freed by
	 * the process's end (LeakSanitizer sees it reachable). */
	static bp_privacy *pv;
	if (!pv) {
		bp_error err;
		if (bp_privacy_new(&pv, &err) != BP_OK)
			abort();
	}
	/* Texts reach the filter as UTF-8 (CSV is converted, libyaml refuses
	 * anything else), and GLib's regular expressions expect it. */
	if (!g_utf8_validate((const char *)data, (gssize)size, NULL))
		return 0;
	bp_arena *a = bp_arena_new();
	const char *text = bp_arena_strndup(a, (const char *)data, size);
	size_t at = 0;
	(void)bp_privacy_scan(pv, text, &at);
	/* The same text as a column name (experiences' header check). */
	(void)bp_privacy_personal_column(text);
	bp_arena_free(a);
	return 0;
}
