package account_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// code computes a TOTP code the way an authenticator app does.
func code(secret string, at time.Time) string {
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		panic(err)
	}
	mac := hmac.New(sha1.New, key)
	binary.Write(mac, binary.BigEndian, uint64(at.Unix()/30))
	sum := mac.Sum(nil)
	off := sum[19] & 0xf
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:])&0x7fffffff)%1000000)
}

// TestStaffMustEnrolThenUseTOTP: a staff login without a second factor is
// held in StageEnrol; enrolling completes it with a new session id; the
// next login asks for a code, which works once per time step; recovery
// codes work once each.
func TestStaffMustEnrolThenUseTOTP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		staff, _, err := f.s.CreateStaff(ctx(), "cli", account.NewStaff{TenantID: f.tenant, Email: "sb@amt.example",
			Name: "Sachbearbeiterin", Password: goodPassword, Roles: []account.StaffRole{{AuthorityID: 7, Role: account.RoleCaseWorker}}})
		if err != nil {
			t.Fatal(err)
		}
		ss, token := f.login(t, "sb@amt.example", "")
		if ss.Stage != account.StageEnrol {
			t.Fatalf("staff without TOTP: stage %s, want enrol", ss.Stage)
		}
		e, err := f.s.EnrolTOTP(ctx(), staff.ID)
		if err != nil || !strings.HasPrefix(e.URI, "otpauth://totp/amtsweg:sb@amt.example?") || !strings.Contains(e.URI, "secret="+e.Secret) {
			t.Fatalf("enrolment %+v, %v", e, err)
		}
		if _, _, err := f.s.ConfirmTOTP(ctx(), token, "000000"); !errors.Is(err, account.ErrSecondFactor) && code(e.Secret, f.clock.Now()) != "000000" {
			t.Fatalf("wrong first code: %v", err)
		}
		newToken, recovery, err := f.s.ConfirmTOTP(ctx(), token, code(e.Secret, f.clock.Now()))
		if err != nil || len(recovery) != account.RecoveryCodes || newToken == token {
			t.Fatalf("confirm: %d codes, rotated=%v, %v", len(recovery), newToken != token, err)
		}
		if ss, err := f.s.Session(ctx(), newToken); err != nil || ss.Stage != account.StageComplete {
			t.Fatalf("after enrolment: %+v, %v", ss, err)
		}
		f.clock.Add(30 * time.Second)
		steps := []struct {
			name string
			code string
			ok   bool
		}{
			{"current code", code(e.Secret, f.clock.Now()), true},
			{"same code again (replay)", code(e.Secret, f.clock.Now()), false},
			{"code of the previous step, older than the used one", code(e.Secret, f.clock.Now().Add(-30*time.Second)), false},
			{"recovery code", recovery[0], true},
			{"same recovery code again", recovery[0], false},
			{"recovery code typed in lower case without dashes", strings.ToLower(strings.ReplaceAll(recovery[1], "-", "")), true},
			{"next step's code (clock drift)", code(e.Secret, f.clock.Now().Add(30*time.Second)), true},
			{"garbage", "12345", false},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				ss, tok := f.login(t, "sb@amt.example", "")
				if ss.Stage != account.StageSecondFactor {
					t.Fatalf("stage %s, want second_factor", ss.Stage)
				}
				if _, err := f.s.Session(ctx(), tok); err != nil {
					t.Fatal(err)
				}
				done, err := f.s.CompleteSecondFactor(ctx(), tok, st.code)
				if st.ok != (err == nil) {
					t.Fatalf("err = %v, want ok=%v", err, st.ok)
				}
				if err == nil {
					ss, err := f.s.Session(ctx(), done)
					if err != nil || ss.Stage != account.StageComplete || ss.Method != account.MethodPasswordTOTP || done == tok {
						t.Fatalf("completed session %+v, %v", ss, err)
					}
				}
			})
		}
		if err := f.s.DisableTOTP(ctx(), staff.ID, recovery[2]); err == nil {
			t.Fatal("staff disabled the second factor")
		}
	})
}

// TestCitizenTOTPOptional: a citizen logs in without a second factor, may
// enable one and disable it again with a code.
func TestCitizenTOTPOptional(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.citizen(t, "erika@example.org")
		ss, token := f.login(t, "erika@example.org", "")
		if ss.Stage != account.StageComplete {
			t.Fatalf("citizen stage %s", ss.Stage)
		}
		e, _ := f.s.EnrolTOTP(ctx(), a.ID)
		if _, _, err := f.s.ConfirmTOTP(ctx(), token, code(e.Secret, f.clock.Now())); err != nil {
			t.Fatal(err)
		}
		if ss, _ := f.login(t, "erika@example.org", ""); ss.Stage != account.StageSecondFactor {
			t.Fatalf("with TOTP: stage %s", ss.Stage)
		}
		f.clock.Add(time.Minute)
		if err := f.s.DisableTOTP(ctx(), a.ID, code(e.Secret, f.clock.Now())); err != nil {
			t.Fatal(err)
		}
		if ss, _ := f.login(t, "erika@example.org", ""); ss.Stage != account.StageComplete {
			t.Fatalf("after disabling: stage %s", ss.Stage)
		}
		verifyAudit(t, db)
	})
}
