package embedded_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/store/embedded"
)

func TestStartAtListensWhereAsked(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	srv, err := embedded.StartAt(ctx, t.TempDir(), addr, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop(ctx)
	if !strings.Contains(srv.URI(), addr) {
		t.Fatalf("URI %q does not name %s", srv.URI(), addr)
	}
	if _, err := embedded.StartAt(ctx, t.TempDir(), addr, quiet()); err == nil {
		t.Fatal("a second engine started on a busy address")
	}
}

func TestStartAtRefusesOtherHosts(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:27017", "10.0.0.1:27017", ":27017", "db.example.se:27017", "127.0.0.1"} {
		if _, err := embedded.StartAt(context.Background(), t.TempDir(), addr, quiet()); err == nil {
			t.Errorf("%s accepted", addr)
		}
	}
}

func TestStartAtAdmitsOnlyThisProcesssClients(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := embedded.StartAt(ctx, dir, addr, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Stop(ctx) }()
	if srv.Addr().Network() != "tcp" || srv.Addr().String() != addr {
		t.Fatalf("Addr %s %s, want tcp %s", srv.Addr().Network(), srv.Addr(), addr)
	}
	roundTrip(t, srv.URI())

	// The credentials are files only this user can read.
	u, err := url.Parse(srv.URI())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	ca, client := q.Get("tlsCAFile"), q.Get("tlsCertificateKeyFile")
	if q.Get("tls") != "true" || ca == "" || client == "" {
		t.Fatalf("URI %q does not carry TLS and a client certificate", srv.URI())
	}
	for _, f := range []string{ca, client} {
		if m := mode(t, f); m.Perm() != 0o600 {
			t.Fatalf("%s has mode %v, want 0600", f, m)
		}
		if m := mode(t, filepath.Dir(f)); m.Perm() != 0o700 {
			t.Fatalf("%s has mode %v, want 0700", filepath.Dir(f), m)
		}
	}

	refused := map[string]string{
		"no TLS, no certificate": "mongodb://" + addr + "/",
		"TLS, no certificate":    "mongodb://" + addr + "/?tls=true&tlsCAFile=" + url.QueryEscape(ca),
		"TLS, server unchecked":  "mongodb://" + addr + "/?tls=true&tlsInsecure=true",
	}
	for name, uri := range refused {
		client, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if err := client.Ping(ctx, nil); err == nil {
			t.Errorf("%s: the engine answered", name)
		}
		_ = client.Disconnect(ctx)
	}

	// A client that read the credentials before the engine stopped is
	// admitted by the one started in its place, as the service under the
	// fault tests is. The driver reads the files in ApplyURI.
	opts := options.Client().ApplyURI(srv.URI()).SetServerSelectionTimeout(5 * time.Second)
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(client); !os.IsNotExist(err) {
		t.Fatalf("client key left after Stop: %v", err)
	}
	if srv, err = embedded.StartAt(ctx, dir, addr, quiet()); err != nil {
		t.Fatal(err)
	}
	again, err := mongo.Connect(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Disconnect(ctx)
	if err := again.Ping(ctx, nil); err != nil {
		t.Fatalf("a client of the stopped engine is refused by its replacement: %v", err)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
