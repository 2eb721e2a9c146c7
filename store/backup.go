package store

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The archive format, described in docs/backup.md: gzip-compressed lines,
// a header, per collection a marker line and its documents as canonical
// Extended JSON, and a trailer with the counts, a SHA-256 of every line
// before it and an HMAC-SHA256 of the same lines under the backup key.
const (
	backupFormat = "medborgardialog-backup"
	// backupVersion 2 added the HMAC. Version 1 archives are still read,
	// as archives that cannot be verified.
	backupVersion = 2
	// restoreBatch documents go into one InsertMany.
	restoreBatch = 500
	// restoreStateColl marks a restore under way, so that an interrupted
	// restore of the same archive can be run again without --force.
	restoreStateColl = "restore_state"
	// MinBackupKey is the fewest bytes of a backup key: an HMAC key
	// shorter than the hash's output weakens it.
	MinBackupKey = 32
)

// Counts is the number of documents per collection in an archive.
type Counts map[string]int64

// Total is the number of documents in all collections.
func (c Counts) Total() int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

type backupHeader struct {
	Format   string    `json:"format"`
	Version  int       `json:"version"`
	Created  time.Time `json:"created"`
	Database string    `json:"database"`
	// Key names the key of the HMAC (BackupKeyID), so that a restore
	// under another key can say so instead of calling the archive
	// tampered with.
	Key string `json:"key,omitempty"`
}

type backupMarker struct {
	Collection string `json:"collection"`
}

type backupTrailer struct {
	Counts Counts `json:"counts"`
	// SHA256 tells a damaged archive from one under another key: it needs
	// no key, but anyone who edits the archive can compute it again.
	SHA256 string `json:"sha256"`
	// HMAC authenticates the archive: only a holder of the key makes it.
	HMAC string `json:"hmac_sha256,omitempty"`
}

// BackupKeyID names a backup key without giving it away: the first 8
// bytes of an HMAC of a fixed text under it, in hex.
func BackupKeyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("medborgardialog backup key id"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// Backup writes the service's collections but the transient ones to w as
// an archive authenticated under key (at least MinBackupKey bytes),
// streaming each collection with a cursor so that memory stays flat.
func (s *Store) Backup(ctx context.Context, w io.Writer, key []byte) (Counts, error) {
	return s.backup(ctx, ctx, w, key)
}

// BackupSnapshot is Backup with every collection read at one point in
// time: a snapshot session, which needs MongoDB 5.0 or later on a replica
// set (the embedded engine refuses it). A snapshot read fails once it is
// older than the server's snapshot history (5 minutes by default).
func (s *Store) BackupSnapshot(ctx context.Context, w io.Writer, key []byte) (Counts, error) {
	sess, err := s.client.StartSession(options.Session().SetSnapshot(true))
	if err != nil {
		return nil, wrap(err, "start snapshot session")
	}
	defer sess.EndSession(context.WithoutCancel(ctx))
	return s.backup(ctx, mongo.NewSessionContext(ctx, sess), w, key)
}

// backup lists the collections with ctx and reads them with readCtx,
// which may carry a snapshot session (listCollections takes no snapshot).
func (s *Store) backup(ctx, readCtx context.Context, w io.Writer, key []byte) (Counts, error) {
	if len(key) < MinBackupKey {
		return nil, fmt.Errorf("store: backup: the key has %d bytes, at least %d are needed", len(key), MinBackupKey)
	}
	// The tallies noted here and not yet written go into the archive too.
	if err := s.flushTallies(ctx); err != nil {
		return nil, err
	}
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, wrap(err, "list collections")
	}
	slices.Sort(names)
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(zw, 256<<10)
	sum, mac := sha256.New(), hmac.New(sha256.New, key)
	both := io.MultiWriter(sum, mac) // hashes never fail to write
	line := func(b []byte) error {
		both.Write(b)
		both.Write([]byte{'\n'})
		if _, err := bw.Write(b); err != nil {
			return err
		}
		return bw.WriteByte('\n')
	}
	jsonLine := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return line(b)
	}
	if err := jsonLine(backupHeader{Format: backupFormat, Version: backupVersion, Created: time.Now().UTC(), Database: s.db.Name(), Key: BackupKeyID(key)}); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	counts := Counts{}
	for _, name := range names {
		if !backedUpColls[name] {
			continue // transient, the engine's own, or not the service's (ForeignCollections)
		}
		if err := jsonLine(backupMarker{Collection: name}); err != nil {
			return nil, fmt.Errorf("store: backup: %w", err)
		}
		n, err := s.backupCollection(readCtx, name, line)
		if err != nil {
			return nil, err
		}
		counts[name] = n
	}
	if err := jsonLine(backupTrailer{Counts: counts, SHA256: hex.EncodeToString(sum.Sum(nil)), HMAC: hex.EncodeToString(mac.Sum(nil))}); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	return counts, nil
}

func (s *Store) backupCollection(ctx context.Context, name string, line func([]byte) error) (int64, error) {
	cur, err := s.db.Collection(name).Find(ctx, bson.D{}, options.Find().SetBatchSize(restoreBatch))
	if err != nil {
		return 0, wrap(err, "back up "+name)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var n int64
	for cur.Next(ctx) {
		// A reader tells documents from marker lines by the leading _id,
		// which both engines always store first.
		if first, err := cur.Current.IndexErr(0); err != nil || first.Key() != "_id" {
			return 0, fmt.Errorf("store: back up %s: a document does not begin with _id", name)
		}
		b, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return 0, fmt.Errorf("store: back up %s: %w", name, err)
		}
		if err := line(b); err != nil {
			return 0, fmt.Errorf("store: back up %s: %w", name, err)
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return 0, wrap(err, "back up "+name)
	}
	return n, nil
}

// ForeignCollections names the collections of the database that are
// none of the service's: a backup leaves them out, and a restore would
// refuse them.
func (s *Store) ForeignCollections(ctx context.Context) ([]string, error) {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, wrap(err, "list collections")
	}
	names = slices.DeleteFunc(names, func(n string) bool { return !foreignColl(n) })
	slices.Sort(names)
	return names, nil
}
