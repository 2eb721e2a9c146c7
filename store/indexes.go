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
		surveysColl: {
			{Keys: bson.D{{Key: "slug", Value: 1}, {Key: "version", Value: -1}}, Options: options.Index().SetName("slug_version")},
		},
	}
}

func (s *Store) ensureIndexes(ctx context.Context) error {
	for coll, models := range indexes() {
		if len(models) == 0 {
			continue
		}
		if _, err := s.db.Collection(coll).Indexes().CreateMany(ctx, models); err != nil {
			return wrap(err, fmt.Sprintf("create indexes on %s", coll))
		}
	}
	return nil
}
