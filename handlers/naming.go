package handlers

import (
	"context"

	"medborgardialog/web"
)

// surveyTitles is every survey's title in lang by slug, from the cached
// list of surveys. A list that cannot be read gives no titles: a page
// then names surveys by slug rather than failing over a label.
func (s *Server) surveyTitles(ctx context.Context, lang string) map[string]string {
	list, err := s.surveys(ctx)
	if err != nil {
		return nil
	}
	out := make(map[string]string, len(list.all))
	for _, sv := range list.all {
		if t := sv.Title.In(lang); t != "" {
			out[sv.Slug] = t
		}
	}
	return out
}

// auditDetail names one detail of an audit entry in words: its key by
// the catalogue (audit.detail.<key>), and the values that are codes
// (roles, grades, actions, yes and no) by their names.
func auditDetail(lang, key, value string, places map[string]string) (string, string) {
	name := web.TOr(lang, "audit.detail."+key, key)
	switch key {
	case "role":
		value = web.Role(lang, value)
	case "grade":
		value = web.Grade(lang, value)
	case "why":
		value = web.Action(lang, value)
	case "by":
		value = web.Dimension(lang, value)
	case "view":
		value = web.TOr(lang, "audit.view."+value, value)
	case "area", "school":
		if n, ok := places[value]; ok {
			value = n
		}
	}
	switch value {
	case "true":
		value = web.T(lang, "staff.yes")
	case "false":
		value = web.T(lang, "staff.no")
	}
	return name, value
}

// placeNames names the catalogue's areas (by value) and schools (by id)
// in lang. Without a catalogue the codes stay as they are.
func (s *Server) placeNames(ctx context.Context, lang string) map[string]string {
	p, err := s.places(ctx)
	if err != nil || p == nil {
		return nil
	}
	out := make(map[string]string, len(p.Areas)+len(p.Schools))
	for _, a := range p.Areas {
		out[a.Value] = a.Label.In(lang)
	}
	for _, sc := range p.Schools {
		out[sc.ID] = sc.Name
	}
	return out
}
