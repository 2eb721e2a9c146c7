package store

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"medborgardialog/models"
)

// An insert of a response can end without an answer: the request timed
// out, or the connection was lost, after the database may have stored
// the document. Such an insert is kept here, its document as it was
// sent, until a second insert of the very same document settles it: the
// document is then stored, either by the first try (a duplicate) or by
// the second, and it is counted once (settle). The submission's _id is
// derived from its id (responseID), so the second insert cannot store a
// second copy.

// uncertain is an insert whose outcome is not known.
type uncertain struct {
	raw    bson.Raw
	stored *models.Response // as a read decodes raw
}

// maxUncertain bounds how many unsettled inserts are kept. Beyond it
// (the database gone for a long time while answers time out) the oldest
// reason to keep more is gone too: the survey's copy is read again once
// the database answers, and the periodic count check repairs what that
// misses.
const maxUncertain = 10_000

// Integrity counts what keeping the copies equal to the database took.
type Integrity struct {
	// Uncertain is how many inserts wait to be settled now.
	Uncertain int
	// Settled counts inserts whose outcome was unknown and is now
	// settled; Given up, those dropped because too many waited.
	Settled, GivenUp uint64
}

// integrityCounters are the Store's running counts for Integrity.
type integrityCounters struct {
	settled, givenUp atomic.Uint64
}

// Integrity reports the running counts.
func (s *Store) Integrity() Integrity {
	s.uncertainMu.Lock()
	n := s.uncertainN
	s.uncertainMu.Unlock()
	return Integrity{Uncertain: n, Settled: s.integrity.settled.Load(), GivenUp: s.integrity.givenUp.Load()}
}

// keepUncertain keeps an insert whose outcome is not known. Its id stays
// in flight for the observers until it is settled. Two tries of one
// submission can both end unknown (the second sent while the first still
// waits for its answer); each is kept and settled on its own, since only
// the one whose document was stored may count it, and each ends its own
// mark of the id in flight.
func (s *Store) keepUncertain(p *uncertain) {
	s.uncertainMu.Lock()
	if s.uncertainN >= maxUncertain {
		s.uncertainMu.Unlock()
		s.integrity.givenUp.Add(1)
		s.observer().Abandoned([]string{p.stored.ID})
		s.observer().Changed(p.stored.Survey)
		return
	}
	if s.uncertain == nil {
		s.uncertain = map[string][]*uncertain{}
	}
	s.uncertain[p.stored.ID] = append(s.uncertain[p.stored.ID], p)
	s.uncertainN++
	s.uncertainMu.Unlock()
}

// uncertainInsert is an unsettled insert of id, if any.
func (s *Store) uncertainInsert(id string) *uncertain {
	s.uncertainMu.Lock()
	defer s.uncertainMu.Unlock()
	if waiting := s.uncertain[id]; len(waiting) > 0 {
		return waiting[0]
	}
	return nil
}

// takeUncertain removes p, and says whether this caller did: of two
// settling the same insert at once, one counts it. It is p itself that
// is looked for, not its id: a try of the same submission kept after p
// was settled is another insert, to be settled on its own.
func (s *Store) takeUncertain(p *uncertain) bool {
	s.uncertainMu.Lock()
	defer s.uncertainMu.Unlock()
	id := p.stored.ID
	waiting := s.uncertain[id]
	for i, q := range waiting {
		if q != p {
			continue
		}
		if len(waiting) == 1 {
			delete(s.uncertain, id)
		} else {
			s.uncertain[id] = append(waiting[:i:i], waiting[i+1:]...)
		}
		s.uncertainN--
		return true
	}
	return false
}

// settle inserts an unsettled insert's document again. Stored now, or
// found stored by the first try, it is counted once; an error leaves it
// unsettled for the next try. duplicate says the first try had stored it.
func (s *Store) settle(ctx context.Context, p *uncertain) (duplicate bool, err error) {
	id := p.stored.ID
	_, err = s.writeResponses().InsertOne(ctx, p.raw)
	dup := mongo.IsDuplicateKeyError(err)
	if err != nil && !dup {
		return false, wrap(err, "insert response")
	}
	var found *models.Response
	if dup {
		// Stored before: by the first try, or by a retry another
		// instance took.
		if found, err = s.responseByID(ctx, id); err != nil {
			return false, err
		}
	}
	if !s.takeUncertain(p) {
		return dup, nil // settled meanwhile by another caller
	}
	s.integrity.settled.Add(1)
	switch {
	case !dup, found != nil && found.RecordKey == p.stored.RecordKey:
		// This process's document: counted here, once.
		s.counted(ctx, p.stored)
	case found != nil:
		// Another instance stored and counted it; only a copy here
		// may lack it.
		s.observer().Abandoned([]string{id})
		s.observer().Present(found)
	default:
		// A response stored under a random _id, before ids were derived
		// from submission ids, holds this submission id: it was read
		// into the copies with the others.
		s.observer().Abandoned([]string{id})
	}
	return dup, nil
}

// settleUncertain tries every unsettled insert once, and stops at the
// first that finds the database still unavailable.
func (s *Store) settleUncertain(ctx context.Context) {
	s.uncertainMu.Lock()
	waiting := make([]*uncertain, 0, s.uncertainN)
	for _, ps := range s.uncertain {
		waiting = append(waiting, ps...)
	}
	s.uncertainMu.Unlock()
	for _, p := range waiting {
		tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := s.settle(tctx, p)
		cancel()
		if err != nil {
			var me *models.Error
			if errors.As(err, &me) && me.Code == models.ErrUnavailable {
				slog.Default().Debug("store: unsettled inserts wait for the database", "waiting", len(waiting))
				return
			}
		}
	}
}

// definitelyNotWritten says whether a failed insert surely stored
// nothing: no server was reached, or the server answered with an error
// that is not about the write concern (a write concern error comes after
// the write).
func definitelyNotWritten(err error) bool {
	if isServerSelection(err) || errors.Is(err, mongo.ErrClientDisconnected) {
		return true
	}
	var we mongo.WriteException
	if errors.As(err, &we) {
		return we.WriteConcernError == nil && len(we.WriteErrors) > 0
	}
	var ce mongo.CommandError
	if errors.As(err, &ce) {
		return !ce.HasErrorLabel("RetryableWriteError") && !mongo.IsTimeout(err) && !mongo.IsNetworkError(err)
	}
	return false
}
