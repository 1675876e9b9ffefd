package blob

// Encryption at rest (Verschlüsselung ruhender Daten).
//
// Every blob Sealed writes is
//
//	header (20 bytes) | Tink streaming AEAD ciphertext
//
// header = magic (8 bytes "\x89AWB\r\n\x1a\n") | tenant id (int64, big
// endian) | data key version (uint32, big endian). It names the key, so
// Open needs no tenant argument.
//
// The ciphertext is Tink's AES256_GCM_HKDF streaming AEAD (package
// github.com/tink-crypto/tink-go/v2/streamingaead/subtle, the segment
// format of Tink's specification, 64 KiB segments): a random salt and
// nonce prefix start the stream; HKDF-SHA256 derives a fresh AES-256-GCM
// key per blob from the tenant's data key, the salt and the associated
// data; every segment carries its number and a last-segment flag in its
// nonce. So a changed byte, a dropped or reordered segment and a cut-off
// tail all fail authentication. The associated data is the header plus
// the blob's key: bytes copied under another key (swapping two blobs) or
// a header changed to another tenant or key version do not decrypt. We
// use Tink's implementation rather than our own: it is a published,
// reviewed construction (the STREAM family) maintained by Google.
//
// Memory per open stream is one segment (64 KiB) plus buffers, whatever
// the file's size.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
	tink "github.com/tink-crypto/tink-go/v2/streamingaead/subtle"
)

// Magic opens every sealed blob. Its first byte is not ASCII and its line
// endings catch a text-mode copy, like PNG's signature.
const Magic = "\x89AWB\r\n\x1a\n"

// HeaderSize is the length of a sealed blob's header.
const HeaderSize = len(Magic) + 8 + 4

// segmentSize is Tink's ciphertext segment size.
const segmentSize = 64 << 10

// ErrNotSealed is the cause of the error Open returns for a blob without
// a sealed header while plaintext blobs are not accepted.
var ErrNotSealed = errors.New("blob is not encrypted")

// Keys hands Sealed the data keys (Datenschlüssel, DEK) of the tenants;
// internal/blob/keyring keeps them wrapped in the database.
type Keys interface {
	// Current returns the version and the 32-byte data key new blobs of
	// tenant t are sealed with, creating the first one if needed.
	Current(ctx context.Context, t tenant.ID) (uint32, []byte, error)
	// Key returns the data key version of tenant t.
	Key(ctx context.Context, t tenant.ID, version uint32) ([]byte, error)
}

// Sealed is the Store the capabilities use: it encrypts on Put and
// decrypts on Open, writing through a backend that sees only ciphertext.
type Sealed struct {
	backend Lister
	keys    Keys
	// plaintext: blobs without a sealed header are read as they are
	// (an installation that stored files before encryption, until
	// `amtsweg keys reencrypt` has rewritten them).
	plaintext bool
}

// NewSealed returns a Store sealing into backend with keys. With
// plaintext, blobs written before encryption existed are readable.
func NewSealed(backend Lister, keys Keys, plaintext bool) *Sealed {
	return &Sealed{backend: backend, keys: keys, plaintext: plaintext}
}

// Backend returns the store underneath (backup copies its ciphertext).
func (s *Sealed) Backend() Lister { return s.backend }

// Header is the decoded header of a sealed blob.
type Header struct {
	Tenant  tenant.ID
	Version uint32
}

func (h Header) bytes() []byte {
	b := make([]byte, 0, HeaderSize)
	b = append(b, Magic...)
	b = binary.BigEndian.AppendUint64(b, uint64(h.Tenant))
	return binary.BigEndian.AppendUint32(b, h.Version)
}

// ParseHeader decodes b (at least HeaderSize bytes); ok is false when b
// does not start with Magic.
func ParseHeader(b []byte) (h Header, ok bool) {
	if len(b) < HeaderSize || string(b[:len(Magic)]) != Magic {
		return Header{}, false
	}
	h.Tenant = tenant.ID(binary.BigEndian.Uint64(b[len(Magic):]))
	h.Version = binary.BigEndian.Uint32(b[len(Magic)+8:])
	return h, true
}

func aad(h Header, key string) []byte { return append(h.bytes(), key...) }

func streamCipher(dek []byte) (*tink.AESGCMHKDF, error) {
	return tink.NewAESGCMHKDF(dek, "SHA256", 32, segmentSize, 0)
}

// Put implements Store.
func (s *Sealed) Put(ctx context.Context, t tenant.ID, r io.Reader, limit int64) (Info, error) {
	version, dek, err := s.keys.Current(ctx, t)
	if err != nil {
		return Info{}, fmt.Errorf("blob: data key of tenant %d: %w", t, err)
	}
	return s.seal(ctx, newKey(), Header{Tenant: t, Version: version}, dek, r, limit)
}

