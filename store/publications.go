package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
)

// A publication (models.Publication) is kept as one small document that
// says what it is, and parts that hold what it froze: the frozen columns
// in pieces of at most partBytes, and the free texts it first released.
// The small document is written last and is the commit: a publication
// whose parts were written but whose document was not does not exist,
// and its number is taken again. Its _id is the survey and the number,
// so two instances that publish the same survey at once cannot both get
// the same number: the second insert is a duplicate and fails. Each
// attempt writes parts of its own (publicationDoc.Parts), so the one
// that fails has not overwritten the parts of the one that won; it
// deletes them, and retention deletes any an attempt cut short left.
const (
	publicationsColl     = "publications"
	publicationPartsColl = "publication_parts"
	partBytes            = 1 << 20
)

type publicationDoc struct {
	ID                string    `bson:"_id"`
	Survey            string    `bson:"survey"`
	Number            int       `bson:"number"`
	Version           int       `bson:"version"`
	Day               string    `bson:"day"`
	At                time.Time `bson:"at"`
	Final             bool      `bson:"final"`
	Note              string    `bson:"note,omitempty"`
	By                string    `bson:"by"`
	Responses         int       `bson:"responses"`
	Texts             int       `bson:"texts"`
	NewTexts          int       `bson:"new_texts"`
	TextsWaiting      int       `bson:"texts_waiting"`
	ExcludedSessions  int       `bson:"excluded_sessions"`
	ExcludedResponses int       `bson:"excluded_responses"`
	ExclusionReasons  []string  `bson:"exclusion_reasons,omitempty"`
	DataParts         int       `bson:"data_parts"`
	TextParts         int       `bson:"text_parts"`
	// Retired is set when retention deleted the survey's responses: the
	// frozen rows went with them (they are answers too), and the wave's
	// figures live on as archived figures.
	Retired bool `bson:"retired,omitempty"`
	// Parts names the attempt that wrote the publication's parts; empty
	// for parts named after the publication alone.
	Parts string `bson:"parts,omitempty"`
}

type partDoc struct {
	ID string `bson:"_id"`
	// Survey lets retention find every part of a survey's publications,
	// also those of an attempt that never committed.
	Survey string          `bson:"survey,omitempty"`
	Data   []byte          `bson:"data,omitempty"`
	Texts  []publishedText `bson:"texts,omitempty"`
}

type publishedText struct {
	Q string `bson:"q"`
	R string `bson:"r"`
	T string `bson:"t"`
}

func publicationID(survey string, n int) string { return fmt.Sprintf("%s/%05d", survey, n) }

func dataPartID(parts string, i int) string { return fmt.Sprintf("%s/d%04d", parts, i) }

func textPartID(parts string, i int) string { return fmt.Sprintf("%s/t%04d", parts, i) }

// partsID is what the publication's part ids begin with.
func (d *publicationDoc) partsID() string {
	if d.Parts == "" {
		return d.ID
	}
	return d.ID + "/" + d.Parts
}

func (d *publicationDoc) publication() *models.Publication {
	return &models.Publication{
		Survey: d.Survey, Number: d.Number, Version: d.Version, Day: d.Day, At: d.At, Final: d.Final, Note: d.Note, By: d.By,
		Responses: d.Responses, Texts: d.Texts, NewTexts: d.NewTexts, TextsWaiting: d.TextsWaiting,
		Excluded: models.PublishedExclusions{Sessions: d.ExcludedSessions, Responses: d.ExcludedResponses, Reasons: d.ExclusionReasons},
	}
}

// InsertPublication stores p with its frozen columns (data) and the texts
// it releases for the first time. A publication of the same survey and
// number that exists already is a conflict: someone else published first.
func (s *Store) InsertPublication(ctx context.Context, p *models.Publication, data []byte, texts []models.PublishedText) error {
	id := publicationID(p.Survey, p.Number)
	parts := s.db.Collection(publicationPartsColl)
	var written []string
	put := func(doc partDoc) error {
		doc.Survey = p.Survey
		written = append(written, doc.ID)
		_, err := parts.ReplaceOne(ctx, bson.M{"_id": doc.ID}, doc, options.Replace().SetUpsert(true))
		return wrap(err, "write publication part")
	}
	doc := publicationDoc{
		ID: id, Survey: p.Survey, Number: p.Number, Version: p.Version, Day: p.Day, At: p.At.UTC().Truncate(time.Millisecond),
		Final: p.Final, Note: p.Note, By: p.By, Responses: p.Responses, Texts: p.Texts, NewTexts: p.NewTexts, TextsWaiting: p.TextsWaiting,
		ExcludedSessions: p.Excluded.Sessions, ExcludedResponses: p.Excluded.Responses, ExclusionReasons: p.Excluded.Reasons,
		Parts: randomID(),
	}
	prefix := doc.partsID()
	// At least one part, even for no data.
	for off := 0; ; off += partBytes {
		end := min(off+partBytes, len(data))
		if err := put(partDoc{ID: dataPartID(prefix, doc.DataParts), Data: data[off:end]}); err != nil {
			return err
		}
		doc.DataParts++
		if end == len(data) {
			break
		}
	}
	for len(texts) > 0 {
		size, n := 0, 0
		for n < len(texts) && (n == 0 || size+len(texts[n].Text) < partBytes) {
			size += len(texts[n].Text) + len(texts[n].Response) + len(texts[n].Question)
			n++
		}
		part := partDoc{ID: textPartID(prefix, doc.TextParts)}
		for _, t := range texts[:n] {
			part.Texts = append(part.Texts, publishedText{Q: t.Question, R: t.Response, T: t.Text})
		}
		if err := put(part); err != nil {
			return err
		}
		doc.TextParts++
		texts = texts[n:]
	}
	_, err := s.db.Collection(publicationsColl).InsertOne(ctx, doc)
	if mongo.IsDuplicateKeyError(err) {
		// Someone else committed this number first: the parts written
		// here are nobody's. Only on this certain failure: after another
		// error the document may have been written after all.
		if _, err := parts.DeleteMany(ctx, bson.M{"_id": bson.M{"$in": written}}); err != nil {
			return wrap(err, "delete the parts of a publication that lost its number")
		}
		return models.Errorf(models.ErrConflict, "publication %d of %s exists already", p.Number, p.Survey)
	}
	return wrap(err, "insert publication")
}

