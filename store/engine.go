package store

import "go.mongodb.org/mongo-driver/v2/mongo/options"

// Option changes how Open connects to and uses the database.
type Option func(*openSettings)

// openSettings are what Options change.
type openSettings struct {
	client   *options.ClientOptions
	embedded bool
}

// OnEmbeddedEngine tells Open that the database is the embedded engine
// (store/embedded: FerretDB v1.24 with its SQLite handler) and not
// MongoDB. The embedded engine reads no index: it hands SQLite only a
// filter that is exactly {_id: value}, and every other query reads the
// whole collection. An index there only enforces uniqueness, so only
// unique indexes are made, and the others, left by earlier versions, are
// dropped (indexes.go). MongoDB gets every index.
//
// The caller says which it started rather than the store guessing from
// the URI: the engine is reached through a Unix socket, and so can a
// MongoDB be.
func OnEmbeddedEngine() Option { return func(s *openSettings) { s.embedded = true } }
