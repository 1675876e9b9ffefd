package procedure

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits on FIM documents, so a hostile or broken file cannot exhaust the
// importer.
const (
	maxXMLSize     = 16 << 20
	maxXMLDepth    = 200
	maxXMLElements = 500_000
)

// xnode is one element of a parsed XML document. used marks elements the
// importer read, so every other element can be reported.
type xnode struct {
	name  string // local name
	space string // namespace URI
	attrs map[string]string
	text  string
	kids  []*xnode
	used  bool
}

// parseXML reads data into a tree of elements.
func parseXML(data []byte) (*xnode, error) {
	if len(data) > maxXMLSize {
		return nil, fmt.Errorf("document larger than %d bytes", maxXMLSize)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") {
			return r, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported, use UTF-8", label)
	}
	var stack []*xnode
	var root *xnode
	count := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if count++; count > maxXMLElements || len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("element <%s>: document too large or nested too deeply", t.Name.Local)
			}
			n := &xnode{name: t.Name.Local, space: t.Name.Space, attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("XML: no root element")
	}
	return root, nil
}

// child returns the first child element called name (marking it used), or
// an empty node.
func (n *xnode) child(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			k.used = true
			return k
		}
	}
	return &xnode{attrs: map[string]string{}}
}

// all returns the children called name, marking them used.
func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			k.used = true
			out = append(out, k)
		}
	}
	return out
}

// str returns the cleaned text of the child called name.
func (n *xnode) str(name string) string { return clean(n.child(name).text) }

// code returns the <code> of a code-typed child such as feldart.
func (n *xnode) code(name string) string { return n.child(name).str("code") }

// clean folds all whitespace runs (FIM files wrap their texts at will) to
// single spaces and trims the text.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// markAll marks n and everything below it used.
func (n *xnode) markAll() {
	n.used = true
	for _, k := range n.kids {
		k.markAll()
	}
}

// peek returns the first child called name without marking it, or nil.
func (n *xnode) peek(name string) *xnode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// peekText returns the text of the first child called name without marking
// it, or "".
func (n *xnode) peekText(name string) string {
	if k := n.peek(name); k != nil {
		return k.text
	}
	return ""
}
