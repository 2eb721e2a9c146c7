package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

// VersionSummary is one stored version of a survey as the staff's survey
// page lists it. Responses is the running tally (see counters.go), a
// figure to show.
type VersionSummary struct {
	Version   int       `json:"version"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	Responses int64     `json:"responses"`
}

// SurveyVersions lists every stored version of slug, newest first, with
// how many have answered each. An unknown slug is not found.
func (s *Store) SurveyVersions(ctx context.Context, slug string) ([]VersionSummary, error) {
	opts := options.Find().
		SetSort(bson.D{{Key: "version", Value: -1}}).
		SetProjection(bson.M{"version": 1, "status": 1, "created_at": 1})
	cur, err := s.db.Collection(surveysColl).Find(ctx, bson.M{"slug": slug}, opts)
	if err != nil {
		return nil, wrap(err, "list survey versions")
	}
	var list []VersionSummary
	var ids []string
	for cur.Next(ctx) {
		var d struct {
			Version   int       `bson:"version"`
			Status    string    `bson:"status"`
			CreatedAt time.Time `bson:"created_at"`
		}
		if err := cur.Decode(&d); err != nil {
			cur.Close(ctx)
			return nil, wrap(err, "decode survey version")
		}
		list = append(list, VersionSummary{Version: d.Version, Status: d.Status, CreatedAt: d.CreatedAt})
		ids = append(ids, "survey:"+surveyID(slug, d.Version))
	}
	err = cur.Err()
	cur.Close(ctx)
	if err != nil {
		return nil, wrap(err, "list survey versions")
	}
	if len(list) == 0 {
		return nil, models.Errorf(models.ErrNotFound, "no survey %q", slug)
	}
	// One read by _id per version: the embedded engine would read every
	// tally (one per session ever held) for an $in.
	keys := make([]tallyKey, len(ids))
	for i, id := range ids {
		keys[i] = tallyKey{id: id, survey: slug}
	}
	counts, err := s.liveTallies(ctx, keys)
	if err != nil {
		return nil, wrap(err, "count survey versions")
	}
	for i := range list {
		list[i].Responses = counts[i]
	}
	return list, nil
}
