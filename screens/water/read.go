package water

import (
	"charm.land/bubbles/v2/key"

	"till/screens/kit"
)

// What the water flow shows, read by the App-level tests.

// Step is the step shown.
func (m *Flow) Step() Step { return m.step }

// LookupSeq and LookupKey are the customer lookup in flight, as its
// answer (LookupMsg) must carry them.
func (m *Flow) LookupSeq() int { return m.lookupSeq }

// LookupKey is the key of the lookup in flight.
func (m *Flow) LookupKey() kit.WaterKey { return m.lookupKey }

// Cursor is the row picked on the device list.
func (m *Flow) Cursor() int { return m.cursor }

// Device is the device the recharge is for.
func (m *Flow) Device() kit.WaterDevice { return m.device }

// Looking reports whether a lookup is running.
func (m *Flow) Looking() bool { return m.looking }

// InputErr is a refused Enter or a failed lookup.
func (m *Flow) InputErr() error { return m.inputErr }

// OverrideKey is the result's supervisor-override key.
func (m *Flow) OverrideKey() key.Binding { return m.keys.Override }

// Typed is what the lookup field holds.
func (m *Flow) Typed() string { return m.input.Value() }
