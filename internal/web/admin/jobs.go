package admin

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// jobsPage is the data of admin_jobs.html: the tenant's background jobs
// that failed for good (fehlgeschlagene Hintergrundaufträge).
type jobsPage struct {
	Failed []failedJob
	Done   bool // a retry was started (after the redirect)
}

// failedJob is one failed job as the list shows it.
type failedJob struct {
	jobs.Job
	Error    string // last error, shortened
	Finished string // when it was given up, in the reader's format
}

// errorShown bounds the last error on the page: workers' errors name ids,
// never personal data (package jobs), and the full text is in the log.
const errorShown = 300

// adminJobs shows GET /verwaltung/mandant/auftraege: the jobs of the
// admin's tenant that failed for good, newest first, each with its kind,
// subject (reference number), attempts, shortened last error and time,
// and a button to run it again once the cause is fixed.
func (s *Handler) adminJobs(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	if s.d.Jobs == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no job queue in this process"))
		return
	}
	failed, err := s.d.Jobs.Failed(r.Context(), staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := jobsPage{Done: r.URL.Query().Get("hinweis") == "erneut"}
	for _, j := range failed {
		e := []rune(j.LastError)
		if len(e) > errorShown {
			e = append(e[:errorShown], '…')
		}
		p.Failed = append(p.Failed, failedJob{Job: j, Error: string(e), Finished: site.FormatTime(s.site.Lang(r), j.FinishedAt)})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_jobs", "jobs", p)
}

// adminJobRetry handles POST /verwaltung/mandant/auftraege: the form names
// one failed job ("job"). The tenant comes from the admin's principal,
// never from the form: a job of another tenant or of the installation is
// not found. package jobs audits the retry.
func (s *Handler) adminJobRetry(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	if s.d.Jobs == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no job queue in this process"))
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("job"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, fault.New(fault.Invalid, "name a failed job"))
		return
	}
	_, err = s.d.Jobs.Retry(r.Context(), jobs.RetryRequest{TenantID: staff.TenantID, ID: id,
		Actor: "staff:" + strconv.FormatInt(staff.AccountID, 10)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/verwaltung/mandant/auftraege?hinweis=erneut", http.StatusSeeOther)
}
