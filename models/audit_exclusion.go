package models

// Audit actions for excluding a session's responses from the figures and
// taking them back in (DESIGN §8). Their details are the session's code
// and, for an exclusion, the reason; the survey is the entry's survey. The
// school is left out: the reason already says why, and the log need not
// tie a class to it.
const (
	AuditSessionExclude = "session.exclude"
	AuditSessionInclude = "session.include"
)
