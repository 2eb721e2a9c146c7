package export

// wbText is every fixed text of the workbook in one language. Sheet names
// stay within Excel's 31 characters and avoid []:*?/\.
type wbText struct {
	lang string

	sheetOverview, sheetGroups, sheetQuestions, sheetFreeText, sheetMethod string
	sheetFollowup                                                          string
	// sheetChartData holds what the overview chart draws, hidden.
	sheetChartData string

	title                                    string
	promise, partners, promisePeriod, focus  string
	survey, surveyID, wave, period, allDates string
	filters, noFilters, comparedWith         string
	responses, sessions, schools, generated  string
	hiddenAll                                string // %d: min_cell
	indicators, noIndicators                 string

	// Table headers.
	hIndicator, hN, hShare, hCILow, hCIHigh       string
	hBaseShare, hBaseN, hChange, hOverlap, hClear string
	hDimension, hGroup, hNote                     string
	hQuestionID, hQuestion, hRow, hOption         string
	hCount, hBase, hExcluded                      string
	hAnswer                                       string

	all, unknown, yes, no   string
	clearBetter, clearWorse string
	clearChange, noClear    string
	hiddenNote              string // %d: min_cell
	hiddenLegend            string // %d: min_cell
	chartTitle              string
	shareOfGroup            string // %s: group label; column header
	countOfGroup            string

	noTexts, textsWithheld, textsTruncated, textsFiltered string
	// textsCheck heads Fritext; hReview and mayName mark a text that may
	// name someone (namecheck.go).
	textsCheck, hReview, mayName string
	// adjusted says in plain words that counts carry noise (DESIGN §5).
	adjusted                     string
	mQuerySpace, mQuerySpaceText string

	// Method sheet.
	mAbout, mMade, mVersion, mIndicators           string
	mCounts, mLeftOut, mBetter, mLower, mHigher    string
	mDisclosure, mDisclosureText                   string // %d min_cell (three times)
	mInterval, mIntervalText, mChange, mChangeText string
	mShares, mSharesText, mFreeText, mFreeTextText string
	mFiltersText                                   string
	mLangs, mLangsText                             string
	mLangHidden                                    string // %d: min_cell
	langNames                                      map[string]string
	mFollowup, mFollowupText                       string
	mExcluded, mExcludedNone                       string
	mExcludedText                                  string // %s sessions, %s responses, %s reasons
	mExcludedOne, mExcludedMany                    string // %d sessions
	mExcludedAbout, mExcludedFew                   string // %d responses, rounded to tens

	// Uppföljning sheet: the action plan in Brå's template.
	fPlan, fNoPlan, fNoActivities                      string
	hProblem, hActivity, hGoal, hPartner, hStart, hEnd string
	hStatus, hOnTrack, hIndicators, hNotes, hUpdated   string
	status, onTrack                                    map[string]string
	notJudged                                          string
	// Uppföljning sheet: the indicators across the waves of the series.
	fSeries, fOutsideLeftOut                   string
	hWave, hSource, hBreak                     string
	fOutside                                   string // %s: the source
	fHiddenPoint, fHiddenBelow                 string // fHiddenBelow %d: n below
	breaks                                     map[string]string
	hComparison, hClearOr, hDirection          string
	fClear, fUnclear, fNotComparable, fOverall string // fOverall %s → %s
	direction                                  map[string]string
	fChartBreak, fSegment                      string // fSegment %s: waves

	dims    map[string]string
	filterN map[string]string
}

func workbookText(lang string) *wbText {
	if lang == "en" {
		return &textEN
	}
	return &textSV
}

