package sections

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Access is what a citizen needs to apply online with def, as a message:
// "servicepage.access.guest" (no login needed) or
// "servicepage.access.<level>" (the login of that assurance level).
func Access(def *procedure.Definition) Line {
	if def.Guest {
		return Line{Key: "servicepage.access.guest"}
	}
	return Line{Key: "servicepage.access." + def.Assurance}
}

// process lists the steps of applying online with the procedure: log in
// at the procedure's level (or go on as a guest) — the portal asks for it
// before the form starts —, fill in, submit, receipt, notice in the
// mailbox.
func (t texts) process() Section {
	if t.def == nil {
		return Section{ID: Process}
	}
	login := Access(t.def)
	login.Key = strings.Replace(login.Key, "access", "process.login", 1)
	steps := []Line{
		login,
		{Key: "servicepage.process.fill", Args: []any{"count", len(t.def.Pages)}},
		{Key: "servicepage.process.submit"},
		{Key: "servicepage.process.receipt"},
		{Key: "servicepage.process.notice"},
	}
	return Section{ID: Process, Source: FromProcedure, List: true, Lines: steps}
}

// isoPeriod matches the simple periods procedures use: P3M, P2W, P10D, P1Y.
var isoPeriod = regexp.MustCompile(`^P(\d+)([YMWD])$`)

// periodUnits names the message of each period unit.
var periodUnits = map[string]string{"Y": "years", "M": "months", "W": "weeks", "D": "days"}

// duration is the service's processing time text, else the procedure's
// processing deadline (Bearbeitungsfrist) in words, with the approval
// fiction when the procedure has one.
func (t texts) duration() Section {
	s := t.pick(Duration, catalog.SectionProcessingTime, nil)
	if s.Lines != nil || t.def == nil {
		return s
	}
	m := isoPeriod.FindStringSubmatch(t.def.Deadline)
	if m == nil {
		return s // a combined period such as P1M2W is rare; say nothing rather than something wrong
	}
	n, _ := strconv.Atoi(m[1])
	s = Section{ID: Duration, Source: FromProcedure, Lines: []Line{
		{Key: "servicepage.duration." + periodUnits[m[2]], Args: []any{"count", n}}}}
	if t.def.ApprovalFiction {
		s.Lines = append(s.Lines, Line{Key: "servicepage.duration.fiction"})
	}
	return s
}

// leikaWhat describes a service the catalog and no procedure describe by
// what the LeiKa says about it: the OZG service it belongs to and its life
// situation. Names equal to the service's own add nothing and are left out.
func leikaWhat(s catalog.Service) Section {
	ozg := s.OZGName
	if strings.EqualFold(strings.TrimSpace(ozg), strings.TrimSpace(s.Name)) {
		ozg = ""
	}
	var l Line
	switch {
	case ozg != "" && s.LifeSituation != "":
		l = Line{Key: "servicepage.leika.ozg_situation", Args: []any{"ozg", ozg, "situation", s.LifeSituation}}
	case ozg != "":
		l = Line{Key: "servicepage.leika.ozg", Args: []any{"ozg", ozg}}
	case s.LifeSituation != "":
		l = Line{Key: "servicepage.leika.situation", Args: []any{"situation", s.LifeSituation}}
	default:
		return Section{ID: What}
	}
	return Section{ID: What, Source: FromLeiKa, Lines: []Line{l}}
}
