//go:build !unix

package store

import "os"

// killSelf ends the process at once.
func killSelf() { os.Exit(137) }
