package embedded

import (
	"context"
	"fmt"
	"log/slog"
	"net"
)

// StartAt is Start on a chosen loopback address ("127.0.0.1:27018"), so the
// engine can be stopped and started again where its clients expect it: the
// fault tests take the database away under a running service and bring it
// back. The engine has no authentication, so any other host is refused.
func StartAt(ctx context.Context, dir, addr string, logger *slog.Logger) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("embedded: listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("embedded: listen address %q is not a loopback address", addr)
	}
	return start(ctx, dir, addr, logger)
}
