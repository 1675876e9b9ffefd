package portal

import (
	"sync"
)

// htmlCache remembers rendered HTML of the search page for one catalog
// version: a put for another version starts over, so nothing rendered
// from an older catalog outlives the change, and a full cache starts over
// too, which keeps it bounded and simple. The keys hold everything else
// the HTML depends on.
type htmlCache[K comparable, V any] struct {
	mu      sync.Mutex
	version string
	m       map[K]V
}

func (c *htmlCache[K, V]) get(version string, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		var zero V
		return zero, false
	}
	h, ok := c.m[k]
	return h, ok
}

// put remembers h under version and k in a cache of at most limit
// entries.
func (c *htmlCache[K, V]) put(version string, k K, h V, limit int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || len(c.m) >= limit {
		c.version, c.m = version, make(map[K]V)
	}
	c.m[k] = h
}
