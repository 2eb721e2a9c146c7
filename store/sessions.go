package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const sessionsColl = "sessions"

// CreateSession stores sess under a fresh join code. The code is the _id,
// so the unique index settles a collision and another code is drawn; codes
// are never reused, which makes them unique among open sessions too.
func (s *Store) CreateSession(ctx context.Context, sess *models.Session) error {
	for range 10 {
		sess.Code = s.newCode()
		_, err := s.db.Collection(sessionsColl).InsertOne(ctx, sess)
		if mongo.IsDuplicateKeyError(err) {
			continue
		}
		return wrap(err, "insert session")
	}
	return &models.Error{Code: models.ErrInternal, Message: "no free join code", Cause: errors.New("store: 10 join code collisions in a row")}
}

// Session returns the session with code.
func (s *Store) Session(ctx context.Context, code string) (*models.Session, error) {
	var sess models.Session
	err := s.db.Collection(sessionsColl).FindOne(ctx, bson.M{"_id": code}).Decode(&sess)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no session %q", code)
	}
	if err != nil {
		return nil, wrap(err, "find session")
	}
	return &sess, nil
}

// CloseSession closes a session by hand; closing a closed session is fine.
func (s *Store) CloseSession(ctx context.Context, code string, at time.Time) (*models.Session, error) {
	_, err := s.db.Collection(sessionsColl).UpdateOne(ctx,
		bson.M{"_id": code, "closed_at": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"closed_at": at.UTC().Truncate(time.Millisecond)}})
	if err != nil {
		return nil, wrap(err, "close session")
	}
	return s.Session(ctx, code)
}

// releasesColl holds one claim per released session, its _id the join
// code: the unique _id decides between racing releases.
const releasesColl = "session_releases"

type releaseClaim struct {
	Code    string               `bson:"_id"`
	Release *models.ClassRelease `bson:"release"`
}

// ReleaseSession stores rel as the session's class results unless it has
// some already, and returns the session as stored and whether rel is what
// was stored. Of two concurrent releases one is stored and both callers
// get that one back.
//
// An update filtered on the release not existing is not enough: the
// embedded engine reads and writes an update in two steps, so racing
// updates can each match and the last one wins. So the release is first
// claimed by inserting it under the session's code, which the unique _id
// settles on every engine; then every caller copies the winning release
// into the session document, filtered on its not existing there yet, so
// racing copies write the same value.
func (s *Store) ReleaseSession(ctx context.Context, code string, rel *models.ClassRelease) (*models.Session, bool, error) {
	if _, err := s.Session(ctx, code); err != nil {
		return nil, false, err
	}
	_, err := s.db.Collection(releasesColl).InsertOne(ctx, releaseClaim{Code: code, Release: rel})
	won := err == nil
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, false, wrap(err, "claim session release")
	}
	if !won {
		var claim releaseClaim
		if err := s.db.Collection(releasesColl).FindOne(ctx, bson.M{"_id": code}).Decode(&claim); err != nil {
			return nil, false, wrap(err, "read session release")
		}
		rel = claim.Release
	}
	_, err = s.db.Collection(sessionsColl).UpdateOne(ctx,
		bson.M{"_id": code, "release": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"release": rel}})
	if err != nil {
		return nil, false, wrap(err, "release session")
	}
	sess, err := s.Session(ctx, code)
	if err != nil {
		return nil, false, err
	}
	return sess, won, nil
}

// Sessions lists the newest sessions first, all or those created by one
// staff member, at most limit.
func (s *Store) Sessions(ctx context.Context, createdBy string, limit int) ([]models.Session, error) {
	filter := bson.M{}
	if createdBy != "" {
		filter["created_by"] = createdBy
	}
	opts := options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}).SetLimit(int64(limit))
	cur, err := s.db.Collection(sessionsColl).Find(ctx, filter, opts)
	if err != nil {
		return nil, wrap(err, "list sessions")
	}
	var out []models.Session
	if err := cur.All(ctx, &out); err != nil {
		return nil, wrap(err, "read sessions")
	}
	return out, nil
}
