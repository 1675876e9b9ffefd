package app

import (
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// newFitConnect builds the FIT-Connect service (sealing routed cases for
// authorities with a key, serving them and the routing answer), registers
// its job on a.Jobs and keeps it in a.FitConnect; Serve runs its
// dispatcher. It panics on wiring mistakes, like jobs.Register.
func (a *App) newFitConnect(finder *catalog.Finder, forms fitconnect.Forms) *fitconnect.Service {
	svc, err := fitconnect.New(fitconnect.Deps{DB: a.DB, Cases: a.Backoffice.Cases, Jobs: a.Jobs, Finder: finder, Log: a.log,
		Secrets: a.Keys, Forms: forms})
	if err != nil {
		panic(err)
	}
	svc.RegisterJobs(a.Jobs)
	a.FitConnect = svc
	return svc
}
