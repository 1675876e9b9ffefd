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
	"runtime/debug"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ExportOptions name the parties of an xdomea message.
type ExportOptions struct {
	// Sender is the handing-over institution (Absender, e.g. the tenant's
	// name); the file's authority is given as its organisational unit.
	Sender string
	// SenderKey is the sender's Behördenkennung (Behördenschlüssel), the
	// code the archive knows it by; "" leaves it out.
	SenderKey string
	// Recipient is the archive (Empfänger); default "Zuständiges Archiv".
	Recipient string
	// RecipientKey is the archive's Behördenkennung; "" leaves it out.
	RecipientKey string
	// RecipientUnit is the archive's organisational unit that takes the
	// files (Organisationseinheit); "" leaves it out.
	RecipientUnit string
	// Instance names this installation in SendendesSystem (InstanzID),
	// e.g. the portal's URL; "" leaves it out.
	Instance string
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
// Schriftgutobjekt Akte (filing-plan unit, disposal, case history) →
// Vorgang → Dokument — and every document's file as
// "<Dokument-UUID>_<file name>", the name its Primaerdokument refers to.
// The export is written to the audit log by the caller's command. The
// archive conversation (Offer, Send) sends many files in one message.
func (s *Service) Export(ctx context.Context, w io.Writer, tenantID tenant.ID, reference string, opt ExportOptions) (Export, error) {
	f, err := ByReference(ctx, s.db, tenantID, reference)
	if err != nil {
		return Export{}, err
	}
	ex := Export{ProcessID: NewGUID()}
	ex.FileName = ex.ProcessID + "_" + MessageName + ".zip"
	n, err := s.writePackage(ctx, w, "0503", ex.ProcessID, []File{f}, opt)
	ex.Documents = n
	return ex, err
}

// writePackage writes the message code (0501 or 0503) about files as a
// zip; a 0503 carries every document's file. It returns the number of
// documents.
func (s *Service) writePackage(ctx context.Context, w io.Writer, code, processID string, files []File, opt ExportOptions) (int, error) {
	withContent := code == "0503"
	objs := make([]object, 0, len(files))
	for _, f := range files {
		o, err := s.object(ctx, f, withContent)
		if err != nil {
			return 0, err
		}
		objs = append(objs, o)
	}
	msg, err := render(code, header(code, processID, opt, files, s.now()), objs)
	if err != nil {
		return 0, err
	}
	z := zip.NewWriter(w)
	if err := addZip(z, processID+"_"+messageNames[code]+".xml", bytes.NewReader(msg)); err != nil {
		return 0, err
	}
	n := 0
	for _, o := range objs {
		for _, d := range o.Docs {
			n++
			if !withContent {
				continue
			}
			if err := s.addDocument(ctx, z, d.Document); err != nil {
				return 0, err
			}
		}
	}
	return n, z.Close()
}

// messageNames are the xdomea names of the Aussonderung messages by code.
var messageNames = map[string]string{
	"0501": "Aussonderung.Anbieteverzeichnis.0501",
	"0502": "Aussonderung.Bewertungsverzeichnis.0502",
	"0503": "Aussonderung.Aussonderung.0503",
	"0504": "Aussonderung.AnbietungEmpfangBestaetigen.0504",
	"0505": "Aussonderung.BewertungEmpfangBestaetigen.0505",
	"0506": "Aussonderung.AussonderungImportBestaetigen.0506",
	"0507": "Aussonderung.AussonderungEmpfangBestaetigen.0507",
}

// head is the Kopf of a message.
type head struct {
	ProcessID, Code, Name, Now string
	From, To                   party
	System                     system
}

// party is a Kontakt in the Kopf: Behördenkennung, institution, unit.
type party struct{ Key, Name, Unit string }

// system is the SendendesSystem.
type system struct{ Instance, Product, Version string }

func header(code, processID string, opt ExportOptions, files []File, now time.Time) head {
	from := party{Key: opt.SenderKey, Name: opt.Sender}
	if len(files) == 1 {
		from.Unit = files[0].AuthorityName
	}
	if from.Name == "" && len(files) > 0 {
		from.Name = files[0].AuthorityName
	}
	to := party{Key: opt.RecipientKey, Name: opt.Recipient, Unit: opt.RecipientUnit}
	if to.Name == "" {
		to.Name = "Zuständiges Archiv"
	}
	name, _, _ := strings.Cut(messageNames[code], "."+code)
	return head{ProcessID: processID, Code: code, Name: name, Now: now.UTC().Format(time.RFC3339), From: from, To: to,
		System: system{Instance: opt.Instance, Product: "amtsweg", Version: buildVersion()}}
}

// buildVersion is the module version of the running binary, "(devel)"
// for a build from a work tree.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func render(code string, h head, objs []object) ([]byte, error) {
	var b bytes.Buffer
	if err := messageTemplate().ExecuteTemplate(&b, code, map[string]any{"Head": h, "Objects": objs}); err != nil {
		return nil, fmt.Errorf("akte: xdomea message %s: %w", code, err)
	}
	return b.Bytes(), nil
}

func (s *Service) addDocument(ctx context.Context, z *zip.Writer, d Document) error {
	r, err := s.blobs.Open(ctx, d.BlobKey)
	if err != nil {
		return fault.Wrap(err, fault.Internal, "document %d (%s) of file %d cannot be read", d.Seq, d.FileName, d.CaseID)
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
	return template.Must(template.New("xdomea").Funcs(template.FuncMap{
		"esc": esc, "date": date, "years": years, "kind": kindLabel, "primary": primaryName,
		"in": incoming, "out": outgoing, "ts": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}).Parse(messageXML))
}
