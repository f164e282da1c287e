#include "import/areacode.h"

#include <ctype.h>
#include <string.h>

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int all_alnum_upper(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

int bp_area_code_parse(const char *raw, size_t len, bp_area_code *out)
{
	memset(out, 0, sizeof(*out));
	while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
		len--;
	while (len && (*raw == ' ' || *raw == '\t')) {
		raw++;
		len--;
	}
	if (len < 4 || len >= sizeof(out->code))
		return -1;

	if (len == 4 && (memcmp(raw, "NL00", 4) == 0 || memcmp(raw, "NL01", 4) == 0)) {
		strcpy(out->code, BP_NATIONAL_CODE);
		out->level = BP_LEVEL_LAND;
		return 0;
	}
	if (len == 6 && memcmp(raw, "GM", 2) == 0 && all_digits(raw + 2, 4)) {
		memcpy(out->code, raw, len);
		out->level = BP_LEVEL_GEMEENTE;
		strcpy(out->parent, BP_NATIONAL_CODE);
	} else if (len == 8 && memcmp(raw, "WK", 2) == 0 && all_digits(raw + 2, 4) &&
	           all_alnum_upper(raw + 6, 2)) {
		memcpy(out->code, raw, len);
		out->level = BP_LEVEL_WIJK;
		memcpy(out->parent, "GM", 2);
		memcpy(out->parent + 2, raw + 2, 4);
	} else if (len == 10 && memcmp(raw, "BU", 2) == 0 && all_digits(raw + 2, 4) &&
	           all_alnum_upper(raw + 6, 4)) {
		memcpy(out->code, raw, len);
		out->level = BP_LEVEL_BUURT;
		memcpy(out->parent, "WK", 2);
		memcpy(out->parent + 2, raw + 2, 6);
	} else {
		return -1;
	}
	memcpy(out->gemeente, "GM", 2);
	memcpy(out->gemeente + 2, raw + 2, 4);
	return 0;
}

const char *bp_area_level_name(bp_area_level level)
{
	switch (level) {
	case BP_LEVEL_LAND:     return "land";
	case BP_LEVEL_GEMEENTE: return "gemeente";
	case BP_LEVEL_WIJK:     return "wijk";
	case BP_LEVEL_BUURT:    return "buurt";
	case BP_LEVEL_CUSTOM:   return "custom";
	}
	return "custom";
}

int bp_area_level_from_soort(const char *soort, size_t len)
{
	static const struct { const char *name; bp_area_level level; } map[] = {
		{ "Land", BP_LEVEL_LAND }, { "Gemeente", BP_LEVEL_GEMEENTE },
		{ "Wijk", BP_LEVEL_WIJK }, { "Buurt", BP_LEVEL_BUURT },
	};
	while (len && soort[len - 1] == ' ')
		len--;
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strlen(map[i].name) == len && strncmp(map[i].name, soort, len) == 0)
			return (int)map[i].level;
	return -1;
}
