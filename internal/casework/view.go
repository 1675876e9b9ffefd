package casework

import (
	"context"
	"fmt"
	"github.com/amtsweg/amtsweg/internal/apply"
	"io"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// The back office's reads are audited like its changes: whoever opens a
// case, one of its documents or its export is in the audit log (the
// applicant's data are personal data; access must be traceable).

// View returns the case with the reference number for staff who may see
// it (else fault.NotFound) and records the view in the audit log
// ("case.view"). Opened by its assignee, or unassigned by its unit, the
// applicant's activity counts as read (unread.go).
func (s *Service) View(ctx context.Context, staff Staff, reference string) (Case, error) {
	c, err := s.ByReference(ctx, staff, reference)
	if err != nil {
		return Case{}, err
	}
	if err := s.auditRead(ctx, staff, c, "case.view", nil); err != nil {
		return Case{}, err
	}
	return c, s.markSeen(ctx, staff, c)
}

// AuditRead records a read of personal data of case c by staff that
// another capability serves (the mailbox's message attachments), in the
// same form as the case's own reads: action, reference and details.
func (s *Service) AuditRead(ctx context.Context, staff Staff, c Case, action string, details map[string]any) error {
	return s.auditRead(ctx, staff, c, action, details)
}

// auditRead writes one audit entry for a read of c by staff.
func (s *Service) auditRead(ctx context.Context, staff Staff, c Case, action string, details map[string]any) error {
	d := map[string]any{"reference": c.Reference}
	for k, v := range details {
		d[k] = v
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		return audit.Append(ctx, tx, audit.Entry{At: s.now(), TenantID: int64(c.TenantID), Actor: staff.actor(),
			Action: action, ObjectType: "case", ObjectID: strconv.FormatInt(c.ID, 10), Details: d})
	})
}

// OpenDocument returns a document of the file of case caseID for staff
// who may see the case, and records the access ("case.document_view");
// the caller closes the content.
func (s *Service) OpenDocument(ctx context.Context, staff Staff, caseID, documentID int64) (akte.Document, io.ReadCloser, error) {
	c, err := s.Get(ctx, staff, caseID)
	if err != nil {
		return akte.Document{}, nil, err
	}
	d, r, err := s.akte.Open(ctx, c.ID, documentID)
	if err != nil {
		return d, nil, err
	}
	if err := s.auditRead(ctx, staff, c, "case.document_view", map[string]any{"document": d.ID, "sha256": d.SHA256}); err != nil {
		r.Close()
		return d, nil, err
	}
	return d, r, nil
}

// Export writes the file of case caseID as an xdomea 0503 zip to w (see
// akte.Service.Export) for staff who may see the case, and records the
// export ("case.export"). The audit entry comes first: an export that
// fails half-way was still an access. An empty opt.Sender is the tenant's
// name, an empty opt.SenderKey (Behördenkennung) its slug.
func (s *Service) Export(ctx context.Context, staff Staff, caseID int64, w io.Writer, opt akte.ExportOptions) (akte.Export, error) {
	c, err := s.Get(ctx, staff, caseID)
	if err != nil {
		return akte.Export{}, err
	}
	if opt.Sender == "" {
		if opt.Sender, err = tenant.Name(ctx, s.db, c.TenantID); err != nil {
			return akte.Export{}, err
		}
	}
	if opt.SenderKey == "" {
		if opt.SenderKey, err = tenant.SlugOf(ctx, s.db, c.TenantID); err != nil {
			return akte.Export{}, err
		}
	}
	if err := s.auditRead(ctx, staff, c, "case.export", map[string]any{"format": "xdomea-3.0.0"}); err != nil {
		return akte.Export{}, err
	}
	return s.akte.Export(ctx, w, c.TenantID, c.Reference, opt)
}

// Submitted is the application of a case as it was submitted: the frozen
// answers and the definition of the procedure version it was filled in,
// so it renders with that version's labels.
type Submitted struct {
	Definition procedure.Definition
	Answers    map[string]any
	// Files are the application's attachments by field path, for the
	// answers' file fields.
	Files []SubmittedFile
	// Channel is where the application came from when not through the
	// portal's form (e.g. FIT-Connect); nil for the form.
	Channel *apply.Channel
}

// SubmittedFile is one attachment of the application.
type SubmittedFile struct {
	ID        int64
	FieldPath string
	Name      string
	MediaType string
	Size      int64
	SHA256    string
}

// Submission returns the submitted application of case caseID for staff
// who may see the case.
func (s *Service) Submission(ctx context.Context, staff Staff, caseID int64) (Submitted, error) {
	c, err := s.Get(ctx, staff, caseID)
	if err != nil {
		return Submitted{}, err
	}
	a, err := loadSubmission(ctx, s.db, c.ApplicationID)
	if err != nil {
		return Submitted{}, err
	}
	v, err := procedure.Get(ctx, s.db, a.ProcedureID, a.Version)
	if err != nil {
		return Submitted{}, fmt.Errorf("casework: procedure of case %d: %w", caseID, err)
	}
	if v, _, err = procedure.EffectiveVersion(ctx, s.db, a.TenantID, v); err != nil { // labels of local fields (overlay)
		return Submitted{}, err
	}
	atts, err := loadAttachments(ctx, s.db, a.ID)
	if err != nil {
		return Submitted{}, err
	}
	out := Submitted{Definition: v.Definition, Answers: a.Answers}
	if ch, ok, err := apply.ChannelOf(ctx, s.db, a.ID); err != nil {
		return Submitted{}, err
	} else if ok {
		out.Channel = &ch
	}
	for _, t := range atts {
		out.Files = append(out.Files, SubmittedFile{ID: t.ID, FieldPath: t.FieldPath, Name: t.Name,
			MediaType: t.MediaType, Size: t.Size, SHA256: t.SHA256})
	}
	return out, nil
}

// Assignee is a staff member a case can be assigned to.
type Assignee struct {
	ID   int64
	Name string
}

// Assignees lists the active case workers and heads of unit of the case's
// authority, by name, for the head of unit who assigns (else
// fault.Forbidden; an invisible case is fault.NotFound).
func (s *Service) Assignees(ctx context.Context, staff Staff, caseID int64) ([]Assignee, error) {
	c, err := s.Get(ctx, staff, caseID)
	if err != nil {
		return nil, err
	}
	if !staff.IsHead(c.AuthorityID) {
		return nil, fault.New(fault.Forbidden, "only the head of unit assigns cases")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT a.id, a.name FROM account a JOIN staff_role r ON r.account_id = a.id
		WHERE a.tenant_id = $1 AND a.kind = 'staff' AND a.state = 'active' AND r.authority_id = $2
		AND r.role IN ('case_worker', 'head_of_unit') ORDER BY a.name, a.id`, c.TenantID, c.AuthorityID)
	if err != nil {
		return nil, fmt.Errorf("casework: assignees: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Assignee, error) {
		var a Assignee
		err := row.Scan(&a.ID, &a.Name)
		return a, err
	})
}
