package multiproc_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/store"
)

// drain waits (at most 90 s) until no job is due or running and the
// webhook dispatcher has passed every event: what the traffic set off
// has happened. Jobs a killed process held come back after the lease.
func (c *cluster) drain(t *testing.T) {
	db := c.open(t)
	start := time.Now()
	for {
		jobs := count(t, db, `SELECT COUNT(*) FROM job WHERE state = 'running' OR (state = 'available' AND run_at <= $1)`, time.Now().UTC())
		behind := count(t, db, `SELECT COUNT(*) FROM api_client c WHERE c.webhook_url <> ''
			AND c.webhook_cursor < (SELECT COALESCE(MAX(seq), 0) FROM event e WHERE e.tenant_id = c.tenant_id)`)
		if jobs == 0 && behind == 0 {
			t.Logf("jobs drained %v after the traffic", time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Since(start) > 90*time.Second {
			t.Fatalf("after 90 s still %d jobs due or running, %d webhook clients behind", jobs, behind)
		}
		time.Sleep(100 * time.Millisecond) // polling the queue: there is no event to await across processes
	}
}

// checkAcknowledged: every receipt a guest got is a submitted application
// with its reference, its upload readable in the blob store with the
// SHA-256 uploaded, its receipt PDF stored and readable, and a notice
// sent (when decided); and nothing was submitted that no guest got a
// receipt for.
func (c *cluster) checkAcknowledged(t *testing.T, acks []ack, decided bool) {
	db := c.open(t)
	ctx := context.Background()
	blobs := blobtest.SealedURL(t, db, c.blobURL, "", blobtest.MasterKey) // the processes' master key
	if n := count(t, db, `SELECT COUNT(*) FROM application WHERE status = 'submitted'`); n != len(acks) {
		t.Errorf("%d applications submitted, %d receipts acknowledged", n, len(acks))
	}
	for _, a := range acks {
		var ref, fileSum, fileKey, receiptKey, notice, noticeKey string
		err := db.QueryRowContext(ctx, `SELECT a.reference, t.sha256, t.blob_key, COALESCE(a.receipt_blob, ''),
			COALESCE((SELECT n.status FROM case_notice n WHERE n.application_id = a.id AND n.status = 'sent'), ''),
			COALESCE((SELECT n.blob_key FROM case_notice n WHERE n.application_id = a.id AND n.status = 'sent'), '')
			FROM application a JOIN application_attachment t ON t.application_id = a.id
			WHERE a.id = $1 AND a.status = 'submitted'`, a.id).Scan(&ref, &fileSum, &fileKey, &receiptKey, &notice, &noticeKey)
		if err != nil {
			t.Errorf("acknowledged %s (application %d): %v", a.ref, a.id, err)
			continue
		}
		if ref != a.ref || fileSum != a.sha256 || blobSum(t, blobs, fileKey) != a.sha256 {
			t.Errorf("application %d: reference %s (receipt said %s), file sha %s / stored %s, uploaded %s",
				a.id, ref, a.ref, fileSum, blobSum(t, blobs, fileKey), a.sha256)
		}
		if receiptKey == "" || !strings.HasPrefix(blobHead(t, blobs, receiptKey), "%PDF") {
			t.Errorf("application %d: receipt PDF %q missing or unreadable", a.id, receiptKey)
		}
		if decided && (notice != "sent" || !strings.HasPrefix(blobHead(t, blobs, noticeKey), "%PDF")) {
			t.Errorf("application %d: notice %q (file %q) not sent or unreadable", a.id, notice, noticeKey)
		}
	}
}

func blobSum(t *testing.T, s blob.Store, key string) string {
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Errorf("blob %s: %v", key, err)
		return ""
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		t.Errorf("blob %s: %v", key, err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func blobHead(t *testing.T, s blob.Store, key string) string {
	if key == "" {
		return ""
	}
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Errorf("blob %s: %v", key, err)
		return ""
	}
	defer rc.Close()
	b := make([]byte, 8)
	n, _ := io.ReadFull(rc, b)
	return string(b[:n])
}

// checkJobs: no job failed; each submission was followed exactly once by
// apply's subscriber (receipt PDF, accepted event) and routed exactly
// once; the jobs a killed worker held ran again (attempt 2) and count
// once. Logs the queue by kind for the report.
func (c *cluster) checkJobs(t *testing.T, submitted int) {
	db := c.open(t)
	rows, err := db.QueryContext(context.Background(), `SELECT kind, state, COUNT(*), SUM(attempt) FROM job GROUP BY kind, state ORDER BY kind, state`)
	if err != nil {
		t.Fatal(err)
	}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var kind, state string
		var n, attempts int
		if err := row.Scan(&kind, &state, &n, &attempts); err != nil {
			return err
		}
		t.Logf("jobs: %-28s %-10s %3d (%d attempts)", kind, state, n, attempts)
		if state == "discarded" {
			t.Errorf("%d %s jobs failed for good", n, kind)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := db.QueryContext(context.Background(), `SELECT kind, state, attempt, last_error FROM job WHERE last_error <> '' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	err = store.ForEach(errs, nil, func(row store.Row) error {
		var kind, state, msg string
		var attempt int
		if err := row.Scan(&kind, &state, &attempt, &msg); err != nil {
			return err
		}
		t.Logf("job %s (%s, attempt %d) last failed: %.200s", kind, state, attempt, msg)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"application.submitted", "casework.route"} {
		if n := count(t, db, `SELECT COUNT(*) FROM job WHERE kind = $1 AND state = 'completed'`, kind); n != submitted {
			t.Errorf("%d %s jobs completed, want one per submission (%d)", n, kind, submitted)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM job WHERE kind = 'application.receipt_pdf'`); n != 0 {
		t.Logf("%d receipt PDFs rendered by their own job (the subscriber failed first)", n)
	}
}

// checkMails: every e-mail the jobs sent is in the mail folder once per
// Message-ID; a mail written twice (its process died between writing and
// recording) keeps its Message-ID, so recipients drop the copy.
func (c *cluster) checkMails(t *testing.T) {
	db := c.open(t)
	sent := count(t, db, `SELECT COUNT(*) FROM job WHERE kind = 'mail.send' AND state = 'completed'`)
	retries := count(t, db, `SELECT COALESCE(SUM(attempt - 1), 0) FROM job WHERE kind = 'mail.send'`)
	files, _ := filepath.Glob(filepath.Join(c.mailDir, "*.eml"))
	ids := map[string]int{}
	for _, f := range files {
		ids[messageID(t, f)]++
	}
	if len(ids) != sent || len(files)-len(ids) > retries {
		t.Errorf("%d mail jobs completed (%d retried attempts); %d .eml files with %d distinct Message-IDs", sent, retries, len(files), len(ids))
	}
	if sent == 0 {
		t.Error("no e-mail was sent")
	}
	t.Logf("e-mails: %d sent, %d files (%d written again after a lost worker)", sent, len(files), len(files)-len(ids))
}

func messageID(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Message-ID: "); ok {
			return v
		}
	}
	t.Fatalf("%s has no Message-ID", path)
	return ""
}

// checkWebhooks: every delivery the dispatcher created is delivered and
// reached the endpoint; each event once, or again only when an attempt's
// process died. A process killed after the endpoint answered but before
// its commit leaves no trace in attempts (the counter is written with the
// result), so the one kill may add one extra receipt beyond attempts —
// at-least-once, which the webhook-id lets receivers deduplicate.
func (c *cluster) checkWebhooks(t *testing.T, sink *webhookSink) {
	db := c.open(t)
	rows, err := db.QueryContext(context.Background(), `SELECT e.id, d.state, d.attempts FROM webhook_delivery d JOIN event e ON e.seq = d.event_seq`)
	if err != nil {
		t.Fatal(err)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	n, unrecorded := 0, 0
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var id, state string
		var attempts int
		if err := row.Scan(&id, &state, &attempts); err != nil {
			return err
		}
		n++
		got := sink.ids[id]
		if got > attempts {
			unrecorded += got - attempts
		}
		if state != "delivered" || got < 1 || got > attempts+1 {
			t.Errorf("webhook event %s: %s after %d attempts, received %d times", id, state, attempts, got)
		}
		return nil
	})
	if unrecorded > 1 {
		t.Errorf("%d receipts beyond the recorded attempts; one kill explains at most one", unrecorded)
	}
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || len(sink.ids) != n {
		t.Errorf("%d deliveries recorded, %d distinct events received", n, len(sink.ids))
	}
	t.Logf("webhooks: %d events delivered", n)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func writeFile(t *testing.T, name, content string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// dirSize is the bytes of the files under dir.
func dirSize(t *testing.T, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
