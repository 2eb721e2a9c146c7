package embedded

import (
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

func TestUniquePathsReadsListIndexes(t *testing.T) {
	index := func(name string, unique bool, keys ...string) bsoncore.Document {
		k := bsoncore.NewDocumentBuilder()
		for _, key := range keys {
			k.AppendInt32(key, 1)
		}
		b := bsoncore.NewDocumentBuilder().AppendDocument("key", k.Build()).AppendString("name", name)
		if unique {
			b.AppendBoolean("unique", true)
		}
		return b.Build()
	}
	batch := bsoncore.NewArrayBuilder().AppendDocument(index("_id_", false, "_id")).
		AppendDocument(index("survey_submission", true, "survey", "submission_id")).
		AppendDocument(index("by_session", false, "session")).
		AppendDocument(index("nested", true, "a.b")).Build()
	reply := bsoncore.NewDocumentBuilder().
		AppendDocument("cursor", bsoncore.NewDocumentBuilder().AppendArray("firstBatch", batch).Build()).
		AppendDouble("ok", 1).Build()
	got := uniquePaths(reply)
	want := [][][]string{{{"_id"}}, {{"survey"}, {"submission_id"}}, {{"a", "b"}}}
	if !slices.EqualFunc(got, want, func(a, b [][]string) bool { return slices.EqualFunc(a, b, slices.Equal) }) {
		t.Fatalf("unique paths %v, want %v", got, want)
	}
	failed := bsoncore.NewDocumentBuilder().AppendDouble("ok", 0).AppendInt32("code", 26).Build()
	if got := uniquePaths(failed); len(got) != 1 {
		t.Fatalf("unique paths of an unknown collection %v, want _id alone", got)
	}
}

func TestSplitCollisionsKeepsTheEarlierFirst(t *testing.T) {
	doc := func(id, sub string, n any) *member {
		b := bsoncore.NewDocumentBuilder().AppendString("_id", id)
		if sub != "" {
			b.AppendString("sub", sub)
		}
		switch v := n.(type) {
		case int32:
			b.AppendInt32("n", v)
		case float64:
			b.AppendDouble("n", v)
		}
		return &member{in: singleInsert{doc: b.Build()}}
	}
	paths := [][][]string{{{"_id"}}, {{"sub"}}, {{"n"}, {"sub"}}}
	members := []*member{
		doc("a", "s1", nil),
		doc("b", "s1", nil),        // sub as a's: after
		doc("c", "", nil),          // no sub: collides with nothing
		doc("d", "", nil),          // nor does this one
		doc("b", "s2", nil),        // _id as b's, which goes after: after too
		doc("e", "s3", int32(1)),   // now
		doc("f", "s4", float64(1)), // n equal to e's, but sub not: now
		doc("a", "s5", nil),        // _id as a's: after
	}
	now, after := splitCollisions(members, paths)
	ids := func(ms []*member) (out []string) {
		for _, m := range ms {
			out = append(out, m.in.doc.Lookup("_id").StringValue())
		}
		return out
	}
	if got, want := ids(now), []string{"a", "c", "d", "e", "f"}; !slices.Equal(got, want) {
		t.Errorf("now %v, want %v", got, want)
	}
	if got, want := ids(after), []string{"b", "b", "a"}; !slices.Equal(got, want) {
		t.Errorf("after %v, want %v", got, want)
	}
	// The ones sent after split again: the second b after the first.
	now, after = splitCollisions(after, paths)
	if got, want := ids(now), []string{"b", "a"}; !slices.Equal(got, want) || len(after) != 1 {
		t.Errorf("second round now %v after %d, want %v and 1", got, len(after), want)
	}
}

func TestEqualNumbersCollide(t *testing.T) {
	one := bsoncore.NewDocumentBuilder().AppendInt32("n", 1).Build()
	oneDouble := bsoncore.NewDocumentBuilder().AppendDouble("n", 1).Build()
	oneString := bsoncore.NewDocumentBuilder().AppendString("n", "1").Build()
	paths := [][][]string{{{"n"}}}
	if !slices.Equal(uniqueKeys(one, paths), uniqueKeys(oneDouble, paths)) {
		t.Error("1 and 1.0 give different keys: the engine may take them as equal")
	}
	if slices.Equal(uniqueKeys(one, paths), uniqueKeys(oneString, paths)) {
		t.Error(`1 and "1" give the same key`)
	}
}
