package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
)

// WithCommands makes the client report every command it sends to fn,
// just before it is sent. Tests and the route benchmark use it to see
// which queries a request makes: on the embedded engine only a filter of
// exactly {_id: <string or ObjectID>} is looked up by key, and any other
// reads every document of the collection (docs/database-operations.md).
// fn runs on the sending goroutine, concurrently with itself.
func WithCommands(fn func(Command)) Option {
	return func(o *openSettings) {
		o.client.SetMonitor(&event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
			fn(commandOf(e.CommandName, e.DatabaseName, e.Command))
		}})
	}
}

// Command is one command sent to the database, as WithCommands reports it.
type Command struct {
	Name       string // find, insert, update, delete, aggregate, count, getMore, ping, …
	Database   string
	Collection string // "" for a command on no collection (ping, hello, …)
	// Filters are what the command selects documents by, in relaxed
	// extended JSON: find's filter, count's and distinct's query,
	// findAndModify's query, each statement's q of an update or a delete,
	// and an aggregate's whole pipeline.
	Filters []string
	// ByKey says the command selects documents by key or selects none:
	// every filter is exactly {_id: <string or ObjectID>}. An insert, a
	// ping or an index build selects none; a getMore continues a find
	// reported before it. An aggregate or an empty filter never is.
	ByKey bool
}

// commandOf reads what a command selects by.
func commandOf(name, db string, cmd bson.Raw) Command {
	c := Command{Name: name, Database: db, ByKey: true}
	if v, ok := cmd.Lookup(name).StringValueOK(); ok {
		c.Collection = v
	}
	var filters []bson.RawValue
	switch name {
	case "find":
		filters = []bson.RawValue{cmd.Lookup("filter")}
	case "count", "distinct", "findAndModify":
		filters = []bson.RawValue{cmd.Lookup("query")}
	case "update", "delete":
		stmts, _ := cmd.Lookup(name + "s").ArrayOK()
		vals, _ := stmts.Values()
		for _, v := range vals {
			if d, ok := v.DocumentOK(); ok {
				filters = append(filters, d.Lookup("q"))
			}
		}
	case "aggregate":
		c.ByKey = false
		c.Filters = []string{cmd.Lookup("pipeline").String()}
		return c
	case "getMore":
		if v, ok := cmd.Lookup("collection").StringValueOK(); ok {
			c.Collection = v
		}
	}
	for _, f := range filters {
		c.Filters = append(c.Filters, f.String())
		if !keyFilter(f) {
			c.ByKey = false
		}
	}
	return c
}

// keyFilter is whether f is exactly {_id: <string or ObjectID>}, the one
// filter FerretDB's SQLite backend pushes down (Query in
// internal/backends/sqlite/collection.go); a missing filter selects
// every document.
func keyFilter(f bson.RawValue) bool {
	d, ok := f.DocumentOK()
	if !ok {
		return false
	}
	elems, err := d.Elements()
	if err != nil || len(elems) != 1 || elems[0].Key() != "_id" {
		return false
	}
	switch elems[0].Value().Type {
	case bson.TypeString, bson.TypeObjectID:
		return true
	}
	return false
}
