package web

// publicMessages are the texts of the public paths: joining, answering.
var publicMessages = map[string]map[string]string{
	// One answer for a session code that never was and for one whose
	// session is over, so nobody can tell them apart.
	"submit.session_gone": {
		"sv": "Koden finns inte eller så är passet slut, så svaren kunde inte tas emot. Tack ändå!",
		"en": "That code does not exist or the session is over, so the answers could not be taken. Thank you anyway!",
		"ar": "هذا الرمز غير موجود أو انتهت الجلسة، لذلك تعذّر استلام الإجابات. شكرًا لك على أي حال!",
	},
	"submit.cross_site": {
		"sv": "Svaren kom via en annan webbplats, så de togs inte emot. Öppna enkäten här och svara igen.",
		"en": "The answers came through another website, so they were not taken. Open the survey here and answer again.",
		"ar": "وصلت الإجابات عبر موقع آخر، لذلك لم تُقبل. افتح الاستبيان هنا وأجب مرة أخرى.",
	},
	// For programs that send answers: the answer page's script sends JSON.
	"submit.json_only": {
		"sv": "Svaren ska skickas som JSON (Content-Type: application/json).",
		"en": "Send the answers as JSON (Content-Type: application/json).",
		"ar": "أرسل الإجابات بصيغة JSON (Content-Type: application/json).",
	},
}
