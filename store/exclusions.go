package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

// Excluding a session (DESIGN §8) is two writes: the session's flag, then
// every response of the session marked excluded. The embedded engine has
// no transactions, so a response can be inserted between them, or by a
// submission that read the session before the flag was set. The insert
// path closes that window from its side (settleExclusion): after storing
// a response it reads the session's flag and, when it differs, writes the
// flag's value onto the response, and reads again until the two agree.
// Either the insert's read sees the flag (and marks itself), or it comes
// before the flag was set, so the insert is visible to the UpdateMany that
// follows the flag. Including runs the same two steps the other way.
//
// The flag the insert path reads is a document of its own in
// session_exclusions, _id the join code, present while the session is
// excluded; the session's own excluded field (reason, by whom, when)
// follows it. The insert path reads it after every answer given in a
// session, and on the embedded engine a read by _id reads the whole
// collection (FerretDB v1.24's SQLite backend uses no index for it): the
// sessions collection grows by one per class, about 5,000 at 100,000
// responses, where this one holds only the sessions excluded now, which
// an admin does seldom.
const exclusionsColl = "session_exclusions"

// exclusionDoc marks a session excluded.
type exclusionDoc struct {
	Code   string    `bson:"_id"`
	Survey string    `bson:"survey"`
	At     time.Time `bson:"at"`
}

// ExcludeSession takes the session's responses out of every figure: it
// records the exclusion on the session and marks each of its responses.
// Excluding an excluded session keeps its first reason and marks its
// responses again, so the call is idempotent. It returns the session as
// stored.
func (s *Store) ExcludeSession(ctx context.Context, code, reason, by string) (*models.Session, error) {
	sess, err := s.Session(ctx, code)
	if err != nil {
		return nil, err
	}
	ex := models.Exclusion{Reason: reason, By: by, At: time.Now().UTC().Truncate(time.Millisecond)}
	// The flag first: from here on an insert reads it (settleExclusion).
	_, err = s.db.Collection(exclusionsColl).ReplaceOne(ctx, bson.M{"_id": code},
		exclusionDoc{Code: code, Survey: sess.Survey, At: ex.At}, options.Replace().SetUpsert(true))
	if err != nil {
		return nil, wrap(err, "exclude session")
	}
	_, err = s.db.Collection(sessionsColl).UpdateOne(ctx,
		bson.M{"_id": code, "excluded": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"excluded": ex}})
	if err != nil {
		return nil, wrap(err, "exclude session")
	}
	if err := s.markSession(ctx, sess.Survey, code, true); err != nil {
		return nil, err
	}
	return s.Session(ctx, code)
}

// IncludeSession undoes ExcludeSession: the session's responses count
// again. Including a session that is not excluded changes nothing.
func (s *Store) IncludeSession(ctx context.Context, code string) (*models.Session, error) {
	sess, err := s.Session(ctx, code)
	if err != nil {
		return nil, err
	}
	if _, err := s.db.Collection(exclusionsColl).DeleteOne(ctx, bson.M{"_id": code}); err != nil {
		return nil, wrap(err, "include session")
	}
	_, err = s.db.Collection(sessionsColl).UpdateOne(ctx, bson.M{"_id": code}, bson.M{"$unset": bson.M{"excluded": ""}})
	if err != nil {
		return nil, wrap(err, "include session")
	}
	if err := s.markSession(ctx, sess.Survey, code, false); err != nil {
		return nil, err
	}
	return s.Session(ctx, code)
}

// markSession sets or clears the excluded mark on every response of the
// session code of survey.
func (s *Store) markSession(ctx context.Context, survey, code string, excluded bool) error {
	update := bson.M{"$unset": bson.M{"excluded": ""}}
	filter := bson.M{"session": code, "excluded": true}
	if excluded {
		update = bson.M{"$set": bson.M{"excluded": true}}
		filter = bson.M{"session": code, "excluded": bson.M{"$ne": true}}
	}
	_, err := s.writeResponses().UpdateMany(ctx, filter, update)
	if err != nil {
		s.observer().Changed(survey) // some may have been marked before the failure
		return wrap(err, "mark session responses")
	}
	s.observer().SessionMarked(ctx, survey, code)
	return nil
}

// sessionExcluded reads the session's flag; a session that does not exist
// is not excluded.
func (s *Store) sessionExcluded(ctx context.Context, code string) (bool, error) {
	err := s.db.Collection(exclusionsColl).FindOne(ctx, bson.M{"_id": code}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "read session exclusion")
	}
	return true, nil
}

