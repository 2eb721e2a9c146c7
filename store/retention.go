package store

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const jobsColl = "jobs"

// Retention is the deployment's retention periods; a survey's own
// retention rules override the first two.
type Retention struct {
	TextMonths    int // free-text answers, after the survey closes
	ResponseYears int // whole responses, after the survey closes
	AuditYears    int // audit entries, after they were written
}

// Cutoffs are when a closed survey's free text and its responses are due
// for deletion.
type Cutoffs struct {
	Closed    time.Time
	Text      time.Time
	Responses time.Time
}

// SurveyCutoffs applies r and the survey's own rules to the time it
// closed. ok is false for a survey that is not closed, or has no close time
// (then it has no responses either): nothing of it is due.
func (r Retention) SurveyCutoffs(sv *models.Survey, closed time.Time) (c Cutoffs, ok bool) {
	if sv.Status != models.StatusClosed || closed.IsZero() {
		return Cutoffs{}, false
	}
	months, years := r.TextMonths, r.ResponseYears
	if sv.Retention != nil {
		if sv.Retention.FreeTextMonths > 0 {
			months = sv.Retention.FreeTextMonths
		}
		if sv.Retention.ResponsesYears > 0 {
			years = sv.Retention.ResponsesYears
		}
	}
	return Cutoffs{Closed: closed, Text: closed.AddDate(0, months, 0), Responses: closed.AddDate(years, 0, 0)}, true
}

// ClosedSurvey is the newest version of a closed survey with the time it
// closed: its closes_at, else when staff closed it, else the end of the
// day of its latest response (zero when it has none).
type ClosedSurvey struct {
	Survey *models.Survey
	Closed time.Time
	// ClosedByHand is when staff last closed it, zero if never: a survey
	// reopened and closed again is published again, whatever its
	// closes_at says.
	ClosedByHand time.Time
}

// ClosedSurveys lists the closed surveys, newest version each, by slug.
func (s *Store) ClosedSurveys(ctx context.Context) ([]ClosedSurvey, error) {
	opts := options.Find().SetSort(bson.D{{Key: "slug", Value: 1}, {Key: "version", Value: -1}})
	cur, err := s.db.Collection(surveysColl).Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, wrap(err, "list surveys")
	}
	defer cur.Close(ctx)
	var list []ClosedSurvey
	last := ""
	for cur.Next(ctx) {
		var doc surveyDoc
		if err := cur.Decode(&doc); err != nil {
			return nil, wrap(err, "decode survey")
		}
		if doc.Slug == last {
			continue
		}
		last = doc.Slug
		if doc.Status != models.StatusClosed {
			continue
		}
		closed, err := s.closeTime(ctx, &doc)
		if err != nil {
			return nil, err
		}
		sv := doc.Survey
		cs := ClosedSurvey{Survey: &sv, Closed: closed}
		if doc.ClosedAt != nil {
			cs.ClosedByHand = doc.ClosedAt.UTC()
		}
		list = append(list, cs)
	}
	return list, wrap(cur.Err(), "list surveys")
}

// SurveyClosed is when the survey with slug closed, as ClosedSurveys
// reckons it; zero when it is not closed.
func (s *Store) SurveyClosed(ctx context.Context, slug string) (time.Time, error) {
	opts := options.FindOne().SetSort(bson.D{{Key: "version", Value: -1}})
	var doc surveyDoc
	err := s.db.Collection(surveysColl).FindOne(ctx, bson.M{"slug": slug}, opts).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return time.Time{}, models.Errorf(models.ErrNotFound, "no survey %q", slug)
	}
	if err != nil {
		return time.Time{}, wrap(err, "find survey")
	}
	if doc.Status != models.StatusClosed {
		return time.Time{}, nil
	}
	return s.closeTime(ctx, &doc)
}

func (s *Store) closeTime(ctx context.Context, doc *surveyDoc) (time.Time, error) {
	switch {
	case doc.ClosesAt != nil:
		return doc.ClosesAt.UTC(), nil
	case doc.ClosedAt != nil:
		return doc.ClosedAt.UTC(), nil
	}
	var r struct {
		Day string `bson:"day"`
	}
	err := s.db.Collection(responsesColl).FindOne(ctx, bson.M{"survey": doc.Slug},
		options.FindOne().SetSort(bson.D{{Key: "day", Value: -1}}).SetProjection(bson.M{"day": 1})).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, wrap(err, "find latest response")
	}
	day, err := time.Parse(time.DateOnly, r.Day)
	if err != nil {
		return time.Time{}, nil // a day the store never writes; keep the survey
	}
	return day.AddDate(0, 0, 1), nil
}

// TextQuestions lists the ids of the free-text questions of every stored
// version of a survey: a response keeps the ids of the version it answered.
func (s *Store) TextQuestions(ctx context.Context, slug string) ([]string, error) {
	text, _, err := s.QuestionKinds(ctx, slug)
	return text, err
}