// Publications lists the survey's publications, oldest first.
func (s *Store) Publications(ctx context.Context, survey string) ([]*models.Publication, error) {
	docs, err := s.publicationDocs(ctx, survey)
	if err != nil {
		return nil, err
	}
	out := make([]*models.Publication, len(docs))
	for i := range docs {
		out[i] = docs[i].publication()
	}
	return out, nil
}

func (s *Store) publicationDocs(ctx context.Context, survey string) ([]publicationDoc, error) {
	cur, err := s.db.Collection(publicationsColl).Find(ctx, bson.M{"survey": survey},
		options.Find().SetSort(bson.D{{Key: "number", Value: 1}}))
	if err != nil {
		return nil, wrap(err, "list publications")
	}
	var docs []publicationDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, wrap(err, "list publications")
	}
	return docs, nil
}

func (s *Store) publicationDoc(ctx context.Context, survey string, n int) (*publicationDoc, error) {
	var doc publicationDoc
	err := s.db.Collection(publicationsColl).FindOne(ctx, bson.M{"_id": publicationID(survey, n)}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, models.Errorf(models.ErrNotFound, "no publication %d of %s", n, survey)
	}
	if err != nil {
		return nil, wrap(err, "find publication")
	}
	return &doc, nil
}

// PublicationData is the frozen columns publication n of survey counts
// from, as InsertPublication was given them. A publication whose rows
// retention deleted is not found.
func (s *Store) PublicationData(ctx context.Context, survey string, n int) ([]byte, error) {
	doc, err := s.publicationDoc(ctx, survey, n)
	if err != nil {
		return nil, err
	}
	if doc.Retired {
		return nil, models.Errorf(models.ErrNotFound, "the responses of %s are deleted", survey)
	}
	var data []byte
	for i := range doc.DataParts {
		var part partDoc
		err := s.db.Collection(publicationPartsColl).FindOne(ctx, bson.M{"_id": dataPartID(doc.partsID(), i)}).Decode(&part)
		if err != nil {
			return nil, wrap(err, "read publication part")
		}
		data = append(data, part.Data...)
	}
	return data, nil
}

// EachPublishedText calls fn with every text publications 1 to upTo of
// survey released, in the order they released them.
func (s *Store) EachPublishedText(ctx context.Context, survey string, upTo int, fn func(models.PublishedText)) error {
	for n := 1; n <= upTo; n++ {
		doc, err := s.publicationDoc(ctx, survey, n)
		if models.ErrorCode(err) == models.ErrNotFound {
			continue
		}
		if err != nil {
			return err
		}
		for i := range doc.TextParts {
			var part partDoc
			err := s.db.Collection(publicationPartsColl).FindOne(ctx, bson.M{"_id": textPartID(doc.partsID(), i)}).Decode(&part)
			if errors.Is(err, mongo.ErrNoDocuments) {
				continue // retention deleted the texts
			}
			if err != nil {
				return wrap(err, "read published texts")
			}
			for _, t := range part.Texts {
				fn(models.PublishedText{Question: t.Q, Response: t.R, Text: t.T})
			}
		}
	}
	return nil
}

// DeletePublishedTexts removes every text the survey's publications
// released, those of attempts that never committed included: retention's
// free-text deadline reaches them as it reaches the answers. Every part
// carries its survey, so one delete finds them all.
func (s *Store) DeletePublishedTexts(ctx context.Context, survey string) error {
	_, err := s.db.Collection(publicationPartsColl).DeleteMany(ctx, bson.M{"survey": survey, "texts": bson.M{"$exists": true}})
	return wrap(err, "delete published texts")
}

// RetirePublications removes every part of the survey's publications
// (their frozen rows and texts, and those of attempts that never
// committed) when retention deletes its responses; what each publication
// was stays listed, marked retired.
func (s *Store) RetirePublications(ctx context.Context, survey string) error {
	if _, err := s.db.Collection(publicationsColl).UpdateMany(ctx, bson.M{"survey": survey}, bson.M{"$set": bson.M{"retired": true}}); err != nil {
		return wrap(err, "retire publications")
	}
	_, err := s.db.Collection(publicationPartsColl).DeleteMany(ctx, bson.M{"survey": survey})
	return wrap(err, "delete publication parts")
}
