package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"till/i18n"
	"till/sale"
)

// Config is the till's configuration file (docs/ARCHITECTURE.md §3). A
// provider is enabled by the presence of its table.
type Config struct {
	Till        TillConfig         `toml:"till"`
	Receipt     ReceiptConfig      `toml:"receipt"`
	Flash       *FlashConfig       `toml:"flash"`
	OneFlow     *OneFlowConfig     `toml:"oneflow"`
	Flowix      *FlowixConfig      `toml:"flowix"`
	Flutterwave *FlutterwaveConfig `toml:"flutterwave"`
	MpesaFlow   *MpesaFlowConfig   `toml:"mpesaflow"`
	Printer     *PrinterConfig     `toml:"printer"`
	Limits      LimitsConfig       `toml:"limits"`
	TUI         TUIConfig          `toml:"tui"`
	Ship        *ShipConfig        `toml:"ship"` // config_ship.go

	// Path is where the config was read from; empty in demo mode. source
	// says which rule of the look-up order found it (mode.go).
	Path   string `toml:"-"`
	source string
	// Demo is set for the embedded demo: no config file was found and the
	// TUI was started, or --demo was given (mode.go).
	Demo bool `toml:"-"`
	// raw is the file as read, to tell a key set to 0 from one left out.
	raw map[string]any
}

// TillConfig is the [till] table.
type TillConfig struct {
	// Mode is "live" (the default) or "demo" (mode.go).
	Mode              string `toml:"mode"`
	StoreID           string `toml:"store_id"`
	TerminalID        string `toml:"terminal_id"`
	Journal           string `toml:"journal"`
	ReceiptWidth      int    `toml:"receipt_width"`
	Timezone          string `toml:"timezone"`
	LogFile           string `toml:"log_file"`
	IdempotencyWindow string `toml:"idempotency_window"`
	MaxAttempts       int    `toml:"max_attempts"`
	// PINAttempts wrong PINs in a row lock a cashier out for Lockout
	// (sale.Auth, built in cli/cashier.go); IdleLock locks the till after
	// that long without a key (the TUI's, given it in cli/tui.go).
	PINAttempts int    `toml:"pin_attempts"`
	Lockout     string `toml:"lockout"`
	IdleLock    string `toml:"idle_lock"`
	// LogMaxSize (megabytes) and LogKeep rotate the log (log.go).
	LogMaxSize int `toml:"log_max_size"`
	LogKeep    int `toml:"log_keep"`

	// Automatic journal backups of the TUI (backup.go).
	BackupDir   string `toml:"backup_dir"`
	BackupEvery string `toml:"backup_every"`
	BackupKeep  int    `toml:"backup_keep"`

	// KeyFile is the till's key (cli/key.go): default till.key in the
	// state directory.
	KeyFile string `toml:"key_file"`

	backupEvery time.Duration

	// Language is what slips, reports and the TUI speak: "en" or "id"
	// (config_language.go); unset, the locale decides.
	Language string `toml:"language"`
	lang     i18n.Lang

	location *time.Location
	window   time.Duration
	lockout  time.Duration
	idleLock time.Duration
}

// ReceiptConfig is the [receipt] table: the slip's header and footer.
type ReceiptConfig struct {
	ShopName  string   `toml:"shop_name"`
	Address   []string `toml:"address"`
	VATNumber string   `toml:"vat_number"`
	Footer    string   `toml:"footer"`
}

// Error is a config problem: exit code 2.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func Errorf(format string, args ...any) error {
	return &Error{msg: fmt.Sprintf(format, args...)}
}

// Find returns the config path by the documented lookup order:
// --config FILE, $TILL_CONFIG, ./till.toml, $XDG_CONFIG_HOME/till/config.toml.
// An explicit path that does not exist is an error; "" means demo mode.
func Find(flagPath string, env func(string) string) (string, error) {
	for _, explicit := range []struct{ path, from string }{{flagPath, "--config"}, {env("TILL_CONFIG"), "TILL_CONFIG"}} {
		if explicit.path == "" {
			continue
		}
		if _, err := os.Stat(explicit.path); err != nil {
			return "", Errorf("config %s (from %s) cannot be read: %v", explicit.path, explicit.from, errors.Unwrap(err))
		}
		return explicit.path, nil
	}
	candidates := []string{"till.toml"}
	if x := XDGDir(env, "XDG_CONFIG_HOME", ".config"); x != "" {
		candidates = append(candidates, filepath.Join(x, "till", "config.toml"))
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		}
	}
	return "", nil
}

func XDGDir(env func(string) string, key, fallback string) string {
	if v := env(key); v != "" {
		return v
	}
	if home := env("HOME"); home != "" {
		return filepath.Join(home, fallback)
	}
	return ""
}

