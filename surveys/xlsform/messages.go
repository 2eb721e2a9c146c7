package xlsform

import (
	"fmt"
	"strings"

	"medborgardialog/models"
)

// Message says what is wrong and what to do, in lang (sv or en; anything
// else gives Swedish). Staff read it, so it may use XLSForm's own words.
func (p Problem) Message(lang string) string {
	if strings.HasPrefix(p.Code, CodeCheckPrefix) {
		detail := p.Arg
		if lang != "en" && p.argSV != "" {
			detail = p.argSV
		}
		return checkMessage(lang, strings.TrimPrefix(p.Code, CodeCheckPrefix), detail)
	}
	m, ok := messages[p.Code]
	if !ok {
		m = [2]string{"Okänt problem (%s).", "Unknown problem (%s)."}
		return fmt.Sprintf(m[pickIndex(lang)], p.Code)
	}
	format := m[pickIndex(lang)]
	if strings.Contains(format, "%") {
		return fmt.Sprintf(format, argText(p))
	}
	return format
}

func pickIndex(lang string) int {
	if lang == "en" {
		return 1
	}
	return 0
}

func argText(p Problem) string {
	switch p.Code {
	case CodeTooLarge, CodeUnpackedTooLarge, CodeTooMuchText:
		var n int64
		fmt.Sscan(p.Arg, &n)
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case CodeCellTooLong:
		var n int64
		fmt.Sscan(p.Arg, &n)
		return fmt.Sprintf("%d KB", n>>10)
	}
	return p.Arg
}

