package site

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
)

// static holds our stylesheet and the KERN files that
// scripts/build-assets.sh copies into static/kern (not in git).
//
//go:embed static
var static embed.FS

// kernCSS is the KERN stylesheet; without it pages still work, unstyled.
const kernCSS = "kern/kern.min.css"

// assets serves the embedded static files under a version prefix: the
// version is a hash of all of them, so a URL's content never changes and
// browsers may cache it for a year; a new build gets new URLs.
type assets struct {
	files   fs.FS
	version string
	kern    bool
}

// newAssets serves files (the embedded static directory in production). A
// missing KERN stylesheet is logged, not fatal.
func newAssets(files fs.FS, log *slog.Logger) (*assets, error) {
	a := &assets{files: files}
	var err error
	if a.version, err = hashFiles(files); err != nil {
		return nil, err
	}
	if _, err := fs.Stat(files, kernCSS); err == nil {
		a.kern = true
	} else {
		log.Warn("KERN design system assets are missing from this build: pages are served without the KERN look. " +
			"Build with `npm ci && bash scripts/build-assets.sh` before `go build`.")
	}
	return a, nil
}

// hashFiles returns the first 12 hex digits of a SHA-256 over every file's
// name and content.
func hashFiles(files fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := files.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		io.WriteString(h, name+"\x00")
		_, err = io.Copy(h, f)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

// url returns the versioned URL of the static file name.
func (a *assets) url(name string) string { return "/static/" + a.version + "/" + name }

// Static serves GET /static/{version}/{file...}. A stale version (a page
// rendered by an older build during a rolling update) still gets the
// current file, but without the long cache lifetime.
func (s *Site) Static(w http.ResponseWriter, r *http.Request) {
	a, name := s.assets, r.PathValue("file")
	if fi, err := fs.Stat(a.files, name); err != nil || fi.IsDir() {
		s.ErrorPage(w, r, http.StatusNotFound)
		return
	}
	if r.PathValue("version") == a.version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("ETag", `"`+a.version+`"`)
	http.ServeFileFS(w, r, a.files, name)
}
