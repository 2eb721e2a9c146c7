package handlers

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// formView is everything the answer form shows, with every text already in
// the page's language so the template stays a plain layout.
type formView struct {
	Assets       assetURLs
	Slug         string
	Title        string
	Intro        string
	Outro        string
	Langs        []langLink
	SubmissionID string
	Session      string // join code when answered in a field session
	Kiosk        string // the session's own address when the form must reset after each person
	Done         string // where the script goes after a stored answer; empty: ?klar=1 here
	Questions    []questionView
	Problems     []problemView // the error summary at the top
	Help         []helpView
	SOS          *helpView // the one resource named after a sensitive question
	Msgs         map[string]string
}

type langLink struct {
	Code, Name, URL string
	Current         bool
}

type problemView struct {
	Anchor  string // "q-<id>", or empty for a problem with no question
	Label   string
	Message string
}

type questionView struct {
	ID        string
	Type      string
	Progress  string
	Text      string
	Help      string // the question's help, or a hint of how to answer
	Cond      string // for the page without JavaScript: when to answer
	Error     string
	Required  bool
	Sensitive bool
	Options   []optionView
	Rows      []rowView
	Value     string
	Min, Max  string
	MaxLength int
	MaxChoice int
	ShowIf    string
	AnyOf     string
}

// Described is the aria-describedby of the question's fieldset.
func (q questionView) Described() string {
	var ids []string
	if q.Help != "" || q.Cond != "" {
		ids = append(ids, "h-"+q.ID)
	}
	if q.Error != "" {
		ids = append(ids, "e-"+q.ID)
	}
	return strings.Join(ids, " ")
}

type optionView struct {
	Value, Label string
	Checked      bool
}

type rowView struct {
	Name, Label string
	Options     []optionView
}

type helpView struct {
	Name, Phone, For, Web, Host string
	Tel                         template.URL
}

// newFormView builds the form for sv in lang. form holds a rejected post's
// values, which are shown again; problems are placed beside their questions.
func (s *Server) newFormView(sv *models.Survey, lang, sid string, form url.Values, problems []models.AnswerProblem) formView {
	return s.sessionFormView(sv, lang, sid, form, problems, nil)
}

// sessionFormView is newFormView within a session that answers the
// questions in given (see sessionAnswers): those are not asked.
//
// Questions are numbered by those shown. The page without JavaScript shows
// every question but given ones, numbered without a total ("Fråga 15"):
// how many of the follow-ups apply is not known there. form.js counts again
// as follow-ups appear and go, and adds the total (data-m-num).
func (s *Server) sessionFormView(sv *models.Survey, lang, sid string, form url.Values, problems []models.AnswerProblem, given map[string]string) formView {
	v := formView{
		Assets:       s.static.urls,
		Slug:         sv.Slug,
		Title:        sv.Title.In(lang),
		Intro:        sv.Intro.In(lang),
		Outro:        sv.Outro.In(lang),
		SubmissionID: sid,
		Help:         helpViews(sv, lang),
		Msgs:         scriptMessages(lang),
	}
	for i := range v.Help {
		if v.Help[i].Phone != "" {
			v.SOS = &v.Help[i]
			break
		}
	}
	v.Langs = langSwitch(surveyLangs(s.langs, sv), lang)

	errs := make(map[string]string)
	for _, p := range problems {
		if _, ok := sv.Question(p.Question); ok {
			if errs[p.Question] == "" {
				errs[p.Question] = p.Message
			} else {
				errs[p.Question] += " " + p.Message
			}
			continue
		}
		v.Problems = append(v.Problems, problemView{Message: p.Message})
	}
	number := make(map[string]int, len(sv.Questions))
	n := 0
	for i := range sv.Questions {
		q := &sv.Questions[i]
		if _, ok := given[q.ID]; ok {
			continue
		}
		n++
		number[q.ID] = n
		qv := questionView{
			ID:        q.ID,
			Type:      q.Type,
			Progress:  fmt.Sprintf(web.T(lang, "form.question_n"), n),
			Text:      q.Text.In(lang),
			Help:      q.Help.In(lang),
			Error:     errs[q.ID],
			Required:  q.Required,
			Sensitive: q.Sensitive,
			MaxLength: q.MaxLength,
			MaxChoice: q.MaxChoices,
		}
		if q.Type == models.TypeMulti && qv.Help == "" {
			qv.Help = web.T(lang, "form.choose_many")
			if q.MaxChoices > 0 {
				qv.Help = fmt.Sprintf(web.T(lang, "form.choose_max"), q.MaxChoices)
			}
		}
		if q.Type == models.TypeNumber {
			// The browser's own check stops what the server would refuse,
			// also for a question without min or max.
			lo, hi := q.Bounds()
			qv.Min, qv.Max = strconv.FormatInt(lo, 10), strconv.FormatInt(hi, 10)
		}
		if si := q.ShowIf; si != nil {
			qv.ShowIf, qv.AnyOf = si.Question, strings.Join(si.AnyOf, " ")
			if nq := number[si.Question]; nq > 0 {
				// A question the session answers is not shown to point at.
				qv.Cond = condNote(sv, lang, si, nq)
			}
		}
		name := surveys.FormPrefix + q.ID
		switch q.Type {
		case models.TypeGrid:
			for _, r := range q.Rows {
				rn := name + "." + r.Value
				qv.Rows = append(qv.Rows, rowView{Name: rn, Label: r.Label.In(lang), Options: optionViews(q, lang, formValues(form, rn))})
			}
		case models.TypeNumber, models.TypeText:
			if vals := formValues(form, name); len(vals) > 0 {
				qv.Value = vals[0]
			}
		default:
			qv.Options = optionViews(q, lang, formValues(form, name))
		}
		if qv.Error != "" {
			v.Problems = append(v.Problems, problemView{
				Anchor:  "q-" + q.ID,
				Label:   qv.Progress,
				Message: qv.Error,
			})
		}
		v.Questions = append(v.Questions, qv)
	}
	// Problems with a question come in the order of the questions, after
	// any that concern the whole form.
	return v
}

