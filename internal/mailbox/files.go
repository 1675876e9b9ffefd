package mailbox

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// checkText validates a message's subject (when needSubject) and body.
func checkText(subject, body string, needSubject, bodyOrFiles bool) error {
	var fe []fault.FieldError
	switch {
	case needSubject && strings.TrimSpace(subject) == "":
		fe = append(fe, fault.FieldError{Field: "subject", Key: "field.required", Text: "please give a subject"})
	case utf8.RuneCountInString(subject) > MaxSubject:
		fe = append(fe, fault.FieldError{Field: "subject", Key: "mailbox.subject_long", Text: fmt.Sprintf("at most %d characters", MaxSubject)})
	}
	switch {
	case strings.TrimSpace(body) == "" && !bodyOrFiles:
		fe = append(fe, fault.FieldError{Field: "body", Key: "field.required", Text: "please write a message"})
	case utf8.RuneCountInString(body) > MaxBody:
		fe = append(fe, fault.FieldError{Field: "body", Key: "mailbox.body_long", Text: fmt.Sprintf("at most %d characters", MaxBody)})
	}
	if len(fe) > 0 {
		return fault.Fields("invalid message", fe...)
	}
	return nil
}

// storeUploads checks and stores the files like the form's uploads; on
// any failure the files stored so far are deleted again.
func (s *Service) storeUploads(ctx context.Context, tenantID tenant.ID, ups []Upload) ([]apply.StoredFile, error) {
	if len(ups) > s.cfg.MaxFiles {
		return nil, fault.Fields("too many files", fault.FieldError{Field: "files", Key: "mailbox.too_many_files",
			Text: fmt.Sprintf("at most %d files per message", s.cfg.MaxFiles)})
	}
	var out []apply.StoredFile
	for _, u := range ups {
		f, err := s.apps.StoreFile(ctx, tenantID, "files", u.Name, u.Content, s.cfg.MediaTypes, s.cfg.MaxFileSize)
		if err != nil {
			s.dropFiles(ctx, out, err)
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// dropFiles deletes stored files after the change that would have
// referred to them failed with err (kept when its commit's outcome is
// unknown: apply.Service.DiscardFile).
func (s *Service) dropFiles(ctx context.Context, files []apply.StoredFile, err error) {
	for _, f := range files {
		s.apps.DiscardFile(ctx, f.BlobKey, err)
	}
}

// insertMessage writes m with its files in tx and sets m.ID and
// m.Attachments.
func insertMessage(ctx context.Context, tx *store.Tx, m *Message, files []apply.StoredFile) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO mailbox_message (tenant_id, application_id, case_id, direction, subject,
		body, sender_id, sender_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		m.TenantID, m.ApplicationID, nullID(m.CaseID), m.Direction, m.Subject, m.Body, nullID(m.SenderID), m.SenderName,
		m.CreatedAt).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("mailbox: store message: %w", err)
	}
	for _, f := range files {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO mailbox_attachment (message_id, file_name, media_type, size, sha256,
			blob_key) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, m.ID, f.Name, f.MediaType, f.Size, f.SHA256, f.BlobKey).Scan(&id); err != nil {
			return fmt.Errorf("mailbox: store attachment: %w", err)
		}
		m.Attachments = append(m.Attachments, Attachment{Ref: "m" + strconv.FormatInt(id, 10), Name: f.Name,
			MediaType: f.MediaType, Size: f.Size, SHA256: f.SHA256, blobKey: f.BlobKey})
	}
	return nil
}

// fileMessage files the message text (already stored as text) and its
// attachments in the case file, inside tx.
func fileMessage(ctx context.Context, tx *store.Tx, m Message, text akte.Document, author string) error {
	ref := "message:" + strconv.FormatInt(m.ID, 10)
	text.CaseID, text.Author, text.Ref, text.FiledAt = m.CaseID, author, ref, m.CreatedAt
	if _, err := akte.FileTx(ctx, tx, text); err != nil {
		return err
	}
	for i, a := range m.Attachments {
		if _, err := akte.FileTx(ctx, tx, akte.Document{CaseID: m.CaseID, Kind: text.Kind, Title: "Anlage: " + a.Name,
			FileName: a.Name, MediaType: a.MediaType, Size: a.Size, SHA256: a.SHA256, BlobKey: a.blobKey,
			Author: author, Ref: fmt.Sprintf("%s:%d", ref, i+1), FiledAt: m.CreatedAt}); err != nil {
			return err
		}
	}
	return nil
}

// messageText is the message as filed in the case file.
func messageText(m Message, from string) string {
	return fmt.Sprintf("Nachricht vom %s\nVon: %s\nBetreff: %s\n\n%s\n", m.CreatedAt.Format(time.RFC3339), from, m.Subject, m.Body)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
