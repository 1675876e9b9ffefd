package subscriber

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Process handles submission id of destination d once: a submission
// already decided only gets its event sent if that is still owed. Else
// it is fetched, opened and checked, and either filed as an application
// (then accept-submission) or rejected (reject-submission with the
// problems); the decision is recorded and audited before the event is
// sent. A returned error is transient: the next poll tries again, and
// never files a second application.
func (s *Service) Process(ctx context.Context, d Destination, id string) error {
	var sent bool
	err := s.db.QueryRowContext(ctx, `SELECT event_sent FROM fitconnect_inbox WHERE submission_id = $1 AND tenant_id = $2`,
		id, d.TenantID).Scan(&sent)
	switch {
	case err == nil && sent:
		return nil
	case err == nil:
		return s.resendOne(ctx, d.TenantID, id)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("fitconnect: inbox: %w", err)
	}
	sub, err := s.api.Get(ctx, id)
	if err != nil {
		return err
	}
	if sub.DestinationID != "" && sub.DestinationID != d.ID {
		return fmt.Errorf("fitconnect: submission %s is for destination %s, not %s", id, sub.DestinationID, d.ID)
	}
	o, err := openSubmission(ctx, d, sub, func(ctx context.Context, a string) (string, error) { return s.api.Attachment(ctx, id, a) })
	var rej *Rejection
	if err == nil {
		var rc apply.Receipt
		var form []fitconnect.AttachmentInfo
		rc, form, err = s.file(ctx, d, sub, o)
		if err == nil {
			return s.decide(ctx, d, sub, decision{appID: rc.ApplicationID, event: EventAccept, payload: acceptPayload(o.Tags), form: form,
				sender: senderOf(o)})
		}
	}
	if errors.As(err, &rej) {
		return s.decide(ctx, d, sub, decision{event: EventReject, payload: rejectPayload(rej.Problems), problems: rej.Problems,
			sender: senderOf(o)})
	}
	return err
}

// file matches the data schema to a procedure and files the submission
// through apply, to the destination's authority.
func (s *Service) file(ctx context.Context, d Destination, sub Submission, o opened) (apply.Receipt, []fitconnect.AttachmentInfo, error) {
	uri := o.Metadata.ContentStructure.Data.SubmissionSchema.SchemaURI
	def, err := s.procedureFor(ctx, uri)
	if err != nil {
		return apply.Receipt{}, nil, err
	}
	serviceKey, err := serviceKeyOf(def, sub, o)
	if err != nil {
		return apply.Receipt{}, nil, err
	}
	f := answersOf(def, o)
	if len(f.problems) > 0 {
		return apply.Receipt{}, nil, reject(f.problems...)
	}
	rc, err := s.apply.FileExternal(ctx, apply.External{TenantID: d.TenantID, ProcedureID: def.ID, Version: def.Version,
		ServiceKey: serviceKey, AuthorityID: d.AuthorityID, Answers: f.answers, Files: f.files, Form: senderForm(f.form, o),
		Channel: "fitconnect", ExternalID: sub.SubmissionID, Sender: senderOf(o)})
	if fault.Is(err, fault.Invalid) || fault.Is(err, fault.Unauthorized) {
		return rc, nil, reject(fieldProblems(err)...)
	}
	return rc, f.form, err
}

// procedureFor is the published procedure whose SchemaURI is uri.
func (s *Service) procedureFor(ctx context.Context, uri string) (procedure.Definition, error) {
	defs, err := procedure.LatestShared(ctx, s.db)
	if err != nil {
		return procedure.Definition{}, err
	}
	for _, def := range defs {
		if fitconnect.SchemaURI(*def) == uri {
			return *def, nil
		}
	}
	return procedure.Definition{}, reject(problem(UnsupportedSchema, "data", "schema %s is not the data schema of any procedure this authority publishes", uri))
}

// serviceKeyOf is the LeiKa key of the submission's service, which the
// procedure must serve.
func serviceKeyOf(def procedure.Definition, sub Submission, o opened) (string, error) {
	ident := sub.ServiceType.Identifier
	if p := o.Metadata.PublicServiceType; p != nil {
		ident = p.Identifier
	}
	if ident == "" || ident == fitconnect.ServiceURN("", def.ID) {
		return "", nil
	}
	for _, k := range def.LeiKa {
		if ident == fitconnect.ServiceURN(k, def.ID) {
			return k, nil
		}
	}
	return "", reject(problem(ServiceMismatch, "metadata", "procedure %s (schema %s) does not serve %s", def.ID, fitconnect.SchemaURI(def), ident))
}

// senderForm is the sender's first rendering of the form, filed with the
// application (apply.External.Form); nil when it sent none.
func senderForm(form []fitconnect.AttachmentInfo, o opened) *apply.ExternalFile {
	if len(form) == 0 {
		return nil
	}
	f := externalFile(apply.SenderForm, form[0], o.Files)
	return &f
}

