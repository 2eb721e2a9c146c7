package models

// AuditRetentionRun is the daily retention job's one entry per run that
// deleted anything. Its details count what went, per survey: free-text
// answers removed ("<slug>_text"), responses deleted ("<slug>_responses"),
// and old audit entries deleted ("audit").
const AuditRetentionRun = "retention.run"
