package apply

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Upload stores one file for the file field at fieldPath of a draft. The
// content is streamed to blob storage (never held whole in memory) and cut
// off past the field's max_size; its type is sniffed from the content and
// must be one the field allows (declaredType, the client's claim, is only
// recorded as matching or not); the name is cleaned with CleanFilename;
// the field's max_files is enforced; the virus scanner, if configured,
// must find it clean. Bad files are fault.Invalid with a field error on
// fieldPath, and nothing is kept.
func (s *Service) Upload(ctx context.Context, id int64, owner Owner, fieldPath, filename, declaredType string, r io.Reader) (Attachment, error) {
	a, err := s.loadApp(ctx, s.db, id, owner, "")
	if err != nil {
		return Attachment{}, err
	}
	if a.Status != Draft {
		return Attachment{}, fault.New(fault.Conflict, "application %d has been submitted and can no longer be changed", id)
	}
	v, _, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return Attachment{}, err
	}
	f, err := fileField(v.Definition, fieldPath)
	if err != nil {
		return Attachment{}, err
	}
	if err := s.checkCount(ctx, s.db, id, fieldPath, f); err != nil {
		return Attachment{}, err
	}
	t, err := s.storeFile(ctx, a.TenantID, fieldPath, f, r)
	if err != nil {
		return Attachment{}, err
	}
	t.ApplicationID, t.FieldPath, t.Name = id, fieldPath, NameFor(CleanFilename(filename), t.MediaType)
	if err := s.insertAttachment(ctx, owner, &t, f, declaredType); err != nil {
		s.undoStore(ctx, t.BlobKey, err)
		return Attachment{}, err
	}
	return t, nil
}

// storeFile sniffs, streams and scans one file; on any failure the blob is
// gone again.
func (s *Service) storeFile(ctx context.Context, tenantID tenant.ID, path string, f procedure.Field, r io.Reader) (Attachment, error) {
	br := bufio.NewReaderSize(r, SniffLen)
	head, err := br.Peek(SniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return Attachment{}, fmt.Errorf("apply: read upload: %w", err)
	}
	media := Sniff(head)
	if len(head) == 0 || !typeAllowed(media, f.MediaTypes) {
		return Attachment{}, fileError(path, "apply.file_type", "this file type is not accepted here; allowed: "+strings.Join(f.MediaTypes, ", "))
	}
	limit := f.MaxSize
	if limit <= 0 {
		limit = s.cfg.DefaultMaxSize
	}
	info, err := s.blobs.Put(ctx, tenantID, br, limit)
	if errors.Is(err, blob.ErrTooLarge) {
		return Attachment{}, fileError(path, "apply.file_size", fmt.Sprintf("the file is larger than %d bytes", limit))
	}
	if err != nil {
		return Attachment{}, err
	}
	if err := s.scan(ctx, path, info.Key); err != nil {
		s.deleteBlob(ctx, info.Key)
		return Attachment{}, err
	}
	return Attachment{MediaType: media, Size: info.Size, SHA256: info.SHA256, BlobKey: info.Key}, nil
}

