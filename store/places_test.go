package store_test

import (
	"testing"

	"medborgardialog/models"
	"medborgardialog/store/storetest"
)

// Two staff change the catalogue from the same copy: the second is told,
// so the form can make its change again on the newer copy instead of
// undoing the first.
func TestReplacePlacesRefusesAStaleCopy(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	start := &models.Places{Areas: []models.Area{{Value: "centrum", Label: models.Text{"sv": "Centrum"}}}, Schools: []models.School{}}
	if err := s.EnsurePlaces(ctx, start); err != nil {
		t.Fatal(err)
	}
	a, va, err := s.PlacesVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, vb, _ := s.PlacesVersion(ctx)
	a.Schools = append(a.Schools, models.School{ID: "a-skola", Name: "A", Area: "centrum", Active: true})
	if err := s.ReplacePlaces(ctx, a, "anna", va); err != nil {
		t.Fatalf("first change: %v", err)
	}
	b.Schools = append(b.Schools, models.School{ID: "b-skola", Name: "B", Area: "centrum", Active: true})
	if err := s.ReplacePlaces(ctx, b, "bo", vb); models.ErrorCode(err) != models.ErrConflict {
		t.Fatalf("a change from a stale copy: %v", err)
	}
	got, _, _ := s.PlacesVersion(ctx)
	if _, ok := got.School("a-skola"); !ok || len(got.Schools) != 1 {
		t.Fatalf("stored: %+v", got.Schools)
	}
}
