package backoffice

import (
	"errors"
	"net/http"
	"slices"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// bulkRoute takes the inbox's checked cases and one action.
const bulkRoute = "POST /verwaltung/sammelaktion"

// bulkPage is the data of backoffice_bulk.html: what a bulk action did,
// case by case.
type bulkPage struct {
	Action  string // claim, assign
	Done    []bulkRow
	Refused []bulkRow
	Errors  []string // the action as a whole was refused
	IsHead  bool
}

// bulkRow is one case of the summary.
type bulkRow struct {
	Reference, Href, Reason string
}

// bulk handles POST /verwaltung/sammelaktion: claim or assign the checked
// cases (fields "fall": reference numbers, "aktion", "bearbeiter"), each checked by
// casework like the single action, and shows one summary of what worked
// and what was refused, and why.
func (s *Handler) bulk(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errBadRequest("unreadable form"))
		return
	}
	action := r.PostForm.Get("aktion")
	p := bulkPage{Action: action, IsHead: slices.ContainsFunc(staff.Authorities(), staff.IsHead)}
	out, err := s.d.Cases.Bulk(r.Context(), staff, casework.BulkAction(action), r.PostForm["fall"], formInt64(r, "bearbeiter"))
	if err != nil {
		if !fault.Is(err, fault.Invalid) {
			s.fail(w, r, err)
			return
		}
		p.Errors = s.bulkErrors(r, err)
		s.render(w, r, statusOf(err), "backoffice_bulk", p)
		return
	}
	t := s.tr(r)
	for _, o := range out {
		row := bulkRow{Reference: o.Reference}
		if !fault.Is(o.Err, fault.NotFound) {
			row.Href = caseURL(o.Reference, "")
		}
		if o.Err == nil {
			p.Done = append(p.Done, row)
			continue
		}
		row.Reason = t("backoffice_inbox.bulk.refused." + string(fault.CodeOf(o.Err)))
		p.Refused = append(p.Refused, row)
	}
	s.render(w, r, http.StatusOK, "backoffice_bulk", p)
}

// bulkErrors are the texts of a bulk action refused as a whole.
func (s *Handler) bulkErrors(r *http.Request, err error) []string {
	t := s.tr(r)
	var out []string
	var fe *fault.Error
	if errors.As(err, &fe) {
		for _, f := range fe.Fields {
			out = append(out, t("backoffice_inbox.bulk.field."+f.Field))
		}
	}
	if len(out) == 0 {
		out = append(out, t("backoffice.error."+string(fault.CodeOf(err))))
	}
	return out
}
