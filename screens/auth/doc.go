// Package auth holds the screens that say who is at the till: the sign-in
// gate (pick a cashier, type the PIN; on a till's first run, set up its
// first supervisor), the idle lock, and the supervisor override dialog
// every screen asks for with kit.RequestOverrideCmd. Package screens shows
// them over the screen stack (screens/signin_app.go, lock.go).
package auth
