package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// recordKeyField is the stored name of models.Response.RecordKey.
const recordKeyField = "rk"

// recordKeyBatch is how many _ids EnsureRecordKeys reads per cursor batch.
const recordKeyBatch = 256

// recordKeysMu keeps two runs of EnsureRecordKeys in one process from
// overlapping. Across instances on MongoDB the filter of each update is
// the guard; the embedded engine has only one process, but its update is
// a read followed by a write, not atomic, so there two overlapping runs
// could each give the same response a key.
var recordKeysMu sync.Mutex

// newRecordKey draws a record key: 32 uniformly random bits from
// crypto/rand, so that sums of keys over a group are uniform too and
// nobody can predict or reconstruct them.
func newRecordKey() uint32 {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return binary.LittleEndian.Uint32(b[:])
}

// EnsureRecordKeys gives every stored response that has no record key (one
// stored by a version before keys existed) its own random key, and returns
// how many it set. It is idempotent and safe to run from several instances
// at once on MongoDB: each document gets its own update, filtered on the
// key still being absent, so a key that exists is never changed (within one
// process, runs also take turns; see recordKeysMu). It reads the _ids from
// a cursor in batches and writes one document at a time: no transactions,
// aggregation or multi-statement writes (the embedded engine stalls on an
// update command with several statements), so it runs the same on the
// embedded engine and on MongoDB.
//
// On the embedded engine every update by _id scans the whole collection
// (FerretDB v1.24's SQLite backend does not use its _id index for it), so
// there the migration takes time quadratic in the number of responses:
// seconds for a few thousand, hours for a hundred thousand.
//
// Looking for responses without a key reads every response on the embedded
// engine (half a minute at 100,000), so a run that found every response
// keyed leaves a mark, and later runs stop at it: every response stored
// since keys exist is stored with one. The mark is backed up with the
// rest, so restoring an archive from before keys brings back no mark.
func (s *Store) EnsureRecordKeys(ctx context.Context) (int, error) {
	recordKeysMu.Lock()
	defer recordKeysMu.Unlock()
	marks := s.db.Collection(migrationsColl)
	err := marks.FindOne(ctx, bson.D{{Key: "_id", Value: recordKeysDone}}).Err()
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return 0, wrap(err, "read migration mark")
	}
	set, err := s.setRecordKeys(ctx)
	if set > 0 {
		s.observer().Changed("") // keys are what the noise is made of
	}
	if err != nil {
		return set, err
	}
	_, err = marks.UpdateOne(ctx, bson.D{{Key: "_id", Value: recordKeysDone}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: time.Now().UTC()}}}}, options.UpdateOne().SetUpsert(true))
	return set, wrap(err, "mark record keys done")
}

// migrationsColl holds a mark per data migration that has completed.
const migrationsColl = "migrations"

// recordKeysDone marks that every stored response has a record key.
const recordKeysDone = "record_keys"

func (s *Store) setRecordKeys(ctx context.Context) (int, error) {
	coll := s.writeResponses()
	missing := bson.D{{Key: recordKeyField, Value: bson.D{{Key: "$exists", Value: false}}}}
	cur, err := coll.Find(ctx, missing, options.Find().
		SetProjection(bson.D{{Key: "_id", Value: 1}}).
		SetBatchSize(recordKeyBatch))
	if err != nil {
		return 0, wrap(err, "find responses without record key")
	}
	defer cur.Close(ctx)

	set := 0
	for cur.Next(ctx) {
		var doc struct {
			ID bson.RawValue `bson:"_id"` // kept as stored, whatever its type
		}
		if err := cur.Decode(&doc); err != nil {
			return set, wrap(err, "decode response id")
		}
		res, err := coll.UpdateOne(ctx,
			bson.D{{Key: "_id", Value: doc.ID}, {Key: recordKeyField, Value: bson.D{{Key: "$exists", Value: false}}}},
			// int64, as the driver encodes the uint32 field on insert.
			bson.D{{Key: "$set", Value: bson.D{{Key: recordKeyField, Value: int64(newRecordKey())}}}})
		if err != nil {
			return set, wrap(err, "set record key")
		}
		// Matched, not modified: a document matches only while it has no
		// key, and then the $set always changes it. 0 means another run
		// got there first.
		set += int(res.MatchedCount)
	}
	if err := cur.Err(); err != nil {
		return set, wrap(err, "read responses without record key")
	}
	return set, nil
}
