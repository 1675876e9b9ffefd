// Package apiclient holds the API clients (API-Clients) of specialised
// systems (Fachverfahren): who they are, which authority (or tenant) they
// act for, which scopes they have, and how they authenticate.
//
// A client authenticates with an API key or with OAuth2 client
// credentials; both use the one random secret shown once at Create and
// stored only as SHA-256 (the secret has 256 bits of entropy, so a fast
// hash is enough; no password hashing needed).
//
//   - API key: "Authorization: Bearer aw_<client id>.<secret>".
//   - Client credentials: POST /api/oauth/token with client_id and
//     client_secret returns a bearer token valid for TokenTTL (5 minutes),
//     stored as SHA-256 (IssueToken).
//
// Rate limits are a token bucket per client in each process's memory
// (Limiter): with N processes a client gets up to N times its rate.
package apiclient

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/webhook/target"
)

// Scope is a permission of a client (Berechtigung), named per operation
// group.
//
// The catalog operations (services, suggestions, regions,
// responsibilities, authorities, FIT-Connect routes) need no scope and no
// credential: they are public like the portal's catalog pages, limited
// like them by the server's in-flight limit, and a credential sent along
// is not looked at. So there is no catalog scope: the former
// "catalog:read" is retired — ParseScopes refuses it, and grants of it
// stored before are ignored when a client is loaded.
type Scope string

// The scopes.
const (
	SubmissionsRead Scope = "submissions:read" // list and fetch submissions and their files
	SubmissionsAck  Scope = "submissions:ack"  // acknowledge receipt of a submission
	CasesWrite      Scope = "cases:write"      // change a case's status, upload its decision notice
	MessagesWrite   Scope = "messages:write"   // write to the applicant's mailbox
	EventsRead      Scope = "events:read"      // read the event feed
)

// retiredCatalogRead is the scope the public catalog operations once
// named; see Scope.
const retiredCatalogRead = "catalog:read"

// Scopes lists every scope.
func Scopes() []Scope {
	return []Scope{SubmissionsRead, SubmissionsAck, CasesWrite, MessagesWrite, EventsRead}
}

// ParseScopes parses a space- or comma-separated list of scopes.
func ParseScopes(s string) ([]Scope, error) {
	var out []Scope
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		if f == retiredCatalogRead {
			return nil, fault.New(fault.Invalid, "scope %q is retired: the catalog operations are public and need no scope", f)
		}
		if !slices.Contains(Scopes(), Scope(f)) {
			return nil, fault.New(fault.Invalid, "unknown scope %q", f)
		}
		if !slices.Contains(out, Scope(f)) {
			out = append(out, Scope(f))
		}
	}
	return out, nil
}

func joinScopes(s []Scope) string {
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = string(x)
	}
	return strings.Join(parts, " ")
}

// Client is an API client. AuthorityID 0 means tenant-wide.
type Client struct {
	ID          int64
	TenantID    tenant.ID
	AuthorityID int64
	Name        string
	ClientID    string // public identifier, "c" + random hex
	Scopes      []Scope
	RatePerMin  int
	WebhookURL  string
	// WebhookSecret signs webhook deliveries (package webhook): as
	// stored, sealed (SigningSecret opens it); in Created, the secret
	// itself, shown once.
	WebhookSecret string
	// WebhookFormat is the body format of its deliveries.
	WebhookFormat WebhookFormat
}

// Has reports whether c holds scope s.
func (c Client) Has(s Scope) bool { return slices.Contains(c.Scopes, s) }

// Actor is how c appears in the audit log.
func (c Client) Actor() string { return "apiclient:" + strconv.FormatInt(c.ID, 10) }

// New is the input of Create.
type New struct {
	TenantID    tenant.ID
	AuthorityID int64 // 0: tenant-wide
	Name        string
	Scopes      []Scope
	RatePerMin  int    // default 600
	WebhookURL  string // optional; checked here (target.CheckURL) and by the webhook sender at dial time
	// WebhookAllow is the installation's --webhook-allow list: hosts that
	// may be reached although private, and over http.
	WebhookAllow []string
	// WebhookReplay starts webhooks after feed position WebhookAfter (0:
	// the whole history) instead of at the current end of the event feed,
	// the default: a new receiver is not flooded with the past, which it
	// can read from the feed if it wants.
	WebhookReplay bool
	WebhookAfter  int64
	// WebhookFormat is the body format of the deliveries (default
	// CloudEvents; FormatAmtsweg only for a receiver that still parses the
	// deprecated envelope).
	WebhookFormat WebhookFormat
	// Secrets seals the webhook secret for the database (required).
	Secrets Sealer
}

// Created is a new client with its secret and API key, shown once.
type Created struct {
	Client
	Secret string
	APIKey string
}