func optionViews(q *models.Question, lang string, chosen []string) []optionView {
	out := make([]optionView, len(q.Options))
	for i, o := range q.Options {
		out[i] = optionView{Value: o.Value, Label: o.Label.In(lang), Checked: slices.Contains(chosen, o.Value)}
	}
	return out
}

// condNote tells a reader without JavaScript, who sees every question,
// when a follow-up question is theirs to answer.
func condNote(sv *models.Survey, lang string, si *models.ShowIf, n int) string {
	ctrl, ok := sv.Question(si.Question)
	if !ok {
		return ""
	}
	var labels []string
	for _, v := range si.AnyOf {
		if o, ok := ctrl.Option(v); ok {
			labels = append(labels, "”"+o.Label.In(lang)+"”")
		}
	}
	return fmt.Sprintf(web.T(lang, "form.cond"), strings.Join(labels, web.T(lang, "form.or")), n)
}

func helpViews(sv *models.Survey, lang string) []helpView {
	out := make([]helpView, 0, len(sv.Help))
	for _, h := range sv.Help {
		hv := helpView{Name: h.Name, Phone: h.Phone, For: h.For.In(lang), Web: h.Web}
		if u, err := url.Parse(h.Web); err == nil && u.Scheme == "https" {
			hv.Host = strings.TrimPrefix(u.Host, "www.")
		} else {
			hv.Web = ""
		}
		if digits := telDigits(h.Phone); digits != "" {
			// The phone is checked plain text; only its digits reach the
			// tel: link, which html/template would otherwise refuse.
			hv.Tel = template.URL("tel:" + digits)
		}
		out = append(out, hv)
	}
	return out
}

func telDigits(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// scriptMessages are the texts form.js shows, in the page's language. They
// travel as data attributes because the policy allows no inline script.
func scriptMessages(lang string) map[string]string {
	m := make(map[string]string)
	for _, k := range []string{"sending", "saved", "sent", "dropped", "retry", "answered", "listen", "reading", "stopped"} {
		m[k] = web.T(lang, "js."+k)
	}
	// "Fråga %d av %d", once the script knows which questions are shown.
	m["num"] = web.T(lang, "form.progress")
	// The script refuses an empty form itself, in the server's words.
	m["empty"] = surveys.EmptyMessage(lang)
	return m
}
