// Package backoffice holds the till's back-office screens, built on the
// shared base in screens/kit: the journal (today's sales, search), a
// sale's detail (its receipt, and a journaled copy of it, with a
// supervisor's override for an old PIN or token), the unresolved sales
// (settle now, supervisor, webhook resend), a supervisor's settlement of
// one by hand, the payments that need a person (complete the sale, or
// refund), the end of day (the X and Z reports, the drawer count, cash
// moves, printing and export) and the Till check (the checks of `till
// doctor`, run without moving money). Package screens registers them in
// its screen registry (screens/ids.go).
package backoffice
