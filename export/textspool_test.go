package export

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"medborgardialog/models"
	"medborgardialog/redact"
)

func spoolSurvey() *models.Survey {
	return &models.Survey{
		Slug: "spool", Version: 1,
		Questions: []models.Question{
			{ID: "kon", Type: models.TypeSingle, Options: opts("tjej", "kille")},
			{ID: "forslag", Type: models.TypeText},
			{ID: "ovrigt", Type: models.TypeText},
		},
	}
}

func TestTextSpoolRoundTrip(t *testing.T) {
	tricky := []string{
		"mer ljus i parken",
		"rad ett\nrad två\r\nrad tre\n",
		"\nledande radbrytning",
		"  mellanslag runt  ",
		"\ttabb först",
		"=HYPERLINK(\"http://x\",\"klicka\")",
		"=1+1",
		"+ fler vuxna",
		"-1 för bussen",
		"@ kvällarna",
		"NUL\x00mitt i",
		"emoji 🚌🇸🇪 och العربية och 日本語",
		"_x0041_ ser ut som en escape",
		"<tag> & \"citat\" 'apostrof'",
		strings.Repeat("lång text ", 500),
		"\u2028\u2029\ufeff",
	}
	sv := spoolSurvey()
	dir := t.TempDir()
	ts, err := NewTextSpool(sv, dir)
	if err != nil {
		t.Fatal(err)
	}
	var other []string
	for i, s := range tricky {
		r := &models.Response{Answers: map[string]any{"kon": "tjej", "forslag": s}, School: "Skola A", Grade: "ak8", Session: "ABC234"}
		if i%3 == 0 {
			r.Answers["ovrigt"] = "övrigt " + s
			other = append(other, "övrigt "+s)
		}
		ts.Add(r)
	}
	// Not kept: blanks, wrong types, unknown questions, nil.
	ts.Add(&models.Response{Answers: map[string]any{"forslag": " \n\t ", "ovrigt": 12, "kon": "svar"}})
	ts.Add(&models.Response{Answers: map[string]any{"forslag": []string{"a"}}})
	ts.Add(nil)

	if got := ts.Count("forslag"); got != len(tricky) {
		t.Fatalf("Count(forslag) = %d, want %d", got, len(tricky))
	}
	if got := ts.Count("kon"); got != 0 {
		t.Errorf("Count(kon) = %d, want 0 (not a text question)", got)
	}
	// Each gives the texts in a random order, so compare them sorted.
	read := func(id string) []string {
		var out []string
		if err := ts.Each(id, func(s string) error { out = append(out, s); return nil }); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	tricky = slices.Sorted(slices.Values(tricky))
	if got := read("forslag"); !slices.Equal(got, tricky) {
		for i := range min(len(got), len(tricky)) {
			if got[i] != tricky[i] {
				t.Errorf("text %d = %q, want %q", i, got[i], tricky[i])
			}
		}
		t.Fatalf("read back %d texts, want %d", len(got), len(tricky))
	}
	// Reading again gives the same, and adding after reading appends.
	ts.Add(&models.Response{Answers: map[string]any{"ovrigt": "sist"}})
	if got, want := read("ovrigt"), slices.Sorted(slices.Values(append(other, "sist"))); !slices.Equal(got, want) {
		t.Errorf("ovrigt = %q, want %q", got, want)
	}
	if got := read("forslag"); len(got) != len(tricky) {
		t.Errorf("second read gave %d texts", len(got))
	}
	if got := read("finns_inte"); got != nil {
		t.Errorf("unknown question gave %q", got)
	}

	// Each stops at fn's error.
	stop := errors.New("stop")
	calls := 0
	if err := ts.Each("forslag", func(string) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Each = %v after %d calls, want stop after 1", err, calls)
	}

	// Only the texts are on disk: no school, grade or session beside them.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("spool made %d entries in dir, want its own directory", len(entries))
	}
	files, _ := os.ReadDir(dir + "/" + entries[0].Name())
	for _, e := range files {
		data, _ := os.ReadFile(dir + "/" + entries[0].Name() + "/" + e.Name())
		for _, bg := range []string{"Skola A", "ak8", "ABC234"} {
			if strings.Contains(string(data), bg) {
				t.Errorf("spool file %s holds background value %q", e.Name(), bg)
			}
		}
	}

	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ts.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Close left %d entries behind", len(entries))
	}
	if err := ts.Each("forslag", func(string) error { return nil }); err == nil {
		t.Error("Each after Close succeeded")
	}
}

// TestTextSpoolScrubs: what the service stored before a scrubber
// improvement is scrubbed on the way into the workbook.
func TestTextSpoolScrubs(t *testing.T) {
	ts, err := NewTextSpool(spoolSurvey(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ts.Close()
	in := "ring mig på 070-123 45 67 eller mejla a.b@example.se, pnr 200501011234"
	ts.Add(&models.Response{Answers: map[string]any{"forslag": in}})
	want, _ := redact.Scrub(in)
	var got string
	if err := ts.Each("forslag", func(s string) error { got = s; return nil }); err != nil {
		t.Fatal(err)
	}
	if got != want || strings.Contains(got, "070") || strings.Contains(got, "example") || strings.Contains(got, "200501011234") {
		t.Errorf("spooled %q, want %q", got, want)
	}
}

// TestTextSpoolAddDoesNotGrow pins the flat memory of the pass: adding a
// text costs no allocation once the buffers exist.
func TestTextSpoolAddDoesNotGrow(t *testing.T) {
	ts, err := NewTextSpool(spoolSurvey(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ts.Close()
	r := &models.Response{Answers: map[string]any{"forslag": "mer vuxna ute på kvällarna", "ovrigt": "bättre bussar"}}
	allocs := testing.AllocsPerRun(5000, func() { ts.Add(r) })
	if allocs > 0 {
		t.Errorf("Add allocates %.2f times per response, want 0", allocs)
	}
}

// TestTextSpoolShufflesOrder checks that the order texts come back in says
// nothing about the order they were written in, also past one bucket.
func TestTextSpoolShufflesOrder(t *testing.T) {
	sv := spoolSurvey()
	for _, n := range []int{50, 3 * shuffleBucket} {
		ts, err := NewTextSpool(sv, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			ts.Add(&models.Response{Answers: map[string]any{"forslag": fmt.Sprintf("text %05d", i)}})
		}
		var got []string
		if err := ts.Each("forslag", func(s string) error { got = append(got, s); return nil }); err != nil {
			t.Fatal(err)
		}
		inOrder := 0
		for i := 1; i < len(got); i++ {
			if got[i-1] < got[i] {
				inOrder++
			}
		}
		// A random order has about half its neighbours ascending.
		if frac := float64(inOrder) / float64(len(got)-1); frac > 0.7 || frac < 0.3 {
			t.Errorf("n=%d: %.0f%% of neighbours in written order; not shuffled", n, frac*100)
		}
		slices.Sort(got)
		for i, s := range got {
			if s != fmt.Sprintf("text %05d", i) {
				t.Fatalf("n=%d: text %d = %q: lost or doubled", n, i, s)
			}
		}
		ts.Close()
	}
}
