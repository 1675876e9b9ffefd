package store

// MigrateTo applies the pending migrations up to and including version, so
// migration tests can fill a database as it was before a migration.
var MigrateTo = (*DB).migrateTo
