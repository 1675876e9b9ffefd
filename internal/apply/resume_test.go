package apply_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestResumeLink(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		guest := apply.GuestOwner(e.tenant.ID, "")
		a := e.start(t, &guest)
		if len(guest.Secret) < 22 { // 128 bit in base64url
			t.Fatalf("secret %q too short", guest.Secret)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM application WHERE resume_hash = $1`, guest.Secret); n != 0 {
			t.Fatal("secret stored in clear")
		}
		got, err := e.svc.Resume(ctx, e.tenant.ID, guest.Secret)
		if err != nil || got.ID != a.ID {
			t.Fatalf("Resume = %v, %v", got.ID, err)
		}
		if time.Until(got.ResumeExpiresAt) < 29*24*time.Hour {
			t.Fatalf("expires %v, want ~30 days", got.ResumeExpiresAt)
		}
		if _, err := e.svc.Resume(ctx, e.tenant.ID+1, guest.Secret); !fault.Is(err, fault.NotFound) {
			t.Fatalf("other tenant: %v", err)
		}
		fresh, _, err := e.svc.NewResumeLink(ctx, a.ID, guest)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Resume(ctx, e.tenant.ID, guest.Secret); !fault.Is(err, fault.NotFound) {
			t.Fatalf("old secret after renewal: %v", err)
		}
		if _, err := e.svc.Resume(ctx, e.tenant.ID, fresh); err != nil {
			t.Fatalf("new secret: %v", err)
		}
		if err := e.svc.RevokeResumeLink(ctx, a.ID, apply.GuestOwner(e.tenant.ID, fresh)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Resume(ctx, e.tenant.ID, fresh); !fault.Is(err, fault.NotFound) {
			t.Fatalf("revoked secret: %v", err)
		}
	})
}

func TestResumeLinkExpires(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// Long enough to resume once on a loaded machine (tests run in
		// parallel); then wait for the link's own expiry, not a guess.
		e := newEnv(t, db, func(d *apply.Deps) { d.Config.ResumeTTL = time.Second })
		guest := apply.GuestOwner(e.tenant.ID, "")
		a := e.start(t, &guest)
		if _, err := e.svc.Resume(context.Background(), e.tenant.ID, guest.Secret); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Until(a.ResumeExpiresAt) + 10*time.Millisecond)
		if _, err := e.svc.Resume(context.Background(), e.tenant.ID, guest.Secret); !fault.Is(err, fault.NotFound) {
			t.Fatalf("expired secret: %v", err)
		}
	})
}
