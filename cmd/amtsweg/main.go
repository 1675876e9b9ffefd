// Command amtsweg runs the amtsweg Leistungsportal: citizen portal, back
// office and API in one binary. See `amtsweg help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/amtsweg/amtsweg/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr))
}
