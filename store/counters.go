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
// in memory; the background flush writes the sums with one upsert per
// tally every flushEvery, so a submission costs one write, not three, and
// a reader here adds what is noted to what is written (liveTally). The
// figures are for display: a crash can lose the last flushEvery of them,
// never a response.
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
// id of its own, which the document keeps as the last batch it took. A
// batch whose write ended without an answer (a timeout after the write,
// perhaps) is unsettled: at the next flush the document is read, and the
// batch is sent again only if the document did not take it. Until then,
// newer sums of that tally wait, so the last batch a document took is
// the one to look for. A write that surely failed keeps its sum pending.
// Every read and write is by _id. Flushes take turns, and readers wait
// for the one under way (liveTally): its sums are neither pending nor
// surely written while it runs. With several instances on one database,
// a batch retried after another instance wrote the same tally may be
// counted twice: these are the live counts on staff pages, never the
// lägesbild's figures.
func (s *Store) flushTallies(ctx context.Context) error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	var first error
	note := func(err error) {
		if first == nil {
			first = wrap(err, "write tallies")
		}
	}
	for k, b := range s.unsettledTallies {
		taken, err := s.tookBatch(ctx, k, b)
		if err == nil && !taken {
			err = s.writeTally(ctx, k, b)
		}
		switch {
		case err == nil:
			delete(s.unsettledTallies, k)
		case definitelyNotWritten(err):
			delete(s.unsettledTallies, k)
			s.addPending(k, b.n) // not taken: sent again under a new batch
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

// writeTally adds b to tally k, and keeps b's id as the last it took.
func (s *Store) writeTally(ctx context.Context, k tallyKey, b tallyBatch) error {
	set := bson.M{"batch": b.id}
	if k.survey != "" {
		set["survey"] = k.survey
	}
	_, err := s.db.Collection(talliesColl).UpdateOne(ctx, bson.M{"_id": k.id},
		bson.M{"$inc": bson.M{"n": b.n}, "$set": set}, options.UpdateOne().SetUpsert(true))
	return err
}

// tookBatch reads whether tally k took batch b last.
func (s *Store) tookBatch(ctx context.Context, k tallyKey, b tallyBatch) (bool, error) {
	var t struct {
		Batch string `bson:"batch"`
	}
	err := s.db.Collection(talliesColl).FindOne(ctx, bson.M{"_id": k.id}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return t.Batch == b.id, nil
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

// FlushTallies writes the tallies noted now, as shutdown does; the
// background flush does it every flushEvery. Tests use it.
func (s *Store) FlushTallies(ctx context.Context) error { return s.flushTallies(ctx) }

// flushEvery is how often the tallies noted are written. Every upsert of
// a tally is a write the embedded engine makes by reading the whole
// tallies collection (one document per session ever held, so about
// 5,000 at 100,000 responses) with SQLite's one write lock held, and
// answers being stored wait for it: written every second, with an
// answer in a session adding a second tally, those writes were what
// took the answers' p99 from 44 to 305 ms at 200 a second
// (docs/BENCHMARKS.md, public routes). Readers here see every sum at
// once (liveTally); another instance sharing the database, within this.
const flushEvery = 10 * time.Second

// flushLoop writes the tallies every flushEvery, and settles inserts
// whose outcome was not known (uncertain.go) every second, until ctx
// ends.
func (s *Store) flushLoop(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	lastFlush := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if now.Sub(lastFlush) >= flushEvery {
				lastFlush = now
				fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				_ = s.flushTallies(fctx) // kept pending and retried at the next
				cancel()
			}
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
// Nothing is written to read it.
func (s *Store) CountSurveyResponses(ctx context.Context, slug string) (int64, error) {
	versions, err := s.versionNumbers(ctx, slug)
	if err != nil {
		return 0, err
	}
	keys := make([]tallyKey, len(versions))
	for i, v := range versions {
		keys[i] = tallyKey{id: "survey:" + surveyID(slug, v), survey: slug}
	}
	counts, err := s.liveTallies(ctx, keys)
	if err != nil {
		return 0, wrap(err, "count survey responses")
	}
	var total int64
	for _, n := range counts {
		total += n
	}
	return total, nil
}

// liveTallies reads each tally by _id and adds what is noted here and not
// written yet. It waits for a flush under way, so a sum is counted once:
// either pending, or written.
func (s *Store) liveTallies(ctx context.Context, keys []tallyKey) ([]int64, error) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	out := make([]int64, len(keys))
	for i, k := range keys {
		n, err := s.tallyOf(ctx, k.id)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	s.tallyMu.Lock()
	defer s.tallyMu.Unlock()
	for i, k := range keys {
		out[i] += int64(s.pending[k])
	}
	return out, nil
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
// Nothing is written to read it: the projector polls it every 3 s.
func (s *Store) CountSessionResponses(ctx context.Context, code string) (int64, error) {
	counts, err := s.liveTallies(ctx, []tallyKey{{id: "session:" + code}})
	if err != nil {
		return 0, wrap(err, "count session responses")
	}
	return counts[0], nil
}
