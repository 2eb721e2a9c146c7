package export

import (
	"strings"

	"medborgardialog/disclosure"
)

// exactRule adds no noise: for the tests of counting itself, which compare
// the Tally's counts with a naive loop. That the service's figures carry
// noise is tested through Results (TestResultsArePerturbed) and through
// the HTTP API; this rule is not reachable from outside the tests.
func exactRule() disclosure.Rule {
	pt, err := disclosure.ParseTSV(strings.NewReader("# parameters: D=1 V=1e-300 JS=0\ncount\tnoise\tprobability\tcumulative\n" +
		"0\t0\t1\t1\n1\t0\t1\t1\n2\t0\t1\t1\n"))
	if err != nil {
		panic(err)
	}
	return disclosure.NewRule(pt)
}

// exactTally is a Tally that counts without noise.
func exactTally(t *Tally) *Tally {
	t.rule = exactRule()
	return t
}
