package screens

// busy is implemented by screens that may have a sale in flight; the App
// refuses to quit while any stacked screen is busy.
type busy interface{ Busy() bool }
