package followup

import (
	"context"
	"fmt"

	"medborgardialog/models"
)

// MaxWaves bounds a series, so a long or looping compare_with chain costs
// a known number of scans.
const MaxWaves = 12

// Lookup finds the newest definition of a survey by slug; it returns an
// error with models.ErrNotFound when there is none.
type Lookup func(ctx context.Context, slug string) (*models.Survey, error)

// Chain follows compare_with back from latest and returns the series'
// surveys oldest first, latest last. A wave whose survey is gone, a loop
// or more than MaxWaves ends the chain there, since the waves found so
// far are still a valid series.
func Chain(ctx context.Context, latest *models.Survey, find Lookup) ([]*models.Survey, error) {
	chain := []*models.Survey{latest}
	seen := map[string]bool{latest.Slug: true}
	for cur := latest; cur.CompareWith != "" && len(chain) < MaxWaves && !seen[cur.CompareWith]; {
		prev, err := find(ctx, cur.CompareWith)
		if models.ErrorCode(err) == models.ErrNotFound {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("followup: series of %s: %w", latest.Slug, err)
		}
		seen[prev.Slug] = true
		chain = append(chain, prev)
		cur = prev
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain, nil
}

// WaveName is how a survey is named as a wave: its wave label, else its slug.
func WaveName(sv *models.Survey) string {
	if sv.Wave != "" {
		return sv.Wave
	}
	return sv.Slug
}

// Reader is what a series needs from the store.
type Reader interface {
	Survey(ctx context.Context, slug string) (*models.Survey, error)
	OutsideFigures(ctx context.Context, surveys []string) ([]models.OutsideFigure, error)
	Plan(ctx context.Context, id string) (*models.Plan, error)
}

// Context is what a series needs besides the figures: its surveys oldest
// first (the last is the survey asked for), the outside figures loaded
// for any of them, and the action plan of the survey's promise.
type Context struct {
	Chain   []*models.Survey
	Outside []models.OutsideFigure
	Plan    *models.Plan // nil when the survey names no promise with a plan
}

// Gather reads the series context of sv.
func Gather(ctx context.Context, st Reader, sv *models.Survey) (*Context, error) {
	chain, err := Chain(ctx, sv, st.Survey)
	if err != nil {
		return nil, err
	}
	slugs := make([]string, len(chain))
	for i, w := range chain {
		slugs[i] = w.Slug
	}
	fc := &Context{Chain: chain}
	if fc.Outside, err = st.OutsideFigures(ctx, slugs); err != nil {
		return nil, fmt.Errorf("followup: series of %s: %w", sv.Slug, err)
	}
	if sv.Promise != nil && sv.Promise.ID != "" {
		fc.Plan, err = st.Plan(ctx, sv.Promise.ID)
		if models.ErrorCode(err) == models.ErrNotFound {
			fc.Plan, err = nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("followup: plan of %s: %w", sv.Slug, err)
		}
	}
	return fc, nil
}
