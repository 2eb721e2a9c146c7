package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The archive format, described in docs/backup.md: gzip-compressed lines,
// a header, per collection a marker line and its documents as canonical
// Extended JSON, and a trailer with the counts and a SHA-256 of every
// line before it.
const (
	backupFormat  = "medborgardialog-backup"
	backupVersion = 1
	// restoreBatch documents go into one InsertMany.
	restoreBatch = 500
	// restoreStateColl marks a restore under way, so that an interrupted
	// restore of the same archive can be run again without --force.
	restoreStateColl = "restore_state"
)

// transientColls are never backed up: restoring sign-ins would bring back
// cookies that were signed out, and jobs and leases belong to the instances
// running at the time, as does the marker of the copies' snapshot
// (copymarker.go).
var transientColls = map[string]bool{
	webSessionsColl:  true,
	"jobs":           true,
	"leases":         true,
	restoreStateColl: true,
	instanceColl:     true,
}

// TransientCollections names the collections a backup leaves out.
func TransientCollections() []string {
	return slices.Sorted(maps.Keys(transientColls))
}

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
}

type backupMarker struct {
	Collection string `json:"collection"`
}

type backupTrailer struct {
	Counts Counts `json:"counts"`
	SHA256 string `json:"sha256"`
}

// Backup writes every collection but the transient ones to w as an archive,
// streaming each collection with a cursor so that memory stays flat.
func (s *Store) Backup(ctx context.Context, w io.Writer) (Counts, error) {
	return s.backup(ctx, ctx, w)
}

// BackupSnapshot is Backup with every collection read at one point in
// time: a snapshot session, which needs MongoDB 5.0 or later on a replica
// set (the embedded engine refuses it). A snapshot read fails once it is
// older than the server's snapshot history (5 minutes by default).
func (s *Store) BackupSnapshot(ctx context.Context, w io.Writer) (Counts, error) {
	sess, err := s.client.StartSession(options.Session().SetSnapshot(true))
	if err != nil {
		return nil, wrap(err, "start snapshot session")
	}
	defer sess.EndSession(context.WithoutCancel(ctx))
	return s.backup(ctx, mongo.NewSessionContext(ctx, sess), w)
}

// backup lists the collections with ctx and reads them with readCtx,
// which may carry a snapshot session (listCollections takes no snapshot).
func (s *Store) backup(ctx, readCtx context.Context, w io.Writer) (Counts, error) {
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
	sum := sha256.New()
	line := func(b []byte) error {
		sum.Write(b)
		sum.Write([]byte{'\n'})
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
	if err := jsonLine(backupHeader{Format: backupFormat, Version: backupVersion, Created: time.Now().UTC(), Database: s.db.Name()}); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	counts := Counts{}
	for _, name := range names {
		if transientColls[name] || strings.HasPrefix(name, "system.") {
			continue
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
	if err := jsonLine(backupTrailer{Counts: counts, SHA256: hex.EncodeToString(sum.Sum(nil))}); err != nil {
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

// archiveReader reads an archive line by line, checking it as it goes:
// every callback has seen only lines that parsed. The counts and checksum
// are known good only once read returns nil.
type archiveReader struct {
	onCollection func(name string) error
	onDocument   func(coll string, doc bson.Raw) error
}

var docPrefix = []byte(`{"_id":`)

func (a archiveReader) read(r io.Reader) (Counts, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, badArchive("not gzip: %v", err)
	}
	defer zr.Close()
	br := bufio.NewReaderSize(zr, 256<<10)
	var sum hash.Hash = sha256.New()
	counts := Counts{}
	coll := ""
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return nil, badArchive("ends at line %d without a trailer", lineNo)
		}
		if err != nil {
			return nil, badArchive("line %d: %v", lineNo, err)
		}
		body := line[:len(line)-1]
		switch {
		case lineNo == 1:
			var h backupHeader
			if err := strictJSON(body, &h); err != nil || h.Format != backupFormat {
				return nil, badArchive("not a %s archive", backupFormat)
			}
			if h.Version != backupVersion {
				return nil, badArchive("version %d; this program reads version %d", h.Version, backupVersion)
			}
		case bytes.HasPrefix(body, docPrefix):
			if coll == "" {
				return nil, badArchive("line %d: a document before any collection", lineNo)
			}
			var doc bson.Raw
			if err := bson.UnmarshalExtJSON(body, true, &doc); err != nil {
				return nil, badArchive("line %d: %v", lineNo, err)
			}
			counts[coll]++
			if a.onDocument != nil {
				if err := a.onDocument(coll, doc); err != nil {
					return nil, err
				}
			}
		case bytes.HasPrefix(body, []byte(`{"collection":`)):
			var m backupMarker
			if err := strictJSON(body, &m); err != nil || m.Collection == "" {
				return nil, badArchive("line %d: bad collection line", lineNo)
			}
			if _, seen := counts[m.Collection]; seen {
				return nil, badArchive("line %d: collection %q twice", lineNo, m.Collection)
			}
			coll = m.Collection
			counts[coll] = 0
			if a.onCollection != nil {
				if err := a.onCollection(coll); err != nil {
					return nil, err
				}
			}
		default:
			var t backupTrailer
			if err := strictJSON(body, &t); err != nil || t.Counts == nil {
				return nil, badArchive("line %d: neither a document nor a trailer", lineNo)
			}
			if got := hex.EncodeToString(sum.Sum(nil)); got != t.SHA256 {
				return nil, badArchive("checksum mismatch: the archive is damaged")
			}
			if !maps.Equal(counts, t.Counts) {
				return nil, badArchive("the documents read do not match the counts in the trailer")
			}
			if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
				return nil, badArchive("data after the trailer")
			}
			return counts, nil
		}
		sum.Write(line)
	}
}

func strictJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// ErrBadArchive is wrapped by every error about a damaged or foreign archive.
var ErrBadArchive = errors.New("bad backup archive")

func badArchive(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadArchive, fmt.Sprintf(format, args...))
}

