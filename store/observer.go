package store

import (
	"bytes"
	"context"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

// Observer hears of every write that changes what a figure counts, right
// after the write succeeded, so that an in-memory copy of the responses
// (package results) can follow the database exactly. Its methods are
// called on the writing goroutine and must return quickly.
type Observer interface {
	// Inserting is told the ids of responses about to be inserted, and
	// then, for each id, either Inserted or Abandoned. A copy being loaded
	// meanwhile leaves these ids to Inserted, so a response is never
	// counted twice, whichever of the load and the insert comes first.
	Inserting(ids []string)
	// Inserted is given the responses stored, decoded as a read of the
	// database decodes them.
	Inserted(rs []*models.Response)
	// Abandoned is told ids that were not stored: a duplicate, a failure.
	Abandoned(ids []string)
	// Present is given a response the database holds, read back by its
	// _id after an insert found it stored already. An observer that does
	// not hold it adds it, and one that does (or has its id in flight)
	// does nothing: it may have been stored by an insert whose outcome
	// was not known, or by another instance.
	Present(r *models.Response)
	// SessionMarked: the exclusion marks of the responses of session code,
	// of survey, were written.
	SessionMarked(ctx context.Context, survey, code string)
	// AnswersCleared: the answers to the questions ids were removed from
	// every response of survey.
	AnswersCleared(survey string, ids []string)
	// Deleted: every response of survey was deleted.
	Deleted(survey string)
	// Changed: responses of survey (of every survey when "") were changed
	// in a way only reading them again follows, or may have been written
	// by a write whose outcome is not known.
	Changed(survey string)
	// SurveyChanged: a version of the survey's definition was stored or
	// changed.
	SurveyChanged(survey string)
}

// IgnoreWrites is an Observer that hears nothing; embed it to hear only
// some writes.
type IgnoreWrites struct{}

func (IgnoreWrites) Inserting([]string)                            {}
func (IgnoreWrites) Inserted([]*models.Response)                   {}
func (IgnoreWrites) Abandoned([]string)                            {}
func (IgnoreWrites) Present(*models.Response)                      {}
func (IgnoreWrites) SessionMarked(context.Context, string, string) {}
func (IgnoreWrites) AnswersCleared(string, []string)               {}
func (IgnoreWrites) Deleted(string)                                {}
func (IgnoreWrites) Changed(string)                                {}
func (IgnoreWrites) SurveyChanged(string)                          {}

// AddObserver makes o hear of every write to responses from now on. Call
// it before the store is shared.
func (s *Store) AddObserver(o Observer) { s.obs = append(s.obs, o) }

// observer tells every observer added.
func (s *Store) observer() Observer { return s.obs }

// observers tell each of theirs in turn.
type observers []Observer

func (os observers) Inserting(ids []string) {
	for _, o := range os {
		o.Inserting(ids)
	}
}

func (os observers) Inserted(rs []*models.Response) {
	for _, o := range os {
		o.Inserted(rs)
	}
}

func (os observers) Abandoned(ids []string) {
	for _, o := range os {
		o.Abandoned(ids)
	}
}

func (os observers) Present(r *models.Response) {
	for _, o := range os {
		o.Present(r)
	}
}

func (os observers) SessionMarked(ctx context.Context, survey, code string) {
	for _, o := range os {
		o.SessionMarked(ctx, survey, code)
	}
}

func (os observers) AnswersCleared(survey string, ids []string) {
	for _, o := range os {
		o.AnswersCleared(survey, ids)
	}
}

func (os observers) Deleted(survey string) {
	for _, o := range os {
		o.Deleted(survey)
	}
}

func (os observers) Changed(survey string) {
	for _, o := range os {
		o.Changed(survey)
	}
}

func (os observers) SurveyChanged(survey string) {
	for _, o := range os {
		o.SurveyChanged(survey)
	}
}

// encodeResponse is r as the document inserted, and r as a read of that
// document decodes it: what the observer is given, so the copy holds the
// very values a scan would.
func encodeResponse(r *models.Response) (bson.Raw, *models.Response, error) {
	raw, err := bson.Marshal(r)
	if err != nil {
		return nil, nil, wrap(err, "encode response")
	}
	back, err := decodeResponse(raw)
	if err != nil {
		return nil, nil, err
	}
	return raw, back, nil
}

// decodeResponse decodes a stored response as the client does (store.Open:
// documents to maps).
func decodeResponse(raw bson.Raw) (*models.Response, error) {
	dec := bson.NewDecoder(bson.NewDocumentReader(bytes.NewReader(raw)))
	dec.DefaultDocumentM()
	var r models.Response
	if err := dec.Decode(&r); err != nil {
		return nil, wrap(err, "decode response")
	}
	return &r, nil
}

// EachStoredResponse reads every response to the surveys for in-memory
// copies, the excluded ones too (marked), in one read. The free text
// comes along, for the copy's text log.
func (s *Store) EachStoredResponse(ctx context.Context, surveys []string, fn func(*models.Response) error) error {
	proj := bson.M{"submission_id": 0, "redacted": 0}
	cur, err := s.db.Collection(responsesColl).Find(ctx, bson.M{"survey": bson.M{"$in": surveys}},
		options.Find().SetProjection(proj).SetBatchSize(1000))
	if err != nil {
		return wrap(err, "find responses")
	}
	defer cur.Close(ctx)
	// The cursor reads ahead while another goroutine decodes and hands on
	// what it has read, in order: on the embedded engine the read is the
	// engine's work and the decoding the client's, and they overlap on
	// two cores instead of taking turns.
	batches := make(chan []bson.Raw, 4)
	done := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		defer close(done)
		for batch := range batches {
			for _, raw := range batch {
				r, err := decodeResponse(raw)
				if err == nil {
					err = fn(r)
				}
				if err != nil {
					done <- err
					close(stop)
					return
				}
			}
		}
	}()
	batch := make([]bson.Raw, 0, readAhead)
	send := func() bool {
		select {
		case batches <- batch:
			batch = make([]bson.Raw, 0, readAhead)
			return true
		case <-stop:
			return false
		}
	}
	ok := true
	for ok && cur.Next(ctx) {
		batch = append(batch, slices.Clone(cur.Current))
		if len(batch) == readAhead {
			ok = send()
		}
	}
	if ok && len(batch) > 0 {
		send()
	}
	close(batches)
	if err := <-done; err != nil {
		return err
	}
	return wrap(cur.Err(), "read responses")
}

