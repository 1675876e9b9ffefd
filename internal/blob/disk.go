package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// Disk is a Backend on the local file system. Keys are random hex names
// spread over 256 sub-directories.
type Disk struct {
	dir string
}

// NewDisk returns a store rooted at dir, creating it if needed.
func NewDisk(dir string) (*Disk, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("blob directory: %w", err)
	}
	return &Disk{dir: dir}, nil
}

var keyRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (d *Disk) path(key string) (string, error) {
	if !keyRE.MatchString(key) {
		return "", fault.New(fault.NotFound, "no such file")
	}
	return filepath.Join(d.dir, key[:2], key), nil
}

// ErrTooLarge is the cause of the error Put returns past the limit.
var ErrTooLarge = errors.New("file too large")

// Put implements Backend.
func (d *Disk) Put(ctx context.Context, r io.Reader, limit int64) (Info, error) {
	return d.put(ctx, newKey(), r, limit)
}

// PutAt implements Lister.
func (d *Disk) PutAt(ctx context.Context, key string, r io.Reader) (Info, error) {
	if !keyRE.MatchString(key) {
		return Info{}, fault.New(fault.Invalid, "blob key %q: want 32 hex digits", key)
	}
	return d.put(ctx, key, r, 1<<62)
}

// put writes r into a temporary file and renames it to key.
func (d *Disk) put(ctx context.Context, key string, r io.Reader, limit int64) (Info, error) {
	tmp, err := os.CreateTemp(filepath.Join(d.dir, "tmp"), "put-*")
	if err != nil {
		return Info{}, fmt.Errorf("blob temp file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	info, err := copyLimited(ctx, tmp, r, limit)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Info{}, err
	}
	final, _ := d.path(key)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return Info{}, fmt.Errorf("blob directory: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Info{}, fmt.Errorf("blob rename: %w", err)
	}
	if err := syncDir(filepath.Dir(final)); err != nil {
		return Info{}, err
	}
	info.Key = key
	return info, nil
}

// copyLimited copies at most limit bytes, hashing on the way; one byte more
// is an error.
func copyLimited(ctx context.Context, w io.Writer, r io.Reader, limit int64) (Info, error) {
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), &ctxReader{ctx, io.LimitReader(r, limit+1)})
	if err != nil {
		return Info{}, fmt.Errorf("blob write: %w", err)
	}
	if n > limit {
		return Info{}, fault.Wrap(ErrTooLarge, fault.Invalid, "file is larger than %d bytes", limit)
	}
	return Info{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Open implements Backend.
func (d *Disk) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fault.New(fault.NotFound, "no such file")
	}
	return f, err
}

// Delete implements Backend.
func (d *Disk) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blob delete: %w", err)
	}
	return syncDir(filepath.Dir(p))
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("blob sync dir: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("blob sync dir: %w", err)
	}
	return nil
}

func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
