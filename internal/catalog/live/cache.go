package live

import (
	"sync"

	"github.com/amtsweg/amtsweg/internal/catalog/search"
)

// cacheSize bounds the results one model remembers. Citizens' queries
// repeat a lot (a few services make most of the traffic), and a search in
// the index costs milliseconds, a cached one microseconds.
const cacheSize = 4096

// resultCache remembers index results per query for one model; a new
// model (any catalog change) starts with an empty cache. When full it
// starts over, which keeps it simple and bounded.
type resultCache struct {
	mu sync.Mutex
	m  map[search.Query]search.Result
}

func (c *resultCache) get(q search.Query) (search.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[q]
	return r, ok
}

func (c *resultCache) put(q search.Query, r search.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= cacheSize {
		c.m = make(map[search.Query]search.Result)
	}
	c.m[q] = r
}
