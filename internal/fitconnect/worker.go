package fitconnect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
)

// seal is SealJob's worker: it builds, encrypts and stores the form of a
// case once. A case that left the authority, or an authority without a
// key, is discarded (Permanent); anything else is retried.
func (s *Service) seal(ctx context.Context, j SealJob) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM fitconnect_submission WHERE case_id = $1 AND authority_id = $2`,
		j.CaseID, j.AuthorityID).Scan(&n); err != nil || n > 0 {
		return err
	}
	k, err := KeyOf(ctx, s.db, j.TenantID, j.AuthorityID)
	if fault.Is(err, fault.NotFound) {
		return jobs.Permanent(err)
	}
	if err != nil {
		return err
	}
	pub, err := k.Public()
	if err != nil {
		return jobs.Permanent(err)
	}
	content, err := s.content(ctx, j)
	if fault.Is(err, fault.NotFound) {
		return jobs.Permanent(err)
	}
	if err != nil {
		return err
	}
	sealed, err := Seal(content, pub)
	if err != nil {
		return err
	}
	return s.store(ctx, j, sealed)
}

// principal reads the case as a head of unit of its authority, so
// casework's scope checks apply and its reads are audited.
func principal(j SealJob) casework.Staff {
	return casework.NewStaff(j.TenantID, 0, "FIT-Connect", []account.StaffRole{{AuthorityID: j.AuthorityID, Role: account.RoleHeadOfUnit}})
}

// content reads the submitted application of the job's case with every
// attachment's bytes, checked against the SHA-256 recorded at upload.
func (s *Service) content(ctx context.Context, j SealJob) (Content, error) {
	staff := principal(j)
	c, err := s.cases.Get(ctx, staff, j.CaseID)
	if err != nil {
		return Content{}, err
	}
	if c.AuthorityID != j.AuthorityID {
		return Content{}, fault.New(fault.NotFound, "case %d is no longer with authority %d", j.CaseID, j.AuthorityID)
	}
	sub, err := s.cases.Submission(ctx, staff, j.CaseID)
	if err != nil {
		return Content{}, err
	}
	def := sub.Definition
	out := Content{ProcedureID: c.ProcedureID, ProcedureVersion: c.Version, ServiceName: c.ProcedureTitle,
		Reference: c.Reference, SubmittedAt: c.ReceivedAt, Answers: sub.Answers,
		CaseUUID: CaseUUID(j.TenantID, j.CaseID), SchemaURI: SchemaURI(def), Definition: &def}
	// The LeiKa key is the application's (read-only, as package integration does).
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(service_key, '') FROM application WHERE id = $1`,
		c.ApplicationID).Scan(&out.LeiKaKey); err != nil {
		return Content{}, fmt.Errorf("fitconnect: service key of case %d: %w", j.CaseID, err)
	}
	docs, err := s.cases.Documents(ctx, staff, j.CaseID)
	if err != nil {
		return Content{}, err
	}
	if out.Form, err = s.form(ctx, staff, c, docs); err != nil {
		return Content{}, err
	}
	for _, f := range sub.Files {
		b, err := s.file(ctx, staff, j.CaseID, docs, f)
		if err != nil {
			return Content{}, err
		}
		out.Files = append(out.Files, File{Ref: strconv.FormatInt(f.ID, 10), Name: f.Name, MediaType: f.MediaType, Content: b})
	}
	return out, nil
}

// form reads the application form: the receipt PDF (Antrag und
// Eingangsbestätigung) package apply renders, from the case file where
// casework files it (document ref "receipt"), or, before it is filed,
// rendered by apply (Forms; deterministic, so the same bytes). Without
// either the job is retried.
func (s *Service) form(ctx context.Context, staff casework.Staff, c casework.Case, docs []akte.Document) (*File, error) {
	for _, d := range docs {
		if d.Ref != "receipt" {
			continue
		}
		_, rc, err := s.cases.OpenDocument(ctx, staff, c.ID, d.ID)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, s.cfg.MaxFile+1))
		if err != nil {
			return nil, fmt.Errorf("fitconnect: read form of case %d: %w", c.ID, err)
		}
		if int64(len(b)) > s.cfg.MaxFile {
			return nil, jobs.Permanent(fmt.Errorf("fitconnect: form of case %d larger than %d bytes", c.ID, s.cfg.MaxFile))
		}
		return &File{Name: d.FileName, MediaType: "application/pdf", Content: b}, nil
	}
	if s.forms == nil {
		return nil, fmt.Errorf("fitconnect: the application form (receipt PDF) of case %d is not filed yet", c.ID)
	}
	b, err := s.forms.ReceiptPDFOf(ctx, c.TenantID, c.ApplicationID, "de")
	if err != nil {
		return nil, fmt.Errorf("fitconnect: form of case %d: %w", c.ID, err)
	}
	return &File{Name: "Eingangsbestaetigung-" + c.Reference + ".pdf", MediaType: "application/pdf", Content: b}, nil
}

// file reads attachment f from the case file where routing filed it.
func (s *Service) file(ctx context.Context, staff casework.Staff, caseID int64, docs []akte.Document, f casework.SubmittedFile) ([]byte, error) {
	for _, d := range docs {
		if d.Ref != "attachment:"+strconv.FormatInt(f.ID, 10) {
			continue
		}
		_, rc, err := s.cases.OpenDocument(ctx, staff, caseID, d.ID)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, s.cfg.MaxFile+1))
		if err != nil {
			return nil, fmt.Errorf("fitconnect: read attachment %d: %w", f.ID, err)
		}
		if int64(len(b)) > s.cfg.MaxFile {
			return nil, jobs.Permanent(fmt.Errorf("fitconnect: attachment %d larger than %d bytes", f.ID, s.cfg.MaxFile))
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != f.SHA256 {
			return nil, fmt.Errorf("fitconnect: attachment %d does not match its SHA-256", f.ID)
		}
		return b, nil
	}
	// Routing files the attachments in the same step that creates the case.
	return nil, fmt.Errorf("fitconnect: attachment %d of case %d not in the file", f.ID, caseID)
}

// store writes the sealed form and its audit entry in one transaction.
func (s *Service) store(ctx context.Context, j SealJob, x Sealed) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO fitconnect_submission (id, tenant_id, authority_id, case_id, kid,
			metadata_jwe, data_jwe, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (case_id, authority_id) DO NOTHING`, x.ID, j.TenantID, j.AuthorityID, j.CaseID, x.KeyID,
			x.MetadataJWE, x.DataJWE, time.Now().UTC().Truncate(time.Microsecond))
		if err != nil {
			return fmt.Errorf("fitconnect: store submission: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another attempt won
		}
		for i, a := range x.Attachments {
			if _, err := tx.ExecContext(ctx, `INSERT INTO fitconnect_attachment (submission_id, attachment_id, position, jwe)
				VALUES ($1, $2, $3, $4)`, x.ID, a.ID, i, a.JWE); err != nil {
				return fmt.Errorf("fitconnect: store attachment: %w", err)
			}
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(j.TenantID), Actor: "system:fitconnect",
			Action: "fitconnect.seal", ObjectType: "case", ObjectID: strconv.FormatInt(j.CaseID, 10),
			Details: map[string]any{"submission": x.ID, "kid": x.KeyID, "attachments": len(x.Attachments)}})
	})
}
