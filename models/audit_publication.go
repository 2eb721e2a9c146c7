package models

// AuditPublish is the audit action of a publication of a survey's figures.
const AuditPublish = "publication.create"
