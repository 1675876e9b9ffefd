package backup

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/store"
)

// NotEmpty exposes the emptiness check to the tests.
func NotEmpty(ctx context.Context, db *store.DB) (string, error) {
	return notEmpty(ctx, db, db.Dialect)
}
