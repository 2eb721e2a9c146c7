package embedded

import (
	"bytes"
	"encoding/binary"
	"testing"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// insertBody is an insert command's body as the Go driver sends it, with
// extra fields appended.
func insertBody(coll string, extra func(b *bsoncore.DocumentBuilder)) bsoncore.Document {
	b := bsoncore.NewDocumentBuilder().AppendString("insert", coll).AppendBoolean("ordered", true).
		AppendDocument("writeConcern", bsoncore.NewDocumentBuilder().AppendString("w", "majority").AppendBoolean("j", true).Build()).
		AppendDocument("lsid", bsoncore.NewDocumentBuilder().AppendString("id", "session").Build()).
		AppendInt64("maxTimeMS", 4999)
	if extra != nil {
		extra(b)
	}
	return b.AppendString("$db", "dialog").Build()
}

// insertMsg is an OP_MSG with body and docs as a "documents" sequence.
func insertMsg(requestID int32, flags uint32, body bsoncore.Document, docs ...bsoncore.Document) []byte {
	var seq []byte
	seq = append(seq, "documents\x00"...)
	for _, d := range docs {
		seq = append(seq, d...)
	}
	msg := make([]byte, msgHeaderLen)
	binary.LittleEndian.PutUint32(msg[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(msg[12:], opMsg)
	msg = binary.LittleEndian.AppendUint32(msg, flags)
	msg = append(msg, 0)
	msg = append(msg, body...)
	msg = append(msg, 1)
	msg = binary.LittleEndian.AppendUint32(msg, uint32(4+len(seq)))
	msg = append(msg, seq...)
	if flags&msgChecksumFlag != 0 {
		msg = append(msg, 0, 0, 0, 0)
	}
	binary.LittleEndian.PutUint32(msg, uint32(len(msg)))
	return msg
}

func idDoc(id string) bsoncore.Document {
	return bsoncore.NewDocumentBuilder().AppendString("_id", id).Build()
}

func TestGroupableTakesOnlyWhatMergesExactly(t *testing.T) {
	one := idDoc("a")
	with := func(key string, v int32) func(b *bsoncore.DocumentBuilder) {
		return func(b *bsoncore.DocumentBuilder) { b.AppendInt32(key, v) }
	}
	for _, tc := range []struct {
		name string
		msg  []byte
		ok   bool
	}{
		{"as the driver sends it", insertMsg(7, 0, insertBody("c", nil), one), true},
		{"checksum", insertMsg(7, msgChecksumFlag, insertBody("c", nil), one), false},
		{"no answer wanted (w:0)", insertMsg(7, msgMoreToComeFlg, insertBody("c", nil), one), false},
		{"two documents", insertMsg(7, 0, insertBody("c", nil), one, idDoc("b")), false},
		{"no documents", insertMsg(7, 0, insertBody("c", nil)), false},
		{"in a transaction", insertMsg(7, 0, insertBody("c", with("txnNumber", 1)), one), false},
		{"starting a transaction", insertMsg(7, 0, insertBody("c", func(b *bsoncore.DocumentBuilder) { b.AppendBoolean("startTransaction", true) }), one), false},
		{"autocommit", insertMsg(7, 0, insertBody("c", func(b *bsoncore.DocumentBuilder) { b.AppendBoolean("autocommit", false) }), one), false},
		{"bypassDocumentValidation", insertMsg(7, 0, insertBody("c", func(b *bsoncore.DocumentBuilder) { b.AppendBoolean("bypassDocumentValidation", true) }), one), false},
		{"unknown field", insertMsg(7, 0, insertBody("c", with("comment", 1)), one), false},
		{"not an insert", insertMsg(7, 0, bsoncore.NewDocumentBuilder().AppendString("update", "c").AppendString("$db", "dialog").Build(), one), false},
		{"no database", insertMsg(7, 0, bsoncore.NewDocumentBuilder().AppendString("insert", "c").Build(), one), false},
		{"documents in the body", opMsgBytes(7, 0, bsoncore.NewDocumentBuilder().AppendString("insert", "c").
			AppendArray("documents", bsoncore.NewArrayBuilder().AppendDocument(one).Build()).AppendString("$db", "dialog").Build(), false), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, ok := groupable(tc.msg)
			if ok != tc.ok {
				t.Fatalf("groupable = %v, want %v", ok, tc.ok)
			}
			if ok && (in.requestID != 7 || in.key.db != "dialog" || in.key.coll != "c" || !bytes.Equal(in.doc, one) || in.key.writeConcern == "") {
				t.Fatalf("read %+v", in)
			}
		})
	}
}

func TestGroupMessageCarriesEveryDocumentInOrder(t *testing.T) {
	wc := bsoncore.NewDocumentBuilder().AppendString("w", "majority").Build()
	var members []*member
	for _, id := range []string{"a", "b", "c"} {
		members = append(members, &member{in: singleInsert{doc: idDoc(id)}})
	}
	msg := insertMessage(42, groupKey{db: "dialog", coll: "responses", writeConcern: string(wc)}, members)
	if n := int(binary.LittleEndian.Uint32(msg)); n != len(msg) {
		t.Fatalf("header says %d bytes, message has %d", n, len(msg))
	}
	if req := command(msg); req != (request{cmd: "insert", coll: "responses", db: "dialog"}) {
		t.Fatalf("command = %+v", req)
	}
	body, err := replyBody(msg) // the same layout: the body first
	if err != nil {
		t.Fatal(err)
	}
	if ordered, ok := body.Lookup("ordered").BooleanOK(); !ok || ordered {
		t.Fatalf("ordered = %v, want false", body.Lookup("ordered"))
	}
	if got, _ := body.Lookup("writeConcern").DocumentOK(); !bytes.Equal(got, wc) {
		t.Fatalf("writeConcern %v, want the callers'", got)
	}
	if n := sequenceDocs(msg); n != 3 {
		t.Fatalf("%d documents in the sequence, want 3", n)
	}
	if !bytes.HasSuffix(msg, append(append(idDoc("a"), idDoc("b")...), idDoc("c")...)) {
		t.Fatal("documents not in order of arrival at the end of the message")
	}
}

func TestAnswersGiveEachCallerItsOwnReply(t *testing.T) {
	writeErr := func(i int32) bsoncore.Document {
		return bsoncore.NewDocumentBuilder().AppendInt32("index", i).AppendInt32("code", 11000).
			AppendString("errmsg", "E11000 duplicate key error collection: dialog.c").Build()
	}
	reply := func(n int32, errs ...bsoncore.Document) bsoncore.Document {
		b := bsoncore.NewDocumentBuilder().AppendInt32("n", n)
		if len(errs) > 0 {
			arr := bsoncore.NewArrayBuilder()
			for _, e := range errs {
				arr.AppendDocument(e)
			}
			b.AppendArray("writeErrors", arr.Build())
		}
		return b.AppendDouble("ok", 1).Build()
	}

	t.Run("success and duplicates", func(t *testing.T) {
		got, err := answers(reply(2, writeErr(1), writeErr(3)), 4)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []bsoncore.Document{reply(1), reply(0, writeErr(0)), reply(1), reply(0, writeErr(0))} {
			if !bytes.Equal(got[i], want) {
				t.Errorf("caller %d got %v, want %v", i, got[i], want)
			}
		}
	})
	t.Run("command error", func(t *testing.T) {
		failed := bsoncore.NewDocumentBuilder().AppendDouble("ok", 0).AppendString("errmsg", "no").AppendInt32("code", 73).Build()
		got, err := answers(failed, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if !bytes.Equal(got[i], failed) {
				t.Errorf("caller %d got %v, want the error", i, got[i])
			}
		}
	})
	for _, tc := range []struct {
		name  string
		reply bsoncore.Document
	}{
		{"n does not add up", reply(3, writeErr(1))},
		{"index out of range", reply(1, writeErr(2))},
		{"two errors for one document", reply(0, writeErr(1), writeErr(1))},
		{"no n", bsoncore.NewDocumentBuilder().AppendDouble("ok", 1).Build()},
		{"no ok", bsoncore.NewDocumentBuilder().AppendInt32("n", 2).Build()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := answers(tc.reply, 2); err == nil {
				t.Fatal("a reply that does not account for every document was split")
			}
		})
	}
}
