package web

// placesMessages are the texts of the places catalogue and of sessions
// picking from it.
var placesMessages = map[string]map[string]string{
	"session.unknown_school": {
		"sv": "Välj en skola ur listan. Giltiga är: %s.",
		"en": "Choose a school from the list. Valid ones are: %s.",
	},
	"session.unknown_grade": {
		"sv": "Välj en årskurs som enkäten och skolan har. Giltiga är: %s.",
		"en": "Choose a school year the survey and the school have. Valid ones are: %s.",
	},
	"session.unknown_area": {
		"sv": "Välj ett område ur listan. Giltiga är: %s.",
		"en": "Choose an area from the list. Valid ones are: %s.",
	},
	"session.area_from_school": {
		"sv": "Området följer av skolan. Lämna området tomt när du väljer skola.",
		"en": "The area follows from the school. Leave the area empty when you choose a school.",
	},
	"session.no_school": {
		"sv": "Ingen skola (t.ex. fritidsgård)",
		"en": "No school (e.g. a youth centre)",
	},
	"session.no_grade": {
		"sv": "Blandade årskurser",
		"en": "Mixed school years",
	},
	"session.area_if_no_school": {
		"sv": "Område (bara utan skola)",
		"en": "Area (only without a school)",
	},
	"session.no_area": {
		"sv": "Inget område",
		"en": "No area",
	},
	"dash.all": {
		"sv": "Alla",
		"en": "All",
	},
	"places.problems": {
		"sv": "Katalogen har fel. Inget sparades.",
		"en": "The catalogue has problems. Nothing was saved.",
	},
	"places.too_many_problems": {
		"sv": "… och %s fel till. Rätta de här först.",
		"en": "… and %s more problems. Fix these first.",
	},
	"places.syntax": {
		"sv": "Katalogen kunde inte läsas: %s",
		"en": "The catalogue could not be read: %s",
	},
	"places.required": {
		"sv": "Fältet måste fyllas i.",
		"en": "This field is required.",
	},
	"places.invalid": {
		"sv": "Ogiltigt värde. Värden skrivs med a–z, 0–9 och _ (skolor med -), och börjar med en bokstav.",
		"en": "Invalid value. Values use a–z, 0–9 and _ (schools use -), starting with a letter.",
	},
	"places.characters": {
		"sv": "Texten innehåller osynliga tecken eller styrtecken (till exempel från en inklistrad text). Skriv den igen.",
		"en": "The text holds invisible or control characters (from pasted text, say). Type it again.",
	},
	"places.duplicate": {
		"sv": "%s finns redan.",
		"en": "%s is already there.",
	},
	"places.out_of_range": {
		"sv": "För långt eller för många (högst %s).",
		"en": "Too long or too many (at most %s).",
	},
	"places.unknown_reference": {
		"sv": "Okänt område. Giltiga är: %s.",
		"en": "Unknown area. Valid ones are: %s.",
	},
	"places.title": {
		"sv": "Platser",
		"en": "Places",
	},
	"places.lead": {
		"sv": "Områden och skolor som passen väljer bland. Ändra i YAML-texten nedan och spara; ändringen loggas.",
		"en": "Areas and schools sessions choose from. Edit the YAML below and save; the change is logged.",
	},
	"places.areas": {
		"sv": "Områden",
		"en": "Areas",
	},
	"places.schools": {
		"sv": "Skolor",
		"en": "Schools",
	},
	"places.part": {
		"sv": "Kommundel",
		"en": "Part of the municipality",
	},
	"places.grades": {
		"sv": "Årskurser",
		"en": "School years",
	},
	"places.active": {
		"sv": "Aktiv",
		"en": "Active",
	},
	"places.unconfirmed": {
		"sv": "Ej bekräftat",
		"en": "Not confirmed",
	},
	"places.edit": {
		"sv": "Redigera katalogen (YAML)",
		"en": "Edit the catalogue (YAML)",
	},
	"places.save": {
		"sv": "Spara katalogen",
		"en": "Save the catalogue",
	},
	"places.download": {
		"sv": "Ladda ner som YAML",
		"en": "Download as YAML",
	},
	"places.saved": {
		"sv": "Katalogen är sparad.",
		"en": "The catalogue is saved.",
	},
	"places.yes": {
		"sv": "ja",
		"en": "yes",
	},
	"places.no": {
		"sv": "nej",
		"en": "no",
	},
}
