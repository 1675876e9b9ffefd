package web

import "github.com/amtsweg/amtsweg/internal/apply"

// Applications is the application workflow the online application pages
// call (package apply).
type Applications = apply.Service