// VerifyBackup reads a whole archive and checks it: gzip, header, every
// document, the counts and the checksum. It writes nothing.
func (s *Store) VerifyBackup(r io.Reader) (Counts, error) {
	return archiveReader{}.read(r)
}

// ErrNotEmpty is returned by Restore into a database that holds documents.
var ErrNotEmpty = errors.New("the database is not empty")

// Restore checks the whole archive first, then writes it: nothing is written
// from a damaged archive. It refuses a database that holds documents unless
// force is set, in which case it drops every collection first. A restore
// that was interrupted can be run again with the same archive and no force:
// a marker left in the database names the archive, and documents already
// there are skipped. The service's indexes are ensured at the end.
func (s *Store) Restore(ctx context.Context, r io.ReadSeeker, force bool) (Counts, error) {
	s.forgetCopyMarker()
	defer s.observer().Changed("")
	counts, err := s.VerifyBackup(r)
	if err != nil {
		return nil, err
	}
	// The trailer's checksum identifies the archive for a re-run.
	id, err := archiveID(r)
	if err != nil {
		return nil, err
	}
	if force {
		if err := s.dropAll(ctx); err != nil {
			return nil, err
		}
	} else if err := s.checkRestorable(ctx, id); err != nil {
		return nil, err
	}
	state := s.db.Collection(restoreStateColl)
	if _, err := state.UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"started": time.Now().UTC()}}, options.UpdateOne().SetUpsert(true)); err != nil {
		return nil, wrap(err, "mark restore")
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	var batch []any
	batchColl := ""
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := insertIgnoringDuplicates(ctx, s.db.Collection(batchColl), batch)
		batch = batch[:0]
		return err
	}
	_, err = archiveReader{
		onCollection: func(name string) error {
			if err := flush(); err != nil {
				return err
			}
			batchColl = name
			return nil
		},
		onDocument: func(_ string, doc bson.Raw) error {
			batch = append(batch, doc)
			if len(batch) >= restoreBatch {
				return flush()
			}
			return nil
		},
	}.read(r)
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, err
	}
	if err := s.ensureIndexes(ctx); err != nil {
		return nil, err
	}
	if err := state.Drop(ctx); err != nil {
		return nil, wrap(err, "unmark restore")
	}
	return counts, nil
}

// archiveID names an archive for the restore marker: the SHA-256 of its
// compressed bytes.
func archiveID(r io.ReadSeeker) (string, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkRestorable refuses a database with documents, unless they are what
// an interrupted restore of the archive id left.
func (s *Store) checkRestorable(ctx context.Context, id string) error {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return wrap(err, "list collections")
	}
	var resuming bool
	if slices.Contains(names, restoreStateColl) {
		err := s.db.Collection(restoreStateColl).FindOne(ctx, bson.M{"_id": id}).Err()
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return wrap(err, "read restore marker")
		}
		if err != nil {
			return fmt.Errorf("store: restore: %w: an interrupted restore of another archive", ErrNotEmpty)
		}
		resuming = true
	}
	if resuming {
		return nil
	}
	for _, name := range names {
		if strings.HasPrefix(name, "system.") {
			continue
		}
		err := s.db.Collection(name).FindOne(ctx, bson.D{}).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return wrap(err, "look into "+name)
		}
		return fmt.Errorf("store: restore: %w: collection %s has documents", ErrNotEmpty, name)
	}
	return nil
}

func (s *Store) dropAll(ctx context.Context) error {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return wrap(err, "list collections")
	}
	for _, name := range names {
		if strings.HasPrefix(name, "system.") {
			continue
		}
		if err := s.db.Collection(name).Drop(ctx); err != nil {
			return wrap(err, "drop "+name)
		}
	}
	return nil
}

// insertIgnoringDuplicates inserts docs unordered; a document whose _id (or
// other unique key) is already there was restored by an earlier run.
func insertIgnoringDuplicates(ctx context.Context, coll *mongo.Collection, docs []any) error {
	_, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bulk mongo.BulkWriteException
	if errors.As(err, &bulk) && bulk.WriteConcernError == nil && len(bulk.WriteErrors) > 0 {
		for _, we := range bulk.WriteErrors {
			if we.Code != 11000 {
				return wrap(err, "restore "+coll.Name())
			}
		}
		return nil
	}
	return wrap(err, "restore "+coll.Name())
}
