package models

// Audit actions on sessions, beside AuditSessionRelease. Their details are
// the session's code and place (school id, grade, area) and the survey;
// never anything about the young people who answer in it.
const (
	AuditSessionCreate = "session.create"
	AuditSessionClose  = "session.close"
)
