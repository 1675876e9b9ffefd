package store_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// released lists the migration versions that databases in use may already
// have applied. A migration, once in this list, is never renumbered or
// removed; a new one takes a number above every number here and above
// every file in the tree, and joins the list when it is released.
var released = []int{1, 2, 10, 20, 30, 31, 32, 40, 50, 60, 61, 62, 80, 81, 90, 91, 92,
	100, 110, 111, 112, 120, 125, 140}

var migrationName = regexp.MustCompile(`^([0-9]{5})_[a-z0-9_]+\.sql$`)

// TestMigrationNumbers: every file is named NNNNN_name.sql, the numbers
// rise strictly in file-name order (so they are unique), every released
// migration is still there, and no file is numbered in between released
// ones (it would be skipped by or break the databases that have them).
func TestMigrationNumbers(t *testing.T) {
	t.Parallel()
	names, err := store.MigrationFiles()
	if err != nil || len(names) == 0 {
		t.Fatalf("migration files: %v %v", names, err)
	}
	last := 0
	var found []int
	for _, name := range names {
		m := migrationName.FindStringSubmatch(name)
		if m == nil {
			t.Errorf("%s: want NNNNN_name.sql (five digits, lower case)", name)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n <= last {
			t.Errorf("%s: number %d is not above the one before it (%d)", name, n, last)
		}
		if n <= slices.Max(released) && !slices.Contains(released, n) {
			t.Errorf("%s: number %d lies below the last released migration %d; take a number above every existing one",
				name, n, slices.Max(released))
		}
		last = n
		found = append(found, n)
	}
	for _, n := range released {
		if !slices.Contains(found, n) {
			t.Errorf("released migration %05d is missing: never renumber or remove a released migration", n)
		}
	}
}

// TestOutOfOrderMigrationFails: on a database that has every migration, a
// file numbered below its highest version is refused loudly and not
// applied, while a file numbered above is applied.
func TestOutOfOrderMigrationFails(t *testing.T) {
	t.Parallel()
	const late = "-- +goose Up\nCREATE TABLE late_table (id INTEGER);\n"
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.MigrateWith(ctx, map[string]string{"00003_late.sql": late})
		if err == nil || !strings.Contains(err.Error(), "out-of-order") {
			t.Fatalf("out-of-order migration: err = %v, want goose's out-of-order error", err)
		}
		if _, err := db.Writer().ExecContext(ctx, `SELECT COUNT(*) FROM late_table`); err == nil {
			t.Fatal("the out-of-order migration was applied")
		}
		if err := db.MigrateWith(ctx, map[string]string{"99999_next.sql": late}); err != nil {
			t.Fatalf("in-order migration: %v", err)
		}
		if _, err := db.Writer().ExecContext(ctx, `SELECT COUNT(*) FROM late_table`); err != nil {
			t.Fatalf("the in-order migration was not applied: %v", err)
		}
	})
}
