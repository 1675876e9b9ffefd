package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseFlagsAndEnvironment(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		want    func(Config) bool
		wantErr string
	}{
		{"defaults", nil, nil, func(c Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.DataDir == "./data" && c.Database() == "data/amtsweg.db" && c.Jobs
		}, ""},
		{"env sets", map[string]string{"AMTSWEG_ADDR": ":9", "AMTSWEG_DEMO": "true", "AMTSWEG_SHUTDOWN_TIMEOUT": "3s"}, nil,
			func(c Config) bool { return c.Addr == ":9" && c.Demo && c.ShutdownIn == 3*time.Second }, ""},
		{"flag wins over env", map[string]string{"AMTSWEG_ADDR": ":9"}, []string{"--addr", ":10"},
			func(c Config) bool { return c.Addr == ":10" }, ""},
		{"database url alias", map[string]string{"AMTSWEG_DATABASE_URL": "postgres://x@y/z"}, nil,
			func(c Config) bool { return c.Database() == "postgres://x@y/z" }, ""},
		{"bad env value names the variable", map[string]string{"AMTSWEG_MAX_INFLIGHT": "many"}, nil, nil, "AMTSWEG_MAX_INFLIGHT"},
		{"bad flag", nil, []string{"--max-inflight", "x"}, nil, "max-inflight"},
		{"webhook allow from env", map[string]string{"AMTSWEG_WEBHOOK_ALLOW": "hooks.intern, 10.0.0.7,::1"}, nil,
			func(c Config) bool { return strings.Join(c.WebhookAllow, "|") == "hooks.intern|10.0.0.7|::1" }, ""},
		{"webhook allow flag wins", map[string]string{"AMTSWEG_WEBHOOK_ALLOW": "a.example"}, []string{"--webhook-allow", "b.example"},
			func(c Config) bool { return strings.Join(c.WebhookAllow, "|") == "b.example" }, ""},
		{"job lease default and from env", map[string]string{"AMTSWEG_JOB_LEASE": "5s"}, nil,
			func(c Config) bool { return c.JobLease == 5*time.Second }, ""},
		{"job lease too short", nil, []string{"--job-lease", "100ms"}, nil, "at least 1s"},
		{"submit admission defaults", nil, nil, func(c Config) bool {
			return c.MaxSubmitInflight == 8 && c.SubmitQueueWait == 100*time.Millisecond && c.BlobOrphanAge == 24*time.Hour &&
				c.JobLease == time.Minute
		}, ""},
		{"submit admission from env", map[string]string{"AMTSWEG_MAX_SUBMIT_INFLIGHT": "8", "AMTSWEG_SUBMIT_QUEUE_WAIT": "1s",
			"AMTSWEG_BLOB_ORPHAN_AGE": "48h"}, nil, func(c Config) bool {
			return c.MaxSubmitInflight == 8 && c.SubmitQueueWait == time.Second && c.BlobOrphanAge == 48*time.Hour
		}, ""},
		{"orphan age below an hour refused", nil, []string{"--blob-orphan-age", "10m"}, nil, "too short"},
		{"webhook allow refuses a URL", nil, []string{"--webhook-allow", "http://hooks.intern:8080/x"}, nil, "webhook-allow"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			var cfg Config
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			RegisterServe(fs, &cfg)
			err := Parse(fs, c.args)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("want error naming %q, got %v", c.wantErr, err)
				}
				return
			}
			if err != nil || !c.want(cfg) {
				t.Fatalf("err=%v cfg=%+v", err, cfg)
			}
		})
	}
}
