package apply

// BlobColumnsForTest lists "table.column" of every column the orphan
// sweep treats as holding blob keys, and its two queries.
func BlobColumnsForTest() (columns, queries []string) {
	return append([]string(nil), blobColumns...), []string{keysWithDigit, keyReferences}
}
