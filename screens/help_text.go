package screens

// The screens whose text fields take any printable character: there a
// typed '?' is text, not the key map (help_keys.go).

// (The payments screen says so itself: backoffice/payments.go.)
