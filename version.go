package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release, set at build time:
//
//	go build -ldflags "-X main.version=1.4.0" .
var version = "dev"

// versionText is `till --version`: the release, the Go version and, when
// the binary was built from a checkout, its commit.
func versionText() string {
	s := fmt.Sprintf("till %s (%s", version, runtime.Version())
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				modified = kv.Value
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			s += ", commit " + rev
			if modified == "true" {
				s += " (modified)"
			}
		}
	}
	return s + ")"
}
