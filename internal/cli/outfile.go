package cli

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
)

// outputMode is the mode of the files the export commands write: readable
// by the operator's group and others as the umask allows (0644 before the
// umask), or the owner's only (0600) with --private. A handover file for
// an archive is picked up by someone else; os.CreateTemp's 0600 made it
// unreadable for them.
func outputMode(private bool) os.FileMode {
	if private {
		return 0o600
	}
	return 0o644
}

// createTemp creates a new temporary file in dir with mode (the umask
// applies), to be renamed into place when complete, so a failed export
// leaves no half-written file under the final name.
func createTemp(dir, prefix string, mode os.FileMode) (*os.File, error) {
	var b [8]byte
	for {
		rand.Read(b[:])
		f, err := os.OpenFile(filepath.Join(dir, prefix+hex.EncodeToString(b[:])+".tmp"), os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
		if !os.IsExist(err) {
			return f, err
		}
	}
}
