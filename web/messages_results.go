package web

// resultsMessages are what staff see while a survey's responses are read
// into memory (package results).
var resultsMessages = map[string]map[string]string{
	"results.loading": {
		"sv": "Svaren läses in: %s av %s. Försök igen om en liten stund.",
		"en": "Reading the responses: %s of %s. Please try again in a moment.",
	},
	"results.loading_title": {
		"sv": "Svaren läses in",
		"en": "Reading the responses",
	},
	"results.loading_page": {
		"sv": "Svaren till enkäten läses in i minnet: %s av %s. Sidan laddas om av sig själv tills siffrorna är klara.",
		"en": "The survey's responses are being read into memory: %s of %s. The page reloads by itself until the figures are ready.",
	},
}
