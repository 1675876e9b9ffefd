package pdf

import (
	"fmt"
	"io"
	"time"
)

// Meta is the document's metadata.
type Meta struct {
	Title   string    // document title, shown by viewers and read by screen readers
	Author  string    // the authority issuing the document
	Subject string    // optional
	Created time.Time // creation date; fix it to get identical output
	Lang    string    // document language, "de" (default) or "en"
}

// Letterhead is the first page's head (Briefkopf): the issuing authority,
// its address, the contact block at the right and, optionally, the
// recipient in the address field.
type Letterhead struct {
	Authority string   // e.g. "Landratsamt Meißen"
	Unit      string   // optional department, e.g. "Ordnungsamt"
	Address   []string // street, postcode and town
	Contact   []string // right-hand block: phone, e-mail, date, reference
	Recipient []string // address field (Anschriftfeld); empty for none
}

// Field is one row of a label/value table.
type Field struct {
	Label, Value string
}

// Attachment is one row of the attachments table: a file with its size in
// bytes and its SHA-256 in hex.
type Attachment struct {
	Name   string
	Size   int64
	SHA256 string
}

// Document is an official letter being built. Add blocks in reading order,
// then call Render; a Document can be rendered any number of times.
type Document struct {
	meta   Meta
	head   *Letterhead
	blocks []block
}

// block is one piece of content; draw lays it out on r.
type block interface {
	draw(r *renderer)
}

// New starts a document with meta.
func New(meta Meta) *Document {
	if meta.Lang == "" {
		meta.Lang = "de"
	}
	return &Document{meta: meta}
}

// Letterhead sets the head of the first page.
func (d *Document) Letterhead(l Letterhead) *Document {
	d.head = &l
	return d
}

// Title adds the document's title (Betreff) in bold.
func (d *Document) Title(text string) *Document { return d.add(titleBlock(text)) }

// Heading adds a section heading.
func (d *Document) Heading(text string) *Document { return d.add(headingBlock(text)) }

// Paragraph adds a paragraph; line breaks in text are kept.
func (d *Document) Paragraph(text string) *Document { return d.add(paragraphBlock(text)) }

// Fields adds a label/value table; long values wrap.
func (d *Document) Fields(rows ...Field) *Document { return d.add(fieldsBlock(rows)) }

// Attachments adds the table of attachments: name, size and SHA-256.
func (d *Document) Attachments(files ...Attachment) *Document { return d.add(attachmentsBlock(files)) }

func (d *Document) add(b block) *Document {
	d.blocks = append(d.blocks, b)
	return d
}

// Render writes the PDF to w. The document is laid out once; the page
// footers are added when the number of pages is known.
func (d *Document) Render(w io.Writer) error {
	b, err := d.Bytes()
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

// Bytes renders the document into memory.
func (d *Document) Bytes() ([]byte, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	r := newRenderer(d.meta, fs)
	authority := ""
	if d.head != nil {
		r.letterhead(*d.head)
		authority = d.head.Authority
	}
	for _, b := range d.blocks {
		b.draw(r)
	}
	r.footers(authority)
	return r.output(d.meta), nil
}
