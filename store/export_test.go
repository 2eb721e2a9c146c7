package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"medborgardialog/models"
)

// RawDocuments returns every document of coll as the driver sees it, so
// tests can check what was really written.
func RawDocuments(ctx context.Context, s *Store, coll string) ([]bson.M, error) {
	cur, err := s.db.Collection(coll).Find(ctx, bson.M{})
	if err != nil {
		return nil, err
	}
	var out []bson.M
	err = cur.All(ctx, &out)
	return out, err
}

// SetRaw applies a $set to the documents of coll matching filter, for tests
// that need a state time would otherwise bring.
func SetRaw(ctx context.Context, s *Store, coll string, filter, set bson.M) error {
	_, err := s.db.Collection(coll).UpdateMany(ctx, filter, bson.M{"$set": set})
	return err
}

// SetJoinCodeSource replaces how s draws join codes.
func SetJoinCodeSource(s *Store, f func() string) { s.newCode = f }

// ScanResponses reads every response of survey through a plain driver
// cursor into raw BSON and counts them: the floor for any export.
func ScanResponses(ctx context.Context, s *Store, survey string) (int, error) {
	cur, err := s.db.Collection(responsesColl).Find(ctx, bson.M{"survey": survey})
	if err != nil {
		return 0, err
	}
	defer cur.Close(ctx)
	n := 0
	for cur.Next(ctx) {
		if len(cur.Current) == 0 {
			continue
		}
		n++
	}
	return n, cur.Err()
}

// SendSessionTallyBatch sends a session's tally batch as a flush sends
// one whose earlier write ended without an answer: only if the tally did
// not take it.
func SendSessionTallyBatch(ctx context.Context, s *Store, code, batch string, n int) error {
	k, b := tallyKey{id: "session:" + code}, tallyBatch{id: batch, n: n}
	taken, err := s.tookBatch(ctx, k, b)
	if err != nil || taken {
		return err
	}
	return s.writeTally(ctx, k, b)
}

// LostAnswer is a try of a submission whose answer was lost: stored says
// whether the database took its document.
type LostAnswer struct{ p *uncertain }

// TryWithLostAnswer does what InsertResponse does for r up to the insert,
// makes the insert when stored (a duplicate leaves the database as it
// was), and then keeps the try as one whose answer never came.
func TryWithLostAnswer(ctx context.Context, s *Store, r *models.Response, stored bool) (LostAnswer, error) {
	r.ID = ResponseID(r.Survey, r.SubmissionID)
	r.RecordKey = newRecordKey()
	raw, dec, err := encodeResponse(r)
	if err != nil {
		return LostAnswer{}, err
	}
	s.observer().Inserting([]string{r.ID})
	if stored {
		if _, err := s.db.Collection(responsesColl).InsertOne(ctx, raw); err != nil {
			return LostAnswer{}, err
		}
	}
	p := &uncertain{raw: raw, stored: dec}
	s.keepUncertain(p)
	return LostAnswer{p}, nil
}

// SettleAgain settles a try as the background loop does with the list
// it took before: the try may have been settled since.
func SettleAgain(ctx context.Context, s *Store, l LostAnswer) error {
	_, err := s.settle(ctx, l.p)
	return err
}

// SettleWaiting runs one round of the background loop.
func SettleWaiting(ctx context.Context, s *Store) { s.settleUncertain(ctx) }
