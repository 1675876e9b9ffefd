package web

// RedirectCorpus reads testdata/redirect-corpus.txt for the external
// tests (the open-redirect checks over HTTP use the same forms).
var RedirectCorpus = redirectCorpus
