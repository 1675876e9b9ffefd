package roundtrip_test

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/procedure/proceduretest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// settings of a run, from the environment (see doc.go).
// ciSeed is the base seed under CI (set CI to use it).
const ciSeed = 882578821

type settings struct {
	n      int
	seed   uint64
	only   string
	report string
}

func readSettings(t *testing.T) settings {
	s := settings{n: 6, seed: uint64(time.Now().UnixNano() % 1_000_000_000), only: os.Getenv("AMTSWEG_ROUNDTRIP_PROCEDURE"),
		report: os.Getenv("AMTSWEG_ROUNDTRIP_REPORT")}
	if v := os.Getenv("AMTSWEG_ROUNDTRIP_N"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("AMTSWEG_ROUNDTRIP_N=%q: want a positive number", v)
		}
		s.n = n
	}
	if os.Getenv("CI") != "" {
		// CI runs one known base seed, so a red CI is reproducible and a
		// landing never hangs on a seed nobody has seen; developers' runs
		// and the soak draw new ones
		s.seed = ciSeed
	}
	if v := os.Getenv("AMTSWEG_ROUNDTRIP_SEED"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("AMTSWEG_ROUNDTRIP_SEED=%q: want a number", v)
		}
		s.seed = seed
	}
	return s
}

// TestRoundTrip is the round-trip property test of issue 11: for every
// procedure of the repository, AMTSWEG_ROUNDTRIP_N random valid
// applications go through the real form flow as a citizen's browser
// sends it; the review page, the receipt page, the receipt PDF (pdftotext),
// the case view, the API submission and the xdomea export must each carry
// exactly the answers entered, and no background job may fail.
func TestRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("the round trip reads the receipt PDF with pdftotext (poppler-utils): not installed")
	}
	set := readSettings(t)
	sources, err := proceduretest.Repository("../..")
	check(t, err)
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			runWorld(t, d, set, sources)
		})
	}
}

func runWorld(t *testing.T, d store.Dialect, set settings, sources []proceduretest.Source) {
	start := time.Now()
	w := startWorld(t, d)
	rep := &report{}
	type job struct {
		g   *proceduretest.Generator
		pid string
		i   int
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				seed := set.seed + uint64(j.i)
				a, err := j.g.Generate(context.Background(), seed)
				if err != nil {
					rep.add(nil, []proceduretest.Disagreement{{Rep: "generator", Path: j.pid, Got: err.Error()}})
					continue
				}
				rep.add(a, w.roundTrip(t, a))
			}
		}()
	}
	count := 0
	for _, src := range sources {
		if set.only != "" && src.Procedure.Def.ID != set.only {
			continue
		}
		p := w.publish(t, src)
		g := proceduretest.New(p, proceduretest.Config{Places: w.places})
		for i := range set.n {
			jobs <- job{g: g, pid: p.Def.ID, i: i}
			count++
		}
	}
	close(jobs)
	wg.Wait()
	w.failedJobs(t, rep)
	t.Logf("%s: %d applications in %s (base seed %d)", d, count, time.Since(start).Round(time.Millisecond), set.seed)
	rep.fail(t, d, set)
}

