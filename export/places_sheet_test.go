package export

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/surveys/xlsform"
)

var testGrades = []PlacesGrade{{"ak7", "Årskurs 7"}, {"ak8", "Årskurs 8"}, {"ak9", "Årskurs 9"}, {"gy1", "Gymnasiet år 1"}, {"gy2", "Gymnasiet år 2"}, {"gy3", "Gymnasiet år 3"}}

func builtinPlaces(t *testing.T) *models.Places {
	t.Helper()
	p, err := surveys.BuiltinPlaces()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func placesFile(t *testing.T, p *models.Places, edit func(f *excelize.File)) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePlaces(&buf, p, testGrades); err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return buf.Bytes()
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func readPlacesFile(data []byte, current *models.Places) (*models.Places, []PlacesProblem) {
	return ReadPlaces(context.Background(), bytes.NewReader(data), int64(len(data)), 0, current, testGrades)
}

func TestThePlacesSheetReadsBackToTheSameCatalogue(t *testing.T) {
	want := builtinPlaces(t)
	data := placesFile(t, want, nil)
	for name, current := range map[string]*models.Places{"into an empty catalogue": {}, "over itself": builtinPlaces(t)} {
		t.Run(name, func(t *testing.T) {
			got, ps := readPlacesFile(data, current)
			if len(ps) > 0 {
				t.Fatalf("problems: %+v", ps)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestABadRowIsNamedByRowAndColumn(t *testing.T) {
	data := placesFile(t, builtinPlaces(t), func(f *excelize.File) {
		_ = f.SetCellStr(PlacesSchoolsSheet, "C3", "Mars")             // area of the 2nd school
		_ = f.SetCellStr(PlacesSchoolsSheet, "D4", "Årskurs 7, åk 12") // grades of the 3rd
		_ = f.SetCellStr(PlacesSchoolsSheet, "E5", "kanske")           // active of the 4th
		_ = f.SetCellStr(PlacesSchoolsSheet, "B6", "")                 // the 5th has no name
		_ = f.SetCellStr(PlacesSchoolsSheet, "B10", "Sandbacka skola") // a new school, without an area
	})
	_, ps := readPlacesFile(data, builtinPlaces(t))
	got := map[string]bool{}
	for _, p := range ps {
		got[fmt.Sprintf("%s|%d|%s|%s", p.Sheet, p.Row, p.Column, p.Code)] = true
	}
	for _, want := range []string{
		"Skolor|3|Område|" + CodeUnknownArea,
		"Skolor|4|Årskurser|" + CodeUnknownGrade,
		"Skolor|5|Aktiv|" + CodeYesNo,
		"Skolor|6|Namn|" + models.CodeRequired,
		"Skolor|10|Område|" + models.CodeUnknownReference,
	} {
		if !got[want] {
			t.Errorf("no problem %s in %+v", want, ps)
		}
	}
	if len(ps) != 5 {
		t.Errorf("%d problems, want 5: %+v", len(ps), ps)
	}
}

func TestAHostilePlacesFileIsRefusedBeforeItsCells(t *testing.T) {
	data := placesFile(t, builtinPlaces(t), nil)
	_, ps := ReadPlaces(context.Background(), bytes.NewReader(data), int64(len(data)), 1000, &models.Places{}, testGrades)
	if len(ps) != 1 || ps[0].File == nil || ps[0].File.Code != xlsform.CodeTooLarge {
		t.Fatalf("a file over the limit: %+v", ps)
	}
	_, ps = readPlacesFile([]byte(strings.Repeat("x", 100)), &models.Places{})
	if len(ps) != 1 || ps[0].File == nil || ps[0].File.Code != xlsform.CodeNotXLSX {
		t.Fatalf("not a workbook: %+v", ps)
	}
	noAreas := placesFile(t, builtinPlaces(t), func(f *excelize.File) { _ = f.DeleteSheet(PlacesAreasSheet) })
	if _, ps = readPlacesFile(noAreas, &models.Places{}); len(ps) != 1 || ps[0].Code != CodeMissingSheet || ps[0].Arg != PlacesAreasSheet {
		t.Fatalf("no Områden sheet: %+v", ps)
	}
}
