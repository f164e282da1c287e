/* privacy.c: personal data in free text (see the header for what and its limits). */
#include "import/privacy.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

/*
 * Common first names in the Netherlands, written for this file (older and
 * younger generations, and names common among Dutch people of Turkish,
 * Moroccan and Surinamese descent).  Left out on purpose: names that are
 * also an ordinary word starting a sentence or a well-known shop (Ben,
 * Wil, Mark, Roos, Frans, Max, Job, Toon, Dirk, Albert, Jet, Ad): a false
 * alarm on every "Ben je ..." would make the check useless.
 */
static const char first_names[] =
	"Aafke|Abdel|Abdelkader|Abdul|Ahmed|Aicha|Aisha|Amber|Amira|Anja|Anke|Anna|Anne|Anneke|Annemarie|"
	"Annie|Anouk|Ans|Anton|Antoon|Arie|Arjan|Arnold|Astrid|Ayşe|Ayse|Bart|Bas|Bep|Bernadette|Bernard|"
	"Bert|Bianca|Bilal|Bob|Bram|Britt|Carla|Charlotte|Chantal|Cor|Cornelis|Corrie|Daan|Demi|Dennis|"
	"Dick|Diny|Dini|Dora|Driss|Edwin|Elif|Elin|Ellen|Els|Emine|Emma|Emre|Eric|Erik|Erwin|Esther|Eva|"
	"Evi|Fatima|Fatma|Femke|Fenna|Finn|Fleur|Floor|Gerard|Gerda|Gerrit|Gert|Geert|Gijs|Gonny|Greet|"
	"Guus|Hakan|Hamza|Hanna|Hannah|Hanneke|Hans|Harrie|Harry|Hassan|Hatice|Hendrik|Henk|Hennie|Henny|"
	"Herman|Hugo|Huub|Hussein|Ibrahim|Ilona|Ilse|Ina|Inge|Ingrid|Iris|Isa|Ivo|Jaap|Jacob|Jacobus|"
	"Jacqueline|Jan|Jannie|Jasmijn|Jasper|Jeanne|Jelle|Jens|Jeroen|Jesse|Johan|Johannes|Joke|Jolanda|"
	"Joop|Joep|Joris|Jos|Joost|Joyce|Jozef|Judith|Julia|Jurre|Karel|Karim|Karin|Kees|Kelly|Kemal|Kevin|"
	"Khadija|Kim|Klaas|Koen|Lars|Leo|Levi|Liam|Lieke|Linda|Lisa|Liv|Lotte|Lucas|Luuk|Lynn|Maarten|"
	"Malika|Marc|Marcel|Marco|Margreet|Margriet|Maria|Marian|Marianne|Marieke|Marinus|Marja|Marloes|"
	"Martijn|Martin|Mathijs|Matthijs|Mats|Mehmet|Menno|Meryem|Michael|Michel|Mieke|Mike|Mila|Mina|"
	"Miranda|Mirjam|Mohamed|Mohammed|Monique|Mourad|Muhammed|Murat|Mustafa|Nadia|Naima|Naomi|Nel|"
	"Nick|Nico|Niels|Nina|Noah|Noor|Nora|Olaf|Olivia|Omar|Patrick|Paul|Peter|Petra|Piet|Pieter|Pim|"
	"Priscilla|Rachid|Remco|Rens|Richard|Rick|Rien|Ria|Riet|Rik|Rinus|Robert|Roel|Romy|Ronald|Ruben|"
	"Ruud|Said|Samira|Sander|Sandra|Sanne|Sara|Sarah|Saar|Saskia|Sem|Siem|Sjaak|Sjef|Sjoerd|Sofie|"
	"Sophia|Sophie|Stan|Steven|Stijn|Sunil|Sven|Teun|Thea|Theo|Thijs|Thomas|Tijn|Tim|Timo|Tineke|Tom|"
	"Truus|Twan|Victor|Vincent|Wendy|Wessel|Wilco|Willem|Wilma|Wim|Wouter|Yara|Yasmin|Yasmina|Youri|"
	"Youssef|Yusuf|Yvonne|Zeynep|Zoë";

/* Dutch and common foreign name particles, in any case (De Vries, de Vries). */
#define PARTICLES "(?:(?i:van|de|der|den|ter|ten|te|het|'t|in|op|el|al|la|le|da|du|von|vd)\\s+)*"
#define CAPWORD "\\p{Lu}[\\p{Ll}'’-]*\\p{Ll}"
#define STREET "straat|laan|weg|plein|singel|dreef|kade|gracht|steeg|hof|pad|dijk|park|ring|baan"

