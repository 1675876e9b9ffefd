package web

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/amtsweg/amtsweg/internal/web/waitroom"
)

// registerWaitroom adds the submit admission's gauges: submissions being
// served and browsers waiting in the waiting room (alert on a waiting
// room that stays full: the database commits too slowly).
func (m *metrics) registerWaitroom(room *waitroom.Room) error {
	if room == nil {
		return nil
	}
	for _, c := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "amtsweg_submit_inflight", Help: "Submissions being served right now (at most --max-submit-inflight).",
		}, func() float64 { return float64(room.InUse()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "amtsweg_submit_waiting", Help: "Browsers waiting in the submissions' waiting room.",
		}, func() float64 { return float64(room.Waiting()) }),
	} {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
