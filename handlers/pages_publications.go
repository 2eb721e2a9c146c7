package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// publicationsView is the survey page's part on publications: what the
// figures shown come from, the earlier publications to pick from, the
// live count of responses, and for an admin the button for a delrapport.
type publicationsView struct {
	Explain   string
	Showing   string // "Siffrorna kommer från publicering 2 (…)"
	None      string // before the first: how many answered, when figures come
	Live      string // how many have answered so far
	Waiting   string // new texts that wait for a batch
	Items     []publicationItem
	Current   int
	NextDay   string // when a new one is allowed, if not now
	CanMake   bool   // an admin, and allowed now
	Make      string // the button's words: a delrapport, or the final report of a closed survey
	IsAdmin   bool
	NoteLimit int
}

type publicationItem struct {
	Number int
	Text   string
	Link   string
}

// publicationsView describes the survey's publications for a staff page;
// q.View, if set, is the one shown.
func (s *Server) publicationsView(c *gin.Context, q *lagesbildQuery, lang string) (publicationsView, error) {
	ctx := c.Request.Context()
	v := publicationsView{Explain: web.T(lang, "pub.explain"), IsAdmin: s.staffBase(c).IsAdmin, NoteLimit: maxNote}
	list, err := s.results.Publications(ctx, q.Survey.Slug)
	if err != nil {
		return v, err
	}
	n, err := s.store.CountSurveyResponses(ctx, q.Survey.Slug)
	if err != nil {
		return v, err
	}
	live := formatInt(lang, int(n))
	v.Live = fmt.Sprintf(web.T(lang, "pub.live_count"), live)
	if len(list) == 0 {
		v.None = fmt.Sprintf(web.T(lang, "pub.none_yet"), live)
	}
	for i := len(list) - 1; i >= 0; i-- {
		p := list[i]
		kind := web.T(lang, "pub.interim")
		if p.Final {
			kind = web.T(lang, "pub.final")
		}
		text := fmt.Sprintf(web.T(lang, "pub.item"), p.Number, s.longDay(lang, p.Day), kind,
			formatInt(lang, p.Responses), formatInt(lang, p.Texts), formatInt(lang, p.NewTexts))
		if p.Note != "" {
			text += " " + p.Note
		}
		link := url.Values{"lang": {lang}, "publication": {strconv.Itoa(p.Number)}}
		v.Items = append(v.Items, publicationItem{Number: p.Number, Text: text, Link: "/staff/surveys/" + q.Survey.Slug + "?" + link.Encode()})
	}
	if q.View != nil {
		p := q.View.Pub
		v.Current = p.Number
		v.Showing = fmt.Sprintf(web.T(lang, "pub.showing"), p.Number, s.longDay(lang, p.Day), formatInt(lang, p.Responses))
	}
	if len(list) > 0 && list[len(list)-1].TextsWaiting > 0 {
		v.Waiting = fmt.Sprintf(web.T(lang, "pub.waiting"), formatInt(lang, list[len(list)-1].TextsWaiting))
	}
	if day := s.nextPublicationDay(list); day != "" {
		v.NextDay = fmt.Sprintf(web.T(lang, "pub.next_day"), s.longDay(lang, day))
	}
	v.CanMake = v.IsAdmin && v.NextDay == ""
	v.Make = web.T(lang, "pub.make")
	if q.Survey.Status == models.StatusClosed {
		v.Make = web.T(lang, "pub.make_final")
	}
	return v, nil
}

// staffPublish makes a delrapport from the survey page and goes back to
// it, showing the new publication. It is asked first: a post without
// the confirmation page's field shows that page, with the note kept.
func (s *Server) staffPublish(c *gin.Context) {
	lang := staffLang(c)
	sv, ok := s.staffSurveyOr404(c) // a database that does not answer stays a 503
	if !ok {
		return
	}
	note, problem := publicationNote(lang, c.PostForm("note"))
	if problem != nil {
		s.confirmPublication(c, sv, c.PostForm("note"), problem)
		return
	}
	if !confirmSent(c) {
		s.confirmPublication(c, sv, note, nil)
		return
	}
	if _, err := s.publish(c, sv, note, sv.Status == models.StatusClosed); err != nil {
		if soon := tooSoon(err); soon != "" {
			err = models.Errorf(models.ErrTooSoon, web.T(lang, "pub.too_soon"), s.longDay(lang, soon), s.intervalDays())
		}
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/surveys/"+sv.Slug+"?lang="+url.QueryEscape(lang))
}
