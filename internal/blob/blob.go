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
package blob

import (
	"context"
	"io"
)

// Info describes a stored blob.
type Info struct {
	Key    string
	Size   int64
	SHA256 string // hex
}

// Store keeps blobs.
type Store interface {
	// Put streams r into a new blob. It fails with fault.Invalid (code
	// TooLarge in the message) once more than limit bytes arrive, without
	// reading the rest and without leaving anything behind.
	Put(ctx context.Context, r io.Reader, limit int64) (Info, error)
	// Open returns the blob's content; fault.NotFound if it does not exist.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}