// readAhead is how many responses the cursor hands on at once.
const readAhead = 256

// QuestionKinds lists the ids of every question any stored version of
// survey has had: text those that were free text in some version, closed
// the others.
func (s *Store) QuestionKinds(ctx context.Context, slug string) (text, closed []string, err error) {
	cur, err := s.db.Collection(surveysColl).Find(ctx, bson.M{"slug": slug},
		options.Find().SetProjection(bson.M{"questions.id": 1, "questions.type": 1}))
	if err != nil {
		return nil, nil, wrap(err, "list survey versions")
	}
	defer cur.Close(ctx)
	kind := map[string]bool{} // id -> free text in some version
	var order []string
	for cur.Next(ctx) {
		var d struct {
			Questions []struct {
				ID   string `bson:"id"`
				Type string `bson:"type"`
			} `bson:"questions"`
		}
		if err := cur.Decode(&d); err != nil {
			return nil, nil, wrap(err, "decode survey")
		}
		for _, q := range d.Questions {
			was, seen := kind[q.ID]
			if !seen {
				order = append(order, q.ID)
			}
			kind[q.ID] = was || q.Type == models.TypeText
		}
	}
	if err := cur.Err(); err != nil {
		return nil, nil, wrap(err, "list survey versions")
	}
	for _, id := range order {
		if kind[id] {
			text = append(text, id)
		} else {
			closed = append(closed, id)
		}
	}
	return text, closed, nil
}

// SessionExcluded reads whether session code is excluded now.
func (s *Store) SessionExcluded(ctx context.Context, code string) (bool, error) {
	return s.sessionExcluded(ctx, code)
}
