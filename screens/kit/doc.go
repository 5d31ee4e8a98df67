// Package kit is the shared base of the till's screens: the environment
// every screen holds (Env: the dependencies, the styles, the keys, the
// App's context), the dependencies the wiring passes in (Deps, PayDeps and
// the provider services FlashAPI, WaterAPI, FlowixAPI with their types),
// the component interfaces (Component, Screen), the one registry of screen
// ids and names (ScreenID), and the language helpers (Env.T and friends).
//
// It imports nothing of the screens; package screens builds on it (and
// keeps aliases of these names, so the wiring's code stays as it was).
// It never imports store or a provider client: the journal is read through
// Deps.Engine (Engine.Reader) and providers are reached through Deps.
package kit
