package catalog

import (
	"encoding/xml"
	"strings"
)

// xNode is one element of an XZuFi object read as a tree: its local
// name, attributes, text, the line it starts on and its children. The
// importer walks leistung elements this way, so that it knows every
// element it did not use (a warning with path and line) instead of
// dropping it silently as a struct decoder would.
type xNode struct {
	Name  string
	Attrs []xml.Attr
	Text  string
	Line  int
	Kids  []*xNode
}

// UnmarshalXML reads the element and everything in it; element content
// is not expected inside a text value and becomes children.
func (n *xNode) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	n.Name, n.Attrs = start.Name.Local, start.Attr
	n.Line, _ = d.InputPos()
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			kid := &xNode{}
			if err := kid.UnmarshalXML(d, t); err != nil {
				return err
			}
			n.Kids = append(n.Kids, kid)
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			n.Text = text.String()
			return nil
		}
	}
}

// attr returns the value of the attribute with local name (any prefix).
func (n *xNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// kid returns the first child called name, or nil.
func (n *xNode) kid(name string) *xNode {
	for _, k := range n.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// kids returns the children called name.
func (n *xNode) kids(name string) []*xNode {
	var out []*xNode
	for _, k := range n.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// find returns the first descendant called name (depth first), or nil.
func (n *xNode) find(name string) *xNode {
	for _, k := range n.Kids {
		if k.Name == name {
			return k
		}
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

// value is the trimmed text of the child called name ("" without one).
func (n *xNode) value(name string) string {
	if k := n.kid(name); k != nil {
		return strings.TrimSpace(k.Text)
	}
	return ""
}

// code is the code of a code-typed child (<name><code>…</code></name>),
// or its text when it has no code element.
func (n *xNode) code(name string) string {
	k := n.kid(name)
	if k == nil {
		return ""
	}
	if c := k.kid("code"); c != nil {
		return strings.TrimSpace(c.Text)
	}
	return strings.TrimSpace(k.Text)
}
