// Package multiproc holds the tests of issue 16 that run amtsweg as a
// cluster (the package has no code of its own): two `amtsweg serve`
// processes on one PostgreSQL database and one blob store behind a small
// round-robin load balancer in the test (cluster_test.go, proxy_test.go),
// driven over HTTP by guests and staff (guest_test.go, staff_test.go).
//
// TestTwoProcessKill SIGKILLs one process in the middle of the traffic and
// checks that nothing acknowledged is lost, that sessions and drafts go on
// on the other process, that background jobs, e-mails and webhook
// deliveries happened as often as they should, and that a catalog change
// reaches both processes. It needs PostgreSQL (AMTSWEG_TEST_POSTGRES_URL):
// SQLite is one file with one writer, opened by one process; several
// processes on it are not a supported setup, so there is nothing to test.
//
// TestDeadlineDayLoad is the scaled-down national deadline day of
// docs/scale.md, gated by AMTSWEG_LOAD=1 (see load_test.go).
package multiproc
