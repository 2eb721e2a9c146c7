package embedded

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// socketName is the engine's Unix socket inside the data dir. The driver
// takes a host ending in ".sock" for a socket path.
const socketName = "ferretdb.sock"

// engineSocketName is where the engine itself listens, beside the socket
// its clients use, for the proxy only. It is no longer than socketName, so
// a directory that fits the one fits the other.
const engineSocketName = "engine.sock"

// maxSocketPath is the longest socket path used: sun_path holds 104 bytes
// on macOS and the BSDs and 108 on Linux, the terminating NUL included.
const maxSocketPath = 103

// privateDir creates dir (and missing parents) with mode 0700, or tightens
// an existing dir that others may enter: the engine has no authentication,
// so the directory is what keeps other users away from its socket and its
// SQLite files. It returns the absolute path.
func privateDir(dir string, logger *slog.Logger) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("embedded: resolve data dir %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("embedded: create data dir %q: %w", abs, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("embedded: data dir %q: %w", abs, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		if err := os.Chmod(abs, 0o700); err != nil {
			return "", fmt.Errorf("embedded: data dir %q is mode %#o and cannot be made 0700: %w", abs, perm, errors.Unwrap(err))
		}
		logger.Warn("data dir was open to other users; tightened it to 0700",
			"dir", abs, "was", fmt.Sprintf("%#o", perm))
	}
	return abs, nil
}

// socketPath picks where the socket goes: in the data dir, or where that
// path is too long for a socket or has a character the driver cannot take
// in a host (":" is read as a port), in a fresh 0700 directory under the
// temporary directory. cleanup removes that directory after the engine has
// stopped; it is a no-op for the data dir.
func socketPath(dataDir string, logger *slog.Logger) (path string, cleanup func(), err error) {
	path = filepath.Join(dataDir, socketName)
	if usableSocketPath(path) {
		return path, func() {}, nil
	}
	for _, tmp := range []string{os.TempDir(), "/tmp"} {
		if !usableSocketPath(filepath.Join(tmp, "medborgardialog-db-0123456789", socketName)) {
			continue
		}
		dir, err := os.MkdirTemp(tmp, "medborgardialog-db-*") // mode 0700
		if err != nil {
			return "", nil, fmt.Errorf("embedded: directory for the engine's socket: %w", err)
		}
		path = filepath.Join(dir, socketName)
		logger.Info("data dir path unusable for a Unix socket; the engine's socket is in a private temporary directory",
			"data_dir", dataDir, "socket", path)
		return path, func() { _ = os.RemoveAll(dir) }, nil
	}
	return "", nil, fmt.Errorf("embedded: no usable path for the engine's socket: %q and the temporary directory are longer than %d bytes or contain \":\"", path, maxSocketPath)
}

func usableSocketPath(p string) bool {
	return len(p) <= maxSocketPath && !strings.Contains(p, ":")
}

// clearStaleSocket removes a socket left by an engine that crashed. One
// that still answers belongs to an engine running on the same data dir,
// which is refused rather than cut off; anything else at the path is left
// alone.
func clearStaleSocket(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("embedded: socket path: %w", err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("embedded: %q exists and is not a socket; remove it", path)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("embedded: another engine is running on this data dir (%q answers); stop it first", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("embedded: remove stale socket: %w", err)
	}
	return nil
}

// socketURI is the mongodb:// URI of a socket: the driver wants the path,
// percent-encoded, as the host. Everything but unreserved characters is
// escaped, so "/", "@", "," and "+" in the path cannot be read as URI
// syntax (the driver unescapes hosts as query text, where "+" is a space).
func socketURI(path string) string {
	var b strings.Builder
	b.WriteString("mongodb://")
	for i := 0; i < len(path); i++ {
		c := path[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	b.WriteString("/")
	return b.String()
}
