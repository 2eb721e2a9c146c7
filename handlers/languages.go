package handlers

import (
	"slices"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// langsKey holds the deployment's enabled languages in a request's
// context, so requestLang can honour them wherever it is called.
const langsKey = "medborgardialog.langs"

// withLanguages puts the enabled languages into every request.
func (s *Server) withLanguages() gin.HandlerFunc {
	return func(c *gin.Context) { c.Set(langsKey, s.langs) }
}

// enabledLangs is the deployment's DIALOG_LANGUAGES: what young people
// are offered. A context built without the middleware gets the default.
func enabledLangs(c *gin.Context) models.Enabled {
	if v, ok := c.Get(langsKey); ok {
		if e, ok := v.(models.Enabled); ok && !e.IsZero() {
			return e
		}
	}
	return models.DefaultLanguages()
}

// requestLang is the language of a young people's page or answer:
// ?lang= first, then Accept-Language, then Swedish, among the enabled
// languages only.
func requestLang(c *gin.Context) string {
	return web.Negotiate(enabledLangs(c).Codes(), c.Query("lang"), c.GetHeader("Accept-Language"))
}

// langSwitch is the language switch of a public page: one link per code,
// each named in its own script.
func langSwitch(codes []string, current string) []langLink {
	out := make([]langLink, 0, len(codes))
	for _, l := range codes {
		out = append(out, langLink{Code: l, Name: models.Endonym(l), URL: "?lang=" + l, Current: l == current})
	}
	return out
}

// surveyLangs are the languages a survey is offered in: enabled here,
// listed by the survey (when it lists any), and with every text
// written. Swedish is always offered: it is every survey's original.
func surveyLangs(enabled models.Enabled, sv *models.Survey) []string {
	var out []string
	for _, l := range enabled.Codes() {
		switch {
		case l == models.DefaultLang:
		case len(sv.Languages) > 0 && !slices.Contains(sv.Languages, l) && l != models.LangEasy:
			continue
		case len(surveys.MissingTexts(sv, l)) > 0:
			continue
		}
		out = append(out, l)
	}
	return out
}

// offeredLang is lang if sv is offered in it, else Swedish: a form is
// never shown half in one language and half in another.
func offeredLang(c *gin.Context, sv *models.Survey, lang string) string {
	if slices.Contains(surveyLangs(enabledLangs(c), sv), lang) {
		return lang
	}
	return models.DefaultLang
}
