package web

// accountsMessages are the texts of sign-in, passwords and accounts.
var accountsMessages = map[string]map[string]string{}
