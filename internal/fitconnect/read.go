package fitconnect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Submission is a sealed submission as an API client sees it. The JWEs
// are only filled by Get.
type Submission struct {
	ID     string
	CaseID int64
	// CaseUUID is the FIT-Connect caseId (CaseUUID of the case).
	CaseUUID      string
	TenantID      tenant.ID
	AuthorityID   int64
	DestinationID string
	KeyID         string
	CreatedAt     time.Time
	Acknowledged  bool
	MetadataJWE   string
	DataJWE       string
	AttachmentIDs []string
}

// The acknowledgement is package integration's (api_ack, read-only here):
// a FIT-Connect client acknowledges through the same operation.
const selectSubmission = `SELECT s.id, s.tenant_id, s.case_id, s.authority_id, COALESCE(k.destination_id, ''), s.kid, s.created_at,
	CASE WHEN a.case_id IS NULL THEN 0 ELSE 1 END
	FROM fitconnect_submission s LEFT JOIN fitconnect_key k ON k.authority_id = s.authority_id
	LEFT JOIN api_ack a ON a.case_id = s.case_id
	WHERE s.tenant_id = $1 AND (CAST($2 AS BIGINT) = 0 OR s.authority_id = $2)`

func scanSubmission(row interface{ Scan(...any) error }) (Submission, error) {
	var x Submission
	var acked int
	err := row.Scan(&x.ID, &x.TenantID, &x.CaseID, &x.AuthorityID, &x.DestinationID, &x.KeyID, &x.CreatedAt, &acked)
	x.CreatedAt, x.Acknowledged = x.CreatedAt.UTC(), acked == 1
	x.CaseUUID = CaseUUID(x.TenantID, x.CaseID)
	return x, err
}

// List returns the sealed submissions of c's authority (all of the
// tenant's for a tenant-wide client), oldest first, at most 500;
// onlyNew leaves out the acknowledged ones.
func (s *Service) List(ctx context.Context, c apiclient.Client, onlyNew bool) ([]Submission, error) {
	q := selectSubmission
	if onlyNew {
		q += ` AND a.case_id IS NULL`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY s.created_at, s.id LIMIT 500`, c.TenantID, c.AuthorityID)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: list: %w", err)
	}
	out := []Submission{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		x, err := scanSubmission(row)
		if err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// Get returns submission id of c's scope with its metadata and data JWEs
// and its attachment ids in the metadata's order; another's is
// fault.NotFound.
func (s *Service) Get(ctx context.Context, c apiclient.Client, id string) (Submission, error) {
	x, err := scanSubmission(s.db.QueryRowContext(ctx, selectSubmission+` AND s.id = $3`, c.TenantID, c.AuthorityID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return x, fault.New(fault.NotFound, "submission %s not found", id)
	}
	if err != nil {
		return x, fmt.Errorf("fitconnect: get: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT metadata_jwe, data_jwe FROM fitconnect_submission WHERE id = $1`, id).
		Scan(&x.MetadataJWE, &x.DataJWE); err != nil {
		return x, fmt.Errorf("fitconnect: get: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT attachment_id FROM fitconnect_attachment WHERE submission_id = $1 ORDER BY position`, id)
	if err != nil {
		return x, fmt.Errorf("fitconnect: attachments: %w", err)
	}
	x.AttachmentIDs = []string{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var a string
		if err := row.Scan(&a); err != nil {
			return err
		}
		x.AttachmentIDs = append(x.AttachmentIDs, a)
		return nil
	})
	return x, err
}

// Attachment returns the JWE of attachment attachmentID of submission id
// in c's scope.
func (s *Service) Attachment(ctx context.Context, c apiclient.Client, id, attachmentID string) (string, error) {
	var jwe string
	err := s.db.QueryRowContext(ctx, `SELECT a.jwe FROM fitconnect_attachment a
		JOIN fitconnect_submission s ON s.id = a.submission_id
		WHERE s.tenant_id = $1 AND (CAST($2 AS BIGINT) = 0 OR s.authority_id = $2) AND s.id = $3 AND a.attachment_id = $4`,
		c.TenantID, c.AuthorityID, id, attachmentID).Scan(&jwe)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fault.New(fault.NotFound, "attachment %s of submission %s not found", attachmentID, id)
	}
	if err != nil {
		return "", fmt.Errorf("fitconnect: attachment: %w", err)
	}
	return jwe, nil
}
