/*
 * test_privacy: personal data in free text.  Each case names the kind and
 * the character offset (0-based, counted by hand) where the match starts;
 * the negatives are texts the experiences importer must let through
 * (dates, years, sums, place and organisation names, "N.B.").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "import/privacy.h"

static bp_privacy *pv;

static void expect(const char *text, bp_privacy_kind kind, size_t offset)
{
	size_t at = 99;
	bp_privacy_kind k = bp_privacy_scan(pv, text, &at);
	if (k != kind || (kind != BP_PRIVACY_NONE && at != offset))
		fail_msg("'%s': found %d at %zu, expected %d at %zu", text, (int)k, at, (int)kind, offset);
}

static void test_email(void **state)
{
	(void)state;
	expect("Mail me: piet.jansen@example.nl", BP_PRIVACY_EMAIL, 9);
	expect("info@buurthuis-oss.nl", BP_PRIVACY_EMAIL, 0);
	expect("schrijf naar buurt [at] oss.nl", BP_PRIVACY_EMAIL, 13);
	expect("schrijf naar buurt (at) oss.nl", BP_PRIVACY_EMAIL, 13);
	/* The e-mail comes before a phone number in the enum: both present, e-mail reported. */
	expect("06-12345678 of a@b.nl", BP_PRIVACY_EMAIL, 15);
}

static void test_phone(void **state)
{
	(void)state;
	expect("Bel 06-12345678 voor info", BP_PRIVACY_PHONE, 4);
	expect("Bel 06 1234 5678", BP_PRIVACY_PHONE, 4);
	expect("tel 0412 123 456", BP_PRIVACY_PHONE, 4);
	expect("tel (0412) 123456", BP_PRIVACY_PHONE, 4);
	expect("020 - 123 45 67", BP_PRIVACY_PHONE, 0);
	expect("+31 6 12345678", BP_PRIVACY_PHONE, 0);
	expect("+31 (0)6 12345678", BP_PRIVACY_PHONE, 0);
	expect("0031612345678", BP_PRIVACY_PHONE, 0);
	expect("bel 0612345678.", BP_PRIVACY_PHONE, 4);
	/* Not phone numbers: dates, years, counts, an 11-digit run, a 9-digit number. */
	expect("Op 01-02-2019 begonnen, in 2016 en 2020 gemeten.", BP_PRIVACY_NONE, 0);
	expect("Er kwamen 120 mensen, 45,5 procent.", BP_PRIVACY_NONE, 0);
	expect("Bestelnummer 06123456789.", BP_PRIVACY_NONE, 0);
	expect("Nummer 061234567.", BP_PRIVACY_NONE, 0);
	expect("Postcode 5341 AB.", BP_PRIVACY_NONE, 0);
}

static void test_handle_address(void **state)
{
	(void)state;
	expect("Volg @buurtoss_5341 voor nieuws", BP_PRIVACY_HANDLE, 5);
	expect("Ik woon op de Kerkstraat 12a.", BP_PRIVACY_ADDRESS, 14);
	expect("Molenweg 3", BP_PRIVACY_ADDRESS, 0);
	expect("Het buurthuis aan de Kerkstraat is fijn.", BP_PRIVACY_NONE, 0);
}

static void test_names(void **state)
{
	(void)state;
	expect("Naam: iemand uit de straat", BP_PRIVACY_NAME, 0);
	expect("Mevrouw De Vries helpt altijd.", BP_PRIVACY_NAME, 0);
	expect("Ik ging met dhr. van der Berg mee.", BP_PRIVACY_NAME, 12);
	expect("De juf Anke is fijn.", BP_PRIVACY_NAME, 3);
	expect("Volgens wethouder Bakker wel.", BP_PRIVACY_NAME, 8);
	expect("Geschreven door J. Jansen.", BP_PRIVACY_NAME, 16);
	expect("Met A.B. de Vries gesproken.", BP_PRIVACY_NAME, 4);
	expect("Met Ans naar de markt.", BP_PRIVACY_NAME, 4);
	expect("Mohammed El Amrani kookt mee.", BP_PRIVACY_NAME, 0);
	expect("Samen met Zoë gekookt.", BP_PRIVACY_NAME, 10);
	/* Not names: places, organisations, sentence starts, N.B., street names. */
	expect("De Buurtkamer Schadewijk in Oss trekt veel ouderen.", BP_PRIVACY_NONE, 0);
	expect("Ben je er dinsdag? Wil je koffie?", BP_PRIVACY_NONE, 0);
	expect("N.B. Dit is een voorbeeld.", BP_PRIVACY_NONE, 0);
	expect("We wonen in Anna's Hoeve in Hilversum.", BP_PRIVACY_NONE, 0);
	expect("De kerk van Sint Jan staat er nog.", BP_PRIVACY_NONE, 0);
	expect("Aan de Burgemeester Jansenstraat is het druk.", BP_PRIVACY_NONE, 0);
	expect("Mijn buurvrouw kookt elke week.", BP_PRIVACY_NONE, 0);
	expect("VOORBEELD (verzonnen). Het buurtteam belde aan.", BP_PRIVACY_NONE, 0);
}

