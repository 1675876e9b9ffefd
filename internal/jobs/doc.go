// Package jobs runs durable background jobs (Hintergrundaufträge) — e-mail,
// webhooks, draft cleanup, retention — from a table in the application's
// own database, on SQLite and PostgreSQL alike.
//
// A capability enqueues a job with Queue.EnqueueTx inside the *store.Tx of the
// change that causes it, so a committed change always has its follow-up and
// a rolled-back one never does. Workers are typed:
//
//	type SendMail struct{ MessageID int64 }
//	func (SendMail) Kind() string { return "mailbox.send" }
//
//	jobs.Register(q, func(ctx context.Context, a SendMail) error { ... })
//	id, err := q.EnqueueTx(ctx, tx, SendMail{MessageID: 42}, jobs.UniqueKey("42"))
//
// A failed attempt is retried after a polynomial backoff (attempt⁴ s, at
// most a day) up to MaxAttempts, then discarded; Permanent discards at
// once. A job of a kind this process has no worker for fails the same way,
// so register every kind in every process. Periodic jobs
// are pre-enqueued for their next time slot under a unique key, so N
// processes run each slot once. A running job is leased (Config.Lease,
// renewed by its worker every third of it); a job whose process died
// mid-attempt is given back once the lease ran out and retried on any
// process, so a job runs at least once; workers must be idempotent (use the ids in the args to check
// what is already done).
//
// # Why not River
//
// River (riverqueue/river) was the first choice. It needs a driver that
// works on the application's *sql.Tx: riversqlite does on SQLite, but on
// PostgreSQL that is riverdatabasesql, and the module proxy this project
// builds from offers it only at v0.25.0, which does not compile against
// River v0.49.0 (its driver interface grew since); riverpgxv5 wants a
// pgx.Tx, which a database/sql transaction cannot hand out. goqite
// (maragu.dev/goqite v0.4.0) works on both engines, but its PostgreSQL
// receive can hand one message to two processes (UPDATE ... WHERE id =
// (subselect) without SKIP LOCKED), it needs the pgcrypto extension, and it
// has neither backoff, unique jobs nor periodic jobs. So this package owns
// one small table (migration 00002_jobs.sql), which keeps the schema in the
// project's single migration sequence as well.
//
// # SQLite and PostgreSQL
//
// The SQL is the same text on both engines except for the claim: on
// PostgreSQL, workers of many processes claim due rows with FOR UPDATE SKIP
// LOCKED and never wait for each other. On SQLite all writes go through the
// store's single writer connection, whose IMMEDIATE transactions serialise
// claims (also across processes sharing the file). No statement holds that
// connection while a job runs — claim and outcome are each one short
// transaction — so a job that itself writes through store.DB.Tx, and the
// application's own transactions, never deadlock with the queue. An idle
// process polls through the read pool and only takes the write lock when a
// job is due. EnqueueTx only uses the caller's transaction, never a pool.
//
// # Failed jobs
//
// A job enqueued with For belongs to a tenant and names its subject (a
// reference number). When it fails for good, the tenant's administrators
// see it (Failed) and can run it again after a fix (Retry, audited as
// "job.retry"); jobs without a tenant are the installation's, for
// operators (FailedAll, `amtsweg jobs failed` / `amtsweg jobs retry`).
// DiscardedByKind and Failures feed the /metrics failed-job series. A
// worker that panics fails its attempt like an error (stack in the log);
// the process goes on.
//
// Log lines name the job id, kind, attempt and error, never the args; job
// args must hold ids, not personal data, and so must worker errors, which
// administrators see in the failed-jobs list.
package jobs
