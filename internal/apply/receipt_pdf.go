package apply

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"runtime/debug"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/pdf"
	"github.com/amtsweg/amtsweg/internal/store"
)

// ReceiptPDF renders the receipt of a submitted application owner may see
// as PDF in lang ("de" or "en"). Rendering is deterministic, so the German
// PDF is byte-identical to the one stored after submission.
func (s *Service) ReceiptPDF(ctx context.Context, id int64, owner Owner, lang string) ([]byte, error) {
	rc, err := s.Receipt(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	return s.safeRender(ctx, id, rc, lang)
}

// renderFunc renders a receipt PDF; Service.render is renderReceipt, or a
// test's renderer (export_test.go).
type renderFunc func(ctx context.Context, id int64, rc Receipt, lang string) ([]byte, error)

// safeRender renders the receipt PDF with s.render and turns a panic or
// an unclassified error of the renderer into a fault.Unavailable error
// (the PDF is "being prepared"), so neither a request nor a job dies of a
// text the PDF library cannot lay out. The panic value names no personal data (it is
// the library's message); the answers are never in the error.
func (s *Service) safeRender(ctx context.Context, id int64, rc Receipt, lang string) (b []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("apply: receipt renderer panicked", "application", id, "panic", p, "stack", string(debug.Stack()))
			b, err = nil, fault.Wrap(fmt.Errorf("render receipt %d: panic: %v", id, p), fault.Unavailable,
				"The receipt PDF is being prepared.")
		}
	}()
	render := s.render
	if render == nil {
		render = s.renderReceipt
	}
	b, err = render(ctx, id, rc, lang)
	if fault.CodeOf(err) == fault.Internal {
		err = fault.Wrap(err, fault.Unavailable, "The receipt PDF is being prepared.")
	}
	return b, err
}

// renderReceipt lays out the receipt: letterhead of the receiving
// authority, reference and time, the answers per page, the files.
func (s *Service) renderReceipt(ctx context.Context, id int64, rc Receipt, lang string) ([]byte, error) {
	a, err := s.rawApp(ctx, id)
	if err != nil {
		return nil, err
	}
	def, ans, err := s.answersOf(ctx, a)
	if err != nil {
		return nil, err
	}
	at := rc.SubmittedAt.In(s.loc())
	title := pick(lang, "Eingangsbestätigung ", "Acknowledgement of receipt ") + rc.Reference
	d := pdf.New(pdf.Meta{Title: title, Author: authorityName(rc, lang), Subject: rc.Title.In(lang), Created: rc.SubmittedAt, Lang: lang})
	d.Letterhead(letterhead(rc, lang, at.Format("02.01.2006")))
	d.Title(title)
	d.Fields(
		pdf.Field{Label: pick(lang, "Antrag", "Application"), Value: rc.Title.In(lang)},
		pdf.Field{Label: pick(lang, "Aktenzeichen", "Reference number"), Value: rc.Reference},
		pdf.Field{Label: pick(lang, "Eingegangen am", "Received on"), Value: at.Format(pick(lang, "02.01.2006, 15:04 Uhr", "2006-01-02 15:04 (Berlin time)"))},
		pdf.Field{Label: pick(lang, "Empfangende Behörde", "Receiving authority"), Value: authorityName(rc, lang)},
	)
	for _, pg := range Rows(def, ans, lang) {
		d.Heading(pg.Title)
		rows := make([]pdf.Field, 0, len(pg.Rows))
		for _, r := range pg.Rows {
			rows = append(rows, pdf.Field{Label: r.Label, Value: r.Value})
		}
		d.Fields(rows...)
	}
	if len(rc.Attachments) > 0 {
		d.Heading(pick(lang, "Anlagen", "Attachments"))
		files := make([]pdf.Attachment, 0, len(rc.Attachments))
		for _, f := range rc.Attachments {
			files = append(files, pdf.Attachment{Name: f.Name, Size: f.Size, SHA256: f.SHA256})
		}
		d.Attachments(files...)
	}
	d.Paragraph(pick(lang, "Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.",
		"This letter was produced automatically and is valid without a signature."))
	return d.Bytes()
}

func authorityName(rc Receipt, lang string) string {
	if rc.Authority == nil {
		return pick(lang, "Clearingstelle (Zuständigkeit wird ermittelt)", "Clearing office (responsibility being determined)")
	}
	return rc.Authority.Name
}

func letterhead(rc Receipt, lang, date string) pdf.Letterhead {
	l := pdf.Letterhead{Authority: authorityName(rc, lang),
		Contact: []string{pick(lang, "Datum: ", "Date: ") + date, pick(lang, "Aktenzeichen: ", "Reference: ") + rc.Reference}}
	if a := rc.Authority; a != nil {
		for _, line := range []string{a.Street, a.Postcode + " " + a.City} {
			if len(line) > 1 {
				l.Address = append(l.Address, line)
			}
		}
	}
	return l
}

// rawApp reads an application without an ownership check (jobs only).
func (s *Service) rawApp(ctx context.Context, id int64) (Application, error) {
	a, err := scanApp(scanExtra{s.db.QueryRowContext(ctx, `SELECT `+appColumns+`, 0 FROM application WHERE id = $1`, id), new(int)})
	if err == sql.ErrNoRows {
		return a, notFound(id)
	}
	return a, err
}

// storeReceiptPDF renders the German receipt PDF of a submitted
// application and stores it as a blob referenced by the application; a
// second run (the job runs at least once) keeps the first PDF. then runs
// in the transaction that stores the PDF, or in one of its own when the
// PDF was stored before (it publishes what follows, idempotently).
func (s *Service) storeReceiptPDF(ctx context.Context, id int64, then func(tx *store.Tx) error) error {
	rc, err := s.readReceipt(ctx, id)
	if err != nil {
		return err
	}
	if rc.PDFKey != "" {
		return s.db.Tx(ctx, then)
	}
	b, err := s.safeRender(ctx, id, rc, "de")
	if err != nil {
		return fmt.Errorf("apply: render receipt %d: %w", id, err)
	}
	a, err := s.rawApp(ctx, id) // the PDF is sealed with the tenant's data key
	if err != nil {
		return err
	}
	info, err := s.blobs.Put(ctx, a.TenantID, bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	var set bool
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE application SET receipt_blob = $1 WHERE id = $2 AND receipt_blob IS NULL`, info.Key, id)
		if err != nil {
			return fmt.Errorf("apply: store receipt pdf: %w", err)
		}
		n, _ := res.RowsAffected()
		if set = n == 1; !set {
			return nil // stored by another run meanwhile, which published
		}
		return then(tx)
	})
	switch {
	case err != nil:
		s.undoStore(ctx, info.Key, err)
	case !set:
		s.deleteBlob(ctx, info.Key)
	}
	return err
}
