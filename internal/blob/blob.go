// Package blob stores uploaded and generated files (Dateien): application
// attachments, receipts, notices. Content is addressed by a key chosen by
// the store; each put reports the SHA-256 and size of what was written, so
// the caller can record them in the same transaction as the reference.
//
// The local-disk implementation (Disk) writes atomically (temporary file,
// fsync, rename, fsync of the directory): after Put returns, the file
// survives a crash; before, nothing half-written is visible. S3 keeps the
// blobs in a bucket of an S3-compatible object store, streamed in fixed
// parts with checksums the service verifies (s3.go). Open picks one by
// --blob-url; docs/storage.md is the operator's guide.
//
// Two layers: a backend (Backend, Lister: the local disk, an S3 bucket)
// keeps bytes; Sealed (seal.go) sits on a backend and is the Store the
// capabilities use: it encrypts every file with the data key of the
// file's tenant (encryption at rest, Verschlüsselung ruhender Daten), so
// a backend only ever holds ciphertext. The format and its reasons are in
// seal.go.
package blob

import (
	"context"
	"io"

	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Info describes a stored blob.
type Info struct {
	Key    string
	Size   int64
	SHA256 string // hex
}

// Store keeps the files of the capabilities (Dateiablage), encrypted
// for their tenant.
type Store interface {
	// Put streams r into a new blob sealed with tenant's current data
	// key. Info.Size and Info.SHA256 are those of r's bytes (the
	// plaintext). It fails with fault.Invalid (ErrTooLarge as cause)
	// once more than limit bytes arrive, without reading the rest and
	// without leaving anything behind.
	Put(ctx context.Context, t tenant.ID, r io.Reader, limit int64) (Info, error)
	// Open returns the blob's content; fault.NotFound if it does not exist.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}

// Backend keeps bytes as they are given (the disk, a bucket): what Sealed
// writes through. Only Sealed, backup and restore use it directly.
type Backend interface {
	// Put streams r into a new blob. It fails with fault.Invalid (code
	// TooLarge in the message) once more than limit bytes arrive, without
	// reading the rest and without leaving anything behind.
	Put(ctx context.Context, r io.Reader, limit int64) (Info, error)
	// Open returns the blob's content; fault.NotFound if it does not exist.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}