struct bp_privacy {
	GRegex *re[BP_PRIVACY_NAME + 1];
	/* Several name patterns: tried in turn, the earliest match wins. */
	GRegex *names[4];
};

static GRegex *compile(const char *pattern, bp_error *err)
{
	GError *ge = NULL;
	GRegex *re = g_regex_new(pattern, G_REGEX_OPTIMIZE, 0, &ge);
	if (!re) {
		bp_fail(err, BP_ERR_INTERNAL, "a privacy pattern does not compile: %s", ge->message);
		g_error_free(ge);
	}
	return re;
}

bp_rc bp_privacy_new(bp_privacy **out, bp_error *err)
{
	bp_privacy *p = bp_xcalloc(1, sizeof(*p));
	const char *pats[BP_PRIVACY_NAME + 1] = {
		[BP_PRIVACY_EMAIL] =
			"[\\p{L}\\d._%+-]+@[\\p{L}\\d-]+(?:\\.[\\p{L}\\d-]+)*\\.\\p{L}{2,}"
			"|[\\p{L}\\d._-]+\\s*[\\[(]\\s*(?i:at|apenstaartje)\\s*[\\])]\\s*[\\p{L}\\d-]+",
		/* 0 + 9 digits, or +31/0031 (+ an optional (0)) + 9 digits; at most three
		 * separators between digits; not inside a longer run of digits. */
		[BP_PRIVACY_PHONE] =
			"(?<![\\d+])(?:(?:\\+|00)31[ .-]?(?:\\(0\\)[ .-]?)?|\\(?0)(?:[ ./()-]{0,3}\\d){9}(?![ .-]?\\d)",
		[BP_PRIVACY_PROFILE] =
			"(?<![\\p{L}\\d._-])(?i:(?:https?://)?(?:(?:www|m|mobile|[a-z]{2})\\.)?"
			"(?:(?:facebook|fb|instagram|twitter|x)\\.com/|threads\\.net/@|linkedin\\.com/in/"
			"|tiktok\\.com/@|youtube\\.com/@))[\\p{L}\\d._%?=&@/-]*[\\p{L}\\d_]",
		/* Candidates only: nine digits with at most one space, dot or dash
		 * between them, not inside a longer number; the elfproef decides. */
		[BP_PRIVACY_BSN] = "(?<![\\d+])(?<!\\d[ .-])\\d(?:[ .-]?\\d){8}(?![ .-]?\\d)",
		[BP_PRIVACY_HANDLE] = "(?<![\\p{L}\\d.@_])@[A-Za-z0-9_]{2,}",
		[BP_PRIVACY_ADDRESS] = "\\p{Lu}[\\p{L}-]*(?:" STREET ")\\s+\\d{1,4}\\s?[a-zA-Z]?(?![\\d\\p{L}])",
		/* Lower-case letters only against the digits: "in 2019 en 12" is prose. */
		[BP_PRIVACY_POSTCODE] =
			"(?<![\\d\\p{L}])[1-9]\\d{3}(?: ?[A-Z]{2}|[a-z]{2})(?![\\p{L}])[ ,-]{0,3}\\d{1,5}(?!\\d)",
	};
	for (int k = BP_PRIVACY_EMAIL; k < BP_PRIVACY_NAME; k++)
		if (!(p->re[k] = compile(pats[k], err)))
			goto fail;
	char *fn = g_strdup_printf(
		/* A known first name as a word of its own; not part of a place such as
		 * "Sint Jan" or "Anna's Hoeve" (an apostrophe after it). */
		"(?<!Sint |Sint-|St\\. |St )(?<![\\p{L}\\d'’-])(?:%s)(?![\\p{L}\\d'’])", first_names);
	const char *npats[4] = {
		"(?i:\\b(?:naam|name|contactpersoon|ingevuld door|afzender)\\s*:)",
		"(?i:\\b(?:mevrouw|meneer|mevr\\.|mw\\.|mr\\.|dhr\\.|de heer|juffrouw|juf|meester|dokter|dr\\.|"
		"ds\\.|pastoor|dominee|wethouder|burgemeester|buurvrouw|buurman)\\s+)" PARTICLES
		"\\p{Lu}[\\p{L}'’-]*+(?<!" STREET ")(?![\\p{L}])",
		/* Initials: J. Jansen, A.B. de Vries; N.B. is a note, not initials. */
		"(?<![\\p{L}.])(?!N\\.B\\.)(?:\\p{Lu}\\.\\s?){1,4}" PARTICLES CAPWORD,
		fn,
	};
	for (int i = 0; i < 4; i++)
		if (!(p->names[i] = compile(npats[i], err))) {
			g_free(fn);
			goto fail;
		}
	g_free(fn);
	*out = p;
	return BP_OK;
fail:
	bp_privacy_free(p);
	return BP_ERR_INTERNAL;
}

