package export

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestMayNameSomeone(t *testing.T) {
	schools := []string{"Norrsätraskolan", "Göranssonska skolan"}
	for text, want := range map[string]bool{
		"Kalle Svensson i 8B på Norrsätraskolan":     true,
		"kalle svensson tar folks grejer":            false,
		"Det är Kalle Svensson som börjar bråka":     true,
		"Någon i 9a blir mobbad":                     true,
		"någon i 7 C blir mobbad":                    true,
		"bråk på göranssonska skolan varje rast":     true,
		"Mer ljus vid busshållplatsen.":              false,
		"Det är otryggt. Vuxna borde synas mer.":     false,
		"Bussen går för sällan. Kvällar är värst":    false,
		"Fler vuxna ute på kvällarna, typ 2 stycken": false,
		"Ett 10-tal personer röker vid torget":       false,
	} {
		if got := mayNameSomeone(text, schools); got != want {
			t.Errorf("mayNameSomeone(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestFreeTextMarksTextsThatMayNameSomeone: a text naming a pupil, a
// class or a school from the catalogue is in Fritext, unchanged, and
// marked for review; others are not marked.
func TestFreeTextMarksTextsThatMayNameSomeone(t *testing.T) {
	fx := newFixture(t)
	naming := "Kalle Svensson i 8B på Norrsätraskolan tar folks saker"
	plain := "mer ljus vid busshållplatsen"
	for i := range 10 {
		fx.resps[i].Answers["forslag"] = plain
	}
	fx.resps[10].Answers["forslag"] = naming
	ts, err := NewTextSpool(fx.sv, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ts.Close()
	for _, r := range fx.resps {
		ts.Add(r)
	}
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, WorkbookInput{Survey: fx.sv, Results: fx.res, Lang: "sv", Texts: ts,
		Generated: time.Date(2023, 12, 1, 9, 30, 0, 0, time.UTC), Schools: []string{"Norrsätraskolan"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	marked := map[string]bool{}
	for _, r := range rowsOf(t, f, "Fritext")[2:] {
		if len(r) > 2 {
			marked[r[2]] = cellAt(r, 3) == "Kan nämna någon"
		}
	}
	if m, ok := marked[naming]; !ok || !m {
		t.Errorf("the text naming a pupil, a class and a school: shown %v, marked %v", ok, m)
	}
	if m, ok := marked[plain]; !ok || m {
		t.Errorf("a plain text: shown %v, marked %v", ok, m)
	}
}
