package apply_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestRemoveEntryFilesFollowTheirEntry: three children, each with its own
// birth certificate; removing the second child deletes its file (row and
// blob) and moves the third child's file to index 1, next to the third
// child's answers.
func TestRemoveEntryFilesFollowTheirEntry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner := apply.AccountOwner(1, 0)
		a := e.start(t, &owner)
		for i, name := range []string{"Anna", "Ben", "Clara"} {
			file := pdfBytes(500, name)
			if _, err := e.svc.Upload(ctx, a.ID, owner, fmt.Sprintf("kinder[%d].urkunde", i), name+".pdf", "", bytes.NewReader(file)); err != nil {
				t.Fatal(err)
			}
		}
		before, err := e.svc.Get(ctx, a.ID, owner)
		if err != nil {
			t.Fatal(err)
		}
		n, err := e.svc.RemoveEntry(ctx, a.ID, owner, "kinder[1]")
		if err != nil || n != 1 {
			t.Fatalf("RemoveEntry = %d, %v; want 1 file deleted", n, err)
		}
		after, err := e.svc.Get(ctx, a.ID, owner)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, f := range after.Attachments {
			got[f.FieldPath] = f.Name
		}
		want := map[string]string{"kinder[0].urkunde": "Anna.pdf", "kinder[1].urkunde": "Clara.pdf"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("files after removing entry 1: %v, want %v", got, want)
		}
		for _, f := range before.Attachments {
			rc, err := e.blobs.Open(ctx, f.BlobKey)
			if err == nil {
				rc.Close()
			}
			if gone := err != nil; gone != (f.Name == "Ben.pdf") {
				t.Fatalf("blob of %s: open error %v", f.Name, err)
			}
		}
		if _, err := e.svc.RemoveEntry(ctx, a.ID, owner, "kinder"); !fault.Is(err, fault.Invalid) {
			t.Fatalf("RemoveEntry without an index = %v, want invalid", err)
		}
		if _, err := e.svc.RemoveEntry(ctx, a.ID, apply.AccountOwner(2, 0), "kinder[0]"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("RemoveEntry by a stranger = %v, want not found", err)
		}
	})
}
