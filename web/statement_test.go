package web

import "testing"

func TestTheStatementInTheRepositoryIsComplete(t *testing.T) {
	st, err := LoadStatement()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Untested) == 0 {
		t.Error("the method says nothing of what could not be tested")
	}
}

// TestStatementStatusIsDIGGsExactWording: DIGG allows three phrases and
// no other; a near miss or a gap-less partial statement is refused.
func TestStatementStatusIsDIGGsExactWording(t *testing.T) {
	for _, tc := range []struct {
		status string
		gaps   bool
		ok     bool
	}{
		{"delvis förenlig", true, true},
		{"inte förenlig", true, true},
		{"helt förenlig", false, true},
		{"delvis förenlig", false, false},
		{"Delvis förenlig", true, false},
		{"delvis uppfyller", true, false},
		{"", true, false},
	} {
		st, err := LoadStatement()
		if err != nil {
			t.Fatal(err)
		}
		st.Status = tc.status
		if !tc.gaps {
			st.Gaps = nil
		}
		if err := st.check(); (err == nil) != tc.ok {
			t.Errorf("status %q, gaps %v: %v", tc.status, tc.gaps, err)
		}
	}
}
