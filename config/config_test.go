package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/config/configtest"
)

const goodConfig = configtest.Good

var (
	writeConfig = configtest.Write
	noEnv       = configtest.NoEnv
)

func TestLoadConfigGood(t *testing.T) {
	cfg, err := Load(writeConfig(t, goodConfig, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Till.StoreID != "STORE042" || cfg.Flash.APIKey != "k3y" || cfg.Flash.timeout != 30*time.Second {
		t.Fatalf("cfg = %+v %+v", cfg.Till, cfg.Flash)
	}
	if cfg.Till.location.String() != "Africa/Johannesburg" || cfg.Till.window != 24*time.Hour {
		t.Fatalf("location %v window %v", cfg.Till.location, cfg.Till.window)
	}
}

func TestConfigExampleIsValid(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse(data, "config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.validate(); err != nil {
		t.Fatalf("config.example.toml does not validate: %v", err)
	}
	if cfg.Flash == nil || cfg.OneFlow == nil || cfg.Flowix == nil || cfg.Flutterwave == nil || cfg.MpesaFlow == nil {
		t.Fatal("config.example.toml must document every provider table")
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name, body string
		mode       os.FileMode
		want       string
	}{
		{"unknown key names its line", strings.Replace(goodConfig, "timeout = \"30s\"", "timeout = \"30s\"\ntimout = \"5s\"", 1), 0o600, `line 14: unknown key "flash.timout"`},
		{"store id not alphanumeric", strings.Replace(goodConfig, `"STORE042"`, `"STORE-42"`, 1), 0o600, "store_id \"STORE-42\" may hold only letters and digits"},
		{"store id too long", strings.Replace(goodConfig, `"STORE042"`, `"STORE0420000"`, 1), 0o600, "longer than 10"},
		{"receipt width", strings.Replace(goodConfig, "receipt_width = 42", "receipt_width = 40", 1), 0o600, "receipt_width is 40: it must be 32, 42 or 48"},
		{"http base url", strings.Replace(goodConfig, "https://api.flash", "http://api.flash", 1), 0o600, "[flash] base_url"},
		{"bad duration", strings.Replace(goodConfig, `"30s"`, `"30 seconds"`, 1), 0o600, "[flash] timeout: \"30 seconds\" is not a duration"},
		{"negative duration", strings.Replace(goodConfig, `"30s"`, `"-1s"`, 1), 0o600, "must be more than zero"},
		{"bad time zone", strings.Replace(goodConfig, "Africa/Johannesburg", "Mars/Olympus", 1), 0o600, "timezone \"Mars/Olympus\""},
		{"missing api key", strings.Replace(goodConfig, `api_key = "k3y"`, "", 1), 0o644, "[flash] api_key is missing (or set TILL_FLASH_API_KEY)"},
		{"readable secrets", goodConfig, 0o644, "chmod 600"},
		{"not toml", "[till\nstore_id=", 0o600, "line 1"},
		{"webhook listen", goodConfig + "\n[flowix]\nbase_url = \"https://flowix.web.id/api/v1\"\napi_key = \"k\"\nmerchant_id = \"M\"\nwebhook_secret = \"w\"\nwebhook_listen = \"8701\"\n", 0o600, "[flowix] webhook_listen: \"8701\" is not host:port"},
		{"webhook port", goodConfig + "\n[flowix]\nbase_url = \"https://flowix.web.id/api/v1\"\napi_key = \"k\"\nmerchant_id = \"M\"\nwebhook_secret = \"w\"\nwebhook_listen = \"127.0.0.1:http2\"\n", 0o600, "no valid port number"},
		{"no provider", "[till]\nstore_id = \"A\"\nterminal_id = \"B\"\n", 0o600, "no provider is configured"},
		{"printer with nothing", goodConfig + "\n[printer]\ntimeout = \"5s\"\n", 0o600, "[printer] needs exactly one of device, tcp and file (0 are set)"},
		{"printer with two", goodConfig + "\n[printer]\ndevice = \"/dev/usb/lp0\"\nfile = \"slips.bin\"\n", 0o600, "(2 are set)"},
		{"printer relative device", goodConfig + "\n[printer]\ndevice = \"usb/lp0\"\n", 0o600, "give the full path"},
		{"printer bad tcp", goodConfig + "\n[printer]\ntcp = \"10.0.0.5:port\"\n", 0o600, "[printer] tcp \"10.0.0.5:port\" is not host:port"},
		{"printer bad timeout", goodConfig + "\n[printer]\ntcp = \"10.0.0.5\"\ntimeout = \"soon\"\n", 0o600, "[printer] timeout"},
		{"printer unknown key", goodConfig + "\n[printer]\nusb = \"/dev/usb/lp0\"\n", 0o600, "unknown key \"printer.usb\""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tc.body, tc.mode), noEnv)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not say %q", err, tc.want)
			}
			if ce := (*Error)(nil); !errors.As(err, &ce) {
				t.Fatalf("%v is not a config error (exit 2)", err)
			}
		})
	}
}

