package apply_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestDiscardKeepsFileWhenCommitUnknown is the regression test of a loss
// the deadline-day load found (issue 16): under overload a client gave up
// while its upload's transaction was committing; the commit reported the
// cancelled context although PostgreSQL had committed the row, and the
// file was deleted, so an acknowledged submission lacked its attachment.
// A file stored for a row whose commit's outcome is unknown now stays (the
// orphan sweep removes it if no row refers to it); after a definite
// refusal it goes.
func TestDiscardKeepsFileWhenCommitUnknown(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		for _, c := range []struct {
			name string
			err  error
			kept bool
		}{
			{"commit outcome unknown", fmt.Errorf("commit: %w: %w", store.ErrCommitUnknown, context.Canceled), true},
			{"refused before the commit", fault.New(fault.Invalid, "the draft was submitted meanwhile"), false},
			{"plain error", errors.New("insert attachment: broken"), false},
		} {
			f, err := e.svc.StoreFile(ctx, e.tenant.ID, "files", "a.pdf", bytes.NewReader(pdfBytes(2000, c.name)), []string{"application/pdf"}, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			e.svc.DiscardFile(ctx, f.BlobKey, c.err)
			rc, err := e.blobs.Open(ctx, f.BlobKey)
			if rc != nil {
				rc.Close()
			}
			if kept := err == nil; kept != c.kept {
				t.Errorf("%s: file kept %v (%v), want %v", c.name, kept, err, c.kept)
			}
		}
	})
}
