package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestParseBackupKey(t *testing.T) {
	for _, c := range []struct {
		in   string
		size int // 0: refused
	}{
		{strings.Repeat("ab", 32), 32},
		{strings.Repeat("AB", 40) + "\n", 40},
		{"q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=", 32}, // openssl rand -base64 32
		{"q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80", 32},
		{"q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8_", 32},
		{strings.Repeat("ab", 31), 0}, // 31 bytes
		{"q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEj", 0},
		{"not a key at all, not even close!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", 0},
	} {
		key, err := parseBackupKey(c.in)
		if len(key) != c.size || (err == nil) != (c.size > 0) {
			t.Errorf("%q: %d bytes, %v; want %d", c.in, len(key), err, c.size)
		}
	}
	if _, err := LoadConfig(envOf(map[string]string{"DIALOG_BACKUP_KEY": "short"}), nil); err == nil || !strings.HasPrefix(err.Error(), "DIALOG_BACKUP_KEY: ") {
		t.Errorf("a short DIALOG_BACKUP_KEY: %v", err)
	}
}

// TestBackupKeyMadeOnce: backups started together in a new data directory
// all get the one key that ends up in the file, and the file is 0600.
func TestBackupKeyMadeOnce(t *testing.T) {
	cfg := Config{DataDir: filepath.Join(t.TempDir(), "data")}
	const n = 8
	keys := make([][]byte, n)
	made := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if keys[i], _, made[i], err = backupKey(cfg, true); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	file := filepath.Join(cfg.DataDir, backupKeyFile)
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v %v", info, err)
	}
	again, _, madeAgain, err := backupKey(cfg, false)
	if err != nil || madeAgain || len(again) != 32 {
		t.Fatalf("reading the key: %d bytes, made %v, %v", len(again), madeAgain, err)
	}
	creators := 0
	for i := range n {
		if !bytes.Equal(keys[i], again) {
			t.Errorf("backup %d got another key than the file's", i)
		}
		if made[i] {
			creators++
		}
	}
	if creators != 1 {
		t.Errorf("%d backups say they made the key", creators)
	}
	entries, _ := os.ReadDir(cfg.DataDir)
	if len(entries) != 1 {
		t.Errorf("left in the data directory: %v", entries)
	}

	// A key file others can read is refused, saying how to fix it.
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := backupKey(cfg, true); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key file readable by others: %v", err)
	}
	// DIALOG_BACKUP_KEY comes before the file.
	cfg.BackupKey = bytes.Repeat([]byte{7}, 32)
	if key, from, _, err := backupKey(cfg, true); err != nil || !bytes.Equal(key, cfg.BackupKey) || from != "DIALOG_BACKUP_KEY" {
		t.Errorf("with DIALOG_BACKUP_KEY: %v %q %v", key, from, err)
	}
}
