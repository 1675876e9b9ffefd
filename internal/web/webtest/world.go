package webtest

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/store"
)

// CaseWorld is the case world on the running app's database and data
// folder (its blobs and seal key), routing with the real finder; cfg
// changes it further.
func CaseWorld(t *testing.T, db *store.DB, dir string, cfg caseworktest.Config) *caseworktest.World {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "seal.key"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SealSecret, err = hex.DecodeString(strings.TrimSpace(string(raw))); err != nil {
		t.Fatal(err)
	}
	cfg.BlobMaster = blobtest.MasterKeyOf(t, dir)
	cfg.BlobDir, cfg.Finder = filepath.Join(dir, "blobs"), catalog.NewFinder(db)
	return caseworktest.New(t, db, cfg)
}
