package redact

import (
	"strings"
	"testing"
)

const M = Marker

// TestScrubRemoves pins what must go. Each case is the input and the
// expected output.
func TestScrubRemoves(t *testing.T) {
	tests := []struct{ name, in, want string }{
		// personnummer and samordningsnummer
		{"pnr 10 digits dash", "mitt nr är 900101-1234 ok", "mitt nr är " + M + " ok"},
		{"pnr 10 digits plus", "född 100 år sedan: 230101+1234", "född 100 år sedan: " + M},
		{"pnr 10 digits bare", "0501011234", M},
		{"pnr 12 digits dash", "19900101-1234", M},
		{"pnr 12 digits bare", "pnr 200501011239.", "pnr " + M + "."},
		{"pnr space before last four", "900101 1234", M},
		{"pnr 12 digits space", "20050101 1239", M},
		{"pnr en dash", "900101–1234", M},
		{"pnr wrong luhn still removed", "900101-1235", M},
		{"samordningsnummer", "701063-2391", M},
		{"samordningsnummer 12 digits", "19701091-2391", M},
		{"pnr in parentheses", "(900101-1234)", "(" + M + ")"},
		{"pnr arabic-indic digits", "رقمي ٩٠٠١٠١-١٢٣٤", "رقمي " + M},
		// mobile numbers
		{"mobile dash and spaces", "ring 070-123 45 67!", "ring " + M + "!"},
		{"mobile spaces", "070 123 45 67", M},
		{"mobile bare", "sms:0701234567", "sms:" + M},
		{"mobile dash only", "073-1234567", M},
		{"mobile dots", "076.123.45.67", M},
		{"mobile slash", "070/123 45 67", M},
		{"mobile spaced dash", "072 - 123 45 67", M},
		{"mobile +46 spaced", "+46 70 123 45 67", M},
		{"mobile +46 bare", "+46701234567", M},
		{"mobile +46 (0)", "+46 (0)70 123 45 67", M},
		{"mobile plus space", "+ 46 70 123 45 67", M},
		{"mobile 0046", "0046 70 123 45 67", M},
		{"mobile 0046 bare", "0046701234567", M},
		{"mobile next to year", "sedan 2023 070 123 45 67", "sedan 2023 " + M},
		{"mobile then year", "070 123 45 67 2023", M + " 2023"},
		{"mobile arabic-indic", "اتصل ٠٧٠١٢٣٤٥٦٧ شكرا", "اتصل " + M + " شكرا"},
		{"mobile eastern arabic-indic", "۰۷۰-۱۲۳ ۴۵ ۶۷", M},
		{"mobile mixed digits", "٠٧0 123 ٤٥ 67", M},
		{"mobile nbsp", "070\u00a0123\u00a045\u00a067", M},
		// landlines
		{"landline 026", "026-12 34 56", M},
		{"landline 08 long", "08-123 456 78", M},
		{"landline 08 short", "08-12 34 56", M},
		{"landline parentheses", "(026) 123456", M},
		{"landline four digit area", "0171-123 45", M},
		{"landline +46 8", "+46 8 123 456 78", M},
		// international
		{"international us", "+1 555 123 4567", M},
		{"international iraq", "+964 770 123 4567", M},
		{"international bare", "+4915112345678", M},
		{"international 00", "00964 770 123 4567", M},
		{"international arabic digits", "+٩٦٤ ٧٧٠ ١٢٣ ٤٥٦٧", M},
		// e-mail
		{"email plain", "maila kalle@example.com", "maila " + M},
		{"email subaddress", "kalle+skola@gmail.com", M},
		{"email dots and subdomain", "anna.b.svensson@elev.skola.kommun.se", M},
		{"email uppercase", "KALLE.ANKA@HOTMAIL.SE.", M + "."},
		{"email swedish letters", "åsa.öberg@exempel.se", M},
		{"email digits", "kalle99@live.se", M},
		{"email in arabic", "راسلني على ali.h@gmail.com من فضلك", "راسلني على " + M + " من فضلك"},
		{"email in angle brackets", "<a_b@c-d.org>", "<" + M + ">"},
		// handles
		{"handle underscore digits", "adda mig @kalle_99", "adda mig " + M},
		{"handle dots", "snap: @lisa.andersson.", "snap: " + M + "."},
		{"handle plain letters", "@kalleanka skriv", M + " skriv"},
		{"handle in parentheses", "(@x_y)", "(" + M + ")"},
		{"handle longer than instagram allows", "@" + strings.Repeat("ab", 20) + " hej", M + " hej"},
		{"handle with a platform in it", "@instagram_kalle", M},
		{"handle glued to arabic digits", "@ali٠٧", M},
		// several in one answer
		{"phone and email", "070-123 45 67 eller kalle@x.se", M + " eller " + M},
		{"pnr and phone", "900101-1234, 08-123 456 78", M + ", " + M},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := Scrub(tt.in)
			if got != tt.want {
				t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !changed {
				t.Errorf("Scrub(%q) changed = false, want true", tt.in)
			}
		})
	}
}

