package procedure

// FieldType is the kind of a field (Datenfeldtyp); it decides the input, the
// normalized value and the checks.
type FieldType string

// The field types. The normalized value of each is given in brackets.
const (
	ShortText      FieldType = "short_text"      // one line [string]
	LongText       FieldType = "long_text"       // several lines [string]
	Integer        FieldType = "integer"         // whole number [json.Number "12345678901234567890"]
	Decimal        FieldType = "decimal"         // number with fraction [json.Number "-1234.5"]
	Money          FieldType = "money"           // amount in EUR [string "1234.50"]
	Date           FieldType = "date"            // calendar date [string "2006-01-02"]
	YesNo          FieldType = "yes_no"          // [bool]
	SingleChoice   FieldType = "single_choice"   // one option value [string]
	MultipleChoice FieldType = "multiple_choice" // option values [[]string]
	Email          FieldType = "email"           // [string]
	Phone          FieldType = "phone"           // [string]
	IBAN           FieldType = "iban"            // ISO 13616, without spaces, upper case [string]
	Address        FieldType = "address"         // German postal address [map street, number, postal_code, place]
	PostalCode     FieldType = "postal_code"     // five digits [string]
	Place          FieldType = "place"           // 12-digit ARS of a municipality [string]
	FileUpload     FieldType = "file"            // upload metadata [[]map name, media_type, size, ref]
	Declaration    FieldType = "declaration"     // consent that must be given [bool true]
	Label          FieldType = "label"           // info text only, no value
	Group          FieldType = "group"           // Datenfeldgruppe [map, or list of maps when repeatable]
)

// fieldTypes lists the known types for the loader's check.
var fieldTypes = map[FieldType]bool{
	ShortText: true, LongText: true, Integer: true, Decimal: true, Money: true,
	Date: true, YesNo: true, SingleChoice: true, MultipleChoice: true, Email: true,
	Phone: true, IBAN: true, Address: true, PostalCode: true, Place: true,
	FileUpload: true, Declaration: true, Label: true, Group: true,
}

// addressParts are the keys of an address value, in display order.
var addressParts = []string{"street", "number", "postal_code", "place"}

// hasLength reports whether min_length/max_length/pattern apply to t.
func (t FieldType) hasLength() bool {
	switch t {
	case ShortText, LongText, Email, Phone:
		return true
	}
	return false
}

// isNumber reports whether min/max apply to t.
func (t FieldType) isNumber() bool { return t == Integer || t == Decimal || t == Money }

// isChoice reports whether t takes options or a code list.
func (t FieldType) isChoice() bool { return t == SingleChoice || t == MultipleChoice }
