/*
 * privacy.h: find personal data in free text (experiences' stories and
 * quotes) before it is stored, so that a row holding it can be refused.
 *
 * What is found (GLib regular expressions, PCRE):
 *   - e-mail addresses, also written "naam [at] domein.nl";
 *   - Dutch phone numbers: 0 followed by 9 digits (06-12345678, 0412 123 456,
 *     (0412) 123456, 020 - 123 45 67) or +31 / 0031 followed by 9 digits,
 *     with spaces, dots, dashes, slashes or brackets between the digits;
 *   - profile URLs of social networks: facebook.com/..., fb.com/...,
 *     instagram.com/..., x.com/..., twitter.com/..., threads.net/@...,
 *     linkedin.com/in/..., tiktok.com/@..., youtube.com/@... (with or
 *     without scheme, www., m. or a language prefix);
 *   - BSNs: nine digits, alone or split by single spaces, dots or dashes,
 *     that pass the elfproef (about 1 in 11 other nine-digit numbers passes
 *     it too, so an order number can be a false alarm);
 *   - social media handles (@naam);
 *   - postcode + house number: 5341 AB 12, 5341AB12, 5341 AB, 12a (upper-case
 *     letters, or lower-case written against the digits, so "2019 en 12"
 *     is not one);
 *   - street addresses: a street name ending in straat, laan, weg, plein,
 *     ... followed by a house number (Kerkstraat 12a);
 *   - names: a label (Naam:, contactpersoon:), a title or form of address
 *     followed by a capitalised word (mevrouw Jansen, dhr. De Vries, juf
 *     Anke, wethouder Bakker), initials followed by a capitalised word
 *     (J. Jansen, A.B. de Vries), and any capitalised word that is a common
 *     first name in the Netherlands (a list of about 250, written for this
 *     file), alone or followed by a surname (Ans, Mohammed El Amrani).
 *
 * Limits (also in ARCHITECTURE.md): a name that is not on the list and has
 * no title or initials before it ("Joris Driepinter") is not found, nor a
 * name written in lower case, a nickname, a description that identifies
 * someone without naming them ("de bakker op de hoek"), a phone number
 * written in words or split over many separators, or an obfuscated e-mail
 * other than [at]/(at).  False alarms are possible: a street or place named
 * after a person (Willem-Alexanderlaan is one word and passes, "Anna
 * Paulowna" does not), "N.B." is exempt but other initials-like
 * abbreviations followed by a capitalised word are not.  A false alarm
 * refuses the row with its location, and the text can be rephrased: in
 * this direction a mistake costs a rewrite, in the other a person's
 * privacy.  Consent and a human read remain necessary.
 */
#ifndef BP_IMPORT_PRIVACY_H
#define BP_IMPORT_PRIVACY_H

#include <stddef.h>

#include "core/error.h"

/* In the order they are looked for: a profile URL before the handle in it,
 * a phone number before the nine digits inside it. */
typedef enum bp_privacy_kind {
	BP_PRIVACY_NONE = 0,
	BP_PRIVACY_EMAIL,
	BP_PRIVACY_PROFILE,
	BP_PRIVACY_PHONE,
	BP_PRIVACY_BSN,
	BP_PRIVACY_HANDLE,
	BP_PRIVACY_POSTCODE,
	BP_PRIVACY_ADDRESS,
	BP_PRIVACY_NAME
} bp_privacy_kind;

typedef struct bp_privacy bp_privacy;

/* The compiled patterns; BP_ERR_INTERNAL if one does not compile. */
bp_rc bp_privacy_new(bp_privacy **out, bp_error *err) BP_MUST_CHECK;
void bp_privacy_free(bp_privacy *p);

/*
 * The first kind of personal data found in text (UTF-8), in the order of
 * the enum (an e-mail before a phone number); *offset is the character
 * (not byte) offset of the match, 0-based.  BP_PRIVACY_NONE if none.
 */
bp_privacy_kind bp_privacy_scan(const bp_privacy *p, const char *text, size_t *offset);

/* For messages, in English as the other importer messages:
 * "an e-mail address", "a phone number", ... ("" for NONE). */
const char *bp_privacy_kind_text(bp_privacy_kind k);

/* Column names that hold personal data by their name (naam, e-mail,
 * telefoon, adres, ...), case-insensitive: such a column is refused. */
int bp_privacy_personal_column(const char *name);

#endif
