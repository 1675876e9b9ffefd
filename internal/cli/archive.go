package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// archiveCommands are the filing plan's and the archive conversation's
// (Aussonderung, xdomea 0501–0507) subcommands, merged into commands().
func archiveCommands() map[string]command {
	return map[string]command{
		"filingplan import": {"replace a tenant's filing plan (Aktenplan) from CSV (kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart) or an xdomea 0301 message", filingPlanImport},
		"filingplan list":   {"list a tenant's filing plan (Aktenplan)", filingPlanList},
		"archive offer":     {"offer the files due for disposal to the archive: write an xdomea 0501 (Anbieteverzeichnis) into --out", archiveOffer},
		"archive reply":     {"apply the archive's xdomea 0502 appraisal, 0504/0507 receipt or 0506 import confirmation (deletes what may go)", archiveReply},
		"archive send":      {"hand the files the archive chose over: write an xdomea 0503 (Aussonderung) per conversation into --out", archiveSend},
		"archive status":    {"list the files in the archive conversation and their state", archiveStatus},
	}
}

// partyFlags are the flags naming the parties of an xdomea message.
type partyFlags struct {
	archive, archiveKey, archiveUnit, senderKey string
	private                                     bool
}

func (p *partyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.archive, "archive", "", "name of the archive (Empfänger; default \"Zuständiges Archiv\")")
	fs.StringVar(&p.archiveKey, "archive-key", "", "the archive's Behördenkennung, as agreed with it")
	fs.StringVar(&p.archiveUnit, "archive-unit", "", "the archive's unit that takes the files (Organisationseinheit)")
	fs.StringVar(&p.senderKey, "sender-key", "", "this tenant's Behördenkennung at the archive (default: the tenant's slug)")
	fs.BoolVar(&p.private, "private", false, "write the files readable by their owner only (0600); default 0644 less the umask")
}

func (p partyFlags) options(t tenant.Tenant) akte.ExportOptions {
	return akte.Parties(t, akte.ExportOptions{SenderKey: p.senderKey, Recipient: p.archive, RecipientKey: p.archiveKey,
		RecipientUnit: p.archiveUnit})
}

// archiveRun is one run of an archive or filing-plan command: its
// database, case files, tenant, output folder and parties.
type archiveRun struct {
	e       env
	name    string
	db      *store.DB
	files   *akte.Service
	t       tenant.Tenant
	out     string
	parties partyFlags
	args    []string
}

// setupArchive parses the common flags of the archive commands (and
// exactly positional arguments), opens the database and the case files
// and resolves the tenant.
func setupArchive(e env, name, synopsis string, args []string, positional int) (*archiveRun, int, bool) {
	var cfg config.Config
	var slug string
	r := &archiveRun{e: e, name: name}
	log, pos, code, ok := parseArgs(e, name, synopsis, args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&slug, "tenant", "", "tenant slug (needed when there are several tenants)")
		fs.StringVar(&r.out, "out", ".", "folder to write the messages into")
		r.parties.register(fs)
	})
	if !ok {
		return nil, code, false
	}
	if len(pos) != positional {
		fmt.Fprintf(e.stderr, "amtsweg %s: want %d arguments, got %q (usage: %s)\n", name, positional, pos, synopsis)
		return nil, 2, false
	}
	r.args = pos
	if r.db, ok = openFor(e, name, cfg, log); !ok {
		return nil, 1, false
	}
	if r.t, ok = tenantArg(e, r.db, name, slug); !ok {
		r.db.Close()
		return nil, 1, false
	}
	var err error
	if r.files, err = newAkte(r.db, cfg, log); err != nil {
		r.db.Close()
		return nil, r.fail(err), false
	}
	return r, 0, true
}

func (r *archiveRun) fail(err error) int {
	fmt.Fprintf(r.e.stderr, "amtsweg %s: %v\n", r.name, err)
	return 1
}

