package web

// followupMessages are the texts of the follow-up: series, the action plan
// and its staff pages.
var followupMessages = map[string]map[string]string{
	"followup.outside_problems": {
		"sv": "Filen med externa siffror har fel. Inget lästes in.",
		"en": "The file of outside figures has problems. Nothing was loaded.",
	},
	"followup.activity_problems": {
		"sv": "Aktiviteten kunde inte sparas. Rätta det som står nedan.",
		"en": "The activity could not be saved. Correct what is listed below.",
	},
	"followup.at_line_field": {
		"sv": "Rad %d, %s: %s",
		"en": "Line %d, %s: %s",
	},
	"followup.at_line": {
		"sv": "Rad %d: %s",
		"en": "Line %d: %s",
	},
	"followup.required": {
		"sv": "Fältet måste fyllas i.",
		"en": "This field is required.",
	},
	"followup.too_long": {
		"sv": "Texten är för lång (högst %s tecken).",
		"en": "The text is too long (at most %s characters).",
	},
	"followup.control_characters": {
		"sv": "Texten innehåller styrtecken eller osynliga tecken (till exempel från en inklistrad text). Skriv den igen.",
		"en": "The text holds control or invisible characters (from pasted text, say). Type it again.",
	},
	"followup.bad_date": {
		"sv": "Skriv datumet som ÅÅÅÅ-MM-DD.",
		"en": "Write the date as YYYY-MM-DD.",
	},
	"followup.end_before_start": {
		"sv": "Slutdatumet ligger före startdatumet.",
		"en": "The end date is before the start date.",
	},
	"followup.not_allowed": {
		"sv": "Värdet är inte tillåtet. Välj bland: %s.",
		"en": "That value is not allowed. Choose among: %s.",
	},
	"followup.unknown_indicator": {
		"sv": "Okänd indikator. Giltiga är: %s.",
		"en": "Unknown indicator. Valid ones are: %s.",
	},
	"followup.duplicate": {
		"sv": "%s står två gånger.",
		"en": "%s is listed twice.",
	},
	"followup.duplicate_row": {
		"sv": "Samma indikator, våg och källa finns redan på rad %s.",
		"en": "The same indicator, wave and source is already on line %s.",
	},
	"followup.too_many": {
		"sv": "För många (högst %s).",
		"en": "Too many (at most %s).",
	},
	"followup.bad_language": {
		"sv": "Okänt språk: %s. Använd sv, en eller ar.",
		"en": "Unknown language: %s. Use sv, en or ar.",
	},
	"followup.bad_number": {
		"sv": "Inte ett tal.",
		"en": "Not a number.",
	},
	"followup.out_of_range": {
		"sv": "Talet ligger utanför det tillåtna (%s).",
		"en": "The number is out of range (%s).",
	},
	"followup.bad_wave": {
		"sv": "Vågen ska börja med ett årtal, till exempel 2019 eller 2020-ht.",
		"en": "The wave must begin with a year, for example 2019 or 2020-ht.",
	},
	"followup.syntax": {
		"sv": "Filen kunde inte läsas: %s",
		"en": "The file could not be read: %s",
	},
	"followup.too_many_keys": {
		"sv": "För många nycklar på samma nivå (högst %s). Inget lästes in.",
		"en": "Too many keys at one level (at most %s). Nothing was loaded.",
	},
	"followup.too_many_values": {
		"sv": "Filen har för många värden (högst %s). Inget lästes in.",
		"en": "The file has too many values (at most %s). Nothing was loaded.",
	},
	"followup.too_many_columns": {
		"sv": "Rubrikraden har för många kolumner (högst %s). Filen ska ha kolumnerna indicator, wave, share, n och source, och kan ha ci_low och ci_high.",
		"en": "The header row has too many columns (at most %s). The file must have the columns indicator, wave, share, n and source, and may have ci_low and ci_high.",
	},
	"followup.too_many_problems": {
		"sv": "… och %s problem till. Rätta de här först.",
		"en": "… and %s more problems. Fix these first.",
	},
	"followup.empty": {
		"sv": "Filen innehåller inga siffror.",
		"en": "The file contains no figures.",
	},
	"followup.no_promise": {
		"sv": "Det finns inget sådant medborgarlöfte.",
		"en": "There is no such citizen promise.",
	},
	"followup.no_activity": {
		"sv": "Det finns ingen sådan aktivitet i löftet.",
		"en": "There is no such activity in the promise.",
	},
	"followup.conflict": {
		"sv": "Någon annan har ändrat aktiviteten under tiden. Ladda om sidan och gör ändringen igen.",
		"en": "Someone else has changed the activity in the meantime. Reload the page and make your change again.",
	},

	// The staff pages: Uppföljning of a survey and the promise's action plan.
	"followup.page.title": {
		"sv": "Uppföljning",
		"en": "Follow-up",
	},
	"followup.page.link": {
		"sv": "Uppföljning över tid och åtgärdsplan",
		"en": "Follow-up over time and action plan",
	},
	"followup.page.lead": {
		"sv": "Varje nyckeltal i alla vågor av serien, med samma urval och samma röjandeskydd som lägesbilden. Externa siffror visas alltid med sin källa.",
		"en": "Every indicator in all waves of the series, with the same filters and the same disclosure control as the lägesbild. Outside figures are always shown with their source.",
	},
	"followup.page.back": {
		"sv": "Tillbaka till lägesbilden",
		"en": "Back to the lägesbild",
	},
	"followup.page.series": {
		"sv": "Nyckeltal över tid",
		"en": "Indicators over time",
	},
	"followup.page.no_indicators": {
		"sv": "Enkäten har inga nyckeltal.",
		"en": "The survey has no indicators.",
	},
	"followup.page.outside_left_out": {
		"sv": "Externa siffror (till exempel LUPP) visas inte när ett urval är valt: de gäller alla unga och kan inte delas upp efter urvalet.",
		"en": "Outside figures (LUPP, for example) are not shown when filters are chosen: they describe all young people and cannot be split by the filters.",
	},
	"followup.page.better_lower": {
		"sv": "Lägre andel är bättre.",
		"en": "A lower share is better.",
	},
	"followup.page.better_higher": {
		"sv": "Högre andel är bättre.",
		"en": "A higher share is better.",
	},
	"followup.page.wave": {
		"sv": "Våg",
		"en": "Wave",
	},
	"followup.page.source": {
		"sv": "Källa",
		"en": "Source",
	},
	"followup.page.outside": {
		"sv": "Extern källa",
		"en": "Outside source",
	},
	"followup.page.own": {
		"sv": "Egen enkät",
		"en": "Own survey",
	},
	"followup.page.interval": {
		"sv": "95 % konfidensintervall",
		"en": "95 % confidence interval",
	},
	"followup.page.too_few": {
		"sv": "för få svar",
		"en": "too few responses",
	},
	"followup.page.break": {
		"sv": "Brott i serien",
		"en": "Break in the series",
	},
	"followup.page.changes": {
		"sv": "Förändringar",
		"en": "Changes",
	},
	"followup.page.overall": {
		"sv": "Hela perioden",
		"en": "The whole period",
	},
	"followup.page.verdict": {
		"sv": "Bedömning",
		"en": "Verdict",
	},
	"followup.page.no_changes": {
		"sv": "Ingen förändring kan visas: det behövs minst två vågor med visade siffror.",
		"en": "No change can be shown: it takes at least two waves with figures shown.",
	},
	"followup.page.chart_label": {
		"sv": "%s, andel per våg: %s",
		"en": "%s, share by wave: %s",
	},
	"followup.page.chart_legend": {
		"sv": "Fylld punkt: egen enkät. Ihålig punkt: extern källa. Streckad linje: brott i serien. Lodrät linje: 95 % konfidensintervall. Lucka: för få svar.",
		"en": "Filled point: own survey. Hollow point: outside source. Dashed line: break in the series. Vertical line: 95 % confidence interval. Gap: too few responses.",
	},
	"followup.page.plan": {
		"sv": "Åtgärdsplan",
		"en": "Action plan",
	},
	"followup.page.no_promise": {
		"sv": "Enkäten hör inte till något medborgarlöfte med en åtgärdsplan.",
		"en": "The survey belongs to no citizen promise with an action plan.",
	},
	"followup.page.no_activities": {
		"sv": "Åtgärdsplanen har inga aktiviteter ännu.",
		"en": "The action plan has no activities yet.",
	},
	"followup.page.open_promise": {
		"sv": "Öppna löftet och hela åtgärdsplanen",
		"en": "Open the promise and the whole action plan",
	},
	"followup.page.feedback_on": {
		"sv": "Sidan för unga är på.",
		"en": "The page for young people is on.",
	},
	"followup.page.feedback_off": {
		"sv": "Sidan för unga är av.",
		"en": "The page for young people is off.",
	},
	"followup.page.promises": {
		"sv": "Medborgarlöften",
		"en": "Citizen promises",
	},
	"followup.page.no_promises": {
		"sv": "Det finns inga medborgarlöften ännu.",
		"en": "There are no citizen promises yet.",
	},
	"followup.page.promise": {
		"sv": "Medborgarlöfte",
		"en": "Citizen promise",
	},
	"followup.page.partners": {
		"sv": "Parter",
		"en": "Partners",
	},
	"followup.page.period": {
		"sv": "Period",
		"en": "Period",
	},
	"followup.page.focus": {
		"sv": "Fokusområden",
		"en": "Focus areas",
	},
	"followup.page.surveys": {
		"sv": "Enkäter i löftet",
		"en": "Surveys of the promise",
	},
	"followup.page.read_only": {
		"sv": "Du kan läsa åtgärdsplanen men inte ändra den.",
		"en": "You can read the action plan but not change it.",
	},
	"followup.page.problem": {
		"sv": "Problem/orsak",
		"en": "Problem/cause",
	},
	"followup.page.activity": {
		"sv": "Åtgärd",
		"en": "Activity",
	},
	"followup.page.goal": {
		"sv": "Operativt mål",
		"en": "Operational goal",
	},
	"followup.page.partner": {
		"sv": "Ansvarig",
		"en": "Responsible",
	},
	"followup.page.start": {
		"sv": "Start",
		"en": "Start",
	},
	"followup.page.end": {
		"sv": "Slut",
		"en": "End",
	},
	"followup.page.status": {
		"sv": "Status",
		"en": "Status",
	},
	"followup.page.on_track": {
		"sv": "I fas",
		"en": "On track",
	},
	"followup.page.indicators": {
		"sv": "Nyckeltal som ska påverkas",
		"en": "Indicators it aims to move",
	},
	"followup.page.notes": {
		"sv": "Uppföljning/anteckningar",
		"en": "Follow-up notes",
	},
	"followup.page.youth": {
		"sv": "Text för unga på återkopplingssidan",
		"en": "Text for young people on the feedback page",
	},
	"followup.page.youth_sv": {
		"sv": "Text för unga, svenska",
		"en": "Text for young people, Swedish",
	},
	"followup.page.youth_en": {
		"sv": "Text för unga, engelska",
		"en": "Text for young people, English",
	},
	"followup.page.youth_ar": {
		"sv": "Text för unga, arabiska",
		"en": "Text for young people, Arabic",
	},
	"followup.page.history": {
		"sv": "Historik",
		"en": "History",
	},
	"followup.page.when": {
		"sv": "När",
		"en": "When",
	},
	"followup.page.who": {
		"sv": "Vem",
		"en": "Who",
	},
	"followup.page.last_change": {
		"sv": "Senast ändrad",
		"en": "Last changed",
	},
	"followup.page.by": {
		"sv": "av",
		"en": "by",
	},
	"followup.page.edit": {
		"sv": "Ändra aktiviteten",
		"en": "Change the activity",
	},
	"followup.page.save": {
		"sv": "Spara",
		"en": "Save",
	},
	"followup.page.add": {
		"sv": "Lägg till en aktivitet",
		"en": "Add an activity",
	},
	"followup.page.add_button": {
		"sv": "Lägg till",
		"en": "Add",
	},
	"followup.page.typed": {
		"sv": "Det du skrev (inte sparat)",
		"en": "What you wrote (not saved)",
	},
	"followup.status.planned": {
		"sv": "Planerad",
		"en": "Planned",
	},
	"followup.status.ongoing": {
		"sv": "Pågår",
		"en": "Ongoing",
	},
	"followup.status.done": {
		"sv": "Klar",
		"en": "Done",
	},
	"followup.status.cancelled": {
		"sv": "Inställd",
		"en": "Cancelled",
	},
	"followup.ontrack.green": {
		"sv": "Grön – enligt plan",
		"en": "Green – on track",
	},
	"followup.ontrack.yellow": {
		"sv": "Gul – viss risk",
		"en": "Yellow – at some risk",
	},
	"followup.ontrack.red": {
		"sv": "Röd – följer inte planen",
		"en": "Red – off track",
	},
	"followup.ontrack.none": {
		"sv": "Ej bedömd",
		"en": "Not judged",
	},
	"followup.break.question": {
		"sv": "annan fråga eller delfråga",
		"en": "another question or item",
	},
	"followup.break.text": {
		"sv": "frågetexten ändrad",
		"en": "the question's wording changed",
	},
	"followup.break.options": {
		"sv": "svarsalternativen ändrade",
		"en": "the answer options changed",
	},
	"followup.break.count": {
		"sv": "andra svar räknas",
		"en": "other answers count",
	},
	"followup.break.exclude": {
		"sv": "andra svar lämnas utanför",
		"en": "other answers are left out",
	},
	"followup.break.source": {
		"sv": "jämförs med extern källa",
		"en": "compared with an outside source",
	},
	"followup.change.better": {
		"sv": "tydligt bättre",
		"en": "clearly better",
	},
	"followup.change.worse": {
		"sv": "tydligt sämre",
		"en": "clearly worse",
	},
	"followup.change.unclear": {
		"sv": "oklar",
		"en": "unclear",
	},
	"followup.change.break": {
		"sv": "ej jämförbar – brott i serien",
		"en": "not comparable – break in the series",
	},
}
