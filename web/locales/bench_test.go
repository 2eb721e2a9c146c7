package locales

import "testing"

// Reading the embedded files, once per process (the first page pays it).
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(files); err != nil {
			b.Fatal(err)
		}
	}
}

// One text, as a page asks for it dozens of times: found, and falling back
// to Swedish.
func BenchmarkText(b *testing.B) {
	c := Embedded()
	for b.Loop() {
		_ = c.Text("ar", "form.submit")
		_ = c.Text("ar", "staff.logout")
	}
}

func BenchmarkPlural(b *testing.B) {
	c := Embedded()
	for b.Loop() {
		_ = c.Plural("sv", "surveyadmin.draft_ok", 1)
	}
}