// ensureExclusionFlags writes the flag of every excluded session that
// lacks one: sessions excluded before the flags had their own
// collection, or restored from a backup made then. Open runs it before
// anything is inserted; it reads the sessions once. (An instance that
// starts while another, sharing its MongoDB, includes a session it read
// as excluded may write that session's flag back: excluding and
// including it again settles it.)
func (s *Store) ensureExclusionFlags(ctx context.Context) error {
	// Once per database: reading every session takes seconds where there
	// are thousands, and exclusions made since write their flag anyway.
	marks := s.db.Collection(migrationsColl)
	err := marks.FindOne(ctx, bson.M{"_id": exclusionFlagsDone}).Err()
	if err == nil {
		return nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return wrap(err, "read migration mark")
	}
	if err := s.copyExclusionFlags(ctx); err != nil {
		return err
	}
	// A database without sessions is left without a mark: restore takes
	// only an empty database, and this one has nothing to copy yet.
	if err := s.db.Collection(sessionsColl).FindOne(ctx, bson.M{}).Err(); errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	} else if err != nil {
		return wrap(err, "read sessions")
	}
	_, err = marks.UpdateOne(ctx, bson.M{"_id": exclusionFlagsDone},
		bson.M{"$set": bson.M{"at": time.Now().UTC()}}, options.UpdateOne().SetUpsert(true))
	return wrap(err, "mark exclusion flags done")
}

// exclusionFlagsDone marks that every excluded session has its flag in
// exclusionsColl.
const exclusionFlagsDone = "exclusion_flags"

// copyExclusionFlags writes the flag of every excluded session.
func (s *Store) copyExclusionFlags(ctx context.Context) error {
	cur, err := s.db.Collection(sessionsColl).Find(ctx, bson.M{"excluded": bson.M{"$exists": true}},
		options.Find().SetProjection(bson.M{"survey": 1, "excluded": 1}))
	if err != nil {
		return wrap(err, "find excluded sessions")
	}
	var sessions []models.Session
	if err := cur.All(ctx, &sessions); err != nil {
		return wrap(err, "read excluded sessions")
	}
	for _, sess := range sessions {
		if sess.Excluded == nil {
			continue
		}
		_, err := s.db.Collection(exclusionsColl).UpdateOne(ctx, bson.M{"_id": sess.Code},
			bson.M{"$setOnInsert": bson.M{"survey": sess.Survey, "at": sess.Excluded.At}}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return wrap(err, "write session exclusion")
		}
	}
	return nil
}

// settleExclusion makes the responses ids, just stored in session code
// with the mark written, carry the session's current flag. It stops when a
// read of the flag agrees with the last mark written; a session flipped
// back and forth faster than that is left to the next exclude or include,
// which marks every response again.
func (s *Store) settleExclusion(ctx context.Context, survey, code string, ids []string, written bool) error {
	for range 5 {
		flag, err := s.sessionExcluded(ctx, code)
		if err != nil || flag == written {
			return err
		}
		update := bson.M{"$unset": bson.M{"excluded": ""}}
		if flag {
			update = bson.M{"$set": bson.M{"excluded": true}}
		}
		// One id is matched by equality: the only filter the embedded
		// engine looks up by key instead of reading every response.
		var match bson.M
		if len(ids) == 1 {
			match = bson.M{"_id": ids[0]}
		} else {
			match = bson.M{"_id": bson.M{"$in": ids}}
		}
		if _, err := s.writeResponses().UpdateMany(ctx, match, update); err != nil {
			s.observer().Changed(survey)
			return wrap(err, "mark response")
		}
		s.observer().SessionMarked(ctx, survey, code)
		written = flag
	}
	return nil
}

// ExcludedSessions counts the survey's excluded sessions and lists their
// distinct reasons, sorted, for a publication to freeze.
func (s *Store) ExcludedSessions(ctx context.Context, survey string) (int, []string, error) {
	cur, err := s.db.Collection(sessionsColl).Find(ctx,
		bson.M{"survey": survey, "excluded": bson.M{"$exists": true}},
		options.Find().SetProjection(bson.M{"excluded": 1}))
	if err != nil {
		return 0, nil, wrap(err, "find excluded sessions")
	}
	var sessions []models.Session
	if err := cur.All(ctx, &sessions); err != nil {
		return 0, nil, wrap(err, "read excluded sessions")
	}
	n, reasons := 0, []string{}
	for _, sess := range sessions {
		if sess.Excluded == nil {
			continue
		}
		n++
		if !slices.Contains(reasons, sess.Excluded.Reason) {
			reasons = append(reasons, sess.Excluded.Reason)
		}
	}
	slices.Sort(reasons)
	return n, reasons, nil
}
