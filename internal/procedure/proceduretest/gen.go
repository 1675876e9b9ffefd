package proceduretest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Place is a municipality (Gemeinde) place fields may name: its 12-digit
// ARS and its name as the region data has it.
type Place struct {
	ARS, Name string
}

// Config is what a Generator needs besides the procedure.
type Config struct {
	// Places are the municipalities place fields choose from; the region
	// data of the system under test must know them.
	Places []Place
	// Now is the moment date bounds such as "today-18y" are resolved at;
	// zero means time.Now().
	Now time.Time
	// MaxEntries caps the entries of a repeatable group whose maximum is
	// larger (0: 60), so a "maximum" application stays affordable.
	MaxEntries int
}

// Size says how much of a procedure an application fills.
type Size int

// The sizes an application is drawn in; Generate cycles through them.
const (
	Minimal Size = iota // required fields only, groups at their minimum
	Maximal             // every optional field, groups at their maximum, longest texts
	Mixed               // each optional part by a coin toss
)

func (s Size) String() string { return [...]string{"minimal", "maximal", "mixed"}[s] }

// Application is one generated application.
type Application struct {
	Procedure string
	Seed      uint64
	Size      Size
	// Astral says whether texts use characters outside the Basic
	// Multilingual Plane (emoji and others); the other applications keep
	// to the BMP so that a renderer failing on those does not hide every
	// later representation.
	Astral bool
	// Pages are the ids of the pages a citizen goes through, in order.
	Pages []string
	// Values are the answers in the shape of procedure answers, with the
	// canonical value of each field (see Leaf.Value); hidden fields are
	// left out and computed fields hold what the procedure computes.
	Values map[string]any
	// Expected are the answered fields, in form order.
	Expected []Leaf
	// Refused are the fields whose valid value procedure.Validate of the
	// code under test refuses (e.g. a 20-digit number): the form flow will
	// be refused there, a finding in itself.
	Refused map[string]string
	def     *procedure.Definition
}

// String names the application in failure messages.
func (a *Application) String() string {
	return fmt.Sprintf("%s seed=%d (%s, astral=%v)", a.Procedure, a.Seed, a.Size, a.Astral)
}

// Generator draws applications for one procedure.
type Generator struct {
	p   *procedure.Procedure
	cfg Config
}

// New returns a generator for p.
func New(p *procedure.Procedure, cfg Config) *Generator {
	if cfg.MaxEntries <= 0 {
		cfg.MaxEntries = 60
	}
	return &Generator{p: p, cfg: cfg}
}

// gen is the state of drawing one application.
type gen struct {
	*Generator
	r       *rand.Rand
	size    Size
	astral  bool
	tame    bool // after failed attempts: plain values near the minimum
	now     time.Time
	today   string
	extreme map[string]bool // paths holding values beyond int64/float64
}

// maxAttempts bounds the repair of one application.
const maxAttempts = 60

// Generate draws the application with seed: the size cycles with the seed
// (minimal, maximal, mixed) and every other triple (seeds 3–5, 9–11, …)
// keeps to the BMP, so any six consecutive seeds hold every size and both.
// It fails only when the procedure's rules cannot be satisfied by drawing
// again, naming the errors left.
func (g *Generator) Generate(ctx context.Context, seed uint64) (*Application, error) {
	now := g.cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	s := &gen{Generator: g, r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), size: Size(seed % 3),
		astral: (seed/3)%2 == 0, now: now, today: now.In(berlin).Format(isoDate), extreme: map[string]bool{}}
	values := s.fields(g.p.Def.Pages, nil)
	var last []string
	for attempt := range maxAttempts {
		res, err := g.p.Validate(ctx, rawMap(values), procedure.Options{Now: now})
		if err != nil {
			return nil, err
		}
		refused, rest := s.split(res)
		if len(rest) == 0 {
			return s.finish(ctx, seed, values, res, refused)
		}
		last = last[:0]
		for _, e := range rest {
			last = append(last, e.Field+": "+e.Key)
		}
		s.tame = attempt >= 4 && attempt%2 == 0
		switch {
		case attempt >= maxAttempts/2 && attempt%5 == 0:
			values = s.fields(g.p.Def.Pages, nil)
		default:
			size := s.size
			if attempt >= 2 && attempt%2 == 1 {
				s.size = Mixed // draw freely: a bound alone may break a rule
			}
			for _, e := range rest {
				s.repair(values, e.Field, e.Key, attempt)
			}
			s.size = size
		}
	}
	return nil, fmt.Errorf("%s seed %d: no valid application after %d attempts; left: %s",
		g.p.Def.ID, seed, maxAttempts, strings.Join(last, "; "))
}

// fields draws the values of all pages.
func (s *gen) fields(pages []procedure.Page, into map[string]any) map[string]any {
	if into == nil {
		into = map[string]any{}
	}
	for _, pg := range pages {
		for _, f := range pg.Fields {
			s.put(into, f, f.ID, false)
		}
	}
	return into
}

// put draws f at path into m, or leaves it out when it is optional and
// the size says so (force: always draw).
func (s *gen) put(m map[string]any, f procedure.Field, path string, force bool) {
	if f.Type == procedure.Label || f.Compute != "" {
		return
	}
	if !force && !s.wanted(f) {
		delete(m, f.ID)
		return
	}
	m[f.ID] = s.value(f, path)
}

// wanted decides whether an optional field is answered.
func (s *gen) wanted(f procedure.Field) bool {
	if f.Required || f.Type == procedure.Declaration || (f.Type == procedure.Group && f.Repeat == nil) {
		return true
	}
	switch s.size {
	case Minimal:
		return s.tame && (f.RequiredIf != "" || len(f.RequiredWhen) > 0) // a required_if may need it
	case Maximal:
		return true
	}
	return s.r.IntN(2) == 0
}

