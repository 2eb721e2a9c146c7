package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Staff pages show how many have answered a session (polled every few
// seconds on the projector) and a survey. Counting with a query costs a
// scan of every response on the embedded engine, which cannot use an index
// for it, so each stored response also adds one to a running tally on its
// session and survey version. The tallies are figures to show, not the
// lägesbild's: that always counts the responses themselves.

// countStored adds n stored responses to the tallies. It only notes them
// in memory; flushTallies writes the sums with one upsert per tally, at the
// latest a second later and before any tally is read here, so a submission
// costs one write, not three. The figures are for display: a crash can
// lose the last second of them, never a response.
func (s *Store) countStored(survey string, version int, session string, n int) {
	s.tallyMu.Lock()
	defer s.tallyMu.Unlock()
	if s.pending == nil {
		s.pending = make(map[tallyKey]int)
	}
	s.pending[tallyKey{id: "survey:" + surveyID(survey, version), survey: survey}] += n
	if session != "" {
		s.pending[tallyKey{id: "session:" + session}] += n
	}
}

// tallyKey names one tally document; survey is stored on a survey's
// tallies so a reader of the collection sees whose they are. Nothing
// selects by it: CountSurveyResponses reads each version's by _id.
type tallyKey struct {
	id, survey string
}

// flushTallies writes the pending sums. Each sum goes as a batch with an
// id of its own, and the document remembers the last batch it took, so
// a batch whose outcome is unknown (a timeout after the write) is sent
// again as it was and taken at most once: the filter no longer matches a
// document that took it, and the upsert then meets its _id and fails as
// a duplicate, which says "taken". Until such a batch is settled, newer
// sums of its tally wait, so the document never takes a newer batch
// before an older one is known. A write that surely failed keeps its
// sum pending for the next flush. Flushes take turns: a reader's flush
// that found nothing pending while the background flush was still
// writing what it took would otherwise read the tallies without those
// sums.
func (s *Store) flushTallies(ctx context.Context) error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	var first error
	note := func(err error) {
		if first == nil {
			first = wrap(err, "write tallies")
		}
	}
	// Batches whose outcome was not known, first and as they were.
	for k, b := range s.unsettledTallies {
		err := s.writeTally(ctx, k, b)
		switch {
		case err == nil:
			delete(s.unsettledTallies, k)
		case definitelyNotWritten(err):
			// Not taken: the sum goes back to pending, under a new batch.
			delete(s.unsettledTallies, k)
			s.addPending(k, b.n)
			note(err)
		default:
			note(err)
		}
	}
	s.tallyMu.Lock()
	pending := s.pending
	s.pending = nil
	s.tallyMu.Unlock()
	for k, n := range pending {
		if _, waiting := s.unsettledTallies[k]; waiting {
			s.addPending(k, n)
			continue
		}
		b := tallyBatch{id: randomID(), n: n}
		err := s.writeTally(ctx, k, b)
		switch {
		case err == nil:
		case definitelyNotWritten(err):
			s.addPending(k, n)
			note(err)
		default:
			if s.unsettledTallies == nil {
				s.unsettledTallies = map[tallyKey]tallyBatch{}
			}
			s.unsettledTallies[k] = b
			note(err)
		}
	}
	return first
}

// tallyBatch is one sum sent to a tally, under an id of its own.
type tallyBatch struct {
	id string
	n  int
}

// writeTally adds b to tally k unless k took b already.
func (s *Store) writeTally(ctx context.Context, k tallyKey, b tallyBatch) error {
	set := bson.M{"batch": b.id}
	if k.survey != "" {
		set["survey"] = k.survey
	}
	_, err := s.db.Collection(talliesColl).UpdateOne(ctx,
		bson.M{"_id": k.id, "batch": bson.M{"$ne": b.id}},
		bson.M{"$inc": bson.M{"n": b.n}, "$set": set},
		options.UpdateOne().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		return nil // the document took this batch before
	}
	return err
}

// addPending puts n back into the pending sum of k.
func (s *Store) addPending(k tallyKey, n int) {
	s.tallyMu.Lock()
	defer s.tallyMu.Unlock()
	if s.pending == nil {
		s.pending = make(map[tallyKey]int)
	}
	s.pending[k] += n
}

// flushLoop writes the tallies and settles inserts whose outcome was
// not known (uncertain.go) every second until ctx ends.
func (s *Store) flushLoop(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			_ = s.flushTallies(fctx) // kept pending and retried on the next tick
			cancel()
			s.settleUncertain(ctx)
		}
	}
}

const talliesColl = "tallies"

type tally struct {
	N int64 `bson:"n"`
}

// CountSurveyResponses is the tally of responses to every version of a
// survey: one read by _id per stored version. The tallies also hold one
// document per session ever held, so a read by their survey field would
// read all of those, on MongoDB (no index on it) and on the embedded
// engine (which looks up nothing but _id) alike: a cost that grows with
// the sessions, where this one grows with the survey's versions only.
func (s *Store) CountSurveyResponses(ctx context.Context, slug string) (int64, error) {
	if err := s.flushTallies(ctx); err != nil {
		return 0, err
	}
	versions, err := s.versionNumbers(ctx, slug)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, v := range versions {
		n, err := s.tallyOf(ctx, "survey:"+surveyID(slug, v))
		if err != nil {
			return 0, wrap(err, "count survey responses")
		}
		total += n
	}
	return total, nil
}

// versionNumbers lists the versions of slug stored in surveys, a small
// collection (staff write it; docs/database-operations.md).
func (s *Store) versionNumbers(ctx context.Context, slug string) ([]int, error) {
	cur, err := s.db.Collection(surveysColl).Find(ctx, bson.M{"slug": slug}, options.Find().SetProjection(bson.M{"version": 1}))
	if err != nil {
		return nil, wrap(err, "list survey versions")
	}
	defer cur.Close(ctx)
	var out []int
	for cur.Next(ctx) {
		var d struct {
			Version int `bson:"version"`
		}
		if err := cur.Decode(&d); err != nil {
			return nil, wrap(err, "list survey versions")
		}
		out = append(out, d.Version)
	}
	return out, wrap(cur.Err(), "list survey versions")
}

// tallyOf reads one tally by its _id; one never written is 0.
func (s *Store) tallyOf(ctx context.Context, id string) (int64, error) {
	var t tally
	err := s.db.Collection(talliesColl).FindOne(ctx, bson.M{"_id": id}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	return t.N, err
}

// CountSessionResponses is the tally of responses made through a session.
func (s *Store) CountSessionResponses(ctx context.Context, code string) (int64, error) {
	if err := s.flushTallies(ctx); err != nil {
		return 0, err
	}
	n, err := s.tallyOf(ctx, "session:"+code)
	return n, wrap(err, "count session responses")
}
