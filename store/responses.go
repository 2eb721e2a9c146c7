package store

const responsesColl = "responses"