// messages holds the Swedish and English text of each code.
var messages = map[string][2]string{
	CodeTooLarge:          {"Filen är för stor; den får vara högst %s.", "The file is too large; it may be at most %s."},
	CodeNotXLSX:           {"Filen är ingen Excel-arbetsbok (.xlsx). Spara den som Excel-arbetsbok och ladda upp den igen.", "The file is not an Excel workbook (.xlsx). Save it as an Excel workbook and upload it again."},
	CodeProtected:         {"Filen är lösenordsskyddad eller i det gamla .xls-formatet. Spara den som Excel-arbetsbok (.xlsx) utan lösenord.", "The file is password-protected or in the old .xls format. Save it as an Excel workbook (.xlsx) without a password."},
	CodeTooManyParts:      {"Filen har för många delar (högst %s); en enkät behöver bara några få blad.", "The file has too many parts (at most %s); a survey needs only a few sheets."},
	CodeUnpackedTooLarge:  {"Filen blir för stor uppackad (högst %s); den läses inte.", "The file unpacks to too much data (at most %s); it is not read."},
	CodeCompressionRatio:  {"Filen är packad ovanligt hårt (mer än %s gånger); den läses inte.", "The file is compressed unusually hard (more than %s times); it is not read."},
	CodeMacros:            {"Filen innehåller makron. Spara den som vanlig Excel-arbetsbok (.xlsx) utan makron.", "The file contains macros. Save it as a plain Excel workbook (.xlsx) without macros."},
	CodeFormula:           {"Cellen innehåller en formel. Tjänsten räknar aldrig ut formler i uppladdade filer; skriv in värdet i stället.", "The cell holds a formula. The service never evaluates formulas in uploaded files; type in the value instead."},
	CodeUnreadable:        {"Filen kunde inte läsas som Excel-arbetsbok (%s).", "The file could not be read as an Excel workbook (%s)."},
	CodeTooManyProblems:   {"… och %s problem till. Rätta de här först.", "… and %s more problems. Fix these first."},
	CodeMissingSheet:      {"Bladet %s saknas.", "The sheet %s is missing."},
	CodeInterrupted:       {"Läsningen av filen avbröts innan den var klar: den tog för lång tid, eller uppladdningen avbröts. Ingenting sparades; försök igen.", "Reading the file was stopped before it was done: it took too long, or the upload was cancelled. Nothing was saved; try again."},
	CodeTooManyRows:       {"Cellen ligger för långt ner: ett blad får ha högst %s rader under rubrikraden. Filen lästes inte; töm cellerna längre ner och ladda upp den igen.", "The cell is too far down: a sheet may have at most %s rows below the header row. The file was not read; empty the cells further down and upload it again."},
	CodeTooManyColumns:    {"Cellen ligger för långt till höger: ett blad får ha högst %s kolumner. Filen lästes inte; töm cellerna längre till höger och ladda upp den igen.", "The cell is too far to the right: a sheet may have at most %s columns. The file was not read; empty the cells further right and upload it again."},
	CodeCellTooLong:       {"Cellen innehåller för mycket text (högst %s per cell). Filen lästes inte; korta texten och ladda upp den igen.", "The cell holds too much text (at most %s per cell). The file was not read; shorten the text and upload it again."},
	CodeTooMuchText:       {"Filen har för mycket text i cellerna (högst %s sammanlagt; en text som används i flera celler räknas i varje cell). Filen lästes inte.", "The file has too much text in its cells (at most %s in all; a text used in several cells counts in each). The file was not read."},
	CodeMissingColumn:     {"Kolumnen %s saknas i rubrikraden.", "The header row has no column %s."},
	CodeUnknownColumn:     {"Kolumnen är okänd. Kontrollera stavningen eller ta bort kolumnen.", "Unknown column. Check the spelling or remove the column."},
	CodeDuplicateColumn:   {"Kolumnen finns två gånger (samma fält och språk).", "The column appears twice (same field and language)."},
	CodeUnknownLanguage:   {"Språket %q känns inte igen. Skriv språkets kod inom parentes, till exempel Svenska (sv).", "The language %q is not recognised. Write the language's code in parentheses, for example Svenska (sv)."},
	CodeNoSwedish:         {"Svenska texter saknas: lägg till kolumnen label::Svenska (sv). Svenska krävs alltid.", "Swedish texts are missing: add the column label::Svenska (sv). Swedish is always required."},
	CodeMissingValue:      {"Cellen måste fyllas i.", "This cell must be filled in."},
	CodeMissingType:       {"Raden har innehåll men ingen typ i kolumnen type.", "The row has content but no type in the type column."},
	CodeUnknownType:       {"Typen %q finns inte i XLSForm.", "The type %q does not exist in XLSForm."},
	CodeUnsupportedType:   {"Typen %q stöds inte av tjänsten.", "The type %q is not supported by the service."},
	CodeCalculate:         {"Beräkningar (calculate) stöds inte; tjänsten räknar inte i formuläret. Ta bort raden.", "Calculations (calculate) are not supported; the service does no arithmetic in the form. Remove the row."},
	CodeRepeat:            {"Upprepade grupper (begin repeat) stöds inte; varje fråga besvaras en gång. Gör om dem till vanliga frågor.", "Repeat groups (begin repeat) are not supported; each question is answered once. Turn them into ordinary questions."},
	CodeGeo:               {"Platsfrågor (%s) stöds inte: enkäten samlar aldrig in positioner. Fråga efter område med select_one i stället.", "Location questions (%s) are not supported: the survey never collects positions. Ask for an area with select_one instead."},
	CodeMedia:             {"Bild-, ljud-, video- och filfrågor (%s) stöds inte. Ta bort raden.", "Image, audio, video and file questions (%s) are not supported. Remove the row."},
	CodeDateTime:          {"Datum- och tidsfrågor (%s) stöds inte. Använd select_one med perioder eller integer.", "Date and time questions (%s) are not supported. Use select_one with periods, or integer."},
	CodeDecimal:           {"Decimaltal stöds inte; använd integer med min och max.", "Decimal numbers are not supported; use integer with min and max."},
	CodeRange:             {"Skjutreglage (range) stöds inte; använd integer med min och max eller en skala med select_one.", "Range sliders are not supported; use integer with min and max, or a scale with select_one."},
	CodeRank:              {"Rangordning (rank) stöds inte; använd select_multiple med max_choices.", "Ranking (rank) is not supported; use select_multiple with max_choices."},
	CodeFromFile:          {"Svarsalternativ från fil (%s) stöds inte; lägg alternativen på bladet choices.", "Choices from a file (%s) are not supported; put the choices on the choices sheet."},
	CodeAcknowledge:       {"Bekräftelsefrågor (%s) stöds inte; använd select_one med ja och nej.", "Acknowledge questions (%s) are not supported; use select_one with yes and no."},
	CodeBarcode:           {"Streckkodsfrågor stöds inte.", "Barcode questions are not supported."},
	CodeIdentifying:       {"%s samlar in uppgifter som kan peka ut den som svarar; enkäten är anonym och samlar aldrig in sådant. Ta bort raden.", "%s collects data that can point at the person answering; the survey is anonymous and never collects it. Remove the row."},
	CodeOrOther:           {"or_other stöds inte; lägg till ett alternativ \"annat\" och vid behov en textfråga med relevant.", "or_other is not supported; add an \"other\" choice and, if needed, a text question with relevant."},
	CodeNestedGroup:       {"Grupper i grupper stöds inte. Endast en grupp med appearance table-list (en matrisfråga) får ligga i en annan grupp.", "Groups inside groups are not supported. Only a group with appearance table-list (a grid question) may sit inside another group."},
	CodeConstraint:        {"Villkor (constraint) stöds inte, utom \". >= MIN and . <= MAX\" på integer. Använd kolumnerna min och max.", "Constraints are not supported, except \". >= MIN and . <= MAX\" on integer. Use the min and max columns."},
	CodeChoiceFilter:      {"Filtrerade svarsalternativ (choice_filter) stöds inte.", "Filtered choices (choice_filter) are not supported."},
	CodeCalculation:       {"Beräkningar (calculation) stöds inte.", "Calculations (calculation) are not supported."},
	CodeDefault:           {"Förvalda svar (default) stöds inte: ingen ska få ett svar ifyllt åt sig.", "Default answers are not supported: nobody should have an answer filled in for them."},
	CodeReadOnly:          {"Skrivskyddade frågor (read_only) stöds inte.", "Read-only questions are not supported."},
	CodeMediaColumn:       {"Bilder, ljud och video i frågor stöds inte.", "Images, audio and video in questions are not supported."},
	CodeUnsupportedColumn: {"Kolumnen stöds inte av tjänsten; ta bort värdet.", "The service does not support this column; remove the value."},
	CodeRequiredExpr:      {"required måste vara yes eller no (eller tomt), inte %q.", "required must be yes or no (or empty), not %q."},
	CodeNotBoolean:        {"Skriv yes eller no (eller lämna tomt), inte %q.", "Write yes or no (or leave it empty), not %q."},
	CodeNotInteger:        {"Skriv ett heltal, inte %q.", "Write a whole number, not %q."},
	CodeBadDate:           {"Datumet %q kunde inte läsas; skriv till exempel 2023-12-31 (eller 2023-01-09T00:00:00Z för en tidpunkt).", "The date %q could not be read; write for example 2023-12-31 (or 2023-01-09T00:00:00Z for a point in time)."},
	CodeRelevant:          {"Villkoret %q kan inte användas. Tillåtet är ${fråga} = 'värde', selected(${fråga}, 'värde') och flera sådana förenade med or.", "The condition %q cannot be used. Allowed are ${question} = 'value', selected(${question}, 'value') and several of these joined by or."},
	CodeRelevantMixed:     {"Villkoret får bara gälla en fråga; alla delar förenade med or måste nämna samma fråga.", "The condition may depend on one question only; every part joined by or must name the same question."},
	CodeRelevantMulti:     {"%s är en select_multiple-fråga: skriv selected(${fråga}, 'värde') i stället för =.", "%s is a select_multiple question: write selected(${question}, 'value') instead of =."},
	CodeGroupRelevant:     {"Villkor (relevant) på en vanlig grupp stöds inte; sätt villkoret på varje fråga.", "A condition (relevant) on a plain group is not supported; put it on each question."},
	CodeUnclosedGroup:     {"Gruppen avslutas aldrig med end group.", "The group is never closed with end group."},
	CodeUnmatchedEnd:      {"%s utan en öppen grupp.", "%s without an open group."},
	CodeGridRow:           {"I en grupp med table-list måste varje rad vara select_one med samma lista.", "In a table-list group every row must be select_one of the same list."},
	CodeGridRowColumn:     {"En rad i en matrisfråga (table-list) kan inte ha det här fältet; sätt det på raden begin group.", "A row of a grid (table-list) cannot have this field; put it on the begin group row."},
	CodeEmptyGrid:         {"Gruppen med table-list har inga rader.", "The table-list group has no rows."},
	CodeNote:              {"Texter (note) mitt i formuläret stöds inte; bara en inledning före första frågan och ett avslut efter sista. Flytta texten till en frågas hint.", "Notes in the middle of the form are not supported; only an introduction before the first question and a closing text after the last. Move the text into a question's hint."},
	CodeTextTwice:         {"%s finns både som note och på bladet settings; behåll det ena.", "%s is given both as a note and on the settings sheet; keep one."},
	CodeNotForType:        {"Fältet gäller inte den här radtypen; ta bort värdet.", "This field does not apply to this kind of row; remove the value."},
	CodeMissingList:       {"Ange listans namn efter typen, till exempel select_one ja_nej.", "Name the list after the type, for example select_one yes_no."},
	CodeUnknownList:       {"Listan %q finns inte på bladet choices.", "The list %q is not on the choices sheet."},
	CodeMultipleSettings:  {"Bladet settings läses bara på rad 2; ta bort värdena längre ner.", "The settings sheet is read from row 2 only; remove the values further down."},
	CodeLanguageLeftOut:   {"Tjänsten erbjuder inte språket %q, så kolumnen lämnades utanför. Resten av filen lästes som vanligt.", "The service does not offer the language %q, so the column was left out. The rest of the file was read as usual."},
	CodeSlugChanged:       {"form_id skrevs om så att den kan stå i en webbadress (bara a–z, 0–9 och -): %s.", "form_id was rewritten so that it can stand in a web address (only a–z, 0–9 and -): %s."},
	CodeMultiplePromises:  {"id, name, from och to läses bara på rad 2; längre ner läses bara partners och focus.", "id, name, from and to are read on row 2 only; further down only partners and focus are read."},
}

