package blob

import (
	"context"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
)

// Walk implements Lister: S3 lists keys in ascending UTF-8 binary order,
// which for 32-hex names is the order Disk walks in. Objects under the
// prefix that are not blobs (foreign names) are skipped.
func (s *S3) Walk(ctx context.Context, fn func(Entry) error) error {
	ctx, cancel := context.WithCancel(ctx) // stops the listing when fn stops early
	defer cancel()
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
		if obj.Err != nil {
			return s3Err("list", obj.Err)
		}
		key, ok := strings.CutPrefix(obj.Key, s.prefix)
		if !ok || !keyRE.MatchString(key) {
			continue
		}
		if err := fn(Entry{Key: key, Modified: obj.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// PurgeTemp implements Lister: it aborts the multipart uploads of blobs
// that were started before before and never completed (a process that
// died mid-upload); the service then frees their parts. Younger ones may
// still be running and are left alone.
func (s *S3) PurgeTemp(ctx context.Context, before time.Time) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := 0
	for up := range s.client.ListIncompleteUploads(ctx, s.bucket, s.prefix, true) {
		if up.Err != nil {
			return n, s3Err("list uploads", up.Err)
		}
		key, ok := strings.CutPrefix(up.Key, s.prefix)
		if !ok || !keyRE.MatchString(key) || !up.Initiated.Before(before) {
			continue
		}
		if err := s.core.AbortMultipartUpload(ctx, s.bucket, up.Key, up.UploadID); err != nil && !isS3NotFound(err) {
			return n, s3Err("abort upload", err)
		}
		n++
	}
	return n, ctx.Err()
}
