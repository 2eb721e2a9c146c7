package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// ErrNotEmpty is returned by Restore into a database that holds documents.
var ErrNotEmpty = errors.New("databasen är inte tom")

// RestoreOptions say how Restore treats the database and the archive.
type RestoreOptions struct {
	// Key checks the archive's HMAC; nil when there is none.
	Key []byte
	// Force drops every collection of a database that is not empty first.
	Force bool
	// Unverified restores an archive whose HMAC cannot be checked or does
	// not match. It changes nothing else: a damaged archive, a collection
	// a backup never writes, or a bad account or token is still refused.
	Unverified bool
	// Review is shown what the archive would create once it has been
	// checked and before anything is written; an error stops the restore.
	Review func(*ArchiveSummary) error
}

// Restore checks the whole archive first, then writes it: nothing is
// written from a damaged archive, nor from one whose HMAC does not match
// o.Key unless o.Unverified. It refuses a database that holds documents
// unless o.Force, which drops every collection first. A restore that was
// interrupted can be run again with the same archive and no force: a
// marker left in the database names the archive, and documents already
// there are skipped. The service's indexes are ensured at the end.
func (s *Store) Restore(ctx context.Context, r io.ReadSeeker, o RestoreOptions) (Counts, error) {
	s.forgetCopyMarker()
	defer s.observer().Changed("")
	// The SHA-256 of the archive's bytes names it in the restore marker,
	// for a re-run; it is taken as the check reads them, so that it names
	// the archive the check passed.
	id, sm, err := checkArchive(r, o.Key)
	if err != nil {
		return nil, err
	}
	if !sm.Verified && !o.Unverified {
		return nil, fmt.Errorf("%w: %s", ErrUnverified, sm.Unverified)
	}
	if !o.Force {
		if err := s.checkRestorable(ctx, id); err != nil {
			return nil, err
		}
	}
	if o.Review != nil {
		if err := o.Review(sm); err != nil {
			return nil, err
		}
	}
	if o.Force {
		if err := s.dropAll(ctx); err != nil {
			return nil, err
		}
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
	// The second reading checks every line again before it is written, so
	// an archive changed in between writes nothing that fails the checks;
	// that it is the archive the first reading verified is known at the
	// end, from the hash of its bytes.
	seen := sha256.New()
	_, err = archiveReader{
		key: o.Key,
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
	}.read(io.TeeReader(r, seen))
	if err == nil {
		err = flush()
	}
	if err == nil {
		if _, err = io.Copy(seen, r); err != nil {
			err = fmt.Errorf("store: restore: %w", err)
		}
	}
	if err != nil {
		return nil, err
	}
	if hex.EncodeToString(seen.Sum(nil)) != id {
		return nil, badArchive("arkivet ändrades medan det återställdes; återställ igen med --force från en kopia som ingen skriver i")
	}
	if err := s.ensureIndexes(ctx); err != nil {
		return nil, err
	}
	if err := state.Drop(ctx); err != nil {
		return nil, wrap(err, "unmark restore")
	}
	return sm.Counts, nil
}

// checkArchive reads r from the start and checks it, returning the
// SHA-256 of all its bytes in hex.
func checkArchive(r io.ReadSeeker, key []byte) (string, *ArchiveSummary, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return "", nil, fmt.Errorf("store: restore: %w", err)
	}
	h := sha256.New()
	sm, err := archiveReader{key: key}.read(io.TeeReader(r, h))
	if err != nil {
		return "", nil, err
	}
	if _, err := io.Copy(h, r); err != nil { // what the gzip reader left unread
		return "", nil, fmt.Errorf("store: restore: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), sm, nil
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
			return fmt.Errorf("%w: där finns en avbruten återställning av ett annat arkiv", ErrNotEmpty)
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
		return fmt.Errorf("%w: samlingen %s har dokument", ErrNotEmpty, name)
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
