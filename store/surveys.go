package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const surveysColl = "surveys"

// surveyDoc is one stored version of a definition.
type surveyDoc struct {
	ID        string    `bson:"_id"` // slug:version, so the pair is unique by construction
	CreatedAt time.Time `bson:"created_at"`
	// ClosedAt is when staff last closed the survey; retention counts from
	// it when the definition has no closes_at.
	ClosedAt      *time.Time `bson:"closed_at,omitempty"`
	models.Survey `bson:",inline"`
}

func surveyID(slug string, version int) string { return slug + ":" + strconv.Itoa(version) }

// SurveySummary is a survey's newest version as listed for staff.
type SurveySummary struct {
	Slug     string      `json:"slug"`
	Version  int         `json:"version"`
	Status   string      `json:"status"`
	Title    models.Text `json:"title"`
	Wave     string      `json:"wave,omitempty"`
	Versions int         `json:"versions"`
}

// InsertSurvey stores s as a new version. It fails with a conflict when
// that slug and version already exist.
func (s *Store) InsertSurvey(ctx context.Context, sv *models.Survey) error {
	doc := surveyDoc{ID: surveyID(sv.Slug, sv.Version), CreatedAt: time.Now().UTC(), Survey: *sv}
	_, err := s.db.Collection(surveysColl).InsertOne(ctx, doc)
	if mongo.IsDuplicateKeyError(err) {
		return models.Errorf(models.ErrConflict, "survey %q version %d already exists", sv.Slug, sv.Version)
	}
	if err != nil {
		return wrap(err, "insert survey")
	}
	s.observer().SurveyChanged(sv.Slug)
	return nil
}

// ReplaceSurvey overwrites a stored version in place. Callers do so only for
// a version nobody has answered yet.
func (s *Store) ReplaceSurvey(ctx context.Context, sv *models.Survey) error {
	doc := surveyDoc{ID: surveyID(sv.Slug, sv.Version), CreatedAt: time.Now().UTC(), Survey: *sv}
	res, err := s.db.Collection(surveysColl).ReplaceOne(ctx, bson.M{"_id": doc.ID}, doc)
	if err != nil {
		return wrap(err, "replace survey")
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ErrNotFound, "survey %q version %d does not exist", sv.Slug, sv.Version)
	}
	s.observer().SurveyChanged(sv.Slug)
	return nil
}

// Survey returns the newest version of the survey with slug.
func (s *Store) Survey(ctx context.Context, slug string) (*models.Survey, error) {
	opts := options.FindOne().SetSort(bson.D{{Key: "version", Value: -1}})
	var doc surveyDoc
	err := s.db.Collection(surveysColl).FindOne(ctx, bson.M{"slug": slug}, opts).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no survey %q", slug)
	}
	if err != nil {
		return nil, wrap(err, "find survey")
	}
	return &doc.Survey, nil
}

// SurveyVersion returns one stored version.
func (s *Store) SurveyVersion(ctx context.Context, slug string, version int) (*models.Survey, error) {
	var doc surveyDoc
	err := s.db.Collection(surveysColl).FindOne(ctx, bson.M{"_id": surveyID(slug, version)}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no survey %q version %d", slug, version)
	}
	if err != nil {
		return nil, wrap(err, "find survey version")
	}
	return &doc.Survey, nil
}

// Surveys lists the newest version of every survey, by slug. The embedded
// engine has no $first accumulator, so the newest version is picked here
// from a light projection sorted by slug and version.
func (s *Store) Surveys(ctx context.Context) ([]SurveySummary, error) {
	opts := options.Find().
		SetSort(bson.D{{Key: "slug", Value: 1}, {Key: "version", Value: -1}}).
		SetProjection(bson.M{"slug": 1, "version": 1, "status": 1, "title": 1, "wave": 1})
	cur, err := s.db.Collection(surveysColl).Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, wrap(err, "list surveys")
	}
	defer cur.Close(ctx)
	var list []SurveySummary
	for cur.Next(ctx) {
		var d struct {
			Slug    string      `bson:"slug"`
			Version int         `bson:"version"`
			Status  string      `bson:"status"`
			Title   models.Text `bson:"title"`
			Wave    string      `bson:"wave"`
		}
		if err := cur.Decode(&d); err != nil {
			return nil, wrap(err, "decode survey")
		}
		if n := len(list); n > 0 && list[n-1].Slug == d.Slug {
			list[n-1].Versions++
			continue
		}
		list = append(list, SurveySummary{Slug: d.Slug, Version: d.Version, Status: d.Status, Title: d.Title, Wave: d.Wave, Versions: 1})
	}
	return list, wrap(cur.Err(), "list surveys")
}

