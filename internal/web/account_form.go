package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
)

// form is the state every account form page shares: the entered values,
// the field errors and one message above the form (all message keys).
type form struct {
	Values map[string]string
	Errors map[string]fieldMsg // field → message
	Alert  fieldMsg            // an error about the whole form
	Notice string              // a success or neutral note (message key)
	Next   string              // local path to return to after the form
}

// fieldMsg is a message key with its placeholder pairs.
type fieldMsg struct {
	Key  string
	Args []any
}

func newForm(r *http.Request, fields ...string) *form {
	f := &form{Values: map[string]string{}, Errors: map[string]fieldMsg{}, Next: safeNext(r.FormValue("next"))}
	for _, name := range fields {
		f.Values[name] = r.PostFormValue(name)
	}
	return f
}

// formOf lets the input helper find the form of any page data.
func (f *form) formOf() *form { return f }

// Failed reports whether the form has any error.
func (f *form) Failed() bool { return len(f.Errors) > 0 || f.Alert.Key != "" }

// require records field.required for each empty field.
func (f *form) require(fields ...string) {
	for _, name := range fields {
		if f.Values[name] == "" {
			f.Errors[name] = fieldMsg{Key: "field.required"}
		}
	}
}

// take turns err into field errors or the form's alert and reports
// whether it did; internal errors stay errors for s.fail.
func (f *form) take(err error, alerts map[error]string) bool {
	for known, key := range alerts {
		if errors.Is(err, known) {
			f.Alert = fieldMsg{Key: key}
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
			f.Errors[e.Field] = fieldMsg{Key: e.Key, Args: args}
		}
		return true
	}
	return false
}

// safeNext keeps next only when it is a local path.
func safeNext(next string) string {
	if next == "" {
		return ""
	}
	return localPath(next)
}

// input is what templates/_account.html needs to draw one form field.
type input struct {
	ID, Name, Type, Autocomplete string
	Label, Hint, Error, Value    string
}

// Input describes the form field name of the page's form: label
// "account.field.<name>", an optional hint key, the value entered (never
// for passwords) and the field's error.
func (v view) Input(name, typ, autocomplete string, hint ...string) input {
	in := input{ID: "f-" + name, Name: name, Type: typ, Autocomplete: autocomplete, Label: v.T("account.field." + name)}
	if len(hint) > 0 {
		in.Hint = v.T(hint[0])
	}
	if d, ok := v.Data.(interface{ formOf() *form }); ok {
		f := d.formOf()
		if typ != "password" {
			in.Value = f.Values[name]
		}
		if e, ok := f.Errors[name]; ok {
			in.Error = v.T(e.Key, e.Args...)
		}
	}
	return in
}

// Msg renders a fieldMsg.
func (v view) Msg(m fieldMsg) string { return v.T(m.Key, m.Args...) }

// sendMail queues the e-mail the account service asked for, in the
// request's language, with link path+token on the portal's base URL. A
// failure is logged, not shown: the page must look the same either way.
func (s *Server) sendMail(r *http.Request, m account.Mail, path string) {
	if m.Kind == account.MailNone || s.d.Mailer == nil {
		return
	}
	link := s.baseURL(r) + path
	if m.Token != "" {
		link += "?token=" + m.Token
	}
	msg := mail.Message{To: m.To, Kind: mail.Kind(m.Kind), Lang: mail.Lang(s.lang(r)),
		Data: mail.Data{Link: link, Portal: s.newView(r, nil).Tenant.Name}}
	if _, err := s.d.Mailer.Enqueue(r.Context(), msg); err != nil {
		s.log.Error("queue account mail", "kind", string(m.Kind), "err", err)
	}
}

// mailPath is the page each account mail links to.
func mailPath(k account.MailKind) string {
	switch k {
	case account.MailVerify:
		return "/registrieren/bestaetigen"
	case account.MailReset:
		return "/passwort-neu"
	case account.MailEmailChange:
		return "/konto/email/bestaetigen"
	case account.MailAlreadyRegistered:
		return "/anmelden"
	}
	return "/konto"
}

// needLogin sends a visitor without a complete login to the login page,
// returning afterwards; it reports whether the request may go on.
func (s *Server) needLogin(w http.ResponseWriter, r *http.Request) (*visitor, bool) {
	v := visitorOf(r.Context())
	if s.d.Accounts == nil {
		s.fail(w, r, fault.New(fault.NotFound, "accounts are not available"))
		return nil, false
	}
	if !v.Complete() {
		http.Redirect(w, r, fmt.Sprintf("/anmelden?next=%s", urlQuery(r.URL.RequestURI())), http.StatusSeeOther)
		return nil, false
	}
	return v, true
}

func urlQuery(s string) string { return url.QueryEscape(s) }

// With returns the view with other data, for partials that draw a part
// of the page ({{template "x" (.With .Data.Part)}}).
func (v view) With(data any) view { v.Data = data; return v }
