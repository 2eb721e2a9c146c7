package surveys

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"medborgardialog/models"
)

// PlaceProblem is one thing wrong with a places catalogue: where (in the
// catalogue's own terms, e.g. schools[2].area), a code, and what the
// message needs. The HTTP layer says it in the user's language.
type PlaceProblem struct {
	Path string `json:"field"`
	Code string `json:"code"`
	Arg  string `json:"arg,omitempty"`
}

// CodeCharacters is a place text holding a control character or an
// invisible format character (models.CheckChars): a school name with
// U+202E in it reads backwards, and one with U+200B looks like another.
const CodeCharacters = "characters"

// Limits of a catalogue: a municipality has dozens of areas and schools;
// a police region serving several, a few hundred.
const (
	maxAreas      = 200
	maxSchools    = 500
	maxPlaceName  = 100
	maxPlacePart  = 100
	maxGradesEach = 20
)

// ParsePlaces reads a catalogue from YAML or JSON (which YAML reads too).
// Unknown fields are refused, so a typo is not silently dropped; a file
// over the YAML limits is a *YAMLLimitError.
func ParsePlaces(data []byte) (*models.Places, error) {
	if err := CheckYAMLLimits(data); err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	var p models.Places
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	return &p, nil
}

// CheckPlaces lists every problem with a catalogue. Area values and the
// grades schools teach become stored values, so they follow the rules of
// option values; a school's area must be one of the areas.
func CheckPlaces(p *models.Places) []PlaceProblem {
	var ps []PlaceProblem
	add := func(path, code, arg string) { ps = append(ps, PlaceProblem{Path: path, Code: code, Arg: arg}) }
	if len(p.Areas) > maxAreas {
		add("areas", models.CodeOutOfRange, strconv.Itoa(maxAreas))
	}
	if len(p.Schools) > maxSchools {
		add("schools", models.CodeOutOfRange, strconv.Itoa(maxSchools))
	}
	if len(ps) > 0 {
		return ps
	}
	text := func(path, v string, max int, required bool) {
		switch {
		case strings.TrimSpace(v) == "" && required:
			add(path, models.CodeRequired, "")
		case utf8.RuneCountInString(v) > max:
			add(path, models.CodeOutOfRange, strconv.Itoa(max))
		case badChars(v):
			add(path, CodeCharacters, "")
		}
	}
	areas := map[string]bool{}
	valid := make([]string, 0, len(p.Areas))
	for i, a := range p.Areas {
		at := fmt.Sprintf("areas[%d]", i)
		switch {
		case !models.ValidID(a.Value):
			add(at+".value", models.CodeInvalid, "")
		case areas[a.Value]:
			add(at+".value", models.CodeDuplicate, a.Value)
		}
		areas[a.Value] = true
		valid = append(valid, a.Value)
		if strings.TrimSpace(a.Label[models.LangSV]) == "" {
			add(at+".label.sv", models.CodeRequired, "")
		}
		for _, lang := range slices.Sorted(maps.Keys(a.Label)) { // problems in a stable order
			v := a.Label[lang]
			if !models.IsLanguage(lang) {
				add(at+".label."+lang, models.CodeInvalid, "")
			}
			text(at+".label."+lang, v, maxPlaceName, false)
		}
		text(at+".part", a.Part, maxPlacePart, false)
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for i, s := range p.Schools {
		at := fmt.Sprintf("schools[%d]", i)
		switch {
		case !models.ValidSlug(s.ID):
			add(at+".id", models.CodeInvalid, "")
		case ids[s.ID]:
			add(at+".id", models.CodeDuplicate, s.ID)
		}
		ids[s.ID] = true
		text(at+".name", s.Name, maxPlaceName, true)
		if key := placeKey(s.Name); key != "" && names[key] {
			add(at+".name", models.CodeDuplicate, s.Name)
		} else {
			names[key] = true
		}
		if !areas[s.Area] {
			add(at+".area", models.CodeUnknownReference, strings.Join(valid, ", "))
		}
		if len(s.Grades) > maxGradesEach {
			add(at+".grades", models.CodeOutOfRange, strconv.Itoa(maxGradesEach))
		}
		for j, g := range s.Grades {
			if !models.ValidID(g) || slices.Index(s.Grades, g) != j {
				add(fmt.Sprintf("%s.grades[%d]", at, j), models.CodeInvalid, g)
			}
		}
	}
	return capPlaceProblems(ps)
}

// maxPlaceProblems caps the list: a catalogue of 500 schools all naming
// an unknown area would otherwise answer with 500 copies of the list of
// areas, megabytes, and nobody reads past the first screen anyway.
const maxPlaceProblems = 100

// CodeTooManyProblems ends a capped list; Arg is how many were left out.
const CodeTooManyProblems = "too_many_problems"

func capPlaceProblems(ps []PlaceProblem) []PlaceProblem {
	return models.CapProblems(ps, maxPlaceProblems, func(left int) PlaceProblem {
		return PlaceProblem{Code: CodeTooManyProblems, Arg: strconv.Itoa(left)}
	})
}

// placeKey is how a free-text place is compared: lower case, without
// spaces, dashes or dots, so "Björksätra skolan" matches "Björksätraskolan".
func placeKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' || r == '_' {
			return -1
		}
		return r
	}, s)
}

// gradeRe reads a school year as people type it: "8", "åk 8", "Åk8",
// "8A", "årskurs 8", "ak8".
var gradeRe = regexp.MustCompile(`^(?:åk|ak|årskurs|arskurs|klass)?([1-9])[a-zåäö]?$`)

