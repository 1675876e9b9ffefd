package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Sender delivers one composed message. from and to are bare addresses
// (the envelope); msg is the whole RFC 5322 message with CRLF line ends.
// An error for which IsPermanent is true means the message will never be
// accepted and must not be tried again.
type Sender interface {
	Send(ctx context.Context, from, to string, msg []byte) error
}

// DirSender writes each message as an .eml file into Dir instead of
// sending it: the development mode (serve --demo). The files hold
// personal data and are readable by the owner only.
type DirSender struct {
	Dir string
}

// Send writes msg to a new file in s.Dir; the name starts with the time,
// so a listing shows the messages in order.
func (s DirSender) Send(_ context.Context, _, _ string, msg []byte) error {
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return fmt.Errorf("mail: create folder: %w", err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	name := time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b) + ".eml"
	tmp, err := os.CreateTemp(s.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(msg); err != nil {
		tmp.Close()
		return fmt.Errorf("mail: write message: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	// Rename last, so a reader of the folder never sees half a message.
	if err := os.Rename(tmp.Name(), filepath.Join(s.Dir, name)); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	return nil
}
