package screens

import "till/screens/backoffice"

// The back-office names the App-level tests reach (the screens themselves
// live in package backoffice).

type (
	EndOfDay         = backoffice.EndOfDay
	ForceCloseDayMsg = backoffice.ForceCloseDayMsg
)

const (
	EODNoDialog, EODCloseDialog    = backoffice.EODNoDialog, backoffice.EODCloseDialog
	EODExportDialog, EODMoveDialog = backoffice.EODExportDialog, backoffice.EODMoveDialog
)

var CloseDay = backoffice.CloseDay