// ClearTextAnswers removes the answers to the questions ids from every
// response of survey that still has them, and counts the answers removed.
// Running it again removes nothing more. One UpdateMany per question:
// question ids are plain names, so "answers.<id>" is a safe path.
func (s *Store) ClearTextAnswers(ctx context.Context, survey string, ids []string) (int64, error) {
	var n int64
	for _, id := range ids {
		path := "answers." + id
		res, err := s.writeResponses().UpdateMany(ctx,
			bson.M{"survey": survey, path: bson.M{"$exists": true}},
			bson.M{"$unset": bson.M{path: ""}})
		if err != nil {
			s.observer().Changed(survey)
			return n, wrap(err, "clear free-text answers")
		}
		n += res.ModifiedCount
	}
	s.observer().AnswersCleared(survey, ids)
	return n, nil
}

// DeleteSurveyResponses deletes every response of survey and counts them.
func (s *Store) DeleteSurveyResponses(ctx context.Context, survey string) (int64, error) {
	var n int64
	var err error
	if s.embedded {
		n, err = s.deleteSurveyResponsesInChunks(ctx, survey)
	} else {
		var res *mongo.DeleteResult
		if res, err = s.writeResponses().DeleteMany(ctx, bson.M{"survey": survey}); err == nil {
			n = res.DeletedCount
		}
	}
	if err != nil {
		s.observer().Changed(survey)
		return n, wrap(err, "delete responses")
	}
	s.observer().Deleted(survey)
	return n, nil
}

// deleteChunk is how many responses one delete on the embedded engine
// may match: it deletes what a filter matched with one SQL statement
// naming every _id, and SQLite takes at most 32,766 of them. The
// statement holds the write lock while it runs: with 30,000 an answer
// waited 8.7 s, close to the engine's 10 s busy timeout.
const deleteChunk = 10_000

// deleteSurveyResponsesInChunks deletes the responses of survey on the
// embedded engine a range of _ids at a time. One delete of everything the
// survey filter matched failed with "too many SQL variables" above 32,766
// responses (seen at 100,000), so a large survey could never be retired.
//
// Every chunk costs a read of the whole collection, and its SQL statement
// holds the write lock, with answers waiting, for a scan of the table
// (3.9 s with 49,000 responses stored): the engine's lookup by _id does
// not use the _id index (FerretDB v1.24 queries _ferretdb_sjson->'$._id',
// the index is on _ferretdb_sjson->'_id'), so deleting by _id one at a
// time would scan the table for every response. Few large chunks are the
// cheaper way.
func (s *Store) deleteSurveyResponsesInChunks(ctx context.Context, survey string) (int64, error) {
	coll := s.writeResponses()
	cur, err := coll.Find(ctx, bson.M{"survey": survey}, options.Find().SetProjection(bson.M{"_id": 1}).SetBatchSize(1000))
	if err != nil {
		return 0, err
	}
	var ids []string
	for cur.Next(ctx) {
		if id, ok := cur.Current.Lookup("_id").StringValueOK(); ok {
			ids = append(ids, id)
		}
	}
	err = cur.Err()
	_ = cur.Close(ctx)
	if err != nil {
		return 0, err
	}
	slices.Sort(ids)
	var n int64
	for start := 0; start < len(ids); start += deleteChunk {
		chunk := ids[start:min(start+deleteChunk, len(ids))]
		res, err := coll.DeleteMany(ctx, bson.M{"survey": survey, "_id": bson.M{"$gte": chunk[0], "$lte": chunk[len(chunk)-1]}})
		if err != nil {
			return n, err
		}
		n += res.DeletedCount
	}
	// What the chunks did not name: an _id that is not a string, which
	// the store never writes.
	res, err := coll.DeleteMany(ctx, bson.M{"survey": survey})
	if err != nil {
		return n, err
	}
	return n + res.DeletedCount, nil
}

// DeleteAuditBefore deletes the audit entries written before t.
func (s *Store) DeleteAuditBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.db.Collection(auditColl).DeleteMany(ctx, bson.M{"at": bson.M{"$lt": t.UTC()}})
	if err != nil {
		return 0, wrap(err, "delete old audit entries")
	}
	return res.DeletedCount, nil
}

// DeleteArchivedFigures removes the figures the retention job archived
// for one wave of survey before (loaded by the system with source), so
// archiving again replaces them instead of adding a second set.
func (s *Store) DeleteArchivedFigures(ctx context.Context, survey, wave, sourcePrefix string) error {
	_, err := s.db.Collection(outsideColl).DeleteMany(ctx, bson.M{
		"survey": survey, "wave": wave, "loaded_by": models.AuditActorSystem,
		"source": bson.M{"$regex": "^" + regexp.QuoteMeta(sourcePrefix)},
	})
	return wrap(err, "delete archived figures")
}

// ClaimJob claims the run of job named id (e.g. "retention:2025-03-01")
// for holder. Exactly one of several instances wins: the claim is an
// insert under a unique _id, which is atomic on both engines (a filtered
// upsert is not on the embedded one).
func (s *Store) ClaimJob(ctx context.Context, id, holder string, now time.Time) (bool, error) {
	_, err := s.db.Collection(jobsColl).InsertOne(ctx, bson.M{"_id": id, "holder": holder, "at": now.UTC()})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "claim job")
	}
	return true, nil
}

// DeleteJobClaims removes claims made before t, to keep the collection small.
func (s *Store) DeleteJobClaims(ctx context.Context, before time.Time) error {
	_, err := s.db.Collection(jobsColl).DeleteMany(ctx, bson.M{"at": bson.M{"$lt": before.UTC()}})
	return wrap(err, "delete old job claims")
}
