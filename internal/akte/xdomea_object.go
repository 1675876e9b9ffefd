package akte

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// object is one Schriftgutobjekt (Akte) of a message.
type object struct {
	File      File
	UnitTitle string // Inhaltsangabe of the filing-plan unit, if the plan has it
	Proposal  string // Bewertungsvorschlag: A, V or "" (B: the archive decides)
	VorgangID string
	History   []historyEntry
	Docs      []docView
}

// docView is a document as the message shows it.
type docView struct {
	Document
	Number        string // Kennzeichen: "<Aktenzeichen>/<position>"
	Bezug         string // the document it answers: the application ("Antrag <Kennzeichen>")
	Content       bool   // with Version/Format/Primaerdokument (0503)
	Format        fileFormat
	FormatVersion string
}

// historyEntry is one HistorienProtokollInformation.
type historyEntry struct {
	Field, Old, New, Actor, At, Note, Action string
}

func (s *Service) object(ctx context.Context, f File, content bool) (object, error) {
	docs, err := Documents(ctx, s.db, f.CaseID)
	if err != nil {
		return object{}, err
	}
	o := object{File: f, Proposal: proposal(f.Disposal), VorgangID: derivedGUID(f.GUID, "vorgang")}
	if f.PlanUnit != "" {
		u, err := Unit(ctx, s.db, f.TenantID, f.PlanUnit)
		if err != nil && !fault.Is(err, fault.NotFound) {
			return object{}, err
		}
		o.UnitTitle = u.Title
	}
	if o.History, err = s.history(ctx, f); err != nil {
		return object{}, err
	}
	receipt := f.Reference // the application: its receipt's Kennzeichen when filed
	for _, d := range docs {
		if d.Kind == Receipt {
			receipt = docNumber(f, d)
		}
	}
	for _, d := range docs {
		v := docView{Document: d, Number: docNumber(f, d), Content: content}
		if d.Kind != Receipt && d.Kind != Note {
			v.Bezug = "Antrag " + receipt
		}
		if content {
			v.Format = formatCode(d.MediaType, d.FileName)
			if v.FormatVersion, err = s.formatVersion(ctx, d); err != nil {
				return object{}, err
			}
		}
		o.Docs = append(o.Docs, v)
	}
	return o, nil
}

func docNumber(f File, d Document) string { return f.Reference + "/" + strconv.Itoa(d.Seq) }

// proposal is the sender's Bewertungsvorschlag for an Aussonderungsart:
// A and V propose themselves; B leaves the decision to the archive.
func proposal(disposal string) string {
	if disposal == "A" || disposal == "V" {
		return disposal
	}
	return ""
}

// history turns the case's audit entries (read through package audit)
// into HistorienProtokollInformation: who did what when, status changes
// as the metadatum "Status" with its old and new value, the rest of the
// entry's details as the remark.
func (s *Service) history(ctx context.Context, f File) ([]historyEntry, error) {
	entries, err := audit.ForObject(ctx, s.db, int64(f.TenantID), "case", strconv.FormatInt(f.CaseID, 10))
	if err != nil {
		return nil, err
	}
	out := make([]historyEntry, 0, len(entries))
	for _, e := range entries {
		h := historyEntry{Actor: e.Actor, At: e.At.UTC().Format(time.RFC3339), Action: e.Action}
		from, _ := e.Details["from"].(string)
		to, _ := e.Details["to"].(string)
		if to != "" && from != to {
			h.Field, h.Old, h.New = "Status", from, to
		}
		h.Note = remark(e.Details)
		out = append(out, h)
	}
	return out, nil
}

// remark lists an entry's details other than the reference and status
// change as "key=value", sorted.
func remark(d map[string]any) string {
	var parts []string
	for k, v := range d {
		if k == "reference" || k == "from" || k == "to" {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%v", k, v))
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

// formatVersion reads the start of a document for the version its format
// records in the file itself (PDF, JPEG/JFIF, GIF, XML); "" when the
// format keeps none there (PNG, TIFF, OOXML, ODF keep it elsewhere or not
// at all).
func (s *Service) formatVersion(ctx context.Context, d Document) (string, error) {
	r, err := s.blobs.Open(ctx, d.BlobKey)
	if err != nil {
		return "", fault.Wrap(err, fault.Internal, "document %d (%s) of file %d cannot be read", d.Seq, d.FileName, d.CaseID)
	}
	defer r.Close()
	head := make([]byte, 64)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	return sniffVersion(head[:n]), nil
}
