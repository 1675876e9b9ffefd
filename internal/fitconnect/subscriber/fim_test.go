package subscriber_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestFIMKeyedData files data of a FIM procedure keyed by FIM element ids
// (F…, G… for groups) under the schema URI fitconnect.SchemaURI gives it,
// and rejects a member the schema does not have, naming it.
func TestFIMKeyedData(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		x := newWorld(t, db)
		v, err := procedure.Latest(ctx, db, "fc-fim")
		if err != nil {
			t.Fatal(err)
		}
		uri := fitconnect.SchemaURI(v.Definition)
		if uri != "https://schema.fitko.de/fim/s60000011_1.2.schema.json" {
			t.Fatalf("schema URI %s", uri)
		}
		urn := "urn:de:fim:leika:leistung:99108001001000"
		good := x.send(t, outgoing{service: urn, schema: uri,
			data: []byte(`{"F60000227": "Schmidt", "G60000086": {"F60000247": "Meißen"}}`)})
		bad := x.send(t, outgoing{service: urn, schema: uri,
			data: []byte(`{"F60000227": "Schmidt", "G60000086": {"F60000247": "Meißen", "F99999999": "x"}}`)})
		if err := x.svc.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if typ, ev := x.event(t, good); typ != subscriber.EventAccept {
			t.Fatalf("FIM data: %s %v", typ, ev)
		}
		var appID int64
		if err := db.QueryRowContext(ctx, `SELECT application_id FROM fitconnect_inbox WHERE submission_id = $1`, good.SubmissionID).Scan(&appID); err != nil {
			t.Fatal(err)
		}
		sub, err := apply.LoadSubmission(ctx, db, appID)
		if err != nil {
			t.Fatal(err)
		}
		addr, _ := sub.Answers["anschrift"].(map[string]any)
		if sub.Answers["familienname"] != "Schmidt" || addr["ort"] != "Meißen" {
			t.Errorf("answers %v", sub.Answers)
		}
		typ, ev := x.event(t, bad)
		ps, _ := ev["problems"].([]any)
		if typ != subscriber.EventReject || len(ps) != 1 {
			t.Fatalf("unknown member: %s %v", typ, ev)
		}
		p := ps[0].(map[string]any)
		if p["type"] != subscriber.ProblemBase+subscriber.SchemaViolation || !strings.Contains(fmt.Sprint(p["detail"]), `"F99999999" at anschrift`) {
			t.Errorf("problem %v", p)
		}
	})
}
