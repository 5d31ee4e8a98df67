package screens

// The screens whose text fields take any printable character: there a
// typed '?' is text, not the key map (help_keys.go).

// (The payments screen says so itself: backoffice/payments.go.)

// searchText is the Flowix service search's filter: any printable
// character but '?', which no service name or code holds, so `?` opens
// the key map while the search line has the cursor.
func searchText(_ string, r rune) (rune, bool) { return r, r >= 0x20 && r != '?' }