// write runs produce into a temporary file in --out and renames it to the
// message's name when produce succeeded and wrote something.
func (r *archiveRun) write(produce func(w io.Writer) (akte.Message, error)) (akte.Message, error) {
	tmp, err := createTemp(r.out, ".xdomea-", outputMode(r.parties.private))
	if err != nil {
		return akte.Message{}, err
	}
	defer os.Remove(tmp.Name())
	m, err := produce(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil || m.FileName == "" {
		return m, err
	}
	if st, serr := os.Stat(tmp.Name()); serr != nil || st.Size() == 0 {
		return m, serr
	}
	return m, os.Rename(tmp.Name(), filepath.Join(r.out, m.FileName))
}

func archiveOffer(e env, args []string) int {
	r, code, ok := setupArchive(e, "archive offer", "amtsweg archive offer --tenant SLUG --out DIR [--archive NAME] [--archive-key KEY]", args, 0)
	if !ok {
		return code
	}
	defer r.db.Close()
	m, err := r.write(func(w io.Writer) (akte.Message, error) {
		return r.files.Offer(e.ctx, w, "cli", r.t.ID, r.parties.options(r.t))
	})
	if err != nil {
		return r.fail(err)
	}
	for _, w := range m.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	if len(m.Files) == 0 {
		fmt.Fprintln(e.stdout, "no files due for the archive")
		return 0
	}
	fmt.Fprintf(e.stdout, "offered %d files (%s), ProzessID %s → %s\n", len(m.Files), strings.Join(m.Files, ", "),
		m.ProcessID, filepath.Join(r.out, m.FileName))
	return 0
}

func archiveSend(e env, args []string) int {
	r, code, ok := setupArchive(e, "archive send", "amtsweg archive send --tenant SLUG --out DIR [--archive NAME] [--archive-key KEY]", args, 0)
	if !ok {
		return code
	}
	defer r.db.Close()
	ids, err := akte.ToSend(e.ctx, r.db, r.t.ID)
	if err != nil {
		return r.fail(err)
	}
	if len(ids) == 0 {
		fmt.Fprintln(e.stdout, "no files appraised for archiving are waiting")
	}
	for _, id := range ids {
		m, err := r.write(func(w io.Writer) (akte.Message, error) {
			return r.files.Send(e.ctx, w, "cli", r.t.ID, id, r.parties.options(r.t))
		})
		if err != nil {
			return r.fail(err)
		}
		fmt.Fprintf(e.stdout, "sent %d files with %d documents (%s), ProzessID %s → %s\n", len(m.Files), m.Documents,
			strings.Join(m.Files, ", "), id, filepath.Join(r.out, m.FileName))
	}
	return 0
}

func archiveReply(e env, args []string) int {
	r, code, ok := setupArchive(e, "archive reply", "amtsweg archive reply FILE.zip|FILE.xml --tenant SLUG --out DIR", args, 1)
	if !ok {
		return code
	}
	defer r.db.Close()
	b, err := os.ReadFile(r.args[0])
	if err != nil {
		return r.fail(err)
	}
	var rep akte.Reply
	_, err = r.write(func(w io.Writer) (akte.Message, error) {
		var err error
		rep, err = r.files.ImportReply(e.ctx, w, "cli", r.t.ID, filepath.Base(r.args[0]), b, r.parties.options(r.t))
		if err != nil || rep.Receipt == nil {
			return akte.Message{}, err
		}
		return *rep.Receipt, nil
	})
	if err != nil {
		return r.fail(err)
	}
	printReply(e.stdout, r.out, rep)
	return 0
}

func printReply(w io.Writer, out string, rep akte.Reply) {
	fmt.Fprintf(w, "applied %s, ProzessID %s\n", rep.Code, rep.ProcessID)
	for _, l := range []struct {
		what  string
		files []string
	}{{"to archive", rep.Archive}, {"to destroy", rep.Destroy}, {"imported by the archive", rep.Confirmed},
		{"not imported, to send again", rep.Failed}, {"not mentioned, still waiting", rep.Open}, {"deleted", rep.Deleted}} {
		if len(l.files) > 0 {
			fmt.Fprintf(w, "  %s: %s\n", l.what, strings.Join(l.files, ", "))
		}
	}
	if rep.Receipt != nil {
		fmt.Fprintf(w, "  receipt 0505 → %s\n", filepath.Join(out, rep.Receipt.FileName))
	}
}

func archiveStatus(e env, args []string) int {
	r, code, ok := setupArchive(e, "archive status", "amtsweg archive status --tenant SLUG", args, 0)
	if !ok {
		return code
	}
	defer r.db.Close()
	list, err := akte.Disposals(e.ctx, r.db, r.t.ID)
	if err != nil {
		return r.fail(err)
	}
	for _, d := range list {
		fmt.Fprintf(e.stdout, "%s\t%s\tProzessID %s\t%s\n", d.Reference, d.State, d.OfferID, d.ArchiveRef)
	}
	fmt.Fprintf(e.stdout, "%d files in the archive conversation\n", len(list))
	return 0
}

func filingPlanImport(e env, args []string) int {
	r, code, ok := setupArchive(e, "filingplan import", "amtsweg filingplan import FILE.csv|FILE.xml|FILE.zip --tenant SLUG", args, 1)
	if !ok {
		return code
	}
	defer r.db.Close()
	b, err := os.ReadFile(r.args[0])
	if err != nil {
		return r.fail(err)
	}
	n, err := r.files.ImportPlan(e.ctx, "cli", r.t.ID, filepath.Base(r.args[0]), b)
	if err != nil {
		return r.fail(fmt.Errorf("%s: %w", r.args[0], err))
	}
	fmt.Fprintf(e.stdout, "filing plan of %s: %d units\n", r.t.Slug, n)
	return 0
}

func filingPlanList(e env, args []string) int {
	r, code, ok := setupArchive(e, "filingplan list", "amtsweg filingplan list --tenant SLUG", args, 0)
	if !ok {
		return code
	}
	defer r.db.Close()
	units, err := akte.Plan(e.ctx, r.db, r.t.ID)
	if err != nil {
		return r.fail(err)
	}
	for _, u := range units {
		fmt.Fprintf(e.stdout, "%s\t%s\tparent %s\tretention %s\tdisposal %s\n", u.Code, u.Title, u.Parent, u.Retention, u.Disposal)
	}
	fmt.Fprintf(e.stdout, "%d units\n", len(units))
	return 0
}
