package screens

import "charm.land/bubbles/v2/key"

// What the water flow shows, read by the App-level tests.

// Step is the step shown.
func (m *XwFlow) Step() XwStep { return m.step }

// LookupSeq and LookupKey are the customer lookup in flight, as its
// answer (LookupMsg) must carry them.
func (m *XwFlow) LookupSeq() int { return m.lookupSeq }

// LookupKey is the key of the lookup in flight.
func (m *XwFlow) LookupKey() WaterKey { return m.lookupKey }

// Cursor is the row picked on the device list.
func (m *XwFlow) Cursor() int { return m.cursor }

// Device is the device the recharge is for.
func (m *XwFlow) Device() WaterDevice { return m.device }

// Looking reports whether a lookup is running.
func (m *XwFlow) Looking() bool { return m.looking }

// InputErr is a refused Enter or a failed lookup.
func (m *XwFlow) InputErr() error { return m.inputErr }

// OverrideKey is the result's supervisor-override key.
func (m *XwFlow) OverrideKey() key.Binding { return m.keys.Override }

// Typed is what the lookup field holds.
func (m *XwFlow) Typed() string { return m.input.Value() }
