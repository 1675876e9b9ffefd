package apply

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/bearer"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// External is an application that reached the portal from outside its
// form (eingehender Antrag), e.g. a FIT-Connect submission another
// portal (Onlinedienst) sent to one of the tenant's authorities.
type External struct {
	TenantID    tenant.ID
	ProcedureID string
	Version     int
	// ServiceKey is the LeiKa key applied for; "" takes the procedure's
	// first one.
	ServiceKey string
	// AuthorityID is the authority the sender addressed; the application
	// is routed there, not by place. 0 routes by place as for the form.
	AuthorityID int64
	// Answers are by field id, as the form stores them; file fields are
	// left out (see Files).
	Answers map[string]any
	Files   []ExternalFile
	// Form is the sender's own rendering of the application form (a PDF,
	// FIT-Connect purpose "form"), if it sent one: it answers no field
	// and is kept as the application's attachment at SenderForm, which
	// the case file files as a receipt document (akte.Receipt).
	Form *ExternalFile
	// Channel names where it came from ("fitconnect"), ExternalID its id
	// there (the submission id) and Sender the sender's own reference
	// (Zeichen des Absenders, may be empty); the pair
	// (Channel, ExternalID) files one application however often it is
	// given.
	Channel, ExternalID, Sender string
}

// SenderForm is the FieldPath of the attachment that holds the sending
// portal's rendering of the form (External.Form); no field has it.
const SenderForm = "@sender_form"

// ExternalFile is one attachment of an External application for the file
// field at FieldPath.
type ExternalFile struct {
	FieldPath, Name, MediaType string
	Content                    []byte
}

// Channel is where a submitted application came from when not from the
// portal's own form.
type Channel struct {
	Channel, ExternalID, Sender string
	AuthorityID                 int64
}

// FileExternal files in as a submitted application exactly as the form
// would (validation, uploads with their type check and virus scan,
// reference number, routing, receipt, events and audit entries; see
// Submit) and records its channel. An application that fails — a field
// error is fault.Invalid naming the field — leaves nothing behind: its
// draft, attachments and blobs are removed again. Filing the same
// (Channel, ExternalID) again returns the first receipt.
func (s *Service) FileExternal(ctx context.Context, in External) (Receipt, error) {
	if in.Channel == "" || in.ExternalID == "" {
		return Receipt{}, fault.New(fault.Invalid, "an external application needs its channel and id")
	}
	id, submitted, err := s.externalApplication(ctx, in.TenantID, in.Channel, in.ExternalID)
	switch {
	case err != nil:
		return Receipt{}, err
	case submitted:
		return s.readReceipt(ctx, id)
	case id != 0: // a draft an earlier attempt left when its process died: start afresh
		if err := s.discardExternal(ctx, in.TenantID, id); err != nil {
			return Receipt{}, err
		}
	}
	id, owner, err := s.startExternal(ctx, in)
	if err != nil {
		return Receipt{}, err
	}
	rc, err := s.completeExternal(ctx, id, owner, in)
	if err != nil {
		if derr := s.discardExternal(ctx, in.TenantID, id); derr != nil {
			s.log.Error("apply: external application left as draft", "application", id, "err", derr)
		}
		return Receipt{}, err
	}
	return rc, nil
}

