package web

// messages holds every interface text by key and language. Texts shown to
// young people are short, plain and kind.
var messages = map[string]map[string]string{
	"error.not_found": {
		"sv": "Sidan eller resursen finns inte.",
		"en": "The page or resource does not exist.",
		"ar": "الصفحة أو المورد غير موجود.",
	},
	"error.method_not_allowed": {
		"sv": "Metoden är inte tillåten här.",
		"en": "That method is not allowed here.",
		"ar": "هذه الطريقة غير مسموح بها هنا.",
	},
	"error.too_large": {
		"sv": "Det du skickade är för stort.",
		"en": "What you sent is too large.",
		"ar": "ما أرسلته كبير جدًا.",
	},
	"error.unauthorized": {
		"sv": "Du behöver logga in eller ange en giltig token.",
		"en": "You need to sign in or give a valid token.",
		"ar": "يجب عليك تسجيل الدخول أو تقديم رمز صالح.",
	},
	"error.forbidden": {
		"sv": "Din roll får inte göra det här.",
		"en": "Your role may not do this.",
		"ar": "دورك لا يسمح بهذا.",
	},
	"error.unavailable": {
		"sv": "Tjänsten är tillfälligt otillgänglig. Försök igen om en liten stund.",
		"en": "The service is briefly unavailable. Please try again in a moment.",
		"ar": "الخدمة غير متاحة مؤقتًا. حاول مرة أخرى بعد قليل.",
	},
	"error.internal": {
		"sv": "Något gick fel hos oss. Försök igen.",
		"en": "Something went wrong on our side. Please try again.",
		"ar": "حدث خطأ من جهتنا. حاول مرة أخرى.",
	},

	"home.title": {
		"sv": "Medborgardialog",
		"en": "Citizen dialogue",
		"ar": "حوار المواطنين",
	},
	"home.lead": {
		"sv": "Här svarar du anonymt på frågor om hur det är att vara ung där du bor.",
		"en": "Here you answer questions anonymously about being young where you live.",
		"ar": "هنا تجيب بشكل مجهول عن أسئلة حول حياة الشباب في منطقتك.",
	},
	"nav.home": {
		"sv": "Till startsidan",
		"en": "Go to the start page",
		"ar": "إلى الصفحة الرئيسية",
	},
	"error.bad_body": {
		"sv": "Det gick inte att läsa det du skickade.",
		"en": "What you sent could not be read.",
		"ar": "تعذّرت قراءة ما أرسلته.",
	},
	"survey.not_found": {
		"sv": "Enkäten finns inte.",
		"en": "There is no such survey.",
		"ar": "هذا الاستبيان غير موجود.",
	},
	"survey.closed": {
		"sv": "Enkäten är stängd och tar inte emot fler svar. Tack ändå!",
		"en": "This survey is closed and takes no more answers. Thank you anyway!",
		"ar": "هذا الاستبيان مغلق ولا يقبل إجابات جديدة. شكرًا لك على أي حال!",
	},
	"survey.not_yet_open": {
		"sv": "Enkäten har inte öppnat än.",
		"en": "This survey has not opened yet.",
		"ar": "لم يُفتح هذا الاستبيان بعد.",
	},
	"survey.exists": {
		"sv": "Det finns redan en enkät med den adressen. Använd PUT för en ny version.",
		"en": "A survey with that slug already exists. Use PUT for a new version.",
		"ar": "يوجد استبيان بهذا المعرّف بالفعل. استخدم PUT لإصدار جديد.",
	},
	"survey.bad_version": {
		"sv": "Versionen måste vara ett heltal från 1.",
		"en": "The version must be a whole number from 1.",
		"ar": "يجب أن يكون الإصدار عددًا صحيحًا بدءًا من 1.",
	},
	"survey.definition_problems": {
		"sv": "Enkätdefinitionen har fel. Alla listas i fields.",
		"en": "The survey definition has problems. Each is listed in fields.",
		"ar": "في تعريف الاستبيان أخطاء. كلها مذكورة في fields.",
	},
}
