package handlers

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// bar is one bar of the class results: the option's words, the bar and
// its share in words beside it. A share given as a word (too many chosen
// options for tens that add up to 100) has no bar.
type bar struct {
	Label   string
	Percent float64 // 0–100, the bar's length
	Text    string  // the figure printed beside it, or the word
	Word    bool    // Text is a word, not a share: no bar is drawn
}

// chart is one question or grid row. Bars are the options not marked
// exclude; the share of one marked exclude ("vet inte") is of everyone
// who answered, so it stands below as a sentence of its own instead of a
// bar a class would add to the others.
type chart struct {
	Question string // the question's id and grid row, for the comparison
	Row      string
	Title    string
	Bars     []bar
	Whole    bool     // the bars add up to 100 %
	Multi    bool     // several answers possible: the bars may add up to more
	Words    bool     // the bars are words
	Excluded []string // "20 % svarade ”Vet inte” …"
	// Municipality compares with the whole municipality's published
	// figure: "I hela kommunen svarade 72 % ”Mycket trygg” eller …".
	Municipality []string
}

// tens writes a released share, whole tens of percent: "30 %".
func tens(lang string, share int) string { return formatPercent(lang, float64(share)/100, 0) }

// releaseCharts draws each released question (each grid row) as bars of
// its options' shares. A release stored before shares were rounded
// together (no Whole, no words) is drawn the same way.
func releaseCharts(rel *models.ClassRelease, lang string) []chart {
	charts := make([]chart, 0, len(rel.Questions))
	for _, q := range rel.Questions {
		ch := chart{Question: q.ID, Row: q.Row, Title: q.Text.In(lang), Whole: q.Whole, Multi: q.Multi}
		if q.Row != "" {
			ch.Title += " – " + q.RowLabel.In(lang)
		}
		for _, o := range q.Options {
			share := 0
			if o.ShareTens != nil {
				share = *o.ShareTens
			}
			switch {
			case o.Exclude:
				if share > 0 {
					ch.Excluded = append(ch.Excluded, fmt.Sprintf(web.T(lang, "session.excluded_share"), tens(lang, share), o.Label.In(lang)))
				}
			case o.Word != "":
				ch.Words = true
				ch.Bars = append(ch.Bars, bar{Label: o.Label.In(lang), Text: web.T(lang, "session.word."+o.Word), Word: true})
			default:
				ch.Bars = append(ch.Bars, bar{Label: o.Label.In(lang), Percent: float64(share), Text: tens(lang, share)})
			}
		}
		charts = append(charts, ch)
	}
	return charts
}

type staffSessionResultsView struct {
	staffBase
	Code     string
	Title    string // the survey and the class's place in words
	Released bool
	Shown    bool
	Message  string // why there are no figures
	// All shows every question on one page (?q=all, for the facilitator
	// to look over or print); otherwise Chart is question Step of Steps,
	// one per screen, with links to the one before and after.
	All         bool
	Charts      []chart
	Chart       *chart
	Step, Steps int
	Prev, Next  string
}

// staffSessionResults shows the class its released results, for the
// dialogue that follows: one question per screen with large bars, shares
// in tens of percent, no counts; ?q=N steps through them with plain links.
// Where the survey's latest publication shows the whole municipality's
// figure for a question, the screen names it beside the class's.
func (s *Server) staffSessionResults(c *gin.Context) {
	lang := staffLang(c)
	ctx := c.Request.Context()
	sess, err := s.sessionFor(c, true)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	body := resultsBody(sess, lang)
	v := staffSessionResultsView{staffBase: s.staffBase(c), Code: sess.Code, Released: body.Released, Message: body.Message}
	sv := &sessionView{Session: sess}
	if err := s.nameSessions(ctx, lang, []*sessionView{sv}); err != nil {
		s.staffFail(c, err)
		return
	}
	v.Title = sessionTitle(lang, sv)
	if rel := sess.Release; rel != nil {
		q := c.Query("q")
		// Audited once per showing: the steps after the first are the
		// same release.
		if q == "" || q == "all" {
			s.audit(c, models.AuditResultsView, sess.Survey, map[string]string{"session": sess.Code})
		}
		v.Shown = rel.Shown
		v.Charts = releaseCharts(rel, lang)
		if err := s.compareWithMunicipality(ctx, lang, sess.Survey, v.Charts); err != nil {
			s.staffFail(c, err)
			return
		}
		v.All = q == "all"
		if !v.All && len(v.Charts) > 0 {
			// A step that is no number or out of range shows the nearest
			// screen: a link typed by hand never ends in an error.
			step, _ := strconv.Atoi(q)
			step = min(max(step, 1), len(v.Charts))
			v.Step, v.Steps, v.Chart = step, len(v.Charts), &v.Charts[step-1]
			base := "/staff/sessions/" + sess.Code + "/results?q="
			if step > 1 {
				v.Prev = base + strconv.Itoa(step-1)
			}
			if step < len(v.Charts) {
				v.Next = base + strconv.Itoa(step+1)
			}
		}
	}
	s.page(c, http.StatusOK, "staff_session_results", pageData{Lang: lang, Title: v.Title, Data: v})
}

// compareWithMunicipality sets each chart's comparison with the whole
// municipality from the survey's latest publication, the frozen figures
// every published view counts from, never the live responses: for each
// key figure of the chart's question (and grid row) that the publication
// shows (not hidden by disclosure control). Before the first publication
// there is none.
func (s *Server) compareWithMunicipality(ctx context.Context, lang, slug string, charts []chart) error {
	sv, err := s.store.Survey(ctx, slug)
	if err != nil {
		return err
	}
	figs, err := s.feedback.figures(ctx, sv, s.buildFeedbackFigures)
	if err != nil {
		return err
	}
	if figs == nil || figs.Hidden {
		return nil
	}
	for i := range charts {
		ch := &charts[i]
		for _, ind := range sv.Indicators {
			if ind.Question != ch.Question || ind.Row != ch.Row {
				continue
			}
			fig, ok := figs.Indicators[ind.ID]
			if !ok || fig.Hidden || fig.N == 0 {
				continue
			}
			ch.Municipality = append(ch.Municipality, fmt.Sprintf(web.T(lang, "session.municipality"),
				formatPercent(lang, fig.Share.Share, 0), optionWords(lang, sv, ind)))
		}
	}
	return nil
}

// optionWords names the options an indicator counts, in the survey's
// own words for young people: "Mycket trygg eller Ganska trygg".
func optionWords(lang string, sv *models.Survey, ind models.Indicator) string {
	var q *models.Question
	for i := range sv.Questions {
		if sv.Questions[i].ID == ind.Question {
			q = &sv.Questions[i]
		}
	}
	var words []string
	for _, v := range ind.Count {
		label := v
		if q != nil {
			for _, o := range q.Options {
				if o.Value == v {
					label = o.Label.In(lang)
				}
			}
		}
		words = append(words, "”"+label+"”")
	}
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + web.T(lang, "session.or") + " " + words[len(words)-1]
}
