package akte

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// The states of a file in the archive conversation (akte_disposal.state).
const (
	StateOffered   = "offered"   // listed in a 0501 Anbieteverzeichnis
	StateArchive   = "archive"   // the archive's 0502 said archivieren
	StateDestroy   = "destroy"   // the archive's 0502 said vernichten
	StateSent      = "sent"      // handed over in a 0503
	StateConfirmed = "confirmed" // the archive's 0506 confirmed the import
)

// Message is a message of the archive conversation amtsweg wrote.
type Message struct {
	Code      string // 0501, 0503 or 0505
	ProcessID string // ProzessID
	FileName  string // "<ProzessID>_<message name>.zip"
	Files     []string
	Documents int
	// Warnings name files whose filing-plan unit the tenant's plan lacks.
	Warnings []string
}

func newMessage(code, processID string) Message {
	return Message{Code: code, ProcessID: processID, FileName: processID + "_" + messageNames[code] + ".zip"}
}

// Offer writes one 0501 (Anbieteverzeichnis) to w listing every file of
// tenantID due for disposal that was not offered yet: retention over,
// Aussonderungsart A or B, not on legal hold. Each file is marked offered
// and audited ("akte.archive_offer") in one transaction after the message
// was written; with nothing due it writes nothing and returns no Files.
func (s *Service) Offer(ctx context.Context, w io.Writer, actor string, tenantID tenant.ID, opt ExportOptions) (Message, error) {
	now := s.now()
	files, err := s.files(ctx, dueForArchive, tenantID, now)
	m := newMessage("0501", NewGUID())
	if err != nil || len(files) == 0 {
		return m, err
	}
	if m.Documents, err = s.writePackage(ctx, w, "0501", m.ProcessID, files, opt); err != nil {
		return m, err
	}
	for _, f := range files {
		m.Files = append(m.Files, f.Reference)
		if f.PlanUnit == "" {
			m.Warnings = append(m.Warnings, f.Reference+": the procedure names no filing-plan unit")
		} else if _, err := Unit(ctx, s.db, tenantID, f.PlanUnit); fault.Is(err, fault.NotFound) {
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s: the filing plan has no unit %q", f.Reference, f.PlanUnit))
		}
	}
	return m, s.db.Tx(ctx, func(tx *store.Tx) error {
		entries := make([]audit.Entry, 0, len(files))
		for _, f := range files {
			res, err := tx.ExecContext(ctx, `INSERT INTO akte_disposal (case_id, tenant_id, state, offer_id, offered_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING`, f.CaseID, tenantID, StateOffered, m.ProcessID, now)
			if err != nil {
				return fmt.Errorf("akte: mark %s offered: %w", f.Reference, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fault.New(fault.Conflict, "%s was offered meanwhile; offer again", f.Reference)
			}
			entries = append(entries, step(now, actor, f, "akte.archive_offer", map[string]any{"process_id": m.ProcessID}))
		}
		return audit.AppendBatch(ctx, tx, entries)
	})
}

// step is the audit entry of one file's step in the conversation.
func step(at time.Time, actor string, f File, action string, details map[string]any) audit.Entry {
	details["reference"] = f.Reference
	return audit.Entry{At: at, TenantID: int64(f.TenantID), Actor: actor, Action: action, ObjectType: "case",
		ObjectID: strconv.FormatInt(f.CaseID, 10), Details: details}
}

// Send writes the 0503 (Aussonderung) of the conversation processID to w:
// every file of tenantID offered with that ProzessID that the archive
// appraised for archiving and that is not on legal hold, documents
// included (xdomea keeps one ProzessID from the 0501 to the 0506). Then it
// marks them sent and audits each ("akte.archive_send"). With nothing to
// send it writes nothing and returns no Files; ToSend lists the
// conversations that have files to send.
func (s *Service) Send(ctx context.Context, w io.Writer, actor string, tenantID tenant.ID, processID string, opt ExportOptions) (Message, error) {
	now := s.now()
	files, err := s.files(ctx, `SELECT `+fileColumns+` FROM akte_file f WHERE tenant_id = $1 AND NOT legal_hold
		AND EXISTS (SELECT 1 FROM akte_disposal d WHERE d.case_id = f.case_id AND d.state = $2 AND d.offer_id = $3)
		ORDER BY case_id`, tenantID, StateArchive, processID)
	m := newMessage("0503", processID)
	if err != nil || len(files) == 0 {
		return m, err
	}
	if m.Documents, err = s.writePackage(ctx, w, "0503", m.ProcessID, files, opt); err != nil {
		return m, err
	}
	return m, s.db.Tx(ctx, func(tx *store.Tx) error {
		entries := make([]audit.Entry, 0, len(files))
		for _, f := range files {
			res, err := tx.ExecContext(ctx, `UPDATE akte_disposal SET state = $1, send_id = $2, sent_at = $3
				WHERE case_id = $4 AND state = $5 AND tenant_id = $6`, StateSent, m.ProcessID, now, f.CaseID, StateArchive, tenantID)
			if err != nil {
				return fmt.Errorf("akte: mark %s sent: %w", f.Reference, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fault.New(fault.Conflict, "%s was sent meanwhile; send again", f.Reference)
			}
			m.Files = append(m.Files, f.Reference)
			entries = append(entries, step(now, actor, f, "akte.archive_send", map[string]any{"process_id": m.ProcessID,
				"documents": f.Documents}))
		}
		return audit.AppendBatch(ctx, tx, entries)
	})
}

// ToSend lists the ProzessIDs of tenantID's conversations with files the
// archive appraised for archiving that were not sent yet.
func ToSend(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT offer_id FROM akte_disposal WHERE tenant_id = $1 AND state = $2
		ORDER BY offer_id`, tenantID, StateArchive)
	return store.Collect(rows, err, func(row store.Row) (string, error) {
		var id string
		err := row.Scan(&id)
		return id, err
	})
}

// files lists the files a query selects.
func (s *Service) files(ctx context.Context, query string, args ...any) ([]File, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	out, err := store.Collect(rows, err, scanFile)
	if err != nil {
		return nil, fmt.Errorf("akte: list files: %w", err)
	}
	return out, nil
}

// DisposalState is where a file stands in the archive conversation.
type DisposalState struct {
	CaseID     int64
	Reference  string
	State      string // one of the State constants
	OfferID    string // ProzessID of the 0501
	SendID     string // ProzessID of the 0503
	ArchiveRef string // Archivkennung from the 0506
	// OfferedAt, AppraisedAt and SentAt are when the 0501 was written,
	// the 0502 applied and the 0503 written (zero before).
	OfferedAt, AppraisedAt, SentAt time.Time
}

// Disposals lists the files of tenantID in the archive conversation with
// the dates of their steps.
func Disposals(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]DisposalState, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.case_id, f.reference, d.state, d.offer_id, d.send_id, d.archive_ref,
		d.offered_at, d.appraised_at, d.sent_at FROM akte_disposal d JOIN akte_file f ON f.case_id = d.case_id
		WHERE d.tenant_id = $1 ORDER BY d.case_id`, tenantID)
	return store.Collect(rows, err, func(row store.Row) (DisposalState, error) {
		var d DisposalState
		var offered, appraised, sent sql.NullTime
		err := row.Scan(&d.CaseID, &d.Reference, &d.State, &d.OfferID, &d.SendID, &d.ArchiveRef, &offered, &appraised, &sent)
		d.OfferedAt, d.AppraisedAt, d.SentAt = timeOf(offered), timeOf(appraised), timeOf(sent)
		return d, err
	})
}

// problems is the error of a message with named problems: nothing of it
// was applied.
func problems(what string, list []string) error {
	return fault.New(fault.Invalid, "%s has %d problems, nothing was applied:\n  %s", what, len(list), strings.Join(list, "\n  "))
}
