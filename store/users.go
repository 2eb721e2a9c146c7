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

const usersColl = "users"

// userDoc is a stored staff account. The name is the _id, so it is unique
// by construction; the password hash lives only here, never in models.User.
type userDoc struct {
	Name         string `bson:"_id"`
	models.User  `bson:",inline"`
	PasswordHash string `bson:"password_hash"`
}

// CreateUser stores a new staff account whose password is a one-time
// password: it must be changed at the first sign-in and stops signing in
// models.OneTimePasswordTTL from now. It fails with invalid for a bad or
// reserved name or role and with a conflict when the name is taken.
func (s *Store) CreateUser(ctx context.Context, name, role, oneTimeHash string) error {
	if !models.ValidUserName(name) {
		return models.Errorf(models.ErrInvalid, "user name %q must be 2 to 40 lowercase letters, digits, '.', '_' or '-', starting with a letter", name)
	}
	if models.ReservedUserName(name) {
		return models.Errorf(models.ErrInvalid, "user name %q is reserved for a built-in identity", name)
	}
	if !models.ValidRole(role) {
		return models.Errorf(models.ErrInvalid, "role %q must be one of admin, analyst, facilitator", role)
	}
	if oneTimeHash == "" {
		return models.Errorf(models.ErrInvalid, "user %q needs a password hash", name)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	expires := now.Add(models.OneTimePasswordTTL)
	doc := userDoc{
		Name: name,
		User: models.User{Name: name, Role: role, CreatedAt: now,
			MustChangePassword: true, PasswordExpiresAt: &expires},
		PasswordHash: oneTimeHash,
	}
	_, err := s.db.Collection(usersColl).InsertOne(ctx, doc)
	if mongo.IsDuplicateKeyError(err) {
		return models.Errorf(models.ErrConflict, "user %q already exists", name)
	}
	return wrap(err, "insert user")
}

// UserWithHash returns the account and its password hash, for sign-in. An
// unknown name is not found; callers that sign in must answer it exactly as
// a wrong password.
func (s *Store) UserWithHash(ctx context.Context, name string) (*models.User, string, error) {
	var doc userDoc
	err := s.db.Collection(usersColl).FindOne(ctx, bson.M{"_id": name}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, "", models.Errorf(models.ErrNotFound, "no user %q", name)
	}
	if err != nil {
		return nil, "", wrap(err, "find user")
	}
	return &doc.User, doc.PasswordHash, nil
}

// user returns the account without its hash.
func (s *Store) user(ctx context.Context, name string) (*models.User, error) {
	var u models.User
	opts := options.FindOne().SetProjection(bson.M{"password_hash": 0})
	err := s.db.Collection(usersColl).FindOne(ctx, bson.M{"_id": name}, opts).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no user %q", name)
	}
	if err != nil {
		return nil, wrap(err, "find user")
	}
	return &u, nil
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]models.User, error) {
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetProjection(bson.M{"password_hash": 0})
	cur, err := s.db.Collection(usersColl).Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, wrap(err, "list users")
	}
	list := []models.User{}
	if err := cur.All(ctx, &list); err != nil {
		return nil, wrap(err, "list users")
	}
	return list, nil
}

// SetUserDisabled disables or enables an account. Disabling also ends the
// user's web sessions, so enabling the account later does not revive them;
// API tokens stay, refused while the account is disabled.
func (s *Store) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	res, err := s.db.Collection(usersColl).UpdateOne(ctx, bson.M{"_id": name}, bson.M{"$set": bson.M{"disabled": disabled}})
	if err != nil {
		return wrap(err, "update user")
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ErrNotFound, "no user %q", name)
	}
	if disabled {
		return s.DeleteUserWebSessions(ctx, name)
	}
	return nil
}

// ResetPassword gives an account a one-time password (an admin's reset):
// it must be changed at the next sign-in and stops signing in at expires.
// It leaves the web sessions alone: the caller ends them.
func (s *Store) ResetPassword(ctx context.Context, name, oneTimeHash string, expires time.Time) error {
	return s.setPassword(ctx, name, oneTimeHash, bson.M{
		"must_change_password": true,
		"password_expires_at":  expires.UTC().Truncate(time.Millisecond),
	}, nil)
}

// SetPassword stores a password the user chose: it no longer has to be
// changed and does not expire. It leaves the web sessions alone: the
// caller decides whether to end them all (DeleteUserWebSessions) or keep
// the one that changed the password.
func (s *Store) SetPassword(ctx context.Context, name, hash string) error {
	return s.setPassword(ctx, name, hash, nil, bson.M{"must_change_password": "", "password_expires_at": ""})
}

func (s *Store) setPassword(ctx context.Context, name, hash string, set, unset bson.M) error {
	if hash == "" {
		return models.Errorf(models.ErrInvalid, "user %q needs a password hash", name)
	}
	if set == nil {
		set = bson.M{}
	}
	set["password_hash"] = hash
	update := bson.M{"$set": set}
	if unset != nil {
		update["$unset"] = unset
	}
	res, err := s.db.Collection(usersColl).UpdateOne(ctx, bson.M{"_id": name}, update)
	if err != nil {
		return wrap(err, "update user")
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ErrNotFound, "no user %q", name)
	}
	return nil
}
