package handlers

import (
	"context"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
)

// surveyList is every survey's newest version, as the start page lists
// them and as the definition cache finds a slug's newest version. It is
// read by one scan of the surveys collection, which on the embedded
// engine decodes every stored version of every survey: a small
// collection that only staff write (a version is added only once the one
// before has answers), but read per request it made the start page's
// cost grow with it, and store.Survey, which the definitions were read
// with, scanned it for every slug a client made up. Kept in a
// refreshCache for surveyListTTL, and dropped whenever this process's
// store writes a survey (forgetDefinitions).
type surveyList struct {
	all    []store.SurveySummary
	bySlug map[string]store.SurveySummary
}

// surveyListTTL is how long the list is kept. Another instance's change
// shows within twice this, and a definition read by the version the list
// names (loadDefinition) within twice this plus twice the definition
// cache's own lifetime; a change of status is made in place and shows
// within the definition cache's alone.
const surveyListTTL = 5 * time.Second

// surveyListKey is the one key of the list's refreshCache.
const surveyListKey = ""

func (s *Server) loadSurveyList(ctx context.Context, _ string) (*surveyList, error) {
	all, err := s.store.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	l := &surveyList{all: all, bySlug: make(map[string]store.SurveySummary, len(all))}
	for _, sv := range all {
		l.bySlug[sv.Slug] = sv
	}
	return l, nil
}

// surveys is the list of every survey's newest version.
func (s *Server) surveys(ctx context.Context) (*surveyList, error) {
	return s.surveyIndex.get(ctx, surveyListKey)
}

// loadDefinition reads slug's newest definition by its _id, the version
// the list names: a lookup by key on every engine. A slug the list does
// not hold is not found without a read.
func (s *Server) loadDefinition(ctx context.Context, slug string) (*models.Survey, error) {
	list, err := s.surveys(ctx)
	if err != nil {
		return nil, err
	}
	sum, ok := list.bySlug[slug]
	if !ok {
		return nil, models.Errorf(models.ErrNotFound, "no survey %q", slug)
	}
	return s.store.SurveyVersion(ctx, slug, sum.Version)
}
