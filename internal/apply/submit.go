package apply

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Submit submits a draft (Einreichen) and returns its receipt. It validates
// all pages (hidden fields and the files of hidden file fields are
// dropped); errors are fault.Invalid with the field errors and change
// nothing. The submission is one transaction: frozen answers, reference
// number, receiving authority (or clearing), event, audit entry and the
// job "application.submitted" (receipt PDF, then routing); it is
// acknowledged only after that commit, and the files were fsynced before.
// Submissions arriving at the same time share one transaction (group
// commit, see committer); each is checked on its own and one refused
// submission never fails the others.
//
// Submit is idempotent: an application is submitted once, and calling
// Submit again — with the same or another idempotencyKey — returns the
// same receipt. An idempotencyKey already used for a different submission
// (another application, so another payload) is fault.Conflict.
func (s *Service) Submit(ctx context.Context, id int64, owner Owner, idempotencyKey string) (Receipt, error) {
	if idempotencyKey == "" || len(idempotencyKey) > 200 {
		return Receipt{}, fault.Fields("invalid idempotency key", fault.FieldError{Field: "idempotency_key",
			Key: "apply.idempotency_key", Text: "an idempotency key of 1 to 200 characters is required"})
	}
	for attempt := 0; ; attempt++ {
		rc, err := s.trySubmit(ctx, id, owner, idempotencyKey)
		if !errors.Is(err, errChanged) || attempt == 3 {
			return rc, err
		}
	}
}

// errChanged: the draft changed between validation and the transaction.
var errChanged = errors.New("apply: draft changed during submit")

// prepared is what Submit works out before its transaction.
type prepared struct {
	app     Application
	answers map[string]any
	keep    map[int64]bool // attachments still referenced by a visible field
	hash    string
	auth    *ReceivingAuthority
	title   procedure.Text
}

func (s *Service) trySubmit(ctx context.Context, id int64, owner Owner, idempotencyKey string) (Receipt, error) {
	a, err := s.loadApp(ctx, s.db, id, owner, "")
	if err != nil {
		return Receipt{}, err
	}
	if a.Status == Submitted {
		if err := checkKey(ctx, s.db, a, idempotencyKey); err != nil {
			return Receipt{}, err
		}
		return s.readReceipt(ctx, id)
	}
	p, err := s.prepare(ctx, a)
	if err != nil {
		return Receipt{}, err
	}
	res := s.group.submit(ctx, &submitReq{owner: owner, key: idempotencyKey, p: p, done: make(chan submitResult, 1)}, s.commitBatch)
	if errors.Is(res.err, errAlreadySubmitted) {
		return s.readReceipt(ctx, id)
	}
	if res.err != nil {
		return Receipt{}, res.err
	}
	for _, k := range res.dropped {
		s.deleteBlob(ctx, k)
	}
	return res.rc, nil
}

var errAlreadySubmitted = errors.New("apply: already submitted")

// prepare validates the whole application and routes it.
func (s *Service) prepare(ctx context.Context, a Application) (prepared, error) {
	v, proc, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return prepared{}, err
	}
	if a.Attachments, err = listAttachments(ctx, s.db, a.ID); err != nil {
		return prepared{}, err
	}
	r, err := proc.Validate(ctx, withFiles(v.Definition, a.Answers, a.Attachments), procedure.Options{Places: s.places})
	if err != nil {
		return prepared{}, err
	}
	if !r.Valid() {
		return prepared{}, fault.Fields("the application is not complete or has errors", r.Errors...)
	}
	p := prepared{app: a, answers: r.Answers, keep: fileRefs(r.Answers), title: v.Definition.Title}
	for _, t := range a.Attachments {
		if t.FieldPath == SenderForm { // referenced by no field, kept all the same (External.Form)
			p.keep[t.ID] = true
		}
	}
	if auth, ok, err := s.route(ctx, a, v.Definition, r.Answers); err != nil {
		return prepared{}, err
	} else if ok {
		p.auth = receiving(auth)
	}
	p.hash, err = payloadHash(r.Answers, a.Attachments, p.keep)
	return p, err
}

// fileRefs collects the attachment ids ("ref") left in normalized answers.
func fileRefs(v any) map[int64]bool {
	out := map[int64]bool{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["ref"].(string); ok {
				if n, err := strconv.ParseInt(ref, 10, 64); err == nil {
					out[n] = true
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// payloadHash is SHA-256 over the normalized answers and the submitted
// files' paths, names and hashes (JSON with sorted keys).
func payloadHash(answers map[string]any, atts []Attachment, keep map[int64]bool) (string, error) {
	type file struct{ Field, Name, SHA256 string }
	var files []file
	for _, t := range atts {
		if keep[t.ID] {
			files = append(files, file{t.FieldPath, t.Name, t.SHA256})
		}
	}
	b, err := json.Marshal(map[string]any{"answers": answers, "files": files})
	if err != nil {
		return "", fmt.Errorf("apply: payload hash: %w", err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// checkKey refuses a key that another application was submitted with.
func checkKey(ctx context.Context, q store.Querier, a Application, key string) error {
	var other int64
	err := q.QueryRowContext(ctx, `SELECT id FROM application WHERE tenant_id = $1 AND submit_key = $2`, a.TenantID, key).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows), err == nil && other == a.ID:
		return nil
	case err != nil:
		return fmt.Errorf("apply: check idempotency key: %w", err)
	}
	return keyConflict()
}

func keyConflict() error {
	return fault.New(fault.Conflict, "the idempotency key was already used for a different submission (another payload); use a new key")
}

// dropUnreferenced deletes the rows of attachments of hidden fields.
func dropUnreferenced(ctx context.Context, tx *store.Tx, atts []Attachment, keep map[int64]bool) ([]string, error) {
	var keys []string
	for _, t := range atts {
		if keep[t.ID] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM application_attachment WHERE id = $1`, t.ID); err != nil {
			return nil, fmt.Errorf("apply: drop attachment: %w", err)
		}
		keys = append(keys, t.BlobKey)
	}
	return keys, nil
}

func (s *Service) storeSubmission(ctx context.Context, tx *store.Tx, a Application, key string, p prepared, rc Receipt) error {
	answers, err := json.Marshal(p.answers)
	if err != nil {
		return fmt.Errorf("apply: encode answers: %w", err)
	}
	receipt, err := json.Marshal(rc)
	if err != nil {
		return fmt.Errorf("apply: encode receipt: %w", err)
	}
	var auth any
	if p.auth != nil {
		auth = p.auth.ID
	}
	_, err = tx.ExecContext(ctx, `UPDATE application SET status = 'submitted', answers = $1, submitted_at = $2,
		updated_at = $2, reference = $3, submit_key = $4, payload_hash = $5, authority_id = $6, clearing = $7,
		receipt = $8 WHERE id = $9`,
		string(answers), rc.SubmittedAt, rc.Reference, key, p.hash, auth, rc.Clearing, string(receipt), a.ID)
	if err != nil {
		return fmt.Errorf("apply: store submission: %w", err)
	}
	return nil
}

// loc is the time zone of the reference year and the receipt's times.
func (s *Service) loc() *time.Location { return s.berlin }

// berlin loads Europe/Berlin once (embedded tzdata, see procedure).
func berlin() *time.Location {
	if l, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return l
	}
	return time.UTC
}
