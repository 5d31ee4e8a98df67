package cli

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runIn runs the till in-process with no config and returns its exit code
// and output.
func runIn(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, func(k string) string {
		switch k {
		case "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME":
			return dir
		}
		return ""
	})
	return code, out.String(), errb.String()
}

// helpPaths walks the command table (usageText) and returns every command
// and subcommand it names, alternatives spelled out.
func helpPaths(t *testing.T) [][]string {
	t.Helper()
	var paths [][]string
	seen := map[string]bool{}
	add := func(p ...string) {
		if k := strings.Join(p, " "); !seen[k] {
			seen[k] = true
			paths = append(paths, p)
		}
	}
	for _, e := range usageEntries(nil) {
		for _, cmd := range strings.Split(e.words[0], "|") {
			add(cmd)
			if len(e.words) > 1 {
				for _, sub := range strings.Split(e.words[1], "|") {
					add(cmd, sub)
				}
			}
		}
	}
	if len(paths) < 30 {
		t.Fatalf("the command table names only %d commands: %v", len(paths), paths)
	}
	return paths
}

// TestHelpAtEveryLevel: --help and -h print on stdout and exit 0 for the
// root, every command and every subcommand of the command table, and the
// help names the command.
func TestHelpAtEveryLevel(t *testing.T) {
	for _, flag := range []string{"--help", "-h"} {
		code, out, errs := runIn(t, flag)
		if code != exitOK || !strings.Contains(out, "Commands:") || errs != "" {
			t.Errorf("till %s: exit %d, stdout %q, stderr %q", flag, code, clipOut(out), errs)
		}
	}
	for _, p := range helpPaths(t) {
		for _, flag := range []string{"--help", "-h"} {
			args := append(append([]string{}, p...), flag)
			code, out, errs := runIn(t, args...)
			name := "till " + strings.Join(p, " ")
			if code != exitOK || errs != "" {
				t.Errorf("%s %s: exit %d, stderr %q", name, flag, code, errs)
				continue
			}
			if !strings.HasPrefix(out, "Usage:\n") || !strings.Contains(out, "till "+p[0]) || !strings.Contains(out, p[len(p)-1]) {
				t.Errorf("%s %s: stdout does not name the command:\n%s", name, flag, out)
			}
		}
	}
	// `till help CMD` says the same as `till CMD --help`.
	if code, out, _ := runIn(t, "help", "journal"); code != exitOK || !strings.Contains(out, "till journal show") {
		t.Errorf("till help journal: exit %d\n%s", code, out)
	}
	if code, out, _ := runIn(t, "help", "sell", "airtime"); code != exitOK || !strings.Contains(out, "-mobile number") {
		t.Errorf("till help sell airtime: exit %d\n%s", code, out)
	}
	if code, _, errs := runIn(t, "help", "nope"); code != exitUsage || !strings.Contains(errs, "no command") {
		t.Errorf("till help nope: exit %d %q", code, errs)
	}
}

// TestHelpListsFlags: a command's help lists its flags.
func TestHelpListsFlags(t *testing.T) {
	code, out, _ := runIn(t, "sell", "airtime", "--help")
	if code != exitOK || !strings.Contains(out, "-mobile number") || !strings.Contains(out, "-amount") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// TestFlagGivenTwice: a flag given twice is refused with exit 2 before
// anything is opened or sent, at the root and in a command.
func TestFlagGivenTwice(t *testing.T) {
	for _, args := range [][]string{
		{"--demo", "sell", "airtime", "--mobile", "0821234567", "--mobile", "0831234567", "--amount", "20"},
		{"--demo", "sell", "airtime", "--mobile", "0821234567", "--amount", "20", "--amount", "200"},
		{"--demo", "sell", "airtime", "--json", "--json", "--mobile", "0821234567", "--amount", "20"},
		{"--demo", "journal", "list", "--day", "2026-01-01", "--day=2026-01-02"},
		{"--demo", "reprint", "--mobile", "0821234567", "--mobile", "0831234567"},
		{"--demo", "supervise", "--note", "a", "--note", "b", "--by", "x", "--delivered", "REF-1"},
		{"--demo", "cashout", "lookup", "--serial", "1", "--serial", "2"},
		{"--config", "a.toml", "--config", "b.toml", "verify"},
	} {
		code, out, errs := runIn(t, args...)
		if code != exitUsage || !strings.Contains(errs, "was already given") || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, clipOut(out), errs)
		}
	}
}

// TestSignedMobileRefused: `--mobile -27821234567` is refused, not sold to
// 27821234567.
func TestSignedMobileRefused(t *testing.T) {
	for _, m := range []string{"-27821234567", "+-27821234567", "082123456x", "082123456"} {
		code, out, errs := runIn(t, "--demo", "sell", "airtime", "--mobile", m, "--amount", "20")
		if code != exitUsage || out != "" || !strings.Contains(errs, "phone number") && !strings.Contains(errs, "mobile number") {
			t.Errorf("--mobile %s: exit %d, stdout %q, stderr %q", m, code, clipOut(out), errs)
		}
	}
}

func clipOut(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// TestVersionFromLdflags: the release build line sets the version and the
// commit, and --version prints them with the Go version, on stdout.
func TestVersionFromLdflags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "till")
	out, err := exec.Command("go", "build", "-ldflags", "-X main.version=9.8.7 -X main.commit=0123456789abcdef", "-o", bin, "till").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	got, err := exec.Command(bin, "--version").Output()
	want := "till 9.8.7 (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ", commit 0123456789abcdef)\n"
	if err != nil || string(got) != want {
		t.Fatalf("--version: %v %q, want %q", err, got, want)
	}
}
