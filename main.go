// Command till is a point-of-sale program for the terminal: a cashier sells
// prepaid value (airtime, electricity, vouchers, water, bills, payouts) and
// every sale is journaled before it is sent. With no config it runs a demo
// against an embedded sandbox that speaks every provider's wire protocol.
//
// main only starts the program: everything else is in package cli. See
// README.md for the commands and docs/ARCHITECTURE.md for the design.
package main

import (
	"os"
	"time"
	_ "time/tzdata" // shop time zones must load on machines without tzdata

	"till/cli"
)

// version and commit are set at build time:
//
//	go build -ldflags "-X main.version=1.4.0 -X main.commit=$(git rev-parse HEAD)" .
var (
	version = "dev"
	commit  = ""
)

func main() {
	env := cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
	os.Exit(cli.Main(os.Args[1:], env, cli.Build{Version: version, Commit: commit}))
}
