package keyring

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Reencrypted counts what Reencrypt did.
type Reencrypted struct {
	Checked   int // blobs looked at
	Rewritten int // sealed again with their tenant's newest key
	Plaintext int // of those, blobs from before encryption (sealed for tenant 0)
}

// Reencrypt rewrites every blob of s not sealed with its tenant's newest
// data key (after RotateTenant), and every plaintext blob from before
// encryption, which it seals with the installation's key (tenant 0: the
// store does not know a plaintext file's tenant). Each rewrite replaces
// the blob atomically under its key, so serving processes read the old or
// the new form. A blob deleted meanwhile is skipped; one deleted during
// its own rewrite may come back, unreferenced, for the orphan sweep.
// When it finished without error, plaintext is no longer accepted
// (ClearPlaintext). Running it again finds nothing to do.
func Reencrypt(ctx context.Context, k *Keyring, s *blob.Sealed, actor string) (Reencrypted, error) {
	var res Reencrypted
	newest := map[tenant.ID]uint32{}
	err := s.Walk(ctx, func(e blob.Entry) error {
		res.Checked++
		h, sealed, err := s.HeaderOf(ctx, e.Key)
		if fault.Is(err, fault.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if sealed {
			v, ok := newest[h.Tenant]
			if !ok {
				if v, _, err = k.Current(ctx, h.Tenant); err != nil {
					return err
				}
				newest[h.Tenant] = v
			}
			if h.Version >= v {
				return nil
			}
		}
		if _, err := s.Reseal(ctx, e.Key, h.Tenant); err != nil && !fault.Is(err, fault.NotFound) {
			return fmt.Errorf("keyring: reencrypt blob %s: %w", e.Key, err)
		}
		res.Rewritten++
		if !sealed {
			res.Plaintext++
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if res.Rewritten > 0 {
		err = k.db.Tx(ctx, func(tx *store.Tx) error {
			return audit.Append(ctx, tx, audit.Entry{Actor: actor, Action: "blob.reencrypt", ObjectType: "blob_store",
				Details: map[string]any{"checked": res.Checked, "rewritten": res.Rewritten, "plaintext": res.Plaintext}})
		})
		if err != nil {
			return res, err
		}
	}
	return res, k.ClearPlaintext(ctx, actor)
}
