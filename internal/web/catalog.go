package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Helpers of the catalog pages (search, service, authority, topic, life
// situation, coverage).

// DE marks German catalog content (service names and texts, which exist in
// German only) as German on pages in another language: use it inside the
// element's tag, <span {{$.DE}}>.
func (v view) DE() template.HTMLAttr {
	if v.Lang == i18n.German {
		return ""
	}
	return `lang="de"`
}

// tenantOf returns the tenant the request's host selects.
func (s *Server) tenantOf(r *http.Request) (tenant.Tenant, error) {
	if s.d.Tenants == nil {
		return tenant.Tenant{}, fault.New(fault.NotFound, "no tenant")
	}
	t, err := s.d.Tenants.ForHost(r.Host)
	if err != nil {
		return t, fault.Wrap(err, fault.NotFound, "no tenant serves this host")
	}
	return t, nil
}

// pageParam reads the 1-based page number parameter; anything that is not
// a positive number is page 1.
func pageParam(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// pager is the data of the pagination partial.
type pager struct {
	Prev, Next string // URLs; "" on the first or last page
	Links      []pageLink
	Page       int
	Pages      int
}

// pageLink is one entry of the page list; Gap stands for skipped pages.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// newPager links pages 1..pages of path with query q (its "seite" set per
// page): the first, the last and two around the current one.
func newPager(path string, q url.Values, page, pages int) pager {
	p := pager{Page: page, Pages: pages}
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Del("seite")
		if n > 1 {
			v.Set("seite", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	for n := 1; n <= pages; n++ {
		switch {
		case n == 1 || n == pages || (n >= page-2 && n <= page+2):
			p.Links = append(p.Links, pageLink{N: n, URL: link(n), Current: n == page})
		case len(p.Links) > 0 && !p.Links[len(p.Links)-1].Gap:
			p.Links = append(p.Links, pageLink{Gap: true})
		}
	}
	return p
}