// Load reads, strictly decodes, overlays secrets from the environment
// and validates the config at path.
func Load(path string, env func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errorf("config %s: %v", path, errors.Unwrap(err))
	}
	cfg, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	if cfg.holdsSecrets() {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, Errorf("config %s: %v", path, err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			return nil, Errorf("config %s holds secrets and can be read by others (mode %04o): run chmod 600 %s", path, perm, path)
		}
	}
	cfg.overlayEnv(env)
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Parse strictly decodes TOML: an unknown key is an error naming its line.
func Parse(data []byte, path string) (*Config, error) {
	cfg := &Config{Path: path}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	err := dec.Decode(cfg)
	if err == nil {
		err = toml.Unmarshal(data, &cfg.raw) // which keys are present: config_limits.go
	}
	if err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) && len(strict.Errors) > 0 {
			var msgs []string
			for _, de := range strict.Errors {
				row, _ := de.Position()
				msgs = append(msgs, fmt.Sprintf("%s line %d: unknown key %q", path, row, strings.Join(de.Key(), ".")))
			}
			return nil, Errorf("%s", strings.Join(msgs, "\n"))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, Errorf("%s line %d column %d: %s", path, row, col, de.Error())
		}
		return nil, Errorf("%s: %v", path, err)
	}
	return cfg, nil
}

// validate checks every value and fills defaults; messages name the key.
func (c *Config) validate() error {
	var errs []string
	bad := func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !slices.Contains(errs, msg) {
			errs = append(errs, msg)
		}
	}
	checkRanges(c.raw, bad) // config_limits.go: a number present is checked, 0 like any other
	t := &c.Till
	if err := sale.ValidID("[till] store_id", t.StoreID); err != nil {
		bad("%v", err)
	}
	if err := sale.ValidID("[till] terminal_id", t.TerminalID); err != nil {
		bad("%v", err)
	}
	switch t.ReceiptWidth {
	case 0:
		t.ReceiptWidth = 42
	case 32, 42, 48:
	default:
		bad("[till] receipt_width is %d: it must be 32, 42 or 48", t.ReceiptWidth)
	}
	t.location = time.Local
	if t.Timezone != "" {
		loc, err := time.LoadLocation(t.Timezone)
		if err != nil {
			bad("[till] timezone %q is not a time zone like \"Africa/Johannesburg\"", t.Timezone)
		} else {
			t.location = loc
		}
	}
	if t.Language != "" {
		l, err := i18n.Parse(t.Language)
		if err != nil {
			bad("[till] %v", err)
		}
		t.lang = l
	}
	t.window = 24 * time.Hour
	if t.IdempotencyWindow != "" {
		if d, err := parsePositiveDuration(t.IdempotencyWindow); err != nil {
			bad("[till] idempotency_window: %v", err)
		} else {
			t.window = d
		}
	}
	if t.MaxAttempts < 0 || t.MaxAttempts > 100 {
		bad("[till] max_attempts is %d: it must be between 1 and 100", t.MaxAttempts)
	}
	c.validateAuth(bad) // config_auth.go: [till] pin_attempts, lockout, idle_lock and [limits]
	c.validateMode(bad) // mode.go: [till] mode
	c.validateBackup(bad)
	c.validateLog(bad) // log.go: [till] log_file, log_max_size, log_keep
	if len(c.Receipt.Address) > 4 {
		bad("[receipt] address has %d lines: at most 4", len(c.Receipt.Address))
	}
	c.validateProviders(bad)     // providers.go: [flash], [oneflow], [flowix], [flutterwave], [mpesaflow]
	c.validateAssumedOthers(bad) // config_assumed.go
	if pc := c.Printer; pc != nil {
		checkPrinter(pc, bad)
		checkPrinterExtras(pc, bad)
	}
	checkTUI(&c.TUI, bad) // config_print.go
	c.validateShip(bad)   // config_ship.go
	if len(c.providerTables()) == 0 {
		bad("no provider is configured: add a [flash], [oneflow], [flowix], [flutterwave] or [mpesaflow] table")
	}
	if len(errs) > 0 {
		prefix := "config"
		if c.Path != "" {
			prefix = "config " + c.Path
		}
		return Errorf("%s:\n  %s", prefix, strings.Join(errs, "\n  "))
	}
	return nil
}

func parsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration like \"30s\" or \"24h\"", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be more than zero", s)
	}
	return d, nil
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// JournalPath is where the journal lives: [till] journal, or a default under
// $XDG_DATA_HOME/till (demo mode uses demo.db there).
func (c *Config) JournalPath(env func(string) string) (string, error) {
	if !c.Demo && c.Till.Journal != "" {
		return c.Till.Journal, nil
	}
	dir := XDGDir(env, "XDG_DATA_HOME", filepath.Join(".local", "share"))
	if dir == "" {
		return "", Errorf("cannot place the journal: set [till] journal or HOME")
	}
	name := "journal.db"
	if c.Demo {
		name = "demo.db"
	}
	return filepath.Join(dir, "till", name), nil
}

// LogPath is where slog writes: [till] log_file, or till.log (demo.log) next
// to the journal. Nothing is ever logged to the terminal.
func (c *Config) LogPath(journal string) string {
	if c.Till.LogFile != "" {
		return c.Till.LogFile
	}
	name := "till.log"
	if c.Demo {
		name = "demo.log"
	}
	return filepath.Join(filepath.Dir(journal), name)
}

// EnsureDir creates dir with owner-only permissions.
func EnsureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// CheckListenAddr checks a host:port to listen on, with a port number.
func CheckListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port (e.g. 127.0.0.1:8701)", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q has no valid port number", addr)
	}
	return nil
}
