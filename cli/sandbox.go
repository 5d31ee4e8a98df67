package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"till/providers/sandbox"
)

// sandboxNumbers are the `till sandbox` flags that make its Flash number
// things differently from the till's assumed defaults, as a real Flash
// account may (docs/SANDBOX.md "Other numbers"):
//
//	--flash-product-types "airtime=11,giftvoucher=12,…"   productType per kind
//	--flash-codes "amount_out_of_range=2405,…"             responseCode per name
type sandboxNumbers struct {
	types, codes *string
}

func sandboxNumberFlags(fs *flag.FlagSet) sandboxNumbers {
	return sandboxNumbers{
		types: fs.String("flash-product-types", "", "renumber the Flash productTypes: `kind=N,...` (kinds: "+
			strings.Join(sandbox.FlashTypeNames(), ", ")+")"),
		codes: fs.String("flash-codes", "", "renumber the Flash responseCodes: `name=N,...` (names: docs/SANDBOX.md)"),
	}
}

// options parses and checks the flags into sandbox options.
func (n sandboxNumbers) options() (sandbox.Options, error) {
	var o sandbox.Options
	types, err := sandbox.ParseFlashNumbers(*n.types)
	if err != nil {
		return o, fmt.Errorf("--flash-product-types: %v", err)
	}
	codes64, err := sandbox.ParseFlashNumbers(*n.codes)
	if err != nil {
		return o, fmt.Errorf("--flash-codes: %v", err)
	}
	codes := map[string]int{}
	for k, v := range codes64 {
		if v > 1<<31-1 {
			return o, fmt.Errorf("--flash-codes: %s=%d is too large", k, v)
		}
		codes[k] = int(v)
	}
	if err := sandbox.CheckFlashNumbers(types, codes); err != nil {
		return o, err
	}
	if len(types) > 0 {
		o.FlashProductTypes = types
	}
	if len(codes) > 0 {
		o.FlashCodes = codes
	}
	return o, nil
}

// describe prints the renumbering, with the config a till needs to sell
// against it: [flash.product_types] for the types.
func (n sandboxNumbers) describe(w io.Writer) {
	o, err := n.options()
	if err != nil || (o.FlashProductTypes == nil && o.FlashCodes == nil) {
		return
	}
	if o.FlashProductTypes != nil {
		fmt.Fprintf(w, "  Flash productTypes renumbered: set [flash.product_types] to match (till doctor lists them):\n")
		for _, k := range slices.Sorted(maps.Keys(o.FlashProductTypes)) {
			fmt.Fprintf(w, "    %s = [%d]\n", k, o.FlashProductTypes[k])
		}
	}
	if o.FlashCodes != nil {
		fmt.Fprintf(w, "  Flash responseCodes renumbered: list the declines in [flash.response_codes] declined:\n")
		for _, k := range slices.Sorted(maps.Keys(o.FlashCodes)) {
			fmt.Fprintf(w, "    %s = %d\n", k, o.FlashCodes[k])
		}
	}
}

// checkLoopbackAddr refuses a listen address off this machine: the
// simulators hold demo credentials and must never face a network.
func checkLoopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%q is not a loopback address (use 127.0.0.1)", host)
	}
	return nil
}

// sandbox is `till sandbox`: the provider simulators on a real listener,
// until interrupted.
func (c *cli) sandbox(args []string) int {
	fs := c.flags("sandbox")
	addr := fs.String("addr", "127.0.0.1:8700", "listen `address` (loopback only)")
	state := fs.String("state", "", "keep the simulators' state in this JSON `file` across restarts")
	numbers := sandboxNumberFlags(fs) // sandbox.go
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if err := checkLoopbackAddr(*addr); err != nil {
		c.errorf("sandbox: --addr: %v", err)
		return exitUsage
	}
	opts, err := numbers.options()
	if err != nil {
		c.errorf("sandbox: %v", err)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(c.stderr, nil))
	opts.StatePath, opts.Logger = *state, log
	sb := sandbox.New(opts)
	base, err := sb.Start(*addr)
	if err != nil {
		c.errorf("sandbox: %v", err)
		return exitUsage
	}
	fmt.Fprintf(c.stdout, "sandbox listening on %s\n", base)
	fmt.Fprintf(c.stdout, "  [flash]       base_url = %q  api_key = %q  account_number = %q\n", base+sandbox.FlashPrefix, sandbox.FlashAPIKey, sandbox.FlashAccount)
	fmt.Fprintf(c.stdout, "  [oneflow]     base_url = %q  client_id = %q  client_secret = %q\n", base+sandbox.OneFlowPrefix, sandbox.OneFlowClientID, sandbox.OneFlowClientSecret)
	fmt.Fprintf(c.stdout, "  [flowix]      base_url = %q  api_key = %q  merchant_id = %q  webhook_secret = %q\n", base+sandbox.FlowixPrefix, sandbox.FlowixAPIKey, sandbox.FlowixMerchantID, sandbox.FlowixWebhookSecret)
	fmt.Fprintf(c.stdout, "  [flutterwave] base_url = %q  secret_key = %q\n", base+sandbox.FlutterwavePrefix, sandbox.FlutterwaveSecretKey)
	fmt.Fprintf(c.stdout, "  [mpesaflow]   base_url = %q  api_key = %q\n", base+sandbox.MpesaFlowPrefix, sandbox.MpesaFlowAPIKey)
	numbers.describe(c.stdout)
	fmt.Fprintf(c.stdout, "  fault triggers and demo data: docs/SANDBOX.md\n")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	if err := sb.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		c.errorf("sandbox: %v", err)
	}
	return exitOK
}
