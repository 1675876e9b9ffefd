package site

import (
	"net/url"
	"strconv"
)

// Pager is the data of the pagination partial.
type Pager struct {
	Prev, Next string // URLs; "" on the first or last page
	Links      []PageLink
	Page       int
	Pages      int
}

// PageLink is one entry of the page list; Gap stands for skipped pages.
type PageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// NewPager links pages 1..pages of path with query q (its "seite" set per
// page): the first, the last and two around the current one.
func NewPager(path string, q url.Values, page, pages int) Pager {
	p := Pager{Page: page, Pages: pages}
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
			p.Links = append(p.Links, PageLink{N: n, URL: link(n), Current: n == page})
		case len(p.Links) > 0 && !p.Links[len(p.Links)-1].Gap:
			p.Links = append(p.Links, PageLink{Gap: true})
		}
	}
	return p
}
