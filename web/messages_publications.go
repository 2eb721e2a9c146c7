package web

// publicationMessages are the texts about publications (DESIGN §5): why
// figures come in publications and what a delrapport is, for staff.
var publicationMessages = map[string]map[string]string{
	"pub.not_published": {
		"sv": "Siffrorna för den här enkäten är inte publicerade än. De publiceras när enkäten stängs, eller tidigare när en administratör gör en delrapport. Antalet svar syns redan nu.",
		"en": "This survey's figures are not published yet. They are published when the survey closes, or earlier when an administrator makes an interim report. The number of responses shows already.",
	},
	"pub.not_found": {
		"sv": "Enkäten har ingen publicering nummer %d.",
		"en": "The survey has no publication number %d.",
	},
	"pub.bad_number": {
		"sv": "Ange publiceringens nummer som ett heltal, till exempel 2.",
		"en": "Give the publication's number as a whole number, for example 2.",
	},
	"pub.bad_note": {
		"sv": "Anteckningen får vara högst %d tecken på en rad, utan osynliga tecken.",
		"en": "The note may be at most %d characters on one line, with no invisible characters.",
	},
	"pub.too_soon": {
		"sv": "Enkäten publicerades nyss. Nästa publicering kan göras från %s (högst en var %d:e dag, så att ingen kan räkna ut enskilda svar genom att jämföra siffror).",
		"en": "The survey was published recently. The next publication can be made from %s (at most one every %d days, so that nobody can work out single answers by comparing figures).",
	},
	"pub.months": {
		"sv": "januari,februari,mars,april,maj,juni,juli,augusti,september,oktober,november,december",
		"en": "January,February,March,April,May,June,July,August,September,October,November,December",
	},
	"dash.why_publications": {
		"sv": "Varför kommer siffrorna i publiceringar?",
		"en": "Why do figures come in publications?",
	},
	"pub.period": {
		"sv": "Publicering %d, %s (%s)",
		"en": "Publication %d, %s (%s)",
	},
	"pub.heading": {
		"sv": "Publiceringar",
		"en": "Publications",
	},
	"pub.explain": {
		"sv": "Siffror och fritexter visas bara från en publicering: en låst bild av svaren vid ett visst tillfälle. Mellan två publiceringar ändras ingenting som visas, hur många svar som än kommer in. Det skyddar de unga: ingen kan se vad ett enskilt svar ändrade. Enkäten publiceras när den stängs. En delrapport är en publicering medan enkäten är öppen, till exempel inför ett möte med styrgruppen.",
		"en": "Figures and free texts are only shown from a publication: a locked picture of the answers at one moment. Between two publications nothing shown changes, however many answers come in. That protects the young people: nobody can see what a single answer changed. The survey is published when it closes. An interim report is a publication while the survey is open, for example before a steering group meeting.",
	},
	"pub.none_yet": {
		"sv": "Inget är publicerat än. %s svar har kommit in.",
		"en": "Nothing is published yet. %s responses have come in.",
	},
	"pub.make": {
		"sv": "Gör en delrapport nu",
		"en": "Make an interim report now",
	},
	"pub.make_final": {
		"sv": "Publicera slutrapporten nu",
		"en": "Publish the final report now",
	},
	"pub.note_label": {
		"sv": "Anteckning (till exempel vilket möte den är till)",
		"en": "Note (for example which meeting it is for)",
	},
	"pub.next_day": {
		"sv": "Nästa publicering kan göras från %s.",
		"en": "The next publication can be made from %s.",
	},
	"pub.final": {
		"sv": "Slutrapport",
		"en": "Final report",
	},
	"pub.interim": {
		"sv": "Delrapport",
		"en": "Interim report",
	},
	"pub.item": {
		"sv": "Publicering %d, %s: %s. %s svar, %s fritexter (%s nya).",
		"en": "Publication %d, %s: %s. %s responses, %s free texts (%s new).",
	},
	"pub.waiting": {
		"sv": "Vid senaste publiceringen väntade %s nya fritexter: de visas först när minst 10 nya texter från minst 3 klasser eller platser finns, så att ingen text kan knytas till en klass.",
		"en": "At the last publication %s new free texts were waiting: they are shown once there are at least 10 new texts from at least 3 classes or places, so that no text can be tied to a class.",
	},
	"pub.showing": {
		"sv": "Siffrorna kommer från publicering %d (%s), %s svar.",
		"en": "The figures come from publication %d (%s), %s responses.",
	},
	"pub.choose": {
		"sv": "Publicering",
		"en": "Publication",
	},
	"pub.live_count": {
		"sv": "%s svar har kommit in hittills.",
		"en": "%s responses have come in so far.",
	},
	"pub.made": {
		"sv": "Publicering %d är gjord: %s svar.",
		"en": "Publication %d is made: %s responses.",
	},
}