static void test_bsn_postcode_profile(void **state)
{
	(void)state;
	/* BSNs: nine digits that pass the elfproef, with common separators. */
	expect("Mijn BSN is 123456782.", BP_PRIVACY_BSN, 12);
	expect("bsn 111222333", BP_PRIVACY_BSN, 4);
	expect("sofinummer 1234.56.782", BP_PRIVACY_BSN, 11);
	expect("nummer 123 456 782 staat op de brief", BP_PRIVACY_BSN, 7);
	expect("123-45-6782", BP_PRIVACY_BSN, 0);
	/* Not BSNs: nine digits failing the elfproef, a tenth digit, all zeros, eight digits. */
	expect("Dossier 123456789.", BP_PRIVACY_NONE, 0);
	expect("Referentie 1234567820.", BP_PRIVACY_NONE, 0);
	expect("Code 000000000.", BP_PRIVACY_NONE, 0);
	expect("Kosten 12.345.678 euro.", BP_PRIVACY_NONE, 0);
	/* Postcode + house number, in the usual spellings. */
	expect("Ik woon op 5341 AB 12.", BP_PRIVACY_POSTCODE, 11);
	expect("5341AB12", BP_PRIVACY_POSTCODE, 0);
	expect("adres: 5341 AB, 12a", BP_PRIVACY_POSTCODE, 7);
	expect("5341ab 12-3", BP_PRIVACY_POSTCODE, 0);
	/* Not: a postcode alone, a year followed by words, a postcode area. */
	expect("In postcode 5341 AB wonen veel ouderen.", BP_PRIVACY_NONE, 0);
	expect("In 2019 en 2020 was het rustig.", BP_PRIVACY_NONE, 0);
	expect("Het gebied 5341 is groot, 12 straten.", BP_PRIVACY_NONE, 0);
	/* Profile URLs of common social networks. */
	expect("Zie facebook.com/piet.jansen.75", BP_PRIVACY_PROFILE, 4);
	expect("https://www.instagram.com/buurtmoeder_oss/", BP_PRIVACY_PROFILE, 0);
	expect("volg x.com/pietjansen", BP_PRIVACY_PROFILE, 5);
	expect("http://twitter.com/pjansen", BP_PRIVACY_PROFILE, 0);
	expect("nl.linkedin.com/in/piet-jansen-123", BP_PRIVACY_PROFILE, 0);
	expect("zie tiktok.com/@oss_piet", BP_PRIVACY_PROFILE, 4);
	expect("m.facebook.com/profile.php?id=1000123", BP_PRIVACY_PROFILE, 0);
	/* Not profiles: other sites, a domain alone, a word ending in x. */
	expect("Zie www.oss.nl/buurt en box.com/files.", BP_PRIVACY_NONE, 0);
	expect("We staan op facebook.com en linkedin.com.", BP_PRIVACY_NONE, 0);
}

static void test_phone_spellings(void **state)
{
	(void)state;
	expect("bel 0412-123456", BP_PRIVACY_PHONE, 4);
	expect("bel 06.12.34.56.78", BP_PRIVACY_PHONE, 4);
	expect("bel 06 - 12 34 56 78", BP_PRIVACY_PHONE, 4);
	expect("bel +316-12345678", BP_PRIVACY_PHONE, 4);
	expect("bel 0031 (0)412 123456", BP_PRIVACY_PHONE, 4);
	expect("bel 088 123 4567", BP_PRIVACY_PHONE, 4);
	expect("bel 0900-1234", BP_PRIVACY_NONE, 0);
}

static void test_columns(void **state)
{
	(void)state;
	assert_true(bp_privacy_personal_column("Naam"));
	assert_true(bp_privacy_personal_column("e-mail"));
	assert_true(bp_privacy_personal_column("TELEFOON"));
	assert_false(bp_privacy_personal_column("tekst"));
	assert_false(bp_privacy_personal_column("gebied"));
	assert_string_equal(bp_privacy_kind_text(BP_PRIVACY_PHONE), "a phone number");
}

static int setup(void **state)
{
	(void)state;
	bp_error err;
	bp_error_clear(&err);
	return bp_privacy_new(&pv, &err) == BP_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	bp_privacy_free(pv);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_handle_address),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bsn_postcode_profile),
		cmocka_unit_test(test_phone_spellings),
		cmocka_unit_test(test_columns),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
