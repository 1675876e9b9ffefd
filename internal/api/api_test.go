package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// get requests path from the app and decodes the JSON body.
func get(t *testing.T, base, path string) (*http.Response, map[string]any) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("%s: body is not a JSON object: %v\n%s", path, err, b)
	}
	return res, body
}

// TestAPI runs the real app with demo data on each database engine and
// checks every endpoint, its content type and its problem details.
func TestAPI(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base := browsertest.Start(t, browsertest.WithDatabaseURL(storetest.DSN(t, d)))
			tests := []struct {
				name, path string
				status     int
				check      func(body map[string]any) bool
			}{
				{"search", "/api/v1/services?q=Wohnsitz+anmelden", 200, func(b map[string]any) bool {
					first := b["items"].([]any)[0].(map[string]any)
					return first["leikaKey"] == "99115005104000" && first["name"] == "Wohnsitz Anmeldung" &&
						first["topic"] == "Bauen & Wohnen" && first["lifeSituation"] == "Wohnen & Umzug" &&
						first["audience"] == "citizens" && b["total"].(float64) > 1 && b["page"] == 1.0
				}},
				{"filters and paging", "/api/v1/services?topic=familie-kind&situation=Geburt&audience=citizens&page=2&perPage=5", 200, func(b map[string]any) bool {
					return len(b["items"].([]any)) == 5 && b["page"] == 2.0 && b["total"].(float64) > 10
				}},
				{"empty list", "/api/v1/services?q=xqzvbn", 200, func(b map[string]any) bool {
					return len(b["items"].([]any)) == 0 && b["total"] == 0.0
				}},
				{"service", "/api/v1/services/99115005104000", 200, func(b map[string]any) bool {
					return b["name"] == "Wohnsitz Anmeldung" && b["onlineProcedure"] == "wohnsitz-anmelden"
				}},
				{"service in English", "/api/v1/services/99115005104000?lang=en", 200, func(b map[string]any) bool {
					en, _ := b["translations"].(map[string]any)["en"].(map[string]any)
					return b["name"] == "Wohnsitz Anmeldung" && b["displayName"] == "Registering your residence" &&
						b["displayLang"] == "en" && en["name"] == "Registering your residence"
				}},
				{"search in German by default", "/api/v1/services?q=Wohnsitz+anmelden", 200, func(b map[string]any) bool {
					first := b["items"].([]any)[0].(map[string]any)
					return first["displayName"] == "Wohnsitz Anmeldung" && first["displayLang"] == "de"
				}},
				{"untranslated service in English", "/api/v1/services/99001009000000?lang=en", 200, func(b map[string]any) bool {
					return b["displayName"] == b["name"] && b["displayLang"] == "de"
				}},
				{"unknown service", "/api/v1/services/99999999999999", 404, nil},
				{"regions by postal code", "/api/v1/regions?q=09306", 200, func(b map[string]any) bool { return len(b["items"].([]any)) == 7 }},
				{"regions by name", "/api/v1/regions?q=Rochl", 200, func(b map[string]any) bool {
					return b["items"].([]any)[0].(map[string]any)["ars"] == "145225126490"
				}},
				{"regions without q", "/api/v1/regions", 422, nil},
				{"regions: one letter", "/api/v1/regions?q=R", 422, nil},
				{"responsibility", "/api/v1/responsibilities?leikaKey=99115005104000&ars=145225126490", 200, func(b map[string]any) bool {
					a := b["authority"].(map[string]any)
					return a["name"] == "Verwaltungsgemeinschaft Rochlitz – Bürgeramt" && a["example"] == true
				}},
				{"responsibility: none", "/api/v1/responsibilities?leikaKey=99001009000000&ars=145225126490", 404, nil},
				{"responsibility: bad input", "/api/v1/responsibilities?ars=12", 422, func(b map[string]any) bool {
					return len(b["errors"].([]any)) == 2
				}},
				{"authority", "/api/v1/authorities/1", 200, func(b map[string]any) bool { return b["id"] == 1.0 && b["name"] != "" }},
				{"unknown authority", "/api/v1/authorities/999999", 404, nil},
				{"validation", "/api/v1/services?page=x&topic=quatsch", 422, func(b map[string]any) bool {
					return len(b["errors"].([]any)) == 1 && b["errors"].([]any)[0].(map[string]any)["field"] == "page"
				}},
				{"validation of filters", "/api/v1/services?topic=quatsch&audience=aliens", 422, func(b map[string]any) bool {
					return len(b["errors"].([]any)) == 2
				}},
				{"unknown path", "/api/v1/nothing", 404, nil},
				{"suggestions", "/api/v1/suggestions?q=wohnsitz", 200, func(b map[string]any) bool {
					return len(b["items"].([]any)) > 0 && strings.HasPrefix(b["items"].([]any)[0].(string), "Wohnsitz")
				}},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					res, body := get(t, base, tt.path)
					if res.StatusCode != tt.status {
						t.Fatalf("status %d, want %d: %v", res.StatusCode, tt.status, body)
					}
					ct := res.Header.Get("Content-Type")
					if tt.status >= 400 {
						if ct != "application/problem+json" || body["status"] != float64(tt.status) ||
							body["type"] == "" || body["title"] == "" || body["detail"] == "" {
							t.Errorf("problem: Content-Type %q, body %v", ct, body)
						}
					} else if !strings.HasPrefix(ct, "application/json") {
						t.Errorf("Content-Type %q", ct)
					}
					if tt.check != nil && !tt.check(body) {
						t.Errorf("unexpected body: %v", body)
					}
				})
			}
		})
	}
}

// TestAPIMetricsLabel: API requests are labelled with their route pattern.
func TestAPIMetricsLabel(t *testing.T) {
	t.Parallel()
	base := browsertest.Start(t)
	get(t, base, "/api/v1/services/99115005104000")
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(b), `GET /api/v1/services/{key}`) {
		t.Error("metrics have no series for the route pattern GET /api/v1/services/{key}")
	}
}
