package akte

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Reply is what amtsweg did with a message from the archive.
type Reply struct {
	Code      string // 0502, 0504, 0506 or 0507
	ProcessID string
	Archive   []string // 0502: files to archive
	Destroy   []string // 0502: files to destroy
	Confirmed []string // 0506: files the archive imported
	Failed    []string // 0506: files it did not, with its reason; they are sent again
	Open      []string // files of the conversation the message did not mention
	Deleted   []string // files deleted after the message
	Receipt   *Message // the 0505 written, when the 0502 asked for one
}

// conv is one file of a conversation.
type conv struct {
	File
	State string
}

// ImportReply applies a message from the archive, read from b (the XML or
// its zip; name names it in errors), to tenantID's conversation with its
// ProzessID:
//   - 0502 Bewertungsverzeichnis: archive (A) or destroy (V) per offered
//     file; destroy-appraised files are deleted right after, and the 0505
//     receipt is written to w when the archive asks for one;
//   - 0504 AnbietungEmpfangBestaetigen: the archive received the 0501;
//   - 0507 AussonderungEmpfangBestaetigen: the archive received the 0503;
//   - 0506 AussonderungImportBestaetigen: per file imported or not; imported
//     files are deleted, the others go back to be sent again.
//
// Every problem (unknown ProzessID, unknown or repeated object, a file in
// the wrong state, a code out of the list) is named with its element path,
// and a message with any problem changes nothing. Each step is audited per
// file.
func (s *Service) ImportReply(ctx context.Context, w io.Writer, actor string, tenantID tenant.ID, name string, b []byte, opt ExportOptions) (Reply, error) {
	m, code, err := readMessage(name, b, "0502", "0504", "0506", "0507")
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Code: code, ProcessID: strings.TrimSpace(m.Kopf.ProzessID)}
	files, err := s.conversation(ctx, tenantID, rep.ProcessID)
	if err != nil {
		return rep, err
	}
	if len(files) == 0 {
		return rep, fault.New(fault.NotFound, "%s: /%s/Kopf/ProzessID %s names no conversation of this tenant", name,
			m.XMLName.Local, rep.ProcessID)
	}
	switch code {
	case "0502":
		err = s.appraise(ctx, actor, m, files, &rep)
		if err == nil && (m.Kopf.Empfangsbestaetigung == "1" || m.Kopf.Empfangsbestaetigung == "true") {
			rep.Receipt, err = s.receipt(w, rep.ProcessID, opt)
		}
	case "0506":
		err = s.confirm(ctx, actor, m, files, &rep)
	default:
		err = s.acknowledge(ctx, actor, code, files, &rep)
	}
	if err != nil {
		return rep, err
	}
	rep.Deleted, err = s.purgeDecided(ctx, actor, tenantID, rep.ProcessID)
	return rep, err
}

// conversation loads the files of a conversation by their GUID.
func (s *Service) conversation(ctx context.Context, tenantID tenant.ID, processID string) (map[string]conv, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("f.", fileColumns)+`, d.state FROM akte_file f
		JOIN akte_disposal d ON d.case_id = f.case_id WHERE d.tenant_id = $1 AND d.offer_id = $2`, tenantID, processID)
	list, err := store.Collect(rows, err, func(row store.Row) (conv, error) {
		var c conv
		f, err := scanFile(scanTail{row, &c.State})
		c.File = f
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("akte: conversation %s: %w", processID, err)
	}
	out := make(map[string]conv, len(list))
	for _, c := range list {
		out[c.GUID] = c
	}
	return out, nil
}

// scanTail scans a file row followed by more columns into tail.
type scanTail struct {
	row  interface{ Scan(...any) error }
	tail *string
}

// Scan scans the row's columns into dest and then the tail.
func (t scanTail) Scan(dest ...any) error { return t.row.Scan(append(dest, t.tail)...) }

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// appraise applies a 0502: every object must be a file of the offer still
// waiting for its appraisal, with Aussonderungsart A or V.
func (s *Service) appraise(ctx context.Context, actor string, m inMessage, files map[string]conv, rep *Reply) error {
	root := "/" + m.XMLName.Local
	var probs []string
	decided := map[string]string{}
	for i, o := range m.Appraised {
		at := fmt.Sprintf("%s/BewertetesObjekt[%d]", root, i+1)
		c, ok := files[strings.TrimSpace(o.ID)]
		switch {
		case !ok:
			probs = append(probs, fmt.Sprintf("%s/ID: %s is no file offered with this ProzessID", at, o.ID))
		case decided[c.GUID] != "":
			probs = append(probs, fmt.Sprintf("%s/ID: %s (%s) is appraised twice", at, o.ID, c.Reference))
		case c.State != StateOffered:
			probs = append(probs, fmt.Sprintf("%s/ID: %s (%s) was appraised before (%s)", at, o.ID, c.Reference, c.State))
		case o.Art.Code != "A" && o.Art.Code != "V":
			probs = append(probs, fmt.Sprintf("%s/Aussonderungsart: %q must be A (archivieren) or V (vernichten)%s", at,
				o.Art.Code, configurable(o.Art.Configurable)))
		}
		if ok {
			decided[c.GUID] = map[string]string{"A": StateArchive, "V": StateDestroy}[o.Art.Code]
		}
	}
	if len(probs) > 0 {
		return problems("the 0502 appraisal", probs)
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var entries []audit.Entry
		for guid, state := range decided {
			c := files[guid]
			if err := moveState(ctx, tx, c, StateOffered, state, "appraised_at = $4", now); err != nil {
				return err
			}
			if state == StateArchive {
				rep.Archive = append(rep.Archive, c.Reference)
			} else {
				rep.Destroy = append(rep.Destroy, c.Reference)
			}
			entries = append(entries, step(now, actor, c.File, "akte.archive_appraisal", map[string]any{
				"process_id": rep.ProcessID, "decision": state}))
		}
		rep.Open = open(files, decided, StateOffered)
		return audit.AppendBatch(ctx, tx, entries)
	})
}

func configurable(v string) string {
	if v != "" {
		return fmt.Sprintf(" (AussonderungsartKonfigurierbar %q is not agreed with amtsweg)", v)
	}
	return ""
}

// open lists the files in state that the message did not mention.
func open(files map[string]conv, mentioned map[string]string, state string) []string {
	var out []string
	for guid, c := range files {
		if _, ok := mentioned[guid]; !ok && c.State == state {
			out = append(out, c.Reference)
		}
	}
	return out
}

// moveState moves a file from one state to another under tx, with set
// (using $4 = at) for the step's timestamp; a file no longer in from is a
// conflict.
func moveState(ctx context.Context, tx *store.Tx, c conv, from, to, set string, at any, extra ...any) error {
	args := append(append([]any{to, c.CaseID, from, at}, extra...), c.TenantID)
	res, err := tx.ExecContext(ctx, `UPDATE akte_disposal SET state = $1, `+set+` WHERE case_id = $2 AND state = $3
		AND tenant_id = $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return fmt.Errorf("akte: %s to %s: %w", c.Reference, to, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fault.New(fault.Conflict, "%s changed meanwhile; import the message again", c.Reference)
	}
	return nil
}