// gyRe reads an upper-secondary year: "gy 1", "gymnasiet år 1", "gy1".
var gyRe = regexp.MustCompile(`^(?:gy|gymnasiet|gymnasiets)(?:år)?([1-3])[a-zåäö]?$`)

// MatchGrade maps a free-text grade to the option value of the survey's
// grade question (grades), or reports false when that is not unambiguous.
func MatchGrade(grades *models.Question, s string) (string, bool) {
	if grades == nil {
		return "", false
	}
	if _, ok := grades.Option(s); ok {
		return s, true
	}
	key := placeKey(s)
	for _, o := range grades.Options {
		if placeKey(o.Label.In(models.LangSV)) == key || placeKey(o.Value) == key {
			return o.Value, true
		}
	}
	var want string
	if m := gradeRe.FindStringSubmatch(key); m != nil {
		want = "ak" + m[1]
	} else if m := gyRe.FindStringSubmatch(key); m != nil {
		want = "gy" + m[1]
	}
	if _, ok := grades.Option(want); ok && want != "" {
		return want, true
	}
	return "", false
}

// IsSchoolYear reports whether a grade option's value names a school
// year ("ak8", "gy1"), as opposed to an answer such as "annat", which
// no school teaches.
func IsSchoolYear(value string) bool {
	key := placeKey(value)
	return gradeRe.MatchString(key) || gyRe.MatchString(key)
}

// MatchArea maps a free-text area to an area of the catalogue by value
// or by label in any language.
func MatchArea(p *models.Places, s string) (string, bool) {
	key := placeKey(s)
	for _, a := range p.Areas {
		if a.Value == s || placeKey(a.Value) == key {
			return a.Value, true
		}
		for _, l := range a.Label {
			if placeKey(l) == key {
				return a.Value, true
			}
		}
	}
	return "", false
}

// AreaMatcher is MatchArea for many lookups in one catalogue: the keys
// are made once, so reading a sheet of 500 schools does not compare each
// with every area's every label. The first area that matches wins, as in
// MatchArea.
func AreaMatcher(p *models.Places) func(string) (string, bool) {
	exact, byKey := map[string]string{}, map[string]string{}
	first := func(m map[string]string, k, v string) {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
	for _, a := range p.Areas {
		first(exact, a.Value, a.Value)
		first(byKey, placeKey(a.Value), a.Value)
		for _, lang := range slices.Sorted(maps.Keys(a.Label)) {
			first(byKey, placeKey(a.Label[lang]), a.Value)
		}
	}
	return func(s string) (string, bool) {
		if v, ok := exact[s]; ok {
			return v, true
		}
		v, ok := byKey[placeKey(s)]
		return v, ok
	}
}

// MatchSchool maps a free-text school to a school of the catalogue by id
// or by name.
func MatchSchool(p *models.Places, s string) (*models.School, bool) {
	if sc, ok := p.School(s); ok {
		return sc, true
	}
	key := placeKey(s)
	for i := range p.Schools {
		if placeKey(p.Schools[i].Name) == key {
			return &p.Schools[i], true
		}
	}
	return nil, false
}

// DimensionQuestion returns the survey's question marking dim, if any.
func DimensionQuestion(sv *models.Survey, dim string) *models.Question {
	for i := range sv.Questions {
		if sv.Questions[i].Dimension == dim {
			return &sv.Questions[i]
		}
	}
	return nil
}

// BuiltinPlaces is the catalogue shipped in the binary (Sandviken's),
// which an empty database starts with.
func BuiltinPlaces() (*models.Places, error) {
	data, err := builtinFS.ReadFile("builtin/places/sandviken.yaml")
	if err != nil {
		return nil, fmt.Errorf("surveys: built-in places: %w", err)
	}
	p, err := ParsePlaces(data)
	if err != nil {
		return nil, err
	}
	if ps := CheckPlaces(p); len(ps) > 0 {
		return nil, fmt.Errorf("surveys: built-in places: %v", ps)
	}
	return p, nil
}

// MapSession maps a session's free-text places, as stored before there
// was a catalogue, to the catalogue's values: a school by id or name (its
// area then follows from it), a grade to the option value of the survey's
// grade question (grades), an area by value or label. A value that does
// not match unambiguously is returned as it is; the lägesbild counts it
// as not known. Values already in the catalogue map to themselves, so
// mapping again changes nothing.
func MapSession(p *models.Places, grades *models.Question, school, grade, area string) (string, string, string) {
	if p == nil {
		return school, grade, area
	}
	mappedSchool := false
	if school != "" {
		if sc, ok := MatchSchool(p, school); ok {
			school, area, mappedSchool = sc.ID, sc.Area, true
		}
	}
	if grade != "" {
		if g, ok := MatchGrade(grades, grade); ok {
			grade = g
		}
	}
	if area != "" && !mappedSchool {
		if a, ok := MatchArea(p, area); ok {
			area = a
		}
	}
	return school, grade, area
}

// PlaceID makes an id from a name: lower case a–z and digits, Swedish
// letters without their marks, other characters as sep, at most 32
// ("Östra Sandbacka skola" → ostra-sandbacka-skola; models.Slugify). A
// name that does not start with a letter gets fallback before it, and a
// name without one such letter is fallback.
func PlaceID(name string, sep rune, fallback string) string {
	id := models.Slugify(name, byte(sep), 32)
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		id = strings.Trim(fallback+string(sep)+id, string(sep))
	}
	if len(id) < 2 {
		id = fallback
	}
	return id
}

// UniqueID adds sep and 2, 3 … to id until taken says it is free.
func UniqueID(id string, sep rune, taken func(string) bool) string {
	out := id
	for n := 2; taken(out); n++ {
		out = fmt.Sprintf("%s%c%d", id, sep, n)
	}
	return out
}
