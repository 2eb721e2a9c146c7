package handlers

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"medborgardialog/models"
	"medborgardialog/web"
)

// placePath is a problem's place in a catalogue as the checker names it:
// schools[7].area, areas[2].label.sv, schools[3].grades[1].
var placePath = regexp.MustCompile(`^(areas|schools)\[(\d+)\](?:\.(.+))?$`)

// placeProblemLabel names where a catalogue problem is in words staff read,
// counted from 1 and with the item's name: "Skola 8, Göranssonska
// skolan, område" for schools[7].area. The API keeps the path (the field
// a program reads); the page shows this. A path it does not know is
// returned as it is.
func placeProblemLabel(lang string, p *models.Places, path string) string {
	m := placePath.FindStringSubmatch(path)
	if m == nil {
		switch path {
		case "areas":
			return web.T(lang, "places.areas")
		case "schools":
			return web.T(lang, "places.schools")
		}
		return path
	}
	i, err := strconv.Atoi(m[2])
	if err != nil {
		return path
	}
	var parts []string
	switch m[1] {
	case "areas":
		parts = append(parts, fmt.Sprintf(web.T(lang, "places.field.area"), i+1))
		if p != nil && i < len(p.Areas) {
			if name := strings.TrimSpace(p.Areas[i].Label.In(lang)); name != "" {
				parts = append(parts, name)
			}
		}
	default:
		parts = append(parts, fmt.Sprintf(web.T(lang, "places.field.school"), i+1))
		if p != nil && i < len(p.Schools) {
			if name := strings.TrimSpace(p.Schools[i].Name); name != "" {
				parts = append(parts, name)
			}
		}
	}
	if field := placeField(lang, m[1], m[3]); field != "" {
		parts = append(parts, field)
	}
	return strings.Join(parts, ", ")
}

// gradePath is one of a school's grades: grades[1].
var gradePath = regexp.MustCompile(`^grades\[(\d+)\]$`)

// placeField names the field of an area or a school; "" for the item
// itself.
func placeField(lang, kind, field string) string {
	switch {
	case field == "":
		return ""
	case field == "value":
		return web.T(lang, "places.field.value")
	case field == "name":
		return web.T(lang, "places.field.name")
	case field == "id":
		return web.T(lang, "places.field.id")
	case field == "part":
		return strings.ToLower(web.T(lang, "places.part"))
	case field == "grades":
		return strings.ToLower(web.T(lang, "places.grades"))
	case field == "area" && kind == "schools":
		return web.T(lang, "places.field.area_of_school")
	case strings.HasPrefix(field, "label."):
		return fmt.Sprintf(web.T(lang, "places.field.label"), strings.TrimPrefix(field, "label."))
	}
	if m := gradePath.FindStringSubmatch(field); m != nil {
		if j, err := strconv.Atoi(m[1]); err == nil {
			return fmt.Sprintf(web.T(lang, "places.field.grade"), j+1)
		}
	}
	return field
}
