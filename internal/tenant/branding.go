package tenant

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Branding is a tenant's own look and legal texts. Everything is optional:
// an empty Branding shows the portal's default look and generic texts.
type Branding struct {
	// LogoURL is a same-origin path to a static image ("/static/..."), shown
	// in the header next to the tenant's name. Only paths are allowed, so
	// the Content-Security-Policy (img-src 'self') needs no exception.
	LogoURL string
	// Theme sets a few KERN colour properties; see ThemeProperties.
	Theme Theme
	// Imprint and Privacy replace the generic texts of /impressum and
	// /datenschutz; paragraphs are separated by blank lines.
	Imprint string
	Privacy string
}

// Theme maps a theme key (see ThemeProperties) to a colour "#rrggbb".
type Theme map[string]string

// ThemeProperties is the allowed set of KERN custom properties a tenant may
// set, by theme key. Nothing else can be themed: the layout, spacing and
// typography stay KERN's, and no tenant CSS rule can hide or move content.
var ThemeProperties = map[string]string{
	"action": "--kern-color-action-default",             // buttons and links
	"hued":   "--kern-color-layout-background-hued",     // tinted areas (header band)
	"border": "--kern-color-layout-border",              // borders and rules
	"text":   "--kern-color-layout-text-default",        // body text
	"muted":  "--kern-color-layout-text-muted",          // secondary text
	"focus":  "--kern-color-action-focus-border-inside", // focus ring
}

// contrastOnWhite is the minimum contrast of text-like colours against
// the (unthemable) white page background: WCAG 2.2 AA for normal text.
const contrastOnWhite = 4.5

// textLike are the theme keys whose colour carries text or a focus ring
// and so must stay readable on white.
var textLike = map[string]bool{"action": true, "text": true, "muted": true, "focus": true}

var colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ParseTheme reads "key=#rrggbb,key=#rrggbb" (the CLI's form).
func ParseTheme(s string) (Theme, error) {
	t := Theme{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fault.New(fault.Invalid, "theme entry %q: want key=#rrggbb", part)
		}
		t[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return t, nil
}

// check validates the branding; its field errors join the tenant's.
func (b Branding) check() []fault.FieldError {
	var fe []fault.FieldError
	if b.LogoURL != "" && (!strings.HasPrefix(b.LogoURL, "/") || strings.HasPrefix(b.LogoURL, "//") ||
		strings.ContainsAny(b.LogoURL, " \"'<>\\")) {
		fe = append(fe, fault.FieldError{Field: "logo", Key: "tenant.logo.invalid", Text: "the logo must be a path on this site, e.g. /static/logo.svg"})
	}
	keys := make([]string, 0, len(b.Theme))
	for k := range b.Theme {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := b.Theme[k]
		switch {
		case ThemeProperties[k] == "":
			fe = append(fe, fault.FieldError{Field: "theme", Key: "tenant.theme.key", Text: fmt.Sprintf("%q cannot be themed", k)})
		case !colourRE.MatchString(v):
			fe = append(fe, fault.FieldError{Field: "theme", Key: "tenant.theme.colour", Text: fmt.Sprintf("%s: %q is not a colour #rrggbb", k, v)})
		case textLike[k] && contrast(v, "#ffffff") < contrastOnWhite:
			fe = append(fe, fault.FieldError{Field: "theme", Key: "tenant.theme.contrast",
				Text: fmt.Sprintf("%s: %s has too little contrast on white (%.1f:1, need %.1f:1)", k, v, contrast(v, "#ffffff"), contrastOnWhite)})
		}
	}
	return fe
}

// CSS renders the theme as a stylesheet that only sets the allowed custom
// properties on :root; "" for an empty theme. Values were validated, so no
// user text reaches the stylesheet unchecked.
func (t Theme) CSS() string {
	if len(t) == 0 {
		return ""
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		if ThemeProperties[k] != "" && colourRE.MatchString(t[k]) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(":root {\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s: %s;\n", ThemeProperties[k], strings.ToLower(t[k]))
	}
	b.WriteString("}\n")
	return b.String()
}

func (t Theme) encode() (string, error) {
	if len(t) == 0 {
		return "", nil
	}
	b, err := json.Marshal(t)
	return string(b), err
}

func decodeTheme(s string) (Theme, error) {
	if s == "" {
		return nil, nil
	}
	var t Theme
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return nil, fmt.Errorf("decode theme: %w", err)
	}
	return t, nil
}

// SetBranding replaces the branding of the tenant with id and records it in
// the audit log. Running servers see it within their Resolver's refresh
// interval (the change counter tenant.version moves).
func SetBranding(ctx context.Context, db *store.DB, actor string, id ID, b Branding) error {
	if fe := b.check(); len(fe) > 0 {
		return fault.Fields("invalid branding", fe...)
	}
	theme, err := b.Theme.encode()
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tenant SET logo_url = $1, theme = $2, imprint = $3, privacy = $4,
			version = version + 1 WHERE id = $5`,
			b.LogoURL, theme, b.Imprint, b.Privacy, id)
		if err != nil {
			return fmt.Errorf("update tenant branding: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "no tenant %d", id)
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(id), Actor: actor,
			Action: "tenant.branding", ObjectType: "tenant", ObjectID: id.String()})
	})
}

// contrast is the WCAG contrast ratio of two "#rrggbb" colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}
