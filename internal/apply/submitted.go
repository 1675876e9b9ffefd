package apply

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Submission is the read model of a submitted application (eingereichter
// Antrag) that the back office works from: its frozen answers, routing,
// applicant account and receipt PDF. Package casework reads it here
// instead of reading apply's table.
type Submission struct {
	ID          int64
	TenantID    tenant.ID
	ProcedureID string
	Version     int
	AccountID   int64 // 0: a guest
	Answers     map[string]any
	SubmittedAt time.Time
	Reference   string
	AuthorityID int64  // 0: to the clearing office
	ReceiptBlob string // "": the receipt PDF is not stored yet
}

// SubmittedFile is one attachment (Anlage) of a submitted application,
// as the back office files it.
type SubmittedFile struct {
	ID        int64
	FieldPath string
	Name      string
	MediaType string
	Size      int64
	SHA256    string
	BlobKey   string
	CreatedAt time.Time
}

// LoadSubmission reads submitted application id through q (a transaction
// or the pool); fault.NotFound when there is none.
func LoadSubmission(ctx context.Context, q store.Querier, id int64) (Submission, error) {
	var a Submission
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
		return a, fmt.Errorf("apply: read submission %d: %w", id, err)
	}
	a.AccountID, a.AuthorityID, a.ReceiptBlob = account.Int64, authority.Int64, receipt.String
	a.SubmittedAt = a.SubmittedAt.UTC()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers keep every digit (procedure's normalized form)
	if err := dec.Decode(&a.Answers); err != nil {
		return a, fmt.Errorf("apply: decode answers of %d: %w", id, err)
	}
	return a, nil
}

// SubmittedFiles lists the attachments of application applicationID in
// upload order, through q.
func SubmittedFiles(ctx context.Context, q store.Querier, applicationID int64) ([]SubmittedFile, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, field_path, file_name, media_type, size, sha256, blob_key, created_at
		FROM application_attachment WHERE application_id = $1 ORDER BY id`, applicationID)
	if err != nil {
		return nil, fmt.Errorf("apply: submitted files: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (SubmittedFile, error) {
		var t SubmittedFile
		err := row.Scan(&t.ID, &t.FieldPath, &t.Name, &t.MediaType, &t.Size, &t.SHA256, &t.BlobKey, &t.CreatedAt)
		t.CreatedAt = t.CreatedAt.UTC()
		return t, err
	})
}

// Summary is the read model of any application (draft or submitted) that
// the mailbox needs: whose it is and its reference number.
type Summary struct {
	ID        int64
	TenantID  tenant.ID
	AccountID int64  // 0: a guest
	Reference string // "" before submission
}

// SummaryOf returns the summary of application id of tenantID through q;
// fault.NotFound when the tenant has no such application.
func SummaryOf(ctx context.Context, q store.Querier, tenantID tenant.ID, id int64) (Summary, error) {
	s := Summary{ID: id, TenantID: tenantID}
	var account sql.NullInt64
	var ref sql.NullString
	err := q.QueryRowContext(ctx, `SELECT account_id, reference FROM application WHERE id = $1 AND tenant_id = $2`, id, tenantID).
		Scan(&account, &ref)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fault.New(fault.NotFound, "no application %d", id)
	}
	if err != nil {
		return s, fmt.Errorf("apply: summary of %d: %w", id, err)
	}
	s.AccountID, s.Reference = account.Int64, ref.String
	return s, nil
}
