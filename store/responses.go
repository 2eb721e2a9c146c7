package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const responsesColl = "responses"

// InsertResponse stores r once per survey and submission id. A retry of a
// submission that is already stored reports duplicate and stores nothing:
// the unique key decides, so two retries racing each other cannot both
// get in, and no read precedes the write. r's _id is derived from its
// survey and submission id (responseID), so every retry of a submission
// names the same document, and the document can be read back by primary
// key (an index lookup on MongoDB; on the embedded engine a read of every
// response, so it is done only where needed: SetHeld). r gets a fresh random
// record key whatever it held: a key never comes from the caller.
// r.Excluded is stored as given (the caller sets it from the session it
// read) and then settled against the session's flag after the write, so a
// response that races an exclusion of its session ends up excluded too.
//
// An insert whose outcome is not known (a timeout, a connection lost
// before the answer) is neither counted nor forgotten: it is kept as
// uncertain and tried again, with the very same document, by the next
// retry of the submission or by the store's background loop, whichever
// comes first (settle). Whatever the first try did, the document then is
// stored exactly once and counted exactly once, in the in-memory copies
// and in the tallies. A duplicate that the copies do not hold is read
// back by its _id and handed to the observers, which add it where it is
// missing (Observer.Present).
func (s *Store) InsertResponse(ctx context.Context, r *models.Response) (duplicate bool, err error) {
	if r.SubmissionID != "" {
		r.ID = ResponseID(r.Survey, r.SubmissionID)
	} else if r.ID == "" {
		r.ID = randomID()
	}
	if p := s.uncertainInsert(r.ID); p != nil {
		// A retry of a submission whose first try may or may not have
		// been stored: the first try's document settles it.
		return s.settle(ctx, p)
	}
	r.RecordKey = newRecordKey()
	raw, stored, err := encodeResponse(r)
	if err != nil {
		return false, err
	}
	obs, ids := s.observer(), []string{r.ID}
	obs.Inserting(ids)
	_, err = s.writeResponses().InsertOne(ctx, raw)
	if mongo.IsDuplicateKeyError(err) {
		obs.Abandoned(ids)
		if s.held == nil || !s.held(r.Survey, r.ID) {
			s.present(ctx, r.Survey, r.ID)
		}
		return true, nil
	}
	if err != nil {
		if definitelyNotWritten(err) {
			obs.Abandoned(ids)
			return false, wrap(err, "insert response")
		}
		// The write may have been made (a timeout after the server
		// stored it). The id stays in flight for the observers, so a
		// copy being read leaves it to settle.
		s.keepUncertain(&uncertain{raw: raw, stored: stored})
		return false, wrap(err, "insert response")
	}
	s.counted(ctx, stored)
	return false, nil
}

// counted tells the observers and the tallies of a response just stored,
// and settles its exclusion mark. An error marking it loses nothing (the
// next exclude or include marks every response again), so it is logged by
// the observers' reread only.
func (s *Store) counted(ctx context.Context, stored *models.Response) {
	s.observer().Inserted([]*models.Response{stored})
	s.countStored(stored.Survey, stored.Version, stored.Session, 1)
	if stored.Session != "" {
		// The response is stored; if the session was excluded meanwhile,
		// the mark follows (exclusions.go).
		_ = s.settleExclusion(context.WithoutCancel(ctx), stored.Survey, stored.Session, []string{stored.ID}, stored.Excluded)
	}
}

// SetHeld tells the store how to ask whether this process's in-memory
// copies (package results) already hold a stored response. A duplicate
// whose response they hold is not read back (present), since the read
// would add nothing: on the embedded engine a read by _id reads every
// response (FerretDB v1.24's SQLite backend has no index its _id filter
// can use; docs/database-operations.md), seconds at 100,000, for every
// retry a phone sends. Call it before the store is shared.
func (s *Store) SetHeld(held func(survey, id string) bool) { s.held = held }

