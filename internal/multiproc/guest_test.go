package multiproc_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// procedurePath is the demo procedure the guests use: "Wohnsitz
// anmelden" as a guest, with the landlord's confirmation uploaded.
const procedurePath = "/antrag/wohnsitz-anmelden"

// guest is one citizen applying without an account.
type guest struct {
	*agent
	n       int       // tells the guests apart
	id      int64     // the application
	file    []byte    // the upload
	name    string    // its file name
	key     string    // the submit's idempotency key (from the review page)
	ref     string    // the receipt's reference
	retried int       // requests retried after a lost answer
	room    roomVisit // the time in the waiting room, if the submit was sent there

	// uploadTook and submitTook are how long the page with the upload and
	// the submit took, from the first attempt to the answer that counted.
	uploadTook, submitTook time.Duration
}

// ack is a submission the guest got a receipt for.
type ack struct {
	id     int64
	ref    string
	sha256 string
}

func newGuest(base string, n, size int) *guest {
	g := &guest{agent: newAgent(base), n: n, name: fmt.Sprintf("wohnungsgeber-%d.pdf", n)}
	g.file = pdfOf(size, "guest "+strconv.Itoa(n))
	return g
}

// apply runs the whole journey: start, three pages (the first with the
// upload), review, submit, receipt page and receipt PDF.
func (g *guest) apply() (ack, error) {
	for _, step := range []func() error{g.start, g.housing, g.person, g.closing, g.submit, g.receipt} {
		if err := step(); err != nil {
			return ack{}, fmt.Errorf("guest %d (application %d): %w", g.n, g.id, err)
		}
	}
	sum := sha256.Sum256(g.file)
	return ack{id: g.id, ref: g.ref, sha256: hex.EncodeToString(sum[:])}, nil
}

// start begins an application as a guest; a retried start leaves the
// first draft behind, as a reloading browser would.
func (g *guest) start() error {
	return retry(&g.retried, func(int) error {
		r, err := g.postForm(procedurePath, "leistung=")
		if err != nil {
			return err
		}
		if err := expect(r, "start", "/seiten/wohnung"); err != nil {
			return err
		}
		g.id, err = strconv.ParseInt(between(pathOnly(r.location), "/antraege/", "/"), 10, 64)
		return err
	})
}

// housing saves the first page with the upload. After a lost answer the
// guest looks at the page first: a file it lists is not sent again.
func (g *guest) housing() error {
	path := fmt.Sprintf("/antraege/%d/seiten/wohnung", g.id)
	begin := time.Now()
	defer func() { g.uploadTook = time.Since(begin) }()
	return retry(&g.retried, func(attempt int) error {
		withFile := true
		if attempt > 0 {
			page, err := g.get(path)
			if err != nil {
				return err
			}
			withFile = !strings.Contains(page.body, g.name)
		}
		body, ctype := housingForm(g.file, g.name, withFile)
		r, err := g.send("POST", path, ctype, body)
		if err != nil {
			return err
		}
		return expect(r, "page wohnung", "/seiten/person")
	})
}

