package account

import (
	"context"
	"errors"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// MailKind says which e-mail (Benachrichtigung) the caller should send.
type MailKind string

// The e-mails the account service asks for. The mailer (elsewhere) turns
// a Mail into a message; the account service only decides.
const (
	MailNone              MailKind = ""                   // send nothing
	MailVerify            MailKind = "verify"             // confirm your address: link with Token
	MailAlreadyRegistered MailKind = "already_registered" // someone signed up with your address
	MailReset             MailKind = "reset"              // set a new password: link with Token
	MailEmailChange       MailKind = "email_change"       // confirm your new address: link with Token
	MailEmailChanged      MailKind = "email_changed"      // notice to the old address
)

// Mail is an e-mail the caller should send after the call returned. Token
// is the plain single-use token for the link; it exists nowhere else.
type Mail struct {
	Kind      MailKind
	AccountID int64
	To        string
	Token     string
}

// SignUpInput is a self-registration (Registrierung) of a citizen or a
// business account.
type SignUpInput struct {
	TenantID tenant.ID
	Kind     Kind // KindCitizen or KindBusiness
	Email    string
	Name     string
	Password string
	// Organisation is the name of the business (Organisation) a business
	// account signs up for; required for KindBusiness, ignored otherwise.
	Organisation string
}

// check validates every field of a sign-up at once and returns the
// normalised address; the error lists each field that is wrong, so the
// form shows all of them in one round (not one per submission).
func (in SignUpInput) check() (string, error) {
	if in.Kind != KindCitizen && in.Kind != KindBusiness {
		return "", fault.New(fault.Invalid, "sign-up is for citizen and business accounts")
	}
	var fields []fault.FieldError
	required := func(field string) {
		fields = append(fields, fault.FieldError{Field: field, Key: "field.required", Text: field + " is required"})
	}
	if in.Kind == KindBusiness && strings.TrimSpace(in.Organisation) == "" {
		required("organisation")
	}
	email, err := NormalizeEmail(in.Email)
	switch {
	case strings.TrimSpace(in.Email) == "":
		required("email")
	case err != nil:
		fields = append(fields, fieldErrors(err)...)
	}
	if in.Password == "" {
		required("password")
	} else {
		fields = append(fields, fieldErrors(CheckPassword(in.Password, email))...)
	}
	if len(fields) > 0 {
		return "", fault.Fields("the sign-up is incomplete", fields...)
	}
	return email, nil
}

// fieldErrors are the field errors err carries, none for nil.
func fieldErrors(err error) []fault.FieldError {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Fields
	}
	return nil
}

// SignUp registers an unverified account and returns the verification
// mail; invalid input is one fault listing every wrong field. If the address is already registered it changes nothing and
// returns a MailAlreadyRegistered for the existing owner instead: the
// caller shows the same "check your mailbox" page either way, and both
// paths compute one password hash, so neither the answer nor its time
// tells whether the address is known.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (Mail, error) {
	email, err := in.check()
	if err != nil {
		return Mail{}, err
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return Mail{}, err
	}
	mail, err := s.signUpTx(ctx, in, email, hash)
	if fault.Is(err, fault.Conflict) {
		// A concurrent sign-up of the same address committed between our
		// look-up and our insert (PostgreSQL runs both at once): the
		// address is known now, and the answer is the known-address one.
		mail, err = s.signUpTx(ctx, in, email, hash)
	}
	return mail, err
}

// signUpTx is one attempt of SignUp in its own transaction.
func (s *Service) signUpTx(ctx context.Context, in SignUpInput, email, hash string) (Mail, error) {
	var mail Mail
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		existing, err := ByEmail(ctx, tx, in.TenantID, email)
		if err == nil {
			mail = Mail{Kind: MailAlreadyRegistered, AccountID: existing.ID, To: existing.Email}
			return nil
		}
		if !fault.Is(err, fault.NotFound) {
			return err
		}
		mail, err = s.insertSignUp(ctx, tx, in, email, hash)
		return err
	})
	return mail, err
}

func (s *Service) insertSignUp(ctx context.Context, tx *store.Tx, in SignUpInput, email, hash string) (Mail, error) {
	a := Account{TenantID: in.TenantID, Kind: in.Kind, State: StateUnverified, Email: strings.TrimSpace(in.Email),
		Name: strings.TrimSpace(in.Name), passwordHash: hash, CreatedAt: s.clock()}
	id, err := insertAccount(ctx, tx, a, email)
	if err != nil {
		return Mail{}, err
	}
	token, err := s.issueToken(ctx, tx, id, PurposeVerify, "")
	if err != nil {
		return Mail{}, err
	}
	err = s.audit(ctx, tx, event{tenantID: in.TenantID, actor: Actor(id), action: "account.signup",
		object: idString(id), details: map[string]any{"kind": string(in.Kind)}})
	return Mail{Kind: MailVerify, AccountID: id, To: a.Email, Token: token}, err
}

// ResendVerification issues a fresh verification link for an unverified
// account, invalidating older ones. Unknown or verified addresses get
// MailNone and the same nil error.
func (s *Service) ResendVerification(ctx context.Context, tenantID tenant.ID, email string) (Mail, error) {
	var mail Mail
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := ByEmail(ctx, tx, tenantID, email)
		if fault.Is(err, fault.NotFound) || (err == nil && a.State != StateUnverified) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := dropTokens(ctx, tx, a.ID, PurposeVerify); err != nil {
			return err
		}
		token, err := s.issueToken(ctx, tx, a.ID, PurposeVerify, "")
		mail = Mail{Kind: MailVerify, AccountID: a.ID, To: a.Email, Token: token}
		return err
	})
	return mail, err
}

// VerifyEmail confirms the address with the token from the verification
// mail and activates the account.
func (s *Service) VerifyEmail(ctx context.Context, token string) (Account, error) {
	var a Account
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		id, _, err := s.consumeToken(ctx, tx, PurposeVerify, token)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE account SET state = $1, verified_at = $2
			WHERE id = $3 AND state = $4`, StateActive, s.clock(), id, StateUnverified)
		if err != nil {
			return err
		}
		if a, err = ByID(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(id), action: "account.verify", object: idString(id)})
	})
	return a, err
}
