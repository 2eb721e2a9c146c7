package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"

	"github.com/google/uuid"

	"medborgardialog/models"
)

// submission is one answer set as the answer page would send it. Answers
// hold the values the service stores after checking them (string,
// []string in definition order, map[string]string, int64), so the bare
// baseline can insert exactly what the service would.
type submission struct {
	ID      string         `json:"submission_id"`
	Session string         `json:"session,omitempty"` // a join code, with -sessions
	Lang    string         `json:"lang"`
	Answers map[string]any `json:"answers"`
}

// fetchSurvey reads an open survey's definition from the public API, so the
// tool works for any survey the service offers.
func fetchSurvey(ctx context.Context, client *http.Client, base, slug string) (*models.Survey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/surveys/"+slug, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch survey %q: %w", slug, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("fetch survey %q: %w", slug, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch survey %q: status %d: %s", slug, resp.StatusCode, body)
	}
	var sv models.Survey
	if err := json.Unmarshal(body, &sv); err != nil {
		return nil, fmt.Errorf("fetch survey %q: %w", slug, err)
	}
	if len(sv.Questions) == 0 {
		return nil, fmt.Errorf("fetch survey %q: definition has no questions", slug)
	}
	return &sv, nil
}

// freeTexts are what young people plausibly write in the free-text
// question: no names, numbers or addresses, so scrubbing changes nothing.
var freeTexts = []string{
	"Mer belysning vid busshållplatsen och i parken.",
	"Fler vuxna ute på kvällarna, särskilt på helgerna.",
	"Att polisen pratar med oss och inte bara kör förbi.",
	"Fritidsgården borde ha öppet längre.",
	"Det känns otryggt vid resecentrum när det är mörkt.",
	"More things to do for young people in the evening.",
	"Bra att ni frågar oss!",
}

// generator draws realistic, valid answer sets from a definition.
type generator struct {
	sv  *models.Survey
	rng *rand.Rand
}

func newGenerator(sv *models.Survey, seed uint64) *generator {
	return &generator{sv: sv, rng: rand.New(rand.NewPCG(seed, 0x6c6f616467656e))}
}

// next returns a new submission with a fresh id. Questions are answered
// in order so skip logic sees the earlier answers: a hidden question is
// never answered, a multi never exceeds max_choices, a required question
// is always answered (a required grid row by row).
func (g *generator) next() *submission {
	langs := g.sv.Languages
	if len(langs) == 0 {
		langs = []string{models.LangSV}
	}
	sub := &submission{
		ID:      uuid.NewString(),
		Lang:    langs[g.rng.IntN(len(langs))],
		Answers: make(map[string]any, len(g.sv.Questions)),
	}
	for i := range g.sv.Questions {
		q := &g.sv.Questions[i]
		if !shown(q, sub.Answers) {
			continue
		}
		if !q.Required && g.rng.Float64() < 0.08 { // skipped
			continue
		}
		if v := g.answer(q); v != nil {
			sub.Answers[q.ID] = v
		}
	}
	return sub
}

func (g *generator) answer(q *models.Question) any {
	switch q.Type {
	case models.TypeSingle, models.TypeScale:
		if len(q.Options) == 0 {
			return nil
		}
		return q.Options[g.rng.IntN(len(q.Options))].Value
	case models.TypeMulti:
		if len(q.Options) == 0 {
			return nil
		}
		most := min(len(q.Options), 3)
		if q.MaxChoices > 0 {
			most = min(most, q.MaxChoices)
		}
		k := 1 + g.rng.IntN(most)
		picked := g.rng.Perm(len(q.Options))[:k]
		slices.Sort(picked) // definition order, as the service stores it
		out := make([]string, k)
		for i, p := range picked {
			out[i] = q.Options[p].Value
		}
		return out
	case models.TypeGrid:
		if len(q.Options) == 0 || len(q.Rows) == 0 {
			return nil
		}
		out := make(map[string]string, len(q.Rows))
		for _, r := range q.Rows {
			if !q.Required && g.rng.Float64() < 0.05 {
				continue
			}
			out[r.Value] = q.Options[g.rng.IntN(len(q.Options))].Value
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case models.TypeNumber:
		lo, hi := int64(0), int64(100)
		if q.Min != nil {
			lo = *q.Min
		}
		if q.Max != nil {
			hi = *q.Max
		}
		if hi < lo {
			return nil
		}
		return lo + g.rng.Int64N(hi-lo+1)
	case models.TypeText:
		if g.rng.Float64() < 0.7 {
			return nil // most young people leave free text empty
		}
		t := []rune(freeTexts[g.rng.IntN(len(freeTexts))])
		if q.MaxLength > 0 && len(t) > q.MaxLength {
			t = t[:q.MaxLength]
		}
		return string(t)
	}
	return nil
}

// shown applies a question's skip logic to the answers so far.
func shown(q *models.Question, answers map[string]any) bool {
	if q.ShowIf == nil {
		return true
	}
	switch v := answers[q.ShowIf.Question].(type) {
	case string:
		return slices.Contains(q.ShowIf.AnyOf, v)
	case []string:
		for _, x := range v {
			if slices.Contains(q.ShowIf.AnyOf, x) {
				return true
			}
		}
	}
	return false
}
