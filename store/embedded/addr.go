package embedded

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// StartAt is Start on a chosen loopback TCP address ("127.0.0.1:27018"),
// for a client in another process that must find the engine again where
// it was: the fault tests take the database away under a running service
// and bring it back. The engine has no authentication of its own, so this
// listener speaks TLS and admits only clients with a certificate from a CA
// made for this process (credentials.go); the URI names the files that
// hold the CA and the client's certificate and key, in dir, readable by
// this user only and removed by Stop. Any other host is refused.
func StartAt(ctx context.Context, dir, addr string, logger *slog.Logger) (*Server, error) {
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
	cleanup := func() { _ = os.RemoveAll(files.dir) }
	var hostPort string
	lc := ferretdb.ListenerConfig{TLS: addr, TLSCertFile: files.serverCert, TLSKeyFile: files.serverKey, TLSCAFile: files.ca}
	s, err := start(ctx, abs, lc, logger, func(f *ferretdb.FerretDB) error {
		u, err := url.Parse(f.MongoDBURI()) // the TLS listener's address, its port chosen
		if err != nil {
			return fmt.Errorf("embedded: engine address: %w", err)
		}
		hostPort = u.Host
		return nil
	})
	if err != nil {
		cleanup()
		return nil, err
	}
	tcp, err := net.ResolveTCPAddr("tcp", hostPort)
	if err != nil {
		_ = s.Stop(context.WithoutCancel(ctx))
		cleanup()
		return nil, fmt.Errorf("embedded: engine address: %w", err)
	}
	q := url.Values{"tls": {"true"}, "tlsCAFile": {files.ca}, "tlsCertificateKeyFile": {files.client}}
	s.uri = "mongodb://" + hostPort + "/?" + q.Encode()
	s.addr, s.cleanup = tcp, cleanup
	return s, nil
}
