package web

import "testing"

// Staff pages speak Swedish and English; what young people read speaks
// Arabic too. The feedback page and the public paths are for young
// people, so their texts must be in all three.
func TestEveryMessageIsInItsLanguagesAndInOneCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range catalogues {
		for key, m := range c {
			if seen[key] {
				t.Errorf("%s is in two catalogues", key)
			}
			seen[key] = true
			langs := []string{"sv", "en"}
			if isFeedback(key) {
				langs = Languages
			}
			for _, lang := range langs {
				if m[lang] == "" {
					t.Errorf("%s has no %s text", key, lang)
				}
			}
		}
	}
	if len(seen) < 100 {
		t.Fatalf("only %d messages: a catalogue is missing", len(seen))
	}
}

func isFeedback(key string) bool {
	if _, ok := publicMessages[key]; ok {
		return true
	}
	_, ok := feedbackMessages[key]
	return ok && len(key) > 9 && key[:9] == "feedback."
}