func housingForm(file []byte, name string, withFile bool) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	now := time.Now()
	for _, kv := range [][2]string{{"einzugsdatum.day", strconv.Itoa(now.Day())}, {"einzugsdatum.month", strconv.Itoa(int(now.Month()))},
		{"einzugsdatum.year", strconv.Itoa(now.Year())}, {"anschrift.street", "Schloßstraße"}, {"anschrift.number", "1"},
		{"anschrift.postal_code", "01067"}, {"anschrift.place", "Dresden"}, {"gemeinde", "Dresden"}, {"wohnungsart", "haupt"},
		{"bisherige_anschrift.street", "Hauptstraße"}, {"bisherige_anschrift.number", "7"},
		{"bisherige_anschrift.postal_code", "04109"}, {"bisherige_anschrift.place", "Leipzig"}, {"aktion", "weiter"}} {
		mw.WriteField(kv[0], kv[1])
	}
	if withFile {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="wohnungsgeberbestaetigung"; filename=%q`, name))
		h.Set("Content-Type", "application/pdf")
		pw, _ := mw.CreatePart(h)
		pw.Write(file)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func (g *guest) person() error {
	form := url.Values{"familienname": {"Muster"}, "vornamen": {"Erika " + strconv.Itoa(g.n)}, "geburtsdatum.day": {"3"},
		"geburtsdatum.month": {"4"}, "geburtsdatum.year": {"1980"}, "staatsangehoerigkeit": {"deutsch"},
		"email": {fmt.Sprintf("gast%d@example.org", g.n)}, "mit_familie": {"false"}, "aktion": {"weiter"}}
	return g.page("person", form.Encode(), "/seiten/abschluss")
}

func (g *guest) closing() error {
	return g.page("abschluss", "richtigkeit=true&aktion=weiter", "/pruefen")
}

// page saves a form page (saving the same answers twice is harmless).
func (g *guest) page(name, form, next string) error {
	return retry(&g.retried, func(int) error {
		r, err := g.postForm(fmt.Sprintf("/antraege/%d/seiten/%s", g.id, name), form)
		if err != nil {
			return err
		}
		return expect(r, "page "+name, next)
	})
}

// submit reads the idempotency key from the review page once and submits
// with it until a receipt answers: a retry after a lost answer is safe.
func (g *guest) submit() error {
	err := retry(&g.retried, func(int) error {
		r, err := g.get(fmt.Sprintf("/antraege/%d/pruefen", g.id))
		if err != nil {
			return err
		}
		if g.key = between(r.body, `name="schluessel" value="`, `"`); g.key == "" {
			return fmt.Errorf("review: status %d without a key: %.300q", r.status, text(r.body))
		}
		return nil
	})
	if err != nil {
		return err
	}
	begin := time.Now()
	defer func() { g.submitTook = time.Since(begin) }()
	return retry(&g.retried, func(int) error {
		r, err := g.postForm(fmt.Sprintf("/antraege/%d/einreichen", g.id), url.Values{"schluessel": {g.key}, "einwilligung": {"ja"}}.Encode())
		if err == nil && inRoom(r) {
			r, err = g.wait(r)
		}
		if err != nil {
			return err
		}
		if r.status == 303 && strings.HasSuffix(pathOnly(r.location), "/pruefen") {
			// The ticket was lost (its process died or it expired): the
			// review page again; the person presses submit once more.
			return &lostError{what: "waiting room", status: r.status, cause: errors.New("ticket lost, back to the review")}
		}
		return expect(r, "submit", "/eingangsbestaetigung")
	})
}

// receipt reads the reference from the receipt page and fetches the PDF.
func (g *guest) receipt() error {
	return retry(&g.retried, func(int) error {
		r, err := g.get(fmt.Sprintf("/antraege/%d/eingangsbestaetigung", g.id))
		if err != nil {
			return err
		}
		if g.ref = between(r.body, `id="reference">`, "<"); r.status != 200 || !strings.HasPrefix(g.ref, "SN-") {
			return fmt.Errorf("receipt page: status %d, reference %q", r.status, g.ref)
		}
		pdf, err := g.get(fmt.Sprintf("/antraege/%d/eingangsbestaetigung.pdf", g.id))
		if err != nil {
			return err
		}
		if pdf.status != 200 || !strings.HasPrefix(pdf.body, "%PDF") {
			return fmt.Errorf("receipt PDF: status %d, starts %.20q", pdf.status, pdf.body)
		}
		return nil
	})
}

// pdfOf is a small valid PDF of about size bytes whose content differs
// by label.
func pdfOf(size int, label string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%" + label + "\n")
	for b.Len() < size-64 {
		b.WriteString("% padding padding padding padding padding padding padding pad\n")
	}
	b.WriteString("1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	return b.Bytes()
}
