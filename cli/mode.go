package cli

import (
	"errors"
	"path/filepath"
	"strings"

	"till/config"
)

// noConfigError is what a command other than the TUI, sandbox, --help and
// --version says when no config is found and --demo is not given.
func (c *cli) noConfigError() error {
	return config.Errorf("%s (looked in %s); use --demo for the demo journal", noConfigFound, strings.Join(c.configPlaces(), ", "))
}

const noConfigFound = "no config found"

// isNoConfig reports whether err is noConfigError's.
func isNoConfig(err error) bool {
	var ce *config.Error
	return errors.As(err, &ce) && strings.HasPrefix(ce.Message(), noConfigFound)
}

// configPlaces are the places config.Find looks, in order, as a person
// reads them.
func (c *cli) configPlaces() []string {
	places := []string{"--config", "$TILL_CONFIG", "./till.toml"}
	if x := config.XDGDir(c.env, "XDG_CONFIG_HOME", ".config"); x != "" {
		places = append(places, filepath.Join(x, "till", "config.toml"))
	}
	return places
}

// configSource says which rule of the look-up order found path.
func (c *cli) configSource(path string) string {
	switch {
	case c.configPath != "":
		return "from --config"
	case c.env("TILL_CONFIG") != "":
		return "from $TILL_CONFIG"
	case path == "till.toml":
		return "./till.toml in the current directory"
	}
	return "the user's config"
}
