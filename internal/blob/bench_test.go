package blob_test

import (
	"io"
	"math/rand/v2"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
)

// BenchmarkStream20MB streams a 20 MB blob, generated on the fly, into
// and out of the local disk and a real S3 server (versitygw on loopback):
// time per blob, throughput and memory allocated per operation.
//
//	go test -run '^$' -bench BenchmarkStream20MB -benchtime 20x ./internal/blob/
func BenchmarkStream20MB(b *testing.B) {
	const size = 20 << 20
	stores := map[string]func(b *testing.B) blob.Lister{
		"disk": func(b *testing.B) blob.Lister {
			d, err := blob.NewDisk(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			return d
		},
		"s3": func(b *testing.B) blob.Lister {
			s, err := blob.Open(b.Context(), blobtest.S3(b), "")
			if err != nil {
				b.Fatal(err)
			}
			return s
		},
	}
	for _, name := range []string{"disk", "s3"} {
		s := stores[name](b)
		var key string
		b.Run(name+"/put", func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				info, err := s.Put(b.Context(), io.LimitReader(rand.NewChaCha8([32]byte{3}), size), size)
				if err != nil {
					b.Fatal(err)
				}
				key = info.Key
			}
		})
		b.Run(name+"/get", func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				rc, err := s.Open(b.Context(), key)
				if err != nil {
					b.Fatal(err)
				}
				if n, err := io.Copy(io.Discard, rc); err != nil || n != size {
					b.Fatalf("read %d, %v", n, err)
				}
				rc.Close()
			}
		})
	}
}
