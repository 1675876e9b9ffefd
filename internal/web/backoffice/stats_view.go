package backoffice

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/casework"
)

// fillStats turns the figures into the page's tables and charts.
func (s *Handler) fillStats(r *http.Request, p *statsPage) {
	t, lang := s.tr(r), string(s.lang(r))
	st := p.Stats
	num := func(n int) string { return number(lang, n) }
	p.Median, p.P90 = days(lang, st.MedianDays), days(lang, st.P90Days)
	if len(st.Weeks) > 0 {
		p.From = berlinDate(st.Weeks[0].Start)
	}
	var names, items []string
	var open []int
	for _, status := range casework.Statuses() {
		if status.Open() {
			label := t("backoffice.status." + string(status))
			p.OpenRows = append(p.OpenRows, statRow{Label: label, N: st.Open[status]})
			p.OpenTotal += st.Open[status]
			names, open = append(names, label), append(open, st.Open[status])
			items = append(items, label+": "+num(st.Open[status]))
		}
	}
	p.Charts.Open = barChart("chart-open", t("backoffice.stats.open"),
		t("backoffice.statistics.open_desc", "total", t("backoffice.statistics.open_total", "count", p.OpenTotal), "list", strings.Join(items, "; ")),
		names, []series{{Name: t("backoffice.stats.cases"), Fill: fillPrimary, Values: open}}, axis{Format: num})
	s.fillWeeks(r, p, num)
	p.Lead = s.leadRows(lang, st.ByProcedure, func(l casework.LeadTime) string { return procedureTitle(p.Procedures, l.ProcedureID) })
	byAuth := s.leadRows(lang, st.ByAuthority, func(l casework.LeadTime) string { return authorityName(p, l.AuthorityID) })
	for _, sec := range []leadSection{
		{ID: "lead-procedure", Title: t("backoffice.statistics.lead_procedure"), Caption: t("backoffice.statistics.lead_procedure_table"),
			Col: t("backoffice.statistics.procedure"), Rows: p.Lead},
		{ID: "lead-authority", Title: t("backoffice.statistics.lead_authority"), Caption: t("backoffice.statistics.lead_authority_table"),
			Col: t("backoffice.statistics.authority"), Rows: byAuth},
	} {
		sec.Chart = leadChart(t, lang, "chart-"+sec.ID, sec.Title, sec.Rows)
		p.LeadSections = append(p.LeadSections, sec)
	}
}

// fillWeeks builds the weekly tables and the received/decided and
// backlog charts.
func (s *Handler) fillWeeks(r *http.Request, p *statsPage, num func(int) string) {
	t := s.tr(r)
	var labels []string
	var rec, dec, backlog []int
	for _, wk := range p.Stats.Weeks {
		p.Weeks = append(p.Weeks, weekRow{Label: t("backoffice.statistics.week_label", "week", strconv.Itoa(wk.Week), "date", berlinDate(wk.Start)),
			Received: wk.Received, Decided: wk.Decided, Backlog: wk.Backlog})
		labels = append(labels, strconv.Itoa(wk.Week))
		rec, dec, backlog = append(rec, wk.Received), append(dec, wk.Decided), append(backlog, wk.Backlog)
	}
	axis := t("backoffice.statistics.week_axis")
	p.Charts.Weeks = weekChart("chart-weeks", t("backoffice.stats.weeks"),
		t("backoffice.statistics.weeks_desc", "count", len(labels), "received", num(sum(rec)), "decided", num(sum(dec))), labels,
		[]series{{Name: t("backoffice.stats.received"), Fill: fillPrimary, Values: rec},
			{Name: t("backoffice.stats.decided"), Fill: fillSecondary, Hatch: true, Values: dec}}, false, axis, num)
	first, from := 0, ""
	if len(p.Weeks) > 0 {
		first, from = backlog[0], p.Weeks[0].Label
	}
	p.Charts.Backlog = weekChart("chart-backlog", t("backoffice.statistics.backlog"),
		t("backoffice.statistics.backlog_desc", "count", p.OpenTotal, "first", num(first), "from", from), labels,
		[]series{{Name: t("backoffice.statistics.backlog_series"), Fill: fillPrimary, Values: backlog}}, true, axis, num)
}

// leadRows names and formats lead times.
func (s *Handler) leadRows(lang string, ls []casework.LeadTime, name func(casework.LeadTime) string) []leadRow {
	out := make([]leadRow, len(ls))
	for i, l := range ls {
		out[i] = leadRow{Name: name(l), Decided: l.Decided, Median: days(lang, l.MedianDays), P90: days(lang, l.P90Days),
			medianTenths: int(l.MedianDays*10 + 0.5), p90Tenths: int(l.P90Days*10 + 0.5)}
	}
	return out
}

// leadChart draws lead times in days as horizontal bars: the median and
// the 90th percentile (striped) per row.
func leadChart(t func(string, ...any) string, lang, id, title string, rows []leadRow) chart {
	var labels, items []string
	var median, p90 []int
	for _, r := range rows {
		labels, median, p90 = append(labels, r.Name), append(median, r.medianTenths), append(p90, r.p90Tenths)
		items = append(items, t("backoffice.statistics.lead_item", "name", r.Name, "median", r.Median, "p90", r.P90))
	}
	tenths := func(v int) string { return days(lang, float64(v)/10) }
	whole := func(v int) string { return number(lang, v/10) } // the ticks fall on whole days (Unit)
	return barChart(id, title, t("backoffice.statistics.lead_desc", "list", strings.Join(items, "; ")), labels,
		[]series{{Name: t("backoffice.statistics.median"), Fill: fillPrimary, Values: median},
			{Name: t("backoffice.statistics.p90"), Fill: fillSecondary, Hatch: true, Values: p90}}, axis{Format: tenths, Tick: whole, Unit: 10})
}

func procedureTitle(ps []casework.ProcedureOption, id string) string {
	for _, p := range ps {
		if p.ID == id {
			return p.Title
		}
	}
	return id
}

func authorityName(p *statsPage, id int64) string {
	for _, a := range p.Authorities {
		if a.ID == id {
			return a.Name
		}
	}
	return fmt.Sprint(id)
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
