package pdf

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// The page geometry in millimetres: A4 with the margins of DIN 5008.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 25.0
	marginR      = 20.0
	marginT      = 20.0
	marginB      = 25.0
	contentW     = pageW - marginL - marginR
	lineH        = 5.0 // for 10 pt text
	family       = "dejavu"
)

// labels are the words the layout adds itself.
type labels struct {
	page, file, size, hash string
	bytes                  string // format for a byte count
	thousands              string // digit group separator
}

var labelsByLang = map[string]labels{
	"de": {"Seite %d von %d", "Datei", "Größe", "SHA-256 (Prüfsumme)", "%s Bytes", "."},
	"en": {"Page %d of %d", "File", "Size", "SHA-256 (checksum)", "%s bytes", ","},
}

// renderer is one layout pass over a document.
type renderer struct {
	pdf   *fpdf.Fpdf
	lbl   labels
	total int // pages in the footer; 0 while counting
}

func newRenderer(meta Meta, head *Letterhead, total int) *renderer {
	lbl, ok := labelsByLang[meta.Lang]
	if !ok {
		lbl = labelsByLang["de"]
	}
	p := fpdf.New("P", "mm", "A4", "")
	r := &renderer{pdf: p, lbl: lbl, total: total}
	p.AddUTF8FontFromBytes(family, "", fontRegular)
	p.AddUTF8FontFromBytes(family, "B", fontBold)
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(true, marginB)
	p.SetCatalogSort(true) // resources in a fixed order: identical output
	p.SetCreationDate(meta.Created.UTC())
	p.SetModificationDate(meta.Created.UTC())
	p.SetTitle(meta.Title, true)
	p.SetAuthor(meta.Author, true)
	p.SetSubject(meta.Subject, true)
	p.SetCreator("amtsweg", true)
	p.SetProducer("amtsweg", true)
	p.SetLang(meta.Lang)
	p.SetDisplayMode("fullwidth", "continuous")
	authority := ""
	if head != nil {
		authority = head.Authority
	}
	p.SetFooterFunc(func() { r.footer(authority) })
	p.AddPage()
	r.font("", 10)
	return r
}

func (r *renderer) font(style string, size float64) {
	r.pdf.SetFont(family, style, size)
}

// footer writes the authority and "Seite x von y" at the foot of a page.
func (r *renderer) footer(authority string) {
	p := r.pdf
	p.SetY(-15)
	p.SetDrawColor(160, 160, 160)
	p.Line(marginL, p.GetY()-2, pageW-marginR, p.GetY()-2)
	r.font("", 8)
	p.SetTextColor(80, 80, 80)
	p.CellFormat(contentW/2, 4, authority, "", 0, "L", false, 0, "")
	total := max(r.total, p.PageNo())
	p.CellFormat(contentW/2, 4, fmt.Sprintf(r.lbl.page, p.PageNo(), total), "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// letterhead draws the head of the first page: the authority at the top,
// the address field (Anschriftfeld) with the return line at the left, the
// contact block at the right, and fold marks at the page edge.
func (r *renderer) letterhead(h Letterhead) {
	p := r.pdf
	p.SetXY(marginL, marginT)
	r.font("B", 15)
	p.MultiCell(contentW, 7, h.Authority, "", "L", false)
	if h.Unit != "" {
		r.font("", 11)
		p.MultiCell(contentW, 5.5, h.Unit, "", "L", false)
	}
	r.font("", 9)
	p.SetTextColor(80, 80, 80)
	p.MultiCell(contentW, 4.5, strings.Join(h.Address, " · "), "", "L", false)
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(0, 75, 118)
	p.SetLineWidth(0.5)
	p.Line(marginL, p.GetY()+2, pageW-marginR, p.GetY()+2)
	p.SetLineWidth(0.2)
	bottom := p.GetY() + 10
	if len(h.Recipient) > 0 {
		bottom = max(bottom, r.addressField(h))
	}
	if len(h.Contact) > 0 {
		bottom = max(bottom, r.contactBlock(h.Contact))
	}
	if len(h.Recipient) > 0 || len(h.Contact) > 0 {
		bottom = max(bottom, 98.5) // below the first fold, as DIN 5008
		r.foldMarks()
	}
	p.SetXY(marginL, bottom)
	r.font("", 10)
}

// addressField fills the window of a DIN C6/5 envelope (form B: 45 mm
// from the top) and returns where it ends.
func (r *renderer) addressField(h Letterhead) float64 {
	p := r.pdf
	p.SetXY(marginL, 47)
	r.font("", 7)
	p.SetTextColor(80, 80, 80)
	ret := strings.Join(append([]string{h.Authority}, h.Address...), " · ")
	p.CellFormat(85, 4, ret, "B", 1, "L", false, 0, "")
	p.SetTextColor(0, 0, 0)
	r.font("", 10)
	p.SetXY(marginL, 54)
	for _, l := range h.Recipient {
		p.SetX(marginL)
		p.CellFormat(85, 4.6, l, "", 1, "L", false, 0, "")
	}
	return p.GetY()
}

// contactBlock writes the information block right of the address field.
func (r *renderer) contactBlock(lines []string) float64 {
	p := r.pdf
	const x, w = 125.0, pageW - marginR - 125.0
	p.SetXY(x, 50)
	r.font("", 9)
	for _, l := range lines {
		p.SetX(x)
		p.MultiCell(w, 4.6, l, "", "L", false)
	}
	return p.GetY()
}

// foldMarks draws the fold and punch marks at the left page edge.
func (r *renderer) foldMarks() {
	p := r.pdf
	p.SetDrawColor(160, 160, 160)
	for _, y := range []float64{105, 148.5, 210} {
		p.Line(4, y, 9, y)
	}
}
