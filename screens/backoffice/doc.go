// Package backoffice holds the till's back-office screens, built on the
// shared base in screens/kit: the Till check (the checks of `till doctor`,
// run without moving money), a sale's detail (its receipt, and a journaled
// copy of it, with a supervisor's override for an old PIN or token), the
// payments that need a person (complete the sale, or refund) and the
// unresolved sales (settle now, supervisor, webhook resend). Package
// screens registers them in its screen registry (screens/ids.go). The
// journal and end-of-day screens are to follow here.
package backoffice
