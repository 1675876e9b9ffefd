package mail

import (
	"net/mail"
	"net/url"
	"slices"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// Kind names a notification template (Benachrichtigungsvorlage). Kinds are
// stored with queued messages, so a kind's name must not change.
type Kind string

// The notifications. The first five have the names of account.MailKind, so
// the caller converts with Kind(m.Kind).
const (
	Verify              Kind = "verify"               // confirm your e-mail address (link with token)
	AlreadyRegistered   Kind = "already_registered"   // sign-up with an address that has an account
	PasswordReset       Kind = "reset"                // set a new password (link with token)
	EmailChange         Kind = "email_change"         // confirm your new address (link with token)
	EmailChanged        Kind = "email_changed"        // notice to the old address
	MailboxMessage      Kind = "mailbox_message"      // a new message in your mailbox (Postfach)
	ApplicationReceived Kind = "application_received" // your application arrived (receipt link)
	NoticeAvailable     Kind = "notice_available"     // a notice (Bescheid) is in your mailbox
)

// Kinds lists every notification kind.
var Kinds = []Kind{Verify, AlreadyRegistered, PasswordReset, EmailChange, EmailChanged,
	MailboxMessage, ApplicationReceived, NoticeAvailable}

// Lang is a message language; anything but English is sent in German.
type Lang string

// The languages of the templates.
const (
	German  Lang = "de"
	English Lang = "en"
)

// Langs lists the template languages.
var Langs = []Lang{German, English}

// Normal is l as stored and rendered: English stays English, anything
// else is German.
func (l Lang) Normal() Lang {
	if l == English {
		return English
	}
	return German
}

// Message is one notification to queue. It deliberately has no free text:
// a notification says only that something is waiting, and where.
type Message struct {
	To   string // recipient address, e.g. "Jörg Müller <j@example.de>" or "j@example.de"
	Kind Kind
	Lang Lang
	Data Data
}

// Data fills a template. It holds no case content.
type Data struct {
	// Link is the absolute http(s) URL the message points to (verification
	// link with token, mailbox, receipt).
	Link string `json:"link"`
	// Portal is the name of the portal or tenant that sends the message.
	Portal string `json:"portal,omitempty"`
	// ValidFor is how long the link works, for token links; zero says
	// nothing about it.
	ValidFor time.Duration `json:"valid_for,omitempty"`
	// Guest marks a recipient who applied without an account: the mail
	// tells them to open their personal mailbox link, not to log in.
	Guest bool `json:"guest,omitempty"`
}

// Addressee is who a notification about an application goes to
// (Empfänger): the address ("" for none), the language to write in,
// whether it is a guest without an account, and the name of the tenant
// (portal) that signs it.
type Addressee struct {
	To     string
	Lang   Lang
	Guest  bool
	Portal string
}

// MailboxNotice is the data of a "something is waiting" notification to
// a: the link to the mailbox (baseURL+"/postfach") for accounts, to the
// portal's start page for guests, whose personal mailbox link is theirs
// alone and never sent by e-mail.
func (a Addressee) MailboxNotice(baseURL string) Data {
	link := baseURL + "/postfach"
	if a.Guest {
		link = baseURL + "/"
	}
	return Data{Link: link, Portal: a.Portal, Guest: a.Guest}
}

// validate checks a message before it is stored; it returns the parsed
// recipient address.
func (m Message) validate() (*mail.Address, error) {
	addr, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fault.Fields("invalid recipient", fault.FieldError{Field: "to", Key: "email.invalid",
			Text: "please enter a valid e-mail address"})
	}
	if !slices.Contains(Kinds, m.Kind) {
		return nil, fault.New(fault.Invalid, "mail: unknown kind %q", m.Kind)
	}
	u, err := url.Parse(m.Data.Link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fault.New(fault.Invalid, "mail: %s: link must be an absolute http(s) URL", m.Kind)
	}
	return addr, nil
}
