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

// feedbackColl holds one document per survey: whether its public page
// "Det här hände med era svar" is on and which indicators it shows. The
// _id is the survey's slug.
const feedbackColl = "feedback"

// SetFeedback stores the feedback settings of f.Survey, replacing any
// earlier ones; a zero UpdatedAt means now.
func (s *Store) SetFeedback(ctx context.Context, f models.Feedback) error {
	if f.Survey == "" {
		return models.Errorf(models.ErrInvalid, "feedback settings need a survey")
	}
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt = time.Now()
	}
	f.UpdatedAt = f.UpdatedAt.UTC().Truncate(time.Millisecond)
	if f.Indicators == nil {
		f.Indicators = []string{}
	}
	_, err := s.db.Collection(feedbackColl).ReplaceOne(ctx, bson.M{"_id": f.Survey}, f, options.Replace().SetUpsert(true))
	return wrap(err, "store feedback settings")
}

// Feedback returns the feedback settings of a survey; a survey nobody has
// set any for is not found.
func (s *Store) Feedback(ctx context.Context, slug string) (*models.Feedback, error) {
	var f models.Feedback
	err := s.db.Collection(feedbackColl).FindOne(ctx, bson.M{"_id": slug}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no feedback settings for survey %q", slug)
	}
	if err != nil {
		return nil, wrap(err, "find feedback settings")
	}
	if f.Indicators == nil {
		f.Indicators = []string{}
	}
	return &f, nil
}

// FeedbackEnabled says, by survey slug, which surveys have their feedback
// page switched on. Surveys without settings, or switched off, are absent.
func (s *Store) FeedbackEnabled(ctx context.Context) (map[string]bool, error) {
	cur, err := s.db.Collection(feedbackColl).Find(ctx, bson.M{"enabled": true}, options.Find().SetProjection(bson.M{"_id": 1}))
	if err != nil {
		return nil, wrap(err, "list feedback settings")
	}
	defer cur.Close(ctx)
	on := make(map[string]bool)
	for cur.Next(ctx) {
		var d struct {
			ID string `bson:"_id"`
		}
		if err := cur.Decode(&d); err != nil {
			return nil, wrap(err, "decode feedback settings")
		}
		on[d.ID] = true
	}
	return on, wrap(cur.Err(), "list feedback settings")
}
