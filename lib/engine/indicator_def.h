/*
 * indicator_def.h: indicator definitions, read from the *.yaml files in indicators/.
 *
 * A definition says what an indicator means (titles, theme, unit, polarity)
 * and how it is computed.  Kinds:
 *   ratio            numerator / denominator * scale, each an expression
 *                    over variable codes (engine/expr.h);
 *   published_share  a percentage published per area (RIVM's Eenzaam):
 *                    `value` is its variable code, `base` (an expression)
 *                    the population it is a share of, used as the weight
 *                    when areas are aggregated.
 *   survey_proportion  the weighted share of a survey question's answers in
 *                    the listed categories (bp.survey_aggregate);
 *   survey_mean      the weighted mean of a question, each category
 *                    scored (e.g. eens 100, neutraal 0, oneens -100).
 * Publication rules (publication.yaml in the same folder) give the default
 * minimums: respondents for survey kinds, denominator for ratios.
 * Everything returned lives in the arena the caller passes.
 */
#ifndef BP_ENGINE_INDICATOR_DEF_H
#define BP_ENGINE_INDICATOR_DEF_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/srcloc.h"
#include "engine/expr.h"

typedef enum bp_indicator_kind {
	BP_KIND_RATIO,
	BP_KIND_PUBLISHED_SHARE,
	BP_KIND_SURVEY_PROPORTION,
	BP_KIND_SURVEY_MEAN
} bp_indicator_kind;

/*
 * Publication rules: the minimums below which no value is published, for
 * every definition that does not set its own.  Read from publication.yaml
 * in the definitions folder; without it the defaults below.
 */
typedef struct bp_publication_rules {
	double min_respondents;    /* survey kinds: unweighted respondents in the base;
	                              published shares: the respondents a survey result gives */
	double min_denominator;    /* ratio: the denominator */
	const char *file;          /* publication.yaml when read, else NULL */
} bp_publication_rules;

#define BP_DEFAULT_MIN_RESPONDENTS 30.0
#define BP_DEFAULT_MIN_DENOMINATOR 50.0
#define BP_PUBLICATION_FILE "publication.yaml"


/*
 * What the needs overview does with an indicator (`role:`, optional).  A
 * context figure (a distance to a facility, density) describes an area but
 * is no need in itself: it is shown beside the needs, never flagged or
 * counted as one.  Only reports read it, so it stays out of the hash (a
 * changed role takes effect at the next compute without recomputing).
 */
typedef enum bp_indicator_role {
	BP_ROLE_DEFAULT,   /* not set: a need when the polarity has a worse side */
	BP_ROLE_NEED,
	BP_ROLE_CONTEXT
} bp_indicator_role;

typedef enum bp_polarity {
	BP_POLARITY_NEUTRAL,
	BP_POLARITY_HIGHER_IS_BETTER,
	BP_POLARITY_HIGHER_IS_WORSE
} bp_polarity;

typedef struct bp_indicator_def {
	const char *id;            /* [a-z0-9_]+, unique over all files */
	const char *title_nl;
	const char *title_en;      /* may be NULL */
	const char *description;   /* Dutch; may be NULL */
	const char *description_en; /* may be NULL (every shipped definition has one: tests/engine) */
	const char *theme;         /* one of the themes in the issue, e.g. "demografie" */
	const char *unit;          /* e.g. "%" */
	int decimals;              /* 0..6 */
	bp_polarity polarity;
	bp_indicator_role role;    /* `role:`; BP_ROLE_DEFAULT when not set */
	const char *source;        /* e.g. "CBS Kerncijfers Wijken en Buurten" */
	bp_indicator_kind kind;

	/* kind: ratio (the text as written; compute.c parses it again) */
	const char *numerator;     /* expression, e.g. a variable code */
	bp_srcloc numerator_loc;
	const char *denominator;   /* expression */
	bp_srcloc denominator_loc;
	double scale;              /* 100 for a percentage; default 1 */
	double min_denominator;    /* below this the value is suppressed; default 0
	                            * (published_share: applies to aggregated bases only) */

	/* kind: published_share */
	const char *value;         /* variable code of the published percentage */
	bp_srcloc value_loc;
	const char *base;          /* expression: the population the share is of */
	bp_srcloc base_loc;

	/* kind: survey_proportion and survey_mean */
	const char *survey;        /* bp.survey.name, e.g. burgerpeiling-2022 */
	bp_srcloc survey_loc;
	const char *question;      /* the mapping's variable, e.g. zw04 */
	bp_srcloc question_loc;
	const char **categories;   /* proportion: counted as 'yes'; mean: the scored ones */
	double *scores;            /* mean: each category's score; NULL for a proportion */
	size_t n_categories;
	bp_srcloc categories_loc;
	double min_respondents;    /* below this base (unweighted) no value; a published share: below these respondents */

	/* custom areas: below this share of members with data, no value; default 0.8 */
	double min_coverage;

	bp_srcloc loc;             /* the document's start */
	char hash[65];             /* SHA-256 (hex) of the canonical definition: what changes it changes the hash */
} bp_indicator_def;

typedef struct bp_indicator_set {
	bp_indicator_def *items;   /* sorted by id */
	size_t n;
	bp_publication_rules publication;  /* as applied to items */
} bp_indicator_set;

/*
 * Load every *.yaml file in dir (sorted by name), one definition per file.
 * Any error (syntax, missing or unknown key, wrong type, duplicate id) names
 * the file, line and column and returns BP_ERR_CONFIG.
 */
bp_rc bp_indicators_load_dir(const char *dir, bp_arena *a, bp_indicator_set *out, bp_error *err) BP_MUST_CHECK;
/* Load one file, with the default publication rules. */
bp_rc bp_indicator_load_file(const char *path, bp_arena *a, bp_indicator_def *out, bp_error *err) BP_MUST_CHECK;
/*
 * Read publication rules (keys min_respondents, min_denominator; both
 * optional); errors name file, line and column.
 */
bp_rc bp_publication_rules_load(const char *path, bp_arena *a, bp_publication_rules *out, bp_error *err) BP_MUST_CHECK;
void bp_publication_rules_default(bp_publication_rules *out);
/* Find by id; NULL if absent. */
const bp_indicator_def *bp_indicator_find(const bp_indicator_set *set, const char *id);
/* The variable codes a definition reads (numerator, denominator, value, base;
 * the codes inside expressions, each once), in *codes (arena); returns n. */
size_t bp_indicator_variables(const bp_indicator_def *d, bp_arena *a, const char ***codes);

const char *bp_polarity_name(bp_polarity p); /* "higher-is-better", ... as in the YAML */
const char *bp_kind_name(bp_indicator_kind k); /* "ratio", "published_share", "survey_proportion", ... */
const char *bp_role_name(bp_indicator_role r); /* "need", "context"; NULL for BP_ROLE_DEFAULT (as stored) */

#define BP_DEFAULT_MIN_COVERAGE 0.8

#endif
