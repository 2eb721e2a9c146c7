package embedded

import (
	"encoding/binary"
	"math"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// Duplicates in a group. When a group's transaction fails on a unique
// index, FerretDB inserts the documents again one by one, each in its own
// transaction: with every commit synced, one sync per document, the very
// cost group commit saves. Measured with a group of 50 and one duplicate:
// 87–108 ms against 6–11 ms without (2 busy cores). A retried submission
// racing its original (the same submission id, another _id) lands in the
// same group nearly always. So before a group goes in, the relay looks
// for documents that collide on a unique index with one earlier in the
// group, and sends those after the rest, in a command of their own: the
// rest commits in one transaction, and the late ones fail alone, which
// costs no sync (a rolled-back transaction writes nothing).
//
// This only decides what goes into which command, in order of arrival;
// whether a document is refused is still the engine's decision. A
// collision it does not foresee (an index made a moment ago, values that
// compare equal only to the engine) costs the one-by-one insert, nothing
// else; one it foresees wrongly costs a command. A document that collides
// with one stored before the group is not foreseen: that would take a
// read, and on this engine even a read by _id scans the collection
// (FerretDB 1.24 queries _id as _ferretdb_sjson->'$._id', which its _id
// index, on _ferretdb_sjson->"_id", does not serve: EXPLAIN shows a SCAN).

// indexCacheTTL is how long the unique indexes of a collection are
// trusted; commands that change indexes pass the relay and forget them
// at once.
const indexCacheTTL = 30 * time.Second

// uniqueIndexes remembers the key paths of each collection's unique
// indexes, _id first.
type uniqueIndexes struct {
	mu     sync.Mutex
	byColl map[string]indexEntry // db + "." + coll
}

type indexEntry struct {
	at    time.Time
	paths [][][]string // per index, per field, the path
}

var idIndex = [][]string{{"_id"}}

func (u *uniqueIndexes) get(db, coll string) ([][][]string, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	e, ok := u.byColl[db+"."+coll]
	if !ok || time.Since(e.at) > indexCacheTTL {
		return nil, false
	}
	return e.paths, true
}

func (u *uniqueIndexes) put(db, coll string, paths [][][]string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.byColl == nil {
		u.byColl = map[string]indexEntry{}
	}
	if len(u.byColl) >= 1000 {
		// Tests make a database each; what expired is of no use.
		for k, e := range u.byColl {
			if time.Since(e.at) > indexCacheTTL {
				delete(u.byColl, k)
			}
		}
	}
	u.byColl[db+"."+coll] = indexEntry{at: time.Now(), paths: paths}
}

// forget drops what is known of db's collections.
func (u *uniqueIndexes) forget(db string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for k := range u.byColl {
		if strings.HasPrefix(k, db+".") {
			delete(u.byColl, k)
		}
	}
}

// changesIndexes tells whether a command may create or drop indexes.
func changesIndexes(cmd string) bool {
	switch cmd {
	case "createIndexes", "dropIndexes", "drop", "dropDatabase", "create", "collMod", "renameCollection":
		return true
	}
	return false
}

// listIndexesCommand asks for coll's indexes.
func listIndexesCommand(db, coll string) bsoncore.Document {
	return bsoncore.NewDocumentBuilder().AppendString("listIndexes", coll).AppendString("$db", db).Build()
}

// uniquePaths reads a listIndexes reply: _id, and the key paths of every
// index marked unique. A reply it cannot read (a collection that does
// not exist yet) gives _id alone.
func uniquePaths(reply bsoncore.Document) [][][]string {
	paths := [][][]string{idIndex}
	batch, ok := reply.Lookup("cursor", "firstBatch").ArrayOK()
	if !ok {
		return paths
	}
	vals, _ := batch.Values()
	for _, v := range vals {
		idx, ok := v.DocumentOK()
		if !ok {
			continue
		}
		if unique, _ := idx.Lookup("unique").BooleanOK(); !unique {
			continue
		}
		key, ok := idx.Lookup("key").DocumentOK()
		if !ok {
			continue
		}
		elems, _ := key.Elements()
		var fields [][]string
		for _, e := range elems {
			fields = append(fields, strings.Split(e.Key(), "."))
		}
		if len(fields) > 0 {
			paths = append(paths, fields)
		}
	}
	return paths
}

// splitCollisions divides members, in order of arrival, into the ones
// that may go in together now and the ones to send after them: a member
// that collides with one going now, or with one already sent after, is
// sent after too, so of two colliding members the earlier one is always
// tried first, as it would have been alone.
func splitCollisions(members []*member, paths [][][]string) (now, after []*member) {
	nowKeys, afterKeys := map[string]bool{}, map[string]bool{}
	for _, m := range members {
		keys := uniqueKeys(m.in.doc, paths)
		collides := false
		for _, k := range keys {
			if nowKeys[k] || afterKeys[k] {
				collides = true
				break
			}
		}
		into := nowKeys
		if collides {
			after = append(after, m)
			into = afterKeys
		} else {
			now = append(now, m)
		}
		for _, k := range keys {
			into[k] = true
		}
	}
	return now, after
}

// uniqueKeys is doc's value for each unique index, as a string that is
// equal for values the engine may take as equal. An index with a field
// the document does not have gives no key: the engine's SQLite index
// holds NULL for it, and NULLs never collide.
func uniqueKeys(doc bsoncore.Document, paths [][][]string) []string {
	var keys []string
	for i, fields := range paths {
		b := binary.AppendUvarint(nil, uint64(i))
		whole := true
		for _, path := range fields {
			v, err := doc.LookupErr(path...)
			if err != nil {
				whole = false
				break
			}
			b = appendComparable(b, v)
		}
		if whole {
			keys = append(keys, string(b))
		}
	}
	return keys
}

// appendComparable appends v so that numbers of any type that are equal
// (1 and 1.0) are the same bytes; other values are their type and bytes.
func appendComparable(b []byte, v bsoncore.Value) []byte {
	if f, ok := v.AsFloat64OK(); ok {
		b = append(b, 'n')
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	b = append(b, byte(v.Type))
	b = binary.AppendUvarint(b, uint64(len(v.Data)))
	return append(b, v.Data...)
}
