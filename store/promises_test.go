package store_test

import (
	"context"
	"testing"
	"time"

	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

func TestPromisesAndTheirPlans(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	defs, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureSurveys(ctx, defs); err != nil {
		t.Fatal(err)
	}
	// Seeding twice leaves one promise with four activities.
	for range 2 {
		if err := followup.SeedBuiltins(ctx, st, defs, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	list, err := st.Promises(ctx)
	if err != nil || len(list) != 1 || list[0].ID != "sandviken-2022-2023" || list[0].Name.In("sv") == "" {
		t.Fatalf("promises %+v, %v", list, err)
	}
	plan, err := st.Plan(ctx, "sandviken-2022-2023")
	if err != nil || len(plan.Activities) != 4 || plan.ID != "sandviken-2022-2023" {
		t.Fatalf("plan %+v, %v", plan, err)
	}
	if _, err := st.Plan(ctx, "nope"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("missing plan: %v", err)
	}
	svs, err := st.PromiseSurveys(ctx, "sandviken-2022-2023")
	if err != nil || len(svs) != 2 || svs[0].Slug != "ungdomsdialog-2022" {
		t.Fatalf("surveys of the promise: %d, %v", len(svs), err)
	}

	// A change on an old revision is refused and leaves the stored one.
	a := plan.Activities[0]
	followup.Apply(&a, a.ActivityInput, "greta", time.Now())
	if err := st.ReplaceActivity(ctx, &a, a.Rev-1); err != nil {
		t.Fatal(err)
	}
	stale := plan.Activities[0] // still at the old revision
	stale.Status = models.ActivityCancelled
	followup.Apply(&stale, stale.ActivityInput, "anders", time.Now())
	if err := st.ReplaceActivity(ctx, &stale, stale.Rev-1); models.ErrorCode(err) != models.ErrConflict {
		t.Fatalf("stale change: %v", err)
	}
	got, err := st.Activity(ctx, a.Promise, a.ID)
	if err != nil || got.Status != models.ActivityOngoing || got.Rev != 2 || got.UpdatedBy != "greta" {
		t.Fatalf("stored %+v, %v", got, err)
	}
	if _, err := st.Activity(ctx, "another-promise", a.ID); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("an activity read through another promise: %v", err)
	}
}

func TestOutsideFiguresReplaceByIndicatorWaveAndSource(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	figs := []models.OutsideFigure{
		{Indicator: "a", Wave: "2019", Share: 0.1, N: 100, Source: "LUPP"},
		{Indicator: "b", Wave: "2019", Share: 0.2, N: 100, Source: "LUPP"},
	}
	if err := st.PutOutside(ctx, "s2023", "greta", figs); err != nil {
		t.Fatal(err)
	}
	figs[0].Share = 0.15
	if err := st.PutOutside(ctx, "s2022", "greta", []models.OutsideFigure{{Indicator: "a", Wave: "2020", Share: 0.3, N: 50, Source: "Polisen"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutOutside(ctx, "s2023", "greta", figs[:1]); err != nil {
		t.Fatal(err)
	}
	got, err := st.OutsideFigures(ctx, []string{"s2022", "s2023"})
	if err != nil || len(got) != 3 || got[0].Share != 0.15 || got[2].Source != "Polisen" {
		t.Fatalf("figures %+v, %v", got, err)
	}
	if n, err := st.DeleteOutside(ctx, "s2023", "2019", "LUPP"); err != nil || n != 2 {
		t.Fatalf("deleted %d, %v", n, err)
	}
	if got, _ := st.OutsideFigures(ctx, []string{"s2023"}); len(got) != 0 {
		t.Fatalf("left %+v", got)
	}
}