var textSV = wbText{
	lang:          "sv",
	sheetOverview: "Översikt", sheetGroups: "Nyckeltal per grupp", sheetQuestions: "Frågor",
	sheetFreeText: "Fritext", sheetMethod: "Metod", sheetFollowup: "Uppföljning",
	sheetChartData: "Diagramdata",

	title:   "Lägesbild",
	promise: "Medborgarlöfte", partners: "Parter", promisePeriod: "Löftets period", focus: "Fokusområden",
	survey: "Enkät", surveyID: "Enkät-id och version", wave: "Omgång", period: "Period", allDates: "Alla svar, oavsett datum",
	filters: "Urval", noFilters: "Inget urval: alla svar", comparedWith: "Jämförs med",
	responses: "Antal svar", sessions: "Antal sessioner", schools: "Antal skolor", generated: "Skapad",
	hiddenAll:  "Färre än %d har svarat med det här urvalet. För att ingen ska kunna räknas ut visas inga siffror alls.",
	indicators: "Nyckeltal", noIndicators: "Enkäten har inga nyckeltal.",

	hIndicator: "Nyckeltal", hN: "n", hShare: "Andel", hCILow: "95 % KI, lägre", hCIHigh: "95 % KI, övre",
	hBaseShare: "Förra omgången, andel", hBaseN: "Förra omgången, n", hChange: "Förändring (procentenheter)",
	hOverlap: "Intervallen överlappar", hClear: "Tydlig förändring",
	hDimension: "Indelning", hGroup: "Grupp", hNote: "Anmärkning",
	hQuestionID: "Fråga-id", hQuestion: "Fråga", hRow: "Delfråga", hOption: "Svarsalternativ",
	hCount: "Antal", hBase: "Bas (n)", hExcluded: "Utanför andelen",
	hAnswer: "Svar",

	all: "Alla", unknown: "Okänt / ej angivet", yes: "Ja", no: "Nej",
	clearBetter: "Tydlig förändring – bättre", clearWorse: "Tydlig förändring – sämre",
	clearChange: "Tydlig förändring", noClear: "Ingen tydlig förändring",
	hiddenNote:     "Dold: färre än %d svar eller skulle kunna räknas fram",
	hiddenLegend:   "– = dold: färre än %d svar, eller skulle kunna räknas fram ur summan och de visade grupperna.",
	chartTitle:     "Nyckeltal, andel",
	shareOfGroup:   "%s, andel",
	countOfGroup:   "%s, antal",
	noTexts:        "Inga fritextsvar ingår i den här filen.",
	textsCheck:     "Läs texterna innan du delar filen. De unga kan ha skrivit namn på någon, en klass eller en skola. Texter som kan göra det är markerade i kolumnen Granska; ta bort det som pekar ut någon innan filen lämnar er.",
	hReview:        "Granska",
	mayName:        "Kan nämna någon",
	textsWithheld:  "Färre än %d svar på frågan: texterna visas inte.",
	textsFiltered:  "Fritext visas bara för hela enkäten, utan filter: den här filen har filter, så texterna visas inte.",
	adjusted:       "Siffrorna är något justerade (oftast ±1–3) för att skydda de ungas anonymitet; delar summerar därför inte alltid till totalen.",
	textsTruncated: "Ytterligare %d svar får inte plats i ett kalkylblad och visas inte.",

	mAbout: "Om lägesbilden", mMade: "Så är den gjord", mVersion: "Tjänstens version",
	mIndicators: "Nyckeltalens definitioner",
	mCounts:     "Räknas", mLeftOut: "Räknas inte med (utanför andelen)", mBetter: "Bättre är",
	mLower: "lägre", mHigher: "högre",
	mDisclosure: "Röjandeskydd",
	mDisclosureText: "Ingen siffra visas för en grupp där färre än %[1]d har svarat (primär sekretess). " +
		"Om en dold grupp skulle kunna räknas fram ur summan och de visade grupperna döljs också den minsta av de andra grupperna (sekundär sekretess). " +
		"Är hela urvalet mindre än %[1]d svar visas inga siffror alls. Dolda celler visas som –. " +
		"Dessutom är varje antal något justerat, oftast med 1–3 och aldrig mer än 3, med ett brus som bara beror på vilka som ingår i gruppen och vilken siffra det är " +
		"(cellnyckelmetoden, som SCB använder från 2025). Samma grupp får alltid samma siffra, hur den än har valts ut; ett antal på 1 eller 2 visas aldrig och 0 förblir 0. " +
		"Andelar och intervall räknas från de justerade antalen. Bara antalet svar och antalet sessioner för hela enkäten utan filter är exakta. " +
		"Samma regel gäller för alla utdata från tjänsten: den här filen, resultaten i webben och klassresultaten.",
	mQuerySpace: "Vilka urval som går att göra",
	mQuerySpaceText: "En siffra kombinerar högst två av område, skola, årskurs, kön och ålder, filter och uppdelning räknade tillsammans; " +
		"med två filter visas därför ingen uppdelning. Ett filter räknar samma personer som gruppen med samma namn i uppdelningen: " +
		"för område och årskurs passets uppgift, och annars den ungas eget svar på frågan; för skola passets uppgift; för kön och ålder den ungas eget svar. " +
		"Det går inte att välja ut svar efter datum, pass eller svarsspråk: siffrorna tas fram per publicering och per omgång, " +
		"och antalet svar per språk redovisas en gång, för hela enkäten, här på bladet. Fritext visas bara för hela enkäten. " +
		"Så kan ingen ta fram svaren för en liten grupp genom att jämföra många olika urval.",
	mInterval: "Konfidensintervall",
	mIntervalText: "Varje andel har ett 95-procentigt konfidensintervall enligt Wilsons metod, som håller sig mellan 0 och 100 % " +
		"och fungerar även för små grupper och andelar nära 0 eller 100 %. Intervallet är breddat med justeringens varians, och förändringstestet räknar också med den.",
	mChange: "Förändring sedan förra omgången",
	mChangeText: "Förändringen är skillnaden i andel i procentenheter mot samma nyckeltal i förra omgången, räknat med samma urval. " +
		"Den markeras som tydlig när ett tvåsidigt z-test för två andelar (poolad andel) ger p < 0,05, alltså på 5 %-nivån. " +
		"Kolumnen ”Intervallen överlappar” visar dessutom om de två 95 %-intervallen överlappar; intervall som inte överlappar är ett strängare tecken på verklig förändring. " +
		"Ingen jämförelse görs där någon av omgångarna har en dold siffra.",
	mShares: "Andelar",
	mSharesText: "Andelar räknas bland dem som har svarat på frågan. Svar som ”vet inte” och ”vill inte svara” räknas inte med i andelen av de andra svaren; " +
		"deras egen andel är av alla som svarat. På frågor med flera svar är andelen av de svarande och kan summera till mer än 100 %.",
	mFreeText: "Fritext",
	mFreeTextText: "Fritextsvaren visas grupperade per fråga utan någon bakgrundsuppgift (skola, årskurs, område, datum, session eller språk) bredvid, " +
		"så att ingen kan kopplas till sitt svar. Personnummer, telefonnummer, e-postadresser och användarnamn i sociala medier är borttagna och ersatta med [borttaget]. " +
		"Texterna visas inte för en fråga som färre än %d har besvarat, och bara för hela enkäten utan filter. Texterna är alltid text, aldrig formler.",
	mFiltersText: "Urvalet som valdes när filen skapades:",
	mExcluded:    "Exkluderade pass", mExcludedNone: "0 (inga pass exkluderade)",
	mExcludedText: "%s med %s (skäl: %s). Svaren sparas men räknas inte i någon siffra.",
	mExcludedOne:  "1 pass", mExcludedMany: "%d pass",
	mExcludedAbout: "omkring %d svar", mExcludedFew: "färre än 10 svar",
	mLangs: "Svar per svarsspråk",
	mLangsText: "Hur många som svarade på varje språk, för hela enkäten. Antalen är justerade som alla andra antal, " +
		"och ett språk som färre än %d har svarat på visas inte. Inga andra siffror tas fram per språk.",
	mLangHidden: "– (färre än %d)",
	langNames: map[string]string{"sv": "Svenska", "sv-ll": "Lättläst svenska", "en": "Engelska", "ar": "Arabiska",
		"fi": "Finska", "so": "Somaliska", "ti": "Tigrinja", "prs": "Dari", "uk": "Ukrainska", "": "Ej angivet"},

	mFollowup: "Uppföljning",
	mFollowupText: "Bladet Uppföljning visar medborgarlöftets åtgärdsplan och varje nyckeltal i alla omgångar av serien. " +
		"Siffrorna från tjänstens egna omgångar har gått igenom samma röjandeskydd som resten av filen; en dold siffra visas som –. " +
		"Externa siffror (till exempel LUPP eller polisens trygghetsmätning) är redan publicerade sammanställningar: de visas alltid med sin källa, " +
		"och en förändring till eller från en extern siffra kallas aldrig tydlig. " +
		"Ett brott i serien betyder att frågan, frågetexten, svarsalternativen, vilka svar som räknas eller vilka som lämnas utanför har ändrats mellan två omgångar " +
		"(eller att den ena siffran är extern); då bedöms inte förändringen. Övriga förändringar testas som ovan, med z-test på 5 %-nivån.",

	fPlan: "Åtgärdsplan", fNoPlan: "Enkäten hör inte till något medborgarlöfte med en åtgärdsplan.",
	fNoActivities: "Åtgärdsplanen har inga aktiviteter ännu.",
	hProblem:      "Problem/orsak", hActivity: "Åtgärd", hGoal: "Operativt mål", hPartner: "Ansvarig",
	hStart: "Start", hEnd: "Slut", hStatus: "Status", hOnTrack: "I fas", hIndicators: "Indikatorer",
	hNotes: "Uppföljning/anteckningar", hUpdated: "Senast ändrad",
	status: map[string]string{
		"planned": "Planerad", "ongoing": "Pågår", "done": "Klar", "cancelled": "Inställd",
	},
	onTrack:   map[string]string{"green": "Grön", "yellow": "Gul", "red": "Röd"},
	notJudged: "Ej bedömd",
	fSeries:   "Nyckeltal över tid",
	fOutsideLeftOut: "Externa siffror (till exempel LUPP) visas inte när ett urval är valt: " +
		"de gäller alla unga och kan inte delas upp efter urvalet.",
	hWave: "Våg", hSource: "Källa", hBreak: "Brott i jämförbarheten",
	fOutside:     "Extern källa: %s",
	fHiddenPoint: "För få svar för att visa", fHiddenBelow: "För få svar för att visa (färre än %d)",
	breaks: map[string]string{
		"question": "Annan fråga eller delfråga", "text": "Frågetext ändrad", "options": "Svarsalternativ ändrade",
		"count": "Andra svar räknas", "exclude": "Andra svar lämnas utanför", "source": "Jämförs med extern källa",
	},
	hComparison: "Jämförelse", hClearOr: "Tydlig eller oklar", hDirection: "Riktning",
	fClear: "Tydlig", fUnclear: "Oklar", fNotComparable: "Ej jämförbar (brott)",
	fOverall:    "Hela perioden: %s → %s",
	direction:   map[string]string{"better": "Bättre", "worse": "Sämre", "unclear": "Oklar"},
	fChartBreak: " (brott i serien)", fSegment: "Andel, %s",

	dims: map[string]string{
		"area": "Område", "school": "Skola", "grade": "Årskurs", "gender": "Kön", "age": "Ålder",
	},
	filterN: map[string]string{
		"school": "Skola", "area": "Område", "grade": "Årskurs", "gender": "Kön", "age": "Ålder",
	},
}

