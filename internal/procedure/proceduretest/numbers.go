package proceduretest

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Berlin on minimal hosts

	"github.com/amtsweg/amtsweg/internal/procedure"
)

const isoDate = "2006-01-02"

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// bounds returns the field's min and max as exact decimals; nil is open.
func bounds(lo, hi *json.Number) (*big.Rat, *big.Rat) {
	return exact(lo), exact(hi)
}

func exact(n *json.Number) *big.Rat {
	if n == nil {
		return nil
	}
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		panic(fmt.Sprintf("proceduretest: bound %q is not a number", n.String()))
	}
	return r
}

// integer draws a whole number as a decimal string: a bound, a value in
// between, or — without an upper bound and not tame — a number with 19 or
// 20 digits.
func (s *gen) integer(f procedure.Field, path string) string {
	lo, hi := bounds(f.Min, f.Max)
	if hi == nil && lo == nil || hi == nil && lo.Sign() <= 0 {
		if !s.tame && s.r.IntN(3) == 0 {
			s.extreme[path] = true
			return pick(s.r, []string{"12345678901234567890", "99999999999999999999", "9223372036854775807", "1234567890123456789"})
		}
		if s.tame {
			return "1"
		}
		return fmt.Sprint(s.r.IntN(1000))
	}
	a := intBound(lo, true, 0)
	b := intBound(hi, false, a+1_000_000)
	switch {
	case s.size == Minimal || s.tame:
		return fmt.Sprint(a)
	case s.size == Maximal:
		return fmt.Sprint(b)
	}
	return fmt.Sprint(a + s.r.Int64N(b-a+1))
}

func intBound(x *big.Rat, up bool, open int64) int64 {
	if x == nil {
		return open
	}
	f, _ := x.Float64()
	if up {
		return int64(math.Ceil(f))
	}
	return int64(math.Floor(f))
}

// decimal draws a number with a fraction: within the bounds, with up to
// 15 fraction digits (more than float64 keeps), or without bounds 20 and
// more significant digits.
func (s *gen) decimal(f procedure.Field, path string) string {
	lo, hi := bounds(f.Min, f.Max)
	if s.tame {
		if lo != nil {
			return ratString(lo, 2)
		}
		return "1.5"
	}
	if lo == nil && hi == nil {
		s.extreme[path] = true
		return pick(s.r, []string{"12345678901234567890.12", "0.1", "-98765432109876543.21", "3.14159265358979323846"})
	}
	if lo == nil {
		lo = new(big.Rat).Sub(hi, big.NewRat(1000, 1))
	}
	if hi == nil {
		hi = new(big.Rat).Add(lo, big.NewRat(1_000_000, 1))
	}
	switch s.size {
	case Minimal:
		return ratString(lo, 2)
	case Maximal:
		// just below the maximum with many digits: float64 cannot keep it
		d := new(big.Rat).Sub(hi, big.NewRat(1, 1_000_000_000_000))
		if d.Cmp(lo) < 0 {
			d = hi
		}
		s.extreme[path] = true
		return ratString(d, 12)
	}
	span := new(big.Rat).Sub(hi, lo)
	x := new(big.Rat).Add(lo, new(big.Rat).Mul(span, big.NewRat(int64(s.r.IntN(10_000)), 10_000)))
	return ratString(x, 1+s.r.IntN(4))
}

// ratString writes x with at most prec fraction digits, no trailing zeros.
func ratString(x *big.Rat, prec int) string {
	out := x.FloatString(prec)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	if out == "-0" {
		out = "0"
	}
	return out
}

// money draws an amount with two decimals ("1234.50"); without an upper
// bound up to 13 whole digits.
func (s *gen) money(f procedure.Field) string {
	lo, hi := bounds(f.Min, f.Max)
	if lo == nil {
		lo = new(big.Rat)
	}
	if hi == nil {
		hi = new(big.Rat).SetInt64(9_999_999_999_999)
	}
	var x *big.Rat
	switch {
	case s.tame || s.size == Minimal:
		x = lo
	case s.size == Maximal:
		x = hi
	default:
		c := new(big.Int).Div(new(big.Int).Mul(new(big.Int).Sub(ratCents(hi), ratCents(lo)), big.NewInt(int64(s.r.IntN(1000)))), big.NewInt(1000))
		x = new(big.Rat).SetFrac(new(big.Int).Add(ratCents(lo), c), big.NewInt(100))
		if s.r.IntN(3) == 0 { // a small amount with cents
			x = new(big.Rat).Add(lo, big.NewRat(int64(1+s.r.IntN(9999)), 100))
			if x.Cmp(hi) > 0 {
				x = lo
			}
		}
	}
	return x.FloatString(2)
}

func ratCents(x *big.Rat) *big.Int {
	c := new(big.Rat).Mul(x, big.NewRat(100, 1))
	return new(big.Int).Quo(c.Num(), c.Denom())
}

// date draws an ISO date within the bounds: a bound itself, 29 February,
// 31 December or a day in between.
func (s *gen) date(f procedure.Field) string {
	lo, hi := "1900-01-01", "2099-12-31"
	if b := f.MinDate; b != "" {
		lo = resolveDate(b, s.today)
	}
	if b := f.MaxDate; b != "" {
		hi = resolveDate(b, s.today)
	}
	t0, _ := time.Parse(isoDate, lo)
	t1, _ := time.Parse(isoDate, hi)
	if s.tame {
		mid := t0.Add(t1.Sub(t0) / 2)
		return mid.Format(isoDate)
	}
	switch s.r.IntN(5) {
	case 0:
		return lo
	case 1:
		return hi
	case 2:
		for y := t1.Year(); y >= t0.Year(); y-- {
			if d := fmt.Sprintf("%04d-02-29", y); y%4 == 0 && (y%100 != 0 || y%400 == 0) && d >= lo && d <= hi {
				return d
			}
		}
	case 3:
		if d := fmt.Sprintf("%04d-12-31", t0.Year()); d >= lo && d <= hi {
			return d
		}
	}
	days := int(t1.Sub(t0).Hours() / 24)
	return t0.AddDate(0, 0, s.r.IntN(days+1)).Format(isoDate)
}

// resolveDate resolves "today", "today-18y", "today+14d" or an ISO date.
func resolveDate(b, today string) string {
	if !strings.HasPrefix(b, "today") {
		return b
	}
	t, _ := time.Parse(isoDate, today)
	rest := strings.TrimPrefix(b, "today")
	if rest == "" {
		return today
	}
	var n int
	var unit byte
	fmt.Sscanf(rest[1:len(rest)-1], "%d", &n)
	unit = rest[len(rest)-1]
	if rest[0] == '-' {
		n = -n
	}
	switch unit {
	case 'd':
		t = t.AddDate(0, 0, n)
	case 'm':
		t = addMonths(t, n)
	default:
		t = addMonths(t, 12*n)
	}
	return t.Format(isoDate)
}

func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}
