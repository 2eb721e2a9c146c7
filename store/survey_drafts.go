package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"medborgardialog/models"
)

const surveyDraftsColl = "survey_drafts"

// DraftLife is how long an uploaded definition waits to be published.
// Older drafts are treated as gone and removed at the next upload: a
// draft is a preview in progress, not a place to keep definitions.
const DraftLife = 24 * time.Hour

// SurveyDraft is an uploaded definition that passed every check and waits
// for an admin to look at its preview and publish it.
type SurveyDraft struct {
	ID        string        `bson:"_id"` // random, so a draft's address cannot be guessed
	Slug      string        `bson:"slug"`
	Survey    models.Survey `bson:"definition"`
	CreatedBy string        `bson:"created_by"`
	CreatedAt time.Time     `bson:"created_at"`
	// Notices say what the import left out or changed to read a form
	// written elsewhere (a language the service does not offer, a
	// form_id made into a slug), in Swedish and English, for the draft's
	// page to show before anyone publishes.
	Notices []DraftNotice `bson:"notices,omitempty"`
}

// DraftNotice is one notice of a draft, in the staff pages' languages.
type DraftNotice struct {
	SV string `bson:"sv"`
	EN string `bson:"en"`
}

// InsertSurveyDraft keeps a checked definition as a draft of its slug and
// removes drafts older than DraftLife.
func (s *Store) InsertSurveyDraft(ctx context.Context, sv *models.Survey, by string, notices ...DraftNotice) (*SurveyDraft, error) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	coll := s.db.Collection(surveyDraftsColl)
	if _, err := coll.DeleteMany(ctx, bson.M{"created_at": bson.M{"$lt": now.Add(-DraftLife)}}); err != nil {
		return nil, wrap(err, "remove old survey drafts")
	}
	d := &SurveyDraft{ID: randomID(), Slug: sv.Slug, Survey: *sv, CreatedBy: by, CreatedAt: now, Notices: notices}
	if _, err := coll.InsertOne(ctx, d); err != nil {
		return nil, wrap(err, "insert survey draft")
	}
	return d, nil
}

// SurveyDraft returns a draft of slug younger than DraftLife.
func (s *Store) SurveyDraft(ctx context.Context, slug, id string) (*SurveyDraft, error) {
	var d SurveyDraft
	filter := bson.M{"_id": id, "slug": slug, "created_at": bson.M{"$gte": time.Now().UTC().Add(-DraftLife)}}
	err := s.db.Collection(surveyDraftsColl).FindOne(ctx, filter).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no draft %q of survey %q", id, slug)
	}
	if err != nil {
		return nil, wrap(err, "find survey draft")
	}
	return &d, nil
}

// DeleteSurveyDraft removes a draft, once published.
func (s *Store) DeleteSurveyDraft(ctx context.Context, id string) error {
	_, err := s.db.Collection(surveyDraftsColl).DeleteOne(ctx, bson.M{"_id": id})
	return wrap(err, "delete survey draft")
}