var textEN = wbText{
	lang:          "en",
	sheetOverview: "Overview", sheetGroups: "Indicators by group", sheetQuestions: "Questions",
	sheetFreeText: "Free text", sheetMethod: "Method", sheetFollowup: "Follow-up",
	sheetChartData: "Chart data",

	title:   "Situation report (lägesbild)",
	promise: "Citizen promise", partners: "Partners", promisePeriod: "Promise period", focus: "Focus areas",
	survey: "Survey", surveyID: "Survey id and version", wave: "Wave", period: "Period", allDates: "All responses, any date",
	filters: "Filters", noFilters: "No filters: all responses", comparedWith: "Compared with",
	responses: "Responses", sessions: "Sessions", schools: "Schools", generated: "Generated",
	hiddenAll:  "Fewer than %d answered with these filters. So that nobody can be worked out, no figures are shown at all.",
	indicators: "Key indicators", noIndicators: "The survey has no key indicators.",

	hIndicator: "Indicator", hN: "n", hShare: "Share", hCILow: "95% CI, low", hCIHigh: "95% CI, high",
	hBaseShare: "Previous wave, share", hBaseN: "Previous wave, n", hChange: "Change (percentage points)",
	hOverlap: "Intervals overlap", hClear: "Clear change",
	hDimension: "Breakdown", hGroup: "Group", hNote: "Note",
	hQuestionID: "Question id", hQuestion: "Question", hRow: "Item", hOption: "Answer option",
	hCount: "Count", hBase: "Base (n)", hExcluded: "Outside the share",
	hAnswer: "Answer",

	all: "All", unknown: "Not known / not given", yes: "Yes", no: "No",
	clearBetter: "Clear change – better", clearWorse: "Clear change – worse",
	clearChange: "Clear change", noClear: "No clear change",
	hiddenNote:     "Hidden: fewer than %d answers or could be worked out",
	hiddenLegend:   "– = hidden: fewer than %d answers, or could be worked out from the total and the groups shown.",
	chartTitle:     "Key indicators, share",
	shareOfGroup:   "%s, share",
	countOfGroup:   "%s, count",
	noTexts:        "This file contains no free-text answers.",
	textsCheck:     "Read the texts before you share this file. The young people may have written the name of someone, a class or a school. Texts that may do so are marked in the Check column; remove what singles anyone out before the file leaves your organisation.",
	hReview:        "Check",
	mayName:        "May name someone",
	textsWithheld:  "Fewer than %d answered this question: the texts are not shown.",
	textsFiltered:  "Free text is shown only for the whole survey, with no filter: this file has filters, so the texts are not shown.",
	adjusted:       "The figures are slightly adjusted (usually by ±1–3) to protect the young people's anonymity; parts therefore do not always add up to the total.",
	textsTruncated: "A further %d answers do not fit in a worksheet and are not shown.",

	mAbout: "About this report", mMade: "How it was made", mVersion: "Service version",
	mIndicators: "Indicator definitions",
	mCounts:     "Counted", mLeftOut: "Left out (outside the share)", mBetter: "Better is",
	mLower: "lower", mHigher: "higher",
	mDisclosure: "Disclosure control",
	mDisclosureText: "No figure is shown for a group where fewer than %[1]d answered (primary suppression). " +
		"Where a hidden group could be worked out from the total and the groups shown, the smallest of the other groups is hidden too (secondary suppression). " +
		"If the whole selection has fewer than %[1]d responses, no figures are shown at all. Hidden cells show as –. " +
		"In addition every count is slightly adjusted, usually by 1–3 and never by more than 3, with noise that depends only on who is in the group and which figure it is " +
		"(the cell-key method, which Statistics Sweden uses from 2025). The same group always gets the same figure, however it was selected; a count of 1 or 2 is never shown and 0 stays 0. " +
		"Shares and intervals are computed from the adjusted counts. Only the numbers of responses and of sessions of the whole survey with no filter are exact. " +
		"The same rule applies to every output of the service: this file, the results on the web and the class results.",
	mQuerySpace: "Which selections can be made",
	mQuerySpaceText: "A figure combines at most two of area, school, school year, gender and age, filters and breakdown counted together; " +
		"with two filters no breakdown is shown. A filter counts the same people as the group of the same name in the breakdown: " +
		"for area and school year the session's value, and otherwise the young person's own answer to the question; for school the session's value; for gender and age the young person's own answer. " +
		"Responses cannot be selected by date, session or response language: figures are made per publication and per wave, " +
		"and the number of responses per language is given once, for the whole survey, on this sheet. Free text is shown only for the whole survey. " +
		"That way nobody can work out the answers of a small group by comparing many different selections.",
	mInterval: "Confidence intervals",
	mIntervalText: "Every share has a 95% confidence interval by Wilson's method, which stays between 0 and 100% " +
		"and works for small groups and for shares near 0 or 100%. The interval is widened by the variance of the adjustment, and the test of change allows for it too.",
	mChange: "Change since the previous wave",
	mChangeText: "The change is the difference in share, in percentage points, from the same indicator in the previous wave, counted with the same filters. " +
		"It is marked as clear when a two-sided two-proportion z-test (pooled share) gives p < 0.05, that is at the 5% level. " +
		"The column \"Intervals overlap\" also shows whether the two 95% intervals overlap; intervals that do not overlap are a stricter sign of real change. " +
		"No comparison is made where either wave has a hidden figure.",
	mShares: "Shares",
	mSharesText: "Shares are of those who answered the question. Answers such as \"don't know\" and \"don't want to answer\" are left out of the share of the other answers; " +
		"their own share is of everyone who answered. For questions with several answers the share is of respondents and may add up to more than 100%.",
	mFreeText: "Free text",
	mFreeTextText: "Free-text answers are grouped by question with no background detail (school, grade, area, date, session or language) beside them, " +
		"so that nobody can be linked to their answer. Personal identity numbers, phone numbers, e-mail addresses and social media handles are removed and replaced with [borttaget]. " +
		"The texts are not shown for a question fewer than %d answered, and only for the whole survey with no filter. The texts are always text, never formulas.",
	mFiltersText: "The filters chosen when the file was made:",
	mExcluded:    "Excluded sessions", mExcludedNone: "0 (no sessions excluded)",
	mExcludedText: "%s with %s (reasons: %s). The responses are kept but counted in no figure.",
	mExcludedOne:  "1 session", mExcludedMany: "%d sessions",
	mExcludedAbout: "about %d responses", mExcludedFew: "fewer than 10 responses",
	mLangs: "Responses per response language",
	mLangsText: "How many answered in each language, for the whole survey. The counts are adjusted like every other count, " +
		"and a language fewer than %d answered in is not shown. No other figure is made per language.",
	mLangHidden: "– (fewer than %d)",
	langNames: map[string]string{"sv": "Swedish", "sv-ll": "Easy-to-read Swedish", "en": "English", "ar": "Arabic",
		"fi": "Finnish", "so": "Somali", "ti": "Tigrinya", "prs": "Dari", "uk": "Ukrainian", "": "Not given"},

	mFollowup: "Follow-up",
	mFollowupText: "The Follow-up sheet shows the citizen promise's action plan and every indicator in all waves of the series. " +
		"Figures from the service's own waves have been through the same disclosure control as the rest of the file; a hidden figure shows as –. " +
		"Outside figures (such as LUPP or the police's safety survey) are aggregates published already: they are always shown with their source, " +
		"and a change to or from an outside figure is never called clear. " +
		"A break in the series means that the question, its wording, the answer options, which answers count or which are left out changed between two waves " +
		"(or that one of the figures is from outside); the change is then not judged. Other changes are tested as above, with a z-test at the 5% level.",

	fPlan: "Action plan", fNoPlan: "The survey belongs to no citizen promise with an action plan.",
	fNoActivities: "The action plan has no activities yet.",
	hProblem:      "Problem/cause", hActivity: "Activity", hGoal: "Operational goal", hPartner: "Responsible",
	hStart: "Start", hEnd: "End", hStatus: "Status", hOnTrack: "On track", hIndicators: "Indicators",
	hNotes: "Follow-up/notes", hUpdated: "Last changed",
	status: map[string]string{
		"planned": "Planned", "ongoing": "Ongoing", "done": "Done", "cancelled": "Cancelled",
	},
	onTrack:   map[string]string{"green": "Green", "yellow": "Yellow", "red": "Red"},
	notJudged: "Not judged",
	fSeries:   "Indicators over time",
	fOutsideLeftOut: "Outside figures (such as LUPP) are not shown when filters are set: " +
		"they describe all young people and cannot be split by the filters.",
	hWave: "Wave", hSource: "Source", hBreak: "Break in comparability",
	fOutside:     "Outside source: %s",
	fHiddenPoint: "Too few answers to show", fHiddenBelow: "Too few answers to show (fewer than %d)",
	breaks: map[string]string{
		"question": "Another question or item", "text": "Question wording changed", "options": "Answer options changed",
		"count": "Other answers counted", "exclude": "Other answers left out", "source": "Compared with an outside source",
	},
	hComparison: "Comparison", hClearOr: "Clear or unclear", hDirection: "Direction",
	fClear: "Clear", fUnclear: "Unclear", fNotComparable: "Not comparable (break)",
	fOverall:    "Whole period: %s → %s",
	direction:   map[string]string{"better": "Better", "worse": "Worse", "unclear": "Unclear"},
	fChartBreak: " (break in the series)", fSegment: "Share, %s",

	dims: map[string]string{
		"area": "Area", "school": "School", "grade": "School year", "gender": "Gender", "age": "Age",
	},
	filterN: map[string]string{
		"school": "School", "area": "Area", "grade": "School year", "gender": "Gender", "age": "Age",
	},
}
