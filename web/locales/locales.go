// Package locales holds the interface texts as message files that
// translators open in their own tools (Weblate, Poedit): one go-i18n v2
// JSON file per part of the interface and language, named
// <part>.<lang>.json, and reads them. docs/translations.md says how to
// work with them.
//
// A text is a Go format string: callers fill %s and %d with fmt.Sprintf.
// A text that depends on a number has CLDR plural forms ("one", "few",
// "other", …), and go-i18n picks the form for a number by the language's
// CLDR rule.
package locales

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

//go:embed *.json
var files embed.FS

// The parts of the interface. Each has its own files, so a translator of a
// young people's language gets only the texts young people read.
const (
	// Public is what young people read: the start page, joining, the
	// form, the thank-you and feedback pages and the public API's errors.
	Public = "public"
	// Staff is the staff pages, which speak Swedish and English.
	Staff = "staff"
)

// Source is the language every part is written in first, and the one a
// missing text falls back to.
const Source = "sv"

// The statuses a file may carry.
const (
	// StatusDraft: not yet read in full by a qualified translator.
	StatusDraft = "draft"
	// StatusReviewed: a qualified translator, named as reviewer, has read
	// the whole file (for Swedish and English: written by the team).
	StatusReviewed = "reviewed"
)

// metaPrefix starts the reserved keys in which a file describes itself.
const metaPrefix = "_meta."

// Meta is what a message file says about itself in its _meta keys.
type Meta struct {
	Part, Lang string
	// Direction is "ltr" or "rtl".
	Direction string
	// Status is StatusDraft or StatusReviewed.
	Status string
	// Reviewer names who reviewed the file; required when reviewed.
	Reviewer string
	// Note is free text for the next translator.
	Note string

	declared string // _meta.language, checked against the file's name
}

// Catalogue is every message file, read and checked.
type Catalogue struct {
	texts      map[string]map[string]*i18n.Message // lang → key → message
	part       map[string]string                   // key → part
	meta       []Meta
	forms      map[string][]string // lang → the CLDR plural forms it uses
	localizers map[string]*i18n.Localizer
}

var fileName = regexp.MustCompile(`^([a-z]+)\.([a-z]{2,3})\.json$`)

// Load reads every <part>.<lang>.json file at the top of fsys. It refuses
// a file it cannot read, a key that is in two parts, a plural text without
// its "other" form and missing or wrong _meta keys, so a broken file fails
// the tests rather than a page.
func Load(fsys fs.FS) (*Catalogue, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("locales: list files: %w", err)
	}
	bundle := i18n.NewBundle(language.Make(Source))
	c := &Catalogue{
		texts:      make(map[string]map[string]*i18n.Message),
		part:       make(map[string]string),
		forms:      make(map[string][]string),
		localizers: make(map[string]*i18n.Localizer),
	}
	for _, name := range names {
		if err := c.loadFile(fsys, bundle, name); err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
	}
	for _, part := range []string{Public, Staff} {
		if _, ok := c.Meta(part, Source); !ok {
			return nil, fmt.Errorf("locales: %s.%s.json is missing: every part is written in Swedish first", part, Source)
		}
	}
	for lang := range c.texts {
		c.localizers[lang] = i18n.NewLocalizer(bundle, ruleLang(lang))
		c.forms[lang] = pluralForms(ruleLang(lang))
	}
	return c, nil
}

func (c *Catalogue) loadFile(fsys fs.FS, bundle *i18n.Bundle, name string) error {
	m := fileName.FindStringSubmatch(name)
	if m == nil || (m[1] != Public && m[1] != Staff) {
		return fmt.Errorf("the name is not %s.<language>.json or %s.<language>.json", Public, Staff)
	}
	part, lang := m[1], m[2]
	if language.Make(lang) == language.Und {
		return fmt.Errorf("%s is no language code", lang)
	}
	buf, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	mf, err := i18n.ParseMessageFileBytes(buf, name, nil)
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	meta := Meta{Part: part, Lang: lang}
	var messages []*i18n.Message
	if c.texts[lang] == nil {
		c.texts[lang] = make(map[string]*i18n.Message)
	}
	for _, msg := range mf.Messages {
		if field, ok := strings.CutPrefix(msg.ID, metaPrefix); ok {
			if err := meta.set(field, msg.Other); err != nil {
				return err
			}
			continue
		}
		if p, ok := c.part[msg.ID]; ok && p != part {
			return fmt.Errorf("%s is in the %s part too: a key lives in one part", msg.ID, p)
		}
		if msg.Other == "" && (msg.Zero != "" || msg.One != "" || msg.Two != "" || msg.Few != "" || msg.Many != "") {
			return fmt.Errorf("%s has plural forms but no \"other\"", msg.ID)
		}
		c.part[msg.ID] = part
		c.texts[lang][msg.ID] = msg
		if msg.Other != "" {
			messages = append(messages, msg)
		}
	}
	if err := meta.check(); err != nil {
		return err
	}
	c.meta = append(c.meta, meta)
	// The bundle only serves plural texts; it needs the language's CLDR
	// plural rule, and refuses a language CLDR has none for (unless
	// pluralAs names one).
	if err := bundle.AddMessages(language.Make(ruleLang(lang)), messages...); err != nil {
		return fmt.Errorf("plural rules: %w", err)
	}
	return nil
}

// pluralAs names, for a language CLDR has no plural rule of its own for,
// the language whose rule it follows: Dari (prs) is the Persian of
// Afghanistan, which CLDR aliases to fa_AF.
var pluralAs = map[string]string{"prs": "fa"}

func ruleLang(lang string) string {
	if as, ok := pluralAs[lang]; ok {
		return as
	}
	return lang
}