// roundTrip drives one application and compares every representation.
func (w *world) roundTrip(t testingT, a *proceduretest.Application) []proceduretest.Disagreement {
	b := newClient(w)
	var out []proceduretest.Disagreement
	stop := func(rep, path, want, got string) []proceduretest.Disagreement {
		return append(out, proceduretest.Disagreement{App: a, Rep: rep, Path: path, Want: want, Got: got})
	}
	res, err := b.do("POST", "/antrag/"+a.Procedure, &proceduretest.Post{Values: map[string][]string{"leistung": {""}}}, false)
	if err != nil || res.status != 303 {
		return stop("form", "start", "303 to the first page", fmt.Sprint(res, err))
	}
	m := appRE.FindStringSubmatch(pathOf(res.location))
	if m == nil {
		return stop("form", "start", "a draft", res.location)
	}
	appID, _ := strconv.ParseInt(m[1], 10, 64)
	draft := "/antraege/" + m[1]
	at := pathOf(res.location)
	for _, page := range a.Pages {
		if at != draft+"/seiten/"+page {
			return stop("form", "page "+page, draft+"/seiten/"+page, at)
		}
		for _, post := range a.Form(page, w.names) {
			res, err = b.do("POST", at, &post, a.PageHasFiles(page))
			if err != nil || res.status != 303 {
				return stop("form", "page "+page+" "+post.Action(), "the page accepted", fmt.Sprint(res, err))
			}
		}
		at = pathOf(res.location)
	}
	if at != draft+"/pruefen" {
		return stop("form", "after the last page", draft+"/pruefen", at)
	}
	res, err = b.do("GET", at, nil, false)
	if err != nil || res.status != 200 {
		return stop("review", "", "200", fmt.Sprint(res, err))
	}
	out = append(out, proceduretest.CheckRows("review", a, proceduretest.HTMLRows(string(res.body)))...)
	key := keyRE.FindStringSubmatch(string(res.body))
	if key == nil {
		return stop("review", "", "a submit form", "none")
	}
	res, err = b.do("POST", draft+"/einreichen", &proceduretest.Post{Values: map[string][]string{
		"schluessel": {key[1]}, "einwilligung": {"ja"}}}, false)
	if err != nil || res.status != 303 {
		return stop("submit", "", "303 to the receipt", fmt.Sprint(res, err))
	}
	res, err = b.do("GET", draft+"/eingangsbestaetigung", nil, false)
	if err != nil || res.status != 200 {
		out = stop("receipt", "", "200", fmt.Sprint(res, err))
	} else {
		out = append(out, proceduretest.CheckRows("receipt", a, proceduretest.HTMLRows(string(res.body)))...)
	}
	res, err = b.do("GET", draft+"/eingangsbestaetigung.pdf", nil, false)
	if err != nil || res.status != 200 {
		out = stop("receipt.pdf", "", "200", fmt.Sprint(res, err))
	} else if text, err := pdfText(res.body); err != nil {
		out = stop("receipt.pdf", "", "a PDF pdftotext reads", err.Error())
	} else {
		out = append(out, proceduretest.CheckText("receipt.pdf", a, text)...)
	}
	return append(out, w.backOffice(t, a, appID)...)
}

// backOffice waits for the case the submission becomes and compares the
// case view, the API submission and the xdomea export.
func (w *world) backOffice(t testingT, a *proceduretest.Application, appID int64) []proceduretest.Disagreement {
	var out []proceduretest.Disagreement
	c, err := w.waitCase(appID)
	if err != nil {
		return append(out, proceduretest.Disagreement{App: a, Rep: "case", Want: "a case", Got: err.Error()})
	}
	res, err := staffClient(w, w.staffToken(t.(*testing.T), c.authority)).do("GET", "/verwaltung/vorgaenge/"+c.reference, nil, false)
	if err != nil || res.status != 200 {
		out = append(out, proceduretest.Disagreement{App: a, Rep: "case", Want: "200", Got: fmt.Sprint(res, err)})
	} else {
		out = append(out, proceduretest.CheckRows("case", a, proceduretest.HTMLRows(string(res.body)))...)
	}
	api := newClient(w)
	api.bearer = w.apiKey
	res, err = api.do("GET", fmt.Sprintf("/api/v1/submissions/%d", c.id), nil, false)
	if err != nil || res.status != 200 {
		out = append(out, proceduretest.Disagreement{App: a, Rep: "api", Want: "200", Got: fmt.Sprint(res, err)})
	} else if sub, err := proceduretest.DecodeData(res.body); err != nil {
		out = append(out, proceduretest.Disagreement{App: a, Rep: "api", Want: "JSON", Got: err.Error()})
	} else {
		data, _ := sub["data"].(map[string]any)
		out = append(out, proceduretest.CheckData("api", a, data)...)
	}
	out = append(out, w.fitConnect(a, c)...)
	return append(out, w.xdomea(a, c)...)
}

// caseRow is the case a submission became.
type caseRow struct {
	id, authority int64
	reference     string
}

