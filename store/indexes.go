package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// indexes lists every index the service relies on, per collection. Creating
// an index that already exists with the same keys and options is a no-op, so
// start-up can run this every time.
func indexes() map[string][]mongo.IndexModel {
	return map[string][]mongo.IndexModel{
		responsesColl: {
			// Makes every retry of a submission safe; see InsertResponse.
			{Keys: bson.D{{Key: "survey", Value: 1}, {Key: "submission_id", Value: 1}}, Options: options.Index().SetName("survey_submission").SetUnique(true)},
			{Keys: bson.D{{Key: "survey", Value: 1}, {Key: "version", Value: 1}}, Options: options.Index().SetName("survey_version")},
			{Keys: bson.D{{Key: "session", Value: 1}}, Options: options.Index().SetName("session")},
		},
		sessionsColl: {
			{Keys: bson.D{{Key: "created_by", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("created_by_at")},
			{Keys: bson.D{{Key: "created_at", Value: -1}}, Options: options.Index().SetName("created_at")},
		},
		surveysColl: {
			{Keys: bson.D{{Key: "slug", Value: 1}, {Key: "version", Value: -1}}, Options: options.Index().SetName("slug_version")},
		},
		// Staff: a user's _id is the name and a token's or web session's _id
		// is the SHA-256 of its secret, so those are unique without an index.
		tokensColl: {
			{Keys: bson.D{{Key: "id", Value: 1}}, Options: options.Index().SetName("id").SetUnique(true)},
			{Keys: bson.D{{Key: "user", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("user_created")},
		},
		webSessionsColl: {
			{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetName("expires_at")}, // for the sweep; not a TTL index
			{Keys: bson.D{{Key: "user", Value: 1}}, Options: options.Index().SetName("user")},
		},
		activitiesColl: {
			{Keys: bson.D{{Key: "promise", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("promise_created")},
		},
		outsideColl: {
			{Keys: bson.D{{Key: "survey", Value: 1}}, Options: options.Index().SetName("survey")},
		},
		publicationsColl: {
			{Keys: bson.D{{Key: "survey", Value: 1}, {Key: "number", Value: 1}}, Options: options.Index().SetName("survey_number")},
		},
		auditColl: {
			{Keys: bson.D{{Key: "at", Value: -1}}, Options: options.Index().SetName("at_desc")},
		},
	}
}

// ensureIndexes creates the indexes one at a time: the embedded engine
// (FerretDB v1.24) panics and drops the connection when one createIndexes
// command names two or more indexes that already exist, which is every
// start-up after the first.
func (s *Store) ensureIndexes(ctx context.Context) error {
	for coll, models := range indexes() {
		for _, m := range models {
			if _, err := s.db.Collection(coll).Indexes().CreateOne(ctx, m); err != nil {
				return wrap(err, fmt.Sprintf("create indexes on %s", coll))
			}
		}
	}
	return nil
}
