package account

import (
	"fmt"
	"testing"
)

// BenchmarkArgon2id measures one password hash under candidate costs; the
// figure for DefaultParams is recorded in docs/benchmarks.md.
func BenchmarkArgon2id(b *testing.B) {
	for _, p := range []Params{
		DefaultParams(),
		{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 128 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32},
	} {
		b.Run(fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads), func(b *testing.B) {
			h := NewHasher(p, 1, nil)
			for b.Loop() {
				if _, err := h.Hash("correct horse battery staple"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
