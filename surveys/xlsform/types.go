package xlsform

import (
	"strings"

	"medborgardialog/models"
)

// What a type column asks for.
const (
	kindQuestion = iota + 1
	kindNote
	kindBeginGroup
	kindEndGroup
	kindBeginRepeat
	kindEndRepeat
	kindBeginBlock // KoboToolbox's matrix, score and rank blocks
	kindEndBlock
	kindMeta        // start, end, today: skipped, see doc.go
	kindUnsupported // a known XLSForm type the service cannot offer
)

type typeInfo struct {
	kind int
	code string // for kindUnsupported: the problem code
	// qtype is the question type of kindQuestion; list says it names a
	// choice list.
	qtype string
	list  bool
}

// xlsTypes maps XLSForm's types, with the aliases pyxform accepts, to what
// the service does with them.
var xlsTypes = map[string]typeInfo{
	"select_one":            {kind: kindQuestion, qtype: models.TypeSingle, list: true},
	"select1":               {kind: kindQuestion, qtype: models.TypeSingle, list: true},
	"select_multiple":       {kind: kindQuestion, qtype: models.TypeMulti, list: true},
	"select_all_that_apply": {kind: kindQuestion, qtype: models.TypeMulti, list: true},
	// pyxform's longer spellings (pyxform/aliases.py, select).
	"select_one_from":                  {kind: kindQuestion, qtype: models.TypeSingle, list: true},
	"select_all_that_apply_from":       {kind: kindQuestion, qtype: models.TypeMulti, list: true},
	"add_select_one_prompt_using":      {kind: kindQuestion, qtype: models.TypeSingle, list: true},
	"add_select_multiple_prompt_using": {kind: kindQuestion, qtype: models.TypeMulti, list: true},
	"integer":                          {kind: kindQuestion, qtype: models.TypeNumber},
	"int":                              {kind: kindQuestion, qtype: models.TypeNumber},
	"text":                             {kind: kindQuestion, qtype: models.TypeText},
	"string":                           {kind: kindQuestion, qtype: models.TypeText},
	"note":                             {kind: kindNote},
	"begin_group":                      {kind: kindBeginGroup},
	"end_group":                        {kind: kindEndGroup},
	"begin_repeat":                     {kind: kindBeginRepeat},
	"begin_loop":                       {kind: kindBeginRepeat},
	"end_repeat":                       {kind: kindEndRepeat},
	"end_loop":                         {kind: kindEndRepeat},
	"begin_kobomatrix":                 {kind: kindBeginBlock, code: CodeUnsupportedType},
	"begin_score":                      {kind: kindBeginBlock, code: CodeUnsupportedType},
	"begin_rank":                       {kind: kindBeginBlock, code: CodeRank},
	"end_kobomatrix":                   {kind: kindEndBlock},
	"end_score":                        {kind: kindEndBlock},
	"end_rank":                         {kind: kindEndBlock},
	"start":                            {kind: kindMeta},
	"end":                              {kind: kindMeta},
	"today":                            {kind: kindMeta},

	"calculate":                 {kind: kindUnsupported, code: CodeCalculate},
	"geopoint":                  {kind: kindUnsupported, code: CodeGeo},
	"geotrace":                  {kind: kindUnsupported, code: CodeGeo},
	"geoshape":                  {kind: kindUnsupported, code: CodeGeo},
	"start-geopoint":            {kind: kindUnsupported, code: CodeGeo},
	"image":                     {kind: kindUnsupported, code: CodeMedia},
	"photo":                     {kind: kindUnsupported, code: CodeMedia},
	"audio":                     {kind: kindUnsupported, code: CodeMedia},
	"video":                     {kind: kindUnsupported, code: CodeMedia},
	"file":                      {kind: kindUnsupported, code: CodeMedia},
	"background-audio":          {kind: kindUnsupported, code: CodeMedia},
	"date":                      {kind: kindUnsupported, code: CodeDateTime},
	"time":                      {kind: kindUnsupported, code: CodeDateTime},
	"datetime":                  {kind: kindUnsupported, code: CodeDateTime},
	"decimal":                   {kind: kindUnsupported, code: CodeDecimal},
	"range":                     {kind: kindUnsupported, code: CodeRange},
	"rank":                      {kind: kindUnsupported, code: CodeRank},
	"select_one_from_file":      {kind: kindUnsupported, code: CodeFromFile},
	"select_multiple_from_file": {kind: kindUnsupported, code: CodeFromFile},
	"select_one_external":       {kind: kindUnsupported, code: CodeFromFile},
	"acknowledge":               {kind: kindUnsupported, code: CodeAcknowledge},
	"trigger":                   {kind: kindUnsupported, code: CodeAcknowledge},
	"barcode":                   {kind: kindUnsupported, code: CodeBarcode},
	"deviceid":                  {kind: kindUnsupported, code: CodeIdentifying},
	"imei":                      {kind: kindUnsupported, code: CodeIdentifying},
	"username":                  {kind: kindUnsupported, code: CodeIdentifying},
	"phonenumber":               {kind: kindUnsupported, code: CodeIdentifying},
	"phone_number":              {kind: kindUnsupported, code: CodeIdentifying},
	"simserial":                 {kind: kindUnsupported, code: CodeIdentifying},
	"subscriberid":              {kind: kindUnsupported, code: CodeIdentifying},
	"email":                     {kind: kindUnsupported, code: CodeIdentifying},
	"audit":                     {kind: kindUnsupported, code: CodeIdentifying},
	"hidden":                    {kind: kindUnsupported, code: CodeUnsupportedType},
	"xml-external":              {kind: kindUnsupported, code: CodeUnsupportedType},
	"csv-external":              {kind: kindUnsupported, code: CodeUnsupportedType},
	"osm":                       {kind: kindUnsupported, code: CodeUnsupportedType},
}

// maxTypeWords is the most words a type keyword has: "add select
// multiple prompt using", "select all that apply from".
const maxTypeWords = 5

// parseType splits a type cell into its keyword and what follows:
// "select_one yes_no", "select one yes_no", "begin group", "dateTime".
// Keywords are matched without regard to case; list names keep theirs.
func parseType(s string) (keyword string, args []string) {
	words := strings.Fields(s)
	// The longest run of words that joins into a known keyword wins, so
	// "select one from file x" is not read as "select one" of list "from".
	for n := min(len(words), maxTypeWords); n >= 1; n-- {
		k := strings.ToLower(strings.Join(words[:n], "_"))
		if _, ok := xlsTypes[k]; ok {
			return k, words[n:]
		}
	}
	if len(words) == 0 {
		return "", nil
	}
	return strings.ToLower(words[0]), words[1:]
}
