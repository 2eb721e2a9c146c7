package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The in-memory copies of the responses are written to a snapshot file at
// shutdown and read back at the next start (results/snapshot.go). The
// marker is how a start knows the snapshot is still the database's: the
// service puts it in the database after writing the snapshot, when it no
// longer writes to responses, and every Open takes it out before its
// caller can write anything. A process that writes to responses after
// opening never writes a marker unless it snapshots again, so the marker
// a start finds names the last snapshot only when no response was
// written since. It lives in a collection no backup holds: a restored
// database is not the one any snapshot was taken of.

const (
	instanceColl = "instance_state"
	copyMarkerID = "copies_snapshot"
)

type copyMarker struct {
	ID    string `bson:"_id"`
	Token string `bson:"token"`
}

// takeCopyMarker removes the marker and returns its token ("" when there
// was none). An error fails Open: a marker left in place could vouch for
// a snapshot after this process has written.
func (s *Store) takeCopyMarker(ctx context.Context) (string, error) {
	var m copyMarker
	err := s.db.Collection(instanceColl).FindOneAndDelete(ctx, bson.M{"_id": copyMarkerID}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil
	}
	if err != nil {
		return "", wrap(err, "take the copies' marker")
	}
	return m.Token, nil
}

// CopyToken is the token of the marker Open found, while nothing has
// been written to responses through this Store; "" otherwise.
func (s *Store) CopyToken() string {
	s.copyMu.Lock()
	defer s.copyMu.Unlock()
	return s.copyToken
}

// NewCopyToken is a fresh random token for a snapshot and its marker.
func NewCopyToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// PutCopyMarker puts the marker naming the snapshot just written. Call it
// only after the snapshot file is on disk and when nothing writes to
// responses any more.
func (s *Store) PutCopyMarker(ctx context.Context, token string) error {
	_, err := s.db.Collection(instanceColl).ReplaceOne(ctx, bson.M{"_id": copyMarkerID},
		copyMarker{ID: copyMarkerID, Token: token}, options.Replace().SetUpsert(true))
	return wrap(err, "put the copies' marker")
}

// writeResponses is the responses collection, for a write: the first
// write forgets the marker's token.
func (s *Store) writeResponses() *mongo.Collection {
	s.forgetCopyMarker()
	return s.db.Collection(responsesColl)
}

func (s *Store) forgetCopyMarker() {
	s.copyMu.Lock()
	s.copyToken = ""
	s.copyMu.Unlock()
}
