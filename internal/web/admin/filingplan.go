package admin

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// maxRecordsUpload bounds an uploaded filing plan or archive message.
const maxRecordsUpload = 8 << 20

// recordsRoutes registers the records office's pages (Registratur): the
// filing plan (Aktenplan) and the archive handover (Aussonderung).
func (s *Handler) recordsRoutes(mux site.Mux) {
	mux.HandleFunc("GET /verwaltung/mandant/aktenplan", s.tenantAdmin(s.adminPlan))
	mux.HandleFunc("POST /verwaltung/mandant/aktenplan", s.tenantAdmin(s.adminPlanImport))
	mux.HandleFunc("GET /verwaltung/mandant/aussonderung", s.tenantAdmin(s.adminDisposal))
	mux.HandleFunc("POST /verwaltung/mandant/aussonderung/angebot", s.tenantAdmin(s.adminDisposalOffer))
	mux.HandleFunc("POST /verwaltung/mandant/aussonderung/antwort", s.tenantAdmin(s.adminDisposalReply))
	mux.HandleFunc("POST /verwaltung/mandant/aussonderung/uebergabe", s.tenantAdmin(s.adminDisposalSend))
}

// planPage is the data of admin_filingplan.html: the tenant's filing plan
// as a tree, and the upload's outcome.
type planPage struct {
	Rows     []akte.PlanRow
	Imported int      // units of the plan just imported (after the redirect)
	Refused  bool     // the upload was refused; nothing changed
	Errors   []string // why: every problem (none when no file was chosen)
	FileName string   // the refused file's name
}

// adminPlan shows GET /verwaltung/mandant/aktenplan: the filing plan with
// the number of files under each unit, and the upload form.
func (s *Handler) adminPlan(w http.ResponseWriter, r *http.Request) {
	imported, _ := strconv.Atoi(r.URL.Query().Get("einheiten"))
	s.renderPlan(w, r, http.StatusOK, planPage{Imported: imported})
}

func (s *Handler) renderPlan(w http.ResponseWriter, r *http.Request, status int, p planPage) {
	if s.d.Files == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no case files in this process"))
		return
	}
	var err error
	if p.Rows, err = s.d.Files.PlanTree(r.Context(), staffFrom(r).TenantID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, status, "admin_filingplan", "filingplan", p)
}

// adminPlanImport handles POST /verwaltung/mandant/aktenplan: the uploaded
// file ("plan", CSV or xdomea 0301) replaces the plan through
// akte.Service.ImportPlan, which checks it whole; a refused file shows
// every problem and leaves the stored plan as it was.
func (s *Handler) adminPlanImport(w http.ResponseWriter, r *http.Request) {
	if s.d.Files == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no case files in this process"))
		return
	}
	staff := staffFrom(r)
	name, b, err := upload(r, "plan")
	if err == nil {
		var n int
		n, err = s.d.Files.ImportPlan(r.Context(), actorOf(staff.AccountID), staff.TenantID, name, b)
		if err == nil {
			http.Redirect(w, r, "/verwaltung/mandant/aktenplan?einheiten="+strconv.Itoa(n), http.StatusSeeOther)
			return
		}
	}
	lines, ok := problemLines(err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	s.renderPlan(w, r, http.StatusUnprocessableEntity, planPage{Refused: true, Errors: lines, FileName: name})
}

// errNoFile is the refusal of a form sent without its file.
var errNoFile = fault.New(fault.Invalid, "")

// upload reads the one file of the multipart form's field.
func upload(r *http.Request, field string) (string, []byte, error) {
	if err := r.ParseMultipartForm(maxRecordsUpload); err != nil {
		return "", nil, errNoFile
	}
	f, h, err := r.FormFile(field)
	if err != nil {
		return "", nil, errNoFile
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxRecordsUpload))
	return h.Filename, b, err
}

// problemLines splits a refusal (fault.Invalid or fault.NotFound) into the
// lines the page lists: akte names each problem on its own line. errNoFile
// gives no lines; the template then asks for the file. Other errors are
// not the file's fault (ok false).
func problemLines(err error) ([]string, bool) {
	var fe *fault.Error
	if !errors.As(err, &fe) || (fe.Code != fault.Invalid && fe.Code != fault.NotFound) {
		return nil, false
	}
	if err == errNoFile {
		return nil, true
	}
	var lines []string
	for l := range strings.SplitSeq(fe.Message, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, true
}

// actorOf is the audit actor of a tenant admin's change.
func actorOf(accountID int64) string { return "staff:" + strconv.FormatInt(accountID, 10) }
