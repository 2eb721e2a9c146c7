package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// ErrBadArchive is wrapped by every error about a damaged or foreign
// archive, or one that holds what the service never writes. Its messages
// are Swedish: the operator running restore reads them as they are.
var ErrBadArchive = errors.New("arkivet går inte att återställa")

func badArchive(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadArchive, fmt.Sprintf(format, args...))
}

// ErrUnverified is wrapped by Restore's refusal of an archive whose HMAC
// it cannot check or that does not match; the message says why.
var ErrUnverified = errors.New("arkivet kan inte verifieras")

// ArchiveSummary is what an archive holds and would create, for the
// operator to see before a restore writes anything. It names accounts and
// tokens, never a secret or a hash.
type ArchiveSummary struct {
	Version  int
	Created  time.Time
	Database string
	Counts   Counts
	// Verified is set when the HMAC matched under the key given;
	// otherwise Unverified says, in Swedish, why it did not.
	Verified   bool
	Unverified string
	Accounts   []ArchiveAccount // by name
	Tokens     []ArchiveToken   // by owner, then label and id
}

// ArchiveAccount is a staff account in an archive.
type ArchiveAccount struct {
	Name     string
	Role     string
	Disabled bool
}

// ArchiveToken is an API token in an archive: its public id and label,
// and its owner with the owner's role, which is what the token may do.
type ArchiveToken struct {
	ID, Label, User, Role string
}

// archiveReader reads an archive line by line, checking it as it goes:
// every callback has seen only lines that parsed, in collections the
// service backs up, and users and tokens that are well formed
// (archivecheck.go). The counts, checksum and HMAC are known only once
// read returns.
type archiveReader struct {
	key          []byte // nil: the archive cannot be verified
	onCollection func(name string) error
	onDocument   func(coll string, doc bson.Raw) error
}

var docPrefix = []byte(`{"_id":`)

func (a archiveReader) read(r io.Reader) (*ArchiveSummary, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, badArchive("filen är inte gzip-komprimerad (%v)", err)
	}
	defer zr.Close()
	br := bufio.NewReaderSize(zr, 256<<10)
	var mac hash.Hash
	if a.key != nil {
		mac = hmac.New(sha256.New, a.key)
	}
	sum := sha256.New()
	var (
		head    backupHeader
		counts  = Counts{}
		check   = newAccountCheck()
		coll    string
		inColl  int
		lineNum int
	)
	for lineNum = 1; ; lineNum++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return nil, badArchive("arkivet slutar på rad %d utan sin avslutande rad: det är avkortat; använd en hel kopia", lineNum)
		}
		if err != nil {
			return nil, badArchive("rad %d: %v", lineNum, err)
		}
		body := line[:len(line)-1]
		switch {
		case lineNum == 1:
			if err := strictJSON(body, &head); err != nil || head.Format != backupFormat {
				return nil, badArchive("filen är inget arkiv från medborgardialog backup")
			}
			if head.Version != 1 && head.Version != backupVersion {
				return nil, badArchive("arkivet har formatversion %d; det här programmet läser version 1 och %d", head.Version, backupVersion)
			}
		case bytes.HasPrefix(body, docPrefix):
			if coll == "" {
				return nil, badArchive("rad %d: ett dokument före den första samlingen", lineNum)
			}
			var doc bson.Raw
			if err := bson.UnmarshalExtJSON(body, true, &doc); err != nil {
				return nil, badArchive("rad %d: inget dokument i canonical Extended JSON (%v)", lineNum, err)
			}
			counts[coll]++
			inColl++
			if err := check.document(coll, inColl, lineNum, doc); err != nil {
				return nil, err
			}
			if a.onDocument != nil {
				if err := a.onDocument(coll, doc); err != nil {
					return nil, err
				}
			}
		case bytes.HasPrefix(body, []byte(`{"collection":`)):
			var m backupMarker
			if err := strictJSON(body, &m); err != nil || m.Collection == "" {
				return nil, badArchive("rad %d: en felaktig samlingsrad", lineNum)
			}
			if _, seen := counts[m.Collection]; seen {
				return nil, badArchive("rad %d: samlingen %q förekommer två gånger", lineNum, m.Collection)
			}
			if err := restorableColl(m.Collection, lineNum); err != nil {
				return nil, err
			}
			coll, inColl = m.Collection, 0
			counts[coll] = 0
			if a.onCollection != nil {
				if err := a.onCollection(coll); err != nil {
					return nil, err
				}
			}
		default:
			var t backupTrailer
			if err := strictJSON(body, &t); err != nil || t.Counts == nil {
				return nil, badArchive("rad %d: varken ett dokument eller arkivets avslutande rad", lineNum)
			}
			if got := hex.EncodeToString(sum.Sum(nil)); got != t.SHA256 {
				return nil, badArchive("kontrollsumman (SHA-256) stämmer inte: arkivet är skadat; använd en annan kopia")
			}
			if !maps.Equal(counts, t.Counts) {
				return nil, badArchive("dokumenten stämmer inte med antalen på den avslutande raden")
			}
			if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
				return nil, badArchive("data efter arkivets avslutande rad")
			}
			sm := &ArchiveSummary{Version: head.Version, Created: head.Created, Database: head.Database, Counts: counts}
			if err := check.finish(sm); err != nil {
				return nil, err
			}
			sm.Unverified = a.verdict(head, t, mac)
			sm.Verified = sm.Unverified == ""
			return sm, nil
		}
		sum.Write(line)
		if mac != nil {
			mac.Write(line)
		}
	}
}

// verdict says why the archive cannot be verified, or "" when its HMAC
// matches. A SHA-256 that matches has been checked already, so an HMAC
// that does not under the archive's own key means that someone without
// the key edited the archive and computed the checksum again.
func (a archiveReader) verdict(head backupHeader, t backupTrailer, mac hash.Hash) string {
	switch {
	case head.Version == 1:
		return "det har formatversion 1, från före december 2026, som saknar HMAC"
	case t.HMAC == "":
		return "den avslutande raden saknar HMAC"
	case a.key == nil:
		return "det finns ingen nyckel att verifiera det med"
	case head.Key != "" && head.Key != BackupKeyID(a.key):
		return fmt.Sprintf("det är gjort med en annan nyckel (arkivets nyckel-id %s, den här nyckelns %s)", head.Key, BackupKeyID(a.key))
	}
	want, err := hex.DecodeString(t.HMAC)
	if err != nil || !hmac.Equal(mac.Sum(nil), want) {
		return "HMAC:en stämmer inte: arkivet har ändrats efter att det skrevs"
	}
	return ""
}

// restorableColl refuses a collection that a backup never writes.
func restorableColl(name string, lineNum int) error {
	switch {
	case transientColls[name]:
		return badArchive("rad %d: samlingen %q skrivs aldrig av backup (inloggningar, jobb och markeringar hör till de instanser som körde)", lineNum, name)
	case !backedUpColls[name]:
		return badArchive("rad %d: samlingen %q är ingen av tjänstens samlingar", lineNum, name)
	}
	return nil
}

func strictJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}
