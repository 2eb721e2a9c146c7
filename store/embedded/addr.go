package embedded

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
)

// StartAt is Start on a chosen loopback TCP address ("127.0.0.1:27018"),
// for a client in another process that must find the engine again where
// it was: the fault tests take the database away under a running service
// and bring it back. The engine has no authentication of its own, so this
// listener speaks TLS and admits only clients with a certificate from a CA
// made for this process (credentials.go); the URI names the files that
// hold the CA and the client's certificate and key, in dir, readable by
// this user only and removed by Stop. Any other host is refused.
func StartAt(ctx context.Context, dir, addr string, logger *slog.Logger, opts ...Option) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("embedded: listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("embedded: listen address %q is not a loopback address", addr)
	}
	creds, err := processCredentials()
	if err != nil {
		return nil, err
	}
	tuneGC()
	abs, err := privateDir(dir, logger)
	if err != nil {
		return nil, err
	}
	if err := checkWritable(abs); err != nil {
		return nil, err
	}
	files, err := creds.write(filepath.Join(abs, ".engine-tls"))
	if err != nil {
		return nil, err
	}
	tlsConf, err := creds.serverConfig()
	if err != nil {
		_ = os.RemoveAll(files.dir)
		return nil, err
	}
	// The engine listens on a private socket; the proxy (proxy.go) speaks
	// TLS to the clients.
	sock, sockCleanup, err := socketPath(abs, logger)
	if err != nil {
		_ = os.RemoveAll(files.dir)
		return nil, err
	}
	cleanup := func() { _ = os.RemoveAll(files.dir); sockCleanup() }
	ln, err := tls.Listen("tcp", addr, tlsConf)
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("embedded: listen on %s: %w", addr, err)
	}
	s, err := start(ctx, abs, filepath.Dir(sock), ln, logger, opts)
	if err != nil {
		_ = ln.Close()
		cleanup()
		return nil, err
	}
	tcp := ln.Addr().(*net.TCPAddr)
	q := url.Values{"tls": {"true"}, "tlsCAFile": {files.ca}, "tlsCertificateKeyFile": {files.client}}
	s.uri = "mongodb://" + tcp.String() + "/?" + q.Encode()
	s.addr, s.cleanup = tcp, cleanup
	return s, nil
}
