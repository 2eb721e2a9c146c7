package main

// The embedded engine has no authentication, so it must answer only the
// service's own user: a Unix socket, mode 0600, in a 0700 data dir, and no
// TCP port beyond the service's own HTTP one.

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"medborgardialog/store/storetest"
)

// openDataDir makes a data dir the way an operator might have: readable
// by everyone.
func openDataDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	return dir
}

// checkPrivateSocket checks the socket in dataDir is 0600 and dataDir 0700.
func checkPrivateSocket(t *testing.T, dataDir string) {
	t.Helper()
	sock := filepath.Join(dataDir, "ferretdb.sock")
	fi, err := os.Lstat(sock)
	if err != nil {
		t.Fatalf("no engine socket in the data dir: %v", err)
	}
	if fi.Mode().Type() != fs.ModeSocket || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want a socket with 0600", sock, fi.Mode())
	}
	di, err := os.Stat(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Fatalf("data dir has mode %v, want 0700", di.Mode())
	}
}

// listeningTCPPorts lists the TCP ports process pid listens on, from
// /proc: the sockets among its open files that the kernel's tables show
// in the LISTEN state. The test is skipped where /proc has no such
// tables.
func listeningTCPPorts(t *testing.T, pid int) []int {
	t.Helper()
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Skipf("no /proc to list listening sockets: %v", err)
	}
	mine := map[string]bool{}
	for _, fd := range fds {
		target, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if inode, ok := strings.CutPrefix(target, "socket:["); err == nil && ok {
			mine[strings.TrimSuffix(inode, "]")] = true
		}
	}
	var ports []int
	for _, table := range []string{"tcp", "tcp6"} {
		f, err := os.Open(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if err != nil {
			t.Skipf("no /proc table of TCP sockets: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // header
		for sc.Scan() {
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "0A" || !mine[fields[9]] { // 0A: LISTEN
				continue
			}
			_, hexPort, _ := strings.Cut(fields[1], ":")
			port, err := strconv.ParseInt(hexPort, 16, 32)
			if err != nil {
				t.Fatalf("%s: %q: %v", table, fields[1], err)
			}
			ports = append(ports, int(port))
		}
		f.Close()
	}
	slices.Sort(ports)
	return slices.Compact(ports)
}

func portOf(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAppEngineListensOnPrivateSocketOnly starts the real wiring with the
// embedded default. The engine used to listen on a loopback TCP port,
// where any local user could read and write every collection.
func TestAppEngineListensOnPrivateSocketOnly(t *testing.T) {
	dataDir := openDataDir(t)
	cfg, err := LoadConfig(envOf(map[string]string{
		"DIALOG_ADDR":        "127.0.0.1:0",
		"DIALOG_DATA_DIR":    dataDir,
		"DIALOG_DB":          storetest.DBName(),
		"DIALOG_ADMIN_TOKEN": testAdminToken,
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	before := listeningTCPPorts(t, os.Getpid())
	logs := &logBuffer{}
	app, err := Start(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	go app.Serve()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = app.Shutdown(ctx)
	}()
	waitReady(t, "http://"+app.Addr())

	if addr := app.engine.Addr(); addr.Network() != "unix" || addr.String() != filepath.Join(dataDir, "ferretdb.sock") {
		t.Fatalf("engine listens on %s %s, want only the Unix socket in the data dir", addr.Network(), addr)
	}
	checkPrivateSocket(t, dataDir)
	if !strings.Contains(logs.String(), "tightened") {
		t.Fatalf("no log line says the data dir was tightened:\n%s", logs.String())
	}
	var opened []int
	for _, p := range listeningTCPPorts(t, os.Getpid()) {
		if !slices.Contains(before, p) {
			opened = append(opened, p)
		}
	}
	if want := []int{portOf(t, app.Addr())}; !slices.Equal(opened, want) {
		t.Fatalf("starting the service opened TCP ports %v, want only its HTTP port %v", opened, want)
	}
}

// TestBinaryEngineListensOnPrivateSocketOnly runs the built binary with
// the embedded default and looks at what the process listens on.
func TestBinaryEngineListensOnPrivateSocketOnly(t *testing.T) {
	dataDir, addr := openDataDir(t), freePort(t)
	began := time.Now()
	p := startBinary(t, map[string]string{"DIALOG_ADDR": addr, "DIALOG_DATA_DIR": dataDir})
	t.Logf("ready %v after exec", time.Since(began).Round(time.Millisecond))

	checkPrivateSocket(t, dataDir)
	if !strings.Contains(p.stderr.String(), "tightened") {
		t.Fatalf("no log line says the data dir was tightened:\n%s", p.stderr.String())
	}
	if got, want := listeningTCPPorts(t, p.cmd.Process.Pid), []int{portOf(t, addr)}; !slices.Equal(got, want) {
		t.Fatalf("the service listens on TCP ports %v, want only its HTTP port %v", got, want)
	}
}
