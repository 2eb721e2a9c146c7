package models

// Series is every indicator of a survey across all waves of its series:
// the surveys linked by compare_with, oldest first, with any outside
// figures placed among them by wave. Figures of the service's own waves
// have passed disclosure control; outside figures are published already.
type Series struct {
	Survey string       `json:"survey"`
	Waves  []SeriesWave `json:"waves"`
	// OutsideLeftOut is set when filters were applied: outside figures
	// describe everyone and cannot be filtered, so they are not shown.
	OutsideLeftOut bool              `json:"outside_left_out,omitempty"`
	Indicators     []SeriesIndicator `json:"indicators"`
}

// SeriesWave is one wave: a survey of this service or an outside source.
type SeriesWave struct {
	Wave    string `json:"wave"`
	Survey  string `json:"survey,omitempty"`
	Version int    `json:"version,omitempty"`
	Source  string `json:"source,omitempty"`
	Outside bool   `json:"outside,omitempty"`
}

// SeriesIndicator is one indicator across the waves that have it.
type SeriesIndicator struct {
	ID     string        `json:"id"`
	Label  Text          `json:"label"`
	Better string        `json:"better"`
	Points []SeriesPoint `json:"waves"`
	// Changes are between consecutive points; Overall is from the first
	// point to the latest. Both are only called clear where no break lies
	// between them and the interval test says so.
	Changes []SeriesChange `json:"changes"`
	Overall *SeriesChange  `json:"overall,omitempty"`
}

// SeriesPoint is an indicator in one wave. A hidden figure has N and
// Share nil and NBelow set; nothing else about it is shown.
type SeriesPoint struct {
	Wave    string   `json:"wave"`
	Survey  string   `json:"survey,omitempty"`
	Source  string   `json:"source,omitempty"`
	Outside bool     `json:"outside,omitempty"`
	N       *int     `json:"n"`
	Share   *float64 `json:"share"`
	CILow   *float64 `json:"ci_low"`
	CIHigh  *float64 `json:"ci_high"`
	Hidden  bool     `json:"hidden,omitempty"`
	NBelow  int      `json:"n_below,omitempty"`
	// Break is set when this point cannot be compared with the one
	// before it, and says what changed.
	Break *Break `json:"break,omitempty"`
}

// Break codes: what changed between two waves of an indicator.
const (
	BreakQuestion = "question" // it counts another question or grid row
	BreakText     = "text"     // the question's (or row's) wording
	BreakOptions  = "options"  // the answer options
	BreakCount    = "count"    // which options count
	BreakExclude  = "exclude"  // which options are left out
	BreakSource   = "source"   // one side is an outside figure
)

// Break says what changed between two waves.
type Break struct {
	Changed []string `json:"changed"`
}

// SeriesChange is the change between two points of a series.
type SeriesChange struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	DiffPP float64 `json:"diff_pp"`
	// Significant is true only when the interval test finds a clear change
	// and no break lies between the two points.
	Significant bool   `json:"significant"`
	Direction   string `json:"direction"` // better, worse or unclear
	Break       bool   `json:"break,omitempty"`
}
