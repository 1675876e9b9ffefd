package mailbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// OpenFile returns an attachment shown in r's thread of application id
// (Attachment.Ref) and its content; the caller closes it. Anything else
// is fault.NotFound.
func (s *Service) OpenFile(ctx context.Context, r Reader, id int64, ref string) (Attachment, io.ReadCloser, error) {
	a, err := s.access(ctx, r, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	n, err := strconv.ParseInt(ref[min(1, len(ref)):], 10, 64)
	switch {
	case err != nil:
		return Attachment{}, nil, notFound()
	case strings.HasPrefix(ref, "m"):
		return s.openMessageFile(ctx, a.TenantID, "m.application_id", a.ID, n)
	case strings.HasPrefix(ref, "d"):
		return s.openAnswerFile(ctx, a.TenantID, a.ID, n)
	}
	return Attachment{}, nil, notFound()
}

// openMessageFile opens attachment n of a message of tenantID whose column
// col is key.
func (s *Service) openMessageFile(ctx context.Context, tenantID tenant.ID, col string, key, n int64) (Attachment, io.ReadCloser, error) {
	t := Attachment{Ref: "m" + strconv.FormatInt(n, 10)}
	err := s.db.QueryRowContext(ctx, `SELECT t.file_name, t.media_type, t.size, t.sha256, t.blob_key FROM mailbox_attachment t
		JOIN mailbox_message m ON m.id = t.message_id WHERE t.id = $1 AND `+col+` = $2 AND m.tenant_id = $3`, n, key, tenantID).
		Scan(&t.Name, &t.MediaType, &t.Size, &t.SHA256, &t.blobKey)
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil, notFound()
	}
	if err != nil {
		return t, nil, fmt.Errorf("mailbox: attachment: %w", err)
	}
	rc, err := s.blobs.Open(ctx, t.blobKey)
	return t, rc, err
}

// openAnswerFile opens case-file document n if it is a file of an answer
// to a request of application id.
func (s *Service) openAnswerFile(ctx context.Context, tenantID tenant.ID, id, n int64) (Attachment, io.ReadCloser, error) {
	v, err := casework.ApplicantStatus(ctx, s.db, casework.Applicant{TenantID: tenantID, ApplicationID: id})
	if err != nil {
		return Attachment{}, nil, notFound()
	}
	d, rc, err := s.akte.Open(ctx, v.CaseID, n)
	if err != nil {
		return Attachment{}, nil, notFound()
	}
	if d.Kind != akte.MessageIn || !strings.HasPrefix(d.Ref, "answer:") || strings.Count(d.Ref, ":") != 2 {
		rc.Close()
		return Attachment{}, nil, notFound()
	}
	return Attachment{Ref: "d" + strconv.FormatInt(d.ID, 10), Name: d.FileName, MediaType: d.MediaType, Size: d.Size,
		SHA256: d.SHA256}, rc, nil
}

// OpenNotice returns the sealed PDF of a sent notice in r's thread of
// application id; the caller closes it.
func (s *Service) OpenNotice(ctx context.Context, r Reader, id, noticeID int64) (casework.Notice, io.ReadCloser, error) {
	a, err := s.access(ctx, r, id)
	if err != nil {
		return casework.Notice{}, nil, err
	}
	n, rc, err := s.cases.OpenNotice(ctx, applicantOf(a), noticeID)
	if fault.Is(err, fault.NotFound) {
		return n, nil, notFound()
	}
	return n, rc, err
}

// ReceiptPDF renders the receipt of application id in lang for r (guests
// reach their receipt through the mailbox link).
func (s *Service) ReceiptPDF(ctx context.Context, r Reader, id int64, lang string) ([]byte, error) {
	a, err := s.access(ctx, r, id)
	if err != nil {
		return nil, err
	}
	return s.apps.ReceiptPDFOf(ctx, a.TenantID, a.ID, lang)
}
