package embedded

// storagePragmas shape the engine's SQLite files: how densely answers are
// packed and what becomes of space once it is no longer used
// (docs/BENCHMARKS.md, "Disk per answer"). They are run on every
// connection the engine opens, before the engine's own journal_mode=wal.
var storagePragmas = []string{
	// The engine's own busy timeout, which it adds only when none is
	// given, but first: setting auto_vacuum below takes the write lock
	// for a moment, and without a busy handler yet a connection opened
	// while another writes failed at once with SQLITE_BUSY.
	"busy_timeout(10000)",
	// A stored response of the built-in survey is 1.7–3.0 KB of JSON
	// (FerretDB keeps a type schema beside the values), more than half a
	// 4 KB page: with the default page size every response had a page to
	// itself and 1.5 KB of it stayed empty, 4.3 KB a response in all. In
	// 8 KB pages three fit: 2.9 KB a response. Larger pages gain another
	// 1-2 % and cost more bytes written per commit. SQLite fixes the page
	// size when a file is created, and a VACUUM cannot change it in WAL
	// mode: files made before keep 4 KB pages until a backup is restored
	// into a new data directory.
	"page_size(8192)",
	// Lets PRAGMA incremental_vacuum (FerretDB's compact command) return
	// freed pages to the file system in proportion to what was deleted,
	// instead of rewriting the whole file as VACUUM does. It takes effect
	// on a new file, or on an older one at its next VACUUM.
	"auto_vacuum(incremental)",
	// The WAL file keeps its largest size until something truncates it:
	// checkpoints that had to wait for readers left it at 16 MB in a
	// fill of 30,000 answers, and a VACUUM writes the whole database
	// into it. SQLite cuts it back to this size whenever it starts over
	// after a checkpoint; the usual cycle (1,000 pages) stays below it.
	"journal_size_limit(16777216)",
}
