package casework

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// submission is what casework reads of a submitted application. It reads
// package apply's table directly (read-only): apply offers no staff-side
// read API, and a case needs the frozen answers, the routing and the files.
type submission struct {
	ID          int64
	TenantID    tenant.ID
	ProcedureID string
	Version     int
	AccountID   int64
	Answers     map[string]any
	SubmittedAt time.Time
	Reference   string
	AuthorityID int64
	ReceiptBlob string
}

type attachmentRow struct {
	ID        int64
	FieldPath string
	Name      string
	MediaType string
	Size      int64
	SHA256    string
	BlobKey   string
	CreatedAt time.Time
}

func loadSubmission(ctx context.Context, q store.Querier, id int64) (submission, error) {
	var a submission
	var raw []byte
	var account, authority sql.NullInt64
	var receipt sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, tenant_id, procedure_id, procedure_version, account_id, answers,
		submitted_at, reference, authority_id, receipt_blob FROM application WHERE id = $1 AND status = 'submitted'`, id).
		Scan(&a.ID, &a.TenantID, &a.ProcedureID, &a.Version, &account, &raw, &a.SubmittedAt, &a.Reference, &authority, &receipt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fault.New(fault.NotFound, "no submitted application %d", id)
	}
	if err != nil {
		return a, fmt.Errorf("casework: read application %d: %w", id, err)
	}
	a.AccountID, a.AuthorityID, a.ReceiptBlob = account.Int64, authority.Int64, receipt.String
	a.SubmittedAt = a.SubmittedAt.UTC()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers keep every digit (procedure's normalized form)
	if err := dec.Decode(&a.Answers); err != nil {
		return a, fmt.Errorf("casework: decode answers of %d: %w", id, err)
	}
	return a, nil
}

func loadAttachments(ctx context.Context, q store.Querier, applicationID int64) ([]attachmentRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, field_path, file_name, media_type, size, sha256, blob_key, created_at
		FROM application_attachment WHERE application_id = $1 ORDER BY id`, applicationID)
	if err != nil {
		return nil, fmt.Errorf("casework: attachments: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (attachmentRow, error) {
		var t attachmentRow
		if err := row.Scan(&t.ID, &t.FieldPath, &t.Name, &t.MediaType, &t.Size, &t.SHA256, &t.BlobKey, &t.CreatedAt); err != nil {
			return t, err
		}
		t.CreatedAt = t.CreatedAt.UTC()
		return t, nil
	})
}

// applicantName finds the applicant's name in the answers: a "name" field,
// or "vornamen" + "familienname", or a company name, at the top level or in
// a (non-repeated) group; else the account's name; else "".
func applicantName(ctx context.Context, q store.Querier, a submission) string {
	if n := nameIn(a.Answers, 0); n != "" {
		return n
	}
	var name string
	if a.AccountID != 0 {
		q.QueryRowContext(ctx, `SELECT name FROM account WHERE id = $1 AND tenant_id = $2`, a.AccountID, a.TenantID).Scan(&name)
	}
	return strings.TrimSpace(name)
}

func nameIn(m map[string]any, depth int) string {
	str := func(k string) string { s, _ := m[k].(string); return strings.TrimSpace(s) }
	if n := str("name"); n != "" {
		return n
	}
	if f := str("familienname"); f != "" {
		return strings.TrimSpace(str("vornamen") + " " + f)
	}
	for _, k := range []string{"firma", "firmenname"} {
		if n := str(k); n != "" {
			return n
		}
	}
	if depth >= 2 {
		return ""
	}
	for _, k := range []string{"antragsteller", "person", "applicant"} {
		if sub, ok := m[k].(map[string]any); ok {
			if n := nameIn(sub, depth+1); n != "" {
				return n
			}
		}
	}
	return ""
}

// fold lower-cases s and folds umlauts and ß, for search.
func fold(s string) string {
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// applicantEmail returns the address, language and tenant name of the
// applicant's active account in tenantID; no address for guests and
// deleted accounts.
func applicantEmail(ctx context.Context, q store.Querier, tenantID tenant.ID, accountID int64) mail.Addressee {
	var to mail.Addressee
	var lang string
	if accountID == 0 {
		return to
	}
	q.QueryRowContext(ctx, `SELECT a.email, a.lang, t.name FROM account a JOIN tenant t ON t.id = a.tenant_id
		WHERE a.id = $1 AND a.tenant_id = $2 AND a.state = 'active'`, accountID, tenantID).Scan(&to.To, &lang, &to.Portal)
	to.Lang = mail.Lang(lang)
	return to
}

// portal is the name that signs a notification: the tenant's, else the
// configured portal name.
func (s *Service) portal(to mail.Addressee) string {
	if to.Portal != "" {
		return to.Portal
	}
	return s.cfg.Portal
}
