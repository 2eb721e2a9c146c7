package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const (
	promisesColl   = "promises"
	activitiesColl = "activities"
	outsideColl    = "outside_figures"
)

// promiseDoc is a stored promise; its _id is the promise id the surveys name.
type promiseDoc struct {
	ID             string    `bson:"_id"`
	CreatedAt      time.Time `bson:"created_at"`
	models.Promise `bson:",inline"`
}

// EnsurePromise stores p unless a promise with its id exists. The first
// survey to name a promise creates it; later surveys that name it again
// leave it as staff may have edited it.
func (s *Store) EnsurePromise(ctx context.Context, p models.Promise) error {
	if p.ID == "" {
		return models.Errorf(models.ErrInvalid, "a promise needs an id")
	}
	_, err := s.db.Collection(promisesColl).InsertOne(ctx, promiseDoc{ID: p.ID, CreatedAt: time.Now().UTC(), Promise: p})
	if mongo.IsDuplicateKeyError(err) {
		return nil
	}
	return wrap(err, "insert promise")
}

// Promises lists every promise, by id.
func (s *Store) Promises(ctx context.Context) ([]models.Promise, error) {
	cur, err := s.db.Collection(promisesColl).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, wrap(err, "list promises")
	}
	var docs []promiseDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, wrap(err, "list promises")
	}
	out := make([]models.Promise, len(docs))
	for i, d := range docs {
		out[i] = d.Promise
		out[i].ID = d.ID
	}
	return out, nil
}

// Plan returns a promise with its activities in the order they were added.
func (s *Store) Plan(ctx context.Context, id string) (*models.Plan, error) {
	var doc promiseDoc
	err := s.db.Collection(promisesColl).FindOne(ctx, bson.M{"_id": id}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no promise %q", id)
	}
	if err != nil {
		return nil, wrap(err, "find promise")
	}
	plan := &models.Plan{Promise: doc.Promise, Activities: []models.Activity{}}
	plan.ID = doc.ID
	cur, err := s.db.Collection(activitiesColl).Find(ctx, bson.M{"promise": id},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, wrap(err, "list activities")
	}
	if err := cur.All(ctx, &plan.Activities); err != nil {
		return nil, wrap(err, "list activities")
	}
	return plan, nil
}

// InsertActivity stores a new activity. An activity with the same id is a
// conflict, which makes the built-in plan's seeding idempotent.
func (s *Store) InsertActivity(ctx context.Context, a *models.Activity) error {
	_, err := s.db.Collection(activitiesColl).InsertOne(ctx, a)
	if mongo.IsDuplicateKeyError(err) {
		return models.Errorf(models.ErrConflict, "activity %q already exists", a.ID)
	}
	return wrap(err, "insert activity")
}

// Activity returns one activity of a promise.
func (s *Store) Activity(ctx context.Context, promise, id string) (*models.Activity, error) {
	var a models.Activity
	err := s.db.Collection(activitiesColl).FindOne(ctx, bson.M{"_id": id, "promise": promise}).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no activity %q in promise %q", id, promise)
	}
	if err != nil {
		return nil, wrap(err, "find activity")
	}
	return &a, nil
}

// ReplaceActivity saves a changed activity over revision prev. When the
// stored activity is no longer at prev, someone else saved in between and
// the change is refused as a conflict rather than overwriting theirs.
func (s *Store) ReplaceActivity(ctx context.Context, a *models.Activity, prev int) error {
	res, err := s.db.Collection(activitiesColl).ReplaceOne(ctx, bson.M{"_id": a.ID, "promise": a.Promise, "rev": prev}, a)
	if err != nil {
		return wrap(err, "replace activity")
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ErrConflict, "activity %q was changed by someone else", a.ID)
	}
	return nil
}

// outsideDoc is one stored outside figure; the _id makes a figure for the
// same indicator, wave and source replace the one loaded before.
type outsideDoc struct {
	ID                   string    `bson:"_id"`
	Survey               string    `bson:"survey"`
	LoadedAt             time.Time `bson:"loaded_at"`
	LoadedBy             string    `bson:"loaded_by"`
	models.OutsideFigure `bson:",inline"`
}

func outsideID(survey string, f models.OutsideFigure) string {
	return survey + "\x00" + f.Wave + "\x00" + f.Source + "\x00" + f.Indicator
}

// PutOutside stores outside figures with the survey they were loaded for,
// each replacing any earlier figure of the same indicator, wave and
// source. One write per figure: the embedded engine hangs on large bulk
// updates, and a file holds at most a few hundred figures.
func (s *Store) PutOutside(ctx context.Context, survey, by string, figs []models.OutsideFigure) error {
	now := time.Now().UTC()
	for _, f := range figs {
		doc := outsideDoc{ID: outsideID(survey, f), Survey: survey, LoadedAt: now, LoadedBy: by, OutsideFigure: f}
		_, err := s.db.Collection(outsideColl).ReplaceOne(ctx, bson.M{"_id": doc.ID}, doc, options.Replace().SetUpsert(true))
		if err != nil {
			return wrap(err, "store outside figure")
		}
	}
	return nil
}

// DeleteOutside removes the outside figures of one wave and source loaded
// for survey, and says how many there were.
func (s *Store) DeleteOutside(ctx context.Context, survey, wave, source string) (int64, error) {
	res, err := s.db.Collection(outsideColl).DeleteMany(ctx, bson.M{"survey": survey, "wave": wave, "source": source})
	if err != nil {
		return 0, wrap(err, "delete outside figures")
	}
	return res.DeletedCount, nil
}

// OutsideFigures returns the outside figures loaded for any of surveys,
// ordered by wave, source and indicator.
func (s *Store) OutsideFigures(ctx context.Context, surveys []string) ([]models.OutsideFigure, error) {
	cur, err := s.db.Collection(outsideColl).Find(ctx, bson.M{"survey": bson.M{"$in": surveys}},
		options.Find().SetSort(bson.D{{Key: "wave", Value: 1}, {Key: "source", Value: 1}, {Key: "indicator", Value: 1}}))
	if err != nil {
		return nil, wrap(err, "list outside figures")
	}
	var docs []outsideDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, wrap(err, "list outside figures")
	}
	out := make([]models.OutsideFigure, len(docs))
	for i, d := range docs {
		out[i] = d.OutsideFigure
	}
	return out, nil
}

// PromiseSurveys returns the newest version of every survey that names
// promise id, by slug.
func (s *Store) PromiseSurveys(ctx context.Context, id string) ([]*models.Survey, error) {
	opts := options.Find().SetSort(bson.D{{Key: "slug", Value: 1}, {Key: "version", Value: -1}})
	cur, err := s.db.Collection(surveysColl).Find(ctx, bson.M{"promise.id": id}, opts)
	if err != nil {
		return nil, wrap(err, "list surveys of promise")
	}
	defer cur.Close(ctx)
	var out []*models.Survey
	for cur.Next(ctx) {
		var doc surveyDoc
		if err := cur.Decode(&doc); err != nil {
			return nil, wrap(err, "decode survey")
		}
		if n := len(out); n > 0 && out[n-1].Slug == doc.Slug {
			continue
		}
		out = append(out, &doc.Survey)
	}
	return out, wrap(cur.Err(), "list surveys of promise")
}
