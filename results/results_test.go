package results

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"medborgardialog/demo"
	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const (
	current  = "ungdomsdialog-2023"
	baseline = "ungdomsdialog-2022"
)

// fixture is a fresh database with the built-in surveys and places.
type fixture struct {
	st       *store.Store
	sv, base *models.Survey
	places   *models.Places
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	defs, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureSurveys(ctx, defs); err != nil {
		t.Fatal(err)
	}
	places, err := surveys.BuiltinPlaces()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, places: places}
	if f.sv, err = st.Survey(ctx, current); err != nil {
		t.Fatal(err)
	}
	if f.base, err = st.Survey(ctx, baseline); err != nil {
		t.Fatal(err)
	}
	return f
}

// fill writes n demo responses to sv in class-sized sessions.
func (f *fixture) fill(t *testing.T, sv *models.Survey, n int, seed uint64) {
	t.Helper()
	year, _ := time.Parse("2006", sv.Wave)
	err := demo.Fill(context.Background(), f.st, []demo.Wave{{Survey: sv, From: year.AddDate(0, 2, 0), To: year.AddDate(0, 4, 0), Count: n}}, seed, nil)
	if err != nil {
		t.Fatal(err)
	}
}

// fillOwn writes n responses to sv that the pupils' own answers place:
// most without a session, some in an old session whose area the
// catalogue does not know (so not known, whatever the pupil answered).
// With the demo's sessions, whose places contradict the pupils' own
// answers as often as not, they make a filter on area or grade mean
// something different from the sessions' values alone.
func (f *fixture) fillOwn(t *testing.T, sv *models.Survey, n int, seed uint64) {
	t.Helper()
	g := demo.NewGenerator(sv, seed)
	var rs []*models.Response
	for i := range n {
		r := &models.Response{Survey: sv.Slug, Version: sv.Version, Lang: []string{"sv", "en", "ar"}[i%3],
			SubmissionID: fmt.Sprintf("%032x", seed<<32|uint64(i)), Answers: g.Answers(0.3)}
		if i%4 == 0 {
			r.Session, r.Area = "GML234", "gamlastan"
		}
		if i%2 == 0 {
			r.Answers["omrade"] = "storvik"
		}
		rs = append(rs, r)
	}
	if err := f.st.InsertResponses(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
}

// filters are the views a coordinator clicks through, each within the
// query space, some of groups that only the pupils' own answers make.
func (f *fixture) filters() []models.ResponseFilter {
	return []models.ResponseFilter{
		{}, {Area: "centrum"}, {School: "murgardsskolan"}, {Grade: "ak8"}, {School: "norrsatraskolan", Grade: "ak9"},
		{Area: "storvik"}, {Area: "gamlastan"}, {Gender: "tjej"}, {Area: "centrum", Gender: "kille"}, {Grade: "gy1", Gender: "tjej"},
		{Area: "ingenstans"},
	}
}

// agree checks that every view counted from c shows the very figures a
// scan of the database shows: counts, shares, intervals, noise, the
// baseline's change, and a class's release.
func (f *fixture) agree(t *testing.T, what string, c export.Counter) {
	t.Helper()
	f.agreeOn(t, what, c, f.filters())
}

// agreeQuick is agree on four views: the whole survey, a place, a place
// of the pupils' own answers, a class.
func (f *fixture) agreeQuick(t *testing.T, what string, c export.Counter) {
	t.Helper()
	all := f.filters()
	f.agreeOn(t, what, c, []models.ResponseFilter{all[0], all[3], all[5]})
}

func (f *fixture) agreeOn(t *testing.T, what string, c export.Counter, filters []models.ResponseFilter) {
	t.Helper()
	ctx := context.Background()
	sessions, err := f.st.SessionPlaces(ctx, current)
	if err != nil || len(sessions) == 0 {
		t.Fatalf("sessions: %v", err)
	}
	reqs := []export.Request{{Survey: f.sv, Class: sessions[0].Code, MinCell: 5}}
	for _, flt := range filters {
		flt.Survey = current
		reqs = append(reqs, export.Request{Survey: f.sv, Baseline: f.base, Filter: flt, MinCell: 5, Places: f.places})
	}
	for _, req := range reqs {
		flt := fmt.Sprintf("%+v class %q", req.Filter, req.Class)
		want, err := export.Build(ctx, export.Scan(f.st), req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := export.Build(ctx, c, req)
		if err != nil {
			t.Fatalf("%s %+v: %v", what, flt, err)
		}
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		if string(a) != string(b) {
			t.Fatalf("%s, filter %+v: the copy counts differently from a scan\nscan: %.600s\ncopy: %.600s", what, flt, a, b)
		}
	}
	if texts, ok := c.(export.TextSource); ok {
		want, got := f.texts(t, export.TextsOf(f.st)), f.texts(t, texts)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%s: the free text differs from a scan's\nscan: %v\ncopy: %v", what, want, got)
		}
	}
}

// texts is the free text src gives for the current survey, as the
// workbook keeps it: per text question, sorted.
func (f *fixture) texts(t *testing.T, src export.TextSource) map[string][]string {
	t.Helper()
	spool, err := export.NewTextSpool(f.sv, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer spool.Close()
	if err := src.EachText(context.Background(), current, spool.AddText); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, q := range f.sv.Questions {
		if q.Type != models.TypeText {
			continue
		}
		err := spool.Each(q.ID, func(s string) error {
			out[q.ID] = append(out[q.ID], s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(out[q.ID])
	}
	return out
}

func newManager(st *store.Store, opts Options) *Manager {
	m := New(st, opts)
	st.AddObserver(m)
	return m
}

// TestTheCopyFollowsEveryWrite checks the copy against a scan after each
// kind of write: a first load, appends, retried submissions, exclusion
// and inclusion, retention's clearing and deletion, and a restart.
func TestTheCopyFollowsEveryWrite(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 300, 1)
	f.fill(t, f.base, 150, 2)
	f.fillOwn(t, f.sv, 40, 8)
	m := newManager(f.st, Options{})
	defer m.Close()
	f.agree(t, "first load", m)
	f.fillOwn(t, f.sv, 20, 16)
	f.agreeQuick(t, "after answers the pupils' own answers place", m)

	f.fill(t, f.sv, 120, 3)
	f.agreeQuick(t, "after appends", m)

	// Retries: each submission sent three times, stored once.
	g := demo.NewGenerator(f.sv, 9)
	sess, place := g.Session(time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 30, 0, 0, 0, 0, time.UTC))
	if err := f.st.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	for range 12 {
		r := g.Response(sess, place)
		for try := range 3 {
			again := *r
			again.ID = ""
			dup, err := f.st.InsertResponse(ctx, &again)
			if err != nil || dup != (try > 0) {
				t.Fatalf("try %d: duplicate %v, %v", try, dup, err)
			}
		}
	}
	f.agreeQuick(t, "after retries", m)
	cols, err := m.Columns(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := f.st.CountSurveyResponses(ctx, current); int64(cols.Len()) != n {
		t.Fatalf("the copy holds %d responses, the database %d", cols.Len(), n)
	}

	if _, err := f.st.ExcludeSession(ctx, sess.Code, "test", "anna"); err != nil {
		t.Fatal(err)
	}
	f.agreeQuick(t, "after an exclusion", m)
	if got, all := f.texts(t, m), f.texts(t, export.TextsOf(f.st)); len(all) == 0 || len(all["forslag"]) == 0 {
		t.Fatalf("no free text to compare: %v %v", got, all)
	}
	if _, err := f.st.IncludeSession(ctx, sess.Code); err != nil {
		t.Fatal(err)
	}
	f.agreeQuick(t, "after an inclusion", m)

	text, _, err := f.st.QuestionKinds(ctx, current)
	if err != nil || len(text) == 0 {
		t.Fatalf("text questions %v, %v", text, err)
	}
	if _, err := f.st.ClearTextAnswers(ctx, current, text); err != nil {
		t.Fatal(err)
	}
	f.agreeQuick(t, "after free text was cleared", m)

	restarted := newManager(f.st, Options{})
	defer restarted.Close()
	f.agree(t, "after a restart", restarted)

	if _, err := f.st.DeleteSurveyResponses(ctx, baseline); err != nil {
		t.Fatal(err)
	}
	f.agreeQuick(t, "after the baseline was deleted", m)
	f.agreeQuick(t, "after the baseline was deleted, restarted copy", restarted)
}

// slowStore is the real store with a read that waits at its first
// response until gate is closed and then goes slowly, so that writes land
// while a copy is being read.
type slowStore struct {
	*store.Store
	started chan struct{}
	once    sync.Once
	gate    chan struct{}
	delay   time.Duration
}

func (s *slowStore) EachStoredResponse(ctx context.Context, surveys []string, fn func(*models.Response) error) error {
	return s.Store.EachStoredResponse(ctx, surveys, func(r *models.Response) error {
		s.once.Do(func() { close(s.started) })
		select {
		case <-s.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
		time.Sleep(s.delay)
		return fn(r)
	})
}

// TestALoadRacingSubmissionsCountsEachOnce: responses stored while the
// copy is read, retries among them, are each counted exactly once,
// whether the read sees them or not.
func TestALoadRacingSubmissionsCountsEachOnce(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	f := newFixture(t, st)
	// More than the read's first batch of 1000, so that it reads on after
	// the submissions are stored and meets some of them.
	f.fill(t, f.sv, 1100, 4)
	f.fill(t, f.base, 50, 5)
	slow := &slowStore{Store: st, started: make(chan struct{}), gate: make(chan struct{}), delay: time.Millisecond}
	m := New(slow, Options{Wait: time.Minute})
	st.AddObserver(m)
	defer m.Close()
	m.Preload([]string{current})
	<-slow.started

	// Half the submissions are stored while the read waits at its first
	// response, the rest while it goes on.
	var half sync.WaitGroup
	half.Add(4)
	go func() { half.Wait(); close(slow.gate) }()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			defer func() {
				select {
				case <-slow.gate:
				default:
				}
			}()
			g := demo.NewGenerator(f.sv, uint64(100+w))
			sess, place := g.Session(time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 30, 0, 0, 0, 0, time.UTC))
			if err := st.CreateSession(ctx, sess); err != nil {
				t.Error(err)
				return
			}
			for i := range 40 {
				if i == 20 {
					half.Done()
				}
				r := g.Response(sess, place)
				for range 2 {
					again := *r
					again.ID = ""
					if _, err := st.InsertResponse(ctx, &again); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if ready, _, _ := m.Progress(current); ready {
		t.Error("the read ended before the submissions did: the race was not exercised")
	}
	f.agree(t, "after a load raced submissions", m)
	cols, err := m.Columns(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountSurveyResponses(ctx, current); int64(cols.Len()) != n || n != 1260 {
		t.Fatalf("the copy holds %d responses, the database %d, want 1260", cols.Len(), n)
	}
}

// TestNothingIsCountedFromHalfACopy: while the copy is read, Count says
// how far the read has come, and counts nothing.
func TestNothingIsCountedFromHalfACopy(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	f := newFixture(t, st)
	f.fill(t, f.sv, 60, 6)
	slow := &slowStore{Store: st, started: make(chan struct{}), gate: make(chan struct{})}
	m := New(slow, Options{Wait: 20 * time.Millisecond})
	st.AddObserver(m)
	defer m.Close()
	m.Preload([]string{current})
	<-slow.started

	err := m.Count(ctx, export.NewTally(f.sv), models.ResponseFilter{Survey: current})
	var le *LoadingError
	if !errors.As(err, &le) || models.ErrorCode(err) != models.ErrUnavailable || le.Total != 60 || le.Done > 1 {
		t.Fatalf("counting from a copy being read: %v (%+v)", err, le)
	}
	if ready, done, total := m.Progress(current); ready || total != 60 || done > 1 {
		t.Fatalf("progress %v %d/%d", ready, done, total)
	}
	close(slow.gate)
	m.opts.Wait = time.Minute
	tl := export.NewTally(f.sv)
	if err := m.Count(ctx, tl, models.ResponseFilter{Survey: current}); err != nil || tl.N() != 60 {
		t.Fatalf("counted %d, %v", tl.N(), err)
	}
	if ready, done, total := m.Progress(current); !ready || done != 60 || total != 60 {
		t.Fatalf("progress after the load %v %d/%d", ready, done, total)
	}
}

// TestAnOldCopyIsReadAgain: with several instances on one database, one
// does not hear of the others' writes; its copy is read again once it is
// older than MaxAge.
func TestAnOldCopyIsReadAgain(t *testing.T) {
	ctx := context.Background()
	name := storetest.DBName()
	open := func() *store.Store {
		st, err := store.Open(ctx, storetest.URI(), name, storetest.Options()...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close(context.Background()) })
		return st
	}
	this, other := open(), open()
	t.Cleanup(func() { _ = this.Drop(context.Background()) })
	f := newFixture(t, this)
	f.fill(t, f.sv, 100, 7)
	m := newManager(this, Options{MaxAge: time.Minute})
	defer m.Close()
	var mu sync.Mutex
	now := time.Now()
	m.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f.agree(t, "first load", m)

	theirs := &fixture{st: other, sv: f.sv, base: f.base, places: f.places}
	theirs.fill(t, f.sv, 30, 8)
	count := func() int {
		tl := export.NewTally(f.sv)
		if err := m.Count(ctx, tl, models.ResponseFilter{Survey: current}); err != nil {
			t.Fatal(err)
		}
		return tl.N()
	}
	if n := count(); n != 100 {
		t.Fatalf("a copy younger than MaxAge counted %d, want the 100 it read", n)
	}
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	if n := count(); n != 130 {
		t.Fatalf("a copy older than MaxAge counted %d, want 130", n)
	}
	f.agree(t, "after reading again", m)
}

// TestTheCopyKeepsNoWords: free text reaches no column.
func TestTheCopyKeepsNoWords(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 200, 10)
	m := newManager(f.st, Options{})
	defer m.Close()
	cols, err := m.Columns(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	err = f.st.EachResponse(ctx, models.ResponseFilter{Survey: current}, func(r *models.Response) error {
		for _, q := range f.sv.Questions {
			if s, ok := r.Answers[q.ID].(string); ok && q.Type == models.TypeText {
				words[s] = true
			}
		}
		return nil
	})
	if err != nil || len(words) == 0 {
		t.Fatalf("no free text to look for: %v", err)
	}
	found := cols.Strings()
	if len(found) == 0 {
		t.Fatal("the copy keeps no strings at all")
	}
	for _, s := range found {
		if words[s] {
			t.Fatalf("the copy keeps the words %q", s)
		}
	}
}

// TestAResponseInFlightDuringAReadIsCountedOnce plays the insert that
// commits before a read of the copy begins but is reported after the read
// saw it (a race the embedded engine's snapshot reads rarely show, and
// MongoDB's cursors can): the read must leave it to Inserted.
func TestAResponseInFlightDuringAReadIsCountedOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 40, 11)
	m := New(f.st, Options{Wait: time.Minute}) // told of this insert by hand below
	defer m.Close()

	g := demo.NewGenerator(f.sv, 12)
	sess, place := g.Session(time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 30, 0, 0, 0, 0, time.UTC))
	r := g.Response(sess, place)
	r.ID, r.SubmissionID = "in-flight", "" // an id of its own, not one derived from a submission id
	m.Inserting([]string{r.ID})
	if _, err := f.st.InsertResponse(ctx, r); err != nil {
		t.Fatal(err)
	}
	m.Preload([]string{current})
	if _, err := m.Columns(ctx, current); err != nil {
		t.Fatal(err)
	}
	var stored *models.Response
	err := f.st.EachStoredResponse(ctx, []string{current}, func(x *models.Response) error {
		if x.ID == r.ID {
			stored = x
		}
		return nil
	})
	if err != nil || stored == nil {
		t.Fatalf("the response is not stored: %v", err)
	}
	m.Inserted([]*models.Response{stored})
	cols, err := m.Columns(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	if cols.Len() != 41 {
		t.Fatalf("the copy holds %d responses, want 41", cols.Len())
	}
	f.agreeQuick(t, "after an insert in flight", m)
}

// countingStore is the real store counting the reads for copies.
type countingStore struct {
	*store.Store
	mu    sync.Mutex
	reads [][]string
}

func (c *countingStore) EachStoredResponse(ctx context.Context, surveys []string, fn func(*models.Response) error) error {
	c.mu.Lock()
	c.reads = append(c.reads, slices.Clone(surveys))
	c.mu.Unlock()
	return c.Store.EachStoredResponse(ctx, surveys, fn)
}

// TestPreloadReadsEverySurveyInOnePass: on the embedded engine a read of
// one survey's responses reads them all, so start-up reads them once.
func TestPreloadReadsEverySurveyInOnePass(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 80, 13)
	f.fill(t, f.base, 60, 14)
	cs := &countingStore{Store: f.st}
	m := New(cs, Options{Wait: time.Minute})
	f.st.AddObserver(m)
	defer m.Close()
	m.Preload([]string{current, baseline})
	for _, slug := range []string{current, baseline} {
		if _, err := m.Columns(ctx, slug); err != nil {
			t.Fatal(err)
		}
	}
	if len(cs.reads) != 1 || len(cs.reads[0]) != 2 {
		t.Fatalf("reads %v, want one of both surveys", cs.reads)
	}
	f.agree(t, "after one read of both", m)
}

// TestANewVersionThatMakesAQuestionFreeTextIsReadAgain: the copy keeps no
// words, so when a new version turns a closed question into free text the
// copy is read again and keeps that question's answers as "answered" only.
func TestANewVersionThatMakesAQuestionFreeTextIsReadAgain(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 60, 15)
	m := newManager(f.st, Options{Wait: time.Minute})
	defer m.Close()
	before, err := m.Columns(ctx, current)
	if err != nil || !slices.Contains(before.Strings(), "tjej") {
		t.Fatalf("the closed answer is not kept: %v", err)
	}
	next := *f.sv
	next.Questions = slices.Clone(f.sv.Questions)
	for i := range next.Questions {
		if next.Questions[i].ID == "kon" {
			next.Questions[i].Type, next.Questions[i].Options, next.Questions[i].Dimension = models.TypeText, nil, ""
		}
	}
	if _, err := f.st.PublishSurvey(ctx, &next); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		cols, err := m.Columns(ctx, current)
		if err != nil {
			t.Fatal(err)
		}
		if cols != before {
			if slices.Contains(cols.Strings(), "tjej") {
				t.Fatal("the copy read again still keeps the answers of a free-text question")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the copy was not read again")
		}
	}
}
