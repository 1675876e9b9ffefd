package apply

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Receipt is the data of the receipt (Eingangsbestätigung) of a submitted
// application, frozen at submission: reference, time, receiving authority
// as it was then, and the submitted files. The answers are shown with
// Rows, from the application's own procedure version.
type Receipt struct {
	ApplicationID int64               `json:"application_id"`
	Reference     string              `json:"reference"` // Aktenzeichen / Vorgangsnummer
	SubmittedAt   time.Time           `json:"submitted_at"`
	ProcedureID   string              `json:"procedure_id"`
	Version       int                 `json:"version"`
	Title         procedure.Text      `json:"title"`
	ServiceKey    string              `json:"service_key"`
	Authority     *ReceivingAuthority `json:"authority,omitempty"` // nil: clearing
	// Clearing marks that no responsible authority was found.
	Clearing    bool          `json:"clearing"`
	Attachments []ReceiptFile `json:"attachments"`
	// PayloadHash is the SHA-256 of the submitted answers and files.
	PayloadHash string `json:"payload_sha256"`
	// PDFKey is the blob key of the receipt PDF once it is rendered
	// (shortly after submission); "" before.
	PDFKey string `json:"-"`
}

// ReceiptFile is one submitted file as listed on the receipt.
type ReceiptFile struct {
	ID        int64  `json:"id"`
	FieldPath string `json:"field"`
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
}

// Receipt returns the receipt of a submitted application owner may see;
// a draft is fault.NotFound.
func (s *Service) Receipt(ctx context.Context, id int64, owner Owner) (Receipt, error) {
	a, err := s.loadApp(ctx, s.db, id, owner, "")
	if err != nil {
		return Receipt{}, err
	}
	if a.Status != Submitted {
		return Receipt{}, fault.New(fault.NotFound, "application %d has no receipt yet: it is not submitted", id)
	}
	return s.readReceipt(ctx, id)
}

// readReceipt reads the stored receipt without an ownership check.
func (s *Service) readReceipt(ctx context.Context, id int64) (Receipt, error) {
	var raw []byte
	var pdfKey sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT receipt, receipt_blob FROM application WHERE id = $1 AND status = 'submitted'`, id).
		Scan(&raw, &pdfKey)
	if errors.Is(err, sql.ErrNoRows) {
		return Receipt{}, notFound(id)
	}
	if err != nil {
		return Receipt{}, fmt.Errorf("apply: read receipt %d: %w", id, err)
	}
	var rc Receipt
	if err := json.Unmarshal(raw, &rc); err != nil {
		return Receipt{}, fmt.Errorf("apply: decode receipt %d: %w", id, err)
	}
	rc.SubmittedAt, rc.PDFKey = rc.SubmittedAt.UTC(), pdfKey.String
	return rc, nil
}

// Rows returns the application's answers as label/value rows per page in
// lang ("de" or "en"), from its own procedure version, in the one typed
// representation (answersOf): for the review, the receipt and its PDF.
// Drafts show what was entered so far, normalized where it can be.
func (s *Service) Rows(ctx context.Context, id int64, owner Owner, lang string) ([]PageRows, error) {
	a, err := s.Get(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	def, ans, err := s.answersOf(ctx, a)
	if err != nil {
		return nil, err
	}
	return Rows(def, ans, lang), nil
}

// SubmittedRows returns submitted answers of def (normalized at
// submission, e.g. a case's) as label/value rows per page in lang, with
// the places named: for the case view.
func (s *Service) SubmittedRows(ctx context.Context, def procedure.Definition, values map[string]any, lang string) ([]PageRows, error) {
	places, err := s.PlaceNames(ctx, def, values)
	if err != nil {
		return nil, err
	}
	return Rows(def, Answers{Values: values, Places: places}, lang), nil
}