func (m *Meta) set(field, value string) error {
	switch field {
	case "language":
		m.declared = value
	case "direction":
		m.Direction = value
	case "status":
		m.Status = value
	case "reviewer":
		m.Reviewer = value
	case "note":
		m.Note = value
	default:
		return fmt.Errorf("unknown key %s%s", metaPrefix, field)
	}
	return nil
}

func (m Meta) check() error {
	switch {
	case m.declared != m.Lang:
		return fmt.Errorf("_meta.language is %q in a file named for %q", m.declared, m.Lang)
	case m.Direction != "ltr" && m.Direction != "rtl":
		return fmt.Errorf("_meta.direction must be ltr or rtl, not %q", m.Direction)
	case m.Status != StatusDraft && m.Status != StatusReviewed:
		return fmt.Errorf("_meta.status must be %s or %s, not %q", StatusDraft, StatusReviewed, m.Status)
	case m.Status == StatusReviewed && strings.TrimSpace(m.Reviewer) == "":
		return fmt.Errorf("_meta.status is %s but _meta.reviewer names nobody", StatusReviewed)
	}
	return nil
}

// Text returns the text of key in lang ("other" form for a plural text),
// falling back to Swedish and then to the key itself, so a missing
// translation is visible but never breaks a page.
func (c *Catalogue) Text(lang, key string) string {
	if m := c.texts[lang][key]; m != nil && m.Other != "" {
		return m.Other
	}
	if m := c.texts[Source][key]; m != nil && m.Other != "" {
		return m.Other
	}
	return key
}

// Plural returns the text of key in lang in the plural form that the
// language's CLDR rule picks for n, with the same fallbacks as Text. A
// text without plural forms is returned as it is.
func (c *Catalogue) Plural(lang, key string, n int) string {
	l := c.localizers[lang]
	if l == nil {
		l = c.localizers[Source]
	}
	// The error only tells that go-i18n fell back to Swedish or to the
	// "other" form, which is what Text does without a word too.
	s, _ := l.Localize(&i18n.LocalizeConfig{
		MessageID:   key,
		PluralCount: n,
		// The texts are format strings for fmt, never Go templates.
		TemplateParser: template.IdentityParser{},
	})
	if s == "" {
		return c.Text(lang, key)
	}
	return s
}

// Meta returns what the file of part in lang says about itself.
func (c *Catalogue) Meta(part, lang string) (Meta, bool) {
	for _, m := range c.meta {
		if m.Part == part && m.Lang == lang {
			return m, true
		}
	}
	return Meta{}, false
}

// Files lists every file's Meta, by part and language.
func (c *Catalogue) Files() []Meta {
	out := slices.Clone(c.meta)
	slices.SortFunc(out, func(a, b Meta) int {
		return cmp.Or(cmp.Compare(a.Part, b.Part), cmp.Compare(a.Lang, b.Lang))
	})
	return out
}

// Missing lists what lang lacks of part, in key order: every key of the
// Swedish file without a text in lang, and "key[form]" for each CLDR
// plural form that lang's rule uses and a plural text of lang lacks. A
// language without a file for part lacks every key.
func (c *Catalogue) Missing(part, lang string) []string {
	var missing []string
	for key, src := range c.texts[Source] {
		if c.part[key] != part {
			continue
		}
		m := c.texts[lang][key]
		if m == nil || m.Other == "" {
			missing = append(missing, key)
			continue
		}
		if !isPlural(src) && !isPlural(m) {
			continue
		}
		for _, form := range c.forms[lang] {
			if formText(m, form) == "" {
				missing = append(missing, key+"["+form+"]")
			}
		}
	}
	slices.Sort(missing)
	return missing
}

// Keys lists the keys of part in its Swedish file, sorted.
func (c *Catalogue) Keys(part string) []string {
	var keys []string
	for key := range c.texts[Source] {
		if c.part[key] == part {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	return keys
}

// Forms returns key's texts in lang by plural form name; a text without
// plural forms has only "other".
func (c *Catalogue) Forms(lang, key string) map[string]string {
	m := c.texts[lang][key]
	if m == nil {
		return nil
	}
	out := make(map[string]string)
	for _, form := range allForms {
		if s := formText(m, form); s != "" {
			out[form] = s
		}
	}
	return out
}

var allForms = []string{"zero", "one", "two", "few", "many", "other"}

func isPlural(m *i18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

func formText(m *i18n.Message, form string) string {
	switch form {
	case "zero":
		return m.Zero
	case "one":
		return m.One
	case "two":
		return m.Two
	case "few":
		return m.Few
	case "many":
		return m.Many
	}
	return m.Other
}

// pluralForms finds the CLDR plural forms lang's rule uses for whole
// numbers, by asking go-i18n (whose rules are the ones Plural uses) to
// pick a form for 0 to 1000 from a probe text that names each form.
func pluralForms(lang string) []string {
	probe := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	b := i18n.NewBundle(language.Make(lang))
	if err := b.AddMessages(language.Make(lang), probe); err != nil {
		return []string{"other"}
	}
	l := i18n.NewLocalizer(b, lang)
	seen := map[string]bool{}
	for n := 0; n <= 1000; n++ {
		s, err := l.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n, TemplateParser: template.IdentityParser{}})
		if err == nil {
			seen[s] = true
		}
	}
	var forms []string
	for _, f := range allForms {
		if seen[f] {
			forms = append(forms, f)
		}
	}
	return forms
}

var embedded = sync.OnceValue(func() *Catalogue {
	c, err := Load(files)
	if err != nil {
		// The files are embedded at build time and the tests load them:
		// a broken file never gets this far.
		panic(err)
	}
	return c
})

// Embedded returns the catalogue built into the binary.
func Embedded() *Catalogue { return embedded() }
