package blobtest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Backdate makes the object name (the full object name, prefix
// included) look written at when: versitygw's posix backend reports a
// file's modification time as the object's LastModified, so a test of
// age-based sweeps need not wait.
func (s *Server) Backdate(t testing.TB, name string, when time.Time) {
	t.Helper()
	check(t, os.Chtimes(filepath.Join(s.Root, s.Bucket, filepath.FromSlash(name)), when, when))
}

// BackdateUploads makes every unfinished multipart upload look started at
// when (the posix backend keeps each in a directory whose modification
// time is its Initiated time).
func (s *Server) BackdateUploads(t testing.TB, when time.Time) {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(s.Root, s.Bucket, ".sgwtmp", "multipart", "*", "*"))
	check(t, err)
	for _, d := range dirs {
		check(t, os.Chtimes(d, when, when))
	}
}
