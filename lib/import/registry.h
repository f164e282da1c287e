/*
 * registry.h: every source kind in one table, as curl keeps its protocol
 * handlers.  A kind is its name, the keys it takes (with their type and
 * help) and a run function; `buurtpeil import KIND` builds its options and
 * help from the keys, the monitor configuration (config/monitor.c) its
 * source keys, and `buurtpeil run` dispatches through run.  So the command
 * line and the configuration cannot drift, and a kind nobody registered is
 * an error, never another kind's import.
 *
 * A key's name is its configuration key; its command-line option is the
 * same name with '-' for '_' (base_url <-> --base-url).  A BP_KEY_ARG key is
 * the command line's one positional argument (FILE, TABLE, DIR).
 *
 * Adding a kind: one file with its keys, its run and a `const bp_importer
 * bp_importer_NAME`, and one row in the table in registry.c.
 */
#ifndef BP_IMPORT_REGISTRY_H
#define BP_IMPORT_REGISTRY_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/progress.h"

typedef enum bp_key_type {
	BP_KEY_PATH,      /* a file or folder; the configuration resolves it against its own folder */
	BP_KEY_TEXT,      /* any non-empty text */
	BP_KEY_YEAR,      /* 1990..2100 */
	BP_KEY_METRES,    /* more than 0, at most 10000 */
	BP_KEY_BOOL,      /* a flag on the command line, true/false in the configuration */
	BP_KEY_CHOICE,    /* one of the key's choices */
	BP_KEY_URL,       /* http:// or https:// */
	BP_KEY_GEMEENTE,  /* a gemeente code such as GM0828 (stored trimmed) */
	BP_KEY_WHERE,     /* DIM=KEY */
	BP_KEY_SKIP       /* YEAR:COLUMN */
} bp_key_type;

enum {
	BP_KEY_REQUIRED = 1 << 0,
	BP_KEY_MANY = 1 << 1,         /* repeatable option, a list in the configuration */
	BP_KEY_ARG = 1 << 2,          /* the positional argument of `import KIND ARG` */
	BP_KEY_CONFIG_ONLY = 1 << 3,  /* a key of the configuration only (cbs national) */
	/* Required in a configuration only: the command line's default is relative
	 * to the working directory, which means nothing to a job run from cron. */
	BP_KEY_CONFIG_REQUIRED = 1 << 4
};

#define BP_IMPORT_MAX_KEYS 16
#define BP_IMPORT_MAX_LIST 64

typedef struct bp_import_key {
	const char *name;             /* configuration key, e.g. "table_id" */
	bp_key_type type;
	unsigned flags;
	const char *metavar;          /* the value in help: "YYYY", "FILE" */
	const char *help;             /* one line */
	const char *const *choices;   /* BP_KEY_CHOICE: NULL-terminated */
} bp_import_key;

/* One key's value; a key not given has given == 0 and zero values. */
typedef struct bp_import_value {
	int given;
	const char *str;              /* PATH, TEXT, CHOICE, URL, GEMEENTE, WHERE, SKIP */
	long num;                     /* YEAR, BOOL, CHOICE (the index) */
	double real;                  /* METRES */
	const char **list;            /* MANY: the values as text */
	size_t n;
} bp_import_value;

struct bp_importer;

/* The values of one source, in the order of its kind's keys. */
typedef struct bp_import_args {
	const struct bp_importer *kind;
	bp_import_value v[BP_IMPORT_MAX_KEYS];
	/* The monitor's gemeenten (NULL from the command line): what cbs 'national: false' means. */
	const char *const *monitor_gemeenten;
	size_t n_monitor_gemeenten;
	bp_progress_fn progress;      /* may be NULL; downloads call it per page */
	void *progress_ctx;
} bp_import_args;

#define BP_IMPORT_MAX_COUNTS 4

/*
 * What one load did, the same for every kind.  counts are the headline
 * figures with their units ("areas", "observations", "borders",
 * "respondents", ...).  line is what `buurtpeil import` prints after
 * "WHAT: " (the kind's own wording), notes are further lines for stdout,
 * warnings lines for stderr (rows skipped with their place).  committed:
 * the data is in even though rc is an error (survey: the skipped-rows report
 * could not be written).
 */
typedef struct bp_import_summary {
	const char *kind;
	const char *what;             /* the file, folder or table */
	long source_id;
	int already_loaded;
	int synthetic;
	int committed;
	struct {
		long n;
		const char *unit;
	} counts[BP_IMPORT_MAX_COUNTS];
	size_t n_counts;
	const char *line;
	const char **notes;
	size_t n_notes;
	const char **warnings;
	size_t n_warnings;
} bp_import_summary;

typedef bp_rc (*bp_import_run_fn)(PGconn *conn, const bp_import_args *args, bp_arena *a,
                                  bp_import_summary *sum, bp_error *err);

enum {
	/* Load after the monitor's custom areas: rows may be about one (experiences). */
	BP_IMPORTER_AFTER_AREAS = 1 << 0
};

typedef struct bp_importer {
	const char *kind;             /* "statline-csv" */
	const char *summary;          /* paragraphs for `import KIND --help`, '\n'-separated */
	bp_import_key keys[BP_IMPORT_MAX_KEYS];   /* ends at the first without a name */
	unsigned flags;
	bp_import_run_fn run;
} bp_importer;

/* Every kind, NULL-terminated, in the order help lists them. */
extern const bp_importer *const bp_importers[];

/* The kind of that name, or NULL. */
const bp_importer *bp_importer_find(const char *kind);

/* The index of a key of imp, or -1. */
int bp_importer_key_index(const bp_importer *imp, const char *name);

/* The command-line option of a key, without the dashes: base_url -> "base-url", in buf. */
const char *bp_import_key_option(const bp_import_key *k, char *buf, size_t size);

/*
 * Parse and check one value of key k given as text (an option's argument or a
 * configuration scalar) into v; a MANY key appends.  On error, returns
 * BP_ERR_USAGE with a message "takes ..., not 'X'" (the caller says where:
 * "--year" or "file:line:col: 'year'") and a hint where one helps.
 */
bp_rc bp_import_value_set(const bp_import_key *k, const char *text, bp_arena *a, bp_import_value *v,
                          bp_error *err) BP_MUST_CHECK;

/* The values a run function reads, by key name (the name must be one of the kind's keys). */
const char *bp_import_str(const bp_import_args *args, const char *name);
long bp_import_num(const bp_import_args *args, const char *name, long def);
double bp_import_real(const bp_import_args *args, const char *name);
const bp_import_value *bp_import_get(const bp_import_args *args, const char *name);

/* Run args->kind: sum is cleared, its kind and what filled, then the kind's run. */
bp_rc bp_import_run(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                    bp_error *err) BP_MUST_CHECK;

/* For run functions: append a count, a note or a warning (texts in a). */
void bp_import_count(bp_import_summary *sum, long n, const char *unit);
void bp_import_note(bp_import_summary *sum, bp_arena *a, const char *fmt, ...) BP_PRINTF(3, 4);
void bp_import_warning(bp_import_summary *sum, bp_arena *a, const char *fmt, ...) BP_PRINTF(3, 4);

/* The `import KIND --help` text of one kind, or the usage lines of all (imp NULL), in a. */
const char *bp_importer_help(const bp_importer *imp, bp_arena *a);

#endif
