package apply_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// blobCount counts the files in the blob store (without its tmp dir).
func blobCount(t testing.TB, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		if err == nil && !d.IsDir() && !strings.HasPrefix(rel, "tmp"+string(filepath.Separator)) {
			n++
		}
		return nil
	})
	return n
}

func odt() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.text"))
	w, _ = z.Create("content.xml")
	w.Write([]byte("<office:document-content/>"))
	z.Close()
	return b.Bytes()
}

func TestUpload(t *testing.T) {
	t.Parallel()
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	gif := []byte("GIF89a......")
	tests := []struct {
		name     string
		field    string
		filename string
		content  []byte
		wantType string // "" expects a field error with key wantKey
		wantKey  string
		wantName string
	}{
		{"pdf", "nachweis", "Bescheinigung Müller.pdf", pdfBytes(1000, "a"), apply.TypePDF, "", "Bescheinigung Müller.pdf"},
		{"png named pdf is a png, and named so", "nachweis", "../../etc/foto.pdf", png, apply.TypePNG, "", "foto.png"},
		{"png named html is stored as .png", "nachweis", "antrag.html", png, apply.TypePNG, "", "antrag.png"},
		{"png without extension gets one", "nachweis", "scan", png, apply.TypePNG, "", "scan.png"},
		{"gif named pdf is refused", "nachweis", "x.pdf", gif, "", "apply.file_type", ""},
		{"empty file", "nachweis", "x.pdf", nil, "", "apply.file_type", ""},
		{"too large", "nachweis", "big.pdf", pdfBytes(200001, "b"), "", "apply.file_size", ""},
		{"exactly max size", "nachweis", "max.pdf", pdfBytes(200000, "c"), apply.TypePDF, "", "max.pdf"},
		{"odt in a group entry", "kinder[0].urkunde", "Urkunde.odt", odt(), apply.TypeODT, "", "Urkunde.odt"},
		{"unknown field", "gibtsnicht", "x.pdf", pdfBytes(10, "d"), "", "apply.no_file_field", ""},
		{"not a file field", "name", "x.pdf", pdfBytes(10, "d"), "", "apply.no_file_field", ""},
		{"group index beyond repeat max", "kinder[3].urkunde", "x.pdf", pdfBytes(10, "d"), "", "apply.no_file_field", ""},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, db, nil)
				ctx := context.Background()
				owner := apply.AccountOwner(1, 0)
				a := e.start(t, &owner)
				e.svc.SavePage(ctx, a.ID, owner, "nachweise", map[string]any{"mit_nachweis": true,
					"kinder": []any{map[string]any{"vorname": "Ida"}}})
				before := blobCount(t, e.dir)
				att, err := e.svc.Upload(ctx, a.ID, owner, tt.field, tt.filename, "application/pdf", bytes.NewReader(tt.content))
				if tt.wantType == "" {
					var fe *fault.Error
					if !errors.As(err, &fe) || fe.Code != fault.Invalid || len(fe.Fields) != 1 || fe.Fields[0].Key != tt.wantKey || fe.Fields[0].Field != tt.field {
						t.Fatalf("Upload = %v, want field error %s on %s", err, tt.wantKey, tt.field)
					}
					if blobCount(t, e.dir) != before {
						t.Fatal("a refused upload left a blob behind")
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if att.MediaType != tt.wantType || att.Name != tt.wantName || att.Size != int64(len(tt.content)) {
					t.Fatalf("attachment %+v", att)
				}
				_, rc, err := e.svc.OpenAttachment(ctx, a.ID, owner, att.ID)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(rc)
				rc.Close()
				if !bytes.Equal(got, tt.content) {
					t.Fatal("stored content differs")
				}
			})
		}
	})
}

func TestUploadCountAndRemove(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner := apply.AccountOwner(1, 0)
		a := e.start(t, &owner)
		var ids []int64
		for i := range 2 {
			att, err := e.svc.Upload(ctx, a.ID, owner, "nachweis", "n.pdf", "", bytes.NewReader(pdfBytes(100, string(rune('a'+i)))))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, att.ID)
		}
		_, err := e.svc.Upload(ctx, a.ID, owner, "nachweis", "n.pdf", "", bytes.NewReader(pdfBytes(100, "z")))
		if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), "at most 2") {
			t.Fatalf("third file: %v", err)
		}
		if n := blobCount(t, e.dir); n != 2 {
			t.Fatalf("%d blobs, want 2", n)
		}
		if err := e.svc.RemoveUpload(ctx, a.ID, apply.AccountOwner(2, 0), ids[0]); !fault.Is(err, fault.NotFound) {
			t.Fatalf("stranger removes: %v", err)
		}
		if err := e.svc.RemoveUpload(ctx, a.ID, owner, ids[0]); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RemoveUpload(ctx, a.ID, owner, ids[0]); !fault.Is(err, fault.NotFound) {
			t.Fatalf("second remove: %v", err)
		}
		if n := blobCount(t, e.dir); n != 1 {
			t.Fatalf("%d blobs after remove, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action IN ('application.upload', 'application.upload_remove')`); n != 3 {
			t.Fatalf("%d upload audit entries, want 3", n)
		}
		var details string
		db.QueryRowContext(ctx, `SELECT details FROM audit_log WHERE action = 'application.upload' LIMIT 1`).Scan(&details)
		if strings.Contains(details, "n.pdf") {
			t.Fatalf("audit details hold the file name: %s", details)
		}
	})
}

// scannerFunc adapts a function to apply.Scanner.
type scannerFunc func(r io.Reader) (apply.Verdict, error)

func (f scannerFunc) Scan(_ context.Context, r io.Reader) (apply.Verdict, error) { return f(r) }

func TestUploadVirusScan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		scanner scannerFunc
		code    fault.Code
	}{
		{"clean", func(r io.Reader) (apply.Verdict, error) {
			io.Copy(io.Discard, r)
			return apply.Verdict{Clean: true}, nil
		}, ""},
		{"infected", func(io.Reader) (apply.Verdict, error) { return apply.Verdict{Signature: "Eicar-Test-Signature"}, nil }, fault.Invalid},
		{"scanner down", func(io.Reader) (apply.Verdict, error) { return apply.Verdict{}, errors.New("connection refused") }, fault.Unavailable},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, db, func(d *apply.Deps) { d.Scanner = tt.scanner })
				owner := apply.AccountOwner(1, 0)
				a := e.start(t, &owner)
				_, err := e.svc.Upload(context.Background(), a.ID, owner, "nachweis", "n.pdf", "", bytes.NewReader(pdfBytes(100, "v")))
				if fault.CodeOf(err) != tt.code {
					t.Fatalf("Upload = %v, want code %q", err, tt.code)
				}
				want := 0
				if tt.code == "" {
					want = 1
				}
				if n := blobCount(t, e.dir); n != want {
					t.Fatalf("%d blobs, want %d", n, want)
				}
			})
		}
	})
}
