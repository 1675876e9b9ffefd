package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// ErrDamaged is the cause of every error about a backup whose content
// does not match its manifest.
var ErrDamaged = errors.New("backup damaged")

// archive is an open backup file, read part by part.
type archive struct {
	f  *os.File
	gz *gzip.Reader
	tr *tar.Reader
}

// openArchive opens path, gzip-compressed or not (told by its first bytes).
func openArchive(path string) (*archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	a := &archive{f: f}
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		if a.gz, err = gzip.NewReader(br); err != nil {
			f.Close()
			return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, path, err)
		}
		r = a.gz
	}
	a.tr = tar.NewReader(r)
	return a, nil
}

func (a *archive) Close() error { return a.f.Close() }

// next returns the next part, io.EOF after the last.
func (a *archive) next() (*tar.Header, error) {
	for {
		hdr, err := a.tr.Next()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		if hdr.Typeflag == tar.TypeReg {
			return hdr, nil
		}
	}
}

// hashingReader hashes what is read through it.
type hashingReader struct {
	r io.Reader
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
	n int64
}

func newHashingReader(r io.Reader) *hashingReader {
	return &hashingReader{r: r, h: sha256.New()}
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func (h *hashingReader) part(name string) Part {
	return Part{Name: name, Size: h.n, SHA256: hex.EncodeToString(h.h.Sum(nil))}
}

// Verify reads the whole backup at path and checks every part against the
// manifest: the same parts, each with its size and SHA-256. It writes
// nothing; a damaged backup is an error wrapping ErrDamaged that names
// the part.
func Verify(path string) (Manifest, error) {
	a, err := openArchive(path)
	if err != nil {
		return Manifest{}, err
	}
	defer a.Close()
	seen := map[string]Part{}
	var raw, manifestSum []byte
	for {
		hdr, err := a.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Manifest{}, err
		}
		hr := newHashingReader(a.tr)
		switch hdr.Name {
		case manifestName:
			raw, err = io.ReadAll(hr)
		case manifestSumName:
			manifestSum, err = io.ReadAll(io.LimitReader(hr, 100))
		default:
			_, err = io.Copy(io.Discard, hr)
		}
		if err != nil {
			return Manifest{}, fmt.Errorf("%w: %s: %v", ErrDamaged, hdr.Name, err)
		}
		seen[hdr.Name] = hr.part(hdr.Name)
	}
	if a.gz != nil { // read to the end, where gzip checks its CRC
		if _, err := io.Copy(io.Discard, a.gz); err != nil {
			return Manifest{}, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
	}
	if got := seen[manifestName].SHA256; raw != nil && strings.TrimSpace(string(manifestSum)) != got {
		return Manifest{}, fmt.Errorf("%w: %s does not match %s", ErrDamaged, manifestName, manifestSumName)
	}
	return checkManifest(raw, seen)
}

// checkManifest decodes the manifest and compares it with the parts seen.
func checkManifest(raw []byte, seen map[string]Part) (Manifest, error) {
	var m Manifest
	if raw == nil {
		return m, fmt.Errorf("%w: no %s (not an amtsweg backup, or cut short)", ErrDamaged, manifestName)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("%w: %s: %v", ErrDamaged, manifestName, err)
	}
	if m.Format != FormatVersion {
		return m, fmt.Errorf("backup format %d: this binary reads format %d", m.Format, FormatVersion)
	}
	want := m.parts()
	var problems []string
	for name, p := range want {
		got, ok := seen[name]
		switch {
		case !ok:
			problems = append(problems, name+" is missing")
		case got.Size != p.Size || got.SHA256 != p.SHA256:
			problems = append(problems, fmt.Sprintf("%s has SHA-256 %s (%d bytes), the manifest says %s (%d bytes)", name, got.SHA256, got.Size, p.SHA256, p.Size))
		}
	}
	for name := range seen {
		if _, ok := want[name]; !ok && name != manifestName && name != manifestSumName {
			problems = append(problems, name+" is not in the manifest")
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return m, fmt.Errorf("%w: %d parts do not match the manifest: %s", ErrDamaged, len(problems), problems[0])
	}
	return m, nil
}
