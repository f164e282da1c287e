/* yamldir.c: see yamldir.h.  Factored out of custom_area.c and intervention.c. */
#include "core/yamldir.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bp_rc bp_yamldir_load(const char *dir, const char *folder_what, const char *item_what,
                      size_t item_size, bp_yamldir_load_fn load, bp_yamldir_id_fn id_of,
                      bp_arena *a, void **items_out, size_t *n_out, bp_error *err)
{
	DIR *dh = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	bp_rc rc = BP_OK;

	*items_out = NULL;
	*n_out = 0;
	if (!dh) {
		bp_error_at(err, dir, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot open the %s folder: %s", folder_what, strerror(errno));
	}
	for (struct dirent *de; (de = readdir(dh));) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = bp_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = bp_path_join(a, dir, de->d_name);
	}
	if (n == 0)
		goto out;
	/* readdir order depends on the file system; errors must not. */
	qsort(names, n, sizeof(*names), cmp_str);
	char *items = bp_arena_alloc(a, n * item_size);
	for (size_t i = 0; i < n; i++) {
		if ((rc = load(names[i], a, items + i * item_size, err)))
			goto out;
		const bp_srcloc *li, *lj;
		const char *id = id_of(items + i * item_size, &li);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(id_of(items + j * item_size, &lj), id) != 0)
				continue;
			bp_error_at(err, li->file, li->line, li->column);
			rc = bp_fail(err, BP_ERR_CONFIG, "%s id '%s' is already defined in %s", item_what, id, lj->file);
			goto out;
		}
	}
	*items_out = items;
	*n_out = n;
out:
	free(names);
	closedir(dh);
	return rc;
}
