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
	"submit.full": {
		"sv": "Den här enkäten tar inte emot fler svar just nu. Tack för att du ville svara!",
		"en": "This survey cannot take any more answers right now. Thank you for wanting to answer!",
		"ar": "هذا الاستبيان لا يستقبل إجابات أخرى الآن. شكرًا لرغبتك في الإجابة!",
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
	"error.bad_json": {
		"sv": "Det du skickade är inte giltig JSON av rätt form.",
		"en": "What you sent is not valid JSON of the expected shape.",
		"ar": "ما أرسلته ليس JSON صالحًا بالشكل المتوقع.",
	},
	"error.bad_utf8": {
		"sv": "Texten innehåller ogiltiga tecken (inte UTF-8).",
		"en": "The text contains invalid characters (not UTF-8).",
		"ar": "يحتوي النص على أحرف غير صالحة (ليست UTF-8).",
	},
	"error.rate_limited": {
		"sv": "Många svar kommer just nu. Vänta en liten stund och försök igen – dina svar finns kvar.",
		"en": "Lots of answers are arriving right now. Wait a moment and try again – your answers are kept.",
		"ar": "تصل إجابات كثيرة الآن. انتظر قليلًا ثم حاول مرة أخرى – إجاباتك محفوظة.",
	},
	"submit.problems": {
		"sv": "Några svar behöver rättas. Se listan.",
		"en": "Some answers need fixing. See the list.",
		"ar": "بعض الإجابات تحتاج إلى تصحيح. انظر القائمة.",
	},
	"submit.bad_submission_id": {
		"sv": "submission_id måste vara ett UUID.",
		"en": "submission_id must be a UUID.",
		"ar": "يجب أن يكون submission_id بصيغة UUID.",
	},
	"submit.bad_lang": {
		"sv": "Språket måste vara sv, en eller ar.",
		"en": "The language must be sv, en or ar.",
		"ar": "يجب أن تكون اللغة sv أو en أو ar.",
	},

	// The answer pages and their script.
	"form.progress": {
		"sv": "Fråga %d av %d",
		"en": "Question %d of %d",
		"ar": "السؤال %d من %d",
	},
	"form.question_n": {
		"sv": "Fråga %d",
		"en": "Question %d",
		"ar": "السؤال %d",
	},
	"form.required": {
		"sv": "måste besvaras",
		"en": "required",
		"ar": "إجابة مطلوبة",
	},
	"form.choose_max": {
		"sv": "Välj upp till %d.",
		"en": "Choose up to %d.",
		"ar": "اختر حتى %d.",
	},
	"form.choose_many": {
		"sv": "Du kan välja flera.",
		"en": "You can choose more than one.",
		"ar": "يمكنك اختيار أكثر من إجابة.",
	},
	"form.cond": {
		"sv": "Svara bara om du svarade %s på fråga %d.",
		"en": "Only answer if you answered %s to question %d.",
		"ar": "أجب فقط إذا كانت إجابتك %s في السؤال %d.",
	},
	"form.or": {
		"sv": " eller ",
		"en": " or ",
		"ar": " أو ",
	},
	"form.sos": {
		"sv": "Vill du prata med någon?",
		"en": "Want to talk to someone?",
		"ar": "هل تريد التحدث مع أحد؟",
	},
	"form.more_help": {
		"sv": "Mer hjälp längst ner",
		"en": "More help at the bottom",
		"ar": "مساعدة أكثر في الأسفل",
	},
	"form.help_title": {
		"sv": "Här kan du få hjälp",
		"en": "Where you can get help",
		"ar": "أين تجد المساعدة",
	},
	"form.submit": {
		"sv": "Skicka svaren",
		"en": "Send my answers",
		"ar": "أرسل إجاباتي",
	},
	"form.errors_title": {
		"sv": "Några svar behöver rättas",
		"en": "Some answers need fixing",
		"ar": "بعض الإجابات تحتاج إلى تصحيح",
	},
	"form.bad_submission": {
		"sv": "Något gick fel med formuläret. Kolla dina svar och skicka igen.",
		"en": "Something went wrong with the form. Check your answers and send them again.",
		"ar": "حدث خطأ في النموذج. راجع إجاباتك وأرسلها مرة أخرى.",
	},
	"js.sending": {
		"sv": "Skickar …",
		"en": "Sending …",
		"ar": "جارٍ الإرسال …",
	},
	"js.saved": {
		"sv": "Dina svar är sparade och skickas när du har nätet igen.",
		"en": "Your answers are saved and will be sent when you are back online.",
		"ar": "إجاباتك محفوظة وسنرسلها عندما يعود اتصالك بالإنترنت.",
	},
	"js.sent": {
		"sv": "Dina sparade svar har skickats. Tack!",
		"en": "Your saved answers have been sent. Thank you!",
		"ar": "تم إرسال إجاباتك المحفوظة. شكرًا!",
	},
	"js.dropped": {
		"sv": "Dina sparade svar kunde inte skickas:",
		"en": "Your saved answers could not be sent:",
		"ar": "تعذّر إرسال إجاباتك المحفوظة:",
	},
	"js.retry": {
		"sv": "Det gick inte att skicka nu. Svaren finns kvar och vi försöker igen snart.",
		"en": "Could not send now. Your answers are kept and we will try again soon.",
		"ar": "تعذّر الإرسال الآن. إجاباتك محفوظة وسنحاول مرة أخرى قريبًا.",
	},
	"thanks.title": {
		"sv": "Klart – dina svar är skickade",
		"en": "Done – your answers are sent",
		"ar": "تم – أُرسلت إجاباتك",
	},
	"exit": {
		"sv": "Lämna snabbt",
		"en": "Leave quickly",
		"ar": "اخرج بسرعة",
	},
	"exit.url": {
		"sv": "https://www.google.com/search?q=v%C3%A4der",
		"en": "https://www.google.com/search?q=weather",
		"ar": "https://www.google.com/search?q=%D8%B7%D9%82%D8%B3",
	},
	"lang.switch": {
		"sv": "Språk",
		"en": "Language",
		"ar": "اللغة",
	},
	"home.surveys": {
		"sv": "Enkäter du kan svara på",
		"en": "Surveys you can answer",
		"ar": "استبيانات يمكنك الإجابة عنها",
	},
	"home.none": {
		"sv": "Just nu finns det ingen öppen enkät.",
		"en": "There is no open survey right now.",
		"ar": "لا يوجد استبيان مفتوح الآن.",
	},
	"home.code_title": {
		"sv": "Har du fått en kod?",
		"en": "Have you got a code?",
		"ar": "هل حصلت على رمز؟",
	},
	"home.code_hint": {
		"sv": "Skriv de 6 tecknen som står på tavlan eller skärmen.",
		"en": "Type the 6 characters shown on the board or screen.",
		"ar": "اكتب الأحرف الستة المكتوبة على اللوح أو الشاشة.",
	},
	"home.code_submit": {
		"sv": "Gå vidare",
		"en": "Continue",
		"ar": "متابعة",
	},
	"error.csrf": {
		"sv": "Formuläret har gått ut. Ladda om sidan och försök igen.",
		"en": "The form has expired. Reload the page and try again.",
		"ar": "انتهت صلاحية النموذج. أعد تحميل الصفحة وحاول مرة أخرى.",
	},
	"login.title": {
		"sv": "Logga in för personal",
		"en": "Staff sign-in",
	},
	"login.name": {
		"sv": "Användarnamn",
		"en": "User name",
	},
	"login.password": {
		"sv": "Lösenord",
		"en": "Password",
	},
	"login.submit": {
		"sv": "Logga in",
		"en": "Sign in",
	},
	"login.failed": {
		"sv": "Fel användarnamn eller lösenord.",
		"en": "Wrong user name or password.",
	},
	"staff.nav": {
		"sv": "Personal",
		"en": "Staff",
	},
	"staff.surveys": {
		"sv": "Enkäter",
		"en": "Surveys",
	},
	"staff.users": {
		"sv": "Användare",
		"en": "Users",
	},
	"staff.audit": {
		"sv": "Granskningslogg",
		"en": "Audit log",
	},
	"staff.logout": {
		"sv": "Logga ut",
		"en": "Sign out",
	},
	"staff.survey": {
		"sv": "Enkät",
		"en": "Survey",
	},
	"staff.wave": {
		"sv": "Omgång",
		"en": "Wave",
	},
	"staff.version": {
		"sv": "Version",
		"en": "Version",
	},
	"staff.status": {
		"sv": "Status",
		"en": "Status",
	},
	"staff.status.open": {
		"sv": "Öppen",
		"en": "Open",
	},
	"staff.status.closed": {
		"sv": "Stängd",
		"en": "Closed",
	},
	"staff.status.draft": {
		"sv": "Utkast",
		"en": "Draft",
	},
	"staff.responses": {
		"sv": "Svar",
		"en": "Responses",
	},
	"staff.actions": {
		"sv": "Åtgärder",
		"en": "Actions",
	},
	"staff.open": {
		"sv": "Öppna",
		"en": "Open",
	},
	"staff.close": {
		"sv": "Stäng",
		"en": "Close",
	},
	"staff.role": {
		"sv": "Roll",
		"en": "Role",
	},
	"staff.role.admin": {
		"sv": "Administratör",
		"en": "Administrator",
	},
	"staff.role.analyst": {
		"sv": "Analytiker",
		"en": "Analyst",
	},
	"staff.role.facilitator": {
		"sv": "Fältassistent",
		"en": "Field assistant",
	},
	"staff.disabled": {
		"sv": "Avstängd",
		"en": "Disabled",
	},
	"staff.active": {
		"sv": "Aktiv",
		"en": "Active",
	},
	"staff.enable": {
		"sv": "Aktivera",
		"en": "Enable",
	},
	"staff.disable": {
		"sv": "Stäng av",
		"en": "Disable",
	},
	"staff.add_user": {
		"sv": "Lägg till användare",
		"en": "Add user",
	},
	"staff.token_instead": {
		"sv": "API-token i stället för lösenord",
		"en": "API token instead of a password",
	},
	"staff.created": {
		"sv": "Ny användare:",
		"en": "New user:",
	},
	"staff.onetime_password": {
		"sv": "Engångslösenord:",
		"en": "One-time password:",
	},
	"staff.onetime_token": {
		"sv": "API-token:",
		"en": "API token:",
	},
	"staff.shown_once": {
		"sv": "Det visas bara nu. Ge det till personen på ett säkert sätt.",
		"en": "It is shown only now. Hand it over securely.",
	},
	"staff.when": {
		"sv": "När",
		"en": "When",
	},
	"staff.who": {
		"sv": "Vem",
		"en": "Who",
	},
	"staff.what": {
		"sv": "Vad",
		"en": "What",
	},
	"staff.details": {
		"sv": "Detaljer",
		"en": "Details",
	},
	"session.bad_minutes": {
		"sv": "Tiden ska vara mellan 5 och 720 minuter.",
		"en": "The time must be between 5 and 720 minutes.",
	},
	"session.bad_present": {
		"sv": "Antalet närvarande ska vara mellan 0 och 1000.",
		"en": "The number present must be between 0 and 1000.",
	},
	"session.bad_text": {
		"sv": "Högst 80 tecken, utan kontrolltecken.",
		"en": "At most 80 characters, without control characters.",
	},
	"session.problems": {
		"sv": "Något i passet behöver rättas. Se listan.",
		"en": "Something about the session needs fixing. See the list.",
	},
	"session.not_found": {
		"sv": "Passet finns inte.",
		"en": "There is no such session.",
	},
	"join.unknown": {
		"sv": "Koden finns inte eller så är passet slut. Kolla koden och försök igen.",
		"en": "That code does not exist or the session is over. Check the code and try again.",
		"ar": "هذا الرمز غير موجود أو انتهت الجلسة. تحقّق من الرمز وحاول مرة أخرى.",
	},
	"join.slow_down": {
		"sv": "Många felaktiga koder. Vänta en stund och försök igen.",
		"en": "Many wrong codes. Wait a while and try again.",
		"ar": "رموز خاطئة كثيرة. انتظر قليلًا ثم حاول مرة أخرى.",
	},
	"kiosk.next": {
		"sv": "Nästa person",
		"en": "Next person",
		"ar": "الشخص التالي",
	},
	"session.not_released": {
		"sv": "Resultaten är inte visade än. De räknas fram en gång, när passet stängs och du väljer att visa dem.",
		"en": "The results have not been shown yet. They are worked out once, when the session is closed and you choose to show them.",
	},
	"session.too_few": {
		"sv": "För få svarade för att visa resultat: minst %d behöver svara, så att ingen kan kännas igen.",
		"en": "Too few answered to show results: at least %d need to answer, so nobody can be recognised.",
	},
	"session.release_note": {
		"sv": "Andelarna är avrundade till hela tiotal procent och lite justerade för att skydda anonymiteten. Känsliga frågor visas inte.",
		"en": "Shares are rounded to whole tens of percent and slightly adjusted to protect anonymity. Sensitive questions are not shown.",
	},
	// Under one question of the class results, read aloud to a class of
	// 13–16-year-olds: short and plain.
	"session.multi_note": {
		"sv": "Flera svar möjliga, så andelarna kan bli mer än 100 % tillsammans.",
		"en": "Several answers possible, so together the shares can add up to more than 100 %.",
	},
	"session.words_note": {
		"sv": "Svaren är så utspridda att procent skulle bli missvisande. Därför står det i ord.",
		"en": "The answers are so spread out that percentages would mislead. So they are given in words.",
	},
	// A share of "vet inte" (%[1]s, e.g. "20 %") and the option's label
	// (%[2]s): it is of everyone who answered, the bars above of the others.
	"session.excluded_share": {
		"sv": "%s svarade ”%s”. De räknas inte med i andelarna ovan.",
		"en": "%s answered “%s”. They are not counted in the shares above.",
	},
	// An option's share in words, for a question with too many different
	// answers to show in tens of percent (models.ShareWord…).
	"session.word.most": {
		"sv": "De flesta",
		"en": "Most",
	},
	"session.word.about_half": {
		"sv": "Ungefär hälften",
		"en": "About half",
	},
	"session.word.some": {
		"sv": "Några",
		"en": "Some",
	},
	"session.word.none": {
		"sv": "Ingen",
		"en": "Nobody",
	},
	"session.nothing_shown": {
		"sv": "Enkäten har inga frågor som kan visas för klassen.",
		"en": "The survey has no questions that can be shown to the class.",
	},
	"session.release_hint": {
		"sv": "Resultaten räknas fram en gång, när passet stängs, och visas bara om minst %d har svarat. Känsliga frågor visas aldrig.",
		"en": "The results are worked out once, when the session closes, and are shown only if at least %d have answered. Sensitive questions are never shown.",
	},
	"staff.close_and_release": {
		"sv": "Stäng och visa resultat",
		"en": "Close and show results",
	},
	"staff.close_without_results": {
		"sv": "Avsluta utan resultat",
		"en": "End without results",
	},
	"session.bad_number": {
		"sv": "Skriv ett heltal.",
		"en": "Enter a whole number.",
	},
	"staff.sessions": {
		"sv": "Pass",
		"en": "Sessions",
	},
	"staff.session": {
		"sv": "Pass",
		"en": "Session",
	},
	"staff.results": {
		"sv": "Resultat",
		"en": "Results",
	},
	"staff.new_session": {
		"sv": "Starta ett pass",
		"en": "Start a session",
	},
	"staff.school": {
		"sv": "Skola",
		"en": "School",
	},
	"staff.grade": {
		"sv": "Årskurs",
		"en": "Grade",
	},
	"staff.area": {
		"sv": "Område",
		"en": "Area",
	},
	"staff.present": {
		"sv": "Antal på plats (valfritt)",
		"en": "Number present (optional)",
	},
	"staff.minutes": {
		"sv": "Öppet i minuter",
		"en": "Open for minutes",
	},
	"staff.kiosk": {
		"sv": "Surfplatta som delas (formuläret töms efter varje svar)",
		"en": "Shared tablet (the form clears after each answer)",
	},
	"staff.start": {
		"sv": "Starta",
		"en": "Start",
	},
	"staff.join_at": {
		"sv": "Gå till",
		"en": "Go to",
	},
	"staff.enter_code": {
		"sv": "och skriv koden",
		"en": "and enter the code",
	},
	"staff.answered": {
		"sv": "har svarat",
		"en": "have answered",
	},
	"staff.of": {
		"sv": "av",
		"en": "of",
	},
	"staff.show_results": {
		"sv": "Visa resultat",
		"en": "Show results",
	},
	"staff.results_wait": {
		"sv": "Resultaten kan visas när minst",
		"en": "Results can be shown once at least",
	},
	"staff.results_wait2": {
		"sv": "har svarat.",
		"en": "have answered.",
	},
	"staff.session_closed": {
		"sv": "Passet är avslutat.",
		"en": "The session has ended.",
	},
	"staff.closes": {
		"sv": "Stänger",
		"en": "Closes",
	},
	"staff.no_sessions": {
		"sv": "Inga pass än.",
		"en": "No sessions yet.",
	},
	"staff.key_figures": {
		"sv": "Nyckeltal",
		"en": "Key figures",
	},
	"staff.back_to_session": {
		"sv": "Tillbaka till passet",
		"en": "Back to the session",
	},
	"staff.code": {
		"sv": "Kod",
		"en": "Code",
	},
	"filter.not_a_filter": {
		"sv": "Siffrorna tas fram per publicering och per omgång, inte per datum, pass eller svarsspråk: ett sådant urval skulle kunna peka ut några få elever. Välj i stället område, skola, årskurs, kön eller ålder. Hur många som svarade på varje språk står en gång, för hela enkäten, på bladet Metod i lägesbilden.",
		"en": "Figures are made per publication and per wave, not per date, session or response language: such a selection could single out a few pupils. Choose area, school, school year, gender or age instead. How many answered in each language is given once, for the whole survey, on the Method sheet of the lägesbild.",
	},
	"filter.too_many_dimensions": {
		"sv": "Ett urval får kombinera högst två av område, skola, årskurs, kön och ålder, så att ingen liten grupp kan räknas fram. Du valde: %s.",
		"en": "A selection may combine at most two of area, school, school year, gender and age, so that no small group can be worked out. You chose: %s.",
		"ar": "يمكن أن يجمع الاختيار بين بُعدين على الأكثر من المنطقة والمدرسة والصف والجنس والعمر، حتى لا يمكن استنتاج مجموعة صغيرة. اخترت: %s.",
	},
	"dash.adjusted": {
		"sv": "Siffrorna är något justerade (oftast ±1–3) för att skydda de ungas anonymitet; delar summerar därför inte alltid till totalen.",
		"en": "The figures are slightly adjusted (usually by ±1–3) to protect the young people's anonymity; parts therefore do not always add up to the total.",
	},
	"dash.no_breakdown": {
		"sv": "Med två filter visas ingen uppdelning: en siffra kombinerar högst två av område, skola, årskurs, kön och ålder.",
		"en": "With two filters no breakdown is shown: a figure combines at most two of area, school, school year, gender and age.",
	},
	"dash.same_group": {
		"sv": "Ett filter räknar samma elever som gruppen med samma namn i uppdelningen: områdets och årskursens elever är passets, och utan pass elevens eget svar.",
		"en": "A filter counts the same pupils as the group of the same name in the breakdown: the area and school year are the session's, and without a session the pupil's own answer.",
	},
	"filter.problems": {
		"sv": "Något i urvalet behöver rättas. Se listan.",
		"en": "Something in the filters needs fixing. See the list.",
	},
	"export.busy_user": {
		"sv": "Du har redan en export som pågår. Vänta tills den är klar och försök sedan igen.",
		"en": "You already have an export running. Wait until it is done, then try again.",
	},
	"export.busy": {
		"sv": "Många exporter pågår just nu. Försök igen om en liten stund.",
		"en": "Many exports are running right now. Try again in a moment.",
	},
	"export.too_slow": {
		"sv": "Exporten tog mer än %d sekunder och avbröts. Välj ett snävare urval, eller gör exporten från kommandoraden (medborgardialog export lagesbild).",
		"en": "The export took more than %d seconds and was stopped. Choose narrower filters, or export from the command line (medborgardialog export lagesbild).",
	},
	"audit.bad_limit": {
		"sv": "limit ska vara ett positivt heltal (högst %d poster visas åt gången).",
		"en": "limit must be a positive whole number (at most %d entries are shown at a time).",
	},
	"audit.bad_before": {
		"sv": "before ska vara en tidpunkt som 2026-01-31T12:00:00Z.",
		"en": "before must be a time like 2026-01-31T12:00:00Z.",
	},
	"dash.compared_with": {
		"sv": "Jämförs med",
		"en": "Compared with",
	},
	"dash.by": {
		"sv": "Dela upp på",
		"en": "Break down by",
	},
	"dash.apply": {
		"sv": "Visa",
		"en": "Show",
	},
	"dash.download": {
		"sv": "Ladda ner lägesbild (Excel)",
		"en": "Download the lägesbild (Excel)",
	},
	"dash.too_few": {
		"sv": "För få svar med det här urvalet för att visa något.",
		"en": "Too few responses with these filters to show anything.",
	},
	"dash.responses": {
		"sv": "svar",
		"en": "responses",
	},
	"dash.indicator": {
		"sv": "Nyckeltal",
		"en": "Indicator",
	},
	"dash.share": {
		"sv": "Andel",
		"en": "Share",
	},
	"dash.interval": {
		"sv": "Andel och 95 % konfidensintervall",
		"en": "Share and 95% confidence interval",
	},
	"dash.last_time": {
		"sv": "Förra gången",
		"en": "Last time",
	},
	"dash.change": {
		"sv": "Förändring",
		"en": "Change",
	},
	"dash.pp": {
		"sv": "procentenheter",
		"en": "percentage points",
	},
	"dash.hidden": {
		"sv": "Dold: för få svar",
		"en": "Hidden: too few responses",
	},
	"dash.by_group": {
		"sv": "Per grupp",
		"en": "By group",
	},
	"dash.group": {
		"sv": "Grupp",
		"en": "Group",
	},
	"dash.unknown": {
		"sv": "Okänd",
		"en": "Unknown",
	},
	"dash.dim.area": {
		"sv": "Område",
		"en": "Area",
	},
	"dash.dim.school": {
		"sv": "Skola",
		"en": "School",
	},
	"dash.dim.grade": {
		"sv": "Årskurs",
		"en": "Grade",
	},
	"dash.dim.gender": {
		"sv": "Kön",
		"en": "Gender",
	},
	"dash.dim.age": {
		"sv": "Ålder",
		"en": "Age",
	},
	"dash.dir.better": {
		"sv": "Tydligt bättre",
		"en": "Clearly better",
	},
	"dash.dir.worse": {
		"sv": "Tydligt sämre",
		"en": "Clearly worse",
	},
	"dash.dir.unclear": {
		"sv": "Tydlig förändring",
		"en": "Clear change",
	},
}
