package apply_test

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestSavePageKeepsInvalidAnswers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner := apply.AccountOwner(42, 0)
		a := e.start(t, &owner)
		tests := []struct {
			name      string
			answers   map[string]any
			wantField []string
		}{
			{"valid", map[string]any{"name": "Jörg", "gemeinde": placeARS}, nil},
			{"missing required", map[string]any{"gemeinde": placeARS}, []string{"name"}},
			{"bad date and place", map[string]any{"name": "Jörg", "gemeinde": "12", "geburtstag": "31.02.2020"}, []string{"gemeinde", "geburtstag"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, err := e.svc.SavePage(ctx, a.ID, owner, "person", tt.answers)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, fe := range res.Errors {
					got = append(got, fe.Field)
				}
				if strings.Join(got, ",") != strings.Join(tt.wantField, ",") {
					t.Fatalf("errors on %v, want %v (%v)", got, tt.wantField, res.Errors)
				}
				back, err := e.svc.Get(ctx, a.ID, owner)
				if err != nil {
					t.Fatal(err)
				}
				for k, v := range tt.answers {
					if back.Answers[k] != v {
						t.Errorf("stored %s = %v, want %v (entered values must not be lost)", k, back.Answers[k], v)
					}
				}
				if _, ok := back.Answers["name"]; !ok && tt.answers["name"] != nil {
					t.Error("name lost")
				}
				if back.Page != "person" {
					t.Errorf("page %q", back.Page)
				}
			})
		}
		if _, err := e.svc.SavePage(ctx, a.ID, owner, "nope", nil); !fault.Is(err, fault.NotFound) {
			t.Fatalf("unknown page: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'application.save' AND actor = 'account:42'`); n != 3 {
			t.Fatalf("%d save audit entries, want 3", n)
		}
	})
}

func TestSavePageKeepsOtherPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner := apply.AccountOwner(1, 0)
		a := e.start(t, &owner)
		e.svc.SavePage(ctx, a.ID, owner, "person", map[string]any{"name": "A", "gemeinde": placeARS})
		// A client cannot smuggle file metadata in through a page.
		res, err := e.svc.SavePage(ctx, a.ID, owner, "nachweise", map[string]any{"mit_nachweis": true,
			"nachweis": map[string]any{"name": "x.pdf", "media_type": "application/pdf", "size": 1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) != 1 || res.Errors[0].Field != "nachweis" {
			t.Fatalf("errors %v, want the proof to be missing", res.Errors)
		}
		back, _ := e.svc.Get(ctx, a.ID, owner)
		if back.Answers["name"] != "A" || back.Answers["nachweis"] != nil {
			t.Fatalf("answers %v", back.Answers)
		}
	})
}

func TestOwnership(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		mine, org, guest := apply.AccountOwner(1, 0), apply.AccountOwner(2, 9), apply.GuestOwner(e.tenant.ID, "")
		a, b, g := e.start(t, &mine), e.start(t, &org), e.start(t, &guest)
		tests := []struct {
			name  string
			id    int64
			owner apply.Owner
			ok    bool
		}{
			{"own draft", a.ID, mine, true},
			{"other account", a.ID, apply.AccountOwner(3, 0), false},
			{"own account acting for an org", a.ID, apply.AccountOwner(1, 9), false},
			{"org member", b.ID, apply.AccountOwner(5, 9), true},
			{"same account without org", b.ID, apply.AccountOwner(2, 0), false},
			{"guest with secret", g.ID, guest, true},
			{"guest with wrong secret", g.ID, apply.GuestOwner(e.tenant.ID, "x"+guest.Secret), false},
			{"guest on an account draft", a.ID, guest, false},
			{"account on a guest draft", g.ID, mine, false},
			{"no such id", 9999, mine, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := e.svc.Get(ctx, tt.id, tt.owner)
				if tt.ok && err != nil || !tt.ok && !fault.Is(err, fault.NotFound) {
					t.Fatalf("Get = %v, want ok=%v", err, tt.ok)
				}
				_, err = e.svc.SavePage(ctx, tt.id, tt.owner, "person", map[string]any{"name": "x"})
				if tt.ok && err != nil || !tt.ok && !fault.Is(err, fault.NotFound) {
					t.Fatalf("SavePage = %v, want ok=%v", err, tt.ok)
				}
			})
		}
		list, err := e.svc.Drafts(ctx, e.tenant.ID, mine)
		if err != nil || len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("Drafts = %v, %v", list, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE actor = $1`, "guest:"+itoa(g.ID)); n < 2 {
			t.Fatalf("guest audit entries: %d", n)
		}
	})
}

func TestDraftKeepsItsProcedureVersion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner := apply.AccountOwner(1, 0)
		a := e.start(t, &owner)
		v2 := strings.Replace(string(testProcedure), "version: 1", "version: 2", 1)
		v2 = strings.Replace(v2, "max_length: 80", "max_length: 2", 1)
		if _, err := procedure.Import(ctx, db, []byte(v2), "v2.yaml"); err != nil {
			t.Fatal(err)
		}
		res, err := e.svc.SavePage(ctx, a.ID, owner, "person", map[string]any{"name": "Langer Name", "gemeinde": placeARS})
		if err != nil || !res.Valid() || res.Application.Version != 1 {
			t.Fatalf("draft of version 1 judged by version 2: %v %v", res, err)
		}
		b := e.start(t, &owner)
		if b.Version != 2 {
			t.Fatalf("new draft has version %d, want the latest (2)", b.Version)
		}
	})
}

func TestGuestNeedsProcedureAllowingGuests(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		noGuests := strings.Replace(strings.Replace(string(testProcedure), "guest: true", "guest: false", 1), "id: test-nachweis", "id: test-login", 1)
		if _, err := procedure.Import(context.Background(), db, []byte(noGuests), "x.yaml"); err != nil {
			t.Fatal(err)
		}
		_, _, err := e.svc.Start(context.Background(), apply.StartInput{TenantID: e.tenant.ID, ProcedureID: "test-login", Owner: apply.GuestOwner(e.tenant.ID, "")})
		if !fault.Is(err, fault.Unauthorized) {
			t.Fatalf("guest start = %v", err)
		}
		_, _, err = e.svc.Start(context.Background(), apply.StartInput{TenantID: e.tenant.ID, ProcedureID: "test-nachweis",
			ServiceKey: "99000000000000", Owner: apply.AccountOwner(1, 0)})
		if !fault.Is(err, fault.Invalid) {
			t.Fatalf("foreign service key = %v", err)
		}
	})
}
