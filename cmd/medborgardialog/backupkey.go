package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"medborgardialog/store"
)

// backupKeyFile is the key archives are authenticated with when
// DIALOG_BACKUP_KEY is not set: in the data directory, beside the database
// but never in it nor in an archive, so that whoever can edit an archive
// cannot make a restore accept it. The file holds the key in hex, the way
// DIALOG_BACKUP_KEY takes it.
const backupKeyFile = "backup.key"

// parseBackupKey reads DIALOG_BACKUP_KEY: at least store.MinBackupKey
// bytes, in hex (what `openssl rand -hex 32` prints) or base64 (`openssl
// rand -base64 32`). A value of hex digits only is read as hex.
func parseBackupKey(v string) ([]byte, error) {
	v = strings.TrimSpace(v)
	key, err := hex.DecodeString(v)
	if err != nil {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if key, err = enc.DecodeString(v); err == nil {
				break
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("ska vara hex eller base64, som det openssl rand -hex 32 skriver ut")
	}
	if len(key) < store.MinBackupKey {
		return nil, fmt.Errorf("ska vara minst %d byte (den har %d), som det openssl rand -hex 32 skriver ut", store.MinBackupKey, len(key))
	}
	return key, nil
}

// backupKey returns the key archives are authenticated with and where it
// came from: cfg.BackupKey (DIALOG_BACKUP_KEY), or else the key file in
// the data directory. With create, a missing file is made (a backup is
// the first use) and created says so; without, a missing file gives a nil
// key, and the restore says what to do.
func backupKey(cfg Config, create bool) (key []byte, from string, created bool, err error) {
	if cfg.BackupKey != nil {
		return cfg.BackupKey, "DIALOG_BACKUP_KEY", false, nil
	}
	path := filepath.Join(cfg.DataDir, backupKeyFile)
	key, err = readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		key, created, err = createKeyFile(path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, path, false, nil
	}
	if err != nil {
		return nil, path, false, err
	}
	return key, path, created, nil
}

func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("nyckelfilen %s kan läsas av andra (rättigheter %#o): gör den läsbar bara för tjänstens användare med chmod 600 %s", path, perm, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, fmt.Errorf("nyckelfilen %s: %w", path, err)
	}
	key, err := parseBackupKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("nyckelfilen %s: %w", path, err)
	}
	return key, nil
}

// createKeyFile makes the key file with a new random key. The key is
// written and synced under a temporary name and linked to path, which
// fails if path exists: of two processes making a key at once, one links
// its key and the other reads that one, and no process ever reads a file
// half written.
func createKeyFile(path string) (key []byte, created bool, err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	key = make([]byte, store.MinBackupKey)
	if _, err := rand.Read(key); err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".backup-key-*") // mode 0600
	if err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		key, err := readKeyFile(path)
		return key, false, err
	} else if err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	// The link is a new directory entry: sync the directory too, or a
	// power cut could take the key while the archives made with it stay.
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return nil, false, fmt.Errorf("backup key: %w", err)
		}
	}
	return key, true, nil
}
