package handlers

import (
	"strings"
	"testing"

	"medborgardialog/models"
)

// TestWorkbookFileNameSaysWhatIsInIt: the file name carries the survey,
// the publication and each filter as a word and a name folded to ASCII,
// in both forms of Content-Disposition, so filtered and unfiltered
// downloads never share a name.
func TestWorkbookFileNameSaysWhatIsInIt(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 5)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	seen := map[string]string{}
	for query, want := range map[string]string{
		"":                                  "lagesbild-ungdomsdialog-2023-publicering-1.xlsx",
		"?school=murgardsskolan":            "lagesbild-ungdomsdialog-2023-publicering-1-skola-murgardsskolan.xlsx",
		"?school=hedangsskolan&gender=tjej": "lagesbild-ungdomsdialog-2023-publicering-1-skola-hedangsskolan-kon-tjej.xlsx",
		"?area=centrum&grade=ak8":           "lagesbild-ungdomsdialog-2023-publicering-1-omrade-centrum-arskurs-",
	} {
		r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx"+query, nil)
		cd := r.Header.Get("Content-Disposition")
		if r.Status != 200 || !strings.Contains(cd, `filename="`+want) || !strings.Contains(cd, `filename*=UTF-8''`+want) {
			t.Errorf("%q: %d Content-Disposition %q, want %s in both forms", query, r.Status, cd, want)
		}
		if other, dup := seen[cd]; dup {
			t.Errorf("%q and %q download under one name: %s", query, other, cd)
		}
		seen[cd] = query
		for _, r := range cd {
			if r > 127 {
				t.Errorf("%q: not ASCII: %s", query, cd)
				break
			}
		}
	}
}
