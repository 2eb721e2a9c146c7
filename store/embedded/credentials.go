package embedded

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// credentials are what StartAt's TLS listener and its clients prove
// themselves with: a CA made once per process, whose key never leaves
// memory, a server certificate for the loopback names and one client
// certificate. They are the same for every StartAt in a process, so a
// client that connected before an engine was stopped is admitted by the
// engine started in its place; a later process trusts none of them.
type credentials struct {
	ca, serverCert, serverKey, client []byte // PEM; client holds certificate and key
}

var (
	credsOnce sync.Once
	creds     *credentials
	credsErr  error
)

func processCredentials() (*credentials, error) {
	credsOnce.Do(func() { creds, credsErr = newCredentials() })
	if credsErr != nil {
		return nil, fmt.Errorf("embedded: engine credentials: %w", credsErr)
	}
	return creds, nil
}

func newCredentials() (*credentials, error) {
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: "medborgardialog embedded engine CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, caCert, err := sign(caTmpl, caKey, nil, caKey)
	if err != nil {
		return nil, err
	}
	leaf := func(name string, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte, err error) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		tmpl := &x509.Certificate{
			Subject:     pkix.Name{CommonName: name},
			NotBefore:   now.Add(-time.Hour),
			NotAfter:    now.AddDate(1, 0, 0),
			KeyUsage:    x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{usage},
		}
		if usage == x509.ExtKeyUsageServerAuth {
			tmpl.DNSNames = []string{"localhost"}
			tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
		}
		der, _, err := sign(tmpl, key, caCert, caKey)
		if err != nil {
			return nil, nil, err
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, nil, err
		}
		return pemBlock("CERTIFICATE", der), pemBlock("PRIVATE KEY", keyDER), nil
	}
	c := &credentials{ca: pemBlock("CERTIFICATE", caDER)}
	if c.serverCert, c.serverKey, err = leaf("localhost", x509.ExtKeyUsageServerAuth); err != nil {
		return nil, err
	}
	clientCert, clientKey, err := leaf("medborgardialog", x509.ExtKeyUsageClientAuth)
	if err != nil {
		return nil, err
	}
	c.client = append(clientCert, clientKey...)
	return c, nil
}

// sign makes a certificate from tmpl for key, signed by parent (nil: self).
func sign(tmpl *x509.Certificate, key *ecdsa.PrivateKey, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) ([]byte, *x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	tmpl.SerialNumber = serial
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return der, cert, err
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// credentialFiles are the paths the engine and the driver read the
// credentials from.
type credentialFiles struct {
	dir, ca, serverCert, serverKey, client string
}

// write puts the credentials in dir, a 0700 directory of files only this
// user can read, replacing what an earlier run left there.
func (c *credentials) write(dir string) (credentialFiles, error) {
	f := credentialFiles{
		dir:        dir,
		ca:         filepath.Join(dir, "ca.pem"),
		serverCert: filepath.Join(dir, "server.pem"),
		serverKey:  filepath.Join(dir, "server-key.pem"),
		client:     filepath.Join(dir, "client.pem"),
	}
	if err := os.RemoveAll(dir); err != nil {
		return f, fmt.Errorf("embedded: engine credentials: %w", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return f, fmt.Errorf("embedded: engine credentials: %w", err)
	}
	for path, b := range map[string][]byte{f.ca: c.ca, f.serverCert: c.serverCert, f.serverKey: c.serverKey, f.client: c.client} {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			_ = os.RemoveAll(dir)
			return f, fmt.Errorf("embedded: engine credentials: %w", err)
		}
	}
	return f, nil
}

// serverConfig is the TLS configuration of StartAt's listener: the server
// certificate, and client certificates required and checked against the
// process's CA, as the engine's own TLS listener did.
func (c *credentials) serverConfig() (*tls.Config, error) {
	cert, err := tls.X509KeyPair(c.serverCert, c.serverKey)
	if err != nil {
		return nil, fmt.Errorf("embedded: engine credentials: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(c.ca) {
		return nil, fmt.Errorf("embedded: engine credentials: CA certificate unreadable")
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool,
		MinVersion:   tls.VersionTLS12,
	}, nil
}
