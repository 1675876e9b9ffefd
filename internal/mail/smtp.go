package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SMTPSender sends through an SMTP server (submission with STARTTLS or
// implicit TLS, optional PLAIN or LOGIN authentication). Each Send is one
// connection: notifications are few, and a connection per message keeps
// failures apart.
type SMTPSender struct {
	cfg Config
}

// SMTPError is a refusal by the SMTP server. It keeps the stage, the reply code
// and the enhanced status code, and drops the reply text, which often
// quotes the address.
type SMTPError struct {
	Stage    string // EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA
	Code     int
	Enhanced string // e.g. "5.1.1"; may be empty
}

func (e *SMTPError) Error() string {
	s := "smtp " + e.Stage + ": " + strconv.Itoa(e.Code)
	if e.Enhanced != "" {
		s += " " + e.Enhanced
	}
	return s
}

// IsPermanent reports whether err is a permanent refusal of this message:
// a 5xx reply to MAIL, RCPT or DATA. A 5xx to AUTH or EHLO is a
// configuration problem of the portal, not of the message, so such mail
// is kept and retried until someone fixes the configuration.
func IsPermanent(err error) bool {
	var e *SMTPError
	return errors.As(err, &e) && e.Code >= 500 && slices.Contains([]string{"MAIL", "RCPT", "DATA"}, e.Stage)
}

var enhancedCode = regexp.MustCompile(`^[245]\.\d{1,3}\.\d{1,3}\b`)

// classify turns a failure at stage into an error without the server's
// text; ctxErr wins, because a cancelled attempt closes the connection.
func classify(ctx context.Context, stage string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("smtp %s: %w", stage, ctx.Err())
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return &SMTPError{Stage: stage, Code: tp.Code, Enhanced: enhancedCode.FindString(tp.Msg)}
	}
	return fmt.Errorf("smtp %s: %w", stage, err)
}

// Send delivers msg to one recipient.
func (s *SMTPSender) Send(ctx context.Context, from, to string, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := s.auth(ctx, c); err != nil {
		return err
	}
	if err := c.Mail(from); err != nil {
		return classify(ctx, "MAIL", err)
	}
	if err := c.Rcpt(to); err != nil {
		return classify(ctx, "RCPT", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify(ctx, "DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return classify(ctx, "DATA", err)
	}
	if err := w.Close(); err != nil {
		return classify(ctx, "DATA", err)
	}
	// The message is accepted; a failing QUIT changes nothing.
	c.Quit()
	return nil
}

// connect dials, greets and, in StartTLS mode, upgrades the connection.
// The connection is closed when ctx ends, which unblocks any read.
func (s *SMTPSender) connect(ctx context.Context) (*smtp.Client, error) {
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	conn, err := s.dial(ctx, addr)
	if err != nil {
		return nil, classify(ctx, "connect", err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	c, err := s.greet(ctx, conn)
	if err != nil {
		stop()
		conn.Close()
		return nil, err
	}
	return c, nil
}

func (s *SMTPSender) dial(ctx context.Context, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: min(s.cfg.Timeout, 10*time.Second)}
	if s.cfg.TLS == ImplicitTLS {
		td := &tls.Dialer{NetDialer: d, Config: s.tlsConfig()}
		return td.DialContext(ctx, "tcp", addr)
	}
	return d.DialContext(ctx, "tcp", addr)
}

func (s *SMTPSender) greet(ctx context.Context, conn net.Conn) (*smtp.Client, error) {
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return nil, classify(ctx, "greeting", err)
	}
	if err := c.Hello(s.cfg.HeloName); err != nil {
		return nil, classify(ctx, "EHLO", err)
	}
	if s.cfg.TLS != StartTLS {
		return c, nil
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return nil, errors.New("smtp STARTTLS: the server does not offer STARTTLS")
	}
	if err := c.StartTLS(s.tlsConfig()); err != nil {
		return nil, classify(ctx, "STARTTLS", err)
	}
	return c, nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.cfg.Host, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12}
}

// auth logs in with PLAIN, or LOGIN when the server offers only that.
// Both refuse to run without TLS.
func (s *SMTPSender) auth(ctx context.Context, c *smtp.Client) error {
	if s.cfg.Username == "" {
		return nil
	}
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return errors.New("smtp AUTH: the server offers no authentication")
	}
	var a smtp.Auth
	switch m := strings.Fields(strings.ToUpper(mechs)); {
	case slices.Contains(m, "PLAIN"):
		a = smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)
	case slices.Contains(m, "LOGIN"):
		a = loginAuth{user: s.cfg.Username, pass: s.cfg.Password, host: s.cfg.Host}
	default:
		return fmt.Errorf("smtp AUTH: no supported mechanism in %q", mechs)
	}
	if err := c.Auth(a); err != nil {
		return classify(ctx, "AUTH", err)
	}
	return nil
}

// loginAuth is the LOGIN mechanism, which net/smtp lacks; some providers
// offer only it.
type loginAuth struct{ user, pass, host string }

func (a loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS {
		return "", nil, errors.New("LOGIN without TLS refused")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "LOGIN", nil, nil
}

func (a loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(string(fromServer))) {
	case "username:":
		return []byte(a.user), nil
	case "password:":
		return []byte(a.pass), nil
	}
	return nil, errors.New("unexpected LOGIN challenge")
}
