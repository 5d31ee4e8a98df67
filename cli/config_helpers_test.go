package cli

import "till/config/configtest"

const goodConfig = configtest.Good

var (
	writeConfig = configtest.Write
	noEnv       = configtest.NoEnv
)