// ChannelOf returns where application id came from; ok is false for an
// application of the portal's own form.
func ChannelOf(ctx context.Context, q store.Querier, id int64) (c Channel, ok bool, err error) {
	var auth sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT channel, external_id, sender, authority_id FROM application_channel
		WHERE application_id = $1`, id).Scan(&c.Channel, &c.ExternalID, &c.Sender, &auth)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("apply: channel of %d: %w", id, err)
	}
	c.AuthorityID = auth.Int64
	return c, true, nil
}

// externalApplication finds the application filed for (channel,
// externalID): its id and whether it was submitted; 0 for none.
func (s *Service) externalApplication(ctx context.Context, tenantID tenant.ID, channel, externalID string) (int64, bool, error) {
	var id int64
	var status string
	err := s.db.QueryRowContext(ctx, `SELECT c.application_id, a.status FROM application_channel c
		JOIN application a ON a.id = c.application_id
		WHERE c.channel = $1 AND c.external_id = $2 AND a.tenant_id = $3`, channel, externalID, tenantID).Scan(&id, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("apply: external application: %w", err)
	}
	return id, status == string(Submitted), nil
}

// startExternal creates the draft with the answers and its channel. It
// belongs to nobody: a guest draft whose resume secret is only held here,
// so the procedure need not allow guests (the sender authenticated the
// applicant).
func (s *Service) startExternal(ctx context.Context, in External) (int64, Owner, error) {
	v, p, err := s.version(ctx, in.TenantID, in.ProcedureID, in.Version)
	if err != nil {
		return 0, Owner{}, err
	}
	key, err := serviceKeyFor(p.Def, in.ServiceKey)
	if err != nil {
		return 0, Owner{}, err
	}
	secret, hash := bearer.New()
	owner := GuestOwner(in.TenantID, secret)
	a := Application{TenantID: in.TenantID, ProcedureID: v.ProcedureID, Version: v.Version, ServiceKey: key, Status: Draft,
		Answers: in.Answers, Page: p.Def.Pages[0].ID}
	answers, err := json.Marshal(in.Answers)
	if err != nil {
		return 0, Owner{}, fault.New(fault.Invalid, "the answers cannot be stored: %v", err)
	}
	now := now()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if in.AuthorityID != 0 {
			if _, err := catalog.GetAuthority(ctx, tx, in.TenantID, in.AuthorityID); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO application (tenant_id, procedure_id, procedure_version,
			service_key, status, answers, current_page, resume_hash, resume_expires_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $9) RETURNING id`,
			a.TenantID, a.ProcedureID, a.Version, a.ServiceKey, string(answers), a.Page, hash, now.Add(s.cfg.ResumeTTL), now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("apply: insert external draft: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO application_channel (application_id, channel, external_id, sender, authority_id)
			VALUES ($1, $2, $3, $4, $5)`, a.ID, in.Channel, in.ExternalID, in.Sender, nullID(in.AuthorityID)); err != nil {
			return fmt.Errorf("apply: record channel: %w", err)
		}
		return s.audit(ctx, tx, a, "application.external", map[string]any{"procedure": fmt.Sprintf("%s/%d", a.ProcedureID, a.Version),
			"channel": in.Channel, "external_id": in.ExternalID, "sender": in.Sender})
	})
	return a.ID, owner, err
}

// completeExternal uploads the files and submits.
func (s *Service) completeExternal(ctx context.Context, id int64, owner Owner, in External) (Receipt, error) {
	for _, f := range in.Files {
		if _, err := s.Upload(ctx, id, owner, f.FieldPath, f.Name, f.MediaType, bytes.NewReader(f.Content)); err != nil {
			return Receipt{}, err
		}
	}
	if in.Form != nil {
		if err := s.keepSenderForm(ctx, id, owner, *in.Form); err != nil {
			return Receipt{}, err
		}
	}
	return s.Submit(ctx, id, owner, in.Channel+":"+in.ExternalID)
}

// keepSenderForm stores the sender's form rendering like an upload
// (sniffed — it must be a PDF —, streamed, scanned, audited) as the
// attachment at SenderForm.
func (s *Service) keepSenderForm(ctx context.Context, id int64, owner Owner, f ExternalFile) error {
	a, err := s.loadApp(ctx, s.db, id, owner, "")
	if err != nil {
		return err
	}
	field := procedure.Field{ID: SenderForm, Type: procedure.FileUpload, MediaTypes: []string{"application/pdf"}}
	t, err := s.storeFile(ctx, a.TenantID, SenderForm, field, bytes.NewReader(f.Content))
	if err != nil {
		return err
	}
	t.ApplicationID, t.FieldPath, t.Name = id, SenderForm, NameFor(CleanFilename(f.Name), t.MediaType)
	if err := s.insertAttachment(ctx, owner, &t, field, f.MediaType); err != nil {
		s.undoStore(ctx, t.BlobKey, err)
		return err
	}
	return nil
}

// discardExternal removes a draft FileExternal could not submit, with its
// attachments and their blobs (rows first, then blobs; see the package
// comment). An application that was submitted after all (a commit whose
// answer was lost) is kept whole.
func (s *Service) discardExternal(ctx context.Context, tenantID tenant.ID, id int64) error {
	ctx = context.WithoutCancel(ctx)
	atts, err := listAttachments(ctx, s.db, id)
	if err != nil {
		return err
	}
	draft := false
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE application SET updated_at = updated_at WHERE id = $1 AND tenant_id = $2 AND status = 'draft'`, id, tenantID)
		if err != nil {
			return fmt.Errorf("apply: lock external draft %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // submitted (or gone): nothing to undo
		}
		draft = true
		for _, q := range []string{
			`DELETE FROM application_attachment WHERE application_id = (SELECT id FROM application WHERE id = $1 AND tenant_id = $2)`,
			`DELETE FROM application_channel WHERE application_id = (SELECT id FROM application WHERE id = $1 AND tenant_id = $2)`,
			`DELETE FROM application WHERE id = $1 AND tenant_id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, id, tenantID); err != nil {
				return fmt.Errorf("apply: discard external draft %d: %w", id, err)
			}
		}
		return nil
	})
	if err != nil || !draft {
		return err
	}
	for _, t := range atts {
		s.deleteBlob(ctx, t.BlobKey)
	}
	return nil
}

// pinnedAuthority is the authority an external application was addressed
// to (application_channel); ok is false when it names none.
func (s *Service) pinnedAuthority(ctx context.Context, a Application) (catalog.Authority, bool, error) {
	var auth sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT authority_id FROM application_channel WHERE application_id = $1`, a.ID).Scan(&auth)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !auth.Valid {
		return catalog.Authority{}, false, nil
	}
	if err != nil {
		return catalog.Authority{}, false, fmt.Errorf("apply: pinned authority: %w", err)
	}
	got, err := catalog.GetAuthority(ctx, s.db, a.TenantID, auth.Int64)
	return got, err == nil, err
}
