package cli

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// countingProxy stands in front of the sandbox and counts the requests on
// each path: the proof of what reached the provider.
func countingProxy(t *testing.T, base string) (string, func(suffix string) int) {
	t.Helper()
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path]++
		mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func(suffix string) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for p, c := range seen {
			if strings.HasSuffix(p, suffix) {
				n += c
			}
		}
		return n
	}
}

// TestCLIWaterCeiling: a water recharge of 99,999,999,999 GHS is refused
// before anything is sent — no recharge request reaches 1Flow, nothing is
// journaled — and no supervisor can pass it; above the default ceiling a
// supervisor is needed; within it, the sale goes through.
func TestCLIWaterCeiling(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base, requests := countingProxy(t, startSandbox(t))
	cfg := waterConfig(t, base, "GHS")
	const recharge = "/v1/access/partners/recharge"
	r := runTill(t, nil, "--config", cfg, "sell", "water", "--device", stuckMeter, "--amount", "99999999999")
	if r.code != exitUsage || !strings.Contains(r.stderr, "no override allows it") {
		t.Fatalf("exit %d, stderr %q; want refused", r.code, r.stderr)
	}
	if n := requests(recharge); n != 0 {
		t.Fatalf("%d recharge requests reached 1Flow", n)
	}
	if sales := journalSales(t, cfg); len(sales) != 0 {
		t.Fatalf("journaled: %+v", sales)
	}
	// Above the default ceiling (GHS 5 000), below the absolute one.
	r = runTill(t, nil, "--config", cfg, "sell", "water", "--device", stuckMeter, "--amount", "6000")
	if r.code != exitUsage || !strings.Contains(r.stderr, "per-sale limit of GHS 5,000.00") {
		t.Fatalf("exit %d, stderr %q; want over the per-sale limit", r.code, r.stderr)
	}
	if n := requests(recharge); n != 0 {
		t.Fatalf("%d recharge requests reached 1Flow", n)
	}
	// Within it: sent, once.
	r = runTill(t, nil, "--config", cfg, "sell", "water", "--device", stuckMeter, "--amount", "50")
	if r.code == exitUsage || requests(recharge) != 1 {
		t.Fatalf("GHS 50: exit %d, %d recharge requests: %s", r.code, requests(recharge), r.stderr)
	}
}
