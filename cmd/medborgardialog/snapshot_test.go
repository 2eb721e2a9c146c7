package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFaultTheSnapshotIsUsedOnlyAfterACleanStop runs the real binary:
// after SIGTERM the next start reads the copies from the snapshot; a
// start after a kill -9 (the marker taken, answers written since) does
// not use an old snapshot put back in place, and reads every response.
// Either way the figures are those of a scan of the database.
func TestFaultTheSnapshotIsUsedOnlyAfterACleanStop(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	const fromSnapshot = "results read from the snapshot"

	first := startBinary(t, faultEnv(freePort(t), dataDir))
	var l ledger
	ctx, cancel := context.WithCancel(context.Background())
	wait := load(ctx, first.URL, 4, &l)
	waitAcked(t, &l, 120)
	cancel()
	wait()
	if err := first.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := first.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit status %d after SIGTERM", code)
	}
	if !strings.Contains(first.stderr.String(), "snapshot of the copies written") {
		t.Fatalf("no snapshot written at a clean stop:\n%s", first.stderr.String())
	}
	snap := filepath.Join(dataDir, "copies.snapshot")
	kept, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(snap); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("snapshot mode %v (%v), want 0600", fi.Mode(), err)
	}

	second := startBinary(t, faultEnv(freePort(t), dataDir))
	if !strings.Contains(second.stderr.String(), fromSnapshot) {
		t.Fatalf("the start after a clean stop did not use the snapshot:\n%s", second.stderr.String())
	}
	ctx, cancel = context.WithCancel(context.Background())
	wait = load(ctx, second.URL, 4, &l)
	waitAcked(t, &l, 200)
	if err := second.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	second.wait(t, 5*time.Second)
	cancel()
	wait()

	// The old snapshot, put back: its marker is gone, and answers were
	// written since.
	if err := os.WriteFile(snap, kept, 0o600); err != nil {
		t.Fatal(err)
	}
	third := startBinary(t, faultEnv(freePort(t), dataDir))
	checkStoredOnce(t, third.URL, l.acked, l.unanswerd)
	log := third.stderr.String()
	if strings.Contains(log, fromSnapshot) || !strings.Contains(log, "snapshot not used") {
		t.Fatalf("the start after kill -9 used the old snapshot:\n%s", log)
	}
	publishVia(t, third.URL, "ungdomsdialog-2023")
	served := servedResults(t, third.URL)
	if err := third.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	third.wait(t, 30*time.Second)
	if scanned := scannedResults(t, dataDir); !reflect.DeepEqual(served, scanned) {
		t.Fatalf("the figures differ from a scan's\nservice: %.600v\nscan:    %.600v", served, scanned)
	}
}
