package embedded_test

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/store/embedded"
)

// startEngine starts the engine on dir and stops it when t ends.
func startEngine(t *testing.T, dir string, logger *slog.Logger) *embedded.Server {
	t.Helper()
	srv, err := embedded.Start(context.Background(), dir, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Stop(ctx)
	})
	return srv
}

// roundTrip writes a document through the driver and reads it back.
func roundTrip(t *testing.T, uri string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(3 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	c := client.Database("db").Collection("c")
	if _, err := c.InsertOne(ctx, bson.M{"_id": "x", "n": 3}); err != nil {
		t.Fatalf("insert through %s: %v", uri, err)
	}
	var got struct {
		N int `bson:"n"`
	}
	if err := c.FindOne(ctx, bson.M{"_id": "x"}).Decode(&got); err != nil || got.N != 3 {
		t.Fatalf("read back through %s: n=%d %v", uri, got.N, err)
	}
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

// checkPrivateSocket checks that srv listens on a Unix socket only, that
// the socket is 0600 and its directory 0700.
func checkPrivateSocket(t *testing.T, srv *embedded.Server) string {
	t.Helper()
	addr, ok := srv.Addr().(*net.UnixAddr)
	if !ok {
		t.Fatalf("engine listens on %s %s, want a Unix socket", srv.Addr().Network(), srv.Addr())
	}
	if hosts := options.Client().ApplyURI(srv.URI()).Hosts; len(hosts) != 1 || hosts[0] != addr.Name {
		t.Fatalf("URI %q names hosts %q, want only the socket %s", srv.URI(), hosts, addr.Name)
	}
	if m := mode(t, addr.Name); m.Type() != fs.ModeSocket || m.Perm() != 0o600 {
		t.Fatalf("socket %s has mode %v, want a socket with 0600", addr.Name, m)
	}
	if m := mode(t, filepath.Dir(addr.Name)); m.Perm() != 0o700 {
		t.Fatalf("socket directory has mode %v, want 0700", m)
	}
	return addr.Name
}

func TestListensOnPrivateSocketInDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // does not exist yet
	var logs bytes.Buffer
	srv := startEngine(t, dir, slog.New(slog.NewTextHandler(&logs, nil)))
	sock := checkPrivateSocket(t, srv)
	if sock != filepath.Join(dir, "ferretdb.sock") {
		t.Fatalf("socket at %s, want it in the data dir %s", sock, dir)
	}
	if strings.Contains(logs.String(), "tightened") {
		t.Fatalf("a new data dir was reported as tightened:\n%s", logs.String())
	}
	roundTrip(t, srv.URI())

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(sock); !os.IsNotExist(err) {
		t.Fatalf("socket still there after Stop: %v", err)
	}
}

func TestOpenDataDirIsTightened(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv := startEngine(t, dir, slog.New(slog.NewTextHandler(&logs, nil)))
	checkPrivateSocket(t, srv)
	if m := mode(t, dir); m.Perm() != 0o700 {
		t.Fatalf("data dir mode %v, want 0700", m)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "tightened") || !strings.Contains(logs.String(), "was=0755") {
		t.Fatalf("no warning that the data dir was tightened:\n%s", logs.String())
	}
	roundTrip(t, srv.URI())
}

func TestLongDataDirPath(t *testing.T) {
	dir := t.TempDir()
	for len(dir) < 130 {
		dir = filepath.Join(dir, "a-rather-long-folder-name")
	}
	srv := startEngine(t, dir, quiet())
	sock := checkPrivateSocket(t, srv)
	if strings.HasPrefix(sock, dir) || len(sock) > 103 {
		t.Fatalf("socket at %s (%d bytes); want it outside the long data dir", sock, len(sock))
	}
	roundTrip(t, srv.URI())
	if _, err := os.Stat(filepath.Join(dir, "ferretdb.sock")); !os.IsNotExist(err) {
		t.Fatalf("a socket in the long data dir: %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "*.sqlite")); len(entries) == 0 {
		t.Fatal("no database files in the data dir")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(sock)); !os.IsNotExist(err) {
		t.Fatalf("the socket's temporary directory is left after Stop: %v", err)
	}
}

func TestDataDirPathsTheURIMustEscape(t *testing.T) {
	for _, name := range []string{"with space+plus@at,comma", "colon:in-it"} {
		t.Run(name, func(t *testing.T) {
			srv := startEngine(t, filepath.Join(t.TempDir(), name), quiet())
			checkPrivateSocket(t, srv)
			roundTrip(t, srv.URI())
		})
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "ferretdb.sock")
	// What a crashed engine leaves: a socket file nobody listens on.
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: sock, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	if m := mode(t, sock); m.Type() != fs.ModeSocket {
		t.Fatalf("test setup: %s is %v, not a socket", sock, m)
	}
	srv := startEngine(t, dir, quiet())
	checkPrivateSocket(t, srv)
	roundTrip(t, srv.URI())
}

func TestRunningEngineIsNotCutOff(t *testing.T) {
	dir := t.TempDir()
	srv := startEngine(t, dir, quiet())
	if second, err := embedded.Start(context.Background(), dir, quiet()); err == nil {
		_ = second.Stop(context.Background())
		t.Fatal("a second engine started on a data dir whose engine is running")
	}
	roundTrip(t, srv.URI())
}

func TestOtherFileAtSocketPathIsKept(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ferretdb.sock")
	if err := os.WriteFile(file, []byte("not mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if srv, err := embedded.Start(context.Background(), dir, quiet()); err == nil {
		_ = srv.Stop(context.Background())
		t.Fatal("started over a regular file at the socket path")
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "not mine" {
		t.Fatalf("the file at the socket path was changed: %q %v", b, err)
	}
}
