package tenant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Name returns the name of tenant id (the portal's name that signs its
// notifications) through q; "" when there is no such tenant.
func Name(ctx context.Context, q store.Querier, id ID) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM tenant WHERE id = $1`, id).Scan(&name)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("tenant: name of %d: %w", id, err)
	}
	return name, nil
}

// SlugOf returns the slug of tenant id (the prefix of its reference
// numbers) through q; fault.NotFound when there is no such tenant.
func SlugOf(ctx context.Context, q store.Querier, id ID) (string, error) {
	var slug string
	err := q.QueryRowContext(ctx, `SELECT slug FROM tenant WHERE id = $1`, id).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fault.New(fault.NotFound, "no tenant %d", id)
	}
	if err != nil {
		return "", fmt.Errorf("tenant: slug of %d: %w", id, err)
	}
	return slug, nil
}
