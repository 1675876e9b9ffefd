package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// S3PartSize is the fixed size of one part of a multipart upload, and so
// the memory one upload holds: a file up to this size is sent in one PUT,
// a larger one in parts of this size (S3 allows at most 10,000 parts, so
// one blob can hold up to 80 GiB).
const S3PartSize = 8 << 20

// s3MaxParts is S3's limit of parts in one multipart upload.
const s3MaxParts = 10000

// S3Config says which bucket of which S3-compatible service holds the
// blobs (Objektspeicher). ParseS3URL makes one from an s3:// URL.
type S3Config struct {
	Bucket   string
	Endpoint string // HOST:PORT
	Region   string // "" asks the service
	Prefix   string // "" or a folder ending in "/"
	TLS      bool   // false: plain HTTP
	// PathStyle forces path-style (true) or virtual-host (false)
	// addressing; nil lets the client choose by the endpoint.
	PathStyle *bool
	// Credentials sign the requests; nil means the AWS variables
	// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN),
	// else the shared credentials file (~/.aws/credentials).
	Credentials *credentials.Credentials
}

// S3 is a Store on an S3-compatible object store (MinIO, Ceph RGW,
// versitygw, AWS S3, …), through minio-go v7, a maintained client built
// for S3-compatible services: one module, no SDK configuration chain,
// and it keeps working with services that lag behind AWS's newest
// checksum defaults.
//
// Objects are named PREFIX + the 32-hex key, flat: random keys spread
// evenly, and one ascending listing serves Walk. What is verified: every
// PUT and every part carries Content-MD5 and its SHA-256 in the signed
// x-amz-content-sha256, so the service refuses a body that changed on the
// way; a blob sent in one PUT carries its SHA-256 as metadata, and Open
// checks it when the stream reaches its end. Blobs in several parts are
// checked per part on upload; the reader of such a blob relies on the
// caller's own check (the SHA-256 recorded at Put, the authenticated
// encryption of the sealing layer).
type S3 struct {
	client *minio.Client
	core   minio.Core
	bucket string
	prefix string
	bufs   sync.Pool // *[]byte of S3PartSize
}

// NewS3 connects to cfg's bucket and checks that it exists and that the
// credentials may use it.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	creds, err := s3Credentials(cfg)
	if err != nil {
		return nil, err
	}
	// Three tries, not minio-go's ten: a store that is down fails the
	// request within about a second instead of holding it for ten.
	opts := &minio.Options{Creds: creds, Secure: cfg.TLS, Region: cfg.Region, MaxRetries: 3}
	if cfg.PathStyle != nil {
		opts.BucketLookup = minio.BucketLookupDNS
		if *cfg.PathStyle {
			opts.BucketLookup = minio.BucketLookupPath
		}
	}
	c, err := minio.New(cfg.Endpoint, opts)
	if err != nil {
		return nil, fmt.Errorf("S3 endpoint %q: %w", cfg.Endpoint, err)
	}
	s := &S3{client: c, core: minio.Core{Client: c}, bucket: cfg.Bucket, prefix: cfg.Prefix}
	s.bufs.New = func() any { b := make([]byte, S3PartSize); return &b }
	return s, s.check(ctx)
}

// s3Credentials picks the configured credentials or the AWS defaults and
// refuses to go on without a key.
func s3Credentials(cfg S3Config) (*credentials.Credentials, error) {
	creds := cfg.Credentials
	if creds == nil {
		creds = credentials.NewChainCredentials([]credentials.Provider{
			&credentials.EnvAWS{}, &credentials.FileAWSCredentials{},
		})
	}
	v, err := creds.GetWithContext(nil) // env and file providers make no request
	if err != nil || v.AccessKeyID == "" || v.SecretAccessKey == "" {
		return nil, fmt.Errorf("S3 bucket %q: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or give credentials_file=)", cfg.Bucket)
	}
	return creds, nil
}

// check lists one key of the bucket, so a missing bucket or wrong keys
// show at start, not at the first upload. (A HEAD request would not do:
// its answer has no body, and some services answer wrong keys with 404.)
func (s *S3) check(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var err error
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, MaxKeys: 1}) {
		err = obj.Err
		break
	}
	if err == nil {
		return nil
	}
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchBucket":
		return fmt.Errorf("S3 bucket %q does not exist at %s: create it first (docs/storage.md)", s.bucket, s.client.EndpointURL().Host)
	case badKeyCodes[resp.Code] || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("S3 bucket %q: the credentials are not accepted (%s): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", s.bucket, resp.Code)
	}
	return fmt.Errorf("S3 bucket %q at %s: %w", s.bucket, s.client.EndpointURL().Host, err)
}

// Put implements Store.
func (s *S3) Put(ctx context.Context, r io.Reader, limit int64) (Info, error) {
	return s.upload(ctx, newKey(), r, limit)
}

// PutAt implements Lister. S3 replaces an object whole when its PUT or
// multipart upload completes, so readers see the old or the new content.
func (s *S3) PutAt(ctx context.Context, key string, r io.Reader) (Info, error) {
	if !keyRE.MatchString(key) {
		return Info{}, fault.New(fault.Invalid, "blob key %q: want 32 hex digits", key)
	}
	return s.upload(ctx, key, r, S3PartSize*s3MaxParts)
}

// Open implements Store: the object's content as a stream, checked
// against its recorded SHA-256 at the end where it has one.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !keyRE.MatchString(key) {
		return nil, fault.New(fault.NotFound, "no such file")
	}
	body, _, hdr, err := s.core.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		if isS3NotFound(err) {
			return nil, fault.New(fault.NotFound, "no such file")
		}
		return nil, s3Err("open", err)
	}
	return newVerifyingReader(body, key, hdr.Get(metaSHA256Header)), nil
}

// Delete implements Store; S3 answers a delete of a missing object with
// success too.
func (s *S3) Delete(ctx context.Context, key string) error {
	if !keyRE.MatchString(key) {
		return nil
	}
	err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
	if err != nil && !isS3NotFound(err) {
		return s3Err("delete", err)
	}
	return nil
}

// s3Err says what failed; a service that cannot be reached or says it
// is overloaded is fault.Unavailable (try again later), as the database
// being down is.
func s3Err(op string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("blob %s: %w", op, err)
	}
	resp := minio.ToErrorResponse(err)
	if resp.Code == "" || resp.StatusCode == http.StatusServiceUnavailable || resp.Code == "SlowDown" {
		return fault.Wrap(err, fault.Unavailable, "the file storage is not available; try again later")
	}
	return fmt.Errorf("blob %s: %w", op, err)
}

// badKeyCodes are the answers to unknown or wrong keys (XAdminUserNotFound
// is versitygw's, with status 404).
var badKeyCodes = map[string]bool{"InvalidAccessKeyId": true, "SignatureDoesNotMatch": true, "AccessDenied": true, "XAdminUserNotFound": true}

func isS3NotFound(err error) bool {
	code := minio.ToErrorResponse(err).Code
	return code == "NoSuchKey" || code == "NoSuchUpload"
}

// errS3TooManyParts ends an upload past S3's 10,000 parts.
var errS3TooManyParts = errors.New("blob larger than S3 allows with this part size")
