package casework

import (
	"context"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/pdf"
)

// renderNotice lays out the notice PDF (Bescheid): the authority's
// letterhead with the applicant's name and postal address (from the
// application's answers) in the address field, the title, the
// reference and date, the decision, the text and the instructions on legal
// remedies. Rendering is deterministic for a given date.
func (s *Service) renderNotice(ctx context.Context, c Case, n Notice, date time.Time) ([]byte, error) {
	auth, err := catalog.GetAuthority(ctx, s.db, c.TenantID, c.AuthorityID)
	if err != nil {
		return nil, err
	}
	sub, err := loadSubmission(ctx, s.db, c.ApplicationID)
	if err != nil {
		return nil, err
	}
	d := pdf.New(pdf.Meta{Title: n.Title, Author: auth.Name, Subject: "Bescheid " + c.Reference, Created: date, Lang: "de"})
	d.Letterhead(pdf.Letterhead{Authority: auth.Name, Address: addressLines(auth),
		Contact:   contactLines(auth, c.Reference, date),
		Recipient: recipientLines(c.ApplicantName, applicantAddress(sub.Answers))})
	d.Title(n.Title)
	d.Fields(
		pdf.Field{Label: "Aktenzeichen", Value: c.Reference},
		pdf.Field{Label: "Antrag", Value: c.ProcedureTitle},
		pdf.Field{Label: "Antrag vom", Value: germanDate(c.ReceivedAt)},
		pdf.Field{Label: "Datum des Bescheids", Value: germanDate(date)},
		pdf.Field{Label: "Entscheidung", Value: "Dem Antrag wird " + n.Outcome.Label() + "."},
	)
	paragraphs(d, n.Body)
	d.Heading("Rechtsbehelfsbelehrung")
	paragraphs(d, n.Remedy)
	d.Paragraph("Dieser Bescheid wurde elektronisch erlassen und ist mit dem elektronischen Siegel " + NameAuthority(auth.Name).Genitive +
		" versehen; er ist ohne Unterschrift gültig. Seine Echtheit können Sie mit dem Aktenzeichen auf der Prüfseite des Portals bestätigen lassen.")
	return d.Bytes()
}

func paragraphs(d *pdf.Document, text string) {
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			d.Paragraph(p)
		}
	}
}

func addressLines(a catalog.Authority) []string {
	var out []string
	if a.Address.Street != "" {
		out = append(out, a.Address.Street)
	}
	if pc := strings.TrimSpace(a.Address.Postcode + " " + a.Address.City); pc != "" {
		out = append(out, pc)
	}
	return out
}

func contactLines(a catalog.Authority, reference string, date time.Time) []string {
	out := []string{"Datum: " + germanDate(date), "Aktenzeichen: " + reference}
	if a.Phone != "" {
		out = append(out, "Telefon: "+a.Phone)
	}
	if a.Email != "" {
		out = append(out, "E-Mail: "+a.Email)
	}
	return out
}

// recipientLines is the address field: the name, then the address.
func recipientLines(name string, address []string) []string {
	var out []string
	if name != "" {
		out = append(out, name)
	}
	return append(out, address...)
}
