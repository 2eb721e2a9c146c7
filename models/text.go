package models

// Text is a translated text keyed by language code.
type Text map[string]string

// In returns the text in lang, or the Swedish text when that translation is
// missing, so a young person always sees something rather than a blank.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[DefaultLang]
}