// senderOf is the sender's own reference (Zeichen des Absenders) from the
// metadata, "" when it gives none.
func senderOf(o opened) string {
	if r := o.Metadata.AdditionalReferenceInfo; r != nil {
		return r.SenderReference
	}
	return ""
}

// fieldProblems turns apply's field errors into schema violations of the
// data, one per field.
func fieldProblems(err error) []Problem {
	var fe *fault.Error
	if !errors.As(err, &fe) || len(fe.Fields) == 0 {
		return []Problem{problem(SchemaViolation, "data", "%s", fault.MessageOf(err))}
	}
	var out []Problem
	for _, f := range fe.Fields {
		text := f.Text
		if text == "" {
			text = f.Key
		}
		out = append(out, problem(SchemaViolation, "data", "%s: %s", f.Field, text))
	}
	return out
}

// decision is what becomes of a submission.
type decision struct {
	appID    int64 // the filed application (accept)
	event    string
	payload  map[string]any
	problems []Problem                   // why rejected
	form     []fitconnect.AttachmentInfo // the sender's form renderings (answersOf); the first is filed
	sender   string                      // the sender's reference, "" when the metadata gave none or could not be read
}

// decide records the decision with its signed event and audit entry in one
// transaction, then sends the event.
func (s *Service) decide(ctx context.Context, d Destination, sub Submission, dc decision) error {
	appID, event, payload, problems := dc.appID, dc.event, dc.payload, dc.problems
	now := s.now().UTC().Truncate(time.Microsecond)
	set, err := signSET(d, sub.SubmissionID, sub.CaseID, event, payload, now)
	if err != nil {
		return err
	}
	outcome, action := Accepted, "fitconnect.accept"
	if event == EventReject {
		outcome, action = Rejected, "fitconnect.reject"
	}
	if problems == nil {
		problems = []Problem{}
	}
	pj, _ := json.Marshal(problems) // plain structs
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO fitconnect_inbox (submission_id, destination_id, tenant_id, case_id,
			outcome, application_id, problems, event, event_sent, received_at, service_id, service_name, sender)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, $9, $10, $11, $12)
			ON CONFLICT (submission_id) DO NOTHING`, sub.SubmissionID, d.ID, d.TenantID, sub.CaseID, outcome, nullID(appID), string(pj), set, now,
			sub.ServiceType.Identifier, sub.ServiceType.Name, dc.sender)
		if err != nil {
			return fmt.Errorf("fitconnect: record decision: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another run decided first
		}
		details := map[string]any{"destination": d.ID, "case": sub.CaseID, "authority": d.AuthorityID}
		if appID != 0 {
			details["application"] = appID
		}
		if len(problems) > 0 {
			details["problems"] = problemTypes(problems)
		}
		for i, a := range dc.form {
			key := "form" // filed with the application (senderForm)
			if i > 0 {
				key = "not_kept" // a second rendering: named, not filed
			}
			details[key] = a.AttachmentID + " " + a.Filename + " sha512:" + a.Hash.Content
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(d.TenantID), Actor: "system:fitconnect", Action: action,
			ObjectType: "fitconnect_submission", ObjectID: sub.SubmissionID, Details: details})
	})
	if err != nil {
		return err
	}
	return s.resendOne(ctx, d.TenantID, sub.SubmissionID)
}

func problemTypes(ps []Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, strings.TrimPrefix(p.Type, ProblemBase)+" ("+p.Instance+")")
	}
	return strings.Join(out, ", ")
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// resend sends every event still owed.
func (s *Service) resend(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT tenant_id, submission_id FROM fitconnect_inbox WHERE event_sent = FALSE ORDER BY received_at`)
	if err != nil {
		return fmt.Errorf("fitconnect: owed events: %w", err)
	}
	type owed struct {
		tenant tenant.ID
		id     string
	}
	all, err := store.Collect(rows, nil, func(r store.Row) (owed, error) {
		var o owed
		return o, r.Scan(&o.tenant, &o.id)
	})
	if err != nil {
		return fmt.Errorf("fitconnect: owed events: %w", err)
	}
	for _, o := range all {
		if err := s.resendOne(ctx, o.tenant, o.id); err != nil {
			return err
		}
	}
	return nil
}

// resendOne posts the recorded event of submission id and marks it sent.
func (s *Service) resendOne(ctx context.Context, tenantID tenant.ID, id string) error {
	var caseID, set string
	if err := s.db.QueryRowContext(ctx, `SELECT case_id, event FROM fitconnect_inbox WHERE submission_id = $1 AND tenant_id = $2`,
		id, tenantID).Scan(&caseID, &set); err != nil {
		return fmt.Errorf("fitconnect: event of %s: %w", id, err)
	}
	if err := s.api.PostEvent(ctx, caseID, set); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE fitconnect_inbox SET event_sent = TRUE, sent_at = $1 WHERE submission_id = $2 AND tenant_id = $3`,
		s.now().UTC().Truncate(time.Microsecond), id, tenantID)
	return err
}
