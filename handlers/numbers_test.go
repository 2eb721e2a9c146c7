package handlers

import (
	"fmt"
	"math"
	"testing"
)

func TestNumbersInEachLanguage(t *testing.T) {
	const sp, minus = "\u00a0", "\u2212"
	for _, tc := range []struct {
		name, got, want string
	}{
		{"sv small", formatInt("sv", 26), "26"},
		{"sv four digits", formatInt("sv", 1500), "1" + sp + "500"},
		{"sv millions", formatInt("sv", 1234567), "1" + sp + "234" + sp + "567"},
		{"sv negative", formatInt("sv", -1500), minus + "1" + sp + "500"},
		{"en thousands", formatInt("en", 1500), "1,500"},
		{"en millions", formatInt("en", 1234567), "1,234,567"},
		{"ar thousands", formatInt("ar", 1500), "1,500"},
		{"sv zero", formatInt("sv", 0), "0"},
		{"sv smallest int", formatInt("sv", math.MinInt64), minus + "9" + sp + "223" + sp + "372" + sp + "036" + sp + "854" + sp + "775" + sp + "808"},

		{"sv decimal", formatDecimal("sv", 23.34, 1), "23,3"},
		{"en decimal", formatDecimal("en", 23.34, 1), "23.3"},
		{"sv grouped decimal", formatDecimal("sv", 1234.56, 1), "1" + sp + "234,6"},
		{"sv negative decimal", formatDecimal("sv", -2.64, 1), minus + "2,6"},
		{"half rounds away from zero", formatDecimal("sv", 12.5, 0), "13"},
		{"negative zero has no sign", formatDecimal("sv", -0.04, 1), "0,0"},

		{"sv percent", formatPercent("sv", 0.2333, 1), "23,3 %"},
		{"en percent", formatPercent("en", 0.2333, 1), "23.3 %"},
		{"sv whole", formatPercent("sv", 1, 1), "100,0 %"},
		{"sv tens", formatPercent("sv", 0.3, 0), "30 %"},
		{"ar percent", formatPercent("ar", 0.23, 0), "23٪"},
		{"a half percent rounds up", formatPercent("sv", 0.125, 0), "13 %"},
		{"sv interval", formatPercentRange("sv", 0.201, 0.265, 1), "20,1–26,5 %"},
		{"en interval", formatPercentRange("en", 0.201, 0.265, 1), "20.1–26.5 %"},

		{"sv plus", formatSigned("sv", 3.14, 1), "+3,1"},
		{"sv minus", formatSigned("sv", -3.14, 1), minus + "3,1"},
		{"en minus", formatSigned("en", -3.14, 1), minus + "3.1"},
		{"no change has no sign", formatSigned("sv", 0.04, 1), "0,0"},
		{"sv pp", formatPP("sv", -2.63), minus + "2,6 procentenheter"},
		{"sv pp up", formatPP("sv", 2.63), "+2,6 procentenheter"},
		{"en pp", formatPP("en", -2.63), minus + "2.6 percentage points"},

		{"sv in a text", fmt.Sprintf("%d unga har svarat.", intIn("sv", 1500)), "1" + sp + "500 unga har svarat."},
		{"en in a text", fmt.Sprintf("%d young people", intIn("en", 1500)), "1,500 young people"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("%q, want %q", tc.got, tc.want)
			}
		})
	}
}
