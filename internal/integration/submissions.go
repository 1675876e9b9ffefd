package integration

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Submission is a submitted application as its authority's specialised
// system sees it (Antragsdaten): its case, metadata and, from Get, the
// frozen answers by the procedure's field ids and the attachments.
type Submission struct {
	CaseID           int64
	ApplicationID    int64
	AuthorityID      int64
	Reference        string
	ProcedureID      string
	ProcedureVersion int
	LeiKaKey         string
	Status           string
	SubmittedAt      time.Time
	AcknowledgedAt   time.Time // zero while unacknowledged
	// AckOverdue flags a submission not acknowledged within AckWithin.
	AckOverdue  bool
	Data        map[string]any
	Attachments []Attachment
}

// Attachment is one file of a submission.
type Attachment struct {
	ID        int64
	FieldPath string
	Name      string
	MediaType string
	Size      int64
	SHA256    string
}

// Reads of apply's and casework's tables (read-only, like casework reads
// apply's): the list needs the acknowledgement, which is this package's.
const selectSubmission = `SELECT c.id, c.application_id, c.authority_id, c.reference, c.procedure_id,
	c.procedure_version, COALESCE(a.service_key, ''), c.status, c.received_at, k.at
	FROM case_record c JOIN application a ON a.id = c.application_id
	LEFT JOIN api_ack k ON k.case_id = c.id
	WHERE c.tenant_id = $1 AND (CAST($2 AS BIGINT) = 0 OR c.authority_id = $2)`

func (s *Service) scan(row interface{ Scan(...any) error }) (Submission, error) {
	var x Submission
	var ack sql.NullTime
	err := row.Scan(&x.CaseID, &x.ApplicationID, &x.AuthorityID, &x.Reference, &x.ProcedureID, &x.ProcedureVersion,
		&x.LeiKaKey, &x.Status, &x.SubmittedAt, &ack)
	x.SubmittedAt = x.SubmittedAt.UTC()
	if ack.Valid {
		x.AcknowledgedAt = ack.Time.UTC()
	}
	x.AckOverdue = !ack.Valid && s.clock().Sub(x.SubmittedAt) > s.cfg.AckWithin
	return x, err
}

// List returns c's submissions oldest first, after case id after, at most
// limit (1–200); onlyNew limits them to the unacknowledged ones.
func (s *Service) List(ctx context.Context, c apiclient.Client, onlyNew bool, after int64, limit int) ([]Submission, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	q := selectSubmission + ` AND c.id > $3`
	if onlyNew {
		q += ` AND k.case_id IS NULL`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY c.id LIMIT $4`, c.TenantID, c.AuthorityID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("integration: list: %w", err)
	}
	out := []Submission{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		x, err := s.scan(row)
		if err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// Get returns submission caseID of c's scope with data and attachments.
func (s *Service) Get(ctx context.Context, c apiclient.Client, caseID int64) (Submission, error) {
	x, err := s.scan(s.db.QueryRowContext(ctx, selectSubmission+` AND c.id = $3`, c.TenantID, c.AuthorityID, caseID))
	if errors.Is(err, sql.ErrNoRows) {
		return x, fault.New(fault.NotFound, "submission %d not found", caseID)
	}
	if err != nil {
		return x, fmt.Errorf("integration: get: %w", err)
	}
	staff, err := s.principal(ctx, c)
	if err != nil {
		return x, err
	}
	sub, err := s.cases.Submission(ctx, staff, caseID)
	if err != nil {
		return x, err
	}
	x.Data, x.Attachments = sub.Answers, []Attachment{}
	for _, f := range sub.Files {
		x.Attachments = append(x.Attachments, Attachment{ID: f.ID, FieldPath: f.FieldPath, Name: f.Name,
			MediaType: f.MediaType, Size: f.Size, SHA256: f.SHA256})
	}
	return x, nil
}

// Acknowledge records that c's system received submission caseID; again
// is a no-op that keeps the first time.
func (s *Service) Acknowledge(ctx context.Context, c apiclient.Client, caseID int64) (Submission, error) {
	if _, err := s.Get(ctx, c, caseID); err != nil {
		return Submission{}, err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO api_ack (case_id, client_id, at) VALUES ($1, $2, $3)
		ON CONFLICT (case_id) DO NOTHING`, caseID, c.ID, s.clock().UTC().Truncate(time.Microsecond))
	if err != nil {
		return Submission{}, fmt.Errorf("integration: acknowledge: %w", err)
	}
	return s.Get(ctx, c, caseID)
}

// OpenAttachment returns attachment id of submission caseID, from the
// case file where routing filed it.
func (s *Service) OpenAttachment(ctx context.Context, c apiclient.Client, caseID, id int64) (Attachment, io.ReadCloser, error) {
	staff, err := s.principal(ctx, c)
	if err != nil {
		return Attachment{}, nil, err
	}
	docs, err := s.cases.Documents(ctx, staff, caseID)
	if err != nil {
		return Attachment{}, nil, err
	}
	for _, d := range docs {
		if d.Ref == "attachment:"+strconv.FormatInt(id, 10) {
			_, rc, err := s.cases.OpenDocument(ctx, staff, caseID, d.ID)
			return Attachment{ID: id, Name: d.FileName, MediaType: d.MediaType, Size: d.Size, SHA256: d.SHA256}, rc, err
		}
	}
	return Attachment{}, nil, fault.New(fault.NotFound, "attachment %d not found", id)
}