// value draws the canonical value of f.
func (s *gen) value(f procedure.Field, path string) any {
	switch f.Type {
	case procedure.Group:
		if f.Repeat == nil {
			sub := map[string]any{}
			for _, c := range f.Fields {
				s.put(sub, c, path+"."+c.ID, false)
			}
			return sub
		}
		n := s.entries(f)
		list := make([]any, 0, n)
		for i := range n {
			sub := map[string]any{}
			for _, c := range f.Fields {
				s.put(sub, c, fmt.Sprintf("%s[%d].%s", path, i, c.ID), false)
			}
			list = append(list, sub)
		}
		return list
	case procedure.ShortText, procedure.LongText:
		return s.textValue(f)
	case procedure.Integer:
		return s.integer(f, path)
	case procedure.Decimal:
		return s.decimal(f, path)
	case procedure.Money:
		return s.money(f)
	case procedure.Date:
		return s.date(f)
	case procedure.YesNo:
		return s.r.IntN(2) == 0
	case procedure.Declaration:
		return true
	case procedure.SingleChoice:
		return pick(s.r, s.options(f)).Value
	case procedure.MultipleChoice:
		return s.multi(f)
	case procedure.Email:
		return s.email()
	case procedure.Phone:
		return pick(s.r, []string{"+49 30 1234567", "0351 4960", "+49 (0)89 12345-678", "030/9026-0"})
	case procedure.IBAN:
		return s.iban()
	case procedure.Address:
		return s.address()
	case procedure.PostalCode:
		return fmt.Sprintf("%05d", 1001+s.r.IntN(98000))
	case procedure.Place:
		if len(s.cfg.Places) == 0 {
			return "146120000000"
		}
		return pick(s.r, s.cfg.Places).ARS
	case procedure.FileUpload:
		return s.files(f, path)
	}
	return nil
}

// entries is the number of entries of a repeatable group.
func (s *gen) entries(f procedure.Field) int {
	lo, hi := f.Repeat.Min, min(f.Repeat.Max, s.cfg.MaxEntries)
	if lo == 0 && (f.Required || s.tame) {
		lo = 1
	}
	hi = max(hi, lo)
	switch {
	case s.size == Minimal || s.tame:
		return lo
	case s.size == Maximal:
		return hi
	}
	return lo + s.r.IntN(hi-lo+1)
}

func (s *gen) options(f procedure.Field) []procedure.Option {
	if f.CodeList != "" {
		return s.p.Def.CodeLists[f.CodeList].Options
	}
	return f.Options
}

func (s *gen) multi(f procedure.Field) []string {
	opts := s.options(f)
	var out []string
	for len(out) == 0 {
		for _, o := range opts {
			if (s.size == Maximal && !s.tame) || s.r.IntN(len(opts)) == 0 {
				out = append(out, o.Value)
			}
		}
	}
	return out
}

func (s *gen) email() string {
	local := pick(s.r, []string{"jana.schmidt", "o'brien+antrag", "x_y-z", "müller"})
	if !strings.ContainsFunc(local, func(r rune) bool { return r > 127 }) {
		return local + "@" + pick(s.r, []string{"example.org", "beispiel-amt.de", "mail.example.com"})
	}
	return "info@example.net"
}

// iban draws a valid German IBAN.
func (s *gen) iban() string {
	bban := fmt.Sprintf("%08d%010d", s.r.IntN(1e8), s.r.IntN(1e10))
	// check digits: 98 - (bban + "DE00" as digits) mod 97
	num := bban + "131400"
	rem := 0
	for _, c := range num {
		rem = (rem*10 + int(c-'0')) % 97
	}
	return fmt.Sprintf("DE%02d%s", 98-rem, bban)
}

func (s *gen) address() map[string]any {
	street := s.textN(2 + s.r.IntN(40))
	if s.size == Maximal && !s.tame {
		street = s.textN(100)
	}
	return map[string]any{
		"street":      street,
		"number":      pick(s.r, []string{"1", "12a", "7–9", "100 b", "3/1"}),
		"postal_code": fmt.Sprintf("%05d", 1001+s.r.IntN(98000)),
		"place":       s.textN(1 + s.r.IntN(30)),
	}
}

// textN is a text of n characters from the application's planes.
func (s *gen) textN(n int) string {
	t := s.text(n)
	if !s.astral {
		t = bmpOnly(t)
	}
	return t
}

func (s *gen) textValue(f procedure.Field) string {
	if f.Pattern != "" {
		for range 20 {
			if v, ok := fromPattern(s.r, f.Pattern); ok && strings.TrimSpace(v) == v && v != "" {
				return v
			}
		}
	}
	lo, hi := max(f.MinLength, 1), f.MaxLength
	if hi == 0 {
		hi = 200
		if f.Type == procedure.LongText {
			hi = 1000
		}
	}
	n := lo + s.r.IntN(min(hi-lo+1, 60))
	if s.size == Maximal && !s.tame {
		n = hi
	}
	if f.Type == procedure.ShortText || n < 8 {
		return s.textN(n)
	}
	// several lines; every line break counts as one character
	var lines []string
	left := n
	for left > 0 {
		k := min(left, 1+s.r.IntN(40))
		if len(lines) > 0 {
			k = min(k, left-1)
			if k < 1 {
				lines[len(lines)-1] += s.textN(left)
				break
			}
			left--
		}
		lines = append(lines, s.textN(k))
		left -= k
	}
	return strings.Join(lines, "\n")
}
