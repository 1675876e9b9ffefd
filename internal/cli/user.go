package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// userFlags are the flags of "user create".
type userFlags struct {
	staff        bool
	tenant       string
	email, name  string
	authority    int64
	role         string
	passwordFile string
	baseURL      string
}

// userCreate creates a staff account: `amtsweg user create --staff
// --tenant SLUG --email ... --authority ID --role ROLE`. Without
// --password-file it prints a link to set the password; either way the
// staff member sets up a second factor at the first login.
func userCreate(e env, args []string) int {
	var cfg config.Config
	var u userFlags
	log, code, ok := parse(e, "user create", "amtsweg user create --staff --tenant SLUG --email ADDRESS --authority ID --role ROLE [flags]",
		args, &cfg, func(fs *flag.FlagSet) { u.register(fs, &cfg) })
	if !ok {
		return code
	}
	in, err := u.staffInput()
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg user create: %v\n", err)
		return 2
	}
	db, ok := openFor(e, "user create", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, "user create", u.tenant)
	if !ok {
		return 1
	}
	in.TenantID = t.ID
	a, m, err := account.CreateStaff(e.ctx, db, "cli", in)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg user create: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "staff account %d created for %s (%s at authority %d)\n", a.ID, a.Email, u.role, u.authority)
	if m.Token != "" {
		printSetupLink(e, setupBase(u.baseURL, t), m.Token)
	}
	return 0
}

// setupBase is the portal address the set-up link starts with: the
// configured --base-url (AMTSWEG_BASE_URL, as serve uses for e-mails),
// else the tenant's first public host name over HTTPS, else "" (unknown:
// a *.localhost name says nothing about the port a test machine uses).
func setupBase(baseURL string, t tenant.Tenant) string {
	if b := strings.TrimRight(baseURL, "/"); b != "" {
		return b
	}
	for _, h := range t.Hosts {
		if h != "localhost" && !strings.HasSuffix(h, ".localhost") {
			return "https://" + h
		}
	}
	return ""
}

// printSetupLink prints the password set-up link; without a known
// address it prints the path and says how to get a full link rather
// than guess a host and port that may be wrong.
func printSetupLink(e env, base, token string) {
	path := "/passwort-neu?token=" + token
	if base == "" {
		fmt.Fprintf(e.stdout, "password set-up path (valid once): %s\n(open it on the portal's address; set --base-url or AMTSWEG_BASE_URL, or give the tenant a --host, for a full link)\n", path)
		return
	}
	fmt.Fprintf(e.stdout, "password set-up link (valid once): %s%s\n", base, path)
}

func (u *userFlags) register(fs *flag.FlagSet, cfg *config.Config) {
	config.Register(fs, cfg)
	fs.BoolVar(&u.staff, "staff", false, "create a staff account (required: the only kind created here)")
	fs.StringVar(&u.tenant, "tenant", "", "tenant slug")
	fs.StringVar(&u.email, "email", "", "e-mail address of the staff member")
	fs.StringVar(&u.name, "name", "", "name of the staff member")
	fs.Int64Var(&u.authority, "authority", 0, "authority id (0 for tenant_admin)")
	fs.StringVar(&u.role, "role", "", "role: case_worker, head_of_unit, authority_admin or tenant_admin")
	fs.StringVar(&u.passwordFile, "password-file", "", "file holding the initial password (else a set-up link is printed)")
	fs.StringVar(&u.baseURL, "base-url", "", "public URL of the portal, for the set-up link (default: https:// and the tenant's first host)")
}

// staffInput checks the flags and reads the password file.
func (u *userFlags) staffInput() (account.NewStaff, error) {
	if !u.staff {
		return account.NewStaff{}, fmt.Errorf("only staff accounts are created here (--staff); citizens sign up themselves")
	}
	if u.tenant == "" || u.email == "" || u.role == "" {
		return account.NewStaff{}, fmt.Errorf("--tenant, --email and --role are required")
	}
	role, err := account.ParseRole(u.role)
	if err != nil {
		return account.NewStaff{}, err
	}
	in := account.NewStaff{Email: u.email, Name: u.name, Roles: []account.StaffRole{{AuthorityID: u.authority, Role: role}}}
	if u.passwordFile != "" {
		b, err := os.ReadFile(u.passwordFile)
		if err != nil {
			return in, err
		}
		in.Password = strings.TrimRight(string(b), "\r\n")
	}
	return in, nil
}
