package export

import "medborgardialog/models"

// Results are a survey's figures after disclosure control: plain data for
// the JSON API, the projector and the workbook. Shares are fractions in
// [0, 1]; n is always the number of respondents a figure is counted over.
//
// A hidden figure has Hidden set, its n left out and every other number
// zero (options are left out altogether), so no output can show a number
// that disclosure control removed. Check Hidden before using a number.
type Results struct {
	Survey  string `json:"survey"`
	Version int    `json:"version"`
	Wave    string `json:"wave,omitempty"`
	MinCell int    `json:"min_cell"`
	// N is the number of responses. When it is below MinCell everything is
	// hidden, N included, and only that fact is shown: even "3 answered"
	// would tell a class more than it should about who took part.
	N      int  `json:"n,omitempty"`
	Hidden bool `json:"hidden,omitempty"`
	// NBelow is set on hidden Results: fewer than this many responses
	// (min_cell) are behind them. It replaces a number, which would be
	// false or too telling.
	NBelow int `json:"n_below,omitempty"`
	// Sessions counts the distinct sessions the responses came through,
	// only for a whole survey with no filter: the number of sessions of a
	// group would be an exact count beside its perturbed ones. Schools
	// counts the schools whose group of the breakdown by school is shown
	// (not hidden by disclosure control).
	Sessions int `json:"sessions,omitempty"`
	Schools  int `json:"schools,omitempty"`
	// Languages is how many answered in each language, given once, for a
	// whole survey with no filter, perturbed like any count and hidden
	// below min_cell (the Metod sheet). No figure is counted per language.
	Languages []LanguageCount `json:"languages,omitempty"`
	// Dimensions are the breakdowns present, in display order; each
	// figure's By uses these keys.
	Dimensions []string `json:"dimensions"`
	// ComparedWith is the baseline survey Compare attached, if any.
	ComparedWith *Baseline         `json:"compared_with,omitempty"`
	Indicators   []IndicatorResult `json:"indicators"`
	Questions    []QuestionResult  `json:"questions"`

	noise float64 // the variance of the noise on every count, for Compare
}

// LanguageCount is the number of respondents who answered in one
// language (Lang "" for responses stored without one). A hidden count has
// Hidden set and no N.
type LanguageCount struct {
	Lang   string `json:"lang"`
	N      int    `json:"n,omitempty"`
	Hidden bool   `json:"hidden,omitempty"`
}

// Baseline names the wave the indicators are compared with.
type Baseline struct {
	Survey string `json:"survey"`
	Wave   string `json:"wave,omitempty"`
	N      int    `json:"n,omitempty"`
}

// Share is one share with its 95% Wilson interval.
type Share struct {
	N      int     `json:"n,omitempty"`
	Count  int     `json:"count"`
	Share  float64 `json:"share"`
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
	Hidden bool    `json:"hidden,omitempty"`
}

// IndicatorResult is one key figure: the share of respondents answering
// one of the indicator's count values, among those who answered neither
// an excluded value nor an option marked exclude.
type IndicatorResult struct {
	ID       string      `json:"id"`
	Label    models.Text `json:"label"`
	Question string      `json:"question"`
	Row      string      `json:"row,omitempty"`
	Better   string      `json:"better"`
	Share
	By map[string][]GroupShare `json:"by,omitempty"`
	// Baseline and Change are set by Compare when the baseline wave shows
	// the same indicator.
	Baseline *Share  `json:"baseline,omitempty"`
	Change   *Change `json:"change,omitempty"`
}

// GroupShare is an indicator within one group of a breakdown.
type GroupShare struct {
	Group
	Share
}

// Group names a group of a breakdown. The group of respondents whose
// dimension is not known (no session value, question not answered) has
// Unknown set and an empty Value.
type Group struct {
	Value   string      `json:"group"`
	Label   models.Text `json:"label,omitempty"`
	Unknown bool        `json:"unknown,omitempty"`
}

// Distribution is how respondents answered one closed question or grid
// row. N counts respondents who answered, Valid those who gave an answer
// other than an option marked exclude.
type Distribution struct {
	N       int            `json:"n,omitempty"`
	Valid   int            `json:"valid,omitempty"`
	Hidden  bool           `json:"hidden,omitempty"`
	Options []OptionResult `json:"options,omitempty"`
}

// OptionResult is one option's count and share. The share of an ordinary
// option is of Valid; the share of an option marked exclude ("vet inte")
// is of N, so the reader sees how many could not answer without it
// distorting the others. For multi-choice questions shares are of
// respondents and may add up to more than 1.
type OptionResult struct {
	Value   string      `json:"value"`
	Label   models.Text `json:"label,omitempty"`
	Count   int         `json:"count"`
	Share   float64     `json:"share"`
	Exclude bool        `json:"exclude,omitempty"`
}

// QuestionResult is one question. Closed questions carry a Distribution
// (grids one per row in Rows); text and unbucketed number questions only
// N, the number who answered.
type QuestionResult struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	Text      models.Text `json:"text"`
	Dimension string      `json:"dimension,omitempty"`
	Distribution
	Rows []RowResult                    `json:"rows,omitempty"`
	By   map[string][]GroupDistribution `json:"by,omitempty"`
}

// RowResult is one row of a grid question.
type RowResult struct {
	Value string      `json:"value"`
	Label models.Text `json:"label"`
	Distribution
	By map[string][]GroupDistribution `json:"by,omitempty"`
}

// GroupDistribution is a question or row within one group of a breakdown.
type GroupDistribution struct {
	Group
	Distribution
}
