package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version and commit are the release and its commit, set at build time in
// package main (.ci/run, and the release command in README.md) and handed
// over by Main:
//
//	go build -ldflags "-X main.version=1.4.0 -X main.commit=$(git rev-parse HEAD)" .
//
// Without -ldflags, the commit comes from the build info of a checkout.
var (
	version = "dev"
	commit  = ""
)

// versionText is `till --version`: the release, the Go version and, when
// the binary was built from a checkout, its commit.
func versionText() string {
	s := fmt.Sprintf("till %s (%s %s/%s", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if commit != "" {
		return s + ", commit " + commit + ")"
	}
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