// present reads back a response the database already holds, after a
// duplicate, and hands it to the observers, which add it where it is
// missing. A response stored before ids were derived from submission ids
// is not found by its derived id; it was read into the copies with every
// other stored response, and nothing is done.
func (s *Store) present(ctx context.Context, survey, id string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	r, err := s.responseByID(ctx, id)
	if err != nil || r == nil {
		// The periodic count check catches what this could not.
		return
	}
	s.observer().Present(r)
}

// responseByID reads one response by its _id, decoded as a read of the
// copies decodes it; nil when there is none.
func (s *Store) responseByID(ctx context.Context, id string) (*models.Response, error) {
	raw, err := s.db.Collection(responsesColl).FindOne(ctx, bson.M{"_id": id},
		options.FindOne().SetProjection(bson.M{"submission_id": 0, "redacted": 0})).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap(err, "read response")
	}
	return decodeResponse(raw)
}

// ResponseID is the _id a submission is stored under: the same for every
// retry, so that a retry names the same document. It says nothing the
// submission id does not: both are random to anyone but the device that
// sent them.
func ResponseID(survey, submissionID string) string {
	h := sha256.Sum256([]byte(survey + "\x00" + submissionID))
	return hex.EncodeToString(h[:16])
}

// randomID is 128 random bits, hex encoded.
func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// ResponsesBySubmission counts responses with a given submission id: tests
// use it to prove nothing was stored twice. No public request may call it:
// on the embedded engine it reads every response.
func (s *Store) ResponsesBySubmission(ctx context.Context, survey, submissionID string) (int64, error) {
	n, err := s.db.Collection(responsesColl).CountDocuments(ctx, bson.M{"survey": survey, "submission_id": submissionID})
	return n, wrap(err, "count responses")
}

// FindResponses returns every stored response to survey, for tests and
// small exports; results go through the streaming export instead.
func (s *Store) FindResponses(ctx context.Context, survey string) ([]models.Response, error) {
	cur, err := s.db.Collection(responsesColl).Find(ctx, bson.M{"survey": survey})
	if err != nil {
		return nil, wrap(err, "find responses")
	}
	var out []models.Response
	if err := cur.All(ctx, &out); err != nil {
		return nil, wrap(err, "read responses")
	}
	return out, nil
}

// RawResponses returns the stored documents of survey as plain maps, so
// tests can see every field that was written, including ones no struct
// knows about.
func (s *Store) RawResponses(ctx context.Context, survey string) ([]map[string]any, error) {
	cur, err := s.db.Collection(responsesColl).Find(ctx, bson.M{"survey": survey})
	if err != nil {
		return nil, wrap(err, "find responses")
	}
	var out []map[string]any
	if err := cur.All(ctx, &out); err != nil {
		return nil, wrap(err, "read responses")
	}
	return out, nil
}

// ResponseFilter is models.ResponseFilter; kept here so callers of the
// store read naturally.
type ResponseFilter = models.ResponseFilter