// seal encrypts r into the backend under key. A goroutine encrypts into
// a pipe the backend reads from, so neither side holds the whole file.
func (s *Sealed) seal(ctx context.Context, key string, h Header, dek []byte, r io.Reader, limit int64) (Info, error) {
	sc, err := streamCipher(dek)
	if err != nil {
		return Info{}, err
	}
	pr, pw := io.Pipe()
	done := make(chan Info, 1)
	go func() {
		info, err := encrypt(ctx, pw, sc, h, key, r, limit)
		done <- info
		pw.CloseWithError(err)
	}()
	_, err = s.backend.PutAt(ctx, key, pr)
	pr.CloseWithError(errors.New("blob: backend stopped reading")) // unblocks encrypt after a failed PutAt
	info := <-done
	if err != nil {
		var tooLarge *tooLargeError
		if errors.As(err, &tooLarge) {
			return Info{}, tooLarge.err
		}
		return Info{}, err
	}
	info.Key = key
	return info, nil
}

// tooLargeError carries the limit error through the backend unchanged.
type tooLargeError struct{ err error }

func (e *tooLargeError) Error() string { return e.err.Error() }
func (e *tooLargeError) Unwrap() error { return e.err }

// encrypt writes header and ciphertext of r to w, hashing the plaintext.
func encrypt(ctx context.Context, w io.Writer, sc *tink.AESGCMHKDF, h Header, key string, r io.Reader, limit int64) (Info, error) {
	if _, err := w.Write(h.bytes()); err != nil {
		return Info{}, err
	}
	ew, err := sc.NewEncryptingWriter(w, aad(h, key))
	if err != nil {
		return Info{}, err
	}
	info, err := copyLimited(ctx, ew, r, limit)
	if errors.Is(err, ErrTooLarge) {
		return Info{}, &tooLargeError{err}
	}
	if err != nil {
		return Info{}, err
	}
	return info, ew.Close()
}

// Open implements Store. A blob whose authentication fails reports the
// failure on the Read that meets it: a stream cannot know earlier.
func (s *Sealed) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	rc, err := s.backend.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	r, err := s.decrypt(ctx, key, rc)
	if err != nil {
		rc.Close()
		return nil, err
	}
	return readCloser{r, rc}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// decrypt reads the header of rc and returns the plaintext reader.
func (s *Sealed) decrypt(ctx context.Context, key string, rc io.Reader) (io.Reader, error) {
	head := make([]byte, HeaderSize)
	n, err := io.ReadFull(rc, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("blob %s: read: %w", key, err)
	}
	h, ok := ParseHeader(head[:n])
	if !ok {
		if !s.plaintext {
			return nil, fault.Wrap(ErrNotSealed, fault.Internal, "blob %s is not encrypted", key)
		}
		return io.MultiReader(bytes.NewReader(head[:n]), rc), nil
	}
	dek, err := s.keys.Key(ctx, h.Tenant, h.Version)
	if err != nil {
		return nil, fmt.Errorf("blob %s: data key %d of tenant %d: %w", key, h.Version, h.Tenant, err)
	}
	sc, err := streamCipher(dek)
	if err != nil {
		return nil, err
	}
	return sc.NewDecryptingReader(rc, aad(h, key))
}

// Delete implements Store.
func (s *Sealed) Delete(ctx context.Context, key string) error { return s.backend.Delete(ctx, key) }

// Walk lists the backend's blobs (the orphan sweep).
func (s *Sealed) Walk(ctx context.Context, fn func(Entry) error) error {
	return s.backend.Walk(ctx, fn)
}

// PurgeTemp deletes the backend's unfinished writes (the orphan sweep).
func (s *Sealed) PurgeTemp(ctx context.Context, before time.Time) (int, error) {
	return s.backend.PurgeTemp(ctx, before)
}

// Sweeper is what the orphan sweep needs of a store: list, clean up,
// delete. Sealed and every Lister have it.
type Sweeper interface {
	Walk(ctx context.Context, fn func(Entry) error) error
	PurgeTemp(ctx context.Context, before time.Time) (int, error)
	Delete(ctx context.Context, key string) error
}

// HeaderOf reads the header of the stored blob key; ok is false for a
// plaintext blob (written before encryption).
func (s *Sealed) HeaderOf(ctx context.Context, key string) (h Header, ok bool, err error) {
	rc, err := s.backend.Open(ctx, key)
	if err != nil {
		return Header{}, false, err
	}
	defer rc.Close()
	head := make([]byte, HeaderSize)
	n, err := io.ReadFull(rc, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Header{}, false, err
	}
	h, ok = ParseHeader(head[:n])
	return h, ok, nil
}

// Reseal rewrites the blob key under tenant t's current data key, in
// place (PutAt replaces atomically): a blob of an older key version, or
// a plaintext blob, which is sealed for t. It returns the plaintext's
// SHA-256, unchanged by the rewrite.
func (s *Sealed) Reseal(ctx context.Context, key string, t tenant.ID) (string, error) {
	version, dek, err := s.keys.Current(ctx, t)
	if err != nil {
		return "", err
	}
	// The plaintext passes through this process only as a stream.
	rc, err := s.Open(ctx, key)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	info, err := s.seal(ctx, key, Header{Tenant: t, Version: version}, dek, rc, 1<<62)
	return info.SHA256, err
}

// SHA256 streams the plaintext of key through SHA-256 (checks, tests).
func (s *Sealed) SHA256(ctx context.Context, key string) (string, int64, error) {
	rc, err := s.Open(ctx, key)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
