package casework

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// A notice PDF is sealed with a detached Ed25519 signature over the
// SHA-256 of its bytes, made with the issuing authority's key. The key is
// created on the authority's first notice; its private half is stored
// encrypted with the installation's seal secret (AES-256-GCM, the
// authority id as additional data), its public half is published
// (PublicKey) so anyone can check a notice without this portal.

// signingKey returns the authority's private key, creating the key pair
// on first use.
func (s *Service) signingKey(ctx context.Context, tenantID tenant.ID, authorityID int64) (ed25519.PrivateKey, error) {
	sealed, err := s.readKey(ctx, s.db, tenantID, authorityID, "private_key")
	if fault.Is(err, fault.NotFound) {
		if err := s.createKey(ctx, tenantID, authorityID); err != nil {
			return nil, err
		}
		sealed, err = s.readKey(ctx, s.db, tenantID, authorityID, "private_key")
	}
	if err != nil {
		return nil, err
	}
	seed, err := s.unseal(sealed, authorityID)
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func (s *Service) readKey(ctx context.Context, q store.Querier, tenantID tenant.ID, authorityID int64, column string) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT `+column+` FROM case_seal_key WHERE authority_id = $1 AND tenant_id = $2`,
		authorityID, tenantID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "authority %d has no seal key", authorityID)
	}
	return b, err
}

// createKey stores a new key pair; a concurrent creator's key wins.
func (s *Service) createKey(ctx context.Context, tenantID tenant.ID, authorityID int64) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	sealed, err := s.seal(priv.Seed(), authorityID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO case_seal_key (authority_id, tenant_id, algorithm, public_key, private_key, created_at)
			VALUES ($1, $2, 'ed25519', $3, $4, $5) ON CONFLICT (authority_id) DO NOTHING`,
			authorityID, tenantID, []byte(pub), sealed, s.now())
		if err != nil {
			return fmt.Errorf("casework: store seal key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Append(ctx, tx, audit.Entry{At: s.now(), TenantID: int64(tenantID), Actor: "system",
			Action: "case.seal_key_create", ObjectType: "authority", ObjectID: strconv.FormatInt(authorityID, 10),
			Details: map[string]any{"public_key": hex.EncodeToString(pub)}})
	})
}

func (s *Service) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.secret)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (s *Service) seal(plain []byte, authorityID int64) ([]byte, error) {
	g, err := s.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize())
	rand.Read(nonce)
	return g.Seal(nonce, nonce, plain, []byte(strconv.FormatInt(authorityID, 10))), nil
}

func (s *Service) unseal(sealed []byte, authorityID int64) ([]byte, error) {
	g, err := s.aead()
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize() {
		return nil, errors.New("casework: sealed key too short")
	}
	plain, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], []byte(strconv.FormatInt(authorityID, 10)))
	if err != nil {
		return nil, fmt.Errorf("casework: cannot open the seal key of authority %d (wrong seal secret?): %w", authorityID, err)
	}
	return plain, nil
}

// PublicKey returns the published Ed25519 public key of an authority's
// seal, or fault.NotFound before its first notice.
func (s *Service) PublicKey(ctx context.Context, authorityID int64) (ed25519.PublicKey, error) {
	return PublicKey(ctx, s.db, authorityID)
}

// PublicKey is Service.PublicKey for callers without a Service (the CLI).
func PublicKey(ctx context.Context, q store.Querier, authorityID int64) (ed25519.PublicKey, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT public_key FROM case_seal_key WHERE authority_id = $1`, authorityID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "authority %d has no seal key", authorityID)
	}
	return ed25519.PublicKey(b), err
}

// Verification is the result of checking a notice PDF.
type Verification struct {
	Valid         bool
	Reason        string // why not valid, in plain words
	SHA256        string
	NoticeID      int64
	Reference     string
	Title         string
	Outcome       Outcome
	AuthorityID   int64
	AuthorityName string
	TenantName    string // the tenant (Mandant) whose authority sealed it
	SentAt        time.Time
}

// Verify checks a notice PDF: it must be a sent notice of this portal,
// found by the SHA-256 of its bytes, whose seal verifies with the
// authority's public key. Any changed byte changes the hash, so a modified
// copy is not found and invalid. Only a failing database is an error.
func (s *Service) Verify(ctx context.Context, pdfBytes []byte) (Verification, error) {
	return Verify(ctx, s.db, pdfBytes)
}

// Verify is Service.Verify for callers without a Service (the CLI
// `amtsweg verify notice`); it needs no secret.
func Verify(ctx context.Context, q store.Querier, pdfBytes []byte) (Verification, error) {
	sum := sha256.Sum256(pdfBytes)
	return verifyHash(ctx, q, `n.sha256 = $1`, hex.EncodeToString(sum[:]))
}

// VerifyReference checks a notice by reference number and the SHA-256 the
// holder computed of their PDF: the public verification page (no login).
func (s *Service) VerifyReference(ctx context.Context, tenantID tenant.ID, reference, sha256Hex string) (Verification, error) {
	h := strings.ToLower(strings.TrimSpace(sha256Hex))
	v, err := verifyHash(ctx, s.db, `n.sha256 = $1 AND n.tenant_id = $2 AND c.reference = $3`, h, tenantID, strings.TrimSpace(reference))
	v.SHA256 = h
	return v, err
}

func verifyHash(ctx context.Context, q store.Querier, cond string, args ...any) (Verification, error) {
	v := Verification{SHA256: args[0].(string)}
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeColumns+noticeFrom+` WHERE n.status = 'sent' AND `+cond+
		` ORDER BY n.sent_at, n.id`, args...)) // identical bytes in two tenants: the first issued is the original
	if errors.Is(err, sql.ErrNoRows) {
		v.Reason = "no notice with this content was issued here; the document was changed or is not from this portal"
		return v, nil
	}
	if err != nil {
		return v, fmt.Errorf("casework: verify: %w", err)
	}
	v.NoticeID, v.Reference, v.Title, v.Outcome, v.AuthorityID, v.SentAt = n.ID, n.Reference, n.Title, n.Outcome, n.AuthorityID, n.SentAt
	var tenantID tenant.ID
	if err := q.QueryRowContext(ctx, `SELECT n.tenant_id, t.name FROM case_notice n JOIN tenant t ON t.id = n.tenant_id
		WHERE n.id = $1`, n.ID).Scan(&tenantID, &v.TenantName); err != nil {
		return v, fmt.Errorf("casework: verify: tenant: %w", err)
	}
	if a, err := catalog.GetAuthority(ctx, q, tenantID, n.AuthorityID); err == nil {
		v.AuthorityName = a.Name
	}
	pub, err := PublicKey(ctx, q, n.AuthorityID)
	if err != nil {
		v.Reason = "the authority's seal key is missing"
		return v, nil
	}
	digest, _ := hex.DecodeString(n.SHA256)
	if !ed25519.Verify(pub, digest, n.Signature) {
		v.Reason = "the seal does not match the document"
		return v, nil
	}
	v.Valid = true
	return v, nil
}