// Create creates a client and returns its secret once. The authority must
// belong to the tenant.
func Create(ctx context.Context, db *store.DB, actor string, in New) (Created, error) {
	if strings.TrimSpace(in.Name) == "" || len(in.Scopes) == 0 {
		return Created{}, fault.New(fault.Invalid, "a client needs a name and at least one scope")
	}
	if in.RatePerMin <= 0 {
		in.RatePerMin = 600
	}
	if in.WebhookFormat == "" {
		in.WebhookFormat = FormatCloudEvents
	}
	if !in.WebhookFormat.Valid() {
		return Created{}, fault.Fields("unknown webhook format", fault.FieldError{Field: "webhookFormat", Key: "field.invalid",
			Text: fmt.Sprintf("%q is not one of %s, %s", in.WebhookFormat, FormatCloudEvents, FormatAmtsweg)})
	}
	if in.WebhookURL != "" {
		if err := target.CheckURL(in.WebhookURL, in.WebhookAllow); err != nil {
			return Created{}, fault.Fields("the webhook URL cannot be used", fault.FieldError{Field: "webhook", Key: "field.invalid", Text: err.Error()})
		}
	}
	c := Created{Client: Client{TenantID: in.TenantID, AuthorityID: in.AuthorityID, Name: in.Name, Scopes: in.Scopes,
		RatePerMin: in.RatePerMin, WebhookURL: in.WebhookURL, ClientID: "c" + randomHex(12), WebhookSecret: randomHex(32),
		WebhookFormat: in.WebhookFormat}}
	c.Secret = randomHex(32)
	c.APIKey = "aw_" + c.ClientID + "." + c.Secret
	// Sealed before the transaction: the tenant's first data key may need
	// a write of its own.
	sealed, err := sealWebhookSecret(ctx, in.Secrets, in.TenantID, c.ClientID, c.WebhookSecret)
	if err != nil {
		return Created{}, err
	}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if in.AuthorityID != 0 {
			if _, err := catalog.GetAuthority(ctx, tx, in.TenantID, in.AuthorityID); err != nil {
				return fault.New(fault.Invalid, "authority %d is not one of the tenant's", in.AuthorityID)
			}
		}
		cursor := in.WebhookAfter
		if !in.WebhookReplay {
			var err error
			if cursor, err = events.Head(ctx, tx); err != nil {
				return fmt.Errorf("apiclient: feed end: %w", err)
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO api_client (tenant_id, authority_id, name, client_id, secret_hash,
			scopes, rate_per_min, webhook_url, webhook_secret, created_at, webhook_cursor, webhook_format)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			c.TenantID, nullID(c.AuthorityID), c.Name, c.ClientID, hashOf(c.Secret), joinScopes(c.Scopes),
			c.RatePerMin, c.WebhookURL, sealed, time.Now().UTC(), cursor, c.WebhookFormat).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("apiclient: create: %w", err)
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(c.TenantID), Actor: actor, Action: "apiclient.create",
			ObjectType: "api_client", ObjectID: strconv.FormatInt(c.ID, 10),
			Details: map[string]any{"authority": c.AuthorityID, "scopes": joinScopes(c.Scopes), "webhook": c.WebhookURL != "",
				"webhookFormat": string(c.WebhookFormat)}})
	})
	return c, err
}

const selectClient = `SELECT id, tenant_id, COALESCE(authority_id, 0), name, client_id, scopes, rate_per_min,
	webhook_url, webhook_secret, webhook_format, secret_hash FROM api_client`

func scanClient(row interface{ Scan(...any) error }) (Client, string, error) {
	var c Client
	var scopes, hash string
	err := row.Scan(&c.ID, &c.TenantID, &c.AuthorityID, &c.Name, &c.ClientID, &scopes, &c.RatePerMin,
		&c.WebhookURL, &c.WebhookSecret, &c.WebhookFormat, &hash)
	for _, s := range strings.Fields(scopes) {
		if slices.Contains(Scopes(), Scope(s)) { // a retired scope stored earlier grants nothing
			c.Scopes = append(c.Scopes, Scope(s))
		}
	}
	return c, hash, err
}

// Get returns client id (with its webhook secret), or fault.NotFound.
func Get(ctx context.Context, q store.Querier, id int64) (Client, error) {
	c, _, err := scanClient(q.QueryRowContext(ctx, selectClient+` WHERE id = $1 AND NOT disabled`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fault.New(fault.NotFound, "api client %d not found", id)
	}
	return c, err
}

// WithWebhooks lists the enabled clients that have a webhook URL.
func WithWebhooks(ctx context.Context, q store.Querier) ([]Client, error) {
	rows, err := q.QueryContext(ctx, selectClient+` WHERE webhook_url <> '' AND NOT disabled ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("apiclient: list: %w", err)
	}
	return scanClients(rows)
}

// scanClients reads the clients of rows (selectClient) and closes rows.
func scanClients(rows *sql.Rows) ([]Client, error) {
	return store.Collect(rows, nil, func(row store.Row) (Client, error) {
		c, _, err := scanClient(row)
		return c, err
	})
}

// CheckSecret returns the client with public id clientID if secret is its
// secret; anything else is fault.Unauthorized (without saying which part
// was wrong).
func CheckSecret(ctx context.Context, q store.Querier, clientID, secret string) (Client, error) {
	c, hash, err := scanClient(q.QueryRowContext(ctx, selectClient+` WHERE client_id = $1 AND NOT disabled`, clientID))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Client{}, fmt.Errorf("apiclient: look up: %w", err)
	}
	if err != nil || subtle.ConstantTimeCompare([]byte(hash), []byte(hashOf(secret))) != 1 {
		return Client{}, fault.New(fault.Unauthorized, "invalid client credentials")
	}
	return c, nil
}

func hashOf(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
