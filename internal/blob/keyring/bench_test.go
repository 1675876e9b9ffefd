package keyring_test

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// stores are the plain disk backend and the sealed store on another
// directory, for the overhead of encryption (docs/benchmarks.md).
func stores(b *testing.B) map[string]func(context.Context, io.Reader) (blob.Info, error) {
	db := storetest.Open(b, store.SQLite)
	disk, _ := blob.NewDisk(b.TempDir())
	sealed := blob.NewSealed(mustDisk(b), keyring.New(db, blobtest.Random(b)), false)
	return map[string]func(context.Context, io.Reader) (blob.Info, error){
		"plain":  func(ctx context.Context, r io.Reader) (blob.Info, error) { return disk.Put(ctx, r, 1<<30) },
		"sealed": func(ctx context.Context, r io.Reader) (blob.Info, error) { return sealed.Put(ctx, 1, r, 1<<30) },
	}
}

func mustDisk(b *testing.B) *blob.Disk {
	d, err := blob.NewDisk(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkPut20MB stores a 20 MB file (Put: hash, encrypt, write, fsync).
func BenchmarkPut20MB(b *testing.B) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 20<<20/16)
	for name, put := range stores(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(content)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := put(context.Background(), bytes.NewReader(content)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpen20MB reads a stored 20 MB file back (decrypt, verify).
func BenchmarkOpen20MB(b *testing.B) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 20<<20/16)
	db := storetest.Open(b, store.SQLite)
	disk := mustDisk(b)
	sealed := blob.NewSealed(mustDisk(b), keyring.New(db, blobtest.Random(b)), false)
	pi, _ := disk.Put(context.Background(), bytes.NewReader(content), 1<<30)
	si, _ := sealed.Put(context.Background(), 1, bytes.NewReader(content), 1<<30)
	for name, open := range map[string]func() (io.ReadCloser, error){
		"plain":  func() (io.ReadCloser, error) { return disk.Open(context.Background(), pi.Key) },
		"sealed": func() (io.ReadCloser, error) { return sealed.Open(context.Background(), si.Key) },
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(content)))
			b.ReportAllocs()
			for b.Loop() {
				rc, err := open()
				if err != nil {
					b.Fatal(err)
				}
				if n, err := io.Copy(io.Discard, rc); err != nil || n != int64(len(content)) {
					b.Fatal(n, err)
				}
				rc.Close()
			}
		})
	}
}

// TestSealed20MBStreamsInBoundedMemory: storing and reading a 20 MB file
// never holds much of it: the live heap stays far below the file's size.
func TestSealed20MBStreamsInBoundedMemory(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s := blob.NewSealed(mustDiskT(t), keyring.New(db, blobtest.Random(t)), false)
	const size = 20 << 20
	src := &sampling{r: io.LimitReader(pattern{}, size)}
	runtime.GC()
	src.base = heap()
	info, err := s.Put(context.Background(), 1, src, size)
	if err != nil || info.Size != size {
		t.Fatalf("put: %+v %v", info, err)
	}
	rc, err := s.Open(context.Background(), info.Key)
	if err != nil {
		t.Fatal(err)
	}
	dst := &sampling{base: src.base, peak: src.peak}
	n, err := io.Copy(dst, rc)
	rc.Close()
	if err != nil || n != size {
		t.Fatalf("read back %d bytes: %v", n, err)
	}
	t.Logf("peak live heap above the start: put %d KiB, both %d KiB", (src.peak-src.base)>>10, (dst.peak-dst.base)>>10)
	if grown := dst.peak - dst.base; grown > 6<<20 {
		t.Fatalf("the heap grew by %d MiB for a 20 MiB file: not streaming", grown>>20)
	}
}

func mustDiskT(t *testing.T) *blob.Disk {
	d, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// heap is the live heap after a collection.
func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// sampling measures the live heap every 2 MiB that pass through it.
type sampling struct {
	r          io.Reader
	n          int
	base, peak uint64
}

func (s *sampling) tick(n int) {
	s.n += n
	if s.n >= 2<<20 {
		s.n = 0
		if h := heap(); h > s.peak {
			s.peak = h
		}
	}
}

func (s *sampling) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.tick(n)
	return n, err
}

func (s *sampling) Write(p []byte) (int, error) { s.tick(len(p)); return len(p), nil }

type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i * 7)
	}
	return len(p), nil
}
