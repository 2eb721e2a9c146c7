package web

// accountsMessages are the texts of sign-in, passwords and accounts.
var accountsMessages = map[string]map[string]string{
	"login.wait": {
		"sv": "Många inloggningsförsök på en gång härifrån. Vänta en halv minut och försök igen.",
		"en": "Many sign-in attempts at once from here. Wait half a minute and try again.",
	},
	"login.busy": {
		"sv": "Många loggar in just nu. Försök igen om några sekunder.",
		"en": "Many people are signing in right now. Try again in a few seconds.",
	},
	"login.expired": {
		"sv": "Engångslösenordet har gått ut. Be en administratör om ett nytt.",
		"en": "The one-time password has expired. Ask an administrator for a new one.",
	},

	"password.title": {
		"sv": "Byt lösenord",
		"en": "Change password",
	},
	"password.forced": {
		"sv": "Du loggade in med ett engångslösenord. Välj ett eget lösenord för att fortsätta.",
		"en": "You signed in with a one-time password. Choose your own password to continue.",
	},
	"password.current": {
		"sv": "Nuvarande lösenord",
		"en": "Current password",
	},
	"password.new": {
		"sv": "Nytt lösenord",
		"en": "New password",
	},
	"password.repeat": {
		"sv": "Upprepa det nya lösenordet",
		"en": "Repeat the new password",
	},
	"password.hint": {
		"sv": "Minst %d tecken, utan ditt användarnamn. Några ord i följd är lätta att minnas och svåra att gissa.",
		"en": "At least %d characters, without your user name. A few words in a row are easy to remember and hard to guess.",
	},
	"password.effects": {
		"sv": "När du byter lösenord loggas du ut i alla andra webbläsare, och alla dina API-nycklar slutar gälla.",
		"en": "Changing your password signs you out in every other browser, and all your API tokens stop working.",
	},
	"password.tokens": {
		"sv": "De här API-nycklarna slutar gälla när du byter:",
		"en": "These API tokens stop working when you change it:",
	},
	"password.token_unnamed": {
		"sv": "utan namn",
		"en": "unnamed",
	},
	"password.submit": {
		"sv": "Byt lösenord",
		"en": "Change password",
	},
	"password.required": {
		"sv": "Byt först engångslösenordet mot ett eget (POST /api/v1/admin/me/password).",
		"en": "First change the one-time password to your own (POST /api/v1/admin/me/password).",
	},
	"password.no_account": {
		"sv": "Administratörstoken från DIALOG_ADMIN_TOKEN har inget lösenord att byta.",
		"en": "The administrator token from DIALOG_ADMIN_TOKEN has no password to change.",
	},
	"password.wrong": {
		"sv": "Det nuvarande lösenordet stämmer inte.",
		"en": "The current password is wrong.",
	},
	"password.expired": {
		"sv": "Engångslösenordet har gått ut. Be en administratör om ett nytt.",
		"en": "The one-time password has expired. Ask an administrator for a new one.",
	},
	"password.too_short": {
		"sv": "Det nya lösenordet är för kort.",
		"en": "The new password is too short.",
	},
	"password.too_long": {
		"sv": "Det nya lösenordet är för långt.",
		"en": "The new password is too long.",
	},
	"password.contains_name": {
		"sv": "Det nya lösenordet får inte innehålla ditt användarnamn.",
		"en": "The new password must not contain your user name.",
	},
	"password.not_text": {
		"sv": "Det nya lösenordet innehåller tecken som inte går att använda.",
		"en": "The new password holds characters that cannot be used.",
	},
	"password.same": {
		"sv": "Det nya lösenordet måste vara ett annat än det nuvarande.",
		"en": "The new password must differ from the current one.",
	},
	"password.mismatch": {
		"sv": "De två nya lösenorden är inte lika.",
		"en": "The two new passwords differ.",
	},

	"user.reserved": {
		"sv": "Namnet hör till en inbyggd identitet (%s). Välj ett annat.",
		"en": "The name belongs to a built-in identity (%s). Choose another.",
	},
	"user.onetime_rules": {
		"sv": "Det gäller i 7 dagar och måste bytas vid första inloggningen.",
		"en": "It works for 7 days and must be changed at the first sign-in.",
	},
	"user.must_change": {
		"sv": "väntar på eget lösenord",
		"en": "awaiting own password",
	},
	"user.expired": {
		"sv": "engångslösenordet har gått ut",
		"en": "one-time password expired",
	},
}
