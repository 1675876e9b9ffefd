package backoffice

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// maxVerifyPDF bounds the PDF uploaded for a check.
const maxVerifyPDF = 20 << 20

// verifyPage is the data of verify.html, the public notice check
// (Bescheidprüfung): reference number and SHA-256, or the PDF itself.
type verifyPage struct {
	Reference string
	SHA256    string
	Checked   bool
	Result    casework.Verification
	Sent      string // the notice's date
	Error     string // message key of a form error
}

// verifyForm shows GET /bescheid-pruefen.
func (s *Handler) verifyForm(w http.ResponseWriter, r *http.Request) {
	if s.d.Cases == nil {
		s.fail(w, r, fault.New(fault.NotFound, "notice checks are not available"))
		return
	}
	s.render(w, r, http.StatusOK, "verify", verifyPage{})
}

// verifyNotice handles POST /bescheid-pruefen: with a PDF upload its
// SHA-256 is computed here and looked up (casework.Verify); else the
// reference number and the SHA-256 the holder computed are checked
// (casework.VerifyReference). Valid or not, the answer is 200; only a
// form without either is 422.
func (s *Handler) verifyNotice(w http.ResponseWriter, r *http.Request) {
	if s.d.Cases == nil {
		s.fail(w, r, fault.New(fault.NotFound, "notice checks are not available"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxVerifyPDF+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		s.fail(w, r, err)
		return
	}
	p := verifyPage{Reference: strings.TrimSpace(r.FormValue("reference")), SHA256: strings.TrimSpace(r.FormValue("sha256"))}
	var err error
	if f, _, ferr := r.FormFile("pdf"); ferr == nil {
		defer f.Close()
		b, rerr := io.ReadAll(io.LimitReader(f, maxVerifyPDF+1))
		if rerr != nil || len(b) > maxVerifyPDF {
			s.fail(w, r, fault.New(fault.Invalid, "the PDF is too large"))
			return
		}
		p.Result, err = s.d.Cases.Verify(r.Context(), b)
	} else if p.Reference != "" && p.SHA256 != "" {
		tenantID, _ := s.tenant(r)
		p.Result, err = s.d.Cases.VerifyReference(r.Context(), tenantID, p.Reference, p.SHA256)
	} else {
		p.Error = "verify.error.missing"
		s.render(w, r, http.StatusUnprocessableEntity, "verify", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Checked, p.Sent = true, berlinDate(p.Result.SentAt)
	s.render(w, r, http.StatusOK, "verify", p)
}

// verifyRoute reads an uploaded PDF of up to maxVerifyPDF, more than the
// default body limit: it sets its own (see ownBodyLimit).
const verifyRoute = "POST /bescheid-pruefen"
