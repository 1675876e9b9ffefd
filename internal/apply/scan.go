package apply

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// Verdict is the outcome of a virus scan.
type Verdict struct {
	Clean     bool
	Signature string // the malware found, when not clean
}

// Scanner checks a file for malware (Virenprüfung) before it is accepted.
// An error means the scan could not be done; the upload is then refused as
// fault.Unavailable, never accepted unscanned.
type Scanner interface {
	Scan(ctx context.Context, r io.Reader) (Verdict, error)
}

// Clamd is a Scanner speaking clamd's INSTREAM protocol over a unix or TCP
// socket.
type Clamd struct {
	Network string // "unix" or "tcp"
	Address string // socket path or host:port
	// Timeout bounds one scan (default 60s).
	Timeout time.Duration
}

// NewClamd parses addr: "unix:/run/clamav/clamd.ctl", "tcp:host:3310" or
// plain "host:3310".
func NewClamd(addr string) (*Clamd, error) {
	switch {
	case strings.HasPrefix(addr, "unix:"):
		return &Clamd{Network: "unix", Address: strings.TrimPrefix(addr, "unix:")}, nil
	case strings.HasPrefix(addr, "tcp:"):
		return &Clamd{Network: "tcp", Address: strings.TrimPrefix(addr, "tcp:")}, nil
	case strings.Contains(addr, ":"):
		return &Clamd{Network: "tcp", Address: addr}, nil
	}
	return nil, fmt.Errorf("clamd address %q: want unix:/path, tcp:host:port or host:port", addr)
}

// clamdChunk is the size of one INSTREAM chunk; clamd's default
// StreamMaxLength (25 MB) bounds the whole stream, not the chunk.
const clamdChunk = 32 << 10

// Scan implements Scanner: it sends "zINSTREAM", the content in
// length-prefixed chunks and a zero-length chunk, then reads the reply
// ("stream: OK" or "stream: <signature> FOUND").
func (c *Clamd) Scan(ctx context.Context, r io.Reader) (Verdict, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, c.Network, c.Address)
	if err != nil {
		return Verdict{}, fmt.Errorf("clamd: connect: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	if err := sendStream(conn, r); err != nil {
		return Verdict{}, err
	}
	reply, err := bufio.NewReader(conn).ReadString(0)
	if err != nil && !(errors.Is(err, io.EOF) && reply != "") {
		return Verdict{}, fmt.Errorf("clamd: read reply: %w", err)
	}
	return parseClamdReply(strings.TrimRight(reply, "\x00\n"))
}

func sendStream(w io.Writer, r io.Reader) error {
	if _, err := io.WriteString(w, "zINSTREAM\x00"); err != nil {
		return fmt.Errorf("clamd: send command: %w", err)
	}
	buf := make([]byte, 4+clamdChunk)
	for {
		n, err := io.ReadFull(r, buf[4:])
		if n > 0 {
			binary.BigEndian.PutUint32(buf[:4], uint32(n))
			if _, werr := w.Write(buf[:4+n]); werr != nil {
				return fmt.Errorf("clamd: send data: %w", werr)
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("clamd: read file: %w", err)
		}
	}
	if _, err := w.Write([]byte{0, 0, 0, 0}); err != nil {
		return fmt.Errorf("clamd: send end: %w", err)
	}
	return nil
}

// parseClamdReply reads "stream: OK", "stream: <name> FOUND" or an error
// reply such as "INSTREAM size limit exceeded. ERROR".
func parseClamdReply(reply string) (Verdict, error) {
	body := strings.TrimPrefix(reply, "stream: ")
	switch {
	case body == "OK":
		return Verdict{Clean: true}, nil
	case strings.HasSuffix(body, " FOUND"):
		return Verdict{Signature: strings.TrimSuffix(body, " FOUND")}, nil
	}
	return Verdict{}, fmt.Errorf("clamd: %s", reply)
}
