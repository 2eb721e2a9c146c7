package web

// One-off: writes web/locales/*.json from the message maps. Removed with the
// maps once the files are checked to give the same texts.

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
)

var genDescriptions = map[string]string{
	"submit.session_gone":              "One answer for a session code that never was and for one whose session is over, so nobody can tell them apart.",
	"submit.json_only":                 "For programs that send answers: the answer page's script sends JSON.",
	"feedback.answered":                "%d is never below the smallest group shown, so never 1.",
	"feedback.link":                    "%s is the survey's title.",
	"staff.feedback.unknown_indicator": "%q is the unknown id, %s the valid ones.",
	"session.multi_note":               "Under one question of the class results, read aloud to a class of 13–16-year-olds: short and plain.",
	"session.words_note":               "Under one question of the class results, read aloud to a class of 13–16-year-olds: short and plain.",
	"session.excluded_share":           "The first %s is a share of \"vet inte\" (e.g. \"20 %\"), the second the option's label: it is of everyone who answered, the bars above of the others.",
	"session.word.most":                "An option's share in words, for a question with too many different answers to show in tens of percent.",
	"session.word.about_half":          "An option's share in words, for a question with too many different answers to show in tens of percent.",
	"session.word.some":                "An option's share in words, for a question with too many different answers to show in tens of percent.",
	"session.word.none":                "An option's share in words, for a question with too many different answers to show in tens of percent.",
	"yaml.too_many_keys":               "A YAML upload (survey, catalogue) over the limit of keys at one level.",
	"yaml.too_many_values":             "A YAML upload (survey, catalogue) over the limit of values.",
}

type genMeta struct{ dir, status, reviewer, note string }

var genMetas = map[string]genMeta{
	"sv": {"ltr", "reviewed", "the Medborgardialog team, who wrote it", "The original: every other language is translated from this file."},
	"en": {"ltr", "reviewed", "the Medborgardialog team, who wrote it", ""},
	"ar": {"rtl", "draft", "", "Written with the service; no review by a qualified translator is recorded. Plain Modern Standard Arabic, wordings that need no gender."},
}

func TestGenerateLocaleFiles(t *testing.T) {
	if os.Getenv("GEN_LOCALES") == "" {
		t.Skip("set GEN_LOCALES=1 to write web/locales")
	}
	parts := map[string][]string{"public": {"sv", "en", "ar"}, "staff": {"sv", "en"}}
	for part, langs := range parts {
		for _, lang := range langs {
			var keys []string
			for _, c := range catalogues {
				for k, m := range c {
					if (m["ar"] != "") == (part == "public") {
						keys = append(keys, k)
					}
				}
			}
			sort.Strings(keys)
			gm := genMetas[lang]
			var b bytes.Buffer
			b.WriteString("{\n")
			entry := func(k, v string, last bool) {
				b.WriteString("  " + q(k) + ": " + v)
				if !last {
					b.WriteString(",")
				}
				b.WriteString("\n")
			}
			entry("_meta.direction", q(gm.dir), false)
			entry("_meta.language", q(lang), false)
			entry("_meta.note", q(gm.note), false)
			entry("_meta.reviewer", q(gm.reviewer), false)
			entry("_meta.status", q(gm.status), len(keys) == 0)
			for i, k := range keys {
				m, _ := lookup(k)
				v := q(m[lang])
				if d := genDescriptions[k]; d != "" {
					v = "{\n    \"description\": " + q(d) + ",\n    \"other\": " + q(m[lang]) + "\n  }"
				}
				entry(k, v, i == len(keys)-1)
			}
			b.WriteString("}\n")
			if err := os.WriteFile("locales/"+part+"."+lang+".json", b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func q(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
