package web

// One-off: the message files give, for every key and language, exactly what
// the maps gave, fallbacks included. Run before the maps are removed, and
// removed with them.

import (
	"testing"

	"medborgardialog/web/locales"
)

func oldT(lang, key string) string {
	if m, ok := lookup(key); ok {
		if s := m[lang]; s != "" {
			return s
		}
		if s := m["sv"]; s != "" {
			return s
		}
	}
	return key
}

func TestLocaleFilesGiveTheMapsTexts(t *testing.T) {
	c := locales.Embedded()
	n := 0
	for _, cat := range catalogues {
		for key := range cat {
			for _, lang := range []string{"sv", "en", "ar", "fi", "xx", ""} {
				n++
				if got, want := T(lang, key), oldT(lang, key); got != want {
					t.Errorf("%s in %q: %q, the maps gave %q", key, lang, got, want)
				}
			}
		}
	}
	for _, key := range []string{"no.such.key", ""} {
		if got, want := T("ar", key), oldT("ar", key); got != want {
			t.Errorf("%q: %q, the maps gave %q", key, got, want)
		}
	}
	// Nothing in the files that the maps lacked.
	for _, part := range []string{locales.Public, locales.Staff} {
		for _, key := range c.Keys(part) {
			if _, ok := lookup(key); !ok {
				t.Errorf("%s is in the files but not in the maps", key)
			}
			for _, lang := range []string{"sv", "en", "ar"} {
				if got := c.Forms(lang, key)["other"]; got != "" {
					if m, _ := lookup(key); m[lang] != got {
						t.Errorf("%s in %s: file %q, map %q", key, lang, got, m[lang])
					}
				}
			}
		}
	}
	t.Logf("%d key and language pairs compared", n)
}
