package web

// feedbackMessages are the texts of the public feedback page, "Det här
// hände med era svar", and the admin's switch for it.
var feedbackMessages = map[string]map[string]string{
	"feedback.title": {
		"sv": "Det här hände med era svar",
		"en": "What happened with your answers",
		"ar": "ماذا حدث لإجاباتكم",
	},
	"feedback.lead": {
		"sv": "Tack för att ni svarade! Här ser ni vad många svarade och vad som görs nu.",
		"en": "Thank you for answering! Here you can see what many of you answered and what is being done now.",
		"ar": "شكرًا لأنكم أجبتم! هنا ترون بماذا أجاب كثيرون منكم وما الذي يُفعل الآن.",
	},
	"feedback.answers_title": {
		"sv": "Det här svarade ni",
		"en": "What you answered",
		"ar": "هذا ما أجبتم به",
	},
	// %d is never below the smallest group shown, so never 1.
	"feedback.answered": {
		"sv": "%d unga har svarat.",
		"en": "%d young people have answered.",
		"ar": "أجاب %d من الشباب.",
	},
	"feedback.too_few": {
		"sv": "För få svar för att visa ännu",
		"en": "Too few answers to show yet",
		"ar": "الإجابات قليلة جدًا لعرضها الآن",
	},
	"feedback.privacy": {
		"sv": "Ingen kan se vem som svarade vad. Siffrorna är avrundade och lite justerade för att skydda er.",
		"en": "Nobody can see who answered what. The figures are rounded and slightly adjusted to protect you.",
		"ar": "لا أحد يستطيع أن يعرف من أجاب بماذا. الأرقام مقرّبة ومعدّلة قليلًا لحمايتكم.",
	},
	"feedback.actions_title": {
		"sv": "Det här görs nu",
		"en": "What is being done",
		"ar": "ما الذي يُفعل الآن",
	},
	"feedback.no_actions": {
		"sv": "Arbetet med era svar har precis börjat. Titta in igen senare!",
		"en": "Work on your answers has just started. Come back later!",
		"ar": "بدأ العمل على إجاباتكم للتو. عودوا لاحقًا!",
	},
	"feedback.status.ongoing": {
		"sv": "Pågår",
		"en": "Ongoing",
		"ar": "جارٍ",
	},
	"feedback.status.done": {
		"sv": "Klart",
		"en": "Done",
		"ar": "تمّ",
	},
	"feedback.home_title": {
		"sv": "Vad hände med svaren?",
		"en": "What came of the answers?",
		"ar": "ماذا حدث للإجابات؟",
	},
	// %s is the survey's title.
	"feedback.link": {
		"sv": "Det här hände med era svar: %s",
		"en": "What happened with your answers: %s",
		"ar": "ماذا حدث لإجاباتكم: %s",
	},

	// The admin's switch, in the API and on the follow-up page.
	"staff.feedback.title": {
		"sv": "Återkoppling till unga",
		"en": "Feedback to young people",
	},
	"staff.feedback.enabled": {
		"sv": "Visa sidan ”Det här hände med era svar”",
		"en": "Show the page “What happened with your answers”",
	},
	"staff.feedback.indicators": {
		"sv": "Nyckeltal som visas för hela enkäten (högst %d)",
		"en": "Indicators shown for the whole survey (at most %d)",
	},
	"staff.feedback.save": {
		"sv": "Spara",
		"en": "Save",
	},
	"staff.feedback.view": {
		"sv": "Öppna sidan",
		"en": "Open the page",
	},
	"staff.feedback.problems": {
		"sv": "Inställningarna för återkopplingssidan har fel. Alla listas i fields.",
		"en": "The feedback page settings have problems. Each is listed in fields.",
	},
	"staff.feedback.enabled_required": {
		"sv": "Ange enabled: true för att visa sidan eller false för att dölja den.",
		"en": "Give enabled: true to show the page or false to hide it.",
	},
	"staff.feedback.too_many": {
		"sv": "Välj högst %d nyckeltal.",
		"en": "Choose at most %d indicators.",
	},
	// %q is the unknown id, %s the valid ones.
	"staff.feedback.unknown_indicator": {
		"sv": "Enkäten har inget nyckeltal %q. Giltiga är: %s.",
		"en": "The survey has no indicator %q. Valid ones are: %s.",
	},
	"staff.feedback.no_indicators": {
		"sv": "(inga)",
		"en": "(none)",
	},
}
