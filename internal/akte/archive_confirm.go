package akte

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// confirm applies a 0506: every object must be a file sent in this
// conversation; imported files are confirmed (and deleted by
// purgeDecided), the others go back to be sent again.
func (s *Service) confirm(ctx context.Context, actor string, m inMessage, files map[string]conv, rep *Reply) error {
	root := "/" + m.XMLName.Local
	var probs []string
	seen := map[string]string{}
	for i, o := range m.Imported {
		at := fmt.Sprintf("%s/AusgesondertesSGO[%d]", root, i+1)
		c, ok := files[strings.TrimSpace(o.ID)]
		switch {
		case !ok:
			probs = append(probs, fmt.Sprintf("%s/IDSGO: %s is no file of this ProzessID", at, o.ID))
		case seen[c.GUID] != "":
			probs = append(probs, fmt.Sprintf("%s/IDSGO: %s (%s) is confirmed twice", at, o.ID, c.Reference))
		case c.State != StateSent:
			probs = append(probs, fmt.Sprintf("%s/IDSGO: %s (%s) was not sent (%s)", at, o.ID, c.Reference, c.State))
		case o.OK != "1" && o.OK != "true" && o.OK != "0" && o.OK != "false":
			probs = append(probs, fmt.Sprintf("%s/Erfolgreich: %q is no xs:boolean", at, o.OK))
		}
		if ok {
			seen[c.GUID] = o.OK
		}
	}
	if len(probs) > 0 {
		return problems("the 0506 import confirmation", probs)
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var entries []audit.Entry
		for i, o := range m.Imported {
			c := files[strings.TrimSpace(o.ID)]
			if o.OK == "1" || o.OK == "true" {
				if err := moveState(ctx, tx, c, StateSent, StateConfirmed, "confirmed_at = $4, archive_ref = $5", now, o.ArchiveRef); err != nil {
					return err
				}
				rep.Confirmed = append(rep.Confirmed, c.Reference)
				entries = append(entries, step(now, actor, c.File, "akte.archive_confirmed", map[string]any{
					"process_id": rep.ProcessID, "archive_ref": o.ArchiveRef}))
				continue
			}
			if err := moveState(ctx, tx, c, StateSent, StateArchive, "sent_at = NULL, send_id = $4", ""); err != nil {
				return err
			}
			reason := fmt.Sprintf("%s: %s (AusgesondertesSGO[%d]/Fehlermeldung)", c.Reference, o.Error, i+1)
			rep.Failed = append(rep.Failed, reason)
			entries = append(entries, step(now, actor, c.File, "akte.archive_import_failed", map[string]any{
				"process_id": rep.ProcessID, "error": o.Error}))
		}
		rep.Open = open(files, seen, StateSent)
		return audit.AppendBatch(ctx, tx, entries)
	})
}

// acknowledge records the archive's receipt of our 0501 (0504) or 0503
// (0507) per file of the conversation; it changes no state.
func (s *Service) acknowledge(ctx context.Context, actor, code string, files map[string]conv, rep *Reply) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var entries []audit.Entry
		for _, c := range files {
			entries = append(entries, step(now, actor, c.File, "akte.archive_received_"+code, map[string]any{
				"process_id": rep.ProcessID, "message": messageNames[code]}))
		}
		return audit.AppendBatch(ctx, tx, entries)
	})
}

// receipt writes the 0505 (BewertungEmpfangBestaetigen) for a 0502.
func (s *Service) receipt(w io.Writer, processID string, opt ExportOptions) (*Message, error) {
	m := newMessage("0505", processID)
	msg, err := render("0505", header("0505", processID, opt, nil, s.now()), nil)
	if err != nil {
		return nil, err
	}
	z := zip.NewWriter(w)
	if err := addZip(z, processID+"_"+messageNames["0505"]+".xml", strings.NewReader(string(msg))); err != nil {
		return nil, err
	}
	return &m, z.Close()
}

// purgeDecided deletes the files of a conversation that may go: appraised
// for destruction, or confirmed imported by the archive — unless on legal
// hold (they stay, and go with the next message of the conversation).
func (s *Service) purgeDecided(ctx context.Context, actor string, tenantID tenant.ID, processID string) ([]string, error) {
	files, err := s.conversation(ctx, tenantID, processID)
	if err != nil {
		return nil, err
	}
	var deleted []string
	for _, c := range files {
		if c.LegalHold || (c.State != StateDestroy && c.State != StateConfirmed) {
			continue
		}
		action := map[string]string{StateDestroy: "akte.archive_destroy", StateConfirmed: "akte.archive_delete"}[c.State]
		d := Due{CaseID: c.CaseID, TenantID: c.TenantID, Reference: c.Reference, ProcedureID: c.ProcedureID,
			ClosedAt: c.ClosedAt, DeleteAfter: c.DeleteAfter, Documents: c.Documents}
		ok, err := s.purge(ctx, d, func(tx *store.Tx) (bool, error) {
			var hold bool
			var state string
			err := tx.QueryRowContext(ctx, `SELECT f.legal_hold, d.state FROM akte_file f JOIN akte_disposal d
				ON d.case_id = f.case_id WHERE f.case_id = $1 AND f.tenant_id = $2 AND d.tenant_id = $2`, c.CaseID, tenantID).Scan(&hold, &state)
			return err == nil && !hold && state == c.State, err
		}, step(s.now(), actor, c.File, action, map[string]any{"process_id": processID, "documents": c.Documents}))
		if err != nil {
			return deleted, err
		}
		if ok {
			deleted = append(deleted, c.Reference)
		}
	}
	return deleted, nil
}
