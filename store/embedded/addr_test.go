package embedded_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"medborgardialog/store/embedded"
)

func TestStartAtListensWhereAsked(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
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