void bp_privacy_free(bp_privacy *p)
{
	if (!p)
		return;
	for (int k = 0; k <= BP_PRIVACY_NAME; k++)
		if (p->re[k])
			g_regex_unref(p->re[k]);
	for (int i = 0; i < 4; i++)
		if (p->names[i])
			g_regex_unref(p->names[i]);
	free(p);
}

/*
 * The elfproef of a BSN: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11
 * (and not all zeros).  digits is the match with its separators.
 */
static int elfproef(const char *s, int len)
{
	int d[9], n = 0;
	for (int i = 0; i < len && n < 9; i++)
		if (s[i] >= '0' && s[i] <= '9')
			d[n++] = s[i] - '0';
	if (n != 9)
		return 0;
	int sum = 0, any = 0;
	for (int i = 0; i < 8; i++) {
		sum += (9 - i) * d[i];
		any |= d[i];
	}
	sum -= d[8];
	return any && sum % 11 == 0;
}

/* The byte offset of the first nine-digit candidate that passes the elfproef, or -1. */
static long first_bsn(const GRegex *re, const char *text)
{
	GMatchInfo *mi = NULL;
	long at = -1;
	g_regex_match(re, text, 0, &mi);
	while (g_match_info_matches(mi)) {
		int start, end;
		if (g_match_info_fetch_pos(mi, 0, &start, &end) && elfproef(text + start, end - start)) {
			at = start;
			break;
		}
		g_match_info_next(mi, NULL);
	}
	g_match_info_free(mi);
	return at;
}

/* The byte offset of re's first match in text, or -1. */
static long first_match(const GRegex *re, const char *text)
{
	GMatchInfo *mi = NULL;
	long at = -1;
	if (g_regex_match(re, text, 0, &mi)) {
		int start, end;
		if (g_match_info_fetch_pos(mi, 0, &start, &end))
			at = start;
	}
	g_match_info_free(mi);
	return at;
}

bp_privacy_kind bp_privacy_scan(const bp_privacy *p, const char *text, size_t *offset)
{
	*offset = 0;
	/* Text that is not UTF-8 cannot be matched by the UTF-8 patterns; the
	 * importer converts files to UTF-8 first, so this is a caller's bug. */
	if (!g_utf8_validate(text, -1, NULL))
		return BP_PRIVACY_NONE;
	for (int k = BP_PRIVACY_EMAIL; k <= BP_PRIVACY_NAME; k++) {
		long at = -1;
		if (k == BP_PRIVACY_BSN) {
			at = first_bsn(p->re[k], text);
		} else if (k < BP_PRIVACY_NAME) {
			at = first_match(p->re[k], text);
		} else {
			for (int i = 0; i < 4; i++) {
				long m = first_match(p->names[i], text);
				if (m >= 0 && (at < 0 || m < at))
					at = m;
			}
		}
		if (at >= 0) {
			*offset = (size_t)g_utf8_pointer_to_offset(text, text + at);
			return (bp_privacy_kind)k;
		}
	}
	return BP_PRIVACY_NONE;
}

const char *bp_privacy_kind_text(bp_privacy_kind k)
{
	switch (k) {
	case BP_PRIVACY_EMAIL: return "an e-mail address";
	case BP_PRIVACY_PHONE: return "a phone number";
	case BP_PRIVACY_PROFILE: return "a social media profile URL";
	case BP_PRIVACY_BSN: return "a BSN (citizen service number)";
	case BP_PRIVACY_HANDLE: return "a social media handle";
	case BP_PRIVACY_POSTCODE: return "a postcode with house number";
	case BP_PRIVACY_ADDRESS: return "a street address";
	case BP_PRIVACY_NAME: return "a person's name";
	case BP_PRIVACY_NONE: break;
	}
	return "";
}

int bp_privacy_personal_column(const char *name)
{
	static const char *const cols[] = {
		"naam", "name", "voornaam", "achternaam", "firstname", "lastname", "first_name", "last_name",
		"email", "e-mail", "mail", "emailadres", "e-mailadres", "telefoon", "telefoonnummer", "tel",
		"phone", "mobiel", "gsm", "adres", "address", "woonadres", "straat", "huisnummer", "persoon",
		"person", "contact", "contactpersoon", "geboortedatum", "bsn", "respondent", NULL
	};
	for (size_t i = 0; cols[i]; i++)
		if (g_ascii_strcasecmp(name, cols[i]) == 0)
			return 1;
	return 0;
}
