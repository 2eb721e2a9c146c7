package xlsform

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetInstructions is the sheet that tells municipal staff how to change
// the form. Read never reads it: only the sheets it knows are read.
const sheetInstructions = "Instruktioner"

// instructionsText holds the instructions in Swedish, the staff's
// language, kept as a text file so that it reads as a document: blocks
// separated by blank lines, each a heading line and its text.
//
//go:embed instruktioner.txt
var instructionsText string

// typeChoices are what the type column's drop-down offers. A select type
// needs its list's name after it, so the drop-down only suggests and never
// refuses what is typed.
var typeChoices = []string{"select_one", "select_multiple", "integer", "text", "note", "begin_group", "end_group"}

// instructions writes the Instruktioner sheet last, so that survey stays
// the first sheet the file opens on, and adds the type column's drop-down.
func (wr *writer) instructions() error {
	if wr.err != nil {
		return wr.err
	}
	f := wr.f
	if _, err := f.NewSheet(sheetInstructions); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	body, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	if err := f.SetColWidth(sheetInstructions, "A", "A", 28); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetInstructions, "B", "B", 95); err != nil {
		return err
	}
	row := 0
	for _, block := range strings.Split(strings.TrimSpace(instructionsText), "\n\n") {
		heading, text, _ := strings.Cut(block, "\n")
		row++
		a, b := "A"+strconv.Itoa(row), "B"+strconv.Itoa(row)
		for _, set := range []error{
			f.SetCellStr(sheetInstructions, a, heading),
			f.SetCellStr(sheetInstructions, b, strings.ReplaceAll(text, "\n", " ")),
			f.SetCellStyle(sheetInstructions, a, a, head),
			f.SetCellStyle(sheetInstructions, b, b, body),
		} {
			if set != nil {
				return set
			}
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "A2:A1000"
	if err := dv.SetDropList(typeChoices); err != nil {
		return err
	}
	// ShowErrorMessage stays false: "select_one ja_nej" is not in the
	// list, and must be typed without a warning.
	dv.SetInput("type", "Välj en typ. Efter select_one och select_multiple skriver du listans namn, till exempel select_one ja_nej.")
	return f.AddDataValidation(sheetSurvey, dv)
}
