// Package backoffice holds the till's back-office screens, built on the
// shared base in screens/kit: so far the "Till check" (the checks of `till
// doctor`, run without moving money). Package screens registers them in
// its screen registry (screens/ids.go). The journal, unresolved sales,
// payments and end-of-day screens are to follow here.
package backoffice
