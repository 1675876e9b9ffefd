package keyring_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestRotationWhileServing: writers and readers keep going while the
// tenant keys rotate, the blobs are re-encrypted and the master key
// changes; every blob written reads back as written, then and after a
// restart with the new master (the old one accepted, and then alone).
func TestRotationWhileServing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		oldM, newM := blobtest.Random(t), blobtest.Random(t)
		w := newWorld(t, db, oldM, newM)       // step 1 of the procedure: every process accepts the new master
		for _, tn := range []tenant.ID{1, 2} { // the writers create no key while the master changes
			if _, _, err := w.keys.Current(ctx, tn); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		written := map[string]string{} // key → content
		var wg sync.WaitGroup
		stop := make(chan struct{})
		errs := make(chan error, 100)
		for g := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					content := fmt.Sprintf("writer %d file %d %s", g, i, strings.Repeat("x", i*97%5000))
					info, err := w.store.Put(ctx, tenant.ID(1+g%2), strings.NewReader(content), 1<<20)
					if err != nil {
						errs <- err
						return
					}
					if got, err := read(w.store, info.Key); err != nil || got != content {
						errs <- fmt.Errorf("read own write %s: %v", info.Key, err)
						return
					}
					mu.Lock()
					written[info.Key] = content
					mu.Unlock()
				}
			}()
		}
		for range 3 {
			if _, err := w.keys.RotateTenant(ctx, 1, "test"); err != nil {
				t.Fatal(err)
			}
			if _, err := keyring.Reencrypt(ctx, w.keys, w.store, "test"); err != nil {
				t.Fatal(err)
			}
		}
		// Master switch: processes on the new master accept the old one.
		switched := keyring.New(db, newM, oldM)
		if _, err := switched.RotateMaster(ctx, "test"); err != nil {
			t.Fatal(err)
		}
		if n, err := switched.RotateMaster(ctx, "test"); n != 0 || err != nil {
			t.Fatalf("second master rotation changed %d keys, %v; want none", n, err)
		}
		close(stop)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(written) < 3 {
			t.Fatalf("only %d blobs written during the rotation", len(written))
		}
		// A process restarted with the new master alone reads everything.
		fresh := blob.NewSealed(w.disk, keyring.New(db, newM), false)
		checkAll(t, fresh, written)
		if err := keyring.New(db, newM).Check(ctx); err != nil {
			t.Fatalf("start-up check with the new master: %v", err)
		}
		// One with the old master alone reads nothing any more, and is
		// stopped at start.
		if err := keyring.New(db, oldM).Check(ctx); err == nil {
			t.Fatal("a process with only the retired master passed the start-up check")
		}
		stale := blob.NewSealed(w.disk, keyring.New(db, oldM), false)
		for k := range written {
			if _, err := read(stale, k); err == nil {
				t.Fatal("the retired master key still opens the data keys")
			}
			break
		}
		// A Put that took its key before a rotation and finished after
		// the re-encryption passed its place keeps the older version; the
		// next run, with no writes in flight, catches every one.
		if _, err := keyring.Reencrypt(ctx, switched, blob.NewSealed(w.disk, switched, false), "test"); err != nil {
			t.Fatal(err)
		}
		newest, _, err := switched.Current(ctx, 1)
		if err != nil || newest != 4 {
			t.Fatalf("tenant 1 on key version %d after three rotations, %v", newest, err)
		}
		for k := range written {
			if h, _, _ := fresh.HeaderOf(ctx, k); h.Tenant == 1 && h.Version != newest {
				t.Fatalf("tenant 1's blob %s on key version %d, not the newest %d", k, h.Version, newest)
			}
		}
		checkAll(t, fresh, written)
		wantAudit(t, db, "blob.key.rotate", 3)
		wantAudit(t, db, "blob.master.rotate", 1)
	})
}

func checkAll(t *testing.T, s blob.Store, written map[string]string) {
	t.Helper()
	for k, content := range written {
		if got, err := read(s, k); err != nil || got != content {
			t.Fatalf("blob %s after rotation: %v", k, err)
		}
	}
}

func wantAudit(t *testing.T, db *store.DB, action string, n int) {
	t.Helper()
	var got int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = $1`, action).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Fatalf("%d audit entries %s, want %d", got, action, n)
	}
	if _, problems, err := audit.Verify(context.Background(), db); err != nil || len(problems) > 0 {
		t.Fatalf("audit chain: %v %v", problems, err)
	}
}

// TestPlaintextFromBeforeEncryption: an installation that held files
// before encryption reads them until reencrypt seals them; a new one
// never reads a file without a sealed header.
func TestPlaintextFromBeforeEncryption(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		old, err := w.disk.Put(ctx, strings.NewReader("Alter Antrag "+marker), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		legacy, err := w.keys.Plaintext(ctx, func(context.Context) (bool, error) { return true, nil })
		if err != nil || !legacy {
			t.Fatalf("first start over a store with files: plaintext %v, %v", legacy, err)
		}
		if _, err := read(w.store, old.Key); err == nil {
			t.Fatal("a store that refuses plaintext read a plaintext blob")
		}
		upgraded := blob.NewSealed(w.disk, w.keys, legacy)
		if got, err := read(upgraded, old.Key); err != nil || got != "Alter Antrag "+marker {
			t.Fatalf("legacy read: %q, %v", got, err)
		}
		res, err := keyring.Reencrypt(ctx, w.keys, upgraded, "test")
		if err != nil || res.Plaintext != 1 || res.Rewritten != 1 {
			t.Fatalf("reencrypt: %+v, %v", res, err)
		}
		raw, _ := os.ReadFile(w.path(old.Key))
		if strings.Contains(string(raw), marker) {
			t.Fatal("the converted blob still holds the plaintext")
		}
		if got, err := read(w.store, old.Key); err != nil || got != "Alter Antrag "+marker {
			t.Fatalf("after conversion, strict read: %q, %v", got, err)
		}
		if legacy, _ := w.keys.Plaintext(ctx, nil); legacy {
			t.Fatal("reencrypt left plaintext accepted")
		}
		if res, err := keyring.Reencrypt(ctx, w.keys, upgraded, "test"); err != nil || res.Rewritten != 0 {
			t.Fatalf("second reencrypt: %+v, %v", res, err)
		}
		wantAudit(t, db, "blob.plaintext.sealed", 1)
	})
}

func TestNewInstallationRefusesPlaintext(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		legacy, err := w.keys.Plaintext(context.Background(), func(context.Context) (bool, error) { return false, nil })
		if err != nil || legacy {
			t.Fatalf("empty store at first start: plaintext %v, %v", legacy, err)
		}
		// A crafted file that imitates a header but is not ciphertext.
		crafted := blob.Magic + strings.Repeat("\x00", 12) + "%PDF-1.7 gefälscht"
		info, _ := w.disk.Put(context.Background(), strings.NewReader(crafted), 1<<20)
		if got, err := read(w.store, info.Key); err == nil {
			t.Fatalf("crafted file read as %q", got)
		}
	})
}
