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

const placesColl = "places"

// placesID is the one catalogue document: a deployment has one
// vocabulary, replaced whole so a change is never half applied.
const placesID = "catalogue"

type placesDoc struct {
	ID            string    `bson:"_id"`
	UpdatedAt     time.Time `bson:"updated_at"`
	UpdatedBy     string    `bson:"updated_by"`
	models.Places `bson:",inline"`
}

// Places returns the catalogue, or a not-found error when none is stored.
func (s *Store) Places(ctx context.Context) (*models.Places, error) {
	var doc placesDoc
	err := s.db.Collection(placesColl).FindOne(ctx, bson.M{"_id": placesID}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no places catalogue")
	}
	if err != nil {
		return nil, wrap(err, "find places")
	}
	if doc.Areas == nil {
		doc.Areas = []models.Area{}
	}
	if doc.Schools == nil {
		doc.Schools = []models.School{}
	}
	return &doc.Places, nil
}

// PutPlaces replaces the catalogue.
func (s *Store) PutPlaces(ctx context.Context, p *models.Places, by string) error {
	doc := placesDoc{ID: placesID, UpdatedAt: time.Now().UTC(), UpdatedBy: by, Places: *p}
	_, err := s.db.Collection(placesColl).ReplaceOne(ctx, bson.M{"_id": placesID}, doc, options.Replace().SetUpsert(true))
	return wrap(err, "store places")
}

// PlacesVersion returns the catalogue and the time it was last changed:
// the version a change made from this copy names (ReplacePlaces).
func (s *Store) PlacesVersion(ctx context.Context) (*models.Places, time.Time, error) {
	var doc placesDoc
	err := s.db.Collection(placesColl).FindOne(ctx, bson.M{"_id": placesID}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, time.Time{}, models.Errorf(models.ErrNotFound, "no places catalogue")
	}
	if err != nil {
		return nil, time.Time{}, wrap(err, "find places")
	}
	if doc.Areas == nil {
		doc.Areas = []models.Area{}
	}
	if doc.Schools == nil {
		doc.Schools = []models.School{}
	}
	return &doc.Places, doc.UpdatedAt, nil
}

// ReplacePlaces replaces the catalogue only while it is still the version
// read (changed at was), and fails with a conflict otherwise: the staff
// form changes one school or area of a copy, and storing that copy over
// a change made meanwhile would undo it.
func (s *Store) ReplacePlaces(ctx context.Context, p *models.Places, by string, was time.Time) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	if !now.After(was) {
		now = was.Add(time.Millisecond) // the next version must differ from this one
	}
	doc := placesDoc{ID: placesID, UpdatedAt: now, UpdatedBy: by, Places: *p}
	res, err := s.db.Collection(placesColl).ReplaceOne(ctx, bson.M{"_id": placesID, "updated_at": was}, doc)
	if err != nil {
		return wrap(err, "store places")
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ErrConflict, "the places catalogue changed meanwhile")
	}
	return nil
}

// EnsurePlaces stores p unless a catalogue exists: the built-in one seeds
// a new database, and an admin's catalogue is never overwritten.
func (s *Store) EnsurePlaces(ctx context.Context, p *models.Places) error {
	doc := placesDoc{ID: placesID, UpdatedAt: time.Now().UTC(), UpdatedBy: models.AuditActorSystem, Places: *p}
	_, err := s.db.Collection(placesColl).InsertOne(ctx, doc)
	if mongo.IsDuplicateKeyError(err) {
		return nil
	}
	return wrap(err, "insert places")
}

// SetSessionPlaces rewrites the school, grade and area of a session and of
// every response made through it: the migration from free-text places to
// the catalogue's values. Running it again with the same values changes
// nothing.
func (s *Store) SetSessionPlaces(ctx context.Context, code, school, grade, area string) error {
	set := bson.M{"school": school, "grade": grade, "area": area}
	if _, err := s.db.Collection(sessionsColl).UpdateOne(ctx, bson.M{"_id": code}, bson.M{"$set": set}); err != nil {
		return wrap(err, "map session places")
	}
	_, err := s.writeResponses().UpdateMany(ctx, bson.M{"session": code}, bson.M{"$set": set})
	s.observer().Changed("") // a session's survey is not at hand; this is rare (after the catalogue changed)
	return wrap(err, "map response places")
}

// SessionPlaces lists the code, survey and places of every session, or of
// the sessions of one survey when survey is not "".
func (s *Store) SessionPlaces(ctx context.Context, survey string) ([]models.Session, error) {
	filter := bson.M{}
	if survey != "" {
		filter["survey"] = survey
	}
	opts := options.Find().SetProjection(bson.M{"survey": 1, "school": 1, "grade": 1, "area": 1})
	cur, err := s.db.Collection(sessionsColl).Find(ctx, filter, opts)
	if err != nil {
		return nil, wrap(err, "list session places")
	}
	var out []models.Session
	if err := cur.All(ctx, &out); err != nil {
		return nil, wrap(err, "list session places")
	}
	return out, nil
}
