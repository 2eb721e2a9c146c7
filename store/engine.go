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
//
// It also lets the driver keep more connections to the engine than the
// default 100. The engine's relay commits the inserts that wait together
// (group commit, store/embedded/group.go), and each waits on a connection
// of its own: with 100, a commit slowed by the disk (100–150 ms) let
// about 35 inserts into the next group and answers queued for the pool
// until the 2 s wait ran out (503). The connections are Unix sockets to
// this process.
func OnEmbeddedEngine() Option {
	return func(s *openSettings) {
		s.embedded = true
		s.client.SetMaxPoolSize(embeddedPoolSize)
	}
}

// embeddedPoolSize bounds the driver's connections to the embedded
// engine: room for two full groups of inserts (one committing, one
// gathering) at 500 answers a second with commits of 150 ms, and every
// other request besides.
const embeddedPoolSize = 512
