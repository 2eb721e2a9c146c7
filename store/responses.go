package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const responsesColl = "responses"

// InsertResponse stores r once per survey and submission id. A retry of a
// submission that is already stored reports duplicate and stores nothing:
// the unique index decides, so two retries racing each other cannot both
// get in, and no read precedes the write. r gets a fresh random record key
// whatever it held: a key never comes from the caller. r.Excluded is
// stored as given (the caller sets it from the session it read) and then
// settled against the session's flag after the write, so a response that
// races an exclusion of its session ends up excluded too.
func (s *Store) InsertResponse(ctx context.Context, r *models.Response) (duplicate bool, err error) {
	if r.ID == "" {
		r.ID = randomID()
	}
	r.RecordKey = newRecordKey()
	raw, stored, err := encodeResponse(r)
	if err != nil {
		return false, err
	}
	obs, ids := s.observer(), []string{r.ID}
	obs.Inserting(ids)
	_, err = s.db.Collection(responsesColl).InsertOne(ctx, raw)
	if mongo.IsDuplicateKeyError(err) {
		obs.Abandoned(ids)
		return true, nil
	}
	if err != nil {
		obs.Abandoned(ids)
		// A write that failed may still have been made (a timeout after
		// the server stored it): only reading the survey again tells.
		obs.Changed(r.Survey)
		return false, wrap(err, "insert response")
	}
	obs.Inserted([]*models.Response{stored})
	s.countStored(r.Survey, r.Version, r.Session, 1)
	if r.Session != "" {
		// The response is stored; if the session was excluded meanwhile,
		// the mark follows (exclusions.go). An error here loses nothing:
		// the next exclude or include marks every response again.
		if err := s.settleExclusion(ctx, r.Survey, r.Session, ids, r.Excluded); err != nil {
			return false, err
		}
	}
	return false, nil
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
		if r.ID == "" {
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
	_, err := s.db.Collection(responsesColl).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
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
