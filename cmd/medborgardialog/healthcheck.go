package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthcheck asks the service on this machine whether it is alive. The
// runtime image has no shell or curl, so the container's health check runs
// the binary itself.
func healthcheck(getenv func(string) string, stderr io.Writer) int {
	cfg, err := LoadConfig(getenv, nil)
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: configuration: %v\n", err)
		return 2
	}
	_, port, _ := net.SplitHostPort(cfg.Addr) // LoadConfig checked it
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort("127.0.0.1", port) + "/healthz")
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "healthcheck: status %d\n", resp.StatusCode)
		return 1
	}
	return 0
}