// filterBSON matches school, area and grade against the values a
// response's session carried. That is not what they mean for a figure
// (a session's value, else the young person's own answer): export.Scan
// reads by survey and session only and puts each response in its group
// itself, and gender and age are never read here.
func filterBSON(f ResponseFilter) bson.M {
	// Responses of an excluded session count in no figure (DESIGN §8).
	m := bson.M{"survey": f.Survey, "excluded": bson.M{"$ne": true}}
	for k, v := range map[string]string{"school": f.School, "area": f.Area, "grade": f.Grade, "session": f.Session} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// EachResponse calls fn for every response matching f, one at a time from
// a cursor, so memory stays flat however many there are. fn must not keep
// the *Response: it is reused. It reads the record key too, for disclosure
// control; a response stored before keys existed and not yet given one by
// EnsureRecordKeys reads as key 0.
func (s *Store) EachResponse(ctx context.Context, f ResponseFilter, fn func(*models.Response) error) error {
	opts := options.Find().
		SetProjection(bson.M{"answers": 1, "school": 1, "grade": 1, "area": 1, "session": 1, "day": 1, "lang": 1, "version": 1, recordKeyField: 1}).
		SetBatchSize(1000)
	cur, err := s.db.Collection(responsesColl).Find(ctx, filterBSON(f), opts)
	if err != nil {
		return wrap(err, "find responses")
	}
	defer cur.Close(ctx)
	var r models.Response
	for cur.Next(ctx) {
		r = models.Response{}
		if err := cur.Decode(&r); err != nil {
			return wrap(err, "decode response")
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return wrap(cur.Err(), "read responses")
}

// InsertResponses stores many responses at once (demo data, imports). Each
// gets a random _id when it has none and always a fresh random record key;
// the unique index still refuses a submission id stored before. Responses
// of an excluded session are marked excluded, as InsertResponse does.
func (s *Store) InsertResponses(ctx context.Context, rs []*models.Response) error {
	docs := make([]any, len(rs))
	stored := make([]*models.Response, len(rs))
	ids := make([]string, len(rs))
	for i, r := range rs {
		if r.SubmissionID != "" {
			r.ID = ResponseID(r.Survey, r.SubmissionID)
		} else if r.ID == "" {
			r.ID = randomID()
		}
		r.RecordKey = newRecordKey()
		raw, back, err := encodeResponse(r)
		if err != nil {
			return err
		}
		docs[i], stored[i], ids[i] = raw, back, r.ID
	}
	obs := s.observer()
	obs.Inserting(ids)
	_, err := s.writeResponses().InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	failed := map[int]bool{}
	var bulk mongo.BulkWriteException
	if errors.As(err, &bulk) && bulk.WriteConcernError == nil {
		for _, we := range bulk.WriteErrors {
			failed[we.Index] = true
		}
	} else if err != nil {
		obs.Abandoned(ids)
		changed := map[string]bool{}
		for _, r := range rs {
			if !changed[r.Survey] {
				changed[r.Survey] = true
				obs.Changed(r.Survey)
			}
		}
		return wrap(err, "insert responses")
	}
	var in []*models.Response
	var out []string
	for i := range rs {
		if failed[i] {
			out = append(out, ids[i])
		} else {
			in = append(in, stored[i])
		}
	}
	obs.Abandoned(out)
	obs.Inserted(in)
	type key struct {
		survey  string
		version int
		session string
	}
	counted := map[key]int{}
	for i, r := range rs {
		if !failed[i] {
			counted[key{r.Survey, r.Version, r.Session}]++
		}
	}
	for k, n := range counted {
		s.countStored(k.survey, k.version, k.session, n)
	}
	type marked struct {
		survey   string
		session  string
		excluded bool
	}
	bySession := map[marked][]string{}
	for i, r := range rs {
		if !failed[i] && r.Session != "" {
			m := marked{r.Survey, r.Session, r.Excluded}
			bySession[m] = append(bySession[m], r.ID)
		}
	}
	for m, ids := range bySession {
		if err := s.settleExclusion(ctx, m.survey, m.session, ids, m.excluded); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return wrap(err, "insert responses")
	}
	return nil
}

// CountResponsesBySurvey counts the stored responses of every survey, in
// one pass. On the embedded engine the pass reads every response, so the
// periodic check that uses it runs seldom (results.Manager.Check).
func (s *Store) CountResponsesBySurvey(ctx context.Context) (map[string]int64, error) {
	cur, err := s.db.Collection(responsesColl).Aggregate(ctx, mongo.Pipeline{
		{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$survey"}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}},
	})
	if err != nil {
		return nil, wrap(err, "count responses")
	}
	defer cur.Close(ctx)
	out := map[string]int64{}
	for cur.Next(ctx) {
		var g struct {
			Survey string `bson:"_id"`
			N      int64  `bson:"n"`
		}
		if err := cur.Decode(&g); err != nil {
			return nil, wrap(err, "count responses")
		}
		out[g.Survey] = g.N
	}
	return out, wrap(cur.Err(), "count responses")
}
