package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const tokensColl = "tokens"

// TokenPrefix starts every API token, so a leaked one is easy to recognise
// (in a log, a repository, a secret scanner).
const TokenPrefix = "md_"

// tokenDoc is a stored API token: the SHA-256 of the secret is the _id, so
// a presented token is found by one index lookup and the secret itself is
// never stored.
type tokenDoc struct {
	Hash         string `bson:"_id"`
	models.Token `bson:",inline"`
}

// CreateToken makes a new API token for user. The secret is returned once
// and cannot be recovered later; tok describes it without the secret.
func (s *Store) CreateToken(ctx context.Context, user, label string) (secret string, tok models.Token, err error) {
	if _, err := s.user(ctx, user); err != nil {
		return "", models.Token{}, err
	}
	if len(label) > 100 || !models.CharsAllowed(label, false) {
		return "", models.Token{}, models.Errorf(models.ErrInvalid, "token label must be at most 100 characters on one line, without control or invisible characters")
	}
	// A clash of either random value is all but impossible; retrying keeps
	// even that from surfacing as an error.
	for range 3 {
		secret = TokenPrefix + newSecret()
		tok = models.Token{ID: randomID()[:12], User: user, Label: label, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
		_, err = s.db.Collection(tokensColl).InsertOne(ctx, tokenDoc{Hash: secretHash(secret), Token: tok})
		if !mongo.IsDuplicateKeyError(err) {
			break
		}
	}
	if err != nil {
		return "", models.Token{}, wrap(err, "insert token")
	}
	return secret, tok, nil
}

// errBadToken is the one answer for every refused token, so a caller
// learns nothing about why.
func errBadToken() error { return models.Errorf(models.ErrUnauthorized, "invalid or revoked token") }

// TokenUser returns the user a presented API token belongs to. Unknown and
// revoked tokens and tokens of unknown or disabled users are all refused
// with unauthorized. The day of use is recorded at most once a day.
func (s *Store) TokenUser(ctx context.Context, secret string) (*models.User, *models.Token, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, nil, errBadToken()
	}
	hash := secretHash(secret)
	var doc tokenDoc
	err := s.db.Collection(tokensColl).FindOne(ctx, bson.M{"_id": hash}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil, errBadToken()
	}
	if err != nil {
		return nil, nil, wrap(err, "find token")
	}
	u, err := s.user(ctx, doc.User)
	if models.ErrorCode(err) == models.ErrNotFound || err == nil && u.Disabled {
		return nil, nil, errBadToken()
	}
	if err != nil {
		return nil, nil, err
	}
	if today := day(time.Now()); doc.LastUsedDay != today {
		// The filter makes concurrent first uses of the day write once.
		_, err := s.db.Collection(tokensColl).UpdateOne(ctx,
			bson.M{"_id": hash, "last_used_day": bson.M{"$ne": today}},
			bson.M{"$set": bson.M{"last_used_day": today}})
		if err != nil {
			return nil, nil, wrap(err, "record token use")
		}
		doc.LastUsedDay = today
	}
	return u, &doc.Token, nil
}

// Tokens lists the tokens of user, or of every user when user is empty,
// by user and then oldest first.
func (s *Store) Tokens(ctx context.Context, user string) ([]models.Token, error) {
	filter := bson.M{}
	if user != "" {
		filter["user"] = user
	}
	opts := options.Find().
		SetSort(bson.D{{Key: "user", Value: 1}, {Key: "created_at", Value: 1}, {Key: "id", Value: 1}}).
		SetProjection(bson.M{"_id": 0})
	cur, err := s.db.Collection(tokensColl).Find(ctx, filter, opts)
	if err != nil {
		return nil, wrap(err, "list tokens")
	}
	list := []models.Token{}
	if err := cur.All(ctx, &list); err != nil {
		return nil, wrap(err, "list tokens")
	}
	return list, nil
}

// RevokeUserTokens deletes every API token of user, as a change or reset
// of the password does, and returns the tokens it found (a token made in
// the same instant goes too, unlisted).
func (s *Store) RevokeUserTokens(ctx context.Context, user string) ([]models.Token, error) {
	if user == "" {
		return nil, models.Errorf(models.ErrInvalid, "no user to revoke the tokens of")
	}
	toks, err := s.Tokens(ctx, user)
	if err != nil {
		return nil, err
	}
	if _, err := s.db.Collection(tokensColl).DeleteMany(ctx, bson.M{"user": user}); err != nil {
		return nil, wrap(err, "revoke tokens")
	}
	return toks, nil
}

// RevokeToken deletes the token with the public id; it stops working at once.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	res, err := s.db.Collection(tokensColl).DeleteOne(ctx, bson.M{"id": id})
	if err != nil {
		return wrap(err, "revoke token")
	}
	if res.DeletedCount == 0 {
		return models.Errorf(models.ErrNotFound, "no token %q", id)
	}
	return nil
}
