package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"medborgardialog/models"
)

// webSessionsColl holds staff sign-in sessions (not the field assistants'
// sessions with a class, which are a different thing).
const webSessionsColl = "web_sessions"

// webSessionDoc is a staff sign-in session. The cookie's secret is stored
// only as its SHA-256, as the _id. The embedded engine has no TTL indexes,
// so expires_at is checked in code and SweepWebSessions deletes the dead.
type webSessionDoc struct {
	Hash      string    `bson:"_id"`
	User      string    `bson:"user"`
	CSRF      string    `bson:"csrf"`
	CreatedAt time.Time `bson:"created_at"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// CreateWebSession starts a session for user lasting ttl. It returns the
// secret for the cookie and the CSRF token the session's forms carry.
func (s *Store) CreateWebSession(ctx context.Context, user string, ttl time.Duration) (secret, csrf string, err error) {
	if ttl <= 0 {
		return "", "", models.Errorf(models.ErrInvalid, "session lifetime must be positive")
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	secret, csrf = newSecret(), newSecret()
	doc := webSessionDoc{Hash: secretHash(secret), User: user, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if _, err := s.db.Collection(webSessionsColl).InsertOne(ctx, doc); err != nil {
		return "", "", wrap(err, "insert web session")
	}
	return secret, csrf, nil
}

// WebSession returns the user and CSRF token of a session. Unknown and
// expired sessions and sessions of unknown or disabled users are refused
// with unauthorized.
func (s *Store) WebSession(ctx context.Context, secret string) (*models.User, string, error) {
	refused := models.Errorf(models.ErrUnauthorized, "not signed in or session expired")
	if secret == "" {
		return nil, "", refused
	}
	var doc webSessionDoc
	err := s.db.Collection(webSessionsColl).FindOne(ctx, bson.M{"_id": secretHash(secret)}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, "", refused
	}
	if err != nil {
		return nil, "", wrap(err, "find web session")
	}
	if !time.Now().Before(doc.ExpiresAt) {
		return nil, "", refused
	}
	u, err := s.user(ctx, doc.User)
	if models.ErrorCode(err) == models.ErrNotFound || err == nil && u.Disabled {
		return nil, "", refused
	}
	if err != nil {
		return nil, "", err
	}
	return u, doc.CSRF, nil
}

// DeleteWebSession ends one session (sign-out). Ending a session that does
// not exist is not an error.
func (s *Store) DeleteWebSession(ctx context.Context, secret string) error {
	_, err := s.db.Collection(webSessionsColl).DeleteOne(ctx, bson.M{"_id": secretHash(secret)})
	return wrap(err, "delete web session")
}

// DeleteUserWebSessions ends every session of user, for example after a
// password change.
func (s *Store) DeleteUserWebSessions(ctx context.Context, user string) error {
	_, err := s.db.Collection(webSessionsColl).DeleteMany(ctx, bson.M{"user": user})
	return wrap(err, "delete web sessions")
}

// SweepWebSessions deletes the sessions expired at now and says how many.
// The server runs it periodically; WebSession refuses expired sessions
// whether or not they have been swept.
func (s *Store) SweepWebSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.Collection(webSessionsColl).DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lte": now}})
	if err != nil {
		return 0, wrap(err, "sweep web sessions")
	}
	return res.DeletedCount, nil
}
