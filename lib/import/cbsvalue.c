#include "import/cbsvalue.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * Hand-written on purpose: strtod accepts "nan", "inf", hex floats and
 * exponents, and follows the C locale's decimal point; a CBS cell is only
 * [sign] digits [separator digits], so we check that shape ourselves and
 * let strtod convert the checked text.
 */
int bp_cbs_value_parse(const char *s, size_t len, int flags, bp_cbs_value *out)
{
	out->value = 0;
	out->status = BP_STATUS_OK;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (len == 0) {
		out->status = BP_STATUS_NOT_APPLICABLE;
		return 0;
	}
	if (len == 1 && *s == '.') {
		out->status = BP_STATUS_UNKNOWN;
		return 0;
	}
	if (len >= 2 && s[len - 1] == '*' && s[len - 2] == '*') {
		out->status = BP_STATUS_REVISED_PROVISIONAL;
		len -= 2;
	} else if (len >= 1 && s[len - 1] == '*') {
		out->status = BP_STATUS_PROVISIONAL;
		len -= 1;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;

	char sep = (flags & BP_CBS_DECIMAL_COMMA) ? ',' : '.';
	char buf[64];
	size_t i = 0, digits = 0;
	if (len == 0 || len >= sizeof(buf))
		return -1;
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (; i < len && isdigit((unsigned char)s[i]); i++)
		digits++;
	if (digits == 0)
		return -1;             /* ".5": the shape needs digits before the separator */
	if (i < len && s[i] == sep) {
		i++;
		size_t frac = 0;
		for (; i < len && isdigit((unsigned char)s[i]); i++)
			frac++;
		if (frac == 0)
			return -1;
	}
	if (i != len)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (sep == ',') {
		char *c = strchr(buf, ',');
		if (c)
			*c = '.';
	}
	out->value = strtod(buf, NULL);
	if ((flags & BP_CBS_SENTINELS) && out->value <= -99990.0) {
		out->value = 0;
		out->status = BP_STATUS_UNKNOWN;
	}
	return 0;
}

/* Hand-written like bp_cbs_value_parse, for the same reason: the shape is the question. */
char bp_number_grouping(const char *s, size_t len)
{
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (len && (*s == '-' || *s == '+')) {
		s++;
		len--;
	}
	size_t i = 0;
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i > 3 || i == len || (s[i] != '.' && s[i] != ','))
		return 0;
	char group = s[i];
	size_t groups = 0;
	while (i < len && s[i] == group) {
		size_t d = 0;
		while (i + 1 + d < len && isdigit((unsigned char)s[i + 1 + d]))
			d++;
		if (d != 3)
			return 0;
		i += 4;
		groups++;
	}
	if (i < len) {
		char dec = group == '.' ? ',' : '.';
		if (s[i] != dec || i + 1 == len)
			return 0;
		for (i++; i < len; i++)
			if (!isdigit((unsigned char)s[i]))
				return 0;
	}
	return groups ? group : 0;
}

/* The letters of bp.observation_row.status (sql/015_observation_rows.sql). */
char bp_value_status_letter(bp_value_status st)
{
	switch (st) {
	case BP_STATUS_OK:                  return 'o';
	case BP_STATUS_UNKNOWN:             return 'u';
	case BP_STATUS_NOT_APPLICABLE:      return 'n';
	case BP_STATUS_PROVISIONAL:         return 'p';
	case BP_STATUS_REVISED_PROVISIONAL: return 'r';
	}
	return 'u';
}

const char *bp_value_status_name(bp_value_status st)
{
	switch (st) {
	case BP_STATUS_OK:                  return "ok";
	case BP_STATUS_UNKNOWN:             return "unknown_or_secret";
	case BP_STATUS_NOT_APPLICABLE:      return "not_applicable";
	case BP_STATUS_PROVISIONAL:         return "provisional";
	case BP_STATUS_REVISED_PROVISIONAL: return "revised_provisional";
	}
	return "unknown_or_secret";
}