// scan runs the virus scanner on a stored blob, if one is configured.
func (s *Service) scan(ctx context.Context, path, key string) error {
	if s.scanner == nil {
		return nil
	}
	rc, err := s.blobs.Open(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	v, err := s.scanner.Scan(ctx, rc)
	if err != nil {
		return fault.Wrap(err, fault.Unavailable, "the virus scan is not available; please try again later")
	}
	if !v.Clean {
		s.log.Warn("upload refused: malware found", "signature", v.Signature)
		return fileError(path, "apply.file_infected", "the file contains malware ("+v.Signature+") and was not accepted")
	}
	return nil
}

// insertAttachment writes the row in the draft's transaction, checking
// again that the draft is editable and the field has room.
func (s *Service) insertAttachment(ctx context.Context, owner Owner, t *Attachment, f procedure.Field, declared string) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		a, _, err := s.editable(ctx, tx, t.ApplicationID, owner)
		if err != nil {
			return err
		}
		if err := s.checkCount(ctx, tx, a.ID, t.FieldPath, f); err != nil {
			return err
		}
		t.CreatedAt = now()
		err = tx.QueryRowContext(ctx, `INSERT INTO application_attachment (application_id, field_path, file_name,
			media_type, size, sha256, blob_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			a.ID, t.FieldPath, t.Name, t.MediaType, t.Size, t.SHA256, t.BlobKey, t.CreatedAt).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("apply: insert attachment: %w", err)
		}
		if err := touch(ctx, tx, a.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "application.upload", map[string]any{"attachment": t.ID, "field": t.FieldPath,
			"media_type": t.MediaType, "size": t.Size, "sha256": t.SHA256, "declared_type_matches": declared == t.MediaType})
	})
}

// checkCount refuses a file beyond the field's max_files (default 1, as
// in the procedure's own check).
func (s *Service) checkCount(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id int64, path string, f procedure.Field) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM application_attachment WHERE application_id = $1 AND field_path = $2`,
		id, path).Scan(&n); err != nil {
		return fmt.Errorf("apply: count attachments: %w", err)
	}
	if limit := max(f.MaxFiles, 1); n >= limit {
		return fileError(path, "apply.file_count", fmt.Sprintf("at most %d files can be uploaded here", limit))
	}
	return nil
}

func touch(ctx context.Context, tx *store.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE application SET updated_at = $1 WHERE id = $2`, now(), id); err != nil {
		return fmt.Errorf("apply: touch draft: %w", err)
	}
	return nil
}

func fileError(path, key, text string) error {
	return fault.Fields(text, fault.FieldError{Field: path, Key: key, Text: text})
}

// RemoveUpload deletes an attachment of a draft: first the row (with its
// audit entry), then the blob, so no row ever points to a missing file.
func (s *Service) RemoveUpload(ctx context.Context, id int64, owner Owner, attachmentID int64) error {
	var key string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, _, err := s.editable(ctx, tx, id, owner)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `DELETE FROM application_attachment WHERE id = $1 AND application_id = $2 RETURNING blob_key`,
			attachmentID, id).Scan(&key)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "attachment %d not found", attachmentID)
		}
		if err != nil {
			return fmt.Errorf("apply: delete attachment: %w", err)
		}
		if err := touch(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "application.upload_remove", map[string]any{"attachment": attachmentID})
	})
	if err != nil {
		return err
	}
	s.deleteBlob(ctx, key)
	return nil
}

// undoStore removes a blob stored for a row whose transaction failed with
// err, unless the commit's outcome is unknown (store.ErrCommitUnknown):
// then the row may have been committed and refer to it, so the blob stays;
// the orphan sweep deletes it later if no row does.
func (s *Service) undoStore(ctx context.Context, key string, err error) {
	if errors.Is(err, store.ErrCommitUnknown) {
		s.log.Warn("apply: stored file kept: its row's commit may have succeeded; the orphan sweep removes it if not", "key", key)
		return
	}
	s.deleteBlob(ctx, key)
}

// deleteBlob removes a blob no row refers to; a failure only leaves an
// unreferenced blob, so it is logged, not returned.
func (s *Service) deleteBlob(ctx context.Context, key string) {
	if err := s.blobs.Delete(context.WithoutCancel(ctx), key); err != nil {
		s.log.Warn("apply: unreferenced blob left behind", "key", key, "err", err)
	}
}

// OpenAttachment returns an attachment of an application owner may see
// and its content; the caller closes the reader.
func (s *Service) OpenAttachment(ctx context.Context, id int64, owner Owner, attachmentID int64) (Attachment, io.ReadCloser, error) {
	a, err := s.Get(ctx, id, owner)
	if err != nil {
		return Attachment{}, nil, err
	}
	for _, t := range a.Attachments {
		if t.ID == attachmentID {
			rc, err := s.blobs.Open(ctx, t.BlobKey)
			return t, rc, err
		}
	}
	return Attachment{}, nil, fault.New(fault.NotFound, "attachment %d not found", attachmentID)
}
