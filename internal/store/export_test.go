package store

import (
	"io/fs"
	"strconv"
	"strings"
)

// MigrateTo applies the pending migrations up to and including version, so
// migration tests can fill a database as it was before a migration.
var MigrateTo = (*DB).migrateTo

// VersionBefore returns the number of the embedded migration right before
// version (0 if none), so a migration test starts from the schema its
// migration really meets, whatever was merged before it.
func VersionBefore(version int64) int64 {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	var last int64
	for _, n := range names {
		num, _, _ := strings.Cut(strings.TrimPrefix(n, "migrations/"), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err == nil && v < version && v > last {
			last = v
		}
	}
	return last
}
