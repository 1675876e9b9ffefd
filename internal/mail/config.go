package mail

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net/mail"
	"time"
)

// TLSMode says how the SMTP connection is protected.
type TLSMode string

// The TLS modes.
const (
	// StartTLS connects in plain text and upgrades with STARTTLS before
	// anything else is sent (submission port 587). It fails when the server
	// does not offer STARTTLS.
	StartTLS TLSMode = "starttls"
	// ImplicitTLS speaks TLS from the first byte (port 465).
	ImplicitTLS TLSMode = "tls"
	// NoTLS sends in plain text; only for a relay on the same host or
	// network, and never with a password.
	NoTLS TLSMode = "none"
)

// Config configures how mail leaves the process.
type Config struct {
	// From is the sender, e.g. "Serviceportal <noreply@portal.example>".
	From string
	// Dir, when set, writes each message as an .eml file into this folder
	// instead of sending it (development and demo mode).
	Dir string
	// Host and Port of the SMTP server (Port default 587, or 465 with
	// ImplicitTLS).
	Host string
	Port int
	// Username and Password for SMTP AUTH (PLAIN or LOGIN, over TLS
	// only); no authentication when Username is empty.
	Username string
	Password string
	// TLS is the TLS mode (default StartTLS).
	TLS TLSMode
	// Timeout bounds one delivery: connecting, the dialogue and the data
	// (default 30s).
	Timeout time.Duration
	// HeloName is the name given in EHLO (default "localhost").
	HeloName string
	// RootCAs verifies the server's certificate; nil uses the system's.
	RootCAs *x509.CertPool
}

// RegisterFlags adds the mail flags to fs; with config.Parse they are also
// read from AMTSWEG_SMTP_* and AMTSWEG_MAIL_* variables.
func RegisterFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.From, "mail-from", "", "sender address of notification e-mails")
	fs.StringVar(&c.Dir, "mail-dir", "", "write e-mails as .eml files into this folder instead of sending them")
	fs.StringVar(&c.Host, "smtp-host", "", "SMTP server host name")
	fs.IntVar(&c.Port, "smtp-port", 0, "SMTP server port (default 587, or 465 with --smtp-tls=tls)")
	fs.StringVar(&c.Username, "smtp-user", "", "SMTP user name (empty: no authentication)")
	fs.StringVar(&c.Password, "smtp-password", "", "SMTP password")
	fs.Func("smtp-tls", "SMTP TLS mode: starttls, tls or none (default starttls)", func(s string) error {
		switch m := TLSMode(s); m {
		case StartTLS, ImplicitTLS, NoTLS:
			c.TLS = m
			return nil
		}
		return fmt.Errorf("want starttls, tls or none")
	})
	fs.DurationVar(&c.Timeout, "smtp-timeout", 30*time.Second, "time limit for delivering one e-mail")
}

func (c Config) withDefaults() Config {
	if c.TLS == "" {
		c.TLS = StartTLS
	}
	if c.Port == 0 {
		c.Port = 587
		if c.TLS == ImplicitTLS {
			c.Port = 465
		}
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.HeloName == "" {
		c.HeloName = "localhost"
	}
	return c
}

// Validate reports what is missing or contradictory in c.
func (c Config) Validate() error {
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: sender %q: %w", c.From, err)
	}
	if c.Dir != "" {
		return nil
	}
	switch {
	case c.Host == "":
		return errors.New("mail: no SMTP host and no mail folder configured")
	case c.TLS != "" && c.TLS != StartTLS && c.TLS != ImplicitTLS && c.TLS != NoTLS:
		return fmt.Errorf("mail: unknown TLS mode %q", c.TLS)
	case c.TLS == NoTLS && c.Username != "":
		return errors.New("mail: SMTP authentication needs TLS; the password would be sent in plain text")
	}
	return nil
}

// NewSender returns the Sender c describes: a folder of .eml files when
// Dir is set, otherwise SMTP.
func NewSender(c Config) (Sender, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Dir != "" {
		return DirSender{Dir: c.Dir}, nil
	}
	return &SMTPSender{cfg: c.withDefaults()}, nil
}