// TestScrubKeeps pins what must survive untouched.
func TestScrubKeeps(t *testing.T) {
	tests := []struct{ name, in string }{
		{"year", "jag började 2023"},
		{"year range", "läsåret 2022-2023"},
		{"year range en dash", "1990–2024"},
		{"year list", "1990 2000 2010 2020"},
		{"grade åk", "jag går i åk 9"},
		{"grade årskurs", "årskurs 7"},
		{"class", "klass 9A"},
		{"price kr", "det kostar 200 kr"},
		{"price thousands", "1 500 kronor"},
		{"price decimal", "19,90"},
		{"price big", "12 000 000 kr"},
		{"time kl", "kl 22.30"},
		{"time colon", "22:00"},
		{"time morning", "08.15"},
		{"time range", "skolan är 08.30-15.00"},
		{"time range spaced", "08.30 - 10.00"},
		{"date iso", "2023-05-12"},
		{"date slash", "12/5"},
		{"date dotted", "05.12.2023"},
		{"date dotted end of sentence", "det hände 05.12.2023."},
		{"date slashes", "01/02/2024"},
		{"date range", "01.01.2024-31.12.2024"},
		{"bus", "buss 14"},
		{"emergency", "ring 112"},
		{"police", "114 14"},
		{"bris", "116 111"},
		{"mind", "90101"},
		{"vårdguiden", "1177"},
		{"service number 020", "Kvinnofridslinjen 020-50 50 50"},
		{"service number 077", "077-150 50 50"},
		{"service number international", "+46 20 50 50 50"},
		{"premium number", "0900-123 45 67"},
		{"percent", "75 %"},
		{"count", "3 av 10 elever, 45 st"},
		{"postcode", "811 34 Sandviken"},
		{"short landline", "08-123 45"},
		{"too long for a phone", "07012345678901"},
		{"bad date pnr", "901301-1234"},
		{"bad day pnr", "900132-1234"},
		{"org number", "556677-8899"},
		{"twelve digits wrong century", "219001011234"},
		{"lone at", "vi ses @ skolan"},
		{"platform", "jag såg det på @instagram"},
		{"platform tiktok", "@TikTok är kul"},
		{"at inside word", "kalle@localhost"},
		{"at before number", "@ 20 kr"},
		{"short handle", "@a"},
		{"no letters after at", "@2023"},
		{"decimals", "3.14159 och 2,71828"},
		{"sum", "5+5=10"},
		{"arabic year", "في عام ٢٠٢٣ كنت في الصف ٩"},
		{"emoji", "😀 10/10 🔥"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := Scrub(tt.in)
			if got != tt.in || changed {
				t.Errorf("Scrub(%q) = %q, %v; want it unchanged", tt.in, got, changed)
			}
		})
	}
}

// TestScrubSentences pins whole answers, where kept and removed parts meet.
func TestScrubSentences(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{
			"swedish",
			"Jag går i åk 9 på skolan sedan 2022-2023. Bussen (buss 14) går kl 07.45 och kostar 26 kr. Ring mig på 070-123 45 67 eller maila lisa.s@skola.se, mitt pnr är 080312-1234.",
			"Jag går i åk 9 på skolan sedan 2022-2023. Bussen (buss 14) går kl 07.45 och kostar 26 kr. Ring mig på " + M + " eller maila " + M + ", mitt pnr är " + M + ".",
		},
		{
			"swedish help lines",
			"Om du mår dåligt: ring 112, BRIS 116 111 eller Mind 90101. Min kompis nummer är 0739876543.",
			"Om du mår dåligt: ring 112, BRIS 116 111 eller Mind 90101. Min kompis nummer är " + M + ".",
		},
		{
			"arabic",
			"أنا في الصف ٩ منذ ٢٠٢٣. رقمي ٠٧٠١٢٣٤٥٦٧ وبريدي ahmad@hotmail.com",
			"أنا في الصف ٩ منذ ٢٠٢٣. رقمي " + M + " وبريدي " + M,
		},
		{
			"arabic with latin digits",
			"اتصل بي على +46 73 555 12 34 الساعة 22:00 🙂",
			"اتصل بي على " + M + " الساعة 22:00 🙂",
		},
		{
			"handles and platforms",
			"Följ mig på @instagram: @kalle_99 (eller snap @lisa.a) 😎",
			"Följ mig på @instagram: " + M + " (eller snap " + M + ") 😎",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := Scrub(tt.in)
			if got != tt.want {
				t.Errorf("Scrub(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if !changed {
				t.Error("changed = false, want true")
			}
		})
	}
}

func BenchmarkScrub(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1000 {
		sb.WriteString("Jag går i åk 9 sedan 2022, bussen kostar 26 kr kl 07.45. Ring 070-123 45 67 eller kalle@x.se! أنا في الصف ٩ ")
	}
	text := sb.String()[:1000]
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Scrub(text)
	}
}
