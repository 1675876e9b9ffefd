package apply

import "context"

// BlobColumnsForTest lists "table.column" of every column the orphan
// sweep treats as holding blob keys, and its two queries.
func BlobColumnsForTest() (columns, queries []string) {
	return append([]string(nil), blobColumns...), []string{keysWithDigit, keyReferences}
}

// RenderFunc renders a receipt PDF in lang; see SetReceiptRenderer.
type RenderFunc func(lang string) ([]byte, error)

// SetReceiptRenderer makes s render receipt PDFs with wrap(next), where
// next is the real renderer: the seam through which tests make rendering
// fail or panic.
func SetReceiptRenderer(s *Service, wrap func(next RenderFunc) RenderFunc) {
	s.render = func(ctx context.Context, id int64, rc Receipt, lang string) ([]byte, error) {
		return wrap(func(lang string) ([]byte, error) { return s.renderReceipt(ctx, id, rc, lang) })(lang)
	}
}
