package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func TestSurveyDrafts(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sv := &models.Survey{Slug: "draft-test", Version: 1, Status: "draft", Languages: []string{"sv"}, Title: models.Text{"sv": "Utkast"},
		Questions: []models.Question{{ID: "q1", Type: models.TypeSingle, Text: models.Text{"sv": "Fråga"},
			Options: []models.Option{{Value: "ja", Label: models.Text{"sv": "Ja"}}}}}}

	d, err := st.InsertSurveyDraft(ctx, sv, "greta")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.ID) != 32 || d.Slug != sv.Slug || d.CreatedBy != "greta" {
		t.Fatalf("draft %+v", d)
	}
	t.Run("read back under its slug", func(t *testing.T) {
		got, err := st.SurveyDraft(ctx, sv.Slug, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&got.Survey, sv) || got.CreatedBy != "greta" {
			t.Fatalf("got %+v, want %+v", got.Survey, *sv)
		}
	})
	t.Run("not under another slug", func(t *testing.T) {
		if _, err := st.SurveyDraft(ctx, "other-survey", d.ID); models.ErrorCode(err) != models.ErrNotFound {
			t.Fatalf("err %v, want not found", err)
		}
	})
	t.Run("a day old is gone", func(t *testing.T) {
		old := store.SurveyDraft{ID: "old-draft", Slug: sv.Slug, Survey: *sv, CreatedBy: "greta", CreatedAt: time.Now().Add(-store.DraftLife - time.Minute)}
		if err := st.InsertRaw(ctx, "survey_drafts", old); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SurveyDraft(ctx, sv.Slug, "old-draft"); models.ErrorCode(err) != models.ErrNotFound {
			t.Fatalf("err %v, want not found", err)
		}
	})
	t.Run("deleted", func(t *testing.T) {
		if err := st.DeleteSurveyDraft(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SurveyDraft(ctx, sv.Slug, d.ID); models.ErrorCode(err) != models.ErrNotFound {
			t.Fatalf("err %v, want not found", err)
		}
	})
}

func TestSurveyVersionsCountEachVersion(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	if _, err := st.SurveyVersions(ctx, "nothing-here"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("unknown slug: %v, want not found", err)
	}
	for v := 1; v <= 2; v++ {
		sv := &models.Survey{Slug: "versions-test", Version: v, Status: "closed", Title: models.Text{"sv": "V"}}
		if v == 2 {
			sv.Status = "open"
		}
		if err := st.InsertSurvey(ctx, sv); err != nil {
			t.Fatal(err)
		}
	}
	answer := func(version int, id string) {
		r := &models.Response{Survey: "versions-test", Version: version, SubmissionID: id, Lang: "sv", Day: "2026-01-01", Answers: map[string]any{}}
		if _, err := st.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	answer(1, "a")
	answer(1, "b")
	answer(2, "c")
	list, err := st.SurveyVersions(ctx, "versions-test")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Version != 2 || list[0].Status != "open" || list[0].Responses != 1 ||
		list[1].Version != 1 || list[1].Responses != 2 || list[1].CreatedAt.IsZero() {
		t.Fatalf("versions %+v", list)
	}
}
