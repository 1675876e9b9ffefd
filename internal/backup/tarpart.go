package backup

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"
)

// partWriter adds parts to the tar stream, each with its SHA-256.
type partWriter struct {
	tw    *tar.Writer
	now   time.Time
	spool string // directory for temporary files ("" = the system's)
}

// add writes one part of known size from r.
func (p *partWriter) add(name string, size int64, r io.Reader) (Part, error) {
	hdr := &tar.Header{Name: name, Size: size, Mode: 0o600, ModTime: p.now.Truncate(time.Second), Typeflag: tar.TypeReg}
	if err := p.tw.WriteHeader(hdr); err != nil {
		return Part{}, fmt.Errorf("%s: %w", name, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(p.tw, h), r)
	if err != nil {
		return Part{}, fmt.Errorf("%s: %w", name, err)
	}
	if n != size {
		return Part{}, fmt.Errorf("%s: %d bytes read, %d expected (changed while copied?)", name, n, size)
	}
	return Part{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// addSpooled writes a part whose size is not known in advance: fill
// writes it into a temporary file first (a tar header needs the size),
// so memory stays flat however large it is.
func (p *partWriter) addSpooled(name string, fill func(io.Writer) error) (Part, error) {
	f, err := os.CreateTemp(p.spool, "amtsweg-backup-*")
	if err != nil {
		return Part{}, fmt.Errorf("temporary file: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := fill(f); err != nil {
		return Part{}, err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		return Part{}, fmt.Errorf("temporary file: %w", err)
	}
	return p.add(name, size, f)
}
