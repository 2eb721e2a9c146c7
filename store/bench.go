package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"medborgardialog/models"
)

// countChunk bounds the $in list of one count query, so a check of many
// thousand submissions stays a handful of small queries.
const countChunk = 1000

// CountResponsesBySubmissionIDs returns how many responses to survey are
// stored for each of ids; ids with none are absent from the map. The load
// tool uses it to prove that nothing acknowledged was lost and nothing was
// stored twice.
func (s *Store) CountResponsesBySubmissionIDs(ctx context.Context, survey string, ids []string) (map[string]int64, error) {
	out := make(map[string]int64, len(ids))
	for start := 0; start < len(ids); start += countChunk {
		chunk := ids[start:min(start+countChunk, len(ids))]
		pipeline := bson.A{
			bson.D{{Key: "$match", Value: bson.M{"survey": survey, "submission_id": bson.M{"$in": chunk}}}},
			bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$submission_id"}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}},
		}
		cur, err := s.db.Collection(responsesColl).Aggregate(ctx, pipeline)
		if err != nil {
			return nil, wrap(err, "count responses by submission")
		}
		for cur.Next(ctx) {
			var g struct {
				ID string `bson:"_id"`
				N  int64  `bson:"n"`
			}
			if err := cur.Decode(&g); err != nil {
				_ = cur.Close(ctx)
				return nil, wrap(err, "decode submission count")
			}
			out[g.ID] += g.N
		}
		err = cur.Err()
		_ = cur.Close(ctx)
		if err != nil {
			return nil, wrap(err, fmt.Sprintf("count responses by submission (from %d)", start))
		}
	}
	return out, nil
}

// InsertResponseBare inserts r with a plain driver InsertOne and nothing
// else (no tallies): the load tool's floor to compare the service with.
// It draws the record key as InsertResponse does, so the document is the
// same size.
func (s *Store) InsertResponseBare(ctx context.Context, r *models.Response) (duplicate bool, err error) {
	if r.ID == "" {
		r.ID = randomID()
	}
	r.RecordKey = newRecordKey()
	_, err = s.writeResponses().InsertOne(ctx, r)
	if mongo.IsDuplicateKeyError(err) {
		return true, nil
	}
	return false, wrap(err, "insert response")
}

// ScanRaw reads every response to survey through a bare driver cursor,
// decoding nothing, and counts them: the floor any read of the responses
// pays, which benchmarks compare loading the in-memory results with.
func (s *Store) ScanRaw(ctx context.Context, survey string) (int, error) {
	cur, err := s.db.Collection(responsesColl).Find(ctx, bson.M{"survey": survey})
	if err != nil {
		return 0, wrap(err, "find responses")
	}
	defer cur.Close(ctx)
	n := 0
	for cur.Next(ctx) {
		if len(cur.Current) > 0 {
			n++
		}
	}
	return n, wrap(cur.Err(), "read responses")
}
