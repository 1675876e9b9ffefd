package akte

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ExportOptions name the parties of an xdomea handover.
type ExportOptions struct {
	// Sender is the handing-over institution (Absender, e.g. the tenant's
	// name); the file's authority is given as its organisational unit.
	Sender string
	// Recipient is the archive (Empfänger); default "Zuständiges Archiv".
	Recipient string
}

// Export is the result of an xdomea export.
type Export struct {
	ProcessID string // ProzessID (UUID) of the message
	FileName  string // "<ProzessID>_Aussonderung.Aussonderung.0503.zip"
	Documents int
}

// MessageName is the xdomea name of the message type 0503.
const MessageName = "Aussonderung.Aussonderung.0503"

// Export writes the file with the reference number of a tenant to w as an
// xdomea 3.0.0 message 0503 (Aussonderung.Aussonderung.0503, the handover
// to an archive): a zip named "<ProzessID>_Aussonderung.Aussonderung.0503.zip"
// holding "<ProzessID>_Aussonderung.Aussonderung.0503.xml" — Kopf, then the
// Schriftgutobjekt Akte → Vorgang → Dokument — and every document's file
// as "<Dokument-UUID>_<file name>", the name its Primaerdokument refers to.
// The export is written to the audit log by the caller's command.
func (s *Service) Export(ctx context.Context, w io.Writer, tenantID tenant.ID, reference string, opt ExportOptions) (Export, error) {
	f, err := ByReference(ctx, s.db, tenantID, reference)
	if err != nil {
		return Export{}, err
	}
	docs, err := Documents(ctx, s.db, f.CaseID)
	if err != nil {
		return Export{}, err
	}
	ex := Export{ProcessID: NewGUID(), Documents: len(docs)}
	ex.FileName = ex.ProcessID + "_" + MessageName + ".zip"
	msg, err := message(f, docs, opt, ex.ProcessID, s.now())
	if err != nil {
		return Export{}, err
	}
	z := zip.NewWriter(w)
	if err := addZip(z, ex.ProcessID+"_"+MessageName+".xml", bytes.NewReader(msg)); err != nil {
		return Export{}, err
	}
	for _, d := range docs {
		if err := s.addDocument(ctx, z, d); err != nil {
			return Export{}, err
		}
	}
	return ex, z.Close()
}

func (s *Service) addDocument(ctx context.Context, z *zip.Writer, d Document) error {
	r, err := s.blobs.Open(ctx, d.BlobKey)
	if err != nil {
		return fmt.Errorf("akte: document %d (%s): %w", d.Seq, d.FileName, err)
	}
	defer r.Close()
	return addZip(z, primaryName(d), r)
}

func addZip(z *zip.Writer, name string, r io.Reader) error {
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// primaryName is the document's file name in the zip: its UUID, "_", the
// file name reduced to safe characters (the schema's stringDateinameType).
func primaryName(d Document) string {
	name := unsafeName.ReplaceAllString(path.Base(d.FileName), "_")
	if name == "" || name == "." {
		name = "dokument"
	}
	return d.GUID + "_" + name
}

// formatCode is the xdomea code list "Dateiformat" (version 2.0) code of a
// media type. 045 (txt) is the code the reference example message uses;
// the code list itself is not in the repository, so the others are
// unverified and everything else is given by name (SonstigerName).
func formatCode(mediaType string) fileFormat {
	mt := strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0])
	switch mt {
	case "text/plain":
		return fileFormat{Code: "045"}
	case "application/pdf":
		return fileFormat{Code: "018"}
	}
	return fileFormat{Code: "999", Other: mt}
}

// fileFormat is a Dateiformat code, with the format's name for "other".
type fileFormat struct{ Code, Other string }

func message(f File, docs []Document, opt ExportOptions, processID string, now time.Time) ([]byte, error) {
	if opt.Recipient == "" {
		opt.Recipient = "Zuständiges Archiv"
	}
	if opt.Sender == "" {
		opt.Sender = f.AuthorityName
	}
	data := map[string]any{"File": f, "Docs": docs, "Opt": opt, "ProcessID": processID, "Now": now.UTC().Format(time.RFC3339),
		"VorgangID": derivedGUID(f.GUID, "vorgang")}
	var b bytes.Buffer
	if err := messageTemplate().Execute(&b, data); err != nil {
		return nil, fmt.Errorf("akte: xdomea message: %w", err)
	}
	return b.Bytes(), nil
}

// derivedGUID is a stable UUID (version-4 layout) derived from a parent
// GUID, so a file's Vorgang keeps its id across exports.
func derivedGUID(parent, what string) string {
	b := sha256.Sum256([]byte(parent + "/" + what))
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// years returns the whole years of a retention period such as P10Y, or 0.
func years(period string) int {
	m := isoPeriod.FindStringSubmatch(period)
	if m == nil || m[1] == "" || m[2] != "" || m[3] != "" || m[4] != "" {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// kindLabels are the German document types (Typ) in the export.
func kindLabel(k Kind) string {
	return map[Kind]string{Receipt: "Antrag mit Eingangsbestätigung", Attachment: "Anlage", MessageIn: "Eingang",
		MessageOut: "Ausgang", Note: "Vermerk", Request: "Nachforderung", Notice: "Bescheid", Record: "Schriftstück"}[k]
}

func incoming(k Kind) bool { return k == Receipt || k == Attachment || k == MessageIn }
func outgoing(k Kind) bool { return k == MessageOut || k == Request || k == Notice }

func messageTemplate() *template.Template {
	return template.Must(template.New("0503").Funcs(template.FuncMap{
		"esc": esc, "date": date, "years": years, "kind": kindLabel, "primary": primaryName, "format": formatCode,
		"in": incoming, "out": outgoing, "ts": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}).Parse(messageXML))
}
