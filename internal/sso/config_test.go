package sso

import (
	"slices"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
)

func TestACRMap(t *testing.T) {
	t.Parallel()
	acrs, err := ParseACRMap("urn:eid:low=low, urn:eid:sub=substanziell,urn:eid:high=high")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		value string
		want  account.Level
	}{{"urn:eid:low", account.LevelLow}, {"urn:eid:sub", account.LevelSubstantial}, {"urn:eid:high", account.LevelHigh}, {"other", account.LevelLow}}
	for _, c := range cases {
		if got := levelOf(acrs, c.value); got != c.want {
			t.Errorf("levelOf(%q) = %v, want %v", c.value, got, c.want)
		}
	}
	if got := valuesFor(acrs, account.LevelSubstantial); !slices.Equal(got, []string{"urn:eid:sub", "urn:eid:high"}) {
		t.Errorf("acr_values for substantial: %v", got)
	}
	for _, bad := range []string{"noequals", "=low", "x=medium"} {
		if _, err := ParseACRMap(bad); err == nil {
			t.Errorf("ParseACRMap(%q) accepted", bad)
		}
	}
	if err := (Config{Issuer: "https://idp.example"}).Validate(); err == nil {
		t.Error("an issuer without client id passed validation")
	}
}
