package apply

import (
	"context"
	"fmt"
	"io"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Helpers for the mailbox (package mailbox): the same upload checks as
// the form flow for message attachments, and reads for callers that have
// established access another way (a guest's mailbox secret).

// StoredFile is a file checked and stored by StoreFile.
type StoredFile struct {
	Name      string // cleaned with CleanFilename
	MediaType string // sniffed from the content
	Size      int64
	SHA256    string // hex
	BlobKey   string
}

// StoreFile checks and stores one file exactly as Upload does for a form
// field: the type is sniffed from the content and must be one of allowed
// ("image/*" works; empty allows every type), the content is cut off past
// maxSize (0: the configured default), the name is cleaned, and the virus
// scanner, if configured, must find it clean. A bad file is fault.Invalid
// with a field error on field; nothing is kept then. The caller owns the
// blob and deletes it (DeleteFile) when it does not keep it. The file is
// encrypted with tenantID's data key.
func (s *Service) StoreFile(ctx context.Context, tenantID tenant.ID, field, filename string, r io.Reader, allowed []string, maxSize int64) (StoredFile, error) {
	t, err := s.storeFile(ctx, tenantID, field, procedure.Field{MediaTypes: allowed, MaxSize: maxSize}, r)
	if err != nil {
		return StoredFile{}, err
	}
	return StoredFile{Name: NameFor(CleanFilename(filename), t.MediaType), MediaType: t.MediaType, Size: t.Size, SHA256: t.SHA256, BlobKey: t.BlobKey}, nil
}

// DeleteFile removes a blob StoreFile stored and no row refers to; a
// failure is logged, not returned (it only leaves an unreferenced blob).
func (s *Service) DeleteFile(ctx context.Context, key string) { s.deleteBlob(ctx, key) }

// DiscardFile removes a blob StoreFile stored for a row whose transaction
// failed with err; when the commit's outcome is unknown
// (store.ErrCommitUnknown) it keeps it, since the row may exist, and the
// orphan sweep deletes it later if not.
func (s *Service) DiscardFile(ctx context.Context, key string, err error) { s.undoStore(ctx, key, err) }

// Submitted returns the submitted applications an account owner reaches
// (its own, or its organisation's when OrgID is set), newest first,
// without attachments.
func (s *Service) Submitted(ctx context.Context, tenantID tenant.ID, owner Owner) ([]Application, error) {
	all, err := s.Drafts(ctx, tenantID, owner)
	if err != nil {
		return nil, err
	}
	var out []Application
	for _, a := range all {
		if a.Status == Submitted {
			out = append(out, a)
		}
	}
	return out, nil
}

// SubmittedApp returns submitted application id of tenantID without an
// ownership check: only for callers that have checked access another way
// (the mailbox's guest secret). A draft or another tenant's is NotFound.
func (s *Service) SubmittedApp(ctx context.Context, tenantID tenant.ID, id int64) (Application, error) {
	a, err := s.rawApp(ctx, id)
	if err != nil || a.TenantID != tenantID || a.Status != Submitted {
		return Application{}, notFound(id)
	}
	return a, nil
}

// ReceiptOf returns the receipt of submitted application id without an
// ownership check (see SubmittedApp).
func (s *Service) ReceiptOf(ctx context.Context, tenantID tenant.ID, id int64) (Receipt, error) {
	if _, err := s.SubmittedApp(ctx, tenantID, id); err != nil {
		return Receipt{}, err
	}
	return s.readReceipt(ctx, id)
}

// ReceiptPDFOf renders the receipt PDF of submitted application id in
// lang without an ownership check (see SubmittedApp).
func (s *Service) ReceiptPDFOf(ctx context.Context, tenantID tenant.ID, id int64, lang string) ([]byte, error) {
	rc, err := s.ReceiptOf(ctx, tenantID, id)
	if err != nil {
		return nil, fmt.Errorf("apply: receipt of %d: %w", id, err)
	}
	return s.safeRender(ctx, id, rc, lang)
}
