package mailbox_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

func ctx() context.Context { return context.Background() }

// fx is a mailbox on a fresh database: a tenant with its clearing office,
// a head of unit there (the tenant admin), two citizens, real mail.
type fx struct {
	db      *store.DB
	w       *caseworktest.World
	q       *jobs.Queue
	apps    *apply.Service
	cases   *casework.Service
	mb      *mailbox.Service
	mailDir string
	tenant  tenant.ID
	staff   casework.Staff
	alice   int64 // citizen account
	bob     int64 // another citizen
}

func newFx(t *testing.T, db *store.DB) *fx {
	t.Helper()
	f := &fx{db: db, mailDir: t.TempDir()}
	f.w = caseworktest.New(t, db, caseworktest.Config{Mail: &mail.Config{From: "Portal <noreply@portal.example>", Dir: f.mailDir}})
	f.q, f.apps, f.cases, f.mb = f.w.Jobs, f.w.Apps, f.w.Cases, f.w.Mailbox
	f.tenant, _ = f.w.Tenant(t, tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
	caseworktest.ImportProcedure(t, db, caseworktest.Procedure{ID: "postfachtest", TitleDE: "Postfachtest", TitleEN: "Mailbox test"})
	f.staff = f.w.Admin(t, f.tenant, "Adam Admin")
	f.alice = f.w.Citizen(t, f.tenant, "Alice Antrag")
	f.bob = f.w.Citizen(t, f.tenant, "Bob Fremd")
	return f
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// submit files an application for owner (a guest's gets the resume
// secret) and routes it; it returns the application and the case.
func (f *fx) submit(t *testing.T, owner *apply.Owner) (apply.Application, casework.Case) {
	t.Helper()
	s := f.w.Submit(t, caseworktest.Submission{TenantID: f.tenant, Procedure: "postfachtest", Owner: *owner,
		Name: "Alice Antrag", Staff: f.staff})
	*owner = s.Owner
	return s.Application, s.Case
}

// mails runs the queue until n mails are in the folder and returns their
// raw text.
func (f *fx) mails(t *testing.T, n int) []string {
	t.Helper()
	c, cancel := context.WithCancel(ctx())
	defer cancel()
	check(t, f.q.Start(c))
	defer f.q.Stop(ctx())
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(f.mailDir, "*.eml"))
		if len(names) >= n {
			var out []string
			for _, name := range names {
				b, err := os.ReadFile(name)
				check(t, err)
				out = append(out, string(b))
			}
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("fewer than %d mails in %s", n, f.mailDir)
	return nil
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	if got := fault.CodeOf(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func pdf(s string) mailbox.Upload {
	return mailbox.Upload{Name: "Nachweis.pdf", DeclaredType: "application/pdf", Content: strings.NewReader("%PDF-1.7\n" + s)}
}
