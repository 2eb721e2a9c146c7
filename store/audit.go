package store

import (
	"context"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

const auditColl = "audit"

// MaxAuditPage is the most entries Audit returns at once.
const MaxAuditPage = 1000

// auditDoc is one stored audit entry under a random _id.
type auditDoc struct {
	ID                string `bson:"_id"`
	models.AuditEntry `bson:",inline"`
}

// InsertAudit appends e to the audit log; a zero At means now. Detail keys
// are chosen by the code, never by users, and must be plain names: the
// database does not take '.' or a leading '$' in a key.
func (s *Store) InsertAudit(ctx context.Context, e models.AuditEntry) error {
	if e.Actor == "" || e.Action == "" {
		return models.Errorf(models.ErrInvalid, "an audit entry needs an actor and an action")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	// Values may echo what a user typed (a filter); NUL would be refused
	// by the embedded engine, and an audit write must not fail over it.
	clean := func(v string) string { return strings.ReplaceAll(v, "\x00", "\uFFFD") }
	e.Actor, e.Role, e.Action, e.Survey = clean(e.Actor), clean(e.Role), clean(e.Action), clean(e.Survey)
	if len(e.Details) > 0 {
		details := make(map[string]string, len(e.Details))
		for k, v := range e.Details {
			if k == "" || strings.ContainsAny(k, ".\x00") || k[0] == '$' {
				return models.Errorf(models.ErrInvalid, "audit detail key %q is not a plain name", k)
			}
			details[k] = clean(v)
		}
		e.Details = details
	}
	_, err := s.db.Collection(auditColl).InsertOne(ctx, auditDoc{ID: randomID(), AuditEntry: e})
	return wrap(err, "insert audit entry")
}

// Audit returns up to limit entries older than before (all when before is
// zero), newest first. limit is capped at MaxAuditPage; 0 or less means
// 100. To page, pass the At of the last entry as the next before; entries
// within the same millisecond as it may then be skipped.
func (s *Store) Audit(ctx context.Context, limit int, before time.Time) ([]models.AuditEntry, error) {
	return s.AuditWhere(ctx, AuditQuery{Limit: limit, Before: before})
}

// AuditQuery picks entries of the audit log: older than Before (all when
// zero), of one Action and one Actor where those are set.
type AuditQuery struct {
	Limit         int
	Before        time.Time
	Action, Actor string
}

// AuditWhere is Audit with the entries narrowed to q's action and actor.
func (s *Store) AuditWhere(ctx context.Context, q AuditQuery) ([]models.AuditEntry, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, MaxAuditPage)
	filter := bson.M{}
	if !q.Before.IsZero() {
		filter["at"] = bson.M{"$lt": q.Before}
	}
	if q.Action != "" {
		filter["action"] = q.Action
	}
	if q.Actor != "" {
		filter["actor"] = q.Actor
	}
	opts := options.Find().
		SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).
		SetLimit(int64(limit))
	cur, err := s.db.Collection(auditColl).Find(ctx, filter, opts)
	if err != nil {
		return nil, wrap(err, "read audit log")
	}
	defer cur.Close(ctx)
	list := []models.AuditEntry{}
	for cur.Next(ctx) {
		var d auditDoc
		if err := cur.Decode(&d); err != nil {
			return nil, wrap(err, "decode audit entry")
		}
		list = append(list, d.AuditEntry)
	}
	return list, wrap(cur.Err(), "read audit log")
}
