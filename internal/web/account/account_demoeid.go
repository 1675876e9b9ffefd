package account

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/sso/demoidp"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// demoEIDRoutes serves the demo eID (demo mode only): its login page,
// where the visitor picks a test person and a level, and under it the
// provider's protocol endpoints (discovery, authorize, token, keys,
// userinfo), which package demoidp answers.
func (s *Handler) demoEIDRoutes(mux site.Mux) {
	mux.HandleFunc("GET "+demoidp.LoginPath, s.demoEIDLogin)
	mux.HandleFunc("POST "+demoidp.LoginPath, s.demoEIDLoginPost)
	mux.HandleFunc(demoidp.Prefix+"/", s.d.DemoEID.Handler().ServeHTTP)
}

// demoEIDPage is the data of demoeid_login.html.
type demoEIDPage struct {
	ID      string
	Person  string // the chosen person's subject
	Level   string // the chosen (or requested) level
	Asked   string // the level the portal asked for
	Persons []demoidp.Person
	Levels  []string
	Error   bool // no person chosen
}

// TitleKey names the page.
func (demoEIDPage) TitleKey() string { return "demoidp.title" }

func (s *Handler) demoEIDData(l demoidp.Login) demoEIDPage {
	return demoEIDPage{ID: l.ID, Level: l.Level.String(), Asked: l.Level.String(), Persons: demoidp.Persons,
		Levels: []string{account.LevelLow.String(), account.LevelSubstantial.String(), account.LevelHigh.String()}}
}

// demoEIDLogin shows the login page for the authorization request
// ?id=: the level the portal asked for is chosen already.
func (s *Handler) demoEIDLogin(w http.ResponseWriter, r *http.Request) {
	l, err := s.d.DemoEID.Login(r.URL.Query().Get("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "demoeid_login", s.demoEIDData(l))
}

// demoEIDLoginPost logs the request in as the chosen person at the chosen
// level and continues at the provider, which sends the code back to the
// portal.
func (s *Handler) demoEIDLoginPost(w http.ResponseWriter, r *http.Request) {
	l, err := s.d.DemoEID.Login(r.PostFormValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.demoEIDData(l)
	p.Person = r.PostFormValue("person")
	level, err := account.ParseLevel(r.PostFormValue("level"))
	if err == nil {
		p.Level = level.String()
	}
	if p.Person == "" || err != nil {
		p.Error = true
		s.render(w, r, http.StatusUnprocessableEntity, "demoeid_login", p)
		return
	}
	to, err := s.d.DemoEID.Complete(r.Context(), l.ID, p.Person, level)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
