package web

// exclusionMessages are the texts of excluding a session's responses from
// the figures (DESIGN §8).
var exclusionMessages = map[string]map[string]string{
	"exclusion.title": {
		"sv": "Passets svar i statistiken",
		"en": "This session's answers in the figures",
	},
	"exclusion.hint": {
		"sv": "Exkludera passets svar om klassen inte svarade på allvar. Svaren sparas men räknas inte i någon siffra, och du kan ta med dem igen.",
		"en": "Exclude this session's answers if the class did not answer seriously. The answers are kept but counted in no figure, and you can take them back in.",
	},
	"exclusion.reason": {
		"sv": "Skäl",
		"en": "Reason",
	},
	"exclusion.exclude": {
		"sv": "Exkludera passets svar",
		"en": "Exclude this session's answers",
	},
	"exclusion.notice": {
		"sv": "Passets svar är exkluderade och räknas inte i någon siffra.",
		"en": "This session's answers are excluded and counted in no figure.",
	},
	"exclusion.include": {
		"sv": "Ta med igen",
		"en": "Take back in",
	},
	"exclusion.reason_required": {
		"sv": "Skriv varför passets svar ska exkluderas.",
		"en": "Write why this session's answers are excluded.",
	},
	"exclusion.reason_too_long": {
		"sv": "Skälet får vara högst 500 tecken.",
		"en": "The reason can be at most 500 characters.",
	},
	"exclusion.reason_invalid": {
		"sv": "Skälet får bara innehålla vanlig text.",
		"en": "The reason can only hold plain text.",
	},
}
