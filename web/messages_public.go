package web

// publicMessages are the texts of the public paths: joining, answering.
var publicMessages = map[string]map[string]string{}
