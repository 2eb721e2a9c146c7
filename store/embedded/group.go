package embedded

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// Group commit. With every commit synced (synchronous=FULL, the default)
// an insert's time in the engine is mostly its sync, and inserts take
// turns (proxy.go), so one slow sync of 100–150 ms on a virtual disk held
// up every answer behind it, and the backlog then drained at one sync per
// answer. So single-document inserts that queued for the turn together
// go into the engine as one insert command, with ordered: false: FerretDB
// inserts a command's documents in one SQLite transaction (up to its batch
// size, 100 in the embedded configuration), so they share one commit and
// one sync, and each caller is answered for its own document.
//
// Each caller gets what it would have got alone, because of how FerretDB
// v1.24 runs an unordered insert (handler/msg_insert.go): a document that
// fails its checks gets a write error with its index and stays out of the
// batch; when the batch's transaction fails (a duplicate _id or unique
// index conflict), it inserts the documents again one by one, each in its
// own transaction, as each would have been alone, and reports each
// conflict as code 11000 with its index. Documents are in order of
// arrival, so of two callers with the same _id the first one in wins, as
// alone. Only a command error (ok: 0) differs: every caller gets it,
// although in the one-by-one fallback documents before the failure may be
// stored. A caller cannot tell that from a timeout, and handles it the same
// way: the write may have been made, and a retry with the same _id or
// submission id is refused by the unique index (store.InsertResponse).
//
// The other fields of a caller's command are ones FerretDB ignores on
// insert (common.InsertParams: lsid, $clusterTime, maxTimeMS) or ones that
// must be equal for the whole group (writeConcern, which it ignores too);
// a command with anything else goes into the engine alone, as before.

const (
	// maxGroupDocs is FerretDB's insert batch size: a larger command would
	// be committed in several transactions.
	maxGroupDocs = 100
	// maxGroupBytes bounds the documents of one group, far below the
	// 48 MB of a wire message, so one group never holds much memory.
	maxGroupBytes = 4 << 20
)

// groupKey is what inserts must share to be committed together.
type groupKey struct {
	db, coll     string
	writeConcern string // the raw BSON document; "" when the command has none
}

// singleInsert is one caller's single-document insert that may join a
// group.
type singleInsert struct {
	requestID int32
	key       groupKey
	doc       bsoncore.Document // in the caller's message buffer
}

// groupable reads msg as an insert of one document that can be committed
// with others, or says it is not one. It must be an OP_MSG without flags
// (no checksum, no moreToCome: a w:0 insert expects no answer to split;
// no exhaustAllowed), with the document alone in a "documents" sequence
// (how drivers send it), and no field the merged command could not carry
// for every caller alike: a transaction's txnNumber, startTransaction or
// autocommit, bypassDocumentValidation, comment, apiVersion and anything
// unknown all send the command into the engine alone.
func groupable(msg []byte) (singleInsert, bool) {
	var in singleInsert
	if len(msg) < msgHeaderLen+5 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg ||
		binary.LittleEndian.Uint32(msg[16:20]) != 0 {
		return in, false
	}
	var body, docs []byte
	for sections := msg[20:]; len(sections) > 0; {
		kind := sections[0]
		sections = sections[1:]
		if len(sections) < 4 {
			return in, false
		}
		size := int(int32(binary.LittleEndian.Uint32(sections[:4])))
		if size < 5 || size > len(sections) {
			return in, false
		}
		switch {
		case kind == 0 && body == nil:
			body = sections[:size]
		case kind == 1 && docs == nil:
			ident, rest, found := bytes.Cut(sections[4:size], []byte{0})
			if !found || string(ident) != "documents" {
				return in, false
			}
			docs = rest
		default:
			return in, false
		}
		sections = sections[size:]
	}
	// Most commands are not inserts: that is known before any validation.
	first, err := bsoncore.Document(body).IndexErr(0)
	if err != nil {
		return in, false
	}
	if key, err := first.KeyErr(); err != nil || key != "insert" {
		return in, false
	}
	doc, rest, ok := bsoncore.ReadDocument(docs)
	if !ok || len(rest) > 0 || doc.Validate() != nil || bsoncore.Document(body).Validate() != nil {
		return in, false
	}
	elems, err := bsoncore.Document(body).Elements()
	if err != nil {
		return in, false
	}
	if in.key.coll, ok = elems[0].Value().StringValueOK(); !ok {
		return in, false
	}
	for _, e := range elems[1:] {
		v := e.Value()
		switch e.Key() {
		case "$db":
			if in.key.db, ok = v.StringValueOK(); !ok {
				return in, false
			}
		case "ordered": // one document: the same outcome either way
			if _, ok := v.BooleanOK(); !ok {
				return in, false
			}
		case "writeConcern":
			wc, ok := v.DocumentOK()
			if !ok {
				return in, false
			}
			in.key.writeConcern = string(wc)
		case "lsid", "$clusterTime", "maxTimeMS":
			// Ignored by FerretDB on insert: left out of the merged command.
		default:
			return in, false
		}
	}
	if in.key.db == "" {
		return in, false
	}
	in.requestID = int32(binary.LittleEndian.Uint32(msg[4:8]))
	in.doc = doc
	return in, true
}

