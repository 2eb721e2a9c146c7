package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Load goes to this machine only: the workplace forbids load on any other
// host, so every target must be a loopback address.

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkServiceURL accepts http://127.x.x.x[:port], http://[::1][:port] or
// http://localhost[:port], without a path.
func checkServiceURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return "", fmt.Errorf("-url %q: want http://127.0.0.1:PORT", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("-url %q: only loopback addresses may be loaded (127.0.0.0/8, ::1, localhost)", raw)
	}
	if p := strings.TrimSuffix(u.Path, "/"); p != "" || u.RawQuery != "" {
		return "", fmt.Errorf("-url %q: give the service's base address without a path", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// checkMongoURI accepts mongodb:// URIs whose every host is a loopback
// address. mongodb+srv:// is refused: its hosts come from DNS.
func checkMongoURI(raw string) error {
	rest, ok := strings.CutPrefix(raw, "mongodb://")
	if !ok {
		return fmt.Errorf("-mongodb-uri: must start with mongodb:// and name loopback hosts only")
	}
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	for _, hp := range strings.Split(rest, ",") {
		host := hp
		if h, _, err := net.SplitHostPort(hp); err == nil {
			host = h
		}
		host = strings.Trim(host, "[]")
		if !isLoopbackHost(host) {
			return fmt.Errorf("-mongodb-uri: host %q is not a loopback address; load goes to this machine only", host)
		}
	}
	return nil
}