// checkMessage wraps a problem the definition checker found, whose detail
// is already in lang.
func checkMessage(lang, code, detail string) string {
	sv := map[string]string{
		models.CodeRequired:           "Värde saknas",
		models.CodeInvalid:            "Ogiltigt värde",
		models.CodeDuplicate:          "Finns redan",
		models.CodeMissingTranslation: "Översättning saknas",
		models.CodeUnknownReference:   "Hänvisar till något som inte finns",
		models.CodeNotAllowed:         "Inte tillåtet här",
		models.CodeOutOfRange:         "Utanför tillåtna gränser",
	}
	en := map[string]string{
		models.CodeRequired:           "Missing value",
		models.CodeInvalid:            "Invalid value",
		models.CodeDuplicate:          "Already used",
		models.CodeMissingTranslation: "Missing translation",
		models.CodeUnknownReference:   "Refers to something that does not exist",
		models.CodeNotAllowed:         "Not allowed here",
		models.CodeOutOfRange:         "Out of range",
	}
	m := sv
	if lang == "en" {
		m = en
	}
	head, ok := m[code]
	if !ok {
		head = m[models.CodeInvalid]
	}
	if detail == "" {
		return head + "."
	}
	return head + ": " + strings.TrimSuffix(detail, ".") + "."
}