// SetSurveyStatus changes the status of a survey's newest version. Closing
// also records when, for retention; reopening forgets it.
func (s *Store) SetSurveyStatus(ctx context.Context, slug, status string) (*models.Survey, error) {
	sv, err := s.Survey(ctx, slug)
	if err != nil {
		return nil, err
	}
	update := bson.M{"$set": bson.M{"status": status}, "$unset": bson.M{"closed_at": ""}}
	switch {
	case status == models.StatusClosed && sv.Status == models.StatusClosed:
		update = bson.M{"$set": bson.M{"status": status}} // closing twice keeps the first time
	case status == models.StatusClosed:
		update = bson.M{"$set": bson.M{"status": status, "closed_at": time.Now().UTC().Truncate(time.Millisecond)}}
	}
	_, err = s.db.Collection(surveysColl).UpdateOne(ctx, bson.M{"_id": surveyID(slug, sv.Version)}, update)
	if err != nil {
		return nil, wrap(err, "set survey status")
	}
	s.observer().SurveyChanged(slug)
	sv.Status = status
	return sv, nil
}

// EnsureSurveys inserts each definition whose slug and version are not
// stored yet; stored versions are left as they are, so an admin's change of
// status survives a restart. It returns how many were inserted.
func (s *Store) EnsureSurveys(ctx context.Context, defs []*models.Survey) (int, error) {
	inserted := 0
	for _, d := range defs {
		err := s.InsertSurvey(ctx, d)
		if models.ErrorCode(err) == models.ErrConflict {
			continue
		}
		if err != nil {
			return inserted, fmt.Errorf("store: ensure survey %s: %w", d.Slug, err)
		}
		inserted++
	}
	return inserted, nil
}

// Published says what PublishSurvey did.
type Published struct {
	Slug     string `json:"slug"`
	Version  int    `json:"version"`
	Status   string `json:"status"`
	Created  bool   `json:"created"`  // the slug was new
	Replaced bool   `json:"replaced"` // an unanswered version was overwritten
}

// PublishSurvey stores a checked definition under the versioning rule: a
// new slug is inserted as given; for a known slug, the newest version is
// overwritten while nobody has answered it, and otherwise the definition
// becomes the next version. The version in sv is set accordingly.
func (s *Store) PublishSurvey(ctx context.Context, sv *models.Survey) (Published, error) {
	cur, err := s.Survey(ctx, sv.Slug)
	switch {
	case models.ErrorCode(err) == models.ErrNotFound:
		if err := s.InsertSurvey(ctx, sv); err != nil {
			return Published{}, err
		}
		return Published{Slug: sv.Slug, Version: sv.Version, Status: sv.Status, Created: true}, nil
	case err != nil:
		return Published{}, err
	}
	answered, err := s.HasResponses(ctx, cur.Slug, cur.Version)
	if err != nil {
		return Published{}, err
	}
	if !answered {
		sv.Version = cur.Version
		if err := s.ReplaceSurvey(ctx, sv); err != nil {
			return Published{}, err
		}
		return Published{Slug: sv.Slug, Version: sv.Version, Status: sv.Status, Replaced: true}, nil
	}
	// Two admins publishing at once both pick cur.Version+1; the unique _id
	// lets one win and the other get a conflict to retry.
	sv.Version = cur.Version + 1
	if err := s.InsertSurvey(ctx, sv); err != nil {
		return Published{}, err
	}
	return Published{Slug: sv.Slug, Version: sv.Version, Status: sv.Status}, nil
}

// HasResponses reports whether anyone has answered one version of a
// survey. It asks the responses themselves, not the tally: this decides
// whether a version may still be changed.
func (s *Store) HasResponses(ctx context.Context, slug string, version int) (bool, error) {
	err := s.db.Collection(responsesColl).FindOne(ctx, bson.M{"survey": slug, "version": version},
		options.FindOne().SetProjection(bson.M{"_id": 1})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, wrap(err, "look for responses")
}
