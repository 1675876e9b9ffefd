package roundtrip_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/procedure/proceduretest"
)

// registerKeys gives every authority of the tenant one FIT-Connect
// encryption key, so every routed case is sealed for its authority, and
// keeps the private key to open the payloads.
func (w *world) registerKeys(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 4096)
	check(t, err)
	w.fitKey = key
	pub, err := jose.JSONWebKey{Key: &key.PublicKey, Algorithm: "RSA-OAEP-256", Use: "enc"}.MarshalJSON()
	check(t, err)
	ctx := context.Background()
	rows, err := w.db.QueryContext(ctx, `SELECT id FROM authority WHERE tenant_id = $1 ORDER BY id`, w.tenant)
	check(t, err)
	var ids []int64
	for rows.Next() {
		var id int64
		check(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	check(t, rows.Err())
	rows.Close()
	for _, id := range ids {
		_, err := fitconnect.RegisterKey(ctx, w.db, "test", w.tenant, id, pub)
		check(t, err)
	}
}

// fitConnect opens the FIT-Connect payload sealed for the case (the
// dispatcher runs every 2 s) and compares its data with the answers.
func (w *world) fitConnect(a *proceduretest.Application, c caseRow) []proceduretest.Disagreement {
	bad := func(want, got string) []proceduretest.Disagreement {
		return []proceduretest.Disagreement{{App: a, Rep: "fitconnect", Want: want, Got: got}}
	}
	deadline := time.Now().Add(20 * time.Second)
	var jwe, metaJWE string
	for {
		err := w.db.QueryRowContext(context.Background(), `SELECT data_jwe, metadata_jwe FROM fitconnect_submission
			WHERE case_id = $1 AND tenant_id = $2`, c.id, w.tenant).Scan(&jwe, &metaJWE)
		if err == nil {
			break
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return bad("a sealed submission", err.Error())
		}
		if time.Now().After(deadline) {
			return bad("a sealed submission", fmt.Sprintf("none after 20 s; failed jobs: %q", w.failed(0)))
		}
		time.Sleep(50 * time.Millisecond) // sealed by the app's dispatcher and job workers
	}
	plain, err := w.openFIT(jwe)
	if err != nil {
		return bad("data as a JWE for our key", err.Error())
	}
	meta, err := w.openFIT(metaJWE)
	if err != nil {
		return bad("metadata as a JWE for our key", err.Error())
	}
	var md fitconnect.Metadata
	if err := json.Unmarshal(meta, &md); err != nil {
		return bad("JSON metadata", err.Error())
	}
	data, err := proceduretest.DecodeData(plain)
	if err != nil {
		return bad("JSON data", err.Error())
	}
	// The data is keyed as FIT-Connect receivers read it (FIM element ids
	// for FIM procedures, attachmentIds in file fields); key it by field
	// again with the definition of the case's procedure version.
	var pid string
	var version int
	if err := w.db.QueryRowContext(context.Background(), `SELECT procedure_id, procedure_version FROM case_record
		WHERE id = $1 AND tenant_id = $2`, c.id, w.tenant).Scan(&pid, &version); err != nil {
		return bad("the case's procedure", err.Error())
	}
	v, err := procedure.Get(context.Background(), w.db, pid, version)
	if err != nil {
		return bad("the case's procedure", err.Error())
	}
	answers, issues := fitconnect.AnswersOf(v.Definition, data, md.ContentStructure.Attachments)
	if len(issues) > 0 {
		return bad("the FIT-Connect data", issues[0].Detail)
	}
	return proceduretest.CheckData("fitconnect", a, answers)
}

// openFIT decrypts a JWE sealed to the authorities' key.
func (w *world) openFIT(compact string) ([]byte, error) {
	obj, err := jose.ParseEncryptedCompact(compact, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	if err != nil {
		return nil, err
	}
	return obj.Decrypt(w.fitKey)
}
