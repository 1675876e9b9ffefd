package blob

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// metaSHA256 is the user metadata that carries a single-PUT blob's
// SHA-256 (hex); S3 returns it as metaSHA256Header.
const (
	metaSHA256       = "Amtsweg-Sha256"
	metaSHA256Header = "X-Amz-Meta-Amtsweg-Sha256"
)

// upload streams r to key: up to one part in a single PUT, more as a
// multipart upload, holding one part in memory. Past limit, on a read
// error or a cancelled ctx it stops and aborts what it started.
func (s *S3) upload(ctx context.Context, key string, r io.Reader, limit int64) (Info, error) {
	bp := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bp)
	buf := *bp
	whole := sha256.New()
	src := io.TeeReader(&limitReader{r: &ctxReader{ctx, r}, left: limit}, whole)
	n, err := io.ReadFull(src, buf)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return s.putSingle(ctx, key, buf[:n], hex.EncodeToString(whole.Sum(nil)))
	case err != nil:
		return Info{}, uploadErr(err, limit)
	}
	info, err := s.putMultipart(ctx, key, buf, src)
	if err != nil {
		return Info{}, uploadErr(err, limit)
	}
	info.SHA256 = hex.EncodeToString(whole.Sum(nil))
	return info, nil
}

// uploadErr says what stopped an upload; too much input is the caller's
// error (fault.Invalid wrapping ErrTooLarge), as on disk.
func uploadErr(err error, limit int64) error {
	if errors.Is(err, ErrTooLarge) {
		return fault.Wrap(ErrTooLarge, fault.Invalid, "file is larger than %d bytes", limit)
	}
	return s3Err("write", err)
}

// putSingle sends a blob of at most one part in one PUT, with its MD5 and
// SHA-256 for the service to check and the SHA-256 as metadata for Open.
func (s *S3) putSingle(ctx context.Context, key string, data []byte, sum string) (Info, error) {
	md5b64, _ := partSums(data)
	opts := minio.PutObjectOptions{
		ContentType:  "application/octet-stream",
		UserMetadata: map[string]string{metaSHA256: sum},
	}
	_, err := s.core.PutObject(ctx, s.bucket, s.prefix+key, bytes.NewReader(data), int64(len(data)), md5b64, sum, opts)
	if err != nil {
		return Info{}, s3Err("write", err)
	}
	return Info{Key: key, Size: int64(len(data)), SHA256: sum}, nil
}

// putMultipart sends buf (one full part, already read) and the rest of
// src in parts of S3PartSize, reusing buf; on any error it aborts the
// upload, with a context of its own so a cancelled ctx still cleans up.
func (s *S3) putMultipart(ctx context.Context, key string, buf []byte, src io.Reader) (info Info, err error) {
	obj := s.prefix + key
	id, err := s.core.NewMultipartUpload(ctx, s.bucket, obj, minio.PutObjectOptions{ContentType: "application/octet-stream"})
	if err != nil {
		return Info{}, err
	}
	defer func() {
		if err != nil {
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			if aerr := s.core.AbortMultipartUpload(actx, s.bucket, obj, id); aerr != nil {
				err = fmt.Errorf("%w (and the upload was not aborted: %v; PurgeTemp removes it later)", err, aerr)
			}
		}
	}()
	var parts []minio.CompletePart
	n := len(buf)
	for n > 0 {
		if len(parts) == s3MaxParts {
			return Info{}, errS3TooManyParts
		}
		p, err := s.putPart(ctx, obj, id, len(parts)+1, buf[:n])
		if err != nil {
			return Info{}, err
		}
		parts = append(parts, p)
		info.Size += int64(n)
		if n, err = io.ReadFull(src, buf); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return Info{}, err
		}
	}
	if _, err = s.core.CompleteMultipartUpload(ctx, s.bucket, obj, id, parts, minio.PutObjectOptions{}); err != nil {
		return Info{}, err
	}
	info.Key = key
	return info, nil
}

// putPart sends one part with its MD5 and SHA-256.
func (s *S3) putPart(ctx context.Context, obj, id string, num int, data []byte) (minio.CompletePart, error) {
	md5b64, sum := partSums(data)
	p, err := s.core.PutObjectPart(ctx, s.bucket, obj, id, num, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectPartOptions{Md5Base64: md5b64, Sha256Hex: sum})
	if err != nil {
		return minio.CompletePart{}, err
	}
	return minio.CompletePart{PartNumber: num, ETag: p.ETag}, nil
}

// partSums is data's Content-MD5 (base64) and SHA-256 (hex).
func partSums(data []byte) (md5b64, sha256hex string) {
	m := md5.Sum(data)
	h := sha256.Sum256(data)
	return base64.StdEncoding.EncodeToString(m[:]), hex.EncodeToString(h[:])
}

// limitReader passes at most left bytes and fails with ErrTooLarge on
// the first byte more.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	return n, err
}

// verifyingReader hashes what it passes and fails at the end if the
// object's recorded SHA-256 differs.
type verifyingReader struct {
	io.ReadCloser
	key, want string
	h         hash.Hash
}

func newVerifyingReader(rc io.ReadCloser, key, want string) io.ReadCloser {
	if want == "" {
		return rc
	}
	return &verifyingReader{ReadCloser: rc, key: key, want: want, h: sha256.New()}
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	n, err := v.ReadCloser.Read(p)
	v.h.Write(p[:n])
	if errors.Is(err, io.EOF) {
		if got := hex.EncodeToString(v.h.Sum(nil)); got != v.want {
			return n, fmt.Errorf("blob %s: content differs from its SHA-256 (%s, stored %s)", v.key, got, v.want)
		}
	}
	return n, err
}
