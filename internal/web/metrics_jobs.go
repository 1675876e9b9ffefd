package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/amtsweg/amtsweg/internal/jobs"
)

// jobFailures is what jobsCollector asks the job queue (a *jobs.Queue).
type jobFailures interface {
	DiscardedByKind(ctx context.Context) (map[string]int, error)
	Failures() (failed, discarded map[string]uint64)
}

var _ jobFailures = (*jobs.Queue)(nil)

// jobsCollector reports failed background jobs by kind (Auftragsart) at
// scrape time: the failed jobs kept in the database for all processes
// (a gauge, alert on it), and this process's failed attempts and discards
// since it started (counters, for rates). Kinds are a fixed set, so the
// series stay bounded; no job content reaches the metrics.
type jobsCollector struct {
	q                         jobFailures
	log                       *slog.Logger
	kept, failures, discarded *prometheus.Desc
}

func newJobsCollector(q jobFailures, log *slog.Logger) *jobsCollector {
	kind := []string{"kind"}
	return &jobsCollector{q: q, log: log,
		kept: prometheus.NewDesc("amtsweg_jobs_discarded",
			"Background jobs that failed for good (discarded) and are kept for the failed-jobs lists, by kind.", kind, nil),
		failures: prometheus.NewDesc("amtsweg_job_failures_total",
			"Failed attempts of background jobs in this process (retried or discarded), by kind.", kind, nil),
		discarded: prometheus.NewDesc("amtsweg_job_discards_total",
			"Background jobs this process discarded after their last failed attempt, by kind.", kind, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *jobsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.kept
	ch <- c.failures
	ch <- c.discarded
}

// Collect implements prometheus.Collector. When the database does not
// answer, the gauge is left out of that scrape (and a warning logged).
func (c *jobsCollector) Collect(ch chan<- prometheus.Metric) {
	failed, discarded := c.q.Failures()
	for kind, n := range failed {
		ch <- prometheus.MustNewConstMetric(c.failures, prometheus.CounterValue, float64(n), kind)
		ch <- prometheus.MustNewConstMetric(c.discarded, prometheus.CounterValue, float64(discarded[kind]), kind)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	kept, err := c.q.DiscardedByKind(ctx)
	if err != nil {
		c.log.Warn("metrics: discarded jobs", "err", err)
		return
	}
	for kind, n := range kept {
		ch <- prometheus.MustNewConstMetric(c.kept, prometheus.GaugeValue, float64(n), kind)
	}
}
