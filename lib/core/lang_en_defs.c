/*
 * lang_en_defs.c: the English of the definitions and method page
 * (report/definitions_page.c, SITE/definities.html): a part of the message
 * catalogue (core/lang.h bp_lang_en_parts), in the format of lang_en.c and
 * sorted by the Dutch text in strcmp order.  The sentences with values are
 * written in both languages in the code (SAY there); the indicators' titles
 * and descriptions come from their YAML (title.en, description.en).
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_defs[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ " Een achtergrondcijfer: het beschrijft een gebied en telt in het behoeftenoverzicht niet "
	  "als behoefte.",
	  " A background figure: it describes an area and does not count as a need in the needs "
	  "overview." },
	{ "</dd>\n"
	  "<dt>Bron</dt><dd>",
	  "</dd>\n"
	  "<dt>Source</dt><dd>" },
	{ "</dd>\n"
	  "<dt>Eenheid</dt><dd>",
	  "</dd>\n"
	  "<dt>Unit</dt><dd>" },
	{ "</dd>\n"
	  "<dt>Perioden</dt><dd>",
	  "</dd>\n"
	  "<dt>Periods</dt><dd>" },
	{ "</dd>\n"
	  "<dt>Richting</dt><dd>",
	  "</dd>\n"
	  "<dt>Direction</dt><dd>" },
	{ "</dd>\n"
	  "<dt>Wanneer geen cijfer</dt><dd>",
	  "</dd>\n"
	  "<dt>When there is no figure</dt><dd>" },
	{ "</ul></nav>\n"
	  "<h2 id=\"indicatoren\">Indicatoren</h2>\n"
	  "<ul class=\"definitie-index\">\n",
	  "</ul></nav>\n"
	  "<h2 id=\"indicatoren\">Indicators</h2>\n"
	  "<ul class=\"definitie-index\">\n" },
	{ "<dl>\n"
	  "<dt>Berekening</dt><dd>",
	  "<dl>\n"
	  "<dt>Calculation</dt><dd>" },
	{ "<h1>Definities en methode</h1>\n",
	  "<h1>Definitions and method</h1>\n" },
	{ "<h2 id=\"methode\">Methode</h2>\n"
	  "<h3 id=\"methode-referenties\">Vergeleken met de gemeente en met Nederland</h3>\n"
	  "<p>Elk cijfer van een wijk, buurt of zelf gedefinieerd gebied staat naast twee "
	  "referenties. <strong>De gemeente</strong> is de gemeente als geheel: dezelfde indicator, "
	  "berekend uit de tellingen van de hele gemeente (bij een percentage dat de bron zelf "
	  "publiceert: het cijfer dat de bron voor de gemeente geeft), nooit een gemiddelde van de "
	  "wijken. <strong>Nederland</strong> is het cijfer van het hele land (CBS-code NL00), zoals "
	  "de bron het voor heel Nederland publiceert of uit de tellingen van heel Nederland "
	  "berekend: niet alleen de gemeenten van deze monitor. Het verschil is de waarde van het "
	  "gebied min die van de referentie, berekend vóór het afronden; bij percentages is dat in "
	  "procentpunten.</p>\n"
	  "<h3 id=\"methode-percentielen\">Percentielen</h3>\n"
	  "<p>Een percentiel zegt waar een gebied staat tussen de gebieden van hetzelfde niveau "
	  "(wijken met wijken, buurten met buurten) in dezelfde periode die een cijfer hebben: "
	  "(plaats − 1) / (aantal − 1) × 100, gerangschikt naar behoefte, zodat 100 het gebied met "
	  "de meeste behoefte is en 0 dat met de minste (bij een indicator zonder gunstige kant: 100 "
	  "de hoogste waarde). Gelijke waarden delen de laagste plaats. Bij elk percentiel staat "
	  "over hoeveel gebieden het gaat, en of dat alle gebieden van Nederland zijn of alleen die "
	  "in deze monitor. Een percentiel van 90 of meer telt als ‘bij de 10% met de meeste "
	  "behoefte’. Alleen onder minimaal 10 gebieden met een cijfer wordt gerangschikt, ook binnen een "
	  "gemeente: onder minder is een tiende minder dan één gebied (van 2 gemeenten zou er één ‘bij de 10% "
	  "met de meeste behoefte’ zijn). Daar staat ‘niet gerangschikt: te weinig gebieden’ met hun aantal, "
	  "zonder percentiel.</p>\n",
	  "<h2 id=\"methode\">Method</h2>\n"
	  "<h3 id=\"methode-referenties\">Compared with the municipality and with the Netherlands</h3>\n"
	  "<p>Every figure of a district, neighbourhood or self-defined area stands beside two "
	  "references. <strong>The municipality</strong> is the municipality as a whole: the same "
	  "indicator, computed from the counts of the whole municipality (for a percentage the "
	  "source publishes itself: the figure the source gives for the municipality), never an "
	  "average of the districts. <strong>The Netherlands</strong> is the figure of the whole "
	  "country (CBS code NL00), as the source publishes it for the whole of the Netherlands or "
	  "computed from the counts of the whole of the Netherlands: not only the municipalities of "
	  "this monitor. The difference is the value of the area minus that of the reference, "
	  "computed before rounding; for percentages it is in percentage points.</p>\n"
	  "<h3 id=\"methode-percentielen\">Percentiles</h3>\n"
	  "<p>A percentile says where an area stands among the areas of the same level (districts "
	  "with districts, neighbourhoods with neighbourhoods) in the same period that have a "
	  "figure: (place − 1) / (number − 1) × 100, ranked by need, so that 100 is the area with "
	  "the greatest need and 0 the one with the least (for an indicator without a favourable "
	  "side: 100 is the highest value). Equal values share the lowest place. Each percentile "
	  "says how many areas it is among, and whether those are all areas of the Netherlands or "
	  "only those in this monitor. A percentile of 90 or more counts as ‘among the 10% with the "
	  "greatest need’. Areas are ranked only among at least 10 with a figure, within a "
	  "municipality too: among fewer, a tenth is less than one area (of 2 municipalities one "
	  "would be ‘among the 10% with the greatest need’). There it says ‘not ranked: too few "
	  "areas’ with their number, without a percentile.</p>\n" },
	{ "<h3 id=\"methode-indices\">Samengestelde indices</h3>\n"
	  "<p>Een index vat een paar indicatoren samen. Elke component wordt eerst dezelfde kant op "
	  "gezet (hoger is meer behoefte of juist gunstiger), dan genormaliseerd onder de gebieden "
	  "van hetzelfde niveau en dezelfde periode (z-score, percentielrang of 0–100) en daarna "
	  "gewogen gemiddeld. Ontbreekt een component, dan tellen de gewichten van de andere naar "
	  "rato, zolang genoeg componenten een waarde hebben. Of de uitkomst aan de gekozen "
	  "gewichten hangt, blijkt door dezelfde berekening te herhalen met gelijke gewichten en met "
	  "telkens één component weggelaten, en te kijken hoeveel plaatsen de rang van een gebied "
	  "dan verschuift.</p>\n",
	  "<h3 id=\"methode-indices\">Composite indices</h3>\n"
	  "<p>An index sums up a few indicators. Each component is first turned the same way (higher "
	  "is more need, or higher is better), then normalised among the areas of the same level and "
	  "the same period (z-score, percentile rank or 0–100), and then averaged with weights. When "
	  "a component is missing, the weights of the others count in proportion, as long as enough "
	  "components have a value. Whether the result depends on the chosen weights shows when the "
	  "same calculation is repeated with equal weights and with one component left out at a "
	  "time, and one looks at how many places an area's rank then moves.</p>\n" },
	{ "<h3 id=\"methode-onzekerheid\">Marges en significantie</h3>\n"
	  "<p>Een cijfer uit een steekproef (een enquête, de schattingen van de "
	  "RIVM-gezondheidsmonitor) is onzeker. Waar de marge bekend is, staat een 95%-interval bij "
	  "het cijfer: het gebied waarbinnen de werkelijke waarde met 95% zekerheid ligt. Een "
	  "verandering ten opzichte van de vorige periode heet significant als het verschil groter "
	  "is dan 1,96 keer zijn standaardfout: de wortel uit de som van de kwadraten van de "
	  "standaardfouten van beide cijfers, elk de breedte van zijn interval gedeeld door 2 × "
	  "1,96. Zonder marges wordt er niet getoetst en zegt de pagina dat. Een telling van alle "
	  "inwoners (CBS) heeft geen steekproefmarge.</p>\n"
	  "<h3 id=\"methode-effecten\">Effecten van interventies</h3>\n"
	  "<p>Of er in een wijk iets veranderde na de start van een interventie, wordt geschat met "
	  "een verschil-in-verschillen: de verandering van de wijk (het gemiddelde na de start min "
	  "dat ervoor) min de gemiddelde verandering van vergelijkbare gebieden zonder interventie, "
	  "gekozen op hun cijfers vóór de start. Dezelfde schatting voor elk vergelijkingsgebied, "
	  "alsof daar de interventie was, geeft het placebo-interval (5–95%): wat gebieden zonder "
	  "interventie ook laten zien. Alleen een effect buiten dat interval heet beter of slechter "
	  "dan vergelijkbare gebieden, en waar de cijfers marges hebben alleen als ook het eigen "
	  "95%-interval van de schatting 0 niet bevat. Liepen de trends vóór de start niet gelijk "
	  "op, of zijn er te weinig vergelijkbare gebieden, dan luidt het oordeel ‘geen verschil’ of "
	  "‘niet te zeggen’. Een schatting is geen bewijs dat de interventie het verschil "
	  "maakte.</p>\n",
	  "<h3 id=\"methode-onzekerheid\">Margins and significance</h3>\n"
	  "<p>A figure from a sample (a survey, the estimates of the RIVM health monitor) is "
	  "uncertain. Where the margin is known, a 95% interval stands beside the figure: the range "
	  "within which the true value lies with 95% certainty. A change from the previous period is "
	  "called significant when the difference is larger than 1.96 times its standard error: the "
	  "square root of the sum of the squares of the standard errors of both figures, each the "
	  "width of its interval divided by 2 × 1.96. Without margins nothing is tested, and the "
	  "page says so. A count of all residents (CBS) has no sampling margin.</p>\n"
	  "<h3 id=\"methode-effecten\">Effects of interventions</h3>\n"
	  "<p>Whether anything changed in a district after an intervention started is estimated with "
	  "a difference-in-differences: the change of the district (the average after the start "
	  "minus the one before) minus the average change of similar areas without the intervention, "
	  "chosen by their figures before the start. The same estimate for every comparison area, as "
	  "if the intervention had been there, gives the placebo interval (5–95%): what areas "
	  "without the intervention show as well. Only an effect outside that interval is called "
	  "better or worse than similar areas, and where the figures have margins only when the "
	  "estimate's own 95% interval does not contain 0 either. When the trends before the start "
	  "did not run alike, or there are too few similar areas, the verdict is ‘no difference’ or "
	  "‘cannot tell’. An estimate is no proof that the intervention made the difference.</p>\n" },
	{ "<li><a href=\"#voorbeeld\">Een rekenvoorbeeld</a></li>\n",
	  "<li><a href=\"#voorbeeld\">A worked example</a></li>\n" },
	{ "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a></nav>\n",
	  "<nav class=\"kruimel\" aria-label=\"Breadcrumb\"><a href=\"index.html\">All areas</a></nav>\n" },
	{ "<p class=\"lead\">Wat elke indicator meet, hoe hij berekend wordt en waar hij vandaan komt; "
	  "daarna hoe de vergelijkingen, percentielen, indices, marges en effectschattingen werken, "
	  "met een rekenvoorbeeld uit de cijfers van deze monitor.</p>\n"
	  "<nav aria-label=\"Inhoud van deze pagina\"><ul>\n"
	  "<li><a href=\"#indicatoren\">Indicatoren</a></li>\n"
	  "<li><a href=\"#methode\">Methode</a></li>\n",
	  "<p class=\"lead\">What each indicator measures, how it is computed and where it comes from; "
	  "then how the comparisons, percentiles, indices, margins and effect estimates work, with a "
	  "worked example from the figures of this monitor. The formulas name each variable by its "
	  "title at CBS, in Dutch as CBS publishes it.</p>\n"
	  "<nav aria-label=\"Contents of this page\"><ul>\n"
	  "<li><a href=\"#indicatoren\">Indicators</a></li>\n"
	  "<li><a href=\"#methode\">Method</a></li>\n" },
	{ "<p>Deze monitor berekent geen samengestelde indices.</p>\n",
	  "<p>This monitor computes no composite indices.</p>\n" },
	{ "Geen gunstige kant: een hogere of lagere waarde is op zich niet beter of slechter.",
	  "No favourable side: a higher or lower value is not in itself better or worse." },
	{ "Hoger is gunstiger.",
	  "Higher is better." },
	{ "Hoger is ongunstiger.",
	  "Higher is worse." },
	{ "Met gelijke gewichten",
	  "With equal weights" },
	{ "geen gepubliceerde cijfers in deze gemeenten",
	  "no published figures in these municipalities" },
	{ "van de laagste naar de hoogste waarde",
	  "from the lowest to the highest value" },
	{ "van de minste naar de meeste behoefte",
	  "from the least to the greatest need" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_defs_count = sizeof(bp_lang_en_defs) / sizeof(bp_lang_en_defs[0]);
