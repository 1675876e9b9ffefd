package demoidp

// Person is a test person (Testperson) of the demo eID with the data a
// German eID (Online-Ausweis) or BundID account hands over.
type Person struct {
	ID         string // the subject (sub) in ID tokens
	GivenName  string
	FamilyName string
	BirthDate  string // YYYY-MM-DD
	Street     string
	PostalCode string
	Locality   string
	Email      string
	// Role says, as a message key, for which demo procedures the person
	// fits (young parent, student, business owner, ...).
	Role string
}

// Name is the full name.
func (p Person) Name() string { return p.GivenName + " " + p.FamilyName }

// Persons are the demo eID's test persons. Erika Mustermann is the
// specimen person of the German ID card; the others fit one demo
// procedure each, with addresses in the demo tenants' regions (Erika
// keeps the specimen card's Cologne address); all
// e-mail addresses are on example.de (RFC 2606 style, nobody receives
// them).
var Persons = []Person{
	{ID: "demo-erika-mustermann", GivenName: "Erika", FamilyName: "Mustermann", BirthDate: "1964-08-12",
		Street: "Heidestraße 17", PostalCode: "51147", Locality: "Köln", Email: "erika.mustermann@example.de",
		Role: "demoidp.role.specimen"},
	{ID: "demo-lena-schubert", GivenName: "Lena", FamilyName: "Schubert", BirthDate: "1994-03-27",
		Street: "Louisenstraße 42", PostalCode: "01099", Locality: "Dresden", Email: "lena.schubert@example.de",
		Role: "demoidp.role.parent"},
	{ID: "demo-jonas-becker", GivenName: "Jonas", FamilyName: "Becker", BirthDate: "2005-11-02",
		Street: "Wundtstraße 9", PostalCode: "01217", Locality: "Dresden", Email: "jonas.becker@example.de",
		Role: "demoidp.role.student"},
	{ID: "demo-ayse-yilmaz", GivenName: "Ayşe", FamilyName: "Yılmaz", BirthDate: "1981-06-15",
		Street: "Karl-Liebknecht-Straße 88", PostalCode: "04275", Locality: "Leipzig", Email: "ayse.yilmaz@example.de",
		Role: "demoidp.role.business"},
	{ID: "demo-thomas-wagner", GivenName: "Thomas", FamilyName: "Wagner", BirthDate: "1972-01-30",
		Street: "Am Markt 3", PostalCode: "09111", Locality: "Chemnitz", Email: "thomas.wagner@example.de",
		Role: "demoidp.role.driver"},
	{ID: "demo-sophie-neumann", GivenName: "Sophie", FamilyName: "Neumann", BirthDate: "1999-09-09",
		Street: "Anger 12", PostalCode: "99084", Locality: "Erfurt", Email: "sophie.neumann@example.de",
		Role: "demoidp.role.mover"},
}

// person finds a test person by subject.
func person(id string) (Person, bool) {
	for _, p := range Persons {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

// BirthDateDE is the birth date as Germans write it (12.08.1964).
func (p Person) BirthDateDE() string {
	if len(p.BirthDate) != 10 {
		return p.BirthDate
	}
	return p.BirthDate[8:10] + "." + p.BirthDate[5:7] + "." + p.BirthDate[0:4]
}