// group is inserts committed together, in order of arrival.
type group struct {
	key     groupKey
	members []*member
	bytes   int
	turn    chan struct{} // closed when the group may go into the engine
}

// member is one caller in a group.
type member struct {
	in singleInsert
	// answer gets the caller's reply body, or nil when the outcome is
	// unknown (the engine connection failed): the caller's connection is
	// then closed.
	answer chan bsoncore.Document
}

// fits tells whether in may still join g.
func (g *group) fits(in singleInsert) bool {
	return g.key == in.key && len(g.members) < maxGroupDocs && g.bytes+len(in.doc) <= maxGroupBytes
}

// insertMessage is one insert command, ordered: false, of the members'
// documents in a document sequence, in their order.
func insertMessage(requestID int32, key groupKey, members []*member) []byte {
	b := bsoncore.NewDocumentBuilder().AppendString("insert", key.coll).AppendBoolean("ordered", false)
	if key.writeConcern != "" {
		b.AppendDocument("writeConcern", []byte(key.writeConcern))
	}
	body := b.AppendString("$db", key.db).Build()
	const ident = "documents\x00"
	seq := 4 + len(ident)
	for _, m := range members {
		seq += len(m.in.doc)
	}
	msg := make([]byte, msgHeaderLen, msgHeaderLen+4+1+len(body)+1+seq)
	binary.LittleEndian.PutUint32(msg[0:], uint32(cap(msg)))
	binary.LittleEndian.PutUint32(msg[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(msg[12:], opMsg)
	msg = binary.LittleEndian.AppendUint32(msg, 0) // flags
	msg = append(msg, 0)
	msg = append(msg, body...)
	msg = append(msg, 1)
	msg = binary.LittleEndian.AppendUint32(msg, uint32(seq))
	msg = append(msg, ident...)
	for _, m := range members {
		msg = append(msg, m.in.doc...)
	}
	return msg
}

// bodyMessage is an OP_MSG of body alone: a command, or with responseTo
// the answer to one.
func bodyMessage(requestID, responseTo int32, body bsoncore.Document) []byte {
	msg := make([]byte, msgHeaderLen, msgHeaderLen+4+1+len(body))
	binary.LittleEndian.PutUint32(msg[0:], uint32(cap(msg)))
	binary.LittleEndian.PutUint32(msg[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(msg[8:], uint32(responseTo))
	binary.LittleEndian.PutUint32(msg[12:], opMsg)
	msg = binary.LittleEndian.AppendUint32(msg, 0)
	msg = append(msg, 0)
	return append(msg, body...)
}

// stored tells whether the engine's reply to an insert says it stored
// anything, that is, committed.
func stored(reply bsoncore.Document) bool {
	n, ok := reply.Lookup("n").AsInt64OK()
	return ok && n > 0
}

// replyBody is the body (kind-0 section) of the engine's OP_MSG reply.
func replyBody(msg []byte) (bsoncore.Document, error) {
	if len(msg) < msgHeaderLen+5 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return nil, errors.New("reply is not an OP_MSG")
	}
	sections := msg[20:]
	if binary.LittleEndian.Uint32(msg[16:20])&msgChecksumFlag != 0 {
		sections = sections[:max(0, len(sections)-4)]
	}
	if len(sections) < 5 || sections[0] != 0 {
		return nil, errors.New("reply has no body")
	}
	body, _, ok := bsoncore.ReadDocument(sections[1:])
	if !ok || body.Validate() != nil {
		return nil, errors.New("reply body is not a document")
	}
	return body, nil
}

// answers splits the engine's reply to a group of n inserts into the
// reply each caller would have had alone: n 1, or n 0 and its own write
// error at index 0; other fields as they came. A command error (ok other
// than 1) is every caller's reply. A reply that does not account for
// every document is an error: the callers' outcome is unknown.
func answers(reply bsoncore.Document, n int) ([]bsoncore.Document, error) {
	ok, found := reply.Lookup("ok").AsFloat64OK()
	if !found {
		return nil, errors.New("reply has no ok")
	}
	out := make([]bsoncore.Document, n)
	if ok != 1 {
		for i := range out {
			out[i] = reply
		}
		return out, nil
	}
	inserted, found := reply.Lookup("n").AsInt64OK()
	if !found {
		return nil, errors.New("reply has no n")
	}
	failed := make([]bsoncore.Document, n)
	nFailed := 0
	if v, err := reply.LookupErr("writeErrors"); err == nil {
		arr, isArr := v.ArrayOK()
		vals, err := arr.Values()
		if !isArr || err != nil {
			return nil, errors.New("writeErrors is not an array")
		}
		for _, v := range vals {
			we, isDoc := v.DocumentOK()
			i, hasIndex := we.Lookup("index").AsInt64OK()
			if !isDoc || !hasIndex || i < 0 || i >= int64(n) || failed[i] != nil {
				return nil, fmt.Errorf("write error for no document of %d: %v", n, v)
			}
			failed[i] = we
			nFailed++
		}
	}
	if inserted != int64(n-nFailed) {
		return nil, fmt.Errorf("%d of %d documents inserted and %d failed", inserted, n, nFailed)
	}
	elems, err := reply.Elements()
	if err != nil {
		return nil, err
	}
	for i := range out {
		idx, doc := bsoncore.AppendDocumentStart(nil)
		for _, e := range elems {
			switch e.Key() {
			case "n":
				one := int64(1)
				if failed[i] != nil {
					one = 0
				}
				doc = bsoncore.AppendValueElement(doc, "n", sameType(e.Value(), one))
			case "writeErrors":
				if failed[i] == nil {
					continue
				}
				aidx, d := bsoncore.AppendArrayElementStart(doc, "writeErrors")
				d = bsoncore.AppendDocumentElement(d, "0", ownWriteError(failed[i]))
				doc, _ = bsoncore.AppendArrayEnd(d, aidx)
			default:
				doc = bsoncore.AppendValueElement(doc, e.Key(), e.Value())
			}
		}
		doc, _ = bsoncore.AppendDocumentEnd(doc, idx)
		out[i] = doc
	}
	return out, nil
}

// ownWriteError is we with its index set to 0, the caller's only
// document; code, errmsg and the rest as they came.
func ownWriteError(we bsoncore.Document) bsoncore.Document {
	elems, _ := we.Elements() // validated with the reply
	idx, doc := bsoncore.AppendDocumentStart(nil)
	for _, e := range elems {
		v := e.Value()
		if e.Key() == "index" {
			v = sameType(v, 0)
		}
		doc = bsoncore.AppendValueElement(doc, e.Key(), v)
	}
	doc, _ = bsoncore.AppendDocumentEnd(doc, idx)
	return doc
}

// sameType is n as a number of like's type, so a caller's reply keeps the
// engine's types (FerretDB's n and index are int32).
func sameType(like bsoncore.Value, n int64) bsoncore.Value {
	switch like.Type {
	case bsoncore.TypeInt64:
		return bsoncore.Value{Type: bsoncore.TypeInt64, Data: bsoncore.AppendInt64(nil, n)}
	case bsoncore.TypeDouble:
		return bsoncore.Value{Type: bsoncore.TypeDouble, Data: bsoncore.AppendDouble(nil, float64(n))}
	default:
		return bsoncore.Value{Type: bsoncore.TypeInt32, Data: bsoncore.AppendInt32(nil, int32(n))}
	}
}
