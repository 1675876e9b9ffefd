package backoffice

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
)

// statsPage is the data of backoffice_stats.html: the statistics of the
// authorities a head of unit heads, per authority and procedure.
type statsPage struct {
	IsHead      bool
	Authorities []catalog.Authority
	Procedures  []casework.ProcedureOption
	Authority   int64
	Procedure   string
	Stats       casework.Stats
	OpenRows    []statusCount
	Weeks       []weekRow
	OpenChart   chart
	WeekChart   chart
	Median, P90 string
}

// weekRow is one week of the received/decided table.
type weekRow struct {
	Label             string
	Received, Decided int
}

// statistics shows GET /verwaltung/statistik (heads of unit; casework
// refuses everyone else with 403).
func (s *Handler) statistics(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r.Context())
	q := r.URL.Query()
	p := statsPage{IsHead: true, Procedure: q.Get("verfahren")}
	p.Authority, _ = strconv.ParseInt(q.Get("behoerde"), 10, 64)
	st, err := s.d.Cases.Statistics(r.Context(), staff, casework.StatsFilter{AuthorityID: p.Authority, ProcedureID: p.Procedure})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Stats = st
	for _, id := range staff.Authorities() {
		if a, err := s.d.Directory.Authority(r.Context(), staff.TenantID, id); err == nil && staff.IsHead(id) {
			p.Authorities = append(p.Authorities, a)
		}
	}
	if p.Procedures, err = s.d.Cases.Procedures(r.Context(), staff); err != nil {
		s.fail(w, r, err)
		return
	}
	t, lang := s.tr(r), string(s.lang(r))
	var names []string
	var open []int
	for _, status := range casework.Statuses() {
		if status.Open() {
			p.OpenRows = append(p.OpenRows, statusCount{Status: status, N: st.Open[status]})
			names = append(names, t("backoffice.status."+string(status)))
			open = append(open, st.Open[status])
		}
	}
	p.OpenChart = barChart("chart-open", t("backoffice.stats.open"), t("backoffice.stats.open_desc", "list", pairs(names, open)),
		names, []series{{Name: t("backoffice.stats.cases"), Fill: fillPrimary, Values: open}})
	var labels []string
	var rec, dec []int
	for _, wk := range st.Weeks {
		label := t("backoffice.stats.week", "week", strconv.Itoa(wk.Week))
		p.Weeks = append(p.Weeks, weekRow{Label: label + " (" + berlinDate(wk.Start) + ")", Received: wk.Received, Decided: wk.Decided})
		labels, rec, dec = append(labels, label), append(rec, wk.Received), append(dec, wk.Decided)
	}
	p.WeekChart = barChart("chart-weeks", t("backoffice.stats.weeks"),
		t("backoffice.stats.weeks_desc", "received", sum(rec), "decided", sum(dec), "n", len(labels)), labels,
		[]series{{Name: t("backoffice.stats.received"), Fill: fillPrimary, Values: rec},
			{Name: t("backoffice.stats.decided"), Fill: fillSecondary, Values: dec}})
	p.Median, p.P90 = days(lang, st.MedianDays), days(lang, st.P90Days)
	s.render(w, r, http.StatusOK, "backoffice_stats", p)
}

func pairs(names []string, values []int) string {
	out := make([]string, len(names))
	for i := range names {
		out[i] = fmt.Sprintf("%s: %d", names[i], values[i])
	}
	return strings.Join(out, ", ")
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// days formats a number of days with one decimal in the language's style.
func days(lang string, d float64) string {
	s := strconv.FormatFloat(d, 'f', 1, 64)
	if lang == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