func TestPrinterConfig(t *testing.T) {
	cfg, err := Load(writeConfig(t, goodConfig+"\n[printer]\ntcp = \"192.168.1.50\"\ntimeout = \"3s\"\n", 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if pc := cfg.Printer; pc == nil || pc.TCP != "192.168.1.50" || pc.timeout != 3*time.Second {
		t.Fatalf("printer = %+v", cfg.Printer)
	}
	cfg, err = Load(writeConfig(t, goodConfig+"\n[printer]\ndevice = \"/dev/usb/lp0\"\n", 0o600), noEnv)
	if err != nil || cfg.Printer.Device != "/dev/usb/lp0" || cfg.Printer.timeout != 10*time.Second {
		t.Fatalf("device printer: %+v %v", cfg.Printer, err)
	}
	if cfg, err = Load(writeConfig(t, goodConfig, 0o600), noEnv); err != nil || cfg.Printer != nil {
		t.Fatalf("no [printer] table: %+v %v", cfg.Printer, err)
	}
}

func TestSecretsFromEnvironment(t *testing.T) {
	body := strings.Replace(goodConfig, `api_key = "k3y"`, "", 1)
	env := func(k string) string {
		if k == "TILL_FLASH_API_KEY" {
			return "from-env"
		}
		return ""
	}
	// No secret in the file: a world-readable file is fine.
	cfg, err := Load(writeConfig(t, body, 0o644), env)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Flash.APIKey != "from-env" {
		t.Fatalf("api key %q", cfg.Flash.APIKey)
	}
	// The environment wins over the file.
	cfg, err = Load(writeConfig(t, goodConfig, 0o600), env)
	if err != nil || cfg.Flash.APIKey != "from-env" {
		t.Fatalf("env did not override: %v %q", err, cfg.Flash.APIKey)
	}
}

func TestFindConfigOrder(t *testing.T) {
	dir := t.TempDir()
	xdg := filepath.Join(dir, "xdg")
	os.MkdirAll(filepath.Join(xdg, "till"), 0o700)
	xdgFile := filepath.Join(xdg, "till", "config.toml")
	os.WriteFile(xdgFile, []byte(goodConfig), 0o600)
	envFile := filepath.Join(dir, "env.toml")
	os.WriteFile(envFile, []byte(goodConfig), 0o600)
	env := map[string]string{"XDG_CONFIG_HOME": xdg}
	get := func(k string) string { return env[k] }
	t.Chdir(dir)

	if p, _ := Find("", get); p != xdgFile {
		t.Fatalf("xdg: %q", p)
	}
	os.WriteFile(filepath.Join(dir, "till.toml"), []byte(goodConfig), 0o600)
	if p, _ := Find("", get); p != "till.toml" {
		t.Fatalf("./till.toml: %q", p)
	}
	env["TILL_CONFIG"] = envFile
	if p, _ := Find("", get); p != envFile {
		t.Fatalf("TILL_CONFIG: %q", p)
	}
	if p, _ := Find(xdgFile, get); p != xdgFile {
		t.Fatalf("--config: %q", p)
	}
	if _, err := Find(filepath.Join(dir, "missing.toml"), get); err == nil || !errors.As(err, new(*Error)) {
		t.Fatalf("missing --config file: %v", err)
	}
	os.Remove(filepath.Join(dir, "till.toml"))
	os.Remove(xdgFile)
	delete(env, "TILL_CONFIG")
	if p, err := Find("", get); p != "" || err != nil {
		t.Fatalf("nothing found should mean demo mode: %q %v", p, err)
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(goodConfig))
	f.Add([]byte("[till]\nstore_id = 1\n"))
	f.Add([]byte("[[flash]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, "fuzz.toml")
		if err != nil {
			return
		}
		_ = cfg.validate() // must not panic
	})
}

// TestConfigCashiersAndLimits checks [till] pin_attempts, lockout and
// idle_lock and the [limits] table: defaults, values and refusals.
func TestConfigCashiersAndLimits(t *testing.T) {
	cfg, err := Load(writeConfig(t, goodConfig, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.Limits.limits
	if cfg.Till.PINAttempts != 5 || cfg.Till.lockout != 15*time.Minute || cfg.Till.idleLock != 10*time.Minute ||
		l.MaxUnresolved != 10 || len(l.PerSale) != 0 || len(l.MaxUnresolvedValue) != 0 {
		t.Fatalf("defaults: %+v %+v", cfg.Till, l)
	}
	body := strings.Replace(goodConfig, "timezone", "pin_attempts = 3\nlockout = \"30m\"\nidle_lock = \"2m\"\ntimezone", 1) + `
[limits]
max_unresolved = 4
max_unresolved_value = ["ZAR 1500.00", "IDR 5000000"]
[limits.per_sale]
airtime = "ZAR 300.00"
pulsa = "idr 200000"
`
	cfg, err = Load(writeConfig(t, body, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	l = cfg.Limits.limits
	if cfg.Till.PINAttempts != 3 || cfg.Till.lockout != 30*time.Minute || cfg.Till.idleLock != 2*time.Minute || l.MaxUnresolved != 4 ||
		l.PerSale["airtime"].Minor != 30000 || l.PerSale["pulsa"].Minor != 200000 || l.PerSale["pulsa"].Currency != "IDR" ||
		len(l.MaxUnresolvedValue) != 2 || l.MaxUnresolvedValue[0].Minor != 150000 {
		t.Fatalf("values: %+v %+v", cfg.Till, l)
	}
	for _, tc := range []struct{ add, want string }{
		{"[limits.per_sale]\nairtim = \"ZAR 5.00\"", `"airtim" is not a kind of sale`},
		{"[limits.per_sale]\nairtime = \"500\"", `per_sale.airtime: "500" is not an amount like "ZAR 500.00"`},
		{"[limits.per_sale]\nairtime = \"ZAR 5.001\"", "per_sale.airtime"},
		{"[limits.per_sale]\nairtime = \"XXX 5\"", "unknown currency"},
		{"[limits]\nmax_unresolved = -1", "max_unresolved is -1"},
		{"[limits]\nmax_unresolved_value = [\"ZAR 1\", \"ZAR 2\"]", "names ZAR twice"},
		{"[limits]\nmax_unres = 3", `unknown key "limits.max_unres"`},
	} {
		_, err := Load(writeConfig(t, goodConfig+tc.add, 0o600), noEnv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.add, err, tc.want)
		}
	}
	for _, tc := range []struct{ line, want string }{
		{"pin_attempts = 2", "pin_attempts is 2"},
		{"lockout = \"10s\"", "lockout is 10s"},
		{"idle_lock = \"soon\"", "idle_lock: \"soon\" is not a duration"},
		{"idle_lock = \"48h\"", "idle_lock is 48h"},
	} {
		_, err := Load(writeConfig(t, strings.Replace(goodConfig, "timezone", tc.line+"\ntimezone", 1), 0o600), noEnv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.line, err, tc.want)
		}
	}
	if d := Demo(); d.Limits.limits.PerSale["airtime"].Minor != 20000 || d.Limits.limits.MaxUnresolved != 5 {
		t.Errorf("demo limits %+v", d.Limits.limits)
	}
}
