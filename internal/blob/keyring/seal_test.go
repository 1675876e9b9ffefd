package keyring_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

const marker = "GEHEIM-Steuer-ID-12345678901"

// world is an encrypted store on a fresh disk directory.
type world struct {
	db    *store.DB
	dir   string
	disk  *blob.Disk
	keys  *keyring.Keyring
	store *blob.Sealed
}

func newWorld(t *testing.T, db *store.DB, masters ...keyring.Master) *world {
	t.Helper()
	w := &world{db: db, dir: t.TempDir()}
	var err error
	if w.disk, err = blob.NewDisk(w.dir); err != nil {
		t.Fatal(err)
	}
	if len(masters) == 0 {
		masters = []keyring.Master{blobtest.Random(t)}
	}
	w.keys = keyring.New(db, masters[0], masters[1:]...)
	w.store = blob.NewSealed(w.disk, w.keys, false)
	return w
}

func (w *world) path(key string) string { return filepath.Join(w.dir, key[:2], key) }

func (w *world) put(t *testing.T, tn tenant.ID, content string) blob.Info {
	t.Helper()
	info, err := w.store.Put(context.Background(), tn, strings.NewReader(content), int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// read returns the plaintext of key, or the error of Open or of a Read.
func read(s blob.Store, key string) (string, error) {
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}

func sum(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

func TestSealedRoundTripHidesContent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for _, size := range []int{0, 1, 100, 64<<10 - 16, 64 << 10, 200_000} {
			content := strings.Repeat(marker+" ", size/len(marker+" ")+1)[:size]
			info := w.put(t, 7, content)
			if info.Size != int64(size) || info.SHA256 != sum(content) {
				t.Fatalf("size %d: info %+v is not the plaintext's", size, info)
			}
			raw, err := os.ReadFile(w.path(info.Key))
			if err != nil {
				t.Fatal(err)
			}
			if size >= len(marker) && bytes.Contains(raw, []byte(marker)) {
				t.Fatalf("size %d: the marker is readable in the stored file", size)
			}
			if h, ok := blob.ParseHeader(raw); !ok || h.Tenant != 7 || h.Version != 1 {
				t.Fatalf("size %d: header %+v, %v", size, h, ok)
			}
			if got, err := read(w.store, info.Key); err != nil || got != content {
				t.Fatalf("size %d: read back %d bytes, %v", size, len(got), err)
			}
		}
	})
}

// TestSealedDetectsTampering: any change of the stored bytes is an error,
// never other plaintext.
func TestSealedDetectsTampering(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.put(t, 8, "other tenant's key exists")                      // tenant 8 has a data key, so a header naming 8 finds one
		content := strings.Repeat("Bescheid über Wohngeld. ", 10_000) // several segments
		info := w.put(t, 7, content)
		orig, _ := os.ReadFile(w.path(info.Key))
		at := map[string]int{"magic": 0, "tenant": 15, "version": 19, "salt": blob.HeaderSize + 5,
			"first segment": blob.HeaderSize + 100, "middle": len(orig) / 2, "last byte": len(orig) - 1}
		for name, i := range at {
			b := bytes.Clone(orig)
			b[i] ^= 0x01
			if name == "tenant" {
				b[i] = 8 // another tenant that has a key
			}
			mustFail(t, w, info.Key, b, "flip "+name)
		}
		mustFail(t, w, info.Key, orig[:len(orig)-1], "truncate by one byte")
		mustFail(t, w, info.Key, orig[:blob.HeaderSize+64<<10], "truncate at a segment boundary")
		mustFail(t, w, info.Key, orig[:blob.HeaderSize+10], "truncate in the stream header")
		mustFail(t, w, info.Key, append(bytes.Clone(orig), 0), "append a byte")
		seg := 64 << 10 // swap the first two full ciphertext segments after the first
		first := blob.HeaderSize + 40 + (seg - 40)
		b := bytes.Clone(orig)
		copy(b[first:], orig[first+seg:first+2*seg])
		copy(b[first+seg:], orig[first:first+seg])
		mustFail(t, w, info.Key, b, "reorder segments")
		os.WriteFile(w.path(info.Key), orig, 0o600)
		if got, err := read(w.store, info.Key); err != nil || got != content {
			t.Fatalf("restored original does not read: %v", err)
		}
	})
}

func mustFail(t *testing.T, w *world, key string, raw []byte, what string) {
	t.Helper()
	if err := os.WriteFile(w.path(key), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := read(w.store, key); err == nil {
		t.Errorf("%s: read %d bytes without error", what, len(got))
	}
}

// TestSealedBindsBlobAndTenant: a blob's bytes under another key, or read
// with another tenant's key, do not decrypt.
func TestSealedBindsBlobAndTenant(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		a, b := w.put(t, 7, "Antrag A "+marker), w.put(t, 7, "Antrag B "+marker)
		rawA, _ := os.ReadFile(w.path(a.Key))
		rawB, _ := os.ReadFile(w.path(b.Key))
		os.WriteFile(w.path(a.Key), rawB, 0o600)
		os.WriteFile(w.path(b.Key), rawA, 0o600)
		for _, k := range []string{a.Key, b.Key} {
			if got, err := read(w.store, k); err == nil {
				t.Errorf("swapped blob %s read as %q", k, got)
			}
		}
		// Tenant 9's key on tenant 7's blob: a keyring that answers with
		// the wrong tenant's key (a mix-up in a store) fails too.
		os.WriteFile(w.path(a.Key), rawA, 0o600)
		w.put(t, 9, "tenant 9 gets a key")
		wrong := blob.NewSealed(w.disk, crossed{w.keys, 9}, false)
		if got, err := read(wrong, a.Key); err == nil {
			t.Errorf("tenant 9's key opened tenant 7's blob: %q", got)
		}
		if got, err := read(w.store, a.Key); err != nil || got != "Antrag A "+marker {
			t.Fatalf("own key: %q, %v", got, err)
		}
		// Another installation's master key cannot open the data keys.
		other := blob.NewSealed(w.disk, keyring.New(db, blobtest.Random(t)), false)
		if _, err := read(other, a.Key); err == nil {
			t.Error("a keyring with another master key opened the blob")
		}
	})
}

// crossed answers every key request with tenant to's key.
type crossed struct {
	k  *keyring.Keyring
	to tenant.ID
}

func (c crossed) Current(ctx context.Context, _ tenant.ID) (uint32, []byte, error) {
	return c.k.Current(ctx, c.to)
}
func (c crossed) Key(ctx context.Context, _ tenant.ID, v uint32) ([]byte, error) {
	return c.k.Key(ctx, c.to, v)
}

func TestSealedLimitLeavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for _, size := range []int{11, 3 << 20} {
			_, err := w.store.Put(context.Background(), 7, bytes.NewReader(make([]byte, size)), 10)
			if !fault.Is(err, fault.Invalid) || !errors.Is(err, blob.ErrTooLarge) {
				t.Fatalf("size %d: want too large, got %v", size, err)
			}
		}
		n := 0
		w.store.Walk(context.Background(), func(blob.Entry) error { n++; return nil })
		temp, _ := os.ReadDir(filepath.Join(w.dir, "tmp"))
		if n != 0 || len(temp) != 0 {
			t.Fatalf("%d blobs and %d temp files left behind", n, len(temp))
		}
	})
}
