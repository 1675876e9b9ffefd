package akte

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// OpenTx opens the file of a new case inside tx (f.CaseID, TenantID,
// Reference, Title, ProcedureID, AuthorityName, Retention, PlanUnit,
// Disposal and OpenedAt are used). An empty Retention or Disposal takes
// the default of the filing-plan unit PlanUnit (Aktenplan), an empty
// Retention then P10Y. Opening an existing file does nothing.
func OpenTx(ctx context.Context, tx *store.Tx, f File) error {
	f, err := withPlanDefaults(ctx, tx, f)
	if err != nil {
		return err
	}
	if _, err := AddPeriod(f.OpenedAt, f.Retention); err != nil {
		return fault.Wrap(err, fault.Invalid, "retention period %q of %s is invalid", f.Retention, f.ProcedureID)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO akte_file (case_id, tenant_id, reference, title, procedure_id,
		authority_name, retention, guid, opened_at, plan_unit, disposal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (case_id) DO NOTHING`,
		f.CaseID, f.TenantID, f.Reference, f.Title, f.ProcedureID, f.AuthorityName, f.Retention, NewGUID(), f.OpenedAt.UTC(),
		f.PlanUnit, f.Disposal)
	if err != nil {
		return fmt.Errorf("akte: open file %d: %w", f.CaseID, err)
	}
	return nil
}

// SetAuthorityTx records the authority now in charge (after forwarding).
func SetAuthorityTx(ctx context.Context, tx *store.Tx, tenantID tenant.ID, caseID int64, name string) error {
	_, err := tx.ExecContext(ctx, `UPDATE akte_file SET authority_name = $1 WHERE case_id = $2 AND tenant_id = $3`,
		name, caseID, tenantID)
	return err
}

// FileTx files d in the file of d.CaseID inside tx and returns it with its
// id, position and GUID. d.Ref must be set; a document with the same Ref
// already in the file is returned as it is (filing is idempotent).
func FileTx(ctx context.Context, tx *store.Tx, d Document) (Document, error) {
	if d.Ref == "" || d.BlobKey == "" || d.SHA256 == "" {
		return Document{}, fault.New(fault.Invalid, "akte: a document needs a ref, a blob and its SHA-256")
	}
	if old, err := byRef(ctx, tx, d.CaseID, d.Ref); err == nil {
		return old, nil
	} else if !fault.Is(err, fault.NotFound) {
		return Document{}, err
	}
	// Counting in the file row locks it, so concurrent filings queue and
	// positions have no gaps.
	err := tx.QueryRowContext(ctx, `UPDATE akte_file SET documents = documents + 1 WHERE case_id = $1
		RETURNING documents`, d.CaseID).Scan(&d.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, notFound(d.CaseID)
	}
	if err != nil {
		return Document{}, fmt.Errorf("akte: number document: %w", err)
	}
	d.GUID = NewGUID()
	d.FiledAt = d.FiledAt.UTC()
	err = tx.QueryRowContext(ctx, `INSERT INTO akte_document (case_id, seq, kind, title, file_name, media_type,
		size, sha256, blob_key, author, ref, guid, filed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		RETURNING id`, d.CaseID, d.Seq, d.Kind, d.Title, d.FileName, d.MediaType, d.Size, d.SHA256, d.BlobKey,
		d.Author, d.Ref, d.GUID, d.FiledAt).Scan(&d.ID)
	if err != nil {
		return Document{}, fmt.Errorf("akte: file document: %w", err)
	}
	return d, nil
}

const docColumns = `id, case_id, seq, kind, title, file_name, media_type, size, sha256, blob_key, author, ref, guid, filed_at`

func scanDoc(row interface{ Scan(...any) error }) (Document, error) {
	var d Document
	err := row.Scan(&d.ID, &d.CaseID, &d.Seq, &d.Kind, &d.Title, &d.FileName, &d.MediaType, &d.Size, &d.SHA256,
		&d.BlobKey, &d.Author, &d.Ref, &d.GUID, &d.FiledAt)
	d.FiledAt = d.FiledAt.UTC()
	return d, err
}

func byRef(ctx context.Context, q store.Querier, caseID int64, ref string) (Document, error) {
	d, err := scanDoc(q.QueryRowContext(ctx, `SELECT `+docColumns+` FROM akte_document WHERE case_id = $1 AND ref = $2`, caseID, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fault.New(fault.NotFound, "no document %q in file %d", ref, caseID)
	}
	return d, err
}

// HasRef reports whether the file of caseID holds a document with ref.
func HasRef(ctx context.Context, q store.Querier, caseID int64, ref string) (bool, error) {
	_, err := byRef(ctx, q, caseID, ref)
	if fault.Is(err, fault.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// Documents lists the documents of the file of caseID in filing order.
// Callers check that the reader may see the case first (casework does).
func Documents(ctx context.Context, q store.Querier, caseID int64) ([]Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+docColumns+` FROM akte_document WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, fmt.Errorf("akte: list documents: %w", err)
	}
	out, err := store.Collect(rows, nil, scanDoc)
	if err != nil {
		return nil, fmt.Errorf("akte: scan document: %w", err)
	}
	return out, nil
}

const fileColumns = `case_id, tenant_id, reference, title, procedure_id, authority_name, retention, guid, documents,
	opened_at, closed_at, delete_after, legal_hold, hold_reason, plan_unit, disposal`

func scanFile(row interface{ Scan(...any) error }) (File, error) {
	var f File
	var closed, due sql.NullTime
	err := row.Scan(&f.CaseID, &f.TenantID, &f.Reference, &f.Title, &f.ProcedureID, &f.AuthorityName, &f.Retention,
		&f.GUID, &f.Documents, &f.OpenedAt, &closed, &due, &f.LegalHold, &f.HoldReason, &f.PlanUnit, &f.Disposal)
	f.OpenedAt, f.ClosedAt, f.DeleteAfter = f.OpenedAt.UTC(), timeOf(closed), timeOf(due)
	return f, err
}

// Get returns the file of caseID in tenantID, or fault.NotFound.
func Get(ctx context.Context, q store.Querier, tenantID tenant.ID, caseID int64) (File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM akte_file WHERE case_id = $1 AND tenant_id = $2`,
		caseID, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, notFound(caseID)
	}
	return f, err
}

// ByReference returns the file with the reference number of a tenant, or
// fault.NotFound.
func ByReference(ctx context.Context, q store.Querier, tenantID tenant.ID, reference string) (File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM akte_file WHERE tenant_id = $1 AND reference = $2`,
		tenantID, reference))
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, fault.New(fault.NotFound, "no file with reference %q", reference)
	}
	return f, err
}

