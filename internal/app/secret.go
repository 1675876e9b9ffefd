package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// secretKey reads a 32-byte secret kept outside the database (the seal
// secret, the audit key) from the variable env (64 hex digits) or from
// <dataDir>/file, creating the file (mode 0600) with a random secret when
// neither exists. Every process of an installation needs the same secret.
func secretKey(env, dataDir, file string) ([]byte, error) {
	b, err := readSecret(env, dataDir, file)
	if b != nil || err != nil {
		return b, err
	}
	b = make([]byte, 32)
	rand.Read(b)
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, err
	}
	path := filepath.Join(dataDir, file)
	if err := os.WriteFile(path, []byte(hex.EncodeToString(b)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return b, nil
}

// readSecret is secretKey without creating: nil when neither exists.
func readSecret(env, dataDir, file string) ([]byte, error) {
	if v := strings.TrimSpace(os.Getenv(env)); v != "" {
		b, err := hex.DecodeString(v)
		if err != nil || len(b) != 32 {
			return nil, fmt.Errorf("%s must be 64 hex digits", env)
		}
		return b, nil
	}
	path := filepath.Join(dataDir, file)
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	b, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("%s must hold 64 hex digits", path)
	}
	return b, nil
}
