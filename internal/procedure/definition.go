// Package procedure is the procedure engine (Onlinedienst / Verfahren):
// declarative, versioned procedure definitions, their field types, rules in
// CEL, the validation of a citizen's answers, storage of published versions
// and the import of FIM XDatenfelder schemas, whose rules (Regeln) become
// checks where the translation is exact (fim_rule.go) and whose missing
// code lists can be added later (fim_upgrade.go).
//
// A definition is written in YAML or JSON (docs/procedure.schema.json,
// docs/procedures.md). Load parses and checks it and compiles every rule, so
// a loaded Procedure can only fail at run time on the answers, never on
// itself. Validate checks one page or the whole set of answers and returns
// the normalized answers with precise field errors.
package procedure

import "encoding/json"

// Text is a text in German and English. German is required; English falls
// back to German when empty.
type Text struct {
	DE string `json:"de"`
	EN string `json:"en,omitempty"`
}

// In returns the text in lang ("de" or "en"), falling back to German.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.DE
}

// Definition is a procedure definition (Verfahrensdefinition) as authored:
// one version of one procedure.
type Definition struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Title   Text   `json:"title"`
	Intro   Text   `json:"intro,omitzero"`
	// LeiKa lists the 14-digit LeiKa keys of the services (Leistungen) this
	// procedure serves.
	LeiKa []string `json:"leika,omitempty"`
	// Services lists catalog keys of served services that have no LeiKa
	// key (local keys such as "sn-bussgeld-einspruch").
	Services []string `json:"services,omitempty"`
	// Assurance is the minimum assurance level (Vertrauensniveau): low,
	// substantial or high.
	Assurance string `json:"assurance"`
	// Guest allows applying without an account.
	Guest bool `json:"guest"`
	// Deadline is the processing deadline (Bearbeitungsfrist), an ISO 8601
	// duration such as P3M.
	Deadline string `json:"deadline"`
	// ApprovalFiction marks a Genehmigungsfiktion: the application counts as
	// approved when the deadline passes without a decision.
	ApprovalFiction bool `json:"approval_fiction,omitempty"`
	// Retention is how long the file is kept (Aufbewahrungsfrist), e.g. P10Y.
	Retention string `json:"retention"`
	// CodeLists (Codelisten) are option lists referenced by choice fields.
	CodeLists map[string]CodeList `json:"code_lists,omitempty"`
	Pages     []Page              `json:"pages"`
	// Source names where the definition came from, e.g. a FIM schema.
	Source string `json:"source,omitempty"`
	// FIM identifies the FIM Stammdatenschema the definition was imported
	// from (nil for a procedure written by hand); fields keep their FIM
	// element id in Field.Source ("FIM F60000227").
	FIM *FIMOrigin `json:"fim,omitempty"`
	// Filing places the procedure's files in the tenant's filing plan
	// (Aktenplan) and says what happens to them at disposal (xdomea).
	Filing Filing `json:"filing,omitzero"`
	// Notes are documented, non-enforced remarks (e.g. the legal basis).
	Notes []Text `json:"notes,omitempty"`
	// Rules (Regeln) are the form's rules in words, shown to the applicant
	// next to the fields they concern and to the case worker, each marked
	// enforced or manual (form_rule.go).
	Rules []FormRule `json:"rules,omitempty"`
	// Fees (Kosten) and Hints (Hinweise) are shown on the service page
	// and before the form starts; tenants set or extend them through their
	// overlay (overlay.go). Fees are optional (fees.go).
	Fees  Fees   `json:"fees,omitzero"`
	Hints []Text `json:"hints,omitempty"`
}

// FIMOrigin is the FIM Stammdatenschema a definition was imported from.
type FIMOrigin struct {
	ID       string `json:"id"`       // e.g. S05000058
	Version  string `json:"version"`  // as the schema gives it, e.g. 1.0
	Standard string `json:"standard"` // "XDatenfelder 2.0" or "XDatenfelder 3.0.0"
}

// Filing is where a procedure's files belong in the filing plan
// (Aktenplaneinheit) and how they leave it (Aussonderungsart).
type Filing struct {
	// Unit is the Kennzeichen of the filing-plan unit, e.g. "32.10.05";
	// the tenant's filing plan names it.
	Unit string `json:"unit,omitempty"`
	// Disposal is the xdomea Aussonderungsart: "A" (archivieren), "B"
	// (bewerten: the archive decides) or "V" (vernichten).
	Disposal string `json:"disposal,omitempty"`
}

// CodeList is a code list (Codeliste): a named, versioned list of options.
type CodeList struct {
	URN     string   `json:"urn,omitempty"`
	Version string   `json:"version,omitempty"`
	Options []Option `json:"options"`
}

// Option is one choice of a single or multiple choice field.
type Option struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Page is one page of the form with one topic (Formularseite).
type Page struct {
	ID        string  `json:"id"`
	Title     Text    `json:"title"`
	Intro     Text    `json:"intro,omitzero"`
	VisibleIf string  `json:"visible_if,omitempty"`
	Fields    []Field `json:"fields"`
}

// Field is a data field (Datenfeld) or, with type group, a data field group
// (Datenfeldgruppe) holding further fields.
type Field struct {
	ID    string    `json:"id"`
	Type  FieldType `json:"type"`
	Label Text      `json:"label"`
	Hint  Text      `json:"hint,omitzero"`
	Help  Text      `json:"help,omitzero"`

	Required   bool   `json:"required,omitempty"`
	RequiredIf string `json:"required_if,omitempty"`
	// RequiredWhen makes the field required while a rule's expression is
	// true; the error carries that rule's message (imported FIM rules:
	// "Wenn ..., dann muss ... befüllt sein", see fim_rule.go).
	RequiredWhen []Rule `json:"required_when,omitempty"`
	VisibleIf    string `json:"visible_if,omitempty"`
	Compute      string `json:"compute,omitempty"`
	Checks       []Rule `json:"checks,omitempty"`

	MinLength int    `json:"min_length,omitempty"`
	MaxLength int    `json:"max_length,omitempty"`
	Pattern   string `json:"pattern,omitempty"`
	// Min and Max bound a number field, exactly (decimal text, no float).
	Min     *json.Number `json:"min,omitempty"`
	Max     *json.Number `json:"max,omitempty"`
	MinDate string       `json:"min_date,omitempty"`
	MaxDate string       `json:"max_date,omitempty"`

	Options  []Option `json:"options,omitempty"`
	CodeList string   `json:"code_list,omitempty"`
	// MissingCodeList names the code list an imported FIM select needs
	// but that was missing: the field is free text until
	// UpgradeCodeLists finds the list (fim_upgrade.go).
	MissingCodeList *MissingCodeList `json:"missing_code_list,omitempty"`

	MediaTypes []string `json:"media_types,omitempty"`
	MaxSize    int64    `json:"max_size,omitempty"`
	MaxFiles   int      `json:"max_files,omitempty"`

	Repeat *Repeat `json:"repeat,omitempty"`
	Fields []Field `json:"fields,omitempty"`
	Notes  []Text  `json:"notes,omitempty"`
	Source string  `json:"source,omitempty"`
	// Unit is shown after the input, e.g. "m" or "EUR".
	Unit string `json:"unit,omitempty"`
}

// Repeat makes a group repeatable (wiederholbare Datenfeldgruppe) with a
// minimum and maximum number of entries.
type Repeat struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Rule is a cross-field check: a CEL expression that must be true, and the
// message shown on the field when it is false.
type Rule struct {
	Expr    string `json:"expr"`
	Message Text   `json:"message"`
}