// waitCase waits until the submitted job made the application a case
// (at most 30 s); a failing job of the application ends the wait at once.
func (w *world) waitCase(appID int64) (caseRow, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		var c caseRow
		err := w.db.QueryRowContext(context.Background(), `SELECT id, authority_id, reference FROM case_record
			WHERE application_id = $1 AND tenant_id = $2`, appID, w.tenant).Scan(&c.id, &c.authority, &c.reference)
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
		if failed := w.failed(appID); len(failed) > 0 {
			return c, fmt.Errorf("no case: %s", strings.Join(failed, "; "))
		}
		if time.Now().After(deadline) {
			return c, fmt.Errorf("no case after 30 s")
		}
		time.Sleep(25 * time.Millisecond) // the job runs in the app's workers; nothing to await here
	}
}

// failed lists the failed jobs (retrying or discarded) of an application,
// or of all when appID is 0.
func (w *world) failed(appID int64) []string {
	rows, err := w.db.QueryContext(context.Background(), `SELECT kind, state, attempt, last_error, CAST(args AS TEXT) FROM job
		WHERE last_error <> '' OR state = 'discarded' ORDER BY id`)
	if err != nil {
		return []string{err.Error()}
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, state, msg, args string
		var attempt int
		if err := rows.Scan(&kind, &state, &attempt, &msg, &args); err != nil {
			return []string{err.Error()}
		}
		var a struct {
			ApplicationID int64 `json:"application_id"`
		}
		json.Unmarshal([]byte(args), &a)
		if appID == 0 || a.ApplicationID == appID {
			out = append(out, fmt.Sprintf("job %s (%s, attempt %d): %s", kind, state, attempt, msg))
		}
	}
	if err := rows.Err(); err != nil {
		out = append(out, err.Error())
	}
	return out
}

// xdomea exports the case file and checks its receipt PDF and the
// attachments' original names.
func (w *world) xdomea(a *proceduretest.Application, c caseRow) []proceduretest.Disagreement {
	bad := func(want, got string) []proceduretest.Disagreement {
		return []proceduretest.Disagreement{{App: a, Rep: "xdomea", Want: want, Got: got}}
	}
	var buf bytes.Buffer
	if _, err := w.cw.Akte.Export(context.Background(), &buf, w.tenant, c.reference, akte.ExportOptions{}); err != nil {
		return bad("an export", err.Error())
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return bad("a zip", err.Error())
	}
	var xml string
	var receipt string
	for _, f := range z.File {
		rd, err := f.Open()
		if err != nil {
			return bad("a readable zip", err.Error())
		}
		var b bytes.Buffer
		b.ReadFrom(rd)
		rd.Close()
		switch {
		case strings.HasSuffix(f.Name, ".xml"):
			xml = html.UnescapeString(b.String())
		case strings.HasSuffix(f.Name, ".pdf") && receipt == "":
			if text, err := pdfText(b.Bytes()); err == nil && strings.Contains(text, c.reference) {
				receipt = text
			}
		}
	}
	var out []proceduretest.Disagreement
	if receipt == "" {
		out = bad("the receipt PDF naming "+c.reference, "none")
	} else {
		out = proceduretest.CheckText("xdomea", a, receipt)
	}
	for _, l := range a.Expected {
		files, _ := l.Value.([]proceduretest.File)
		for _, f := range files {
			if !strings.Contains(xml, "<xdomea:DateinameOriginal>"+f.Name+"</xdomea:DateinameOriginal>") {
				out = append(out, proceduretest.Disagreement{App: a, Rep: "xdomea", Path: l.Path, Label: l.Label,
					Want: fmt.Sprintf("DateinameOriginal %q", f.Name), Got: "not in the message"})
			}
		}
	}
	return out
}

// pdfText extracts a PDF's text with pdftotext.
func pdfText(pdf []byte) (string, error) {
	dir, err := os.MkdirTemp("", "roundtrip")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		return "", err
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("pdftotext: %v: %s", err, out)
	}
	return string(out), nil
}

// failedJobs reports every failed job of the run.
func (w *world) failedJobs(t *testing.T, rep *report) {
	for _, s := range w.failed(0) {
		rep.add(nil, []proceduretest.Disagreement{{Rep: "jobs", Want: "no failed job", Got: s}})
	}
}
