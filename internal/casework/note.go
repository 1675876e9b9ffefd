package casework

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// AddNote adds an internal note (Vermerk) to a case staff may see; it is
// filed in the case file and never shown to the applicant. Any staff
// member who sees the case may add one.
func (s *Service) AddNote(ctx context.Context, staff Staff, caseID int64, body string) (Note, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return Note{}, fault.Fields("the note is empty", fault.FieldError{Field: "body", Key: "field.required", Text: "please write a note"})
	}
	if err := checkLengths(freeText{"body", body, MaxNote}); err != nil {
		return Note{}, err
	}
	if _, err := s.Get(ctx, staff, caseID); err != nil {
		return Note{}, err
	}
	now := s.now()
	doc, err := s.akte.PutText(ctx, staff.TenantID, akte.Note, "Vermerk", fmt.Sprintf("Vermerk-%s.txt", now.Format("20060102-150405")),
		fmt.Sprintf("Vermerk vom %s\nVerfasst von: %s\n\n%s\n", germanDateTime(now), staff.Name, body))
	if err != nil {
		return Note{}, err
	}
	n := Note{CaseID: caseID, AuthorID: staff.AccountID, AuthorName: staff.Name, Body: body, CreatedAt: now}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := lockTenantCase(ctx, tx, staff.TenantID, caseID)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_note (case_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)
			RETURNING id`, caseID, staff.AccountID, body, now).Scan(&n.ID); err != nil {
			return fmt.Errorf("casework: add note: %w", err)
		}
		doc.CaseID, doc.Author, doc.Ref, doc.FiledAt = caseID, staff.Name, "note:"+strconv.FormatInt(n.ID, 10), now
		if _, err := akte.FileTx(ctx, tx, doc); err != nil {
			return err
		}
		return s.step(ctx, tx, c, staff.actor(), "note", c.Status, map[string]any{"note": n.ID})
	})
	return n, err
}

// Notes lists the internal notes of a case staff may see, oldest first.
func (s *Service) Notes(ctx context.Context, staff Staff, caseID int64) ([]Note, error) {
	if _, err := s.Get(ctx, staff, caseID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.case_id, n.author_id, COALESCE(a.name, ''), n.body, n.created_at
		FROM case_note n LEFT JOIN account a ON a.id = n.author_id AND a.tenant_id = $2
		WHERE n.case_id = $1 ORDER BY n.id`, caseID, staff.TenantID)
	if err != nil {
		return nil, fmt.Errorf("casework: notes: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Note, error) {
		var n Note
		if err := row.Scan(&n.ID, &n.CaseID, &n.AuthorID, &n.AuthorName, &n.Body, &n.CreatedAt); err != nil {
			return n, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		return n, nil
	})
}

// Documents lists the documents of the file of a case staff may see, in
// filing order; open one with akte.Service.Open.
func (s *Service) Documents(ctx context.Context, staff Staff, caseID int64) ([]akte.Document, error) {
	if _, err := s.Get(ctx, staff, caseID); err != nil {
		return nil, err
	}
	return akte.Documents(ctx, s.db, caseID)
}

// SetLegalHold sets or lifts the legal hold (Löschsperre) on the file of a
// case; only a head of unit of the case's authority may.
func (s *Service) SetLegalHold(ctx context.Context, staff Staff, caseID int64, on bool, reason string) error {
	if err := checkLengths(freeText{"reason", reason, MaxReason}); err != nil {
		return err
	}
	c, err := s.Get(ctx, staff, caseID)
	if err != nil {
		return err
	}
	if !staff.IsHead(c.AuthorityID) {
		return fault.New(fault.Forbidden, "only the head of unit sets a legal hold")
	}
	return s.akte.SetLegalHold(ctx, staff.actor(), staff.TenantID, caseID, on, reason)
}
