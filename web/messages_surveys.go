package web

// surveysMessages are the texts of the staff's survey page: versions,
// upload, preview and publishing.
var surveysMessages = map[string]map[string]string{
	// A YAML upload (survey, catalogue) over surveys.MaxYAMLKeys or
	// surveys.MaxYAMLNodes.
	"yaml.too_many_keys": {
		"sv": "Rad %d: för många nycklar på samma nivå (%d; högst %d är tillåtna). Inget sparades.",
		"en": "Line %d: too many keys at one level (%d; at most %d are allowed). Nothing was saved.",
	},
	"yaml.too_many_values": {
		"sv": "Filen har för många värden (högst %d är tillåtna). Inget sparades.",
		"en": "The file has too many values (at most %d are allowed). Nothing was saved.",
	},
	"surveyadmin.title": {
		"sv": "Hantera enkäten",
		"en": "Manage the survey",
	},
	"surveyadmin.manage": {
		"sv": "Versioner och uppladdning",
		"en": "Versions and upload",
	},
	"surveyadmin.versions": {
		"sv": "Versioner",
		"en": "Versions",
	},
	"surveyadmin.created": {
		"sv": "Sparad",
		"en": "Saved",
	},
	"surveyadmin.definition": {
		"sv": "Definition",
		"en": "Definition",
	},
	"surveyadmin.version_n": {
		"sv": "version %d",
		"en": "version %d",
	},
	"surveyadmin.none": {
		"sv": "Det finns ingen enkät med den här adressen än. Ladda upp en definition, så skapas enkäten när du publicerar den.",
		"en": "There is no survey at this address yet. Upload a definition, and the survey is created when you publish it.",
	},
	"surveyadmin.newest_status": {
		"sv": "Den nyaste versionen är %s.",
		"en": "The newest version is %s.",
	},
	"surveyadmin.upload": {
		"sv": "Ladda upp en ny version",
		"en": "Upload a new version",
	},
	"surveyadmin.upload_help": {
		"sv": "En Excel-fil i XLSForm-format (.xlsx) eller en YAML-fil. Filen kontrolleras och visas först som förhandsvisning; ingenting publiceras förrän du trycker Publicera. Enklast är att ladda ner den nyaste versionen som Excel, ändra den och ladda upp den igen.",
		"en": "An Excel file in XLSForm format (.xlsx) or a YAML file. The file is checked and shown as a preview first; nothing is published until you press Publish. The easiest way is to download the newest version as Excel, change it and upload it again.",
	},
	"surveyadmin.file": {
		"sv": "Fil (.xlsx eller .yaml)",
		"en": "File (.xlsx or .yaml)",
	},
	"surveyadmin.check": {
		"sv": "Kontrollera och förhandsgranska",
		"en": "Check and preview",
	},
	"surveyadmin.problems": {
		"sv": "Filen har fel. Ingenting sparades. Rätta felen och ladda upp filen igen.",
		"en": "The file has problems. Nothing was saved. Correct them and upload the file again.",
	},
	"surveyadmin.no_file": {
		"sv": "Välj en fil att ladda upp.",
		"en": "Choose a file to upload.",
	},
	"surveyadmin.workbook_busy": {
		"sv": "En annan arbetsbok läses in just nu. Försök igen om en liten stund; ingenting sparades.",
		"en": "Another workbook is being read right now. Try again in a moment; nothing was saved.",
	},
	"surveyadmin.slug_mismatch": {
		"sv": "filen är enkäten %s, men den här sidan gäller %s. Ändra form_id, eller ladda upp filen på den enkätens sida.",
		"en": "the file is the survey %s, but this page is for %s. Change form_id, or upload the file on that survey's page.",
	},
	"surveyadmin.draft": {
		"sv": "Förhandsvisning före publicering",
		"en": "Preview before publishing",
	},
	"surveyadmin.draft_ok": {
		"sv": "Filen har inga fel: ”%s”, %d frågor, status %s när den publiceras.",
		"en": "The file has no problems: “%s”, %d questions, status %s once published.",
	},
	"surveyadmin.draft_preview": {
		"sv": "Se formuläret så som en ung person ser det:",
		"en": "See the form as a young person sees it:",
	},
	"surveyadmin.draft_replaces": {
		"sv": "Publicera ersätter version %d, som ingen har svarat på än.",
		"en": "Publishing replaces version %d, which nobody has answered yet.",
	},
	"surveyadmin.draft_next": {
		"sv": "Publicera gör den till version %d. Version %d har svar och ändras inte.",
		"en": "Publishing makes it version %d. Version %d has answers and is not changed.",
	},
	"surveyadmin.draft_creates": {
		"sv": "Publicera skapar enkäten.",
		"en": "Publishing creates the survey.",
	},
	"surveyadmin.publish": {
		"sv": "Publicera",
		"en": "Publish",
	},
	"surveyadmin.published": {
		"sv": "Version %d är publicerad.",
		"en": "Version %d is published.",
	},
	"surveyadmin.preview_banner": {
		"sv": "Förhandsvisning – svar skickas inte",
		"en": "Preview – answers are not sent",
	},
	"surveyadmin.preview_back": {
		"sv": "Tillbaka: publicera eller ladda upp igen",
		"en": "Back: publish or upload again",
	},
	"surveyadmin.retention": {
		"sv": "Gallring",
		"en": "Deletion",
	},
	"surveyadmin.retention_rules": {
		"sv": "Fritextsvaren raderas %d månader och hela svaren %d år efter att enkäten stängt. Nyckeltalen för hela enkäten sparas i uppföljningen.",
		"en": "Free-text answers are deleted %d months and whole responses %d years after the survey closes. The key figures for the whole survey are kept in the follow-up.",
	},
	"surveyadmin.retention_text": {
		"sv": "Fritextsvaren raderas %s.",
		"en": "Free-text answers are deleted on %s.",
	},
	"surveyadmin.retention_responses": {
		"sv": "Hela svaren raderas %s.",
		"en": "Whole responses are deleted on %s.",
	},
	"surveyadmin.retention_open": {
		"sv": "Inget raderas förrän enkäten stängs.",
		"en": "Nothing is deleted until the survey closes.",
	},
	"surveyadmin.retention_none": {
		"sv": "Enkäten är stängd men har inga svar att radera.",
		"en": "The survey is closed but has no responses to delete.",
	},
}