// Open returns a document of the file of caseID and its content.
func (s *Service) Open(ctx context.Context, caseID, documentID int64) (Document, io.ReadCloser, error) {
	d, err := scanDoc(s.db.QueryRowContext(ctx, `SELECT `+docColumns+` FROM akte_document WHERE case_id = $1 AND id = $2`,
		caseID, documentID))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, nil, fault.New(fault.NotFound, "no document %d in file %d", documentID, caseID)
	}
	if err != nil {
		return Document{}, nil, err
	}
	r, err := s.blobs.Open(ctx, d.BlobKey)
	return d, r, err
}

// CloseTx closes the file (zu den Akten) at closedAt inside tx: the
// retention period starts, so the file is due for deletion at closedAt
// plus its retention.
func CloseTx(ctx context.Context, tx *store.Tx, tenantID tenant.ID, caseID int64, closedAt time.Time) error {
	f, err := Get(ctx, tx, tenantID, caseID)
	if err != nil {
		return err
	}
	due, err := AddPeriod(closedAt, f.Retention)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE akte_file SET closed_at = $1, delete_after = $2 WHERE case_id = $3 AND tenant_id = $4`,
		closedAt.UTC(), due.UTC(), caseID, tenantID)
	return err
}

// SetLegalHold sets or lifts the legal hold (Löschsperre) on the file of
// caseID, with its reason; actor is recorded in the audit log. Callers
// check the actor's right first (casework.Service.SetLegalHold does).
func (s *Service) SetLegalHold(ctx context.Context, actor string, tenantID tenant.ID, caseID int64, on bool, reason string) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		f, err := Get(ctx, tx, tenantID, caseID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE akte_file SET legal_hold = $1, hold_reason = $2 WHERE case_id = $3 AND tenant_id = $4`,
			on, reason, caseID, tenantID); err != nil {
			return fmt.Errorf("akte: legal hold: %w", err)
		}
		return audit.Append(ctx, tx, audit.Entry{At: s.now(), TenantID: int64(f.TenantID), Actor: actor,
			Action: "akte.legal_hold", ObjectType: "case", ObjectID: strconv.FormatInt(caseID, 10),
			Details: map[string]any{"on": on, "reason": reason}})
	})
}
