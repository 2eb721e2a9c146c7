package export

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"medborgardialog/models"
)

// BenchmarkReadPlaces reads a catalogue at the checker's limits (200
// areas, 500 schools), as an import of a large municipality's or a police
// region's file does.
func BenchmarkReadPlaces(b *testing.B) {
	p := &models.Places{}
	for i := range 200 {
		p.Areas = append(p.Areas, models.Area{Value: fmt.Sprintf("omrade_%d", i), Label: models.Text{"sv": fmt.Sprintf("Område %d", i), "en": fmt.Sprintf("Area %d", i)}, Part: "Tätorten"})
	}
	for i := range 500 {
		p.Schools = append(p.Schools, models.School{ID: fmt.Sprintf("skola-%d", i), Name: fmt.Sprintf("Skola nummer %d", i),
			Area: fmt.Sprintf("omrade_%d", i%200), Grades: []string{"ak7", "ak8", "ak9"}, Active: true})
	}
	var buf bytes.Buffer
	if err := WritePlaces(&buf, p, testGrades); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, ps := ReadPlaces(context.Background(), bytes.NewReader(data), int64(len(data)), 0, p, testGrades); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
	b.ReportMetric(float64(len(data)), "file-bytes")
}
