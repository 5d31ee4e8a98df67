package store

import "os"

// failpoint names the point at which a crash test kills the process
// (TILL_STORE_FAILPOINT; archive.go's phases). Empty in normal use.
var failpoint = os.Getenv("TILL_STORE_FAILPOINT")

// failAt ends the process as a power cut would when failpoint is name.
func failAt(name string) {
	if failpoint != "" && failpoint == name {
		killSelf()
	}
}
