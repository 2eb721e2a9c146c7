package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

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
//
// On the embedded engine only the unique ones are made, and the others
// are dropped where an earlier version made them: the engine never reads
// an index (OnEmbeddedEngine), so they only took disk (about 55 bytes an
// answer for the two on responses) and a write per insert.
func (s *Store) ensureIndexes(ctx context.Context) error {
	for coll, models := range indexes() {
		for _, m := range models {
			if s.embedded && !unique(m) {
				continue
			}
			if _, err := s.db.Collection(coll).Indexes().CreateOne(ctx, m); err != nil {
				return wrap(err, fmt.Sprintf("create indexes on %s", coll))
			}
		}
	}
	if s.embedded {
		return s.dropUnreadIndexes(ctx)
	}
	return nil
}

// dropUnreadIndexes drops the service's own non-unique indexes from the
// embedded engine. It leaves alone any index it did not make.
func (s *Store) dropUnreadIndexes(ctx context.Context) error {
	for coll, models := range indexes() {
		present, err := s.IndexNames(ctx, coll)
		if err != nil {
			return err
		}
		for _, m := range models {
			name := indexName(m)
			if unique(m) || !slices.Contains(present, name) {
				continue
			}
			if err := s.db.Collection(coll).Indexes().DropOne(ctx, name); err != nil {
				return wrap(err, fmt.Sprintf("drop index %s on %s", name, coll))
			}
		}
	}
	return nil
}

// IndexNames lists the names of the indexes on coll, none when it does
// not exist. Tests use it to see which indexes each engine gets.
func (s *Store) IndexNames(ctx context.Context, coll string) ([]string, error) {
	specs, err := s.db.Collection(coll).Indexes().ListSpecifications(ctx)
	var cmdErr mongo.CommandError
	if errors.As(err, &cmdErr) && cmdErr.Code == codeNamespaceNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, wrap(err, "list indexes on "+coll)
	}
	names := make([]string, len(specs))
	for i, sp := range specs {
		names[i] = sp.Name
	}
	return names, nil
}

// codeNamespaceNotFound is the server's error code for a collection that
// does not exist.
const codeNamespaceNotFound = 26

// indexOptions reads back what the options of m set.
func indexOptions(m mongo.IndexModel) options.IndexOptions {
	var o options.IndexOptions
	if m.Options != nil {
		for _, set := range m.Options.List() {
			_ = set(&o) // the setters of options.Index never fail
		}
	}
	return o
}

func unique(m mongo.IndexModel) bool {
	u := indexOptions(m).Unique
	return u != nil && *u
}

func indexName(m mongo.IndexModel) string {
	if n := indexOptions(m).Name; n != nil {
		return *n
	}
	return ""
}
