package followup

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"gopkg.in/yaml.v3"

	"medborgardialog/models"
)

//go:embed builtin/*.yaml
var builtinFiles embed.FS

// BuiltinPlan is an action plan shipped with the service: the activities
// of one promise, seeded once into a new database.
type BuiltinPlan struct {
	Promise    string
	Activities []models.Activity
}

// Builtins reads the shipped action plans and checks each activity
// against the indicators of the shipped surveys (known), so a typo in
// them fails the build's tests rather than a deployment.
func Builtins(known []string, now time.Time) ([]BuiltinPlan, error) {
	paths, err := fs.Glob(builtinFiles, "builtin/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("followup: built-in plans: %w", err)
	}
	var plans []BuiltinPlan
	for _, p := range paths {
		data, err := builtinFiles.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("followup: %s: %w", p, err)
		}
		var doc struct {
			Promise    string `yaml:"promise"`
			Activities []struct {
				ID                   string `yaml:"id"`
				models.ActivityInput `yaml:",inline"`
			} `yaml:"activities"`
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&doc); err != nil {
			return nil, fmt.Errorf("followup: %s: %w", p, err)
		}
		plan := BuiltinPlan{Promise: doc.Promise}
		for _, a := range doc.Activities {
			in := a.ActivityInput
			Normalize(&in)
			if ps := CheckActivity(&in, known); len(ps) > 0 || !ValidActivityID(a.ID) {
				return nil, fmt.Errorf("followup: %s: activity %q: %v", p, a.ID, ps)
			}
			act := NewActivity(doc.Promise, in, models.AuditActorSystem, now)
			act.ID = a.ID
			plan.Activities = append(plan.Activities, *act)
		}
		plans = append(plans, plan)
	}
	return plans, nil
}

// Seeder is what seeding the built-in plans needs from the store.
type Seeder interface {
	EnsurePromise(ctx context.Context, p models.Promise) error
	InsertActivity(ctx context.Context, a *models.Activity) error
}

// SeedBuiltins stores the promises the built-in surveys name and their
// shipped action plans, once: a promise or activity already stored is
// left as staff made it.
func SeedBuiltins(ctx context.Context, st Seeder, defs []*models.Survey, now time.Time) error {
	for _, sv := range defs {
		if sv.Promise != nil && sv.Promise.ID != "" {
			if err := st.EnsurePromise(ctx, *sv.Promise); err != nil {
				return fmt.Errorf("followup: built-in promise: %w", err)
			}
		}
	}
	plans, err := Builtins(Known(defs...), now)
	if err != nil {
		return err
	}
	for _, plan := range plans {
		for i := range plan.Activities {
			err := st.InsertActivity(ctx, &plan.Activities[i])
			if err != nil && models.ErrorCode(err) != models.ErrConflict {
				return fmt.Errorf("followup: built-in action plan: %w", err)
			}
		}
	}
	return nil
}
