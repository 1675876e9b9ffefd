package fitconnect_test

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// rotation rolls the tenant's signing key over as an operator does: a new
// key signs the next routes at once, a route signed with the old key
// still verifies while the old key is published, the old key can be
// retired only RetireAfter after it was replaced (and the signing one
// never), and once retired its signatures no longer verify.
func (w *sender) rotation() {
	t, ctx := w.t, w.t.Context()
	before := w.route()
	oldKid := kidOf(w, before)
	newKid, err := w.a.FitConnect.RotateSigningKey(ctx, "test", w.tenant)
	check(t, err)
	after := w.route()
	if kidOf(w, after) != newKid || newKid == oldKid {
		t.Fatalf("after the rotation the route is signed by %s, want the new key %s (old %s)", kidOf(w, after), newKid, oldKid)
	}
	for name, r := range map[string]map[string]json.RawMessage{"old": before, "new": after} {
		if err := w.verifyRoute(r, leika, chemnitzARS); err != nil {
			t.Errorf("the route signed by the %s key does not verify: %v", name, err)
		}
	}
	keys, err := fitconnect.SigningKeyList(ctx, w.a.DB, w.tenant)
	check(t, err)
	if len(keys) != 2 || keys[0].Kid != newKid || !keys[0].Signing || keys[1].Kid != oldKid || keys[1].Signing {
		t.Fatalf("signing keys after the rotation: %+v", keys)
	}
	now := time.Now()
	for _, c := range []struct {
		kid  string
		at   time.Time
		want fault.Code
	}{{newKid, now.Add(24 * time.Hour), fault.Conflict}, {oldKid, now, fault.Conflict}, {"nokey", now, fault.NotFound}} {
		if err := fitconnect.RetireSigningKey(ctx, w.a.DB, "test", w.tenant, c.kid, c.at); !fault.Is(err, c.want) {
			t.Errorf("retire %s at %s: %v, want %s", c.kid, c.at.Format(time.TimeOnly), err, c.want)
		}
	}
	check(t, fitconnect.RetireSigningKey(ctx, w.a.DB, "test", w.tenant, oldKid, now.Add(fitconnect.RetireAfter+time.Minute)))
	if err := w.verifyRoute(before, leika, chemnitzARS); err == nil || !strings.Contains(err.Error(), oldKid) {
		t.Errorf("a route of the retired key: %v, want it refused for its kid", err)
	}
	if err := w.verifyRoute(w.route(), leika, chemnitzARS); err != nil {
		t.Errorf("after retiring the old key: %v", err)
	}
}

// route is the route of the authority in Chemnitz as a sender gets it.
func (w *sender) route() map[string]json.RawMessage {
	var res struct {
		Routes []map[string]json.RawMessage `json:"routes"`
	}
	getOK(w.t, w.base+"/api/v1/fitconnect/routes?leikaKey="+leika+"&ars="+chemnitzARS, "", &res)
	if len(res.Routes) != 1 {
		w.t.Fatalf("%d routes", len(res.Routes))
	}
	return res.Routes[0]
}

// kidOf is the kid in the header of the route's destinationSignature.
func kidOf(w *sender, route map[string]json.RawMessage) string {
	var compact string
	check(w.t, json.Unmarshal(route["destinationSignature"], &compact))
	jws, err := jose.ParseSigned(compact, []jose.SignatureAlgorithm{fitconnect.SigAlg})
	check(w.t, err)
	return jws.Signatures[0].Header.KeyID
}
