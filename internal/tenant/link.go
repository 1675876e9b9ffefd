package tenant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// LinkBase is the public URL of tenant id for links in e-mails: base's
// scheme (and port) with the tenant's own first host name, since the
// tenant is selected by host and a link to another host would show
// another tenant (or none of the recipient's data). A tenant without host
// names (a single-tenant installation) gets base itself.
func LinkBase(ctx context.Context, q store.Querier, base string, id ID) (string, error) {
	var hosts string
	err := q.QueryRowContext(ctx, `SELECT hosts FROM tenant WHERE id = $1`, id).Scan(&hosts)
	if errors.Is(err, sql.ErrNoRows) {
		return base, nil
	}
	if err != nil {
		return "", fmt.Errorf("tenant: hosts of %d: %w", id, err)
	}
	return withHost(base, strings.Fields(hosts)), nil
}

// withHost puts the first of hosts into base, keeping base's port.
func withHost(base string, hosts []string) string {
	u, err := url.Parse(base)
	if len(hosts) == 0 || err != nil || u.Host == "" {
		return base
	}
	host := hosts[0]
	if p := u.Port(); p != "" {
		host += ":" + p
	}
	u.Host = host
	return strings.TrimRight(u.String(), "/")
}
