package site

import (
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// Form is the state every account form page shares: the entered values,
// the field errors and one message above the form (all message keys).
type Form struct {
	Values map[string]string
	Errors map[string]FieldMsg // field → message
	Alert  FieldMsg            // an error about the whole form
	Notice string              // a success or neutral note (message key)
	Next   string              // local path to return to after the form
}

// FieldMsg is a message key with its placeholder pairs.
type FieldMsg struct {
	Key  string
	Args []any
}

// NewForm reads fields from the posted form and the way back (next).
func NewForm(r *http.Request, fields ...string) *Form {
	f := &Form{Values: map[string]string{}, Errors: map[string]FieldMsg{}, Next: SafeNext(r.FormValue("next"))}
	for _, name := range fields {
		f.Values[name] = r.PostFormValue(name)
	}
	return f
}

// FormOf lets the input helper find the form of any page data.
func (f *Form) FormOf() *Form { return f }

// Failed reports whether the form has any error.
func (f *Form) Failed() bool { return len(f.Errors) > 0 || f.Alert.Key != "" }

// Require records field.required for each empty field.
func (f *Form) Require(fields ...string) {
	for _, name := range fields {
		if f.Values[name] == "" {
			f.Errors[name] = FieldMsg{Key: "field.required"}
		}
	}
}

// Take turns err into field errors or the form's alert and reports
// whether it did; internal errors stay errors for Site.Fail.
func (f *Form) Take(err error, alerts map[error]string) bool {
	for known, key := range alerts {
		if errors.Is(err, known) {
			f.Alert = FieldMsg{Key: key}
			return true
		}
	}
	var fe *fault.Error
	if errors.As(err, &fe) && len(fe.Fields) > 0 {
		for _, e := range fe.Fields {
			var args []any
			for k, v := range e.Args {
				args = append(args, k, v)
			}
			f.Errors[e.Field] = FieldMsg{Key: e.Key, Args: args}
		}
		return true
	}
	return false
}

// SafeNext keeps next only when it is a local path.
func SafeNext(next string) string {
	if next == "" {
		return ""
	}
	return LocalPath(next)
}

// Input is what templates/_account.html needs to draw one form field.
type Input struct {
	ID, Name, Type, Autocomplete string
	Label, Hint, Error, Value    string
}

// Input describes the form field name of the page's form: label
// "account.field.<name>", an optional hint key, the value entered (never
// for passwords) and the field's error.
func (v View) Input(name, typ, autocomplete string, hint ...string) Input {
	in := Input{ID: "f-" + name, Name: name, Type: typ, Autocomplete: autocomplete, Label: v.T("account.field." + name)}
	if len(hint) > 0 {
		in.Hint = v.T(hint[0])
	}
	if d, ok := v.Data.(interface{ FormOf() *Form }); ok {
		f := d.FormOf()
		if typ != "password" {
			in.Value = f.Values[name]
		}
		if e, ok := f.Errors[name]; ok {
			in.Error = v.T(e.Key, e.Args...)
		}
	}
	return in
}

// Msg renders a FieldMsg.
func (v View) Msg(m FieldMsg) string { return v.T(m.Key, m.Args...) }

// With returns the view with other data, for partials that draw a part
// of the page ({{template "x" (.With .Data.Part)}}).
func (v View) With(data any) View { v.Data = data; return v }

// SummaryError is one entry of a form's error summary: a link to the
// field and its message.
type SummaryError struct {
	Href, Text string
}
