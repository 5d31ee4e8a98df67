package sandbox

import (
	"os/exec"
	"strings"
	"testing"
)

// TestIndependentOfTheClients: the sandbox is the demo and the test bed of
// the provider clients, so it must be able to disagree with them. It
// imports none of them, directly or through another package, and keeps
// its own numbers and words (flash_tables.go, flowix_tables.go).
func TestIndependentOfTheClients(t *testing.T) {
	// go test puts its own toolchain's bin first on PATH.
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go tool to list the imports: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "till/providers/sandbox").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list found only %v", deps)
	}
	for _, d := range deps {
		for _, client := range []string{"flash", "flowix", "oneflow", "flutterwave", "mpesaflow"} {
			if d == "till/providers/"+client {
				t.Errorf("the sandbox depends on the %s client (%s)", client, d)
			}
		}
	}
}
